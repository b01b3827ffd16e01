"""The lifecycle health book (全生命周期健康状况书): one A4 portrait page per facility, as PDF.

    export_health_book("/data/yichang.gpkg", "tunnel", uid, "/out/东山隧道.pdf")
    export_health_books("/data/yichang.gpkg", "bridge", "/out/bridges.pdf", '"district" = \'西陵区\'')
    export_health_books(path, "road", "/out/roads/", one_file=False)       # one PDF per road, named by code
    export_health_books("service=city schema=safe_municipal", "road", "/out/roads.pdf")   # a PostGIS store

The store is a GeoPackage file or a PostGIS store reference (``layers/store_ref.py``): the books read it
through the store API and QGIS layers of either provider, and print the same page from either.

The page (layout template ``resources/layouts/health_book.qpt``, loaded with
``QgsPrintLayout.loadFromTemplate``; :func:`write_template` rebuilds it from :func:`build_template`):
title (kind, name, code, district), a location map with the facility highlighted and an overview
inset of the city with the map's extent, the facility's attributes (translated schema labels and
values), the current grade in the grade theme's colour with its standard, recommended action and
next due date, the grade-history chart (:mod:`.chart`, an SVG drawing in a picture item), the latest
inspections and maintenance works (layout attribute tables over the facility's related records:
a snapshot of the store's ``inspection`` and ``maintenance`` rows taken as the export starts, in an
indexed GeoPackage, related to the sheet by ``facility_uid``) and up to three photos from the store's
attachments.

Every export is an atlas. Its coverage is a memory layer (the *sheet*) made from the facility
layer's features that match the filter: the facility's geometry and uid plus what the page prints
that is no column of the store (title, grade colour, chart and photo files…). The sheet is drawn on
top of the location map only, with a highlight rule ``$id = @atlas_featureid``. The facility's
recorded attributes are two label columns (names and values, wrapped line for line in Python).

The layers live in a fresh QgsProject (``layers.project.load_store``), never the user's: the export
runs on the main thread (layout rendering needs it), in the Processing algorithm with
``FlagNoThreading``. Text is exported as text in Noto Sans CJK SC (:mod:`.fonts`), embedded.
"""
from __future__ import annotations

import datetime as _dt
import mimetypes
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFillSymbol,
    QgsLayout,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemMapOverview,
    QgsLayoutItemPicture,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutObject,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLineSymbol,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRelation,
    QgsRelationContext,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize, Qt, QVariant
from qgis.PyQt.QtGui import QColor, QFontMetricsF, QImage
from qgis.PyQt.QtXml import QDomDocument

from ..core import schema as S
from ..core.records import DEFAULT_STANDARD
from ..i18n import tr, translate
from . import fonts
from .chart import write_chart_svg

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "layouts" / "health_book.qpt"
LAYOUT_NAME = "Health book"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
ATLAS_FILTER = "\"facility_uid\" = attribute(@atlas_feature, 'uid')"
PHOTOS = 3
MAX_INSPECTIONS = 6
MAX_WORKS = 5
MAP_SCALES = (500, 1000, 2000, 2500, 5000, 10000, 25000, 50000, 100000)
#: The scale a point facility's map starts from (the atlas then picks the first predefined scale)
POINT_SCALE = 1000
GRADE_SHORT = 3  # characters of a grade printed large
HIGHLIGHT = QColor("#e6007e")
DPI = 150

# Item ids of the template (the tests and the binding look items up by these).
ITEM_MAP, ITEM_OVERVIEW, ITEM_CHART = "hb_map", "hb_overview", "hb_chart"
ITEM_ATTRIBUTES, ITEM_INSPECTIONS, ITEM_WORKS = "hb_attributes", "hb_inspections", "hb_maintenance"
ITEM_ATTRIBUTE_LABELS, ITEM_ATTRIBUTE_VALUES = "hb_attribute_labels", "hb_attribute_values"
ITEM_IDS = (ITEM_MAP, ITEM_OVERVIEW, ITEM_CHART, ITEM_ATTRIBUTES, ITEM_ATTRIBUTE_LABELS, ITEM_ATTRIBUTE_VALUES,
            ITEM_INSPECTIONS, ITEM_WORKS, "hb_heading",
            "hb_title", "hb_subtitle", "hb_grade", "hb_grade_long", "hb_grade_note", "hb_state", "hb_inspections_title",
            "hb_maintenance_title", "hb_photos_title", "hb_footer") + tuple(
    f"hb_photo_{i}" for i in range(1, PHOTOS + 1)) + tuple(f"hb_caption_{i}" for i in range(1, PHOTOS + 1))

# Where things are on the page (mm): x, y, width, height.
BOX = {
    "hb_heading": (MARGIN, 8, 190, 6), "hb_title": (MARGIN, 14, 190, 10), "hb_subtitle": (MARGIN, 24, 190, 6),
    ITEM_MAP: (MARGIN, 32, 118, 86), ITEM_OVERVIEW: (132, 32, 68, 42),
    "hb_grade": (132, 77, 24, 16), "hb_grade_long": (132, 77, 24, 16), "hb_grade_note": (158, 77, 42, 16), "hb_state": (132, 95, 68, 23),
    ITEM_ATTRIBUTES: (MARGIN, 122, 88, 62), ITEM_CHART: (102, 122, 98, 62),
    "hb_inspections_title": (MARGIN, 187, 190, 5), ITEM_INSPECTIONS: (MARGIN, 192, 190, 34),
    "hb_maintenance_title": (MARGIN, 228, 190, 5), ITEM_WORKS: (MARGIN, 233, 190, 28),
    "hb_photos_title": (MARGIN, 262, 190, 5), "hb_footer": (MARGIN, 288, 190, 5),
}
#: The attribute list: a framed box holding two label columns, field names and values, line for line.
ATTRIBUTE_LABEL_W, ATTRIBUTE_PT = 36, 6.5
RECORD_PT = 7  # the record tables' text
BOX[ITEM_ATTRIBUTE_LABELS] = (MARGIN, 122, ATTRIBUTE_LABEL_W, 62)
BOX[ITEM_ATTRIBUTE_VALUES] = (MARGIN + ATTRIBUTE_LABEL_W, 122, 88 - ATTRIBUTE_LABEL_W, 62)
PHOTO_Y, PHOTO_H, CAPTION_H = 267, 17, 4
for _i in range(PHOTOS):
    BOX[f"hb_photo_{_i + 1}"] = (MARGIN + _i * 64, PHOTO_Y, 60, PHOTO_H)
    BOX[f"hb_caption_{_i + 1}"] = (MARGIN + _i * 64, PHOTO_Y + PHOTO_H, 60, CAPTION_H)

