"""Thematic overview maps of the city: A3 landscape, PDF or PNG (概览图).

    export_overview("/data/yichang.gpkg", "grades", "/out/grades.pdf", district="西陵区", year=2025)

Themes are those of :mod:`layers.meeting_themes` (``grades``, ``due_work``, ``waterlogging``,
``cleaning``, ``covers``). Each page holds the title, the theme's map (the themed layers and their
context, in the store's CRS), a legend of exactly those layers (filtered to what the map shows),
a scale bar, a north arrow, a statistics table by district, the date and the office's name (the
setting :data:`OFFICE_SETTING`, default :data:`DEFAULT_OFFICE`). With a district, every layer is
filtered to it (a subset string), the map zooms to its facilities and the table holds its row only.

:func:`export_overview` works on a **project of its own** (``layers.project.load_store`` into a
fresh ``QgsProject``): the user's project, its styles and filters are never touched, and it runs
headless (``safe_municipal:export_overview`` under ``qgis_process.bin``). Layout work belongs to
the main thread. Text is set in an embedded CJK font (Noto Sans CJK SC when installed).

``store_path`` is a GeoPackage file or a PostGIS store reference (``layers/store_ref.py``): statistics
and extents come through the store API (``execute``, ``table_extent``), the map from layers of either
provider, and both backends print the same page.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import List, Optional

from qgis.core import (
    Qgis,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemTextTable,
    QgsLayoutMeasurement,
    QgsLayoutTableColumn,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsSettings,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase

from ..core import programmes as PG
from ..core import schema as S
from ..i18n import tr, translate
from ..layers import meeting_themes as MT

OFFICE_SETTING = "safe_municipal/overview/office_name"
DEFAULT_OFFICE = "宜昌市市政公用设施管理处"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
PAGE_W, PAGE_H = 420.0, 297.0  # A3 landscape, mm
MAP_RECT = QRectF(10.0, 28.0, 285.0, 190.0)
SIDE_X = 302.0
PNG_DPI = 120
PDF_DPI = 200


def office_name() -> str:
    """The office printed on every map (setting ``safe_municipal/overview/office_name``)."""
    return QgsSettings().value(OFFICE_SETTING, DEFAULT_OFFICE, type=str) or DEFAULT_OFFICE


def set_office_name(name: str) -> None:
    QgsSettings().setValue(OFFICE_SETTING, name or DEFAULT_OFFICE)


# --------------------------------------------------------------------------- fonts (private helper)
def _cjk_family() -> str:
    families = set(QFontDatabase().families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    return next((f for f in sorted(families) if "CJK" in f), CJK_FAMILIES[0])


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(_cjk_family())
    font.setPointSizeF(size)
    font.setBold(bold)
    # Shaped Latin runs of Noto Sans CJK use alternate digit glyphs that Qt's PDF writer cannot map
    # back to Unicode (pdftotext loses "2016" in "CJJ36-2016"); unshaped text keeps them searchable.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def _text_format(size: float, bold: bool = False, color: str = "#000000") -> QgsTextFormat:
    fmt = QgsTextFormat()
    fmt.setFont(_font(size, bold))
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(QColor(color))
    return fmt


def _label(layout, text: str, rect: QRectF, size: float, bold: bool = False, align=Qt.AlignmentFlag.AlignLeft,
           item_id: str = "") -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    if hasattr(label, "setTextFormat"):  # 3.24+
        label.setTextFormat(_text_format(size, bold))
    else:
        label.setFont(_font(size, bold))
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    layout.addLayoutItem(label)
    label.attemptSetSceneRect(rect)
    if item_id:
        label.setId(item_id)
    return label


# --------------------------------------------------------------------------- statistics
@dataclass
class Statistics:
    title: str
    headers: List[str]
    rows: List[List[str]]  # cells as text, the total last (when there is one)
    districts: List[str] = field(default_factory=list)  # district of each row ("" for the total)


def _district_label(d: Optional[str]) -> str:
    return d if d else tr("No district")


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return str(value)


def _ordered(districts) -> list:
    return sorted(set(districts), key=PG.district_sort_key)


def grade_statistics(store, district: Optional[str] = None) -> Statistics:
    """Rows = districts, one column per graded kind: its grades' counts ("A 11 · B 16"), then the
    facilities without a grade."""
    from ..core.records import DEFAULT_STANDARD
    from ..layers.themes import grade_scale

    counts: dict = {}  # (district, kind) -> {(standard, grade): n}
    ungraded: dict = {}
    for kind in MT.GRADED_KINDS:
        for d, standard, grade, n in store.execute(
                f'SELECT district, grade_standard, grade, count(*) FROM "{kind}" GROUP BY 1, 2, 3'):
            d = d or None
            if grade in (None, ""):
                ungraded[d] = ungraded.get(d, 0) + n
                continue
            standard = standard or DEFAULT_STANDARD.get(kind, "")
            bucket = counts.setdefault((d, kind), {})
            bucket[(standard, grade)] = bucket.get((standard, grade), 0) + n

    def text(bucket: dict) -> str:
        if not bucket:
            return "—"
        order = {}
        for (standard, grade) in bucket:
            scale = grade_scale(standard)
            order[(standard, grade)] = (standard, scale.index(grade) if grade in scale else 99, grade)
        return " · ".join(f"{g} {bucket[(s, g)]}" for (s, g) in sorted(bucket, key=lambda k: order[k]))

    districts = _ordered([d for d, _k in counts] + list(ungraded))
    if district:
        districts = [d for d in districts if d == district] or [district]
    headers = [tr("District or county")] + [translate(S.TR_CONTEXT, S.table(k).label) for k in MT.GRADED_KINDS] \
        + [tr("Not graded")]
    rows, names = [], []
    for d in districts:
        rows.append([_district_label(d)] + [text(counts.get((d, k), {})) for k in MT.GRADED_KINDS]
                    + [str(ungraded.get(d, 0))])
        names.append(d or "")
    if not district:
        total = []
        for k in MT.GRADED_KINDS:
            merged: dict = {}
            for (_d, kind), bucket in counts.items():
                if kind == k:
                    for key, n in bucket.items():
                        merged[key] = merged.get(key, 0) + n
            total.append(text(merged))
        rows.append([tr("Total")] + total + [str(sum(ungraded.values()))])
        names.append("")
    return Statistics(tr("Grades by district"), headers, rows, names)


def due_statistics(store, year: int, district: Optional[str] = None) -> Statistics:
    """Rows = districts; facilities with work due in ``year`` by recommended category."""
    keys = ("major", "corrective", "minor", "preventive", "inspection")
    data: dict = {}
    for kind in MT.GRADED_KINDS:
        for d, next_due, category in store.execute(
                f'SELECT district, next_due, recommended_category FROM "{kind}"'):
            d = d or None
            row = data.setdefault(d, dict.fromkeys(keys + ("facilities",), 0))
            row["facilities"] += 1
            state = MT.due_state({"next_due": next_due, "recommended_category": category}, year)
            if state:
                row[state] += 1
    districts = _ordered(data)
    if district:
        districts = [d for d in districts if d == district] or [district]
    headers = [tr("District or county")] + [MT.category_label(k) for k in keys[:4]] + [tr("Inspection due"),
                                                                                        tr("Total due"),
                                                                                        tr("Facilities")]
    rows, names = [], []

    def line(label, row):
        return [label] + [str(row[k]) for k in keys] + [str(sum(row[k] for k in keys)), str(row["facilities"])]

    for d in districts:
        rows.append(line(_district_label(d), data.get(d, dict.fromkeys(keys + ("facilities",), 0))))
        names.append(d or "")
    if not district:
        total = {k: sum(r[k] for r in data.values()) for k in keys + ("facilities",)}
        rows.append(line(tr("Total"), total))
        names.append("")
    return Statistics(tr("Work due in {year} by district").format(year=year), headers, rows, names)


def waterlogging_statistics(points: list, states: dict, district: Optional[str] = None,
                            all_districts=()) -> Statistics:
    """Rows = districts (``all_districts`` too, with noughts), points by the state of their plan."""
    data: dict = {d: dict.fromkeys(("points",) + MT.PLAN_STATES, 0) for d in all_districts}
    for p in points:
        d = p.get("district") or None
        row = data.setdefault(d, dict.fromkeys(("points",) + MT.PLAN_STATES, 0))
        row["points"] += 1
        row[states.get(p["uid"], "no_plan")] += 1
    districts = _ordered(data)
    if district:
        districts = [d for d in districts if d == district] or [district]
    headers = [tr("District or county"), tr("Waterlogging points")] + [MT.plan_state_label(s) for s in MT.PLAN_STATES]
    empty = dict.fromkeys(("points",) + MT.PLAN_STATES, 0)
    rows, names = [], []
    for d in districts:
        r = data.get(d, empty)
        rows.append([_district_label(d), str(r["points"])] + [str(r[s]) for s in MT.PLAN_STATES])
        names.append(d or "")
    if not district:
        rows.append([tr("Total"), str(sum(r["points"] for r in data.values()))]
                    + [str(sum(r[s] for r in data.values())) for s in MT.PLAN_STATES])
        names.append("")
    return Statistics(tr("Waterlogging points by district"), headers, rows, names)


def programme_statistics(service, programme: dict, district: Optional[str] = None) -> Statistics:
    """The programme's district table (``core.programmes.programme_table``), limited to ``district``."""
    table = service.programme_table(programme["uid"])
    matrix = table.matrix(_district_label, tr("Total"))
    names = [r.get("district") or "" for r in table.rows] + [""]
    headers = [tr(c.header) for c in table.columns]
    rows = [[_cell(v) for v in line] for line in matrix]
    if district:
        keep = [i for i, n in enumerate(names) if n == district]
        rows = [rows[i] for i in keep] or [[district] + ["—"] * (len(headers) - 1)]
        names = [district]
    title = tr(table.title).format(programme=programme.get("name") or programme.get("kind"),
                                   year=programme.get("year"), name=programme.get("name"), kind=programme.get("kind"))
    return Statistics(title, headers, rows, names)


