# Two commands: `make demo` and `make test`. Everything else is a helper they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test lint constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt src/gongkai/search/backends/_fields.pyx | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[dev]'
	@touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "!!! npm is missing: the browser tests' accessibility checks need axe-core"; fi

demo: $(VENV)/.installed
	$(BIN)/gongkai demo

test: $(VENV)/.installed-dev node_modules/axe-core/axe.min.js
	$(BIN)/python tests/run.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(wildcard src tests bench)
	$(BIN)/ruff format --check $(wildcard src tests bench)
	$(BIN)/lint-imports

constraints: $(VENV)/.installed-dev
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^gongkai' > constraints.new
	@{ head -2 constraints.txt; cat constraints.new; } > constraints.txt && rm constraints.new

clean:
	rm -rf $(VENV) node_modules var
