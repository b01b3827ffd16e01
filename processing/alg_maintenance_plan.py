"""safe_municipal:maintenance_plan — the maintenance plan by urgency (按轻重缓急), with the budget's cut line.

The work is ``layers.planning`` (imported when the algorithm runs); this algorithm turns parameters
into its arguments and the ranked items into a point layer: one feature per item at the facility
(a point facility's own position, the centre of a line's or area's bounding box), so the plan can
be mapped, filtered and styled (urgency, beyond budget) and joined to the facility layers by
``facility_uid``. With ACCEPT the items within the budget (all items without one) become planned
maintenance records, in one transaction; accepting again writes nothing new. STORE is a store
reference: a GeoPackage file or a PostGIS store (``layers/store_ref.py``).
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
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from ..core import planning as P
from ..core import schema as S
from ..i18n import translate
from .base import BaseAlgorithm, as_date, store_parameter, tr

#: The facility tables a plan can cover, in the order of the KINDS parameter.
KINDS = tuple(S.FACILITY_KINDS)

_INT = ("rank", "days_overdue")
_REAL = ("severity", "importance", "overdue_factor", "urgency", "quantity", "unit_cost_yuan", "estimated_cost_yuan",
         "cumulative_cost_yuan")
_DATE = ("next_due", "due_on")
#: Translated labels added to the output after the record fields (for maps and printing).
LABEL_FIELDS = ("kind_label", "category_label", "reason_label")


def kind_label(kind: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(kind).label)
    except KeyError:
        return kind


def code_label(list_name: str, value) -> str:
    """The translated label of a value-list code (the code itself when unknown or empty)."""
    for c in S.VALUE_LISTS.get(list_name, ()):
        if c.value == value:
            return translate(S.TR_CONTEXT, c.label)
    return "" if value is None else str(value)


def category_label(value) -> str:
    return code_label("maintenance_category", value)


def reason_label(value) -> str:
    return code_label("plan_reason", value)


def output_fields() -> QgsFields:
    fields = QgsFields()
    for name in P.RECORD_FIELDS + LABEL_FIELDS:
        if name in _INT:
            fields.append(QgsField(name, QVariant.Int))
        elif name in _REAL:
            fields.append(QgsField(name, QVariant.Double))
        elif name in _DATE:
            fields.append(QgsField(name, QVariant.Date))
        elif name == "within_budget":
            fields.append(QgsField(name, QVariant.Bool))
        else:
            fields.append(QgsField(name, QVariant.String))
    return fields


def _qdate(text):
    if not text:
        return None
    d = _dt.date.fromisoformat(text)
    return QDate(d.year, d.month, d.day)


class _Part:
    """A feedback for one stretch (``lo`` … ``hi`` %) of the algorithm's progress."""

    def __init__(self, feedback, lo: float, hi: float):
        self.feedback, self.lo, self.hi = feedback, lo, hi

    def setProgress(self, p: float) -> None:  # noqa: N802 - QgsFeedback's name
        self.feedback.setProgress(self.lo + (self.hi - self.lo) * p / 100.0)

    def isCanceled(self) -> bool:  # noqa: N802 - QgsFeedback's name
        return self.feedback.isCanceled()


