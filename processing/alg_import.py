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
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core import schema as S
from .base import store_parameter, tr
from .import_base import MODES, ImportAlgorithm


class ImportFacilitiesAlgorithm(ImportAlgorithm):
    KIND, FIELD_MAP, SOURCE_CRS = "KIND", "FIELD_MAP", "SOURCE_CRS"
    ENCODING, LAYER, REPAIR = "ENCODING", "LAYER", "REPAIR"

    def name(self):
        return "import_facilities"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Import facilities from a file")

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
        self.addParameter(store_parameter(self.STORE))
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
        self.add_mode_strict_report()
        self.addParameter(QgsProcessingParameterBoolean(
            self.REPAIR, tr("Repair invalid geometries"), defaultValue=False))
        for name, label in ((self.ENCODING, tr("Text encoding (e.g. GBK, UTF-8; default: .cpg or detected)")),
                            (self.LAYER, tr("Layer (a file of several layers)"))):
            p = QgsProcessingParameterString(name, label, optional=True)
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(p)
        self.add_report()
        self.add_count_outputs(tr("Rows read"))
        self.addOutput(QgsProcessingOutputNumber("UNCHANGED", tr("Rows unchanged")))
        self.addOutput(QgsProcessingOutputNumber("WRITTEN", tr("Store changed (1) or not (0)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.importer import import_facilities

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        kind = self.choice(parameters, self.KIND, context, S.FACILITY_KINDS)
        mode = self.choice(parameters, self.MODE, context, MODES)
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
        report_path = self.report_path(parameters, context)
        feedback.pushInfo(tr("Importing {path} into {kind}…").format(path=src, kind=kind))
        report = self.run_import(store_path, feedback, lambda store: import_facilities(
            store, src, kind, field_map=field_map, source_crs=source_crs, encoding=encoding, mode=mode,
            strict=strict, repair=repair, layer=layer, feedback=feedback))
        if report is None:
            return {}
        feedback.pushInfo(tr("Field map: {map}").format(map=json.dumps(report.field_map, ensure_ascii=False)))
        feedback.pushInfo(tr("Encoding: {enc}; CRS: {crs}").format(enc=report.encoding or "-", crs=report.crs or "-"))
        summary = self.publish(report, feedback, report_path)
        return {self.OUTPUT: report_path or None, "READ": report.read, "INSERTED": report.inserted_total,
                "UPDATED": report.updated_total, "UNCHANGED": sum(report.unchanged.values()),
                "REJECTED": len(report.rejected), "WRITTEN": int(report.written), "SUMMARY": summary}
