"""Cover cases (综合井盖案件轮派) as Processing algorithms.

- ``safe_municipal:dispatch_cases`` (STORE, NOW optional): dispatch every pending case in rotation,
  one transaction; outputs how many were dispatched and queued, and the details as JSON.
- ``safe_municipal:case_statistics`` (STORE, FROM, TO, NOW optional): a table with one row per
  maintenance unit (and a last row for all units) — cases, open, response and fix hours, overdue,
  late, on-time rate — for the cases reported in the period.

The work is ``layers.cases.CoverCases``; the rules are ``core.cases``. A time without a zone (NOW
typed as text) is the computer's local time, as QGIS's date-time widgets mean it.
"""
from __future__ import annotations

import datetime as _dt
import json

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QVariant

from ..core import cases as C
from ..core.validation import ValidationError
from ..i18n import problem_text, translate
from ..layers.errors import StoreError
from .base import BaseAlgorithm, as_date, store_parameter, tr


def as_datetime(value, name: str = "NOW") -> _dt.datetime | None:
    """A parameter value (QDateTime, QDate, datetime, ISO text) as aware UTC; None when empty.
    Without a zone it is local time."""
    if value is None or value == "":
        return None
    if isinstance(value, QDate):
        if not value.isValid():
            return None
        value = value.startOfDay()
    if isinstance(value, QDateTime):
        if not value.isValid():
            return None
        text = value.toUTC().toString(Qt.DateFormat.ISODateWithMs)
        return C.as_utc(text)
    if isinstance(value, _dt.datetime):
        return C.as_utc(value if value.tzinfo is not None else value.astimezone())
    if isinstance(value, _dt.date):
        return C.as_utc(_dt.datetime(value.year, value.month, value.day).astimezone())
    text = str(value).strip()
    if not text:
        return None
    try:
        t = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(tr("{name}: {value} is not a date and time (YYYY-MM-DD HH:MM)").format(
            name=name, value=text)) from None
    return C.as_utc(t if t.tzinfo is not None else t.astimezone())


def _raw(parameters, name):
    value = parameters.get(name)
    return None if value is None or value == "" else value


def problem_message(e: ValidationError) -> str:
    """A ValidationError as one translated line naming the row and the field."""
    return tr("{table} {row}: {field} {problem}").format(table=e.table, row=e.row, field=e.field,
                                                        problem=problem_text(e.problem))


def reason_text(reason) -> str:
    """A queue reason of ``core.cases`` in the user's language."""
    template = getattr(reason, "template", None)
    if template is None:
        return str(reason)
    return translate(C.TR_CONTEXT, template).format(**reason.args)


class _CasesAlgorithm(BaseAlgorithm):
    def group(self):
        return tr("Cover cases")

    def groupId(self):  # noqa: N802 - QGIS API
        return "cases"

    @staticmethod
    def open_store(path: str, writable: bool):
        from ..layers.store_ref import open_store

        return open_store(str(path), writable=writable)

    def _now(self, parameters):
        try:
            return as_datetime(_raw(parameters, "NOW"))
        except ValueError as e:
            raise self.fail(str(e)) from None