def statistics(store_path: str, result: MT.ThemeResult, district: Optional[str] = None,
               today: Optional[_dt.date] = None) -> Statistics:
    """The statistics table of a themed map (``result`` from :func:`layers.meeting_themes.apply_theme`)."""
    from ..layers.programmes import Programmes
    from ..layers.store_ref import open_store

    with open_store(store_path, writable=False) as store:
        if result.theme == MT.THEME_GRADES:
            return grade_statistics(store, district)
        if result.theme == MT.THEME_DUE:
            return due_statistics(store, result.year, district)
        service = Programmes(store, today)
        if result.theme == MT.THEME_WATERLOGGING:
            return waterlogging_statistics(service.points(), result.states, district, MT.store_districts(store))
        if result.programme is not None:
            return programme_statistics(service, result.programme, district)
    return Statistics(tr("No programme for {year} in the store").format(year=result.year),
                      [tr("District or county")], [], [])


# --------------------------------------------------------------------------- the layout
@dataclass
class Overview:
    """A built overview page: its layout and items, what the map shows and the table's figures."""

    layout: QgsPrintLayout
    map: QgsLayoutItemMap
    legend: QgsLayoutItemLegend
    table: QgsLayoutItemTextTable
    title: str
    statistics: Statistics
    theme: MT.ThemeResult
    project: QgsProject
    district: Optional[str] = None
    date: Optional[_dt.date] = None
    office: str = ""


