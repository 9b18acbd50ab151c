# rfp-assistant: set-up, demo and checks. Needs only Python 3.11+ and make.
#   make demo   set everything up, then fill the bundled sample RFP and write the exhibits
#   make test   set everything up, then run the test suite (what CI runs: .ci/run)
#   make test-fast   the suite without the tests that load the real embedding model

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: setup demo test test-fast lint bench calibrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	mkdir -p $(OUT)
	$(BIN)/rfp-assistant fill samples/harbor_point_medical_rfp.xlsx \
		--library answer_library --account samples/harbor_point_account.yaml \
		--output $(OUT)/harbor_point_answered.xlsx --force
	$(BIN)/rfp-assistant project samples/harbor_point_account.yaml --output-dir $(OUT)/exhibits > /dev/null
	@echo "Outputs are in $(OUT)/: harbor_point_answered.xlsx, harbor_point_answered.review.xlsx, exhibits/"

test: setup
	$(BIN)/ruff check rfp_assistant tests benchmarks samples
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not model"

lint: setup
	$(BIN)/ruff check rfp_assistant tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_match.py

calibrate: setup
	$(BIN)/rfp-assistant calibrate tests/data/match_labels.yaml --library answer_library
	$(BIN)/rfp-assistant calibrate tests/data/second_labels_dev.yaml --library tests/data/second_library
	$(BIN)/python benchmarks/calibrate.py --test

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache
