# ketlab: two commands do everything.
#   make reproduce   -> venv + install + reproduce every paper's claims and figures into results/
#   make test        -> venv + install + lint, type-check and the fast test suite
#   make docs        -> the documentation site into site/ (open site/index.html)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.ketlab-installed
OUT    ?= results
# extra `ketlab reproduce` options, e.g. REPRODUCE_ARGS="--workers 2" or
# REPRODUCE_ARGS="--scheduler tcp://host:8786 --resume" (docs/sweeps.md)
REPRODUCE_ARGS ?=
export MPLBACKEND ?= Agg

.PHONY: reproduce test test-all lint bench docs install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ketlab needs Python >= 3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

reproduce: $(STAMP)
	$(VENV)/bin/ketlab reproduce all --out $(OUT) $(REPRODUCE_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -m "not slow" -n 2 -q

test-all: lint
	$(PY) -m pytest -n 2 -q

$(VENV)/.ketlab-bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench: $(VENV)/.ketlab-bench
	$(PY) -m benchmarks.run

# the documentation site (mkdocs.yml): --strict turns every warning into an error; offline
$(VENV)/.ketlab-docs: $(STAMP)
	$(PY) -m pip install --quiet -e '.[docs]'
	@touch $@

docs: $(VENV)/.ketlab-docs
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
	@! grep -rlE 'src="https?://|href="https?://[^"]*\.(css|js)"' site --include='*.html' \
		|| { echo "site/ loads a script or stylesheet from the network (it must work offline)"; exit 1; }

clean:
	rm -rf $(VENV) $(OUT) site .pytest_cache .mypy_cache .ruff_cache
