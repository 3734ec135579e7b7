# Said & Done. `make html` sets everything up and builds the demo; `make test` runs every test.
PY ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
SAID_AND_DONE := PYTHONPATH=plugins $(PYTHON) -m said_and_done
PERMALINKS := PYTHONPATH=plugins $(PYTHON) -m permalinks
OWNERS := PYTHONPATH=plugins $(PYTHON) -m owners
OUTPUTDIR := output
PORT ?= 8000
# Deploying by hand, as pelican-quickstart's Makefile does: set these here or on the
# command line (make rsync_upload SSH_HOST=web.example.gov.uk ...). Each target refuses
# to run without the ones it needs. The workflows in .github/ deploy without them.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?=
SSH_TARGET_DIR ?=
S3_BUCKET ?=
GITHUB_PAGES_BRANCH ?= gh-pages
# make check CHECK_FORMAT=github prints each problem as a GitHub annotation (json: for programs).
CHECK_FORMAT ?= text

.PHONY: help new new-outcome new-action actions-export actions-import editor-schema edit html check urls owners takedown serve preview publish linkcheck rsync_upload s3_upload github require-ssh require-s3 test clean setup system-deps bench bench-peer

help:
	@echo "make html     set up (first time) and build the demo site into $(OUTPUTDIR)/"
	@echo "make check    validate every record and write-up without building"
	@echo "make new      write a new consultation record: asks for each field in turn"
	@echo "make new-outcome ID=2026-some-id  the write-up of a consultation's results (and its outcome block)"
	@echo "make new-action ID=2026-some-id   add a \"we will\" action to a consultation's outcome"
	@echo "make actions-export  every \"we will\" action in $(ACTIONS_CSV), a spreadsheet (ORGANISATION=slug, OVERDUE=1 for fewer)"
	@echo "make actions-import FILE=actions.csv  put the sheet's changed statuses, dates and notes back into the records"
	@echo "make editor-schema  update the list of slugs your editor offers as you type (commit it)"
	@echo "make urls     build, then add new page addresses to data/published-urls.txt (commit it)"
	@echo "make owners   write .github/CODEOWNERS and .gitlab/CODEOWNERS from the organisations' owners (commit them)"
	@echo "make takedown TEXT=\"Jane Smith\"  list every place TEXT is published, and every commit holding it"
	@echo "make serve    build, then serve $(OUTPUTDIR)/ at http://127.0.0.1:$(PORT)/"
	@echo "make preview  the same, and build again each time a record, write-up or template is saved"
	@echo "make edit     the preview with the browser editor at http://127.0.0.1:$(PORT)/admin/, saving into this folder"
	@echo "make publish  build with publishconf.py (public address) into $(OUTPUTDIR)/"
	@echo "make linkcheck  serve the built $(OUTPUTDIR)/ locally and check every link and anchor in it"
	@echo "make rsync_upload  publish, then copy $(OUTPUTDIR)/ to SSH_USER@SSH_HOST:SSH_TARGET_DIR"
	@echo "make s3_upload  publish, then sync $(OUTPUTDIR)/ to the S3_BUCKET website (HOSTING = \"s3\")"
	@echo "make github   publish, then push $(OUTPUTDIR)/ to the GITHUB_PAGES_BRANCH branch (ghp-import)"
	@echo "make test     run the whole test suite"
	@echo "make bench    build benchmark at 1,000 and 10,000 records (BENCH_SIZES=\"100000\" for more)"
	@echo "make bench-peer  the same records built by Said & Done and by Hugo + Pagefind, timed in one run (PEER_SIZES)"
	@echo "make clean    remove built output and caches"

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

html: $(STAMP) editor-schema
	$(SAID_AND_DONE) build --settings pelicanconf.py --output $(OUTPUTDIR)

check: $(STAMP)
	$(SAID_AND_DONE) check --settings pelicanconf.py --format $(CHECK_FORMAT)

# Records without YAML: each asks its questions in the terminal, and never writes over a file.
# ID reaches the command through the environment, so quotes or $ in it are never run by the shell.
new: $(STAMP)
	$(SAID_AND_DONE) new consultation --settings pelicanconf.py

new-outcome: $(STAMP)
	@test -n "$$ID" || { echo 'usage: make new-outcome ID=the-consultation-id (its file name without .yaml)' >&2; exit 2; }
	$(SAID_AND_DONE) new outcome "$$ID" --settings pelicanconf.py

new-action: $(STAMP)
	@test -n "$$ID" || { echo 'usage: make new-action ID=the-consultation-id (its file name without .yaml)' >&2; exit 2; }
	$(SAID_AND_DONE) new action "$$ID" --settings pelicanconf.py

# "We will" actions in a spreadsheet and back (docs/staff-guide.md). The values reach the
# command through the environment, so quotes or $ in them are never run by the shell.
export ACTIONS_CSV ?= actions.csv
actions-export: $(STAMP)
	$(SAID_AND_DONE) actions export --settings pelicanconf.py --output "$$ACTIONS_CSV" \
		$${ORGANISATION:+--organisation "$$ORGANISATION"} $${OVERDUE:+--overdue}

actions-import: $(STAMP)
	@test -n "$$FILE" || { echo 'usage: make actions-import FILE=actions.csv (the sheet saved as CSV)' >&2; exit 2; }
	$(SAID_AND_DONE) actions import "$$FILE" --settings pelicanconf.py

# The slugs editors offer as you type (data/consultation.editor.schema.json): written again by
# make html and make preview when the reference data changed, never by the build itself, so a
# build changes nothing in the repository; make check warns when the committed copy is out of date.
editor-schema: $(STAMP)
	@$(SAID_AND_DONE) editor-schema --settings pelicanconf.py

