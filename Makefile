# zhicheng: two commands.  `make demo` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/zhicheng

.PHONY: demo test test-postgres runtime-deps system-deps browser-checks compiled-rules bench clean
AXE := tests/browser/axe

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The rules engine compiled ahead of time beside its sources (compile_rules.py), again
# whenever one of them changes; the package refuses compiled modules older than their sources.
RULES_COMPILED := zhicheng/rules/compiled.json
$(RULES_COMPILED): $(STAMP) compile_rules.py $(wildcard zhicheng/rules/*.py)
	$(BIN)/python compile_rules.py

compiled-rules: $(RULES_COMPILED)

# Debian packages: CJK fonts and Pango for the PDFs the system renders; for the suite
# also the browser for Playwright and poppler for reading PDFs back.  Installed only
# where missing.
runtime-deps:
	@missing=""; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

system-deps: runtime-deps
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# axe-core, at the version pinned in its package.json, in a folder of the project's own:
# the browser tests inject it into every page they check.
$(AXE)/node_modules/axe-core/axe.min.js: $(AXE)/package.json $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund --silent
	touch $@

browser-checks: system-deps $(AXE)/node_modules/axe-core/axe.min.js

# The demo signs its audit checkpoints with a published key; production sets its own.
# Every process of the demo (loader, jobs, worker, server) runs as the demo, on its date.
demo: export AUDIT_ANCHOR_KEY ?= demo-only-audit-anchor-key-not-for-production
demo: export ZHICHENG_DEMO = 1
demo: $(STAMP) $(RULES_COMPILED) runtime-deps
	mkdir -p var
	$(BIN)/zhicheng migrate --noinput
	$(BIN)/zhicheng load-demo
	$(BIN)/zhicheng collectstatic --noinput --verbosity 0
	@# the periodic jobs (overdue corrections, audit checkpoints) run every 10 minutes beside
	@# the server, and the worker that renders long documents; all stop with it
	trap 'kill 0' EXIT; $(BIN)/zhicheng abandon-overdue --every 600 & $(BIN)/zhicheng audit checkpoint --every 600 & \
		$(BIN)/zhicheng db-worker --verbosity 0 & $(BIN)/zhicheng serve

# The whole suite on SQLite (the embedded default).  With DATABASE_URL set it runs on
# that database instead.
test: $(STAMP) $(RULES_COMPILED) browser-checks
	$(BIN)/pytest

test-postgres: $(STAMP) $(RULES_COMPILED) browser-checks
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

# The quick versions of every benchmark (bench/README.md has the full-size commands): the
# rules, then a small generated city on its own PostgreSQL database, the list pages and the
# closing day over HTTP against `zhicheng serve` on BENCH_PORT, the documents and `audit verify`.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zc_bench
bench: $(STAMP) $(RULES_COMPILED) runtime-deps
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/quick.py

clean:
	rm -rf $(VENV) var .pytest_cache build zhicheng/rules/*.so $(RULES_COMPILED)
