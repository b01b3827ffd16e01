"""safe_municipal:export_overview — a thematic overview map of a store, A3 landscape, PDF or PNG.

The work is ``reports.overview.export_overview`` (imported when the algorithm runs): the store is
loaded into a project of its own (never the user's), themed, filtered to the district and laid
out. Layouts belong to the main thread: the algorithm runs with ``FlagNoThreading``.
"""
from __future__ import annotations

import datetime as _dt

from qgis.core import (
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..layers.errors import StoreError
from .base import ReportAlgorithm, store_parameter, tr

#: The THEME parameter's options, in order (``layers.meeting_themes.OVERVIEW_THEMES``).
THEMES = ("grades", "due_work", "waterlogging", "cleaning", "covers")


class ExportOverviewAlgorithm(ReportAlgorithm):
    STORE, THEME, DISTRICT, YEAR, OUTPUT = "STORE", "THEME", "DISTRICT", "YEAR", "OUTPUT"

    def name(self):
        return "export_overview"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Export overview map")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Writes a thematic overview map of the store (A3 landscape, PDF or PNG by the file's extension): "
                  "facility grades, work due in the year, waterlogging points by the state of their plan, pipe "
                  "cleaning progress or cover replacement progress, with legend, scale bar, north arrow, a "
                  "statistics table by district, the date and the office's name. With a district the map and "
                  "the table are limited to it. The year defaults to the store's newest programme year.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterEnum(
            self.THEME, tr("Theme"), options=list(THEMES), defaultValue=THEMES[0], usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterString(
            self.DISTRICT, tr("District (default: the whole city)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, tr("Year (default: the newest programme year)"), QgsProcessingParameterNumber.Type.Integer,
            optional=True, minValue=1900, maxValue=2200))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Overview map"), tr("PDF files (*.pdf);;PNG images (*.png)")))
        self.addOutput(QgsProcessingOutputString("TITLE", tr("Title")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..reports.overview import export_overview

        path = self.parameterAsFile(parameters, self.STORE, context)
        theme = self.parameterAsEnumString(parameters, self.THEME, context) or THEMES[0]
        district = (self.parameterAsString(parameters, self.DISTRICT, context) or "").strip() or None
        year = parameters.get(self.YEAR)
        year = self.parameterAsInt(parameters, self.YEAR, context) if year not in (None, "") else None
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output.lower().endswith((".pdf", ".png")):
            raise self.fail(tr("OUTPUT: {file} is neither a .pdf nor a .png file").format(file=output))
        feedback.pushInfo(tr("Exporting the {theme} overview of {path} to {file}…").format(
            theme=theme, path=path, file=output))
        try:
            overview = export_overview(path, theme, output, district=district, year=year, date=_dt.date.today())
        except (StoreError, ValueError, RuntimeError) as e:
            raise self.fail(str(e)) from None
        feedback.pushInfo(overview.title)
        return {self.OUTPUT: output, "TITLE": overview.title}