class MaintenancePlanAlgorithm(BaseAlgorithm):
    STORE, FROM, TO, BUDGET, DISTRICT, KINDS = "STORE", "FROM", "TO", "BUDGET", "DISTRICT", "KINDS"
    CATEGORIES, ACCEPT, PLAN_REF, OUTPUT = "CATEGORIES", "ACCEPT", "PLAN_REF", "OUTPUT"

    def name(self):
        return "maintenance_plan"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Maintenance plan")

    def group(self):
        return tr("Planning")

    def groupId(self):  # noqa: N802 - QGIS API
        return "planning"

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Lists every facility with due work in the period — a grade that needs more than preventive "
                  "care, an inspection due or overdue, an open waterlogging plan, a non-compliant manhole cover — "
                  "ranked by urgency (grade severity × importance × days overdue; the weights are the store's "
                  "setting planning.weights), with its category, due date, estimated cost from the unit-cost table "
                  "and responsible unit. With a budget, the items are taken in rank order until it runs out; the "
                  "rest are marked beyond budget. The output has one point per item at the facility. With "
                  "“Accept”, the items within the budget become planned maintenance records in one transaction; "
                  "items already planned (an open planned or in-progress record for the same facility, category "
                  "and reason) are not written again. The period defaults to one year from today.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterDateTime(
            self.FROM, tr("From (default: today)"), QgsProcessingParameterDateTime.Type.Date, optional=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.TO, tr("To (default: one year after the start)"), QgsProcessingParameterDateTime.Type.Date,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.BUDGET, tr("Budget (yuan; empty: no budget)"), QgsProcessingParameterNumber.Double,
            optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterString(self.DISTRICT, tr("District (empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.KINDS, tr("Facility kinds"), options=list(KINDS), allowMultiple=True, defaultValue=list(KINDS),
            optional=True, usesStaticStrings=True))
        categories = QgsProcessingParameterEnum(
            self.CATEGORIES, tr("Categories"), options=list(P.CATEGORIES), allowMultiple=True,
            defaultValue=list(P.CATEGORIES), optional=True, usesStaticStrings=True)
        categories.setFlags(categories.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(categories)
        self.addParameter(QgsProcessingParameterBoolean(
            self.ACCEPT, tr("Accept: write the items within the budget as planned maintenance"), defaultValue=False))
        ref = QgsProcessingParameterString(self.PLAN_REF, tr("Plan name (default: the period, e.g. "
                                                             "2026-01-01/2026-12-31)"), optional=True)
        ref.setFlags(ref.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(ref)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Maintenance plan"), QgsProcessing.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputNumber("ITEMS", tr("Items")))
        self.addOutput(QgsProcessingOutputNumber("WITHIN_BUDGET", tr("Items within budget")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_COST", tr("Estimated cost of all items (yuan)")))
        self.addOutput(QgsProcessingOutputNumber("ACCEPTED", tr("Planned records written")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    # ---------------------------------------------------------------- parameters
    def _date(self, parameters, name, context):
        raw = parameters.get(name)
        if raw is None or raw == "":
            return None
        return as_date(raw if isinstance(raw, str) else self.parameterAsDate(parameters, name, context), name)

    def _choices(self, parameters, name, context, options):
        chosen = set(self.parameterAsEnumStrings(parameters, name, context))
        unknown = sorted(chosen - set(options))
        if unknown:
            raise self.fail(tr("{name}: {values} is not one of {allowed}").format(
                name=name, values=", ".join(unknown), allowed=", ".join(options)))
        chosen = [k for k in options if k in chosen]
        return None if not chosen or len(chosen) == len(options) else chosen

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..core.validation import ValidationError
        from ..layers import planning as LP
        from ..layers.errors import StoreError
        from ..layers.store_ref import open_store
        from .alg_assess_network import store_name

        ref = self.parameterAsFile(parameters, self.STORE, context)  # a path or a PostGIS reference
        try:
            start = self._date(parameters, self.FROM, context) or _dt.date.today()
            end = self._date(parameters, self.TO, context) or P.default_end(start)
        except ValueError as e:
            raise self.fail(str(e)) from None
        if end < start:
            raise self.fail(tr("TO: {end} is before FROM {start}").format(end=end.isoformat(), start=start.isoformat()))
        budget = None
        if parameters.get(self.BUDGET) not in (None, ""):
            budget = self.parameterAsDouble(parameters, self.BUDGET, context)
        district = (self.parameterAsString(parameters, self.DISTRICT, context) or "").strip() or None
        kinds = self._choices(parameters, self.KINDS, context, KINDS)
        categories = self._choices(parameters, self.CATEGORIES, context, P.CATEGORIES)
        do_accept = self.parameterAsBool(parameters, self.ACCEPT, context)
        plan_ref = (self.parameterAsString(parameters, self.PLAN_REF, context) or "").strip() \
            or f"{start.isoformat()}/{end.isoformat()}"
        feedback.pushInfo(tr("Planning {path} from {start} to {end}…").format(
            path=store_name(ref), start=start.isoformat(), end=end.isoformat()))
        try:
            with open_store(str(ref), writable=do_accept) as store:
                if district is not None and district not in LP.districts(store):
                    raise self.fail(tr("DISTRICT: no facility of the store lies in “{district}” (districts: "
                                       "{known})").format(district=district, known=", ".join(LP.districts(store))))
                items = LP.build_items(store, start, end, kinds, district, _Part(feedback, 0, 40))
                plan = P.make_plan(items, start, end, budget, districts=district, kinds=kinds, categories=categories)
                if feedback.isCanceled():
                    return {}
                points = LP.representative_points(store, plan.items)
                epsg = store.epsg
                accepted = None
                if do_accept:
                    feedback.pushInfo(tr("Writing the planned maintenance records of plan {ref}…").format(ref=plan_ref))
                    accepted = LP.accept(store, plan.within, plan_ref)
                    feedback.setProgress(70.0)
        except LP.PlanCancelled:
            return {}
        except (StoreError, ValueError) as e:  # PlanError and ValidationError are ValueErrors
            if isinstance(e, ValidationError):
                raise self.fail(tr("Nothing was written: {problem}").format(problem=str(e))) from None
            raise self.fail(str(e)) from None

        crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, output_fields(), QgsWkbTypes.Point, crs)
        if sink is None:
            raise self.fail(tr("Cannot create the output layer."))
        rows = P.records(plan)
        n = max(1, len(rows))
        for i, rec in enumerate(rows):
            if i % 2000 == 0:
                if feedback.isCanceled():
                    break
                feedback.setProgress(70.0 + 30.0 * i / n)
            f = QgsFeature()
            xy = points.get(rec["facility_uid"])
            if xy is not None:
                f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*xy)))
            values = []
            for name in P.RECORD_FIELDS:
                v = rec[name]
                values.append(_qdate(v) if name in _DATE else v)
            values += [kind_label(rec["facility_kind"]), category_label(rec["category"]), reason_label(rec["reason"])]
            f.setAttributes(values)
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)

        summary = plan.summary()
        summary["plan_ref"] = plan_ref
        if accepted is not None:
            summary["accepted"] = {k: accepted[k] for k in ("written", "already_planned", "duplicates")}
        feedback.pushInfo(tr("{n} items, {m} within the budget; estimated cost {total} yuan ({within} yuan within "
                             "the budget).").format(n=summary["items"], m=summary["within_budget"],
                                                    total=f"{summary['total_cost_yuan']:,.0f}",
                                                    within=f"{summary['within_budget_cost_yuan']:,.0f}"))
        if accepted is not None:
            feedback.pushInfo(tr("Plan {ref}: {n} planned maintenance records written; {m} items were planned "
                                 "already.").format(ref=plan_ref, n=accepted["written"], m=accepted["already_planned"]))
        feedback.setProgress(100.0)
        return {self.OUTPUT: dest, "ITEMS": summary["items"], "WITHIN_BUDGET": summary["within_budget"],
                "TOTAL_COST": summary["total_cost_yuan"],
                "ACCEPTED": accepted["written"] if accepted is not None else 0,
                "SUMMARY": json.dumps(summary, ensure_ascii=False, sort_keys=True)}
