"""The locator filter ``pa``: find a facility of the project's store by code or name.

Typing ``pa 东山隧道`` or ``pa SD-XL`` in QGIS's locator bar lists matching facilities as
"code name — kind (district)"; choosing one zooms the map to it, flashes it and opens its
archive. Without the prefix the filter takes part in ordinary searches too (2 characters or more).
QGIS gives plugin filters only prefixes of 3+ characters, so ``pa`` is recognised by the filter
itself (:func:`strip_prefix`).

Threads: QGIS calls ``clone()`` and ``prepare()`` on the main thread, then ``fetchResults()`` on
the clone in a worker thread. So ``prepare`` reads the project's store path (QGIS objects, main
thread only) and ``fetchResults`` opens its *own* read-only store connection (sqlite3
connections belong to the thread that made them), queries, emits results and closes it; it
touches no layer, project or widget. ``triggerResult`` runs on the main thread with the filter
registered in the locator.
"""
from __future__ import annotations

import traceback

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsLocatorFilter,
    QgsLocatorResult,
    QgsProject,
    QgsRectangle,
)

from ..core import schema as S
from ..i18n import tr, translate
from ..settings import project_store_path
from .archive_entry import open_facility_archive
from .messages import log, push

FILTER_NAME = "safe_municipal_facilities"
PREFIX = "pa"
MAX_RESULTS = 30
MIN_CHARS_WITHOUT_PREFIX = 2
POINT_BUFFER_M = 40.0  # a point facility is shown with this much around it (metres; ~ degrees below)
POINT_BUFFER_DEG = 0.0004
MIN_SIDE_M = 80.0


def result_data(result: QgsLocatorResult):
    """A result's user data on every QGIS version (``getUserData()`` 3.18-3.32, property later)."""
    getter = getattr(result, "getUserData", None)
    return getter() if callable(getter) else result.userData


def strip_prefix(string: str, using_prefix: bool) -> tuple:
    """(search text, whether the user typed our prefix).

    QgsLocator activates a *plugin* filter's prefix only when it has 3 or more characters (or the
    user set another one in the options), so "pa 东山隧道" reaches this filter whole, as a search
    without prefix: the prefix is recognised here.
    """
    text = (string or "").strip()
    if not using_prefix:
        head, _sep, rest = text.partition(" ")
        if head.lower() == PREFIX:
            return rest.strip(), True
    return text, using_prefix


def display_string(ref) -> str:
    """'SD-XL-000001 东山隧道 — Tunnels (西陵区)'."""
    kind = translate(S.TR_CONTEXT, S.table(ref.kind).label)
    if ref.district:
        return tr("{title} — {kind} ({district})").format(title=ref.title, kind=kind, district=ref.district)
    return tr("{title} — {kind}").format(title=ref.title, kind=kind)


