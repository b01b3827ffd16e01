"""safe_municipal:import_facilities — a survey file into a facility table of the store.

STORE (GeoPackage), INPUT (any file OGR reads: Shapefile, GeoJSON, GeoPackage, CSV with X/Y or WKT
columns, DXF, FileGDB — the ``.gdb`` folder's path typed in), KIND (the facility table), FIELD_MAP
(optional JSON ``{schema field: source field or "=constant"}`` completing the guess from Chinese and
English field names; ``x``/``y``/``wkt`` name a CSV's geometry columns), SOURCE_CRS (when the file has
none: never guessed), ENCODING (overrides a shapefile's ``.cpg`` and the GBK/UTF-8 detection), LAYER
(a file of several layers), MODE (append: a code already in the store is refused; update: the row
with that code is updated, new codes inserted), STRICT (any refused row: nothing written), REPAIR
(make invalid geometries valid, merge multi-part lines that join), OUTPUT (optional report, .csv or
.json). The work is ``layers.importer.import_facilities`` (docs/import.md).
"""
from __future__ import annotations

import json

from qgis.core import (
    QgsCoordinateReferenceSystem,
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
from .base import BaseAlgorithm, tr

MODES = ("append", "update")
#: Refused rows listed in the log (all of them are in the report file).
LOG_ROWS = 50


class ImportFacilitiesAlgorithm(BaseAlgorithm):
    STORE, INPUT, KIND, FIELD_MAP, SOURCE_CRS = "STORE", "INPUT", "KIND", "FIELD_MAP", "SOURCE_CRS"
    ENCODING, LAYER, MODE, STRICT, REPAIR, OUTPUT = "ENCODING", "LAYER", "MODE", "STRICT", "REPAIR", "OUTPUT"

    def name(self):
        return "import_facilities"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Import facilities from a file")

    def group(self):
        return tr("Import and export")

    def groupId(self):  # noqa: N802 - QGIS API
        return "import_export"

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Imports a surveyor's file (Shapefile, GeoJSON, GeoPackage, CSV with X/Y or WKT columns, DXF, "
                  "FileGDB) into one facility table of the store. Fields are matched by name (名称/name, "
                  "管径/diameter, 材质/material, 道路等级/class …); FIELD_MAP completes or corrects the match as "
                  "JSON, e.g. {\"diameter_mm\": \"DN\", \"usage\": \"=雨水\"} (= gives a constant; null drops a "
                  "field; x, y or wkt name a CSV's geometry columns). Values are normalised (钢筋混凝土 → "
                  "concrete, DN600 → 600). Coordinates are transformed to the store's CRS; a file without a CRS "
                  "needs SOURCE_CRS. A shapefile without .cpg has its encoding (UTF-8 or GBK/GB18030) detected; "
                  "ENCODING overrides. Every row is validated first (geometry type and validity, required "
                  "fields, value lists and ranges, duplicate codes, encoding) and the good rows are written in "
                  "one transaction; STRICT writes nothing if any row is refused. The report lists every refused "
                  "row with its reason.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFile(self.STORE, tr("Store file"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, tr("File to import"),
            fileFilter=tr("Vector files (*.shp *.geojson *.json *.gpkg *.csv *.txt *.dxf *.fgb *.gdb);;All files (*)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.KIND, tr("Facility kind"), options=list(S.FACILITY_KINDS), defaultValue="drain_pipe",
            usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterString(
            self.FIELD_MAP, tr("Field map (JSON, completes the guess)"), multiLine=True, optional=True))
        self.addParameter(QgsProcessingParameterCrs(
            self.SOURCE_CRS, tr("CRS of the file when it has none"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MODE, tr("Mode"), options=list(MODES), defaultValue="append", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.STRICT, tr("Strict: write nothing when any row is refused"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.REPAIR, tr("Repair invalid geometries"), defaultValue=False))
        for name, label in ((self.ENCODING, tr("Text encoding (e.g. GBK, UTF-8; default: .cpg or detected)")),
                            (self.LAYER, tr("Layer (a file of several layers)"))):
            p = QgsProcessingParameterString(name, label, optional=True)
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(p)
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Import report"), tr("CSV (*.csv);;JSON (*.json)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("READ", tr("Rows read")))
        self.addOutput(QgsProcessingOutputNumber("INSERTED", tr("Rows inserted")))
        self.addOutput(QgsProcessingOutputNumber("UPDATED", tr("Rows updated")))
        self.addOutput(QgsProcessingOutputNumber("UNCHANGED", tr("Rows unchanged")))
        self.addOutput(QgsProcessingOutputNumber("REJECTED", tr("Rows refused")))
        self.addOutput(QgsProcessingOutputNumber("WRITTEN", tr("Store changed (1) or not (0)")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    def _choice(self, parameters, name, context, allowed) -> str:
        value = self.parameterAsEnumString(parameters, name, context)
        if value not in allowed:
            raise self.fail(tr("{name}: {values} is not one of {allowed}").format(
                name=name, values=value, allowed=", ".join(allowed)))
        return value

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.gpkg import GpkgStore, StoreError
        from ..layers.importer import ImportCancelled, ImportSourceError, import_facilities

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        kind = self._choice(parameters, self.KIND, context, S.FACILITY_KINDS)
        mode = self._choice(parameters, self.MODE, context, MODES)
        strict = self.parameterAsBoolean(parameters, self.STRICT, context)
        repair = self.parameterAsBoolean(parameters, self.REPAIR, context)
        field_map = (self.parameterAsString(parameters, self.FIELD_MAP, context) or "").strip() or None
        encoding = (self.parameterAsString(parameters, self.ENCODING, context) or "").strip() or None
        layer = (self.parameterAsString(parameters, self.LAYER, context) or "").strip() or None
        source_crs = None
        if parameters.get(self.SOURCE_CRS):
            crs = self.parameterAsCrs(parameters, self.SOURCE_CRS, context)
            if crs.isValid():
                source_crs = crs.authid() or crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED)
        report_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context) \
            if parameters.get(self.OUTPUT) else ""
        if report_path and not report_path.lower().endswith((".csv", ".json")):
            raise self.fail(tr("{name}: the report file ends with .csv or .json ({path})").format(
                name=self.OUTPUT, path=report_path))
        try:
            store = GpkgStore.open(store_path, writable=True)
        except StoreError as e:
            raise self.fail(str(e)) from None
        try:
            feedback.pushInfo(tr("Importing {path} into {kind}…").format(path=src, kind=kind))
            try:
                report = import_facilities(store, src, kind, field_map=field_map, source_crs=source_crs,
                                           encoding=encoding, mode=mode, strict=strict, repair=repair, layer=layer,
                                           feedback=feedback)
            except ImportCancelled:
                feedback.pushInfo(tr("Import cancelled: nothing was written."))
                return {}
            except (ImportSourceError, ValueError, OSError, RuntimeError, StoreError) as e:
                raise self.fail(str(e)) from None
        finally:
            store.close()
        feedback.pushInfo(tr("Field map: {map}").format(map=json.dumps(report.field_map, ensure_ascii=False)))
        feedback.pushInfo(tr("Encoding: {enc}; CRS: {crs}").format(enc=report.encoding or "-", crs=report.crs or "-"))
        for w in report.warnings:
            feedback.pushWarning(w)
        for r in report.rejected[:LOG_ROWS]:
            feedback.reportError(tr("row {row}: {field} {reason}").format(
                row=r.source_row, field=r.field, reason=r.reason), False)
        if len(report.rejected) > LOG_ROWS:
            feedback.reportError(tr("… and {n} more refused rows (see the report).").format(
                n=len(report.rejected) - LOG_ROWS), False)
        feedback.pushInfo(report.summary())
        if report_path:
            report.write(report_path)
            feedback.pushInfo(tr("Report written to {path}").format(path=report_path))
        summary = {k: v for k, v in report.as_dict().items() if k != "rejected"}
        summary["rejected"] = len(report.rejected)
        return {self.OUTPUT: report_path or None, "READ": report.read, "INSERTED": report.inserted_total,
                "UPDATED": report.updated_total, "UNCHANGED": sum(report.unchanged.values()),
                "REJECTED": len(report.rejected), "WRITTEN": int(report.written),
                "SUMMARY": json.dumps(summary, ensure_ascii=False, sort_keys=True)}
