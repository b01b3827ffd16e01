"""The programmes' Processing algorithms (issue 5): progress, district statistics, recording cleanings.

- ``safe_municipal:programme_progress`` (STORE, KIND, YEAR, OUTPUT): the programme of that kind and
  year, by district (a table without geometry: one feature per district or county, then the total).
- ``safe_municipal:district_statistics`` (STORE, YEAR, OUTPUT .csv or .xlsx): every programme of the
  year side by side with rain inlets added, waterlogging points and plans, and storage — the
  城市综合管理评估 table — written for Excel (CSV in UTF-8 with BOM, or XLSX).
- ``safe_municipal:record_cleaning`` (STORE, PROGRAMME year or uid, INPUT pipes — "selected features
  only" in the dialog —, DATE): one cleaning record per pipe, in one transaction; pipes already
  cleaned for the programme are skipped.

The work is ``layers.programmes`` (imported when an algorithm runs).
"""
from __future__ import annotations

import datetime as _dt

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import programmes as PG
from ..core import schema as S
from ..i18n import problem_text, translate
from .base import BaseAlgorithm, store_parameter, tr
from .base import as_date as date_value

KINDS = PG.PROGRAMME_KINDS
FIELD_TYPES = {"integer": QVariant.Int, "real": QVariant.Double, "percent": QVariant.Double,
               "text": QVariant.String, "date": QVariant.String}


def district_label(district) -> str:
    return district if district else tr("(no district)")


def kind_label(kind: str) -> str:
    for code in S.VALUE_LISTS["programme_kind"]:
        if code.value == kind:
            return translate(S.TR_CONTEXT, code.label)
    return str(kind)


def table_title(table: PG.StatTable, programme: dict | None = None) -> str:
    """A statistics table's title in the user's language."""
    args = dict(table.title_args)
    if programme is not None or "kind" in args:
        prog = programme or args
        args["programme"] = prog.get("name") or kind_label(prog.get("kind"))
    return tr(table.title).format(**args)


def headers(table: PG.StatTable) -> list:
    return [tr(c.header) for c in table.columns]


def cells(table: PG.StatTable) -> list:
    """The table's rows (total last) as cell values, districts labelled, in the user's language."""
    return table.matrix(district_label, tr("Total"))


def validation_text(e) -> str:
    """A ValidationError as one translated line naming the table's row and the field."""
    try:
        label = translate(S.TR_CONTEXT, S.table(e.table).field(e.field).label)
    except KeyError:
        label = e.field
    table = translate(S.TR_CONTEXT, S.table(e.table).label) if e.table in S.TABLES_BY_NAME else e.table
    if isinstance(e.row, int):
        return tr("{table}, row {row}: {field} {problem}").format(table=table, row=e.row + 1, field=label,
                                                                 problem=problem_text(e.problem))
    return tr("{table}: {field} {problem}").format(table=table, field=label, problem=problem_text(e.problem))


class _ProgrammeAlgorithm(BaseAlgorithm):
    STORE = "STORE"

    def group(self):
        return tr("Programmes")

    def groupId(self):  # noqa: N802 - QGIS API
        return "programmes"

    def _store_parameter(self):
        self.addParameter(store_parameter(self.STORE))

    def _open(self, parameters, context, writable: bool = False):
        from ..layers.errors import StoreError
        from ..layers.store_ref import open_store

        path = self.parameterAsFile(parameters, self.STORE, context)
        try:
            return open_store(path, writable=writable)
        except StoreError as e:
            raise self.fail(str(e)) from None


