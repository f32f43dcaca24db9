# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)

.PHONY: build test setup clean

build: setup
	$(VENV)/bin/parwh build

test: setup
	$(VENV)/bin/python -m pytest -q

setup: $(STAMP)

# Re-install only when the pins change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade "pip==24.3.1"
	$(VENV)/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf target logs warehouse/build warehouse/par_sipas.duckdb