# Who reviews what: each record to its lead organisation's owners. Commit the result.
owners: $(STAMP)
	$(OWNERS) write --settings pelicanconf.py

# Adds the built site's new addresses to the manifest; never removes one. Commit the result.
urls: html
	$(PERMALINKS) record --settings pelicanconf.py --output $(OUTPUTDIR)

# Reads the built site in $(OUTPUTDIR)/ as it is (build it first), the records and git; changes nothing.
# TEXT reaches the command through the environment, so quotes or $ in it are never run by the shell.
takedown: $(STAMP)
	@test -n "$$TEXT" || { echo 'usage: make takedown TEXT="the text to find" (see docs/takedown.md)' >&2; exit 2; }
	@$(SAID_AND_DONE) takedown "$$TEXT" --settings pelicanconf.py --output $(OUTPUTDIR)

serve: html
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUTDIR)

preview: $(STAMP) editor-schema
	$(SAID_AND_DONE) preview --settings pelicanconf.py --output $(OUTPUTDIR) --port $(PORT)

# The browser editor, offline: decap-server (Decap CMS's local backend) writes what staff
# save into this folder, and the preview builds again as each file lands. Only this machine
# can reach either (127.0.0.1). Ctrl+C stops both. See docs/browser-editor.md.
EDIT_PORT ?= 8081
edit: $(STAMP) node_modules/.installed editor-schema
	@echo "Open http://127.0.0.1:$(PORT)/admin/ and choose Login: saves go into $(CURDIR). Ctrl+C stops it."
	@BIND_HOST=127.0.0.1 PORT=$(EDIT_PORT) MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js & server=$$!; \
	trap 'kill $$server' EXIT INT TERM; \
	EDIT_PORT=$(EDIT_PORT) $(SAID_AND_DONE) preview --settings editconf.py --output $(OUTPUTDIR) --port $(PORT)

publish: $(STAMP)
	$(SAID_AND_DONE) build --settings publishconf.py --output $(OUTPUTDIR)

# Copies what output points at (-L: output is a link to the current build), checksums
# not dates (-c), and deletes on the server what the site no longer has.
rsync_upload: require-ssh publish
	rsync -e "ssh -p $(SSH_PORT)" -P -rvzcL --delete $(OUTPUTDIR)/ "$(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)"

s3_upload: require-s3 publish
	@test -f $(OUTPUTDIR)/_s3/website.json || { echo "make s3_upload needs HOSTING = \"s3\" in pelicanconf.py (it writes the bucket's website settings)" >&2; exit 2; }
	aws s3 sync $(OUTPUTDIR)/ "s3://$(S3_BUCKET)" --delete --exclude "_s3/*"
	aws s3api put-bucket-website --bucket "$(S3_BUCKET)" --website-configuration "file://$(OUTPUTDIR)/_s3/website.json"

# -n adds .nojekyll, so GitHub serves the site as built; -p pushes the branch.
github: publish
	@test -n "$(GITHUB_PAGES_BRANCH)" || { echo "make github needs GITHUB_PAGES_BRANCH (gh-pages is usual)" >&2; exit 2; }
	$(VENV)/bin/ghp-import -m "Publish the site" -b "$(GITHUB_PAGES_BRANCH)" -n -p $(OUTPUTDIR)

require-ssh:
	@test -n "$(SSH_HOST)" && test -n "$(SSH_USER)" && test -n "$(SSH_TARGET_DIR)" || { \
	  echo "make rsync_upload needs SSH_HOST, SSH_USER and SSH_TARGET_DIR: set them at the top of the Makefile or on the command line, e.g. make rsync_upload SSH_HOST=web.example.gov.uk SSH_USER=deploy SSH_TARGET_DIR=/var/www/consult" >&2; exit 2; }

require-s3:
	@test -n "$(S3_BUCKET)" || { echo "make s3_upload needs S3_BUCKET: set it at the top of the Makefile or on the command line, e.g. make s3_upload S3_BUCKET=consult-example-gov-uk" >&2; exit 2; }

# Checks the site already in $(OUTPUTDIR)/ (make html first: its addresses are relative,
# so every link can be followed on a local server). Other sites' links are not fetched.
LINKCHECK_PORT ?= 8765
linkcheck: $(STAMP)
	@test -f $(OUTPUTDIR)/index.html || { echo "No site in $(OUTPUTDIR)/: run make html first" >&2; exit 1; }
	@$(PYTHON) -m http.server $(LINKCHECK_PORT) --bind 127.0.0.1 --directory $(OUTPUTDIR) >/dev/null 2>&1 & server=$$!; \
	trap 'kill $$server' EXIT; \
	for i in $$(seq 100); do $(PYTHON) -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$(LINKCHECK_PORT)/')" 2>/dev/null && break; sleep 0.1; done; \
	$(VENV)/bin/linkchecker --no-status --no-warnings --ignore-url '^mailto:' --ignore-url '^tel:' http://127.0.0.1:$(LINKCHECK_PORT)/

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

# Needs Debian's hugo (apt-get install hugo); without it only Said & Done is measured.
PEER_SIZES ?= 1000 10000
# Sizes built by Said & Done alone in the same run: PEER_ALONE=100000 for the issue's 100,000 (about 30 minutes).
PEER_ALONE ?=
bench-peer: $(STAMP)
	$(PYTHON) bench/peer.py $(PEER_SIZES) $(if $(PEER_ALONE),--alone $(PEER_ALONE))

clean:
# $(OUTPUTDIR) is a symlink to the build folder beside it: remove both, and the record and lock (.$(OUTPUTDIR).*).
	rm -rf $(OUTPUTDIR) .$(OUTPUTDIR).* .search-pages-* cache .pytest_cache
