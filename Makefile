# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)
# DuckDB 1.0, the oldest 1.x reader (BI drivers bundle older DuckDBs than ours): the tests open the
# published file with it. Its own venv, since one venv holds one duckdb.
OLD_READER := .venv-duckdb-1.0.0
# Debian's chromium and its chromedriver, for the report page's browser tests. Not version-pinned: Debian's
# archive keeps only the current security release, so a pinned version would soon stop installing.
CHROMEDRIVER := /usr/bin/chromedriver
# The report page's charting libraries (d3, Observable Plot), from the npm registry, exactly as package-lock.json pins them.
REPORT_JS := parwh/report/node_modules/.package-lock.json
# Debian's Tesseract and its Vietnamese data, for parwh ingest of images and scanned PDFs (found by the file the
# language package installs); DejaVu, a font with every Vietnamese letter, for the made-up test PDFs and images.
TESSERACT_VIE := /usr/share/tesseract-ocr/5/tessdata/vie.traineddata
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# uv installs the lock (constraints.txt) in seconds where pip takes a minute and a half. uv itself is pinned and
# comes from PyPI through pip, into a folder of its own. INSTALLER=pip (`make setup INSTALLER=pip`) installs
# the same lock with pip instead.
UV_VERSION := 0.13.9
UV := .uv/$(UV_VERSION)/bin/uv
INSTALLER ?= uv
# uv reads its own settings, not pip's: hand it the index pip is configured with, if any (a mirror).
PIP_INDEX := $(shell $(PYTHON) -m pip config get global.index-url 2>/dev/null)
ifneq ($(PIP_INDEX),)
export UV_INDEX_URL ?= $(PIP_INDEX)
endif
# The system's Python 3.11 only; never a download.
export UV_PYTHON_DOWNLOADS := never
# Bytecode: uv writes none, and these machines set PYTHONDONTWRITEBYTECODE, so every process would compile
# dbt, pandas and GX again (seconds per build, ingest and test). Under make, Python writes each module's bytecode
# when it first imports it: the first build and test run compile the ~3,000 modules they use (about 6 s), where
# `uv pip install --compile-bytecode` compiled all ~9,400 of the venv (about 12 s of a fresh `make build`).
unexport PYTHONDONTWRITEBYTECODE

# The set-up's parts install side by side (the Python packages while apt installs Tesseract: 8 s of a fresh
# `make build`). apt's parts wait for each other (order-only prerequisites below): apt holds one lock.
MAKEFLAGS += --jobs=4

.PHONY: build test lint setup clean

build: setup
	$(VENV)/bin/parwh build --stop-with-parent

test: lint $(OLD_READER)/.installed $(CHROMEDRIVER) $(DEJAVU)
	$(VENV)/bin/python -m pytest -q -n 2 --dist worksteal

# The linters, before the tests: ruff (rules in pyproject.toml's [tool.ruff]) and sqlfluff on the models and the
# singular data tests (tests/dbt), read as dbt compiles them (rules in .sqlfluff; dbt connects to an in-memory
# database, not a file). A finding fails `make test`; `make lint` runs them alone.
# Not macros/: its files (and the generic tests in tests/dbt/generic/, macros too) only define macros, which render
# to nothing on their own, and sqlfluff's dbt templater skips them ("Skipped file ... because it is a macro"). Their
# SQL is parsed inside the models that call them, but sqlfluff does not report findings in templated areas, so a
# macro's own SQL cannot be linted with these tools.
lint: setup
	$(VENV)/bin/ruff check parwh tests scripts
	PARWH_DUCKDB_PATH=:memory: $(VENV)/bin/sqlfluff lint models tests/dbt

setup: $(STAMP) $(REPORT_JS) $(TESSERACT_VIE)

# Re-install only when the pins change.
$(STAMP): pyproject.toml constraints.txt $(if $(filter uv,$(INSTALLER)),$(UV))
ifeq ($(INSTALLER),pip)
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip --version > /dev/null 2>&1 || $(VENV)/bin/python -m ensurepip --default-pip > /dev/null
	$(VENV)/bin/python -m pip install --quiet --upgrade "pip==24.3.1"
	$(VENV)/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
else
	test -x $(VENV)/bin/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(VENV)/bin/python -c constraints.txt -e ".[test]"
endif
	rm -f $(VENV)/.installed-*
	touch $@

$(REPORT_JS): parwh/report/package.json parwh/report/package-lock.json
	command -v npm > /dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm > /dev/null; }
	npm ci --prefix parwh/report --no-audit --no-fund --loglevel=error
	touch $@

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .uv/$(UV_VERSION) "uv==$(UV_VERSION)"

$(OLD_READER)/.installed: $(UV)
	test -x $(OLD_READER)/bin/python || $(UV) venv --quiet --python $(PYTHON) $(OLD_READER)
	$(UV) pip install --quiet --python $(OLD_READER)/bin/python "duckdb==1.0.0"
	touch $@

$(CHROMEDRIVER): | $(TESSERACT_VIE)
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null

$(TESSERACT_VIE): | $(REPORT_JS)
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie > /dev/null

$(DEJAVU): | $(CHROMEDRIVER)
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core > /dev/null

clean:
	rm -rf target logs warehouse/build warehouse/par_sipas.duckdb warehouse/exports warehouse/docs warehouse/report