class ProgrammeProgressAlgorithm(_ProgrammeAlgorithm):
    KIND, YEAR, OUTPUT = "KIND", "YEAR", "OUTPUT"

    def name(self):
        return "programme_progress"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Programme progress by district")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("The progress of the programme of the chosen kind and year, by district and county, with the "
                  "total last: for pipe cleaning the km cleaned against the target, what is still to clean and "
                  "how many pipes are overdue; for the cover programmes the covers replaced against the target, "
                  "the anti-settlement covers and the date the target was met. Work counts for a programme when "
                  "it is linked to it, or unlinked and dated within its start and deadline.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self._store_parameter()
        self.addParameter(QgsProcessingParameterEnum(self.KIND, tr("Programme"), options=list(KINDS),
                                                     defaultValue=KINDS[0], usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(self.YEAR, tr("Year"), QgsProcessingParameterNumber.Integer,
                                                       _dt.date.today().year, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Progress by district"),
                                                            QgsProcessing.TypeVector))
        self.addOutput(QgsProcessingOutputNumber("TARGET", tr("Target")))
        self.addOutput(QgsProcessingOutputNumber("DONE", tr("Done (km or covers)")))
        self.addOutput(QgsProcessingOutputNumber("PERCENT", tr("Done (%)")))
        self.addOutput(QgsProcessingOutputString("MET_ON", tr("Target met on")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.programmes import Programmes

        kind = self.parameterAsEnumString(parameters, self.KIND, context) or KINDS[0]
        year = self.parameterAsInt(parameters, self.YEAR, context)
        with self._open(parameters, context) as store:
            service = Programmes(store)
            rows = service.programmes(kind=kind, year=year)
            if not rows:
                raise self.fail(tr("There is no {programme} programme for {year} in the store.").format(
                    programme=kind_label(kind), year=year))
            progress = service.progress(rows[0]["uid"])
        table = PG.programme_table(progress)
        fields = QgsFields()
        for c in table.columns:
            fields.append(QgsField(c.key, FIELD_TYPES[c.type]))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry,
                                          QgsCoordinateReferenceSystem())
        if sink is None:
            raise self.fail(tr("Cannot create the output table."))
        for values in table.matrix(lambda d: d or "", tr("Total")):
            f = QgsFeature(fields)
            f.setAttributes(values)
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        total = table.total
        done = total.get("cleaned_km", total.get("replaced"))
        percent = total.get("percent")
        met = total.get("met_on")
        feedback.pushInfo(tr("{title}: {done} of {target} ({percent} %).").format(
            title=table_title(table, rows[0]), done=round(done or 0, 3), target=round(total.get("target_km", total.get(
                "target")) or 0, 3), percent="—" if percent is None else f"{percent:.1f}"))
        return {self.OUTPUT: dest, "TARGET": total.get("target_km", total.get("target")), "DONE": done,
                "PERCENT": percent, "MET_ON": met.isoformat() if met else ""}


class DistrictStatisticsAlgorithm(_ProgrammeAlgorithm):
    YEAR, OUTPUT = "YEAR", "OUTPUT"

    def name(self):
        return "district_statistics"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("District statistics")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("The year's figures by district and county for the city's management evaluation: every "
                  "programme of the year (target, done, %), rain inlets added in the year, waterlogging points, "
                  "points with a plan, plans overdue and adjustable storage, with the total last. Written as "
                  "CSV (UTF-8 with a byte-order mark, so Excel shows the Chinese) or XLSX.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self._store_parameter()
        self.addParameter(QgsProcessingParameterNumber(self.YEAR, tr("Year"), QgsProcessingParameterNumber.Integer,
                                                       _dt.date.today().year, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Statistics file"), tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)")))
        self.addOutput(QgsProcessingOutputNumber("ROWS", tr("Rows (districts and total)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.export_table import ExportError, write_table
        from ..layers.programmes import Programmes

        year = self.parameterAsInt(parameters, self.YEAR, context)
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        with self._open(parameters, context) as store:
            table = Programmes(store).year_table(year)
        rows = cells(table)
        try:
            write_table(path, headers(table), rows, [c.type for c in table.columns], sheet=str(year))
        except ExportError as e:
            raise self.fail(str(e)) from None
        feedback.pushInfo(tr("Wrote {title} ({n} rows) to {path}.").format(title=table_title(table), n=len(rows),
                                                                          path=path))
        return {self.OUTPUT: path, "ROWS": len(rows)}


class RecordCleaningAlgorithm(_ProgrammeAlgorithm):
    PROGRAMME, INPUT, DATE = "PROGRAMME", "INPUT", "DATE"

    def name(self):
        return "record_cleaning"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Record cleaned pipes")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Records the pipes of the input layer (tick “Selected features only” for the selection) as "
                  "cleaned on the date, for the pipe-cleaning programme given by its year or uid: one done "
                  "cleaning record per pipe, all in one transaction. Pipes already cleaned for the programme are "
                  "skipped; an unknown pipe, a date in the future or before the programme starts writes nothing.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self._store_parameter()
        self.addParameter(QgsProcessingParameterString(self.PROGRAMME, tr("Programme (year or uid)"),
                                                       str(_dt.date.today().year)))
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Cleaned pipes"),
                                                              [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterDateTime(
            self.DATE, tr("Cleaned on (default: today)"), QgsProcessingParameterDateTime.Type.Date, optional=True))
        self.addOutput(QgsProcessingOutputNumber("RECORDED", tr("Pipes recorded")))
        self.addOutput(QgsProcessingOutputNumber("SKIPPED", tr("Pipes skipped (cleaned already)")))
        self.addOutput(QgsProcessingOutputString("PROGRAMME_UID", tr("Programme uid")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..core.validation import ValidationError
        from ..layers.programmes import Programmes

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise self.fail(tr("The input layer cannot be read."))
        if source.fields().indexFromName("uid") < 0:
            raise self.fail(tr("The input layer has no uid field: use the store's drainage pipe layer."))
        raw = parameters.get(self.DATE)
        try:
            day = date_value(raw if isinstance(raw, str) or raw is None
                             else self.parameterAsDate(parameters, self.DATE, context), self.DATE)
        except ValueError as e:
            raise self.fail(str(e)) from None
        day = day or _dt.date.today()
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(
            ["uid"], source.fields())
        uids = []
        for f in source.getFeatures(request):
            if feedback.isCanceled():
                raise self.fail(tr("Cancelled; nothing was written."))
            value = f["uid"]
            if isinstance(value, str) and value:
                uids.append(value)
        ref = self.parameterAsString(parameters, self.PROGRAMME, context)
        with self._open(parameters, context, writable=True) as store:
            service = Programmes(store)
            try:
                programme = service.resolve(ref, PG.CLEANING)
                result = service.record_cleaning(programme["uid"], uids, day.isoformat())
            except ValidationError as e:
                raise self.fail(validation_text(e)) from None
            except ValueError as e:
                raise self.fail(str(e)) from None
        feedback.pushInfo(tr("Recorded {n} pipes as cleaned on {date}; {m} skipped (cleaned already).").format(
            n=len(result["written"]), date=day.isoformat(), m=len(result["skipped"])))
        return {"RECORDED": len(result["written"]), "SKIPPED": len(result["skipped"]),
                "PROGRAMME_UID": programme["uid"]}


ALGORITHMS = (ProgrammeProgressAlgorithm, DistrictStatisticsAlgorithm, RecordCleaningAlgorithm)
