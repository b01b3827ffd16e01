"""safe_municipal:import_cctv — CCTV defect sheets (CJJ 181) into inspections with their defects.

STORE (GeoPackage), INPUT (.csv or .xlsx), SHEET (optional: an XLSX sheet's name; the first sheet
when empty), MODE (append: a CCTV inspection of the same pipe on the same date already in the store
refuses the rows; update: its defects are replaced), STRICT (any refused row: nothing written),
ASSESS (grade the drain pipes by CJJ 181 after the import), OUTPUT (optional report, .csv or .json).
The work is ``layers.cctv_import.import_cctv``; the sheet's columns are read by ``core.cctv_sheet``
(docs/cctv_import.md).
"""
from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from .base import store_parameter, tr
from .import_base import MODES, ImportAlgorithm

#: Refused rows listed in the log (the report file has them all).


class ImportCctvAlgorithm(ImportAlgorithm):
    STORE, INPUT, SHEET, MODE, STRICT, ASSESS, OUTPUT = ("STORE", "INPUT", "SHEET", "MODE", "STRICT", "ASSESS",
                                                         "OUTPUT")

    def name(self):
        return "import_cctv"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Import CCTV defect sheet")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Imports the results of CCTV pipe surveys by CJJ 181-2012 from a defect sheet (CSV in UTF-8 or "
                  "GBK, or an XLSX sheet): one row per defect — pipe code (管段编号) or start and end manholes "
                  "(起点井, 终点井), date (检测日期), defect code or name (缺陷代码/缺陷名称, e.g. PL or 破裂), grade "
                  "(等级: 1–4, Ⅰ–Ⅳ, 一级–四级), distance from the start manhole (距离, e.g. 12.5 or 12.5~13.0) and "
                  "optionally the clock position (环向位置), inspector (检测人) and remarks (备注); a row without a "
                  "defect (无缺陷) records a clean pipe. The rows of one pipe and date become one CCTV inspection "
                  "with its defects. A pipe is found by its code, else by its manholes; a pipe surveyed against "
                  "the flow (manholes the other way round) matches too and its distances are turned round. Rows "
                  "that do not match a pipe, or have a bad value, are refused and listed with their row and "
                  "column; an inspection with a refused row is not imported at all. MODE update replaces the "
                  "defects of a CCTV inspection of the same pipe and date; STRICT writes nothing when any row is "
                  "refused. ASSESS grades the drain pipes by CJJ 181 afterwards.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, tr("CCTV defect sheet (.csv, .xlsx)"), fileFilter=tr("Defect sheets (*.csv *.xlsx)")))
        self.addParameter(QgsProcessingParameterString(self.SHEET, tr("Sheet (XLSX; empty: the first)"),
                                                       optional=True))
        self.add_mode_strict_report()
        self.addParameter(QgsProcessingParameterBoolean(
            self.ASSESS, tr("Grade the drain pipes by CJJ 181 after the import"), defaultValue=False))
        self.add_report()
        self.addOutput(QgsProcessingOutputNumber("READ", tr("Rows read")))
        self.addOutput(QgsProcessingOutputNumber("INSPECTIONS", tr("Inspections written")))
        self.addOutput(QgsProcessingOutputNumber("DEFECTS", tr("Defects written")))
        self.addOutput(QgsProcessingOutputNumber("REJECTED", tr("Rows refused")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.cctv_import import import_cctv

        store_path = self.parameterAsFile(parameters, self.STORE, context)
        src = self.parameterAsFile(parameters, self.INPUT, context)
        sheet = (self.parameterAsString(parameters, self.SHEET, context) or "").strip() or None
        mode = self.choice(parameters, self.MODE, context, MODES)
        strict = self.parameterAsBoolean(parameters, self.STRICT, context)
        assess = self.parameterAsBoolean(parameters, self.ASSESS, context)
        report_path = self.report_path(parameters, context)
        feedback.pushInfo(tr("Reading {path}…").format(path=src))
        report = self.run_import(store_path, feedback, lambda store: import_cctv(
            store, src, sheet=sheet, mode=mode, strict=strict, assess=assess, feedback=feedback))
        if report is None:
            return {}
        summary = self.publish(report, feedback, report_path)
        if report.assessment:
            feedback.pushInfo(tr("CJJ 181 grades of the imported pipes: {grades}").format(grades=", ".join(
                f"{code} {grade or '-'}" for code, grade in sorted(report.assessment["grades"].items()))))
        return {self.OUTPUT: report_path or None, "READ": report.read,
                "INSPECTIONS": len(report.inspections) if report.written else 0,
                "DEFECTS": report.inserted.get("pipe_defect", 0) if report.written else 0,
                "REJECTED": len(report.rejected), "SUMMARY": summary}

    def rejection_text(self, r) -> str:
        return tr("Row {row}, column {field}: {reason}").format(row=r.source_row, field=r.field or "-",
                                                                 reason=r.reason)
