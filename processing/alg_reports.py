"""safe_municipal:export_health_books — lifecycle health books (全生命周期健康状况书) as PDF, headless.

The work is ``reports.health_book.export_health_books`` (imported when the algorithm runs). Layouts
need a QgsProject and the main thread: the store goes into a fresh QgsProject made for the export
(never the user's), and the algorithm asks Processing not to thread it (``FlagNoThreading``).
"""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterString,
)

from ..core import schema as S
from ..layers.errors import StoreError
from .base import ReportAlgorithm, store_parameter, tr

KINDS = tuple(S.FACILITY_KINDS)


class ExportHealthBooksAlgorithm(ReportAlgorithm):
    STORE, KIND, FILTER, OUTPUT, ONE_FILE = "STORE", "KIND", "FILTER", "OUTPUT", "ONE_FILE"

    def name(self):
        return "export_health_books"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Export health books (PDF)")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Prints the lifecycle health book of every facility of a kind that matches the filter "
                  "expression (all when empty): one A4 page each with the location map, attributes, current "
                  "grade, action and next due date, grade history chart, latest inspections and maintenance "
                  "works and photos. OUTPUT is a PDF file (all pages in one file) or a folder; without "
                  "'One file' every facility gets its own PDF named by its code, in the OUTPUT folder.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterEnum(
            self.KIND, tr("Facility kind"), options=list(KINDS), defaultValue="road", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterExpression(
            self.FILTER, tr("Filter expression (default: every facility of the kind)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.OUTPUT, tr("Output PDF file or folder")))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ONE_FILE, tr("One file (else one PDF per facility)"), defaultValue=True))
        self.addOutput(QgsProcessingOutputString("FILES", tr("PDF files (JSON list)")))
        self.addOutput(QgsProcessingOutputNumber("PAGES", tr("Health books")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..reports.health_book import HealthBookError, export_books, prepare, progress_after

        path = self.parameterAsFile(parameters, self.STORE, context)
        chosen = self.parameterAsEnumString(parameters, self.KIND, context)
        kind = chosen if chosen in KINDS else KINDS[self.parameterAsEnum(parameters, self.KIND, context)]
        expression = self.parameterAsExpression(parameters, self.FILTER, context) or None
        output = self.parameterAsString(parameters, self.OUTPUT, context)
        one_file = self.parameterAsBoolean(parameters, self.ONE_FILE, context)
        if not output:
            raise self.fail(tr("OUTPUT: give a PDF file or a folder"))
        feedback.pushInfo(tr("Health books of {kind} in {path}…").format(kind=kind, path=path))
        try:
            books = prepare(path, kind, expression, feedback)
            try:
                feedback.pushInfo(tr("{n} health books").format(n=len(books.codes)))
                files = export_books(books, output, one_file, progress_after(feedback, 40.0))
            finally:
                books.close()
        except (HealthBookError, StoreError, ValueError) as e:
            raise self.fail(str(e)) from None
        for f in files:
            feedback.pushInfo(tr("Wrote {path}").format(path=f))
        return {"FILES": json.dumps(files, ensure_ascii=False), "PAGES": len(books.codes)}

