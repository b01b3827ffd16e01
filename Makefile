# Safe Municipal (平安市政) — developer commands. `make demo` and `make test` run setup themselves.
SHELL := /bin/bash
PY ?= /usr/bin/python3
VENV := .venv
VPY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

APT_PACKAGES := python3-qgis qgis qgis-providers python3-gdal python3-geopandas python3-fiona \
	python3-pyproj python3-shapely python3-venv xvfb xauth fonts-noto-cjk qttools5-dev-tools \
	pyqt5-dev-tools poppler-utils gdal-bin sqlite3 imagemagick

.PHONY: setup test

setup: $(VENV)/.stamp

$(VENV)/.stamp: requirements-dev.txt
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  else echo "missing apt packages:$$missing (run make setup as root)"; exit 1; fi; fi
	$(PY) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install -q -r requirements-dev.txt
	touch $@

test: setup
	$(VPY) -m pytest -q tests