def overview_title(theme: str, district: Optional[str], year: int) -> str:
    title = MT.theme_label(theme)
    if theme != MT.THEME_GRADES:
        title = tr("{theme} {year}").format(theme=title, year=year)
    if district:
        title = tr("{title} · {district}").format(title=title, district=district)
    return title


def _drawing_order(project: QgsProject, layers: list) -> list:
    """``layers`` top to bottom as the layer tree draws them."""
    order = project.layerTreeRoot().layerOrder()
    wanted = {lyr.id() for lyr in layers}
    ordered = [lyr for lyr in order if lyr.id() in wanted]
    return ordered + [lyr for lyr in layers if lyr not in ordered]


def _extent(store_path: str, result: MT.ThemeResult, district: Optional[str]) -> QgsRectangle:
    from ..layers.project import padded
    from ..layers.store_ref import open_store

    tables = [lyr.customProperty("safe_municipal/table") for lyr in result.layers]
    with open_store(store_path, writable=False) as store:
        box = MT.tables_extent(store, tables, district) or MT.tables_extent(store, tables) or store.extent()
    if box is None:
        return QgsRectangle()
    return padded(QgsRectangle(*box), 1.08, 300.0)


def _north_arrow_path() -> str:
    from qgis.core import QgsApplication

    for folder in QgsApplication.svgPaths():
        path = os.path.join(folder, "arrows", "NorthArrow_02.svg")
        if os.path.isfile(path):
            return path
    return ""


