"""Export, backup and restore as Processing algorithms (group *Import and export*).

- ``safe_municipal:export_table`` (STORE, TABLE, FILTER, OUTPUT, VALUE_LABELS; advanced CRS, APPEND):
  one store table to GeoPackage, Shapefile, GeoJSON, CSV or XLSX, chosen by the output's extension
  (``layers.export_layer``). FILTER is an SQL condition on the store table (the backend's SQL —
  SQLite's or PostgreSQL's — on the schema's field names, e.g. ``district = '西陵区' AND built_year < 1990``); the maintenance plan is
  ``status = 'planned' AND plan_ref = '<plan name>'`` on the ``maintenance`` table.
- ``safe_municipal:backup_store`` (STORE, OUTPUT ``.zip``): a consistent copy with its manifest,
  also while QGIS has the store open (``layers.backup``).
- ``safe_municipal:restore_store`` (INPUT ``.zip``, STORE, OVERWRITE): verify, migrate an older
  schema, then put the store in place (an existing one is kept as ``<name>.before-restore-….gpkg``).

Every STORE may be a PostGIS store reference: the export reads it through the store API, the backup
of a PostGIS store is a GeoPackage in the same zip, and a restore into PostGIS fills an empty store
(a new schema is created) — one holding rows is refused.
"""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core import schema as S
from .base import store_parameter, tr
from .import_base import ImportExportAlgorithm

TABLES = tuple(t.name for t in S.TABLES)