class DispatchCasesAlgorithm(_CasesAlgorithm):
    STORE, NOW = "STORE", "NOW"

    def name(self):
        return "dispatch_cases"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Dispatch cover cases")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Dispatches every reported cover case to the maintenance units in rotation: the next case goes "
                  "to the unit after the one that got the last case, skipping inactive units and units at their "
                  "open-case limit. Cases no unit can take stay reported (queued) and are tried again next time. "
                  "One transaction. NOW (default: now) is the dispatch time.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterDateTime(
            self.NOW, tr("Dispatch time (default: now)"), QgsProcessingParameterDateTime.Type.DateTime,
            optional=True))
        self.addOutput(QgsProcessingOutputNumber("DISPATCHED", tr("Cases dispatched")))
        self.addOutput(QgsProcessingOutputNumber("QUEUED", tr("Cases queued")))
        self.addOutput(QgsProcessingOutputString("RESULT", tr("Result (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.cases import CoverCases

        path = self.parameterAsFile(parameters, self.STORE, context)
        now = self._now(parameters)
        try:
            with self.open_store(path, True) as store:
                plan = CoverCases(store).dispatch(now)
        except ValidationError as e:
            raise self.fail(problem_message(e)) from None
        except StoreError as e:
            raise self.fail(str(e)) from None
        for a in plan.assignments:
            feedback.pushInfo(tr("{code} → {unit}").format(code=a.code, unit=a.unit_name))
        for q in plan.queued:
            feedback.pushInfo(tr("{code} queued: {reason}").format(code=q.code, reason=reason_text(q.reason)))
        feedback.pushInfo(tr("Dispatched {n} cases, {m} queued.").format(n=len(plan.assignments),
                                                                        m=len(plan.queued)))
        result = {"now": C.as_utc(plan.now).isoformat(),
                  "dispatched": [{"code": a.code, "unit": a.unit_name, "unit_uid": a.unit_uid}
                                 for a in plan.assignments],
                  "queued": [{"code": q.code, "reason": reason_text(q.reason)} for q in plan.queued]}
        return {"DISPATCHED": len(plan.assignments), "QUEUED": len(plan.queued),
                "RESULT": json.dumps(result, ensure_ascii=False, sort_keys=True)}


#: The statistics table's fields: (name, type).
STAT_FIELDS = (("unit_uid", QVariant.Type.String), ("unit", QVariant.Type.String),
               ("district", QVariant.Type.String), ("active", QVariant.Type.Bool), ("cases", QVariant.Type.Int),
               ("open", QVariant.Type.Int), ("responded", QVariant.Type.Int),
               ("mean_response_h", QVariant.Type.Double), ("max_response_h", QVariant.Type.Double),
               ("fixed", QVariant.Type.Int), ("mean_fix_h", QVariant.Type.Double),
               ("max_fix_h", QVariant.Type.Double), ("overdue", QVariant.Type.Int), ("late", QVariant.Type.Int),
               ("on_time", QVariant.Type.Int), ("on_time_rate", QVariant.Type.Double))


def stat_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in STAT_FIELDS:
        fields.append(QgsField(name, kind))
    return fields


def stat_values(s: C.UnitStats, total_name: str) -> list:
    d = s.as_dict()
    d["unit"] = d.pop("unit_name") if s.unit_uid is not None else total_name
    return [d.get(name) for name, _kind in STAT_FIELDS]


class CaseStatisticsAlgorithm(_CasesAlgorithm):
    STORE, FROM, TO, NOW, OUTPUT = "STORE", "FROM", "TO", "NOW", "OUTPUT"

    def name(self):
        return "case_statistics"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Cover case statistics")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("One row per maintenance unit (in rotation order) and a last row for all units, for the cases "
                  "reported from FROM to TO (both days included; empty: no bound): cases dispatched, open now, "
                  "responded and fixed with mean and maximum hours from dispatch, overdue (open and past a time "
                  "limit at NOW), late (a limit broken), on time, and the on-time rate = on time / (on time + "
                  "late). The limits are the store's (default: respond within 2 h, fix within 24 h).")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterDateTime(
            self.FROM, tr("Reported from (day)"), QgsProcessingParameterDateTime.Type.Date, optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.TO, tr("Reported to (day, included)"), QgsProcessingParameterDateTime.Type.Date, optional=True))
        now = QgsProcessingParameterDateTime(self.NOW, tr("Judge overdue at (default: now)"),
                                             QgsProcessingParameterDateTime.Type.DateTime, optional=True)
        now.setFlags(now.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(now)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Statistics per unit"), QgsProcessing.SourceType.TypeVector))

    def _date(self, parameters, name, context):
        raw = _raw(parameters, name)
        if raw is None:
            return None
        try:
            return as_date(raw if isinstance(raw, str) else self.parameterAsDate(parameters, name, context))
        except ValueError:
            raise self.fail(tr("{name}: {value} is not a date (YYYY-MM-DD)").format(name=name, value=raw)) from None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers.cases import CoverCases

        path = self.parameterAsFile(parameters, self.STORE, context)
        date_from = self._date(parameters, self.FROM, context)
        date_to = self._date(parameters, self.TO, context)
        now = self._now(parameters)
        try:
            with self.open_store(path, False) as store:
                rows, total = CoverCases(store).statistics(now, date_from, date_to)
        except ValidationError as e:
            raise self.fail(problem_message(e)) from None
        except StoreError as e:
            raise self.fail(str(e)) from None
        fields = stat_fields()
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry,
                                          QgsCoordinateReferenceSystem())
        if sink is None:
            raise self.fail(tr("Cannot write the output table."))
        all_units = tr("All units")
        for s in list(rows) + [total]:
            f = QgsFeature(fields)
            f.setAttributes(stat_values(s, all_units))
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(tr("{n} cases over {k} units: {late} late, {overdue} overdue now.").format(
            n=total.cases, k=len(rows), late=total.late, overdue=total.overdue))
        return {self.OUTPUT: dest}
