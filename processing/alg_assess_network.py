"""safe_municipal:assess_network — grade every facility of a store by its standard (体检).

STORE is a store reference: a GeoPackage file or a PostGIS store (``layers/store_ref.py``).

The work is ``layers.assess.assess_network`` (imported when the algorithm runs); this
algorithm only turns parameters into its arguments and its counts into outputs.
"""
from __future__ import annotations

import datetime as _dt
import json

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
)

from ..core import schema as S
from ..layers.errors import StoreError
from ..layers.store_ref import describe, open_store
from .base import BaseAlgorithm, as_date, store_parameter, tr

#: The facility tables an assessment can cover, in the order of the KINDS parameter.
KINDS = tuple(S.FACILITY_KINDS)


def store_name(ref: str) -> str:
    """The store as messages name it (a PostGIS reference described; one that cannot be read as it is:
    opening it says what is wrong)."""
    try:
        return describe(ref)
    except StoreError:
        return str(ref)


def gradable(kinds):
    """``kinds`` without the facility kinds no standard grades (rain inlets, storage); None stays None."""
    if kinds is None:
        return None
    from ..core.assessment_inputs import STANDARD_BY_KIND

    chosen = [k for k in kinds if k in STANDARD_BY_KIND]
    if not chosen:
        raise ValueError(tr("KINDS: none of {kinds} is graded by a standard").format(kinds=", ".join(kinds)))
    return chosen


def run_assessment(ref: str, kinds, as_of, feedback):
    """Open the store ``ref`` (a GeoPackage path or a PostGIS reference; writable, in this thread) and run
    ``layers.assess.assess_network`` on it.

    Imported lazily: it loads the grading engine. Runs in a task thread too: no layer, no project.
    """
    from ..layers.assess import assess_network

    kinds = gradable(kinds)
    with open_store(str(ref), writable=True) as store:
        return assess_network(store, kinds=kinds, as_of=as_of, feedback=feedback)


class AssessNetworkAlgorithm(BaseAlgorithm):
    STORE, KINDS, AS_OF = "STORE", "KINDS", "AS_OF"

    def name(self):
        return "assess_network"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Assess network")

    def group(self):
        return tr("Health assessment")

    def groupId(self):  # noqa: N802 - QGIS API
        return "assessment"

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Grades every facility of the chosen kinds by its national standard from its latest inspection "
                  "data, writes the assessment history and updates each facility's grade, next inspection date "
                  "and recommended action. Running it again on unchanged data changes nothing. The date "
                  "defaults to today.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.STORE))
        self.addParameter(QgsProcessingParameterEnum(
            self.KINDS, tr("Facility kinds"), options=list(KINDS), allowMultiple=True,
            defaultValue=list(KINDS), optional=True, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterDateTime(
            self.AS_OF, tr("Assessment date (default: today)"), QgsProcessingParameterDateTime.Type.Date,
            optional=True))
        self.addOutput(QgsProcessingOutputString("COUNTS", tr("Counts (JSON)")))
        self.addOutput(QgsProcessingOutputNumber("ASSESSED", tr("Facilities assessed")))
        self.addOutput(QgsProcessingOutputNumber("CHANGED", tr("Facilities changed")))

    def _kinds(self, parameters, context):
        chosen = self.parameterAsEnumStrings(parameters, self.KINDS, context)
        chosen = [k for k in KINDS if k in set(chosen)]
        return None if not chosen or len(chosen) == len(KINDS) else chosen

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        ref = self.parameterAsFile(parameters, self.STORE, context)  # a path or a PostGIS reference
        kinds = self._kinds(parameters, context)
        raw = parameters.get(self.AS_OF)
        try:
            as_of = as_date(raw if isinstance(raw, str) else self.parameterAsDate(parameters, self.AS_OF, context)
                            if raw is not None else None)
        except ValueError as e:
            raise self.fail(str(e)) from None
        as_of = as_of or _dt.date.today()
        feedback.pushInfo(tr("Assessing {kinds} in {path} as of {date}…").format(
            kinds=", ".join(kinds or KINDS), path=store_name(ref), date=as_of.isoformat()))
        try:
            counts = run_assessment(ref, kinds, as_of, feedback)
        except (StoreError, ValueError) as e:
            if feedback.isCanceled():
                raise self.fail(tr("The assessment was cancelled; nothing was changed.")) from None
            raise self.fail(str(e)) from None
        except Exception:
            if feedback.isCanceled():
                raise self.fail(tr("The assessment was cancelled; nothing was changed.")) from None
            raise
        counts = dict(counts or {})
        # One line per facility would swamp the output: count the reasons instead (details in the log).
        reasons: dict = {}
        for reason in (counts.pop("skipped_facilities", None) or {}).values():
            reasons[reason] = reasons.get(reason, 0) + 1
        counts["skipped_reasons"] = reasons
        for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
            feedback.pushInfo(tr("Skipped {n}: {reason}").format(n=n, reason=reason))
        assessed, changed = int(counts.get("assessed", 0)), int(counts.get("changed", 0))
        feedback.pushInfo(tr("Assessed {n} facilities, {m} changed.").format(n=assessed, m=changed))
        return {"COUNTS": json.dumps(counts, ensure_ascii=False, sort_keys=True, default=str),
                "ASSESSED": assessed, "CHANGED": changed}