class ExportTableAlgorithm(ImportExportAlgorithm):
    STORE, TABLE, FILTER, OUTPUT, VALUE_LABELS, CRS, APPEND = (
        "STORE", "TABLE", "FILTER", "OUTPUT", "VALUE_LABELS", "CRS", "APPEND")

    def name(self):
        return "export_table"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Export a store table")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Writes one table of the store — a facility layer, records, the maintenance plan — with every "
                  "field to GeoPackage, Shapefile, GeoJSON, CSV or XLSX, as the output file's extension says. "
                  "Codes stay codes, so the file imports back unchanged; with 'Value labels' the value lists' "
                  "labels replace the codes, for reading and printing. Shapefiles are UTF-8 (with a .cpg) and "
                  "use short field names of at most 10 characters; GeoJSON is RFC 7946 (EPSG:4326, 7 decimals); "
                  "CSV (UTF-8 with BOM) and XLSX carry the geometry as WKT. FILTER is an SQL condition on the "
                  "table's fields, e.g. district = '西陵区' AND built_year < 1990; the planned works of a plan "
                  "are status = 'planned' AND plan_ref = '<plan name>' on the maintenance table. The file "
                  "appears whole or not at all.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterEnum(
            self.TABLE, tr("Table"), options=list(TABLES), defaultValue="road", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterString(
            self.FILTER, tr("Filter (SQL condition on the table's fields)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Output file"),
            tr("GeoPackage (*.gpkg);;ESRI Shapefile (*.shp);;GeoJSON (*.geojson);;CSV (*.csv);;Excel (*.xlsx)")))
        self.addParameter(QgsProcessingParameterBoolean(
            self.VALUE_LABELS, tr("Value labels instead of codes (for printing)"), defaultValue=False))
        crs = QgsProcessingParameterCrs(self.CRS, tr("Output CRS (default: the store's; GeoJSON: EPSG:4326)"),
                                        optional=True)
        append = QgsProcessingParameterBoolean(
            self.APPEND, tr("Add the layer to an existing GeoPackage"), defaultValue=False)
        for p in (crs, append):
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(p)
        self.addOutput(QgsProcessingOutputNumber("ROWS", tr("Rows written")))
        self.addOutput(QgsProcessingOutputString("FILES", tr("Files written (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.errors import StoreError
        from ..layers.export_layer import ExportCancelled, ExportError, export_table
        from ..layers.store_ref import open_store

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        table = self.parameterAsEnumString(parameters, self.TABLE, context)
        if table not in TABLES:
            raise self.fail(tr("Unknown table {table}; choose one of {tables}.").format(
                table=table, tables=", ".join(TABLES)))
        where = (self.parameterAsString(parameters, self.FILTER, context) or "").strip() or None
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        epsg = self._epsg(parameters, context)
        try:
            with open_store(store_path, writable=False) as store:
                res = export_table(store, table, out, where=where,
                                   value_labels=self.parameterAsBool(parameters, self.VALUE_LABELS, context),
                                   feedback=feedback, epsg=epsg,
                                   append=self.parameterAsBool(parameters, self.APPEND, context))
        except ExportCancelled as e:
            feedback.pushInfo(str(e))
            return {}
        except (ExportError, StoreError) as e:
            raise self.fail(str(e)) from None
        for w in res["warnings"]:
            feedback.pushWarning(w)
        feedback.pushInfo(tr("Wrote {n} rows of {table} to {path}.").format(n=res["rows"], table=table,
                                                                          path=res["path"]))
        return {self.OUTPUT: res["path"], "ROWS": res["rows"], "FILES": json.dumps(res["files"], ensure_ascii=False)}

    def _epsg(self, parameters, context):
        if parameters.get(self.CRS) in (None, ""):
            return None
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        if not crs.isValid():
            return None
        authid = crs.authid()
        if not authid.upper().startswith("EPSG:"):
            raise self.fail(tr("Output CRS: {crs} has no EPSG code; choose an EPSG CRS.").format(crs=authid))
        return int(authid.split(":")[1])


class BackupStoreAlgorithm(ImportExportAlgorithm):
    STORE, OUTPUT = "STORE", "OUTPUT"

    def name(self):
        return "backup_store"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Back up a store")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Writes a consistent copy of the whole store into a .zip, also while QGIS has the store open "
                  "(SQLite's online backup: one moment of the store, unsaved edits not included), with a manifest "
                  "holding the schema version, the time, and every table's row count and checksum. Restore it "
                  "with 'Restore a store', which checks all of them first. A PostGIS store is backed up the same "
                  "way: one moment of the shared store copied into a GeoPackage store inside the zip, which "
                  "restores as a GeoPackage or into an empty PostGIS store.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Backup file"), tr("Zip (*.zip)")))
        self.addOutput(QgsProcessingOutputString("TABLES", tr("Rows per table (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.backup import BackupError, backup_store

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            res = backup_store(store_path, out)
        except BackupError as e:
            raise self.fail(str(e)) from None
        feedback.pushInfo(tr("Backed up {n} rows (schema version {v}) to {path} ({size} bytes).").format(
            n=sum(res["tables"].values()), v=res["schema_version"], path=res["path"], size=res["size"]))
        return {self.OUTPUT: res["path"], "TABLES": json.dumps(res["tables"], sort_keys=True)}


class RestoreStoreAlgorithm(ImportExportAlgorithm):
    INPUT, STORE, OVERWRITE = "INPUT", "STORE", "OVERWRITE"

    def name(self):
        return "restore_store"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Restore a store")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Restores a backup written by 'Back up a store'. Every checksum of the backup is verified first; "
                  "a damaged or changed backup is refused and nothing is written. A backup of an older schema "
                  "version is upgraded, one of a newer version is refused. An existing store file is replaced "
                  "only with 'Overwrite', and is first kept beside it as <name>.before-restore-<time>.gpkg. "
                  "Close the store's project in QGIS before restoring over it. To restore into PostGIS, type a "
                  "PostGIS store reference (service=…, connection=…, host=… dbname=…, with schema=…) as the "
                  "store: a schema that does not exist yet is created, an existing one must be an empty store "
                  "— a PostGIS store holding rows is never overwritten.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("Backup file"), extension="zip"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.STORE, tr("Store to restore to (a GeoPackage file or a PostGIS reference)"), tr("GeoPackage (*.gpkg)")))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Overwrite an existing store (a safety copy is kept)"), defaultValue=False))
        self.addOutput(QgsProcessingOutputString("SAFETY_COPY", tr("Safety copy of the replaced store")))
        self.addOutput(QgsProcessingOutputNumber("SCHEMA_VERSION", tr("Schema version")))
        self.addOutput(QgsProcessingOutputString("TABLES", tr("Rows per table (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.backup import BackupError, restore_store
        from ..layers.store_ref import is_postgis

        backup = self.parameterAsFile(parameters, self.INPUT, context)
        raw = parameters.get(self.STORE)
        # a PostGIS reference typed into the box is taken as typed (a file destination gets .gpkg appended)
        out = raw.strip() if isinstance(raw, str) and is_postgis(raw) else \
            self.parameterAsFileOutput(parameters, self.STORE, context)
        try:
            res = restore_store(backup, out, overwrite=self.parameterAsBool(parameters, self.OVERWRITE, context))
        except BackupError as e:
            raise self.fail(str(e)) from None
        if res["migrated_from"] is not None:
            feedback.pushInfo(tr("Upgraded the store from schema version {old} to {new}.").format(
                old=res["migrated_from"], new=res["schema_version"]))
        if res["safety_copy"]:
            feedback.pushInfo(tr("The replaced store was kept as {path}.").format(path=res["safety_copy"]))
        feedback.pushInfo(tr("Restored {n} rows to {path}.").format(n=sum(res["tables"].values()), path=res["path"]))
        return {self.STORE: res["path"], "SAFETY_COPY": res["safety_copy"] or "",
                "SCHEMA_VERSION": res["schema_version"], "TABLES": json.dumps(res["tables"], sort_keys=True)}
