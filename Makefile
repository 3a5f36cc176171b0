# Two entry points the README promises:
#   make run   installs stagewarden into .venv and checks this repository
#   make test  installs it with the test extras and runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
WHEELHOUSE := .wheelhouse

.PHONY: install run test wheelhouse bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/stagewarden check

# The end-to-end tests run the real pre-commit, which builds the hook's own virtualenv with
# pip. They point pip at this folder of wheels with no index, so the tests use no network.
wheelhouse: install
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) . setuptools wheel

test: install wheelhouse
	STAGEWARDEN_WHEELHOUSE=$(WHEELHOUSE) $(BIN)/python -m pytest

docs: install
	$(BIN)/python -m stagewarden.docsgen

bench: install
	$(BIN)/python -m pip install --quiet bandit ruff detect-secrets deptry
	$(BIN)/python bench/run.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/secrets_speed.py
	$(BIN)/python bench/dependencies.py

clean:
	rm -rf $(VENV) $(WHEELHOUSE) build *.egg-info