#: The sheet (atlas coverage) fields: all text, filled in by :func:`_sheet_values`.
SHEET_FIELDS = ("uid", "facility_kind", "code", "file_name", "name", "heading", "title", "subtitle", "grade_text", "grade_long", "grade_color",
                "grade_note", "state", "attribute_labels", "attribute_values", "chart", "inspections_title", "maintenance_title", "photos_title",
                "footer") + tuple(f"photo_{i}" for i in range(1, PHOTOS + 1)) + tuple(
    f"caption_{i}" for i in range(1, PHOTOS + 1))

#: Facility fields the attribute table leaves out: keys, and what the title and grade box show.
ATTRIBUTES_SKIPPED = ("uid", "code", "name", "grade", "grade_standard", "next_due", "last_inspected",
                      "recommended_action", "recommended_category")


class HealthBookError(Exception):
    """The health book cannot be made (no such facility, nothing matches, the export failed)."""


# --------------------------------------------------------------------------- values
def value_label(list_name: Optional[str], value) -> str:
    """A stored value as the page prints it: coded values by their translated label, numbers short."""
    if value is None or value == "":
        return ""
    if list_name:
        for c in S.VALUE_LISTS.get(list_name, ()):
            if c.value == value:
                return translate(S.TR_CONTEXT, c.label)
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    return str(value)


def field_label(table_name: str, field_name: str) -> str:
    return translate(S.TR_CONTEXT, S.table(table_name).field(field_name).label)


def kind_label(kind: str) -> str:
    return translate(S.TR_CONTEXT, S.table(kind).label)


def safe_file_name(code: str) -> str:
    """A facility code as a file name (codes are ``SD-XL-000001``; anything odd becomes ``_``)."""
    return re.sub(r"[^\w.\-]+", "_", str(code or "facility")).strip("._") or "facility"


# --------------------------------------------------------------------------- template
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


def _place(item, item_id: str) -> None:
    x, y, w, h = BOX[item_id]
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def _table(layout: QgsLayout, item_id: str, max_rows: int, header: bool = True) -> QgsLayoutItemAttributeTable:
    table = QgsLayoutItemAttributeTable(layout)
    table.setHeaderTextFormat(fonts.text_format(RECORD_PT, bold=True))
    table.setContentTextFormat(fonts.text_format(RECORD_PT))
    table.setHeaderMode(QgsLayoutTable.HeaderMode.FirstFrame if header else QgsLayoutTable.HeaderMode.NoHeaders)
    table.setMaximumNumberOfFeatures(max_rows)
    table.setFilterFeatures(True)
    table.setFeatureFilter(ATLAS_FILTER)
    table.setEmptyTableBehavior(QgsLayoutTable.EmptyTableMode.ShowMessage)
    table.setEmptyTableMessage(tr("None recorded"))
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText if not header else
                          QgsLayoutTable.WrapBehavior.TruncateText)  # record tables: one line a row
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


