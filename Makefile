# Safe Municipal (平安市政) — developer commands.
# `make demo` and `make test` run `setup` themselves (apt packages when root, the venv, translations).
SHELL := /bin/bash
PY ?= /usr/bin/python3
VENV := .venv
VPY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

PLUGIN := safe_municipal
VERSION := $(shell sed -n 's/^version=//p' metadata.txt 2>/dev/null)
DEMO_DIR := demo-output
DEMO_SCALE ?= medium
DEMO_SEED ?= 1
QGIS_PROFILE_ROOT ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
DEPLOY_DIR := $(QGIS_PROFILE_ROOT)/python/plugins/$(PLUGIN)

APT_PACKAGES := python3-qgis qgis qgis-providers python3-gdal python3-geopandas python3-fiona \
	python3-pyproj python3-shapely python3-venv xvfb xauth fonts-noto-cjk qttools5-dev-tools \
	pyqt5-dev-tools poppler-utils gdal-bin sqlite3 imagemagick rsync zip \
	postgresql-15 postgresql-15-postgis-3 python3-psycopg2

TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: setup apt venv translations update-translations test test-unit test-pg test-qgis test-desktop demo run deploy package lint bench \
	screenshot clean

setup: apt $(VENV)/.stamp translations

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  else echo "Missing Debian packages:$$missing — run 'make setup' as root or install them."; exit 1; fi; fi

$(VENV)/.stamp: requirements-dev.txt
	$(PY) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(QM_FILES)

resources/i18n/%.qm: resources/i18n/%.ts
	lrelease -silent $< -qm $@

# After changing user-visible strings: refresh the .ts catalogue (then translate what it lists).
update-translations: $(VENV)/.stamp
	PY=$(VPY) scripts/update_translations.sh

test: setup
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(VPY) -m pytest -p no:qgis tests/unit
	SM_REQUIRE_PG=1 $(VPY) -m pytest -p no:qgis tests/pg
	SM_REQUIRE_PG=1 $(VPY) -m pytest tests/qgis
	$(VPY) -m pytest tests/desktop

test-unit: setup
	$(VPY) -m pytest -p no:qgis tests/unit

# The shared-store tests against a throwaway PostgreSQL/PostGIS cluster on a loopback port.
test-pg: setup
	SM_REQUIRE_PG=1 $(VPY) -m pytest -p no:qgis tests/pg

test-qgis: setup
	SM_REQUIRE_PG=1 $(VPY) -m pytest tests/qgis

test-desktop: setup
	$(VPY) -m pytest tests/desktop

demo: setup
	$(VPY) scripts/make_demo.py --out $(DEMO_DIR) --scale $(DEMO_SCALE) --seed $(DEMO_SEED)

# The QGIS desktop with the plugin (from this checkout) and the demo project, in a profile of its own.
run: demo
	$(VPY) scripts/desktop_screenshot.py --write-profile .build/qgis-profiles
	@if [ -z "$$DISPLAY" ]; then echo "No DISPLAY: starting under xvfb-run"; X=xvfb-run; fi; \
	env -u QT_QPA_PLATFORM $$X qgis --profiles-path .build/qgis-profiles --noversioncheck $(DEMO_DIR)/demo.qgz

deploy: translations
	mkdir -p $(DEPLOY_DIR)
	git ls-files -z | xargs -0 -I{} echo {} | grep -v -E '^(tests|benchmarks|\.ci|scripts|docs)/|^\.' \
	  | rsync -a --delete --files-from=- ./ $(DEPLOY_DIR)/
	cp $(QM_FILES) $(DEPLOY_DIR)/resources/i18n/
	qgis_process.bin plugins enable $(PLUGIN) >/dev/null 2>&1 || true
	@echo "Deployed to $(DEPLOY_DIR)"

package: translations
	@mkdir -p dist
	rm -f dist/$(PLUGIN)-$(VERSION).zip
	git archive --format=tar --prefix=$(PLUGIN)/ HEAD | tar -x -C dist
	mkdir -p dist/$(PLUGIN)/resources/i18n && cp $(QM_FILES) dist/$(PLUGIN)/resources/i18n/
	cd dist && zip -q -r $(PLUGIN)-$(VERSION).zip $(PLUGIN) && rm -rf $(PLUGIN)
	@echo "dist/$(PLUGIN)-$(VERSION).zip"

lint: setup
	$(VENV)/bin/ruff check .
	$(VPY) scripts/qt6_check.py .

bench: setup
	$(VPY) benchmarks/run_all.py

screenshot: demo
	$(VPY) scripts/desktop_screenshot.py --project $(DEMO_DIR)/demo.qgz --out docs/screenshot.png \
	  --locale zh-Hans --result .build/screenshot.json

clean:
	rm -rf .build dist $(DEMO_DIR) benchmarks/out $(QM_FILES)