class FacilityLocatorFilter(QgsLocatorFilter):
    """Search the project's store with :meth:`Archive.find`; open the chosen facility's archive."""

    def __init__(self, iface, store_path: str = ""):
        super().__init__()
        self.iface = iface
        self.store_path = store_path  # set by prepare() on the main thread

    # ---------------------------------------------------------------- identity
    def clone(self):
        return FacilityLocatorFilter(self.iface, self.store_path)

    def name(self):
        return FILTER_NAME

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("平安市政 facilities")

    def description(self):
        return tr("Roads, bridges, tunnels, pipes, manholes … of the Safe Municipal store, by code or name")

    def prefix(self):
        return PREFIX

    def priority(self):
        return QgsLocatorFilter.Priority.High

    # ---------------------------------------------------------------- searching
    def prepare(self, string, context):
        """Main thread: remember which store the current project uses."""
        self.store_path = project_store_path(QgsProject.instance())
        return []

    def fetchResults(self, string, context, feedback):  # noqa: N802 - QGIS API
        """Worker thread: query a private read-only connection; emit one result per facility."""
        text, using_prefix = strip_prefix(string, getattr(context, "usingPrefix", False))
        if not self.store_path or not text or (not using_prefix and len(text) < MIN_CHARS_WITHOUT_PREFIX):
            return
        for ref in self.search(text, feedback):
            if feedback is not None and feedback.isCanceled():
                return
            result = QgsLocatorResult(self, display_string(ref),
                                      {"store": self.store_path, "kind": ref.kind, "uid": ref.uid,
                                       "code": ref.code})
            result.group = translate(S.TR_CONTEXT, S.table(ref.kind).label)
            result.score = 1.0 if text in (ref.code, ref.name) else 0.5
            self.resultFetched.emit(result)

    def search(self, text: str, feedback=None) -> list:
        """FacilityRefs matching ``text`` in the store (its own connection, closed after)."""
        from ..layers.archive import Archive
        from ..layers.errors import StoreError
        from ..layers.store_ref import open_store

        try:
            store = open_store(self.store_path, writable=False)
        except StoreError as e:
            log(tr("Locator: cannot read the store {file}: {problem}").format(file=self.store_path, problem=e),
                Qgis.Warning)
            return []
        try:
            if feedback is not None and feedback.isCanceled():
                return []
            return Archive(store).find(text, limit=MAX_RESULTS)
        finally:
            store.close()

    # ---------------------------------------------------------------- choosing
    def triggerResult(self, result):  # noqa: N802 - QGIS API
        """Main thread: zoom to the facility, flash it, open its archive."""
        data = result_data(result) or {}
        try:
            path, kind, uid = data["store"], data["kind"], data["uid"]
        except (KeyError, TypeError):
            return
        try:
            zoom_to_facility(self.iface.mapCanvas(), path, kind, uid)
        except Exception as e:  # noqa: BLE001 - one message, details in the log
            push(self.iface, tr("Cannot show {code} on the map: {problem}").format(
                code=data.get("code", uid), problem=str(e) or type(e).__name__), Qgis.Warning,
                details=traceback.format_exc())
        open_facility_archive(self.iface, path, kind, uid)


def facility_geometry(path: str, kind: str, uid: str):
    """(QgsGeometry, its CRS) of a facility, read from the store; (None, crs) without geometry."""
    from ..layers.store_ref import open_store

    with open_store(path, writable=False) as store:
        row = store.get(kind, uid)
        crs = QgsCoordinateReferenceSystem(f"EPSG:{store.epsg}")
    if row is None:
        raise KeyError(tr("no {kind} with uid {uid}").format(kind=kind, uid=uid))
    if not row.get("geom"):
        return None, crs
    geom = QgsGeometry()
    geom.fromWkb(bytes(row["geom"]))
    return geom, crs


def facility_extent(geom: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The view around a facility in its CRS: a point gets a small buffer, a line some margin."""
    box = QgsRectangle(geom.boundingBox())
    geographic = crs.isGeographic()
    buffer = POINT_BUFFER_DEG if geographic else POINT_BUFFER_M
    minimum = 2 * buffer if geographic else MIN_SIDE_M
    c = box.center()
    if box.width() <= 0 and box.height() <= 0:  # a point
        return QgsRectangle(c.x() - buffer, c.y() - buffer, c.x() + buffer, c.y() + buffer)
    box.scale(1.2)
    if box.width() < minimum or box.height() < minimum:
        half_w, half_h = max(box.width(), minimum) / 2, max(box.height(), minimum) / 2
        box = QgsRectangle(c.x() - half_w, c.y() - half_h, c.x() + half_w, c.y() + half_h)
    return box


def zoom_to_facility(canvas, path: str, kind: str, uid: str) -> bool:
    """Zoom ``canvas`` to the facility (in the canvas's CRS) and flash it; False without geometry."""
    geom, crs = facility_geometry(path, kind, uid)
    if geom is None or geom.isNull():
        return False
    box = facility_extent(geom, crs)
    dest = canvas.mapSettings().destinationCrs()
    if dest.isValid() and dest != crs:
        box = QgsCoordinateTransform(crs, dest, QgsProject.instance()).transformBoundingBox(box)
    canvas.setExtent(box)
    canvas.refresh()
    canvas.flashGeometries([geom], crs)
    return True
