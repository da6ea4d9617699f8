# Svidok developer tasks. Two commands matter: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
SHARED := ../shared
# uv on PATH, else the copy pip installed as a module.
UV = $(shell command -v uv >/dev/null 2>&1 && echo uv || echo "python3 -m uv")

.PHONY: setup demo test eval bench lint

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv
	$(UV) sync --python python3.11 --frozen --compile-bytecode
	@# imports read .pyc even where PYTHONDONTWRITEBYTECODE is set: compile ours too, once
	@$(BIN)/python -m compileall -q src >/dev/null

demo: setup
	$(BIN)/svidok demo

# The suite runs twice: on SQLite, then with every case on PostgreSQL (skipped with the reason when
# 127.0.0.1:5432 does not answer). pytest exits 5 when it collects no tests; that is not a failure.
test: setup
	@if $(BIN)/python -c "import xdist" 2>/dev/null; then args="-n 2"; else args=""; fi; \
	for backend in sqlite postgresql; do \
		echo "== test suite, cases on $$backend =="; \
		SVIDOK_TEST_DB=$$backend $(BIN)/pytest $$args; rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; \
		if [ $$rc -ne 0 ]; then exit $$rc; fi; \
	done

# Seeds against the shared gold: doc-level F1 >= 0.85 and at least 5 of the gold counts right.
eval: setup
	@if [ ! -f $(SHARED)/eval/score.py ]; then echo "$(SHARED)/eval/score.py not found; nothing to score"; exit 0; fi; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/svidok init "$$tmp/case" >/dev/null && \
	$(BIN)/svidok --case "$$tmp/case" add $(SHARED)/seeds && \
	$(BIN)/svidok --case "$$tmp/case" export --format json -o "$$tmp/export.json" || exit 1; \
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/gold/seeds.json "$$tmp/export.json" --min-f1 0.85 || exit 1; \
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/gold/seeds.json "$$tmp/export.json" --json | \
	$(BIN)/python -c "import json,sys; c=json.load(sys.stdin)['counts']; \
	print(f\"counts {c['correct']}/{c['gold_with_count']} (need 5)\"); sys.exit(0 if c['correct'] >= 5 else 1)"

bench: setup
	@if [ -f src/svidok/bench/__main__.py ] || [ -f src/svidok/bench.py ]; then \
		$(BIN)/python -m svidok.bench; else echo "no benchmark (svidok.bench) yet"; fi

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy --strict src/svidok/model src/svidok/services
