"""safe_municipal:import_osm — roads, bridges, tunnels and drains from an OpenStreetMap file.

STORE (GeoPackage), INPUT (.osm or .osm.pbf), KINDS (road, bridge, tunnel, drain_pipe; default
all), EXTENT (optional, any CRS: only ways meeting it, imported whole), DISTRICT (optional text
written into every row), MODE (append: a code already in the store is refused; update: rows of an
earlier import are refreshed by their OSM-W<id> codes), STRICT (any refused row: nothing written),
OUTPUT (optional report, .csv or .json). The work is ``layers.osm_import.import_osm``; the mapping
rules are ``core.osm`` (docs/osm.md).
"""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core import osm as O
from .base import store_parameter, tr
from .import_base import MODES, ImportAlgorithm


class ImportOsmAlgorithm(ImportAlgorithm):
    STORE, INPUT, KINDS, EXTENT, DISTRICT = "STORE", "INPUT", "KINDS", "EXTENT", "DISTRICT"
    MODE, STRICT, OUTPUT = "MODE", "STRICT", "OUTPUT"

    def name(self):
        return "import_osm"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Import OpenStreetMap")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Imports roads (highway=*, classed by CJJ 37: motorway/trunk expressway, primary arterial, "
                  "secondary secondary, tertiary/unclassified/residential/living_street branch, "
                  "service/pedestrian lane), bridges (bridge=*), tunnels (tunnel=*) and drains "
                  "(tunnel=culvert, waterway=drain/ditch) from an OpenStreetMap .osm or .osm.pbf file into the "
                  "store, transformed to the store's CRS. A bridge or tunnel on a road is imported as the "
                  "structure and as a road segment it carries. Codes are OSM-W<way id>: run again with MODE "
                  "update to refresh an earlier import. Footways, tracks, railways and streams are skipped. "
                  "The data stays under the ODbL: © OpenStreetMap contributors.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, tr("OpenStreetMap file (.osm, .osm.pbf)"),
            fileFilter=tr("OpenStreetMap (*.osm *.pbf)")))
        self.addParameter(QgsProcessingParameterEnum(
            self.KINDS, tr("Facility kinds"), options=list(O.KINDS), allowMultiple=True,
            defaultValue=list(O.KINDS), optional=True, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Only within this extent"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.DISTRICT, tr("District of every row"), optional=True))
        self.add_mode_strict_report()
        self.add_report()
        self.add_count_outputs(tr("Ways read"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.osm_import import import_osm

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        kinds = [k for k in self.parameterAsEnumStrings(parameters, self.KINDS, context)] or list(O.KINDS)
        unknown = sorted(set(kinds) - set(O.KINDS))
        if unknown:
            raise self.fail(tr("{name}: {values} is not one of {allowed}").format(
                name=self.KINDS, values=", ".join(unknown), allowed=", ".join(O.KINDS)))
        mode = self.choice(parameters, self.MODE, context, MODES)
        strict = self.parameterAsBoolean(parameters, self.STRICT, context)
        district = (self.parameterAsString(parameters, self.DISTRICT, context) or "").strip() or None
        report_path = self.report_path(parameters, context)

        def work(store):
            extent = None
            if parameters.get(self.EXTENT):
                crs = QgsCoordinateReferenceSystem(f"EPSG:{store.epsg}")
                rect = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
                if not rect.isNull() and not rect.isEmpty():
                    extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
            feedback.pushInfo(tr("Reading {path}…").format(path=src))
            return import_osm(store, src, kinds=kinds, extent=extent, district=district, mode=mode, strict=strict,
                              feedback=feedback)

        report = self.run_import(store_path, feedback, work)
        if report is None:
            return {}
        summary = self.publish(report, feedback, report_path)
        return {self.OUTPUT: report_path or None, "READ": report.read, "INSERTED": sum(report.inserted.values()),
                "UPDATED": sum(report.updated.values()), "REJECTED": len(report.rejected), "SUMMARY": summary}

    def rejection_text(self, r) -> str:
        return tr("{row} {table}: {field} {reason}").format(row=r.source_row, table=r.table, field=r.field,
                                                             reason=r.reason)
