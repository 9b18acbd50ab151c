# rfp-assistant: set-up, demo and checks. Needs only Python 3.11+ and make.
#   make demo   set everything up, then answer the bundled sample RFPs (Excel, Word, PDF, and a
#               response document), with the exhibits beside them
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

# Each sample is answered as of its RFP's release date, so the demo gives the same output on
# any day (answers whose entries are overdue for review on that date go to review).
demo: setup
	mkdir -p $(OUT)
	$(BIN)/rfp-assistant fill samples/harbor_point_medical_rfp.xlsx \
		--library answer_library --account samples/harbor_point_account.yaml \
		--output $(OUT)/harbor_point_answered.xlsx --as-of 2027-01-15 --force
	$(BIN)/rfp-assistant fill samples/ashgrove_health_medical_rfp.xlsx \
		--library answer_library --account samples/ashgrove_health_account.yaml \
		--output $(OUT)/ashgrove_answered.xlsx --as-of 2027-01-08 --fields --force
	$(BIN)/rfp-assistant fill samples/cobalt_bay_medical_rfp.docx \
		--library answer_library --account samples/cobalt_bay_account.yaml \
		--output $(OUT)/cobalt_bay_answered.docx --as-of 2027-01-15 --force
	$(BIN)/rfp-assistant fill samples/granite_ridge_medical_rfp.pdf \
		--library answer_library --account samples/granite_ridge_account.yaml \
		--output $(OUT)/granite_ridge_response.docx --as-of 2027-02-02 --force
	$(BIN)/rfp-assistant fill samples/harbor_point_medical_rfp.xlsx \
		--library answer_library --account samples/harbor_point_account.yaml \
		--template default --output $(OUT)/harbor_point_response.docx --as-of 2027-01-15 --force
	@echo "Outputs are in $(OUT)/: harbor_point_answered.xlsx (its Rate Exhibit filled, exhibits beside it)," \
		"ashgrove_answered.xlsx, cobalt_bay_answered.docx, granite_ridge_response.docx (from the PDF)," \
		"harbor_point_response.docx, each with its .review.xlsx"

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
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_match.py

# The second library's point comes from batches three to five; with the sixth and seventh
# (second_labels_calibration4/5.yaml) no point passes, so they only measure (SECOND_LIBRARY.md, steps 9-10).
calibrate: setup
	$(BIN)/rfp-assistant calibrate tests/data/match_labels.yaml --library answer_library
	$(BIN)/rfp-assistant calibrate tests/data/second_labels_calibration.yaml tests/data/second_labels_calibration2.yaml \
		tests/data/second_labels_calibration3.yaml --library tests/data/second_library
	$(BIN)/python benchmarks/calibrate.py --test

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache
