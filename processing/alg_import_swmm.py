"""safe_municipal:import_swmm — manholes, drain pipes, storage facilities and outfalls from an EPA SWMM 5
model.

STORE (GeoPackage), INPUT (.inp), SOURCE_CRS (the CRS of the model's coordinates: required, a SWMM file
has none and the import never guesses), USAGE (storm, sewage, combined: for pipes, manholes and
outfalls), MODE (append: a code already in the store is refused; update: rows with the same codes are
refreshed), STRICT (any refused row: nothing written), OUTPUT (optional report, .csv or .json). The work
is ``layers.swmm_import.import_swmm``; the mapping rules are ``core.swmm_rows`` (docs/swmm.md).
"""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
)

from ..core.swmm_rows import USAGES
from .base import store_parameter, tr
from .import_base import MODES, ImportAlgorithm


class ImportSwmmAlgorithm(ImportAlgorithm):
    STORE, INPUT, SOURCE_CRS, USAGE = "STORE", "INPUT", "SOURCE_CRS", "USAGE"
    MODE, STRICT, OUTPUT = "MODE", "STRICT", "OUTPUT"

    def name(self):
        return "import_swmm"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Import EPA SWMM model")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Imports an EPA SWMM 5 model (.inp) into the store: junctions and flow dividers become "
                  "manholes (depth = the node's full depth), conduits drain pipes (diameter from [XSECTIONS], "
                  "the hydraulic diameter 4A/P for other shapes; length; invert depths below the rim from the "
                  "offsets; geometry from [COORDINATES] and [VERTICES]), storage units storage facilities "
                  "(capacity = volume at full depth; polygon from [Polygons], else a square of the surface "
                  "area) and outfalls outfalls. Lengths in feet (CFS, GPM, MGD models) are converted to metres. "
                  "A SWMM file has no coordinate reference system: give SOURCE_CRS, the CRS its coordinates "
                  "are in; they are transformed to the store's CRS. Pumps, orifices, weirs, outlets and "
                  "subcatchments are counted, not imported. Codes are the SWMM names: run again with MODE "
                  "update to refresh an earlier import.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("SWMM input file (.inp)"), extension="inp"))
        # Optional for Processing so that an empty value gets this algorithm's own message, not a generic one.
        self.addParameter(QgsProcessingParameterCrs(
            self.SOURCE_CRS, tr("CRS of the model's coordinates (required)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.USAGE, tr("Usage of the network"), options=list(USAGES), defaultValue="storm",
            usesStaticStrings=True))
        self.add_mode_strict_report()
        self.add_report()
        self.add_count_outputs(tr("SWMM objects read"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from pathlib import Path

        from ..layers.swmm_import import import_swmm

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        crs = self.parameterAsCrs(parameters, self.SOURCE_CRS, context)
        if not crs.isValid():
            raise self.fail(tr("{name} has no coordinate reference system; give SOURCE_CRS.").format(
                name=Path(src).name))
        source_crs = crs.authid() if crs.authid().upper().startswith("EPSG:") else \
            crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL)
        usage = self.choice(parameters, self.USAGE, context, USAGES)
        mode = self.choice(parameters, self.MODE, context, MODES)
        strict = self.parameterAsBoolean(parameters, self.STRICT, context)
        report_path = self.report_path(parameters, context)
        feedback.pushInfo(tr("Reading {path}…").format(path=src))
        report = self.run_import(store_path, feedback, lambda store: import_swmm(
            store, src, source_crs, usage=usage, mode=mode, strict=strict, feedback=feedback))
        if report is None:
            return {}
        summary = self.publish(report, feedback, report_path)
        if not report.written:
            feedback.pushWarning(tr("Nothing was written."))
        return {self.OUTPUT: report_path or None, "READ": report.read, "INSERTED": sum(report.inserted.values()),
                "UPDATED": sum(report.updated.values()), "REJECTED": len(report.rejected), "SUMMARY": summary}

    def rejection_text(self, r) -> str:
        return tr("line {row} {table}: {field} {reason}").format(row=r.source_row, table=r.table, field=r.field,
                                                                  reason=r.reason)