def build_template(project: QgsProject) -> QgsPrintLayout:
    """The health book page built in code (layers unbound): what ``health_book.qpt`` holds."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page, turned to portrait below
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.setName(LAYOUT_NAME)
    muted = fonts.MUTED
    _label(layout, "hb_heading", '[% "heading" %]', 9, color=muted)
    _label(layout, "hb_title", '[% "title" %]', 17, bold=True)
    _label(layout, "hb_subtitle", '[% "subtitle" %]', 9.5, color=muted)

    main = QgsLayoutItemMap(layout)
    main.setId(ITEM_MAP)
    _place(main, ITEM_MAP)
    main.setExtent(QgsRectangle(0, 0, BOX[ITEM_MAP][2], BOX[ITEM_MAP][3]))
    _place(main, ITEM_MAP)  # again: an empty extent gave the first size no height
    main.setFrameEnabled(True)
    main.setFrameStrokeWidth(_mm(0.3))
    main.setAtlasDriven(True)
    main.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
    main.setKeepLayerSet(True)
    layout.addLayoutItem(main)

    overview = QgsLayoutItemMap(layout)
    overview.setId(ITEM_OVERVIEW)
    _place(overview, ITEM_OVERVIEW)
    overview.setExtent(QgsRectangle(0, 0, BOX[ITEM_OVERVIEW][2], BOX[ITEM_OVERVIEW][3]))
    _place(overview, ITEM_OVERVIEW)  # again: an empty extent gave the first size no height
    overview.setFrameEnabled(True)
    overview.setKeepLayerSet(True)
    overview.setBackgroundColor(QColor(245, 245, 245))
    layout.addLayoutItem(overview)
    inset = QgsLayoutItemMapOverview(tr("Map extent"), overview)
    inset.setLinkedMap(main)
    inset.setFrameSymbol(QgsFillSymbol.createSimple({"color": "230,0,126,90", "outline_color": "#e6007e",
                                                     "outline_width": "0.5"}))
    overview.overviews().addOverview(inset)

    grade = _label(layout, "hb_grade", '[% "grade_text" %]', 15, bold=True, halign=Qt.AlignmentFlag.AlignHCenter)
    grade.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    grade.setBackgroundEnabled(True)
    grade.setBackgroundColor(QColor("#a0a0a0"))
    grade.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.BackgroundColor,
                                              QgsProperty.fromField("grade_color"))
    # a grade in words ("Compliant", "Not graded") in smaller type, wrapped, over the same coloured box
    long_grade = _label(layout, "hb_grade_long", '[% "grade_long" %]', 8.5, bold=True,
                        halign=Qt.AlignmentFlag.AlignHCenter)
    long_grade.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    _label(layout, "hb_grade_note", '[% "grade_note" %]', 8)
    _label(layout, "hb_state", '[% "state" %]', 8)

    # The attributes as two label columns filled line for line (:func:`attribute_columns`), in a frame:
    # a layout attribute table would draw every cell through QgsTextRenderer, which outlines each
    # glyph into a QPicture even when exporting text as text — the costliest item of the page.
    box = QgsLayoutItemShape(layout)
    box.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    box.setId(ITEM_ATTRIBUTES)
    box.setSymbol(QgsFillSymbol.createSimple({"color": "255,255,255,0", "outline_color": "158,158,158",
                                              "outline_width": "0.15"}))
    _place(box, ITEM_ATTRIBUTES)
    layout.addLayoutItem(box)
    for item_id, column, color in ((ITEM_ATTRIBUTE_LABELS, "attribute_labels", muted),
                                  (ITEM_ATTRIBUTE_VALUES, "attribute_values", fonts.TEXT)):
        _label(layout, item_id, f'[% "{column}" %]', ATTRIBUTE_PT, color=color)
    chart = QgsLayoutItemPicture(layout)
    chart.setId(ITEM_CHART)
    _place(chart, ITEM_CHART)
    chart.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    chart.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.PictureSource,
                                              QgsProperty.fromField("chart"))
    chart.setFrameEnabled(True)
    chart.setFrameStrokeWidth(_mm(0.15))
    layout.addLayoutItem(chart)

    _label(layout, "hb_inspections_title", '[% "inspections_title" %]', 9, bold=True)
    _table(layout, ITEM_INSPECTIONS, MAX_INSPECTIONS)
    _label(layout, "hb_maintenance_title", '[% "maintenance_title" %]', 9, bold=True)
    _table(layout, ITEM_WORKS, MAX_WORKS)
    _label(layout, "hb_photos_title", '[% "photos_title" %]', 9, bold=True)
    for i in range(1, PHOTOS + 1):
        pic = QgsLayoutItemPicture(layout)
        pic.setId(f"hb_photo_{i}")
        _place(pic, f"hb_photo_{i}")
        pic.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
        pic.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.PictureSource,
                                                QgsProperty.fromField(f"photo_{i}"))
        layout.addLayoutItem(pic)
        _label(layout, f"hb_caption_{i}", f'[% "caption_{i}" %]', 6.5, color=muted,
               halign=Qt.AlignmentFlag.AlignHCenter)
    _label(layout, "hb_footer", '[% "footer" %] · [% @atlas_featurenumber %] / [% @atlas_totalfeatures %]', 7,
           color=muted, halign=Qt.AlignmentFlag.AlignRight)

    atlas = layout.atlas()
    atlas.setEnabled(True)
    atlas.setFilenameExpression('"file_name"')
    atlas.setPageNameExpression('"code"')
    return layout


def _mm(value: float) -> QgsLayoutMeasurement:
    return QgsLayoutMeasurement(value, QgsUnitTypes.LayoutUnit.LayoutMillimeters)


def write_template(path: Path = TEMPLATE) -> Path:
    """Save :func:`build_template` as the ``.qpt`` the exports load (run after changing the page)."""
    project = QgsProject()
    layout = build_template(project)
    doc = QDomDocument("Layout")
    doc.appendChild(layout.writeXml(doc, QgsReadWriteContext()))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(doc.toString(1), encoding="utf-8")
    return Path(path)


def load_template(project: QgsProject, path: Path = TEMPLATE) -> QgsPrintLayout:
    """The health book layout from the ``.qpt`` (``QgsPrintLayout.loadFromTemplate``), unbound."""
    doc = QDomDocument()
    text = Path(path).read_text(encoding="utf-8")
    if not doc.setContent(text):
        raise HealthBookError(tr("{path} is no layout template").format(path=path))
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(doc, QgsReadWriteContext())
    if not ok:
        raise HealthBookError(tr("{path} is no layout template").format(path=path))
    layout.setName(LAYOUT_NAME)
    missing = [i for i in ITEM_IDS if layout.itemById(i) is None]
    if missing:
        raise HealthBookError(tr("The layout template {path} lacks the items {ids}").format(
            path=path, ids=", ".join(missing)))
    return layout


# --------------------------------------------------------------------------- data
@dataclass
class Books:
    """What one export put together: the project, its layout and the sheet layers (and their files)."""

    project: QgsProject
    loaded: object
    kind: str
    layout: QgsPrintLayout
    sheet: QgsVectorLayer
    tables: dict  # record table item id -> its snapshot layer
    workdir: Path
    codes: List[str] = field(default_factory=list)

    def close(self) -> None:
        self.project.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


def _columns(spec) -> list:
    out = []
    for heading, expression, width in spec:
        col = QgsLayoutTableColumn(heading)
        col.setAttribute(expression)
        col.setWidth(width)
        out.append(col)
    return out


def _sort(attribute: str, descending: bool) -> QgsLayoutTableColumn:
    col = QgsLayoutTableColumn()
    col.setAttribute(attribute)
    col.setSortOrder(Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    return col


#: The record tables' snapshot layers: (store table, date column for the order, [(field, heading source,
#: width mm)]); a column's text is made in Python (:func:`_record_text`), so the table evaluates no
#: expression but a field reference.
RECORD_TABLES = {
    ITEM_INSPECTIONS: ("inspection", "inspected_on", MAX_INSPECTIONS, (
        ("inspected_on", 20), ("inspection_type", 26), ("standard", 24), ("grade", 12), ("inspector", 26),
        ("summary", 70))),
    ITEM_WORKS: ("maintenance", "started_on", MAX_WORKS, (
        ("started_on", 20), ("finished_on", 20), ("category", 32), ("status", 14), ("contractor", 28),
        ("cost_yuan", 18), ("description", 46))),
}


def record_columns(item_id: str) -> list:
    """The columns of a record table: the store field's label as heading, its text as value."""
    table, _, _, spec = RECORD_TABLES[item_id]
    return _columns(tuple((field_label(table, f), f'"{f}"', width) for f, width in spec))


