# zhicheng: two commands.  `make demo` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/zhicheng

.PHONY: demo test test-postgres test-sqlite system-deps bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the suite needs: the browser for Playwright, CJK fonts for PDFs and
# screenshots, poppler for reading PDFs back.  Installed only where missing.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: $(STAMP)
	mkdir -p var
	$(BIN)/zhicheng migrate --noinput
	$(BIN)/zhicheng load-demo
	$(BIN)/zhicheng collectstatic --noinput --verbosity 0
	$(BIN)/zhicheng serve

# The whole suite on SQLite (the embedded default).  With DATABASE_URL set it runs on
# that database instead.
test: $(STAMP) system-deps
	$(BIN)/pytest

test-postgres: $(STAMP) system-deps
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_rules.py

clean:
	rm -rf $(VENV) var .pytest_cache
