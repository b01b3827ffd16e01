"""safe_municipal:import_swmm — manholes, drain pipes, storage facilities and outfalls from an EPA SWMM 5
model.

STORE (GeoPackage), INPUT (.inp), SOURCE_CRS (the CRS of the model's coordinates: required, a SWMM file
has none and the import never guesses), USAGE (storm, sewage, combined: for pipes, manholes and
outfalls), MODE (append: a code already in the store is refused; update: rows with the same codes are
refreshed), STRICT (any refused row: nothing written), OUTPUT (optional report, .csv or .json). The work
is ``layers.swmm_import.import_swmm``; the mapping rules are ``core.swmm_rows`` (docs/swmm.md).
"""
from __future__ import annotations

import json

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
)

from ..core.swmm_rows import USAGES
from .base import tr
from .import_base import MODES, ImportAlgorithm

MAX_LISTED = 50  # refused rows shown in the log; the report file has them all


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
        self.addParameter(QgsProcessingParameterFile(self.STORE, tr("Store file"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("SWMM input file (.inp)"), extension="inp"))
        # Optional for Processing so that an empty value gets this algorithm's own message, not a generic one.
        self.addParameter(QgsProcessingParameterCrs(
            self.SOURCE_CRS, tr("CRS of the model's coordinates (required)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.USAGE, tr("Usage of the network"), options=list(USAGES), defaultValue="storm",
            usesStaticStrings=True))
        self.add_mode_strict_report()
        self.add_report()
        self.addOutput(QgsProcessingOutputNumber("READ", tr("SWMM objects read")))
        self.addOutput(QgsProcessingOutputNumber("INSERTED", tr("Rows inserted")))
        self.addOutput(QgsProcessingOutputNumber("UPDATED", tr("Rows updated")))
        self.addOutput(QgsProcessingOutputNumber("REJECTED", tr("Rows refused")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    def _choice(self, parameters, name, context, allowed, default):
        value = self.parameterAsEnumString(parameters, name, context) or default
        if value not in allowed:
            raise self.fail(tr("{name}: {values} is not one of {allowed}").format(
                name=name, values=value, allowed=", ".join(allowed)))
        return value

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from pathlib import Path

        from ..layers.gpkg import GpkgStore, StoreError
        from ..layers.importer import ImportCancelled, ImportSourceError
        from ..layers.swmm_import import import_swmm

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        crs = self.parameterAsCrs(parameters, self.SOURCE_CRS, context)
        if not crs.isValid():
            raise self.fail(tr("{name} has no coordinate reference system; give SOURCE_CRS.").format(
                name=Path(src).name))
        source_crs = crs.authid() if crs.authid().upper().startswith("EPSG:") else \
            crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL)
        usage = self._choice(parameters, self.USAGE, context, USAGES, "storm")
        mode = self._choice(parameters, self.MODE, context, MODES, "append")
        strict = self.parameterAsBoolean(parameters, self.STRICT, context)
        report_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context) \
            if parameters.get(self.OUTPUT) else ""
        try:
            store = GpkgStore.open(store_path, writable=True)
        except StoreError as e:
            raise self.fail(str(e)) from None
        try:
            feedback.pushInfo(tr("Reading {path}…").format(path=src))
            try:
                report = import_swmm(store, src, source_crs, usage=usage, mode=mode, strict=strict,
                                     feedback=feedback)
            except ImportCancelled:
                raise self.fail(tr("Import cancelled: nothing was written.")) from None
            except (ImportSourceError, OSError, StoreError) as e:
                raise self.fail(str(e)) from None
        finally:
            store.close()
        for w in report.warnings:
            feedback.pushWarning(w)
        for r in report.rejected[:MAX_LISTED]:
            feedback.reportError(tr("line {row} {table}: {field} {reason}").format(
                row=r.source_row, table=r.table, field=r.field, reason=r.reason), False)
        if len(report.rejected) > MAX_LISTED:
            feedback.reportError(tr("… and {n} more refused rows (see the report).").format(
                n=len(report.rejected) - MAX_LISTED), False)
        inserted, updated = sum(report.inserted.values()), sum(report.updated.values())
        feedback.pushInfo(tr("Read {read} SWMM nodes and conduits: {ins} rows inserted, {upd} updated, {rej} "
                             "refused.").format(read=report.read, ins=inserted, upd=updated,
                                                rej=len(report.rejected)))
        if not report.written:
            feedback.pushWarning(tr("Nothing was written."))
        if report_path:
            report.write(report_path)
        summary = {"read": report.read, "inserted": dict(report.inserted), "updated": dict(report.updated),
                   "unchanged": dict(report.unchanged), "rejected": len(report.rejected),
                   "written": bool(report.written), "warnings": list(report.warnings)}
        return {self.OUTPUT: report_path or None, "READ": report.read, "INSERTED": inserted, "UPDATED": updated,
                "REJECTED": len(report.rejected),
                "SUMMARY": json.dumps(summary, ensure_ascii=False, sort_keys=True)}
