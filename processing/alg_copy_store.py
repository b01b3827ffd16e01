"""safe_municipal:copy_store — copy a whole store between backends (GeoPackage ⇄ PostGIS, or the same).

INPUT (a store: GeoPackage file or PostGIS reference), OUTPUT (a NEW GeoPackage file, or a PostGIS
reference typed in) or DATABASE (a PostGIS reference): the target is a new file, a PostGIS schema
that does not exist yet (created: the login must be a superuser or have CREATEROLE), or an existing
EMPTY PostGIS store of the same CRS. Every table is copied in one transaction with the audit log as
it is and auditing suspended (layers.store_copy.copy_into); then the normalised per-table checksums
of both stores are compared (layers.store_copy.table_checksums: every table but the audit log) and
the algorithm fails — removing a target it created — when any differs. Outputs OUTPUT (the target's
reference), TABLES (rows per table, JSON), ROWS and CHECKSUMS_EQUAL.
"""
from __future__ import annotations

import json

from qgis.core import (
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from .base import BaseAlgorithm, store_parameter, tr


class _Part:
    """A feedback seen through the sub-range ``lo`` … ``hi`` of its progress."""

    def __init__(self, feedback, lo: float, hi: float):
        self.feedback, self.lo, self.hi = feedback, lo, hi

    def isCanceled(self):  # noqa: N802 - QgsFeedback API
        return self.feedback.isCanceled()

    def setProgress(self, p):  # noqa: N802 - QgsFeedback API
        self.feedback.setProgress(self.lo + (self.hi - self.lo) * p / 100.0)

    def pushInfo(self, text):  # noqa: N802 - QgsFeedback API
        self.feedback.pushInfo(text)


class CopyStoreAlgorithm(BaseAlgorithm):
    INPUT, OUTPUT, DATABASE = "INPUT", "OUTPUT", "DATABASE"

    def name(self):
        return "copy_store"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Copy a store")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Copies a whole store — every table, the audit log as it is — into a new GeoPackage file or "
                  "into PostGIS, or from PostGIS into a GeoPackage (to work with a copy of the shared store "
                  "elsewhere). The target must be new: a file that does not exist, a PostGIS schema that does not "
                  "exist yet (it is created; the login must be a superuser or have CREATEROLE) or an existing "
                  "empty PostGIS store of the same coordinate system. The copy is written in one transaction; "
                  "afterwards every table of both stores is compared by checksum, and the algorithm fails (and "
                  "removes the new store) when one differs. Type a PostGIS reference (service=…, connection=…, "
                  "host=… dbname=… or postgresql://…, with schema=…) into 'PostGIS store' or the output box.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(store_parameter(self.INPUT, tr("Store to copy (GeoPackage file or PostGIS reference)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("New store file"), tr("GeoPackage (*.gpkg)"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterString(
            self.DATABASE, tr("PostGIS store (instead of a file): a new schema or an empty store"), optional=True))
        self.addOutput(QgsProcessingOutputString("TABLES", tr("Rows per table (JSON)")))
        self.addOutput(QgsProcessingOutputNumber("ROWS", tr("Rows copied")))
        self.addOutput(QgsProcessingOutputBoolean("CHECKSUMS_EQUAL", tr("Every table's checksum equal")))

    def target(self, parameters, context) -> str:
        """The target reference: DATABASE, a PostGIS reference typed as OUTPUT (taken as typed: a file
        destination would get ``.gpkg`` appended), or the OUTPUT file."""
        from ..layers import store_ref

        database = (self.parameterAsString(parameters, self.DATABASE, context) or "").strip()
        raw = parameters.get(self.OUTPUT)
        if not database and isinstance(raw, str) and store_ref.is_postgis(raw):
            database = raw.strip()
        if database:
            if not store_ref.is_postgis(database):
                raise self.fail(tr("{ref} is not a PostGIS store reference (service=…, connection=…, host=… "
                                   "dbname=… or postgresql://…)").format(ref=database))
            return database
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context) if raw else ""
        if not path:
            raise self.fail(tr("Give a new store file or a PostGIS store to copy into."))
        if not path.lower().endswith(".gpkg"):
            raise self.fail(tr("{path}: a store file ends with .gpkg").format(path=path))
        return path

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..layers import store_ref
        from ..layers.errors import StoreError
        from ..layers.store_copy import copy_into, discard_target, read_snapshot, table_checksums

        source = self.parameterAsFile(parameters, self.INPUT, context)
        target = self.target(parameters, context)
        if store_ref.store_key(source) == store_ref.store_key(target):
            raise self.fail(tr("The store cannot be copied onto itself."))
        feedback.pushInfo(tr("Copying {src} into {dst}…").format(src=store_ref.describe(source),
                                                                 dst=store_ref.describe(target)))
        try:
            with store_ref.open_store(source, writable=False) as src, read_snapshot(src):
                # one moment of the source for the copy and its checksums, while others may edit it
                done = copy_into(src, target, _Part(feedback, 0, 80))
                feedback.pushInfo(tr("Comparing the checksums of every table…"))
                want = table_checksums(src)
        except StoreError as e:
            if feedback.isCanceled():
                feedback.pushInfo(tr("Copy cancelled: nothing was written."))
                return {}
            raise self.fail(str(e)) from None
        feedback.setProgress(90)
        try:
            with store_ref.open_store(done["path"], writable=False) as dst:
                have = table_checksums(dst)
        except StoreError as e:
            raise self.fail(str(e)) from None
        differ = sorted(t for t in set(want) | set(have) if want.get(t) != have.get(t))
        if differ:
            if done["created"]:
                discard_target(done["path"], True)
            raise self.fail(tr("The copy differs from the store in {tables}; it was removed.").format(
                tables=", ".join(differ)) if done["created"] else
                tr("The copy differs from the store in {tables}.").format(tables=", ".join(differ)))
        feedback.setProgress(100)
        rows = sum(done["tables"].values())
        feedback.pushInfo(tr("Copied {n} rows in {t} tables into {dst}; every table's checksum is equal.").format(
            n=rows, t=len(done["tables"]), dst=store_ref.describe(done["path"])))
        return {self.OUTPUT: done["path"], "TABLES": json.dumps(done["tables"], sort_keys=True), "ROWS": rows,
                "CHECKSUMS_EQUAL": True}
