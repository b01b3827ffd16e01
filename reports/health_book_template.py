"""The health book's page: its layout items, where they are, and the ``.qpt`` template holding them.

``resources/layouts/health_book.qpt`` is what exports load (:func:`load_template`);
:func:`write_template` rebuilds it from :func:`build_template` after a change here. Binding the
template to a store's layers and exporting it is :mod:`.health_book`.

Every item of a layout costs on every atlas page, whatever it shows: QGIS 3.22 refreshes each item
for each feature and builds several expression contexts doing so (each reading the global settings),
and it draws every text through ``QgsTextRenderer``, which outlines each glyph into a ``QPicture``
before drawing it as text. So the page holds few items: text that sits together is one label with
line breaks (title; code, district and unit; grade standard, action, category and dates), the
attribute list is two framed label columns, and the overview inset is a picture of the city drawn once
per export with a marker item placed on the facility by data-defined position.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFillSymbol,
    QgsLayout,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutObject,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRectangle,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..i18n import tr
from . import fonts

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "layouts" / "health_book.qpt"
LAYOUT_NAME = "Health book"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
ATLAS_FILTER = "\"facility_uid\" = attribute(@atlas_feature, 'uid')"
PHOTOS = 3
MAX_INSPECTIONS = 6
MAX_WORKS = 5
HIGHLIGHT = QColor("#e6007e")


class HealthBookError(Exception):
    """The health book cannot be made (no such facility, nothing matches, the export failed)."""


# Item ids of the template (the tests and the binding look items up by these).
ITEM_MAP, ITEM_OVERVIEW, ITEM_OVERVIEW_MARKER, ITEM_CHART = "hb_map", "hb_overview", "hb_overview_marker", "hb_chart"
ITEM_ATTRIBUTES, ITEM_INSPECTIONS, ITEM_WORKS = "hb_attributes", "hb_inspections", "hb_maintenance"
ITEM_ATTRIBUTE_LABELS, ITEM_ATTRIBUTE_VALUES = "hb_attribute_labels", "hb_attribute_values"
PHOTO_ITEMS = tuple(f"hb_photo_{i}" for i in range(1, PHOTOS + 1)) + tuple(
    f"hb_caption_{i}" for i in range(1, PHOTOS + 1))
ITEM_IDS = (ITEM_MAP, ITEM_OVERVIEW, ITEM_OVERVIEW_MARKER, ITEM_CHART, ITEM_ATTRIBUTE_LABELS, ITEM_ATTRIBUTE_VALUES,
            ITEM_INSPECTIONS, ITEM_WORKS, "hb_title", "hb_subtitle", "hb_grade", "hb_state", "hb_inspections_title",
            "hb_maintenance_title", "hb_photos_title", "hb_footer") + PHOTO_ITEMS

# Where things are on the page (mm): x, y, width, height. ITEM_ATTRIBUTES is the area of the two
# attribute columns (no item of its own).
BOX = {
    "hb_title": (MARGIN, 8, 190, 11), "hb_subtitle": (MARGIN, 19, 190, 11),
    ITEM_MAP: (MARGIN, 32, 118, 86), ITEM_OVERVIEW: (132, 32, 68, 42),
    "hb_grade": (132, 77, 68, 16), "hb_state": (132, 95, 68, 26),
    ITEM_ATTRIBUTES: (MARGIN, 122, 88, 62), ITEM_CHART: (102, 122, 98, 62),
    "hb_inspections_title": (MARGIN, 187, 190, 5), ITEM_INSPECTIONS: (MARGIN, 192, 190, 34),
    "hb_maintenance_title": (MARGIN, 228, 190, 5), ITEM_WORKS: (MARGIN, 233, 190, 28),
    "hb_photos_title": (MARGIN, 262, 190, 5), "hb_footer": (MARGIN, 288, 190, 5),
}
#: The facility's place in the overview inset: a ring of this diameter (mm), centred by the sheet's
#: ``inset_x``/``inset_y`` (its top-left corner on the page, mm).
MARKER_MM = 4.0
BOX[ITEM_OVERVIEW_MARKER] = (BOX[ITEM_OVERVIEW][0], BOX[ITEM_OVERVIEW][1], MARKER_MM, MARKER_MM)
#: The attribute list: two framed label columns, field names and values, line for line.
ATTRIBUTE_LABEL_W, ATTRIBUTE_PT = 36, 6.5
RECORD_PT = 7  # the record tables' text
BOX[ITEM_ATTRIBUTE_LABELS] = (MARGIN, 122, ATTRIBUTE_LABEL_W, 62)
BOX[ITEM_ATTRIBUTE_VALUES] = (MARGIN + ATTRIBUTE_LABEL_W, 122, 88 - ATTRIBUTE_LABEL_W, 62)
PHOTO_Y, PHOTO_H, CAPTION_H = 267, 17, 4
for _i in range(PHOTOS):
    BOX[f"hb_photo_{_i + 1}"] = (MARGIN + _i * 64, PHOTO_Y, 60, PHOTO_H)
    BOX[f"hb_caption_{_i + 1}"] = (MARGIN + _i * 64, PHOTO_Y + PHOTO_H, 60, CAPTION_H)


def _mm(value: float) -> QgsLayoutMeasurement:
    return QgsLayoutMeasurement(value, QgsUnitTypes.LayoutUnit.LayoutMillimeters)


def _place(item, item_id: str) -> None:
    x, y, w, h = BOX[item_id]
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def _label(layout: QgsLayout, item_id: str, text: str, size: float, bold: bool = False,
           color: QColor = fonts.TEXT, halign=Qt.AlignmentFlag.AlignLeft) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    label.setFont(fonts.font(size, bold))
    label.setFontColor(QColor(color))
    label.setHAlign(halign)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    label.setMarginX(0.8)
    label.setMarginY(0.4)
    _place(label, item_id)
    layout.addLayoutItem(label)
    return label


def _table(layout: QgsLayout, item_id: str, max_rows: int) -> QgsLayoutItemAttributeTable:
    table = QgsLayoutItemAttributeTable(layout)
    table.setHeaderTextFormat(fonts.text_format(RECORD_PT, bold=True))
    table.setContentTextFormat(fonts.text_format(RECORD_PT))
    table.setHeaderMode(QgsLayoutTable.HeaderMode.FirstFrame)
    table.setMaximumNumberOfFeatures(max_rows)
    table.setFilterFeatures(True)
    table.setFeatureFilter(ATLAS_FILTER)
    # nothing recorded: no table (its title says so) — headers and a message would cost on every such page
    table.setEmptyTableBehavior(QgsLayoutTable.EmptyTableMode.HideTable)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.TruncateText)  # one line a row
    table.setCellMargin(0.8)
    table.setGridStrokeWidth(0.15)
    table.setGridColor(QColor(158, 158, 158))
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(item_id)
    _place(frame, item_id)
    table.addFrame(frame)
    return table


def _map(layout: QgsLayout, item_id: str) -> QgsLayoutItemMap:
    item = QgsLayoutItemMap(layout)
    item.setId(item_id)
    _place(item, item_id)
    item.setExtent(QgsRectangle(0, 0, BOX[item_id][2], BOX[item_id][3]))
    _place(item, item_id)  # again: an empty extent gave the first size no height
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(_mm(0.3))
    item.setAtlasDriven(True)
    item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
    item.setKeepLayerSet(True)
    layout.addLayoutItem(item)
    return item


def _picture(layout: QgsLayout, item_id: str, source_field: str = "", frame: float = 0.0) -> QgsLayoutItemPicture:
    pic = QgsLayoutItemPicture(layout)
    pic.setId(item_id)
    _place(pic, item_id)
    pic.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    if source_field:
        pic.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.PictureSource,
                                                QgsProperty.fromField(source_field))
    if frame:
        pic.setFrameEnabled(True)
        pic.setFrameStrokeWidth(_mm(frame))
    layout.addLayoutItem(pic)
    return pic


def build_template(project: QgsProject) -> QgsPrintLayout:
    """The health book page built in code (layers unbound): what ``health_book.qpt`` holds."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page, turned to portrait below
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.setName(LAYOUT_NAME)
    muted = fonts.MUTED
    _label(layout, "hb_title", '[% "title" %]', 17, bold=True)
    _label(layout, "hb_subtitle", '[% "subtitle" %]', 9, color=muted)  # two lines: book and code, district, unit

    _map(layout, ITEM_MAP)
    # The overview inset: the city drawn once per export into this picture (:func:`.health_book._bind`
    # sets its file), the facility's place a ring moved onto it page by page.
    overview = _picture(layout, ITEM_OVERVIEW, frame=0.3)
    overview.setResizeMode(QgsLayoutItemPicture.ResizeMode.Stretch)
    marker = QgsLayoutItemShape(layout)
    marker.setShapeType(QgsLayoutItemShape.Shape.Ellipse)
    marker.setId(ITEM_OVERVIEW_MARKER)
    marker.setSymbol(QgsFillSymbol.createSimple({"color": "230,0,126,70", "outline_color": HIGHLIGHT.name(),
                                                 "outline_width": "0.6"}))
    _place(marker, ITEM_OVERVIEW_MARKER)
    for prop, column in ((QgsLayoutObject.DataDefinedProperty.PositionX, "inset_x"),
                         (QgsLayoutObject.DataDefinedProperty.PositionY, "inset_y")):
        marker.dataDefinedProperties().setProperty(prop, QgsProperty.fromField(column))
    layout.addLayoutItem(marker)

    # the grade, large, on its colour (any grade fits the box's width: Ⅱ, D, 'non_compliant', 'Not graded')
    grade = _label(layout, "hb_grade", '[% "grade_text" %]', 15, bold=True, halign=Qt.AlignmentFlag.AlignHCenter)
    grade.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    grade.setBackgroundEnabled(True)
    grade.setBackgroundColor(QColor("#a0a0a0"))
    grade.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.BackgroundColor,
                                              QgsProperty.fromField("grade_color"))
    _label(layout, "hb_state", '[% "state" %]', 8)  # standard, action, category, next due, last inspected

    # The attributes: two label columns filled line for line (:func:`.health_book.attribute_columns`),
    # framed. A layout table would draw every cell through QgsTextRenderer, one by one.
    for item_id, column, color in ((ITEM_ATTRIBUTE_LABELS, "attribute_labels", muted),
                                  (ITEM_ATTRIBUTE_VALUES, "attribute_values", fonts.TEXT)):
        label = _label(layout, item_id, f'[% "{column}" %]', ATTRIBUTE_PT, color=color)
        label.setFrameEnabled(True)
        label.setFrameStrokeColor(QColor(158, 158, 158))
        label.setFrameStrokeWidth(_mm(0.15))
    _picture(layout, ITEM_CHART, "chart", frame=0.15)

    _label(layout, "hb_inspections_title", '[% "inspections_title" %]', 9, bold=True)
    _table(layout, ITEM_INSPECTIONS, MAX_INSPECTIONS)
    _label(layout, "hb_maintenance_title", '[% "maintenance_title" %]', 9, bold=True)
    _table(layout, ITEM_WORKS, MAX_WORKS)
    _label(layout, "hb_photos_title", '[% "photos_title" %]', 9, bold=True)
    for i in range(1, PHOTOS + 1):
        _picture(layout, f"hb_photo_{i}", f"photo_{i}")
        _label(layout, f"hb_caption_{i}", f'[% "caption_{i}" %]', 6.5, color=muted,
               halign=Qt.AlignmentFlag.AlignHCenter)
    _label(layout, "hb_footer", '[% "footer" %] · [% @atlas_featurenumber %] / [% @atlas_totalfeatures %]', 7,
           color=muted, halign=Qt.AlignmentFlag.AlignRight)

    atlas = layout.atlas()
    atlas.setEnabled(True)
    atlas.setFilenameExpression('"file_name"')
    atlas.setPageNameExpression('"code"')
    return layout