def build_overview(project: QgsProject, store_path: str, result: MT.ThemeResult, district: Optional[str] = None,
                   date: Optional[_dt.date] = None, office: Optional[str] = None) -> Overview:
    """An A3 landscape layout of a themed project (``result`` of ``apply_theme`` on ``project``)."""
    date = date or _dt.date.today()
    office = office or office_name()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    title = overview_title(result.theme, district, result.year)
    layout.setName(title)
    page = layout.pageCollection().page(0)
    page.setPageSize("A3", QgsLayoutItemPage.Orientation.Landscape)

    _label(layout, title, QRectF(10, 6, PAGE_W - 20, 13), 22, True, item_id="title")
    subtitle = [tr("District: {district}").format(district=district) if district else tr("Whole city")]
    if result.programme is not None:
        subtitle.append(str(result.programme.get("name") or ""))
    _label(layout, " · ".join(s for s in subtitle if s), QRectF(10, 19, PAGE_W - 20, 7), 11, item_id="subtitle")

    layers = _drawing_order(project, result.layers)
    item = QgsLayoutItemMap(layout)
    item.setId("map")
    layout.addLayoutItem(item)
    item.attemptSetSceneRect(MAP_RECT)
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(0.4, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    if layers:
        item.setCrs(layers[0].crs())
    item.setLayers(layers)
    item.setKeepLayerSet(True)
    extent = _extent(store_path, result, district)
    if not extent.isNull():
        item.zoomToExtent(extent)

    arrow_path = _north_arrow_path()
    if arrow_path:
        arrow = QgsLayoutItemPicture(layout)
        arrow.setId("north_arrow")
        arrow.setPicturePath(arrow_path)
        layout.addLayoutItem(arrow)
        arrow.attemptSetSceneRect(QRectF(MAP_RECT.right() - 16, MAP_RECT.top() + 3, 12, 16))
        arrow.setLinkedMap(item)
        arrow.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    else:
        _label(layout, "N ↑", QRectF(MAP_RECT.right() - 16, MAP_RECT.top() + 3, 12, 10), 14, True,
               Qt.AlignmentFlag.AlignHCenter, "north_arrow")

    bar = QgsLayoutItemScaleBar(layout)
    bar.setId("scale_bar")
    bar.setStyle("Single Box")
    bar.setLinkedMap(item)
    bar.applyDefaultSize(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setTextFormat(_text_format(9))
    layout.addLayoutItem(bar)
    bar.attemptMove(_point(MAP_RECT.left() + 4, MAP_RECT.bottom() - 14))
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(QColor(255, 255, 255, 200))

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle(tr("Legend"))
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in layers:
        root.addLayer(layer)
    legend.setLegendFilterByMapEnabled(True)
    _legend_fonts(legend)
    legend.setResizeToContents(True)
    layout.addLayoutItem(legend)
    legend.attemptMove(_point(SIDE_X, MAP_RECT.top()))
    legend.adjustBoxSize()

    stats = statistics(store_path, result, district, date)
    _label(layout, stats.title, QRectF(10, MAP_RECT.bottom() + 4, MAP_RECT.width(), 7), 12, True, item_id="table_title")
    table = _text_table(layout, stats, QRectF(10, MAP_RECT.bottom() + 12, PAGE_W - 20, PAGE_H - MAP_RECT.bottom() - 26))

    _label(layout, tr("{office} · {date}").format(office=office, date=date.isoformat()),
           QRectF(10, PAGE_H - 12, PAGE_W - 20, 7), 11, align=Qt.AlignmentFlag.AlignRight, item_id="footer")
    return Overview(layout, item, legend, table, title, stats, result, project, district, date, office)


def _point(x: float, y: float):
    from qgis.core import QgsLayoutPoint

    return QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters)


def _legend_fonts(legend: QgsLayoutItemLegend) -> None:
    sizes = ((QgsLegendStyle.Style.Title, 14, True), (QgsLegendStyle.Style.Group, 11, True),
             (QgsLegendStyle.Style.Subgroup, 10, True), (QgsLegendStyle.Style.SymbolLabel, 9, False))
    for style, size, bold in sizes:
        rstyle = legend.rstyle(style)
        if hasattr(rstyle, "setTextFormat"):  # 3.30+
            rstyle.setTextFormat(_text_format(size, bold))
        else:
            rstyle.setFont(_font(size, bold))


def _text_table(layout, stats: Statistics, rect: QRectF) -> QgsLayoutItemTextTable:
    table = QgsLayoutItemTextTable(layout)
    columns = []
    for header in stats.headers:
        column = QgsLayoutTableColumn()
        column.setHeading(header)
        columns.append(column)
    table.setColumns(columns)
    table.setHeaderTextFormat(_text_format(9, True))
    table.setContentTextFormat(_text_format(9))
    table.setCellMargin(1.2)
    table.setGridStrokeWidth(0.2)
    table.setBackgroundColor(QColor("#ffffff"))
    table.setContents(stats.rows)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.attemptSetSceneRect(rect)
    table.addFrame(frame)
    return table


# --------------------------------------------------------------------------- export
def _pdf_settings() -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = PDF_DPI
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = False
    text = getattr(getattr(Qgis, "TextRenderFormat", None), "AlwaysText", None)
    settings.textRenderFormat = text if text is not None else QgsRenderContext.TextRenderFormat.TextFormatAlwaysText
    return settings


def export_layout(layout: QgsPrintLayout, output: str, dpi: int = PNG_DPI) -> str:
    """Write ``layout`` to ``output`` (``.pdf``, else an image by its extension, e.g. ``.png``).
    RuntimeError naming the file when QGIS fails."""
    exporter = QgsLayoutExporter(layout)
    folder = os.path.dirname(os.path.abspath(output))
    os.makedirs(folder, exist_ok=True)
    if output.lower().endswith(".pdf"):
        status = exporter.exportToPdf(output, _pdf_settings())
    else:
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        status = exporter.exportToImage(output, settings)
    if status != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(tr("Could not write {file}: {error}").format(file=output, error=exporter.errorMessage()
                                                                      or str(status)))
    return output


def render_overview(store_path: str, theme: str, district: Optional[str] = None, year: Optional[int] = None,
                    date: Optional[_dt.date] = None, office: Optional[str] = None,
                    project: Optional[QgsProject] = None) -> Overview:
    """Load the store into a fresh project (or ``project``), theme it, filter the district, build the page."""
    from ..layers.project import load_store
    from ..layers.store_ref import canonical

    if theme not in MT.OVERVIEW_THEMES:
        raise ValueError(tr("THEME: {theme} is none of {themes}").format(theme=theme, themes=", ".join(MT.OVERVIEW_THEMES)))
    path = canonical(store_path)  # a GeoPackage path made absolute, or a PostGIS reference
    project = project if project is not None else QgsProject()
    load_store(path, project)
    date = date or _dt.date.today()
    result = MT.apply_theme(project, path, theme, year, date)
    for layer in result.layers:  # a city map: the styles' scale ranges (dense layers only close up) do not apply
        layer.setScaleBasedVisibility(False)
        if district and layer.fields().indexFromName("district") >= 0:
            layer.setSubsetString(MT.combine_subset(layer.subsetString(), district))
    return build_overview(project, path, result, district, date, office)


def export_overview(store_path: str, theme: str, output: str, district: Optional[str] = None,
                    year: Optional[int] = None, date: Optional[_dt.date] = None, office: Optional[str] = None,
                    dpi: int = PNG_DPI) -> Overview:
    """Render the overview of ``theme`` and write it to ``output`` (.pdf or .png); returns the page built."""
    overview = render_overview(store_path, theme, district, year, date, office)
    export_layout(overview.layout, output, dpi)
    return overview
