"""The store (one schema, GeoPackage and PostGIS backends) and its QGIS layers, styles, relations and forms."""