def inspection_columns() -> list:
    return record_columns(ITEM_INSPECTIONS)


def maintenance_columns() -> list:
    return record_columns(ITEM_WORKS)


def _record_text(table: str, field: str, value) -> str:
    if value is None or value == "":
        return ""
    f = S.table(table).field(field)
    if f.type in ("date", "datetime"):
        return str(value)[:10]
    if field == "cost_yuan":
        return f"{float(value):,.0f}"
    return value_label(f.values, value) if f.values else str(value)


def _record_rows(store, item_id: str, uids: list) -> tuple:
    """(fields, rows): the latest records of each facility as the page prints them (text)."""
    table, order, limit, spec = RECORD_TABLES[item_id]
    fields = [f for f, _ in spec]
    # each cell cut to its column with an ellipsis: the table would draw (and outline) the whole text
    # and clip it; widths in 0.1 mm, less the cell margins (0.8 mm a side) and a little slack
    metrics = _metrics(RECORD_PT)
    widths = [(w - 2.0) * 10.0 for _, w in spec]
    out = []
    columns = ", ".join(f'"{f}"' for f in fields)
    for uid in uids:
        # NULLS LAST spelt out: SQLite's default for DESC, PostgreSQL's is NULLS FIRST
        rows = store.execute(f'SELECT "{order}", {columns} FROM "{table}" WHERE facility_uid = ? '
                             f'ORDER BY "{order}" DESC NULLS LAST, fid DESC LIMIT ?', (uid, limit)).fetchall()
        for k, r in enumerate(rows):
            cells = [_record_text(table, f, v) for f, v in zip(fields, r[1:])]
            out.append([uid, f"{k:03d}"] + [metrics.elidedText(c, Qt.TextElideMode.ElideRight, w) if c else c
                                           for c, w in zip(cells, widths)])
    return ["facility_uid", "sort_key"] + fields, out


def _metrics(size_pt: float) -> QFontMetricsF:
    """Metrics of the report font at ``size_pt`` on a device of 10 px per mm (widths in 0.1 mm)."""
    device = QImage(1, 1, QImage.Format.Format_ARGB32)
    device.setDotsPerMeterX(10000)
    device.setDotsPerMeterY(10000)
    return QFontMetricsF(fonts.font(size_pt), device)


def _snapshot_layers(path: Path, tables: dict) -> dict:
    """Write the tables' rows (``{item id: (fields, rows)}``, all text) into one GeoPackage with an
    index on ``facility_uid`` and open each as a layer.

    The export reads one consistent snapshot taken as it starts, and each page asks for its facility's
    rows by value: the index answers, where a memory layer would test every row of every facility
    and the store's layers would evaluate ``represent_value``/``format_date`` on every cell."""
    from osgeo import ogr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    if ds is None:
        raise HealthBookError(tr("Cannot write {path}").format(path=path))
    try:
        for name, (fields, rows) in tables.items():
            lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone, options=["FID=fid"])
            for f in fields:
                lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
            lyr.StartTransaction()
            defn = lyr.GetLayerDefn()
            for row in rows:
                feature = ogr.Feature(defn)
                for i, v in enumerate(row):
                    feature.SetField(i, v)
                lyr.CreateFeature(feature)
            lyr.CommitTransaction()
            ds.ExecuteSQL(f'CREATE INDEX "{name}_facility_uid" ON "{name}" (facility_uid)')
    finally:
        ds = None
    layers = {}
    for name in tables:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            raise HealthBookError(tr("Cannot read {path}").format(path=path))
        layers[name] = layer
    return layers


def _memory_layer(geometry: Optional[str], epsg: int, name: str, fields: tuple) -> QgsVectorLayer:
    uri = f"{geometry}?crs=EPSG:{epsg}" if geometry else "None"
    layer = QgsVectorLayer(uri, name, "memory")
    layer.dataProvider().addAttributes([QgsField(f, QVariant.String) for f in fields])
    layer.updateFields()
    return layer


def _highlight_renderer(geometry: str) -> QgsRuleBasedRenderer:
    color = HIGHLIGHT.name()
    if geometry == "Point":
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": "0,0,0,0", "outline_color": color,
                                            "outline_width": "0.9", "size": "7"})
    elif geometry == "Polygon":
        sym = QgsFillSymbol.createSimple({"color": "230,0,126,50", "outline_color": color, "outline_width": "1.2"})
    else:
        sym = QgsLineSymbol.createSimple({"color": "230,0,126,110", "width": "3.6", "capstyle": "round"})
        top = QgsLineSymbol.createSimple({"color": color, "width": "0.8", "capstyle": "round"})
        sym.appendSymbolLayer(top.symbolLayer(0).clone())
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, "$id = @atlas_featureid", tr("This facility")))
    return QgsRuleBasedRenderer(root)


def _photos(store, uid: str, folder: Path) -> list:
    """Up to :data:`PHOTOS` images attached to the facility, newest first, written to ``folder``:
    [(path, caption)]."""
    out = []
    rows = store.execute(
        "SELECT uid, file_name, mime_type, title, taken_on, content FROM attachment WHERE facility_uid = ? "
        "AND content IS NOT NULL ORDER BY taken_on DESC NULLS LAST, fid DESC", (uid,)).fetchall()
    for a_uid, file_name, mime, title, taken_on, content in rows:
        mime = mime or mimetypes.guess_type(file_name or "")[0] or ""
        if mime not in ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/svg+xml"):
            continue
        suffix = mimetypes.guess_extension(mime) or Path(file_name or "").suffix or ".img"
        path = folder / f"photo_{a_uid}{suffix}"
        path.write_bytes(bytes(content))
        caption = " ".join(str(v) for v in (title or Path(file_name or "").stem, taken_on) if v)
        out.append((str(path), caption))
        if len(out) >= PHOTOS:
            break
    return out


class _Lookup:
    """Codes of facilities other facilities point to (``road_uid`` …), one indexed query each."""

    def __init__(self, store):
        self.store = store
        self.cache: dict = {}

    def __call__(self, uid: str) -> str:
        if uid not in self.cache:
            self.cache[uid] = uid
            for t in S.FACILITY_TABLES:
                r = self.store.execute(f'SELECT code, name FROM "{t.name}" WHERE uid = ?', (uid,)).fetchone()
                if r:
                    self.cache[uid] = f"{r[0]} {r[1]}" if r[1] else r[0]
                    break
        return self.cache[uid]


def _attribute_rows(kind: str, row: dict, lookup: _Lookup) -> list:
    out = []
    for f in S.table(kind).fields:
        if f.name in ATTRIBUTES_SKIPPED or f.type in ("blob", "json"):
            continue
        value = row.get(f.name)
        if f.type == "uuid" and value:
            text = lookup(value)
        elif f.type == "boolean" and value is not None:
            text = tr("Yes") if value else tr("No")
        else:
            text = value_label(f.values, value)
        if text in (None, "", "—"):
            continue  # the page lists what is recorded: an empty field would only take a row
        out.append((translate(S.TR_CONTEXT, f.label), text))
    return out


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list:
    """``text`` in lines no wider than ``width`` (the metrics' units): at spaces where a line has them,
    anywhere in a run of hanzi (which has none)."""
    lines = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for ch in paragraph:
            if metrics.horizontalAdvance(line + ch) <= width or not line:
                line += ch
                continue
            cut = line.rfind(" ")
            if ch != " " and cut > 0:
                lines.append(line[:cut])
                line = line[cut + 1:] + ch
            else:
                lines.append(line)
                line = "" if ch == " " else ch
        lines.append(line)
    return lines


def attribute_columns(rows: list) -> tuple:
    """(labels text, values text) for the two attribute columns: each value wrapped to its column,
    each name wrapped to its own, the shorter side padded with empty lines so that rows stay level."""
    metrics = _metrics(ATTRIBUTE_PT)  # widths in 0.1 mm
    # minus the label item's 0.8 mm margins each side and 0.6 mm of slack for the PDF's glyph widths
    label_px = (ATTRIBUTE_LABEL_W - 2.2) * 10.0
    value_px = (BOX[ITEM_ATTRIBUTE_VALUES][2] - 2.2) * 10.0
    labels, values = [], []
    for label, value in rows:
        a, b = _wrap(label, metrics, label_px), _wrap(value, metrics, value_px)
        n = max(len(a), len(b))
        labels.extend(a + [""] * (n - len(a)))
        values.extend(b + [""] * (n - len(b)))
    return "\n".join(labels), "\n".join(values)


def _sheet_values(kind: str, row: dict, archive, folder: Path, today: _dt.date, printed: str,
                  inspections: int, works: int) -> dict:
    from ..layers.themes import NOT_GRADED, grade_color

    uid = row["uid"]
    state = archive.current_state(kind, row)
    grade, standard = state["grade"], state["standard"] or DEFAULT_STANDARD.get(kind)
    try:
        color = grade_color(standard, grade) if grade else QColor(NOT_GRADED)
    except ValueError:
        color = QColor(NOT_GRADED)
    due = row.get("next_due")
    overdue = bool(due) and str(due)[:10] < today.isoformat()
    lines = [tr("Recommended action: {action}").format(action=row.get("recommended_action") or "—"),
             tr("Category: {category}").format(
                 category=value_label("assessment_category", row.get("recommended_category")) or "—"),
             (tr("Next inspection due: {date} (overdue)") if overdue else tr("Next inspection due: {date}")).format(
                 date=due or "—"),
             tr("Last inspected: {date}").format(date=row.get("last_inspected") or "—")]
    chart = folder / f"chart_{uid}.svg"
    x, y, w, h = BOX[ITEM_CHART]
    write_chart_svg(str(chart), archive.grade_history(uid), w, h, today=today)
    values = {
        # uid and facility_kind: the fields the project relations pair (the tables' relation source)
        "uid": uid, "facility_kind": kind, "code": row.get("code") or "", "file_name": safe_file_name(row.get("code")),
        "name": row.get("name") or "",
        "heading": tr("Lifecycle health book (全生命周期健康状况书)"),
        "title": tr("{kind}: {name}").format(kind=kind_label(kind), name=row.get("name") or row.get("code")),
        "subtitle": "   ".join(t for t in (tr("Code {code}").format(code=row.get("code")),
                                            row.get("district") or "", row.get("maintenance_unit") or "") if t),
        # Ⅰ…Ⅴ, A…E, 1…5 large; a grade in words smaller (:data:`GRADE_SHORT` characters at most fit)
        "grade_text": grade if grade and len(grade) <= GRADE_SHORT else "",
        "grade_long": "" if grade and len(grade) <= GRADE_SHORT else (grade or tr("Not graded")),
        "grade_color": color.name(),
        "grade_note": tr("Current grade\n{standard}").format(
            standard=value_label("standard", standard) if standard else "—"),
        "state": "\n".join(lines),
        "chart": str(chart),
        "inspections_title": tr("Health records (latest {shown} of {total})").format(
            shown=min(inspections, MAX_INSPECTIONS), total=inspections),
        "maintenance_title": tr("Maintenance works (latest {shown} of {total})").format(
            shown=min(works, MAX_WORKS), total=works),
        "footer": tr("Safe Municipal (平安市政) · printed {date}").format(date=printed),
    }
    photos = _photos(archive.store, uid, folder)
    values["photos_title"] = tr("Photos ({n})").format(n=len(photos)) if photos else tr("Photos: none attached")
    for i in range(1, PHOTOS + 1):
        path, caption = photos[i - 1] if i <= len(photos) else ("", "")
        values[f"photo_{i}"], values[f"caption_{i}"] = path, caption
    return values


def prepare(store_path: str, kind: str, filter_expression: Optional[str] = None, feedback=None,
            today: Optional[_dt.date] = None, project: Optional[QgsProject] = None) -> Books:
    """Load the store into a fresh project and build the bound health book layout (atlas ready).

    Raises :class:`HealthBookError` for an unknown kind, a bad filter or no matching facility.
    """
    from ..layers.archive import Archive
    from ..layers.project import load_store
    from ..layers.store_ref import open_store

    table = S.TABLES_BY_NAME.get(kind)
    if table is None or table.kind != "facility":
        raise HealthBookError(tr("{kind} is not a kind of facility").format(kind=kind))
    request = QgsFeatureRequest()
    if filter_expression:
        expression = QgsExpression(filter_expression)
        if expression.hasParserError():
            raise HealthBookError(tr("The filter is no valid expression: {error}").format(
                error=expression.parserErrorString()))
        request.setFilterExpression(filter_expression)
    request.addOrderBy("code")
    today = today or _dt.date.today()
    project = project if project is not None else QgsProject()
    workdir = Path(tempfile.mkdtemp(prefix="sm_health_book_"))
    try:
        loaded = load_store(store_path, project)
        facilities = loaded.layers[kind]
        uids = [(f["uid"], QgsFeature(f)) for f in facilities.getFeatures(request)]
        if not uids:
            raise HealthBookError(tr("No {kind} matches the filter").format(kind=kind_label(kind)))
        sheet = _memory_layer(table.geometry, loaded.epsg, tr("Health book facilities"), SHEET_FIELDS)
        printed = today.isoformat()
        sheet_features = []
        codes = []
        with open_store(str(store_path), writable=False) as store:
            archive = Archive(store, today=today)
            lookup = _Lookup(store)
            for n, (uid, feature) in enumerate(uids):
                if feedback is not None:
                    if feedback.isCanceled():
                        raise HealthBookError(tr("Cancelled"))
                    feedback.setProgress(40.0 * n / len(uids))
                row = archive.facility(kind, uid)
                values = _sheet_values(kind, row, archive, workdir, today, printed,
                                       archive.record_count("inspection", uid),
                                       archive.record_count("maintenance", uid))
                codes.append(values["code"])
                values["attribute_labels"], values["attribute_values"] = attribute_columns(
                    _attribute_rows(kind, row, lookup))
                sf = QgsFeature(sheet.fields())
                sf.setGeometry(feature.geometry())
                for name in SHEET_FIELDS:
                    sf[name] = values[name]
                sheet_features.append(sf)
            tables = {item_id: _record_rows(store, item_id, [u for u, _ in uids]) for item_id in RECORD_TABLES}
        tables = _snapshot_layers(workdir / "tables.gpkg", tables)
        sheet.dataProvider().addFeatures(sheet_features)
        sheet.updateExtents()
        sheet.setRenderer(_highlight_renderer(table.geometry))
        project.addMapLayers([sheet] + list(tables.values()), False)  # the layout's alone, not in the layer tree
        layout = load_template(project)
        _bind(layout, project, loaded, kind, sheet, tables, workdir)
        return Books(project=project, loaded=loaded, kind=kind, layout=layout, sheet=sheet, tables=tables,
                     workdir=workdir, codes=codes)
    except BaseException:
        project.clear()
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def map_layers(project: QgsProject, loaded) -> list:
    """The facility layers of the store, top to bottom in the project's drawing order."""
    from ..layers.project import PROP_TABLE

    facility = set(S.FACILITY_KINDS)
    return [lyr for lyr in project.layerTreeRoot().layerOrder()
            if lyr.customProperty(PROP_TABLE) in facility and lyr in loaded.layers.values()]


def _inset_layers(project: QgsProject, loaded) -> list:
    """The overview's own copies of the roads and storage facilities, plain grey and blue at any scale
    (the project's styles hide minor roads when zoomed out); in the project, not in its layer tree."""
    out = []
    for name, symbol in (("road", QgsLineSymbol.createSimple({"color": "120,120,120", "width": "0.25"})),
                         ("storage_facility", QgsFillSymbol.createSimple({"color": "179,215,245",
                                                                          "outline_style": "no"}))):
        layer = loaded.layers.get(name)
        if layer is None or not layer.isValid():
            continue
        copy = layer.clone()
        copy.setRenderer(QgsSingleSymbolRenderer(symbol))
        copy.setLabelsEnabled(False)
        copy.setScaleBasedVisibility(False)
        out.append(copy)
    project.addMapLayers(out, False)
    return out