def write_template(path: Path = TEMPLATE) -> Path:
    """Save :func:`build_template` as the ``.qpt`` the exports load (run after changing the page)."""
    project = QgsProject()
    layout = build_template(project)
    doc = QDomDocument("Layout")
    doc.appendChild(layout.writeXml(doc, QgsReadWriteContext()))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(doc.toString(1), encoding="utf-8")
    return Path(path)


class BookLayout(QgsPrintLayout):
    """A print layout whose expression contexts are made from scopes read once.

    QGIS 3.22 builds a fresh expression context every time an item asks — refreshing, sizing, placing
    and drawing each item on each atlas page: about 20 times per item and page, 300 times a health
    book page. ``QgsPrintLayout`` makes each from scratch: the global scope (which opens the QGIS
    settings three times: file checks, time-zone conversions), the project's, the coverage layer's,
    the layout's and the atlas's — about half of what an item costs per page. Here the first four are
    read once (per coverage layer), and while the atlas renders, one context per page (the atlas scope
    is the page's: its feature, number and file name) is copied to whoever asks. What
    ``QgsPrintLayout.createExpressionContext`` returns, scope for scope and value for value, for less.
    :meth:`scopes_changed` forgets the scopes (call it after changing global, project, layer or layout
    variables; :func:`.health_book.prepare` calls it once the layout is bound)."""

    def __init__(self, project: QgsProject):
        super().__init__(project)
        self._shared = {}  # coverage layer id or "": a context holding the shared scopes
        self._rendering = False
        self._page = (None, None)  # ((feature number, file name), its context) while rendering
        # bound methods of the layout (a QObject): no reference cycle through a lambda
        self.atlas().renderBegun.connect(self._render_begun)
        self.atlas().renderEnded.connect(self._render_ended)

    def _render_begun(self) -> None:
        self._rendering, self._page = True, (None, None)

    def _render_ended(self) -> None:
        self._rendering, self._page = False, (None, None)

    def scopes_changed(self) -> None:
        self._shared, self._page = {}, (None, None)

    def _shared_scopes(self) -> QgsExpressionContext:
        layer = self.reportContext().layer()  # the atlas sets it as it renders
        key = layer.id() if layer is not None else ""
        base = self._shared.get(key)
        if base is None:
            base = QgsExpressionContext()
            base.appendScope(QgsExpressionContextUtils.globalScope())
            base.appendScope(QgsExpressionContextUtils.projectScope(self.project()))
            if layer is not None:
                base.appendScope(QgsExpressionContextUtils.layerScope(layer))
            base.appendScope(QgsExpressionContextUtils.layoutScope(self))
            self._shared[key] = base
        return base

    def createExpressionContext(self) -> QgsExpressionContext:  # noqa: N802 - QGIS's name
        atlas = self.atlas()
        page = None
        if self._rendering and atlas.currentFeatureNumber() >= 0:
            # the atlas sets the page's number, then its feature, then its file name (the items
            # refreshed in between see the previous file name, as with QgsPrintLayout)
            page = (atlas.currentFeatureNumber(), atlas.currentFilename())
            if page == self._page[0]:
                return QgsExpressionContext(self._page[1])
        context = QgsExpressionContext(self._shared_scopes())
        if atlas.enabled():
            context.appendScope(QgsExpressionContextUtils.atlasScope(atlas))
        if page is not None:
            self._page = (page, QgsExpressionContext(context))
        return context


def load_template(project: QgsProject, path: Path = TEMPLATE) -> QgsPrintLayout:
    """The health book layout from the ``.qpt`` (``QgsPrintLayout.loadFromTemplate``), unbound."""
    doc = QDomDocument()
    text = Path(path).read_text(encoding="utf-8")
    if not doc.setContent(text):
        raise HealthBookError(tr("{path} is no layout template").format(path=path))
    layout = BookLayout(project)
    _items, ok = layout.loadFromTemplate(doc, QgsReadWriteContext())
    if not ok:
        raise HealthBookError(tr("{path} is no layout template").format(path=path))
    layout.setName(LAYOUT_NAME)
    missing = [i for i in ITEM_IDS if layout.itemById(i) is None]
    if missing:
        raise HealthBookError(tr("The layout template {path} lacks the items {ids}").format(
            path=path, ids=", ".join(missing)))
    return layout
