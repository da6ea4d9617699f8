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
	$(UV) sync --python python3.11 --frozen

demo: setup
	$(BIN)/svidok demo

# pytest exits 5 when it collects no tests; that is not a failure of the project.
test: setup
	@if $(BIN)/python -c "import xdist" 2>/dev/null; then args="-n 2"; else args=""; fi; \
	$(BIN)/pytest $$args; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

eval: setup
	@if [ ! -f $(SHARED)/eval/score.py ]; then echo "$(SHARED)/eval/score.py not found; nothing to score"; exit 0; fi; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/svidok init "$$tmp/case" >/dev/null && \
	$(BIN)/svidok --case "$$tmp/case" add $(SHARED)/seeds || exit 1; \
	if ! $(BIN)/svidok --help | grep -qw export; then echo "export command not available yet; skipping scoring"; exit 0; fi; \
	$(BIN)/svidok --case "$$tmp/case" export --format json -o "$$tmp/export.json" && \
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/gold/seeds.json "$$tmp/export.json" --min-f1 0.85

bench: setup
	@if [ -f src/svidok/bench/__main__.py ] || [ -f src/svidok/bench.py ]; then \
		$(BIN)/python -m svidok.bench; else echo "no benchmark (svidok.bench) yet"; fi

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy --strict src/svidok/model src/svidok/services