def _inset_picture(layout: QgsPrintLayout, overview: QgsLayoutItemMap, layers: list, crs, workdir: Path) -> None:
    """Render ``layers`` over the overview's extent once, at the export resolution, into a picture
    item placed exactly under the overview map (with the map's background colour)."""
    x, y, w, h = BOX[ITEM_OVERVIEW]
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # storage under roads
    settings.setDestinationCrs(crs)
    settings.setOutputDpi(DPI)
    settings.setOutputSize(QSize(round(w / 25.4 * DPI), round(h / 25.4 * DPI)))
    settings.setExtent(overview.extent())
    settings.setBackgroundColor(overview.backgroundColor())
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    path = str(workdir / "inset.png")
    job.renderedImage().save(path, "PNG")
    picture = QgsLayoutItemPicture(layout)
    picture.setId("hb_overview_picture")
    picture.setPicturePath(path)
    picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Stretch)
    layout.addLayoutItem(picture)
    picture.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    picture.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    picture.setZValue(overview.zValue() - 0.5)


def _unshaped_fonts(layout: QgsPrintLayout) -> None:
    """Put back the fonts' no-shaping strategy (:func:`.fonts.font`), which a ``.qpt`` does not keep."""
    for item in layout.items():
        if isinstance(item, QgsLayoutItemLabel):
            item.setFont(fonts.unshaped(item.font()))
    for frame in layout.multiFrames():
        if isinstance(frame, QgsLayoutItemAttributeTable):
            for get, put in ((frame.headerTextFormat, frame.setHeaderTextFormat),
                             (frame.contentTextFormat, frame.setContentTextFormat)):
                fmt = get()
                fmt.setFont(fonts.unshaped(fmt.font()))
                put(fmt)


def _bind(layout: QgsPrintLayout, project: QgsProject, loaded, kind: str, sheet: QgsVectorLayer,
          tables: dict, workdir: Optional[Path] = None) -> None:
    """Bind the template to the project: atlas over ``sheet``, the maps' layers, and each table
    (``tables``: item id → its memory layer) to its layer through a relation from the sheet."""
    _unshaped_fonts(layout)
    project.viewSettings().setUseProjectScales(True)
    project.viewSettings().setMapScales([float(s) for s in MAP_SCALES])
    layout.renderContext().setPredefinedScales([float(s) for s in MAP_SCALES])  # the atlas's "Predefined"
    atlas = layout.atlas()
    atlas.setCoverageLayer(sheet)
    atlas.setEnabled(True)
    atlas.setHideCoverage(False)
    main = layout.itemById(ITEM_MAP)
    main.setCrs(loaded.crs)
    main.setLayers([sheet] + map_layers(project, loaded))
    main.setAtlasDriven(True)
    main.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
    if sheet.geometryType() == QgsWkbTypes.GeometryType.PointGeometry:
        # a single point's extent has no size: zoomed to it, the map had no scale and printed nothing;
        # start from a real extent around the points (the atlas then picks the first predefined scale)
        w, h = BOX[ITEM_MAP][2] * POINT_SCALE / 1000.0, BOX[ITEM_MAP][3] * POINT_SCALE / 1000.0
        c = sheet.extent().center()
        main.setExtent(QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2))
    else:
        main.zoomToExtent(sheet.extent())
    overview = layout.itemById(ITEM_OVERVIEW)
    overview.setCrs(loaded.crs)
    inset_layers = _inset_layers(project, loaded)
    city = QgsRectangle(sheet.extent())
    for lyr in inset_layers:
        if lyr.featureCount():
            city.combineExtentWith(lyr.extent())
    from ..layers.project import padded

    overview.zoomToExtent(padded(city, 1.1))
    if workdir is not None:
        # The inset is the same city on every page: drawn once into a picture under the overview map,
        # which then draws only the extent frame (an empty layer) — not the city's roads per page.
        _inset_picture(layout, overview, inset_layers, loaded.crs, workdir)
        empty = QgsVectorLayer("Point?crs=" + loaded.crs.authid(), "inset_frame_only", "memory")
        project.addMapLayer(empty, False)
        overview.setLayers([empty])
        overview.setBackgroundEnabled(False)
    else:
        overview.setLayers(inset_layers)
    if overview.overviews().size():
        overview.overviews().overview(0).setLinkedMap(main)

    for item_id, layer in tables.items():
        table = layout.itemById(item_id).multiFrame()
        # a relation: the page asks its facility's rows by value ("facility_uid" = '…'), not by an
        # expression with the atlas feature in its context evaluated on every row
        relation = _sheet_relation(project, sheet, layer, item_id)
        table.setSource(QgsLayoutItemAttributeTable.ContentSource.RelationChildren)
        table.setRelationId(relation.id())
        table.setColumns(record_columns(item_id))
        table.setSortColumns([_sort("sort_key", False)])
        table.setFilterFeatures(False)
        table.setFeatureFilter("")
        table.refreshAttributes()


def _sheet_relation(project: QgsProject, sheet: QgsVectorLayer, layer: QgsVectorLayer, item_id: str) -> QgsRelation:
    """The relation from the sheet (the atlas coverage) to a table's memory layer."""
    relation = QgsRelation(QgsRelationContext(project))  # (the default context is QgsProject.instance())
    relation.setId(f"sm_health_book_{item_id}")
    relation.setName(item_id)
    relation.setReferencedLayer(sheet.id())
    relation.setReferencingLayer(layer.id())
    relation.addFieldPair("facility_uid", "uid")
    if not relation.isValid():
        raise HealthBookError(f"health book relation {item_id}: {relation.validationError()}")
    project.relationManager().addRelation(relation)
    return relation


# --------------------------------------------------------------------------- export
def pdf_settings() -> QgsLayoutExporter.PdfExportSettings:
    """PDF settings of every health book (and the benchmark's bare atlas): text as embedded text."""
    s = QgsLayoutExporter.PdfExportSettings()
    s.dpi = DPI
    s.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    s.rasterizeWholeImage = False
    s.forceVectorOutput = False
    s.appendGeoreference = False
    s.exportMetadata = True
    return s


