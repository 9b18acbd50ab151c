# rfp-assistant: set-up, demo and checks. Needs only Python 3.11+ and make.
#   make demo   set everything up, then fill the bundled sample RFPs (Excel, Word, a response document)
#               and write the exhibits
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
	$(BIN)/rfp-assistant fill samples/cobalt_bay_medical_rfp.docx \
		--library answer_library --account samples/cobalt_bay_account.yaml \
		--output $(OUT)/cobalt_bay_answered.docx --force
	$(BIN)/rfp-assistant fill samples/harbor_point_medical_rfp.xlsx \
		--library answer_library --account samples/harbor_point_account.yaml \
		--template default --output $(OUT)/harbor_point_response.docx --force
	$(BIN)/rfp-assistant project samples/harbor_point_account.yaml --census samples/harbor_point_medical_rfp.xlsx \
		--library answer_library --output-dir $(OUT)/exhibits > /dev/null
	@echo "Outputs are in $(OUT)/: harbor_point_answered.xlsx, cobalt_bay_answered.docx, harbor_point_response.docx (each with its .review.xlsx), exhibits/"

test: setup
	$(BIN)/ruff check rfp_assistant tests benchmarks samples
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not model"

lint: setup
	$(BIN)/ruff check rfp_assistant tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_docx.py

calibrate: setup
	$(BIN)/python benchmarks/calibrate.py

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache
