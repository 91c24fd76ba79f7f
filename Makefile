# Rights, Climate & the SDGs: build the book and run the tests.
#   make book   set up .venv (Python 3.11) and build the book into _build/html/index.html
#   make test   set up .venv and run the test suite (pytest) and the linter (ruff)
# Helpers: make data (rebuild the data package), make releases (nbgrader releases), make locks
# (recompile requirements.txt and binder/requirements.txt with uv), make clean.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Python 3.11 is required (see runtime.txt and pyproject.toml).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
VENV_BIN := $(CURDIR)/$(VENV)/bin
# The stamp records that requirements.txt and pyproject.toml are installed; pip runs again only
# when one of them changes (or the venv is new).
VENV_STAMP := $(VENV)/.installed.stamp

# nbgrader needs alembic (and jupyter tools) on PATH, so every recipe sees the venv first.
export PATH := $(VENV_BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Everything the book is built from. If none of it changed since the last successful build,
# `make book` does nothing; otherwise jupyter-book rebuilds only changed pages and re-executes only
# notebooks whose code changed (execution cache in _build/.jupyter_cache).
PAGE_SOURCES := _config.yml _toc.yml references.bib \
	$(shell find book -type f -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)
# The execution cache is keyed on a notebook's code cells only. When the toolkit or the data tables
# change, cached outputs may be stale, so the cache and Sphinx's environment are dropped and every
# page is rebuilt.
EXEC_INPUTS := pyproject.toml \
	$(shell find rightsclimate datasets/data -type f -not -path '*/__pycache__/*' 2>/dev/null) \
	$(wildcard datasets/datapackage.json)
EXEC_STAMP := _build/.exec-inputs.stamp
BOOK_STAMP := _build/.book.stamp
BOOK_HTML := _build/html/index.html
# The book serves RequireJS, the widget manager and MathJax itself (bookext/offline_assets.py copies
# them from node_modules/); npm ci installs exactly package-lock.json, again only when it changes.
NODE_STAMP := node_modules/.package-lock.json
BOOK_EXT := $(wildcard bookext/*.py bookext/static/*)

# The locks are compiled by uv (pinned in requirements.txt) for the course's Python: 3.11.7 is the oldest
# patch release they must work on (some pins need >= 3.11.5). Existing pins are kept; to move them, run
# e.g. `make locks LOCK_FLAGS="--upgrade-package pandas"` (or LOCK_FLAGS=--upgrade for all), then `make test`.
LOCK_PYTHON := 3.11.7
LOCK_FLAGS ?=
UV_COMPILE = uv pip compile --quiet --python-version $(LOCK_PYTHON) --annotation-style line \
	--custom-compile-command "make locks" $(LOCK_FLAGS)

.PHONY: help book test lint data releases bundle venv locks clean

help:
	@echo "make book   build the book (_build/html/index.html)"
	@echo "make test   run the tests and ruff"
	@echo "make data   rebuild datasets/ from ../shared/datasets-raw"
	@echo "make releases  generate the nbgrader student versions (if courseops.release exists)"
	@echo "make bundle one zip per chapter for reusing instructors (_build/bundles; CHAPTERS=\"2 3\" for some)"
	@echo "make locks  recompile requirements.txt (full) and binder/requirements.txt (learners) with uv"
	@echo "make clean  remove _build"

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 not found: install python3.11" >&2; exit 1; }
	@if [ ! -x "$(VENV_BIN)/python" ]; then \
		"$(PYTHON)" -c 'import sys; v = sys.version_info[:2]; \
			v == (3, 11) or print(f"warning: Python {v[0]}.{v[1]} found; the course is pinned for 3.11", file=sys.stderr)'; \
		echo "Creating $(VENV) with $(PYTHON)"; \
		"$(PYTHON)" -m venv $(VENV); \
	fi
	$(VENV_BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

book: $(BOOK_STAMP)

# Rebuild when a source changed, or when the HTML output is missing.
$(BOOK_STAMP): $(VENV_STAMP) $(NODE_STAMP) $(EXEC_STAMP) $(PAGE_SOURCES) $(BOOK_EXT) $(if $(wildcard $(BOOK_HTML)),,FORCE)
	@# After a failed build, drop Sphinx's saved environment: an incremental build only re-checks
	@# changed pages, so it could pass with the warnings of the failed one still unfixed. Executed
	@# notebooks stay cached, so the next build does not re-run them.
	jupyter-book build . -W -n --keep-going || { rm -rf _build/.doctrees; exit 1; }
	@test -f $(BOOK_HTML)
	@touch $@
	@echo "Book: $(CURDIR)/$(BOOK_HTML)"

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (the book serves its scripts from npm packages)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(EXEC_STAMP): $(EXEC_INPUTS)
	rm -rf _build/.jupyter_cache _build/.doctrees
	@mkdir -p _build
	@touch $@

FORCE:

test: $(VENV_STAMP)
	ruff check .
	pytest -q -n auto

lint: $(VENV_STAMP)
	ruff check .

data: $(VENV_STAMP)
	python datasets/rebuild.py

# courseops finds the course from the folder it runs in (no fallback to exercises/), so run it there.
releases: $(VENV_STAMP)
	cd exercises && courseops release

# Chapter bundles (courseops.bundle): chapter page, assignment, its datasets, toolkit, licences, README.
CHAPTERS ?= $(patsubst book/chapters/%.ipynb,%,$(wildcard book/chapters/[0-9]*.ipynb))
bundle: $(VENV_STAMP)
	python -m courseops.bundle $(CHAPTERS) --out _build/bundles

# requirements.in -> requirements.txt (everything), then binder/requirements.in -> binder/requirements.txt
# (learners on Binder). The learner lock starts from the full lock's pins, so both hold the same versions
# (tests/test_requirements_locks.py checks it).
locks: $(VENV_STAMP)
	$(UV_COMPILE) requirements.in --output-file requirements.txt
	grep -v '^-e ' requirements.txt > binder/requirements.txt
	$(UV_COMPILE) binder/requirements.in --output-file binder/requirements.txt

clean:
	rm -rf _build
