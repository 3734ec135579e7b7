# Said & Done. `make html` sets everything up and builds the demo; `make test` runs every test.
PY ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
SAID_AND_DONE := PYTHONPATH=plugins $(PYTHON) -m said_and_done
PERMALINKS := PYTHONPATH=plugins $(PYTHON) -m permalinks
OUTPUTDIR := output
PORT ?= 8000

.PHONY: help html check urls serve preview publish test clean setup system-deps bench

help:
	@echo "make html     set up (first time) and build the demo site into $(OUTPUTDIR)/"
	@echo "make check    validate every record and write-up without building"
	@echo "make urls     build, then add new page addresses to data/published-urls.txt (commit it)"
	@echo "make serve    build, then serve $(OUTPUTDIR)/ at http://127.0.0.1:$(PORT)/"
	@echo "make preview  the same, and build again each time a record, write-up or template is saved"
	@echo "make publish  build with publishconf.py (public address) into $(OUTPUTDIR)/"
	@echo "make test     run the whole test suite"
	@echo "make bench    build benchmark at 1,000 and 10,000 records (BENCH_SIZES=\"100000\" for more)"
	@echo "make clean    remove built output and caches"

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

html: $(STAMP)
	$(SAID_AND_DONE) build --settings pelicanconf.py --output $(OUTPUTDIR)

check: $(STAMP)
	$(SAID_AND_DONE) check --settings pelicanconf.py

# Adds the built site's new addresses to the manifest; never removes one. Commit the result.
urls: html
	$(PERMALINKS) record --settings pelicanconf.py --output $(OUTPUTDIR)

serve: html
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUTDIR)

preview: $(STAMP)
	$(SAID_AND_DONE) preview --settings pelicanconf.py --output $(OUTPUTDIR) --port $(PORT)

publish: $(STAMP)
	$(SAID_AND_DONE) build --settings publishconf.py --output $(OUTPUTDIR)

# Browser tests need Debian's chromium and a Java runtime (for the Nu HTML checker).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; \
	  else \
	    echo "make test needs Debian's chromium and a Java runtime: sudo apt-get install chromium default-jre-headless" >&2; exit 1; \
	  fi; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) system-deps node_modules/.installed
	$(PYTHON) -m pytest

BENCH_SIZES ?= 1000 10000
bench: $(STAMP)
	$(PYTHON) bench/build.py $(BENCH_SIZES)

clean:
# $(OUTPUTDIR) is a symlink to the build folder beside it: remove both, and the record and lock (.$(OUTPUTDIR).*).
	rm -rf $(OUTPUTDIR) .$(OUTPUTDIR).* .search-pages-* cache .pytest_cache
