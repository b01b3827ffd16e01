"""What the import algorithms share: group, MODE/STRICT/OUTPUT, the store opened for one import, the
report logged, written and summarised."""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
)

from .base import BaseAlgorithm, tr

MODES = ("append", "update")
#: Refused rows logged in the Processing log (all of them are in the report file).
LOGGED_REJECTIONS = 50


class ImportExportAlgorithm(BaseAlgorithm):
    """Group *Import and export*."""

    def group(self):
        return tr("Import and export")

    def groupId(self):  # noqa: N802 - QGIS API
        return "import_export"


class ImportAlgorithm(ImportExportAlgorithm):
    """An import into the store: ``run_import`` opens it, runs the importer, closes it; ``publish`` logs
    the report's warnings and refused rows, writes the report file and returns its summary."""

    STORE, INPUT, MODE, STRICT, OUTPUT = "STORE", "INPUT", "MODE", "STRICT", "OUTPUT"

    def add_mode_strict_report(self) -> None:
        self.addParameter(QgsProcessingParameterEnum(
            self.MODE, tr("Mode"), options=list(MODES), defaultValue="append", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.STRICT, tr("Strict: write nothing when any row is refused"), defaultValue=False))

    def add_report(self) -> None:
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Import report"), tr("CSV (*.csv);;JSON (*.json)"), optional=True,
            createByDefault=False))

    def add_count_outputs(self, read_label: str) -> None:
        """READ (labelled ``read_label``), INSERTED, UPDATED, REJECTED and SUMMARY: every import's outputs."""
        from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString

        self.addOutput(QgsProcessingOutputNumber("READ", read_label))
        self.addOutput(QgsProcessingOutputNumber("INSERTED", tr("Rows inserted")))
        self.addOutput(QgsProcessingOutputNumber("UPDATED", tr("Rows updated")))
        self.addOutput(QgsProcessingOutputNumber("REJECTED", tr("Rows refused")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    def choice(self, parameters, name, context, allowed) -> str:
        """An enum parameter's value, which must be one of ``allowed``."""
        value = self.parameterAsEnumString(parameters, name, context)
        if value not in allowed:
            raise self.fail(tr("{name}: {values} is not one of {allowed}").format(
                name=name, values=value, allowed=", ".join(allowed)))
        return value

    def report_path(self, parameters, context) -> str:
        """The report file asked for ('' for none): a .csv or a .json."""
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context) if parameters.get(self.OUTPUT) else ""
        if path and not path.lower().endswith((".csv", ".json")):
            raise self.fail(tr("{name}: the report file ends with .csv or .json ({path})").format(
                name=self.OUTPUT, path=path))
        return path

    def run_import(self, store_path: str, feedback, work):
        """``work(store)`` on the store opened for writing; None when cancelled (nothing written)."""
        from ..layers.errors import StoreError
        from ..layers.importer import ImportCancelled, ImportSourceError
        from ..layers.store_ref import open_store

        try:
            store = open_store(store_path, writable=True)
        except StoreError as e:
            raise self.fail(str(e)) from None
        try:
            return work(store)
        except ImportCancelled:
            feedback.pushInfo(tr("Import cancelled: nothing was written."))
            return None
        except (ImportSourceError, ValueError, OSError, RuntimeError, StoreError) as e:
            raise self.fail(str(e)) from None
        finally:
            store.close()

    def rejection_text(self, r) -> str:
        return tr("row {row}: {field} {reason}").format(row=r.source_row, field=r.field, reason=r.reason)

    def publish(self, report, feedback, report_path: str) -> str:
        """Log the report, write its file when asked; the summary (JSON, without the refused rows)."""
        for w in report.warnings:
            feedback.pushWarning(str(w))
        for r in report.rejected[:LOGGED_REJECTIONS]:
            feedback.reportError(self.rejection_text(r), False)
        if len(report.rejected) > LOGGED_REJECTIONS:
            feedback.reportError(tr("… and {n} more refused rows (see the report).").format(
                n=len(report.rejected) - LOGGED_REJECTIONS), False)
        feedback.pushInfo(report.summary())
        if report_path:
            report.write(report_path)
            feedback.pushInfo(tr("Report written to {path}").format(path=report_path))
        summary = {k: v for k, v in report.as_dict().items() if k != "rejected"}
        summary["rejected"] = len(report.rejected)
        return json.dumps(summary, ensure_ascii=False, sort_keys=True)