def _check(result, error: str, path) -> None:
    if result == QgsLayoutExporter.ExportResult.Canceled:
        raise HealthBookError(tr("Cancelled"))
    if result != QgsLayoutExporter.ExportResult.Success:
        raise HealthBookError(tr("Exporting {path} failed: {error}").format(path=path, error=error or result))


def export_books(books: Books, output: str, one_file: bool = True, feedback=None) -> list:
    """Export a prepared atlas: one PDF at ``output`` (a .pdf, or a folder to put it in) or, with
    ``one_file`` False, one PDF per facility named by its code in the folder ``output``."""
    out = Path(output)
    atlas = books.layout.atlas()
    settings = pdf_settings()
    if one_file:
        if out.suffix.lower() != ".pdf":
            out = out / f"health_books_{books.kind}.pdf"
        out.parent.mkdir(parents=True, exist_ok=True)
        result, error = QgsLayoutExporter.exportToPdf(atlas, str(out), settings, feedback)
        _check(result, error, out)
        return [str(out)]
    folder = out.parent if out.suffix.lower() == ".pdf" else out
    folder.mkdir(parents=True, exist_ok=True)
    # exportToPdfs writes into the *directory of* its base path (QGIS-NOTES §3)
    result, error = QgsLayoutExporter.exportToPdfs(atlas, str(folder / "health_book.pdf"), settings, feedback)
    _check(result, error, folder)
    return [str(folder / f"{safe_file_name(code)}.pdf") for code in books.codes]


def export_health_books(store_path: str, kind: str, output: str, filter_expression: Optional[str] = None,
                        one_file: bool = True, feedback=None, today: Optional[_dt.date] = None) -> list:
    """Health books of every ``kind`` facility matching ``filter_expression`` (all when empty); returns
    the PDF files written. Main thread only (layouts). Raises :class:`HealthBookError`."""
    books = prepare(store_path, kind, filter_expression, feedback, today)
    try:
        return export_books(books, output, one_file, progress_after(feedback, 40.0))
    finally:
        books.close()


def export_health_book(store_path: str, kind: str, uid: str, out_pdf: str, feedback=None,
                       today: Optional[_dt.date] = None) -> str:
    """The health book of one facility as one PDF at ``out_pdf``; returns the path."""
    files = export_health_books(store_path, kind, out_pdf, '"uid" = ' + QgsExpression.quotedValue(uid),
                                True, feedback, today)
    return files[0]


def progress_after(feedback, start: float):
    """A QgsFeedback the exporter drives 0–100, shown on ``feedback`` as ``start``–100 (preparing came
    first); a cancel of ``feedback`` cancels it. None without a feedback."""
    if feedback is None:
        return None
    from qgis.core import QgsFeedback

    inner = QgsFeedback()
    inner.progressChanged.connect(lambda p: feedback.setProgress(start + (100.0 - start) * p / 100.0))
    feedback.canceled.connect(inner.cancel)
    if feedback.isCanceled():
        inner.cancel()
    return inner


# --------------------------------------------------------------------------- from the archive dock
SETTING_FOLDER = "safe_municipal/health_book_folder"


@dataclass
class ArchiveExport:
    """What :func:`export_from_archive` did: the file, and the error when it failed."""

    path: str
    succeeded: bool
    error: Optional[str] = None
    details: str = ""


def default_file_name(store_path: str, kind: str, uid: str) -> str:
    """``<code> <name>.pdf`` of the facility (``SD-XL-000001 东山隧道.pdf``)."""
    from ..layers.store_ref import open_store

    with open_store(str(store_path), writable=False) as store:
        row = store.get(kind, uid)
    if row is None:
        raise HealthBookError(tr("No {kind} with uid {uid}").format(kind=kind_label(kind), uid=uid))
    name = " ".join(str(v) for v in (row.get("code"), row.get("name")) if v)
    return re.sub(r'[\\/:*?"<>|]+', "_", name).strip() + ".pdf"


def export_from_archive(iface, store_path: str, kind: str, uid: str) -> Optional[ArchiveExport]:
    """The archive dock's *Health book (PDF)…*: ask for a file, export, report on the message bar.
    Returns what happened (None when the user cancelled the file dialog).

    The export runs in the main thread, under a wait cursor (one page: about a second). Layout
    rendering makes map render jobs that QGIS deletes later through the event loop of the thread
    that made them; made in a task's pool thread, they outlived the task's project and its layers
    and crashed QGIS when finally deleted.
    """
    import traceback

    from qgis.core import Qgis, QgsSettings
    from qgis.PyQt.QtWidgets import QApplication, QFileDialog

    title = tr("Health book")
    try:
        suggested = default_file_name(store_path, kind, uid)
    except Exception as e:  # noqa: BLE001 - a missing store or facility: told to the user
        iface.messageBar().pushMessage(title, str(e), Qgis.MessageLevel.Critical, 0)
        return None
    settings = QgsSettings()
    folder = settings.value(SETTING_FOLDER, str(Path.home()), type=str) or str(Path.home())
    path, _filter = QFileDialog.getSaveFileName(iface.mainWindow(), tr("Save the health book"),
                                                str(Path(folder) / suggested), tr("PDF files (*.pdf)"))
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    settings.setValue(SETTING_FOLDER, str(Path(path).parent))
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        export_health_book(str(store_path), kind, uid, path)
    except Exception as e:  # noqa: BLE001 - one message, the details in the log
        result = ArchiveExport(path, False, str(e) or type(e).__name__, traceback.format_exc())
        Path(path).unlink(missing_ok=True)
        iface.messageBar().pushMessage(title, tr("The health book was not made: {error}").format(
            error=result.error), Qgis.MessageLevel.Critical, 0)
        return result
    finally:
        QApplication.restoreOverrideCursor()
    iface.messageBar().pushMessage(title, tr("Saved {path}").format(path=path), Qgis.MessageLevel.Success, 10)
    return ArchiveExport(path, True)
