# PMO Pathways: `make run` and `make test` work on a fresh clone (Python >= 3.11 on the PATH).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
VENDOR    := src/pmopath/web/static/vendor
ASSETS    := $(VENDOR)/.installed
# The Tabler icons the pages use (MIT; outline set), copied one by one: never the whole set.
ICONS     := home map route clipboard-check checklist file-certificate bell users inbox settings \
             menu-2 logout target-arrow calendar-event user chart-bar arrow-right scale \
             heart-handshake presentation-analytics

.PHONY: run test test-fast lint typecheck contracts pytest chromium bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml $(ASSETS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(ASSETS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(RUN_STAMP)

# Front-end files come from the npm registry at build time (versions pinned in package.json and
# package-lock.json) and are served by the app itself: never a CDN.
$(ASSETS): package.json package-lock.json Makefile
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	mkdir -p $(VENDOR)/career-map
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/career-map/
	cp node_modules/cytoscape/LICENSE $(VENDOR)/career-map/LICENSE-cytoscape
	cp node_modules/elkjs/lib/elk.bundled.js $(VENDOR)/career-map/
	cp node_modules/elkjs/LICENSE.md $(VENDOR)/career-map/LICENSE-elkjs.md
	cp node_modules/cytoscape-elk/dist/cytoscape-elk.js $(VENDOR)/career-map/
	cp node_modules/cytoscape-elk/LICENSE $(VENDOR)/career-map/LICENSE-cytoscape-elk
	rm -rf $(VENDOR)/tabler-icons && mkdir -p $(VENDOR)/tabler-icons
	cp node_modules/@tabler/icons/LICENSE $(VENDOR)/tabler-icons/
	for icon in $(ICONS); do cp node_modules/@tabler/icons/icons/outline/$$icon.svg $(VENDOR)/tabler-icons/; done
	touch $@

## run: set up and start the web app on http://127.0.0.1:8000 (SQLite, demo organisation)
run: $(RUN_STAMP)
	$(BIN)/pmopath serve --demo

## test: set up and run every check: lint, format, types, layer contracts, the whole test suite
test: lint typecheck contracts pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

contracts: $(DEV_STAMP)
	$(BIN)/lint-imports

# The suite on every core (pytest-xdist): each worker builds its own template databases and
# apps; tests marked xdist_group run on one worker (loadgroup). PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= auto

pytest: $(DEV_STAMP) chromium
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

## test-fast: the unit layer only (no database, no browser), in one process: well under a minute
test-fast: $(DEV_STAMP)
	$(BIN)/pytest tests/unit

## chromium: the Debian packages the checks need: Chromium for the browser tests (never a browser
## download) and HarfBuzz's subsetter, which WeasyPrint warns about (the suite turns warnings into errors)
SYSTEM_PACKAGES := chromium libharfbuzz-subset0
chromium:
	@{ test -x /usr/bin/chromium && /sbin/ldconfig -p | grep -q libharfbuzz-subset; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -q && apt-get install -y -q $(SYSTEM_PACKAGES)) >/dev/null; \
	  else \
	    echo "Missing system packages: run 'sudo apt-get install -y $(SYSTEM_PACKAGES)'"; \
	  fi; }

## bench: the engine benchmark (figures, not pass/fail)
bench: $(RUN_STAMP)
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info src/*.egg-info
