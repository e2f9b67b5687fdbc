# One-liners; `make help` lists them.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# pywb (the replay test's reference tool, run as commands) pins redis==2.10.6, which cannot share an
# environment with the cluster extra's redis>=5: it gets a venv of its own inside .venv.
PYWB    := $(VENV)/pywb
BENCH_DATA ?= ../shared/bench

.PHONY: help scrape test test-slow bench bench-crawl bench-archive demo lint clean

help:           ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/ —/'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

MAX_TIME ?= 1500
CONTACT ?=

scrape: $(STAMP)  ## crawl sites.toml into archive.db (MAX_TIME=1500 s; CONTACT=url-or-mailto for the User-Agent)
	$(BIN)/scraper crawl --sites sites.toml --db archive.db --max-time $(MAX_TIME) $(if $(CONTACT),--contact $(CONTACT))

demo: $(STAMP)  ## serve a generated news site on 127.0.0.1, crawl it into demo.db, print what was archived
	$(BIN)/python -m scraper.demo --db demo.db

$(PYWB)/bin/wayback: | $(BIN)/python
	$(PY) -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install --quiet --upgrade pip 'pywb>=2.8'

test: $(STAMP) $(PYWB)/bin/wayback  ## install into .venv and run the whole suite
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: $(STAMP) $(PYWB)/bin/wayback  ## the long tier (hundreds of kills, big chaos run)
	$(BIN)/python -m pytest -q -m slow

bench: $(STAMP)  ## parser quality and speed on $(BENCH_DATA), beside trafilatura and readability
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.parsers $(BENCH_DATA)

bench-crawl: $(STAMP)  ## 2,000 articles on 127.0.0.2-5: our crawler vs Scrapy+trafilatura, and an unchanged re-run
	$(BIN)/pip install --quiet -e '.[test,bench]' && $(BIN)/python -m bench.crawl

bench-archive: $(STAMP)  ## 100,000 generated articles: insert rate, bytes, FTS latency, export, reparse
	$(BIN)/python -m bench.archive

lint: $(STAMP)  ## ruff
	$(BIN)/pip install --quiet ruff && $(BIN)/ruff check scraper parsers tests bench

clean:  ## remove the venv and caches (never the archive)
	rm -rf $(VENV) .pytest_cache build *.egg-info
