# One-liners; `make help` lists them.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
# One .venv, three installs, each with its stamp: `make scrape` (and demo, lint) needs only the core,
# no test, export or serve extras; `make serve` adds Datasette and its plugins; `make test` adds the test
# extra (serve, export, cluster, pytest, Playwright) and, as root on Debian, Chromium for the browser test.
CORE    := $(VENV)/.installed-core
SERVE   := $(VENV)/.installed-serve
TESTING := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium
# pywb (the replay test's reference tool, run as commands) pins redis==2.10.6, which cannot share an
# environment with the cluster extra's redis>=5: it gets a venv of its own inside .venv.
PYWB    := $(VENV)/pywb
BENCH_DATA ?= ../shared/bench

.PHONY: help scrape serve test test-slow chromium redis-server bench bench-crawl bench-cluster bench-archive demo lint clean

help:           ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/ —/'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(SERVE): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[serve]'
	touch $@

$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

MAX_TIME ?= 1500
CONTACT ?=

scrape: $(CORE)  ## crawl sites.toml into archive.db (MAX_TIME=1500 s; CONTACT=url-or-mailto for the User-Agent)
	$(BIN)/scraper crawl --sites sites.toml --db archive.db --max-time $(MAX_TIME) $(if $(CONTACT),--contact $(CONTACT))

demo: $(CORE)  ## serve a generated news site on 127.0.0.1, crawl it into demo.db, print what was archived
	$(BIN)/python -m scraper.demo --db demo.db

DB   ?= archive.db
PORT ?= 8001

serve: $(SERVE)  ## browse the archive in Datasette: articles, search, charts (DB=archive.db PORT=8001)
	$(BIN)/scraper serve --db $(DB) --port $(PORT)

chromium:  ## Debian's Chromium for the browser test: installed when missing, if run as root on Debian
	@if [ ! -x $(CHROMIUM) ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "make: installing Debian's chromium for the browser test"; \
	        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	            || echo "make: could not install chromium; the browser tests will be skipped" >&2; \
	    else \
	        echo "make: no $(CHROMIUM); the browser tests will be skipped (sudo apt-get install chromium)" >&2; \
	    fi; \
	fi

redis-server:  ## Debian's redis-server for the cluster tests (they start their own): installed when missing, as root
	@if ! command -v redis-server >/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "make: installing Debian's redis-server for the cluster tests"; \
	        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } \
	            || echo "make: could not install redis-server; the cluster tests will be skipped" >&2; \
	    else \
	        echo "make: no redis-server; the cluster tests will be skipped (sudo apt-get install redis-server)" >&2; \
	    fi; \
	fi

$(PYWB)/bin/wayback: | $(BIN)/python
	$(PY) -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install --quiet --upgrade pip 'pywb>=2.8'

# Two pytest-xdist workers: the long tests mostly wait on real time (kill loops, politeness delays, slow
# servers), so two of them overlap well even on two cores; worksteal keeps the long ones from queueing
# behind each other at the end.
test: $(TESTING) $(PYWB)/bin/wayback chromium redis-server  ## install into .venv and run the whole suite
	$(BIN)/python -m pytest -q -m "not slow" -n 2 --dist worksteal

test-slow: $(TESTING) $(PYWB)/bin/wayback redis-server  ## the long tier (hundreds of kills, big chaos run)
	$(BIN)/python -m pytest -q -m slow

bench: $(TESTING)  ## parser quality and speed on $(BENCH_DATA), beside trafilatura and readability
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.parsers $(BENCH_DATA) --repeat 3

bench-crawl: $(TESTING)  ## 2,000 articles on 127.0.0.2-5: our crawler vs Scrapy+trafilatura, and an unchanged re-run
	$(BIN)/pip install --quiet -e '.[test,bench]' && $(BIN)/python -m bench.crawl

bench-cluster: $(TESTING) redis-server  ## 2,000 articles on 127.0.0.2-5: one machine vs 1 and 3 RQ workers; Dask reparse on 1 and 2 workers; a killed worker's recovery
	$(BIN)/python -m bench.cluster

bench-archive: $(TESTING)  ## 100,000 generated articles: insert rate, bytes, FTS latency, export, reparse
	$(BIN)/python -m bench.archive

lint: $(CORE)  ## ruff
	$(BIN)/pip install --quiet ruff && $(BIN)/ruff check scraper parsers tests bench

clean:  ## remove the venv and caches (never the archive)
	rm -rf $(VENV) .pytest_cache build *.egg-info
