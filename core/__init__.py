"""Pure-Python domain logic: no QGIS or Qt imports anywhere below this package."""
