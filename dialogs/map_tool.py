"""The "Facility archive" map tool: click a facility on the map, its archive opens.

Identification is done here rather than with ``QgsMapToolIdentify`` so that it is exact and
independent of the user's identify settings: only the store's facility layers (custom property
``safe_municipal/table`` naming a facility table) that the canvas shows are searched, within
:data:`TOLERANCE_PX` screen pixels of the click. Among the hits, points win over lines and lines
over polygons (a manhole lies on its pipe, a pipe crosses a storage pond), then the nearest one,
then the topmost layer. The search runs per layer in the layer's CRS with a spatial filter, so it
costs the same in a small and a city store.

The tool's action is checkable: ``QgsMapTool.setAction`` checks it when the tool becomes the
canvas's tool and unchecks it when another tool takes over (``deactivated``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
)
from qgis.gui import QgsMapTool
from qgis.PyQt.QtCore import Qt

from ..core import schema as S
from ..i18n import tr
from .archive_entry import open_facility_archive
from .messages import push

TOLERANCE_PX = 6
PROP_TABLE = "safe_municipal/table"  # = layers.project.PROP_TABLE (kept here: no layers import at plugin load)
PROP_STORE = "safe_municipal/store"
GEOMETRY_RANK = {"Point": 0, "LineString": 1, "Polygon": 2}


@dataclass(frozen=True)
class FacilityHit:
    """A facility found under the cursor."""

    store: str
    kind: str
    uid: str
    layer_id: str
    fid: int
    distance_px: float


def facility_kind(layer) -> Optional[str]:
    """The facility table a layer shows, or None for any other layer."""
    if layer is None or not hasattr(layer, "getFeatures"):
        return None
    kind = layer.customProperty(PROP_TABLE)
    return kind if kind in S.FACILITY_KINDS else None


def layer_store(layer) -> str:
    """The store file of a plugin layer (its data source; the custom property as fallback)."""
    from ..layers.project import layer_store_path

    return layer_store_path(layer) or layer.customProperty(PROP_STORE) or ""


def facilities_at(canvas, point: QgsPointXY, tolerance_px: float = TOLERANCE_PX) -> list:
    """Every facility within ``tolerance_px`` of ``point`` (canvas CRS), best first."""
    settings = canvas.mapSettings()
    mupp = canvas.mapUnitsPerPixel()
    if mupp <= 0:
        return []
    tol = tolerance_px * mupp
    box = QgsRectangle(point.x() - tol, point.y() - tol, point.x() + tol, point.y() + tol)
    scale = canvas.scale()
    hits = []
    for order, layer in enumerate(canvas.layers()):  # topmost first
        kind = facility_kind(layer)
        if kind is None or not layer.isValid():
            continue
        if layer.hasScaleBasedVisibility() and not layer.isInScaleRange(scale):
            continue
        try:
            rect = settings.mapToLayerCoordinates(layer, box)
            here = QgsGeometry.fromPointXY(settings.mapToLayerCoordinates(layer, point))
        except QgsCsException:  # the click lies outside what the layer's CRS can express
            continue
        if rect.isEmpty():
            continue
        layer_tol = max(rect.width(), rect.height()) / 2.0
        rank, store = GEOMETRY_RANK.get(S.table(kind).geometry, 3), layer_store(layer)
        request = (QgsFeatureRequest().setFilterRect(rect)
                   .setSubsetOfAttributes(["uid"], layer.fields()))
        for feature in layer.getFeatures(request):
            geom = feature.geometry()
            uid = feature["uid"]
            if geom is None or geom.isNull() or not isinstance(uid, str) or not uid:
                continue
            d = geom.distance(here)
            if d < 0 or d > layer_tol:
                continue
            distance_px = d / layer_tol * tolerance_px
            hits.append(((rank, round(distance_px, 3), order),
                         FacilityHit(store, kind, uid, layer.id(), feature.id(), distance_px)))
    hits.sort(key=lambda h: h[0])
    return [h for _key, h in hits]


def facility_at(canvas, point: QgsPointXY, tolerance_px: float = TOLERANCE_PX) -> Optional[FacilityHit]:
    """The facility a click at ``point`` means, or None."""
    hits = facilities_at(canvas, point, tolerance_px)
    return hits[0] if hits else None


class FacilityArchiveTool(QgsMapTool):
    """Left click: open the archive of the facility under the cursor."""

    def __init__(self, iface):
        super().__init__(iface.mapCanvas())
        self.iface = iface
        self.last_hit: Optional[FacilityHit] = None
        self.setCursor(QgsApplication.getThemeCursor(QgsApplication.Cursor.Identify))
        self.deactivated.connect(self._uncheck)

    def toggle(self, checked: bool) -> None:
        """What the checkable action does: make this the canvas's tool, or give it up."""
        canvas = self.canvas()
        if checked:
            canvas.setMapTool(self)
        elif canvas.mapTool() is self:
            canvas.unsetMapTool(self)

    def _uncheck(self) -> None:
        action = self.action()
        if action is not None and action.isChecked():
            action.setChecked(False)

    def canvasReleaseEvent(self, event):  # noqa: N802 - QGIS API
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.identify_and_open(event.mapPoint())

    def identify_and_open(self, point: QgsPointXY) -> Optional[FacilityHit]:
        hit = facility_at(self.canvas(), point)
        self.last_hit = hit
        if hit is None:
            push(self.iface, tr("No facility here: click on a road, bridge, pipe, manhole or other facility "
                                "of the store."), Qgis.Info)
            return None
        open_facility_archive(self.iface, hit.store, hit.kind, hit.uid)
        return hit

    def unload(self) -> None:
        """Stop being the canvas's tool and go (the canvas owns map tools it parents)."""
        canvas = self.canvas()
        if canvas is not None and canvas.mapTool() is self:
            canvas.unsetMapTool(self)
        try:
            self.deactivated.disconnect(self._uncheck)
        except TypeError:
            pass
        self.setAction(None)
        self.deleteLater()
