"""The lifecycle health book (全生命周期健康状况书): one A4 portrait page per facility, as PDF.

    export_health_book("/data/yichang.gpkg", "tunnel", uid, "/out/东山隧道.pdf")
    export_health_books("/data/yichang.gpkg", "bridge", "/out/bridges.pdf", '"district" = \'西陵区\'')
    export_health_books(path, "road", "/out/roads/", one_file=False)       # one PDF per road, named by code
    export_health_books("service=city schema=safe_municipal", "road", "/out/roads.pdf")   # a PostGIS store

The store is a GeoPackage file or a PostGIS store reference (``layers/store_ref.py``): the books read it
through the store API and QGIS layers of either provider, and print the same page from either.

The page (:mod:`.health_book_template`: the layout template ``resources/layouts/health_book.qpt``,
loaded with ``QgsPrintLayout.loadFromTemplate``; what it prints is read by :mod:`.health_book_data`): title (kind and name) with the book's name, code,
district and unit under it, a location map with the facility highlighted and an overview inset of the
city with the facility's place ringed, the facility's attributes (translated schema labels and
values), the current grade in the grade theme's colour with its standard, recommended action and
next due date, the grade-history chart (:mod:`.chart`, an SVG drawing in a picture item), the latest
inspections and maintenance works (layout attribute tables over the facility's related records:
a snapshot of the store's ``inspection`` and ``maintenance`` rows taken as the export starts, in an
indexed GeoPackage, related to the sheet by ``facility_uid``) and up to three photos from the store's
attachments.

Every export is an atlas. Its coverage is a memory layer (the *sheet*) made from the facility
layer's features that match the filter: the facility's geometry and uid plus what the page prints
that is no column of the store (title, grade colour, the inset ring's place, chart and photo
files…). The sheet is drawn on top of the location map only, with a highlight rule
``$id = @atlas_featureid``. The facility's recorded attributes are two label columns (names and
values, wrapped line for line in Python). The overview's city is drawn once per export into a picture
(the same on every page). Items that no page of an export fills (the photos and their captions when
no facility has any) are taken out of that export's layout: every item costs on every page.

The layers live in a fresh QgsProject (:func:`load_print_layers`: the store's facility layers in their
styles, as ``layers.project.load_store`` loads them), never the user's: the export
runs on the main thread (layout rendering needs it), in the Processing algorithm with
``FlagNoThreading``. Text is exported as text in Noto Sans CJK SC (:mod:`.fonts`), embedded.
"""
from __future__ import annotations

import datetime as _dt
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
    QgsLayoutExporter,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLineSymbol,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRelation,
    QgsRelationContext,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize, Qt, QVariant
from qgis.PyQt.QtGui import QColor

from ..core import schema as S
from ..i18n import tr
from . import fonts
from .health_book_data import (  # noqa: F401 - what the page prints, used through this module too
    ATTRIBUTES_SKIPPED,
    RECORD_TABLES,
    SHEET_FIELDS,
    _attribute_rows,
    _Lookup,
    _metrics,
    _photos,
    _record_rows,
    _sheet_values,
    _snapshot_layers,
    _sort,
    _wrap,
    attribute_columns,
    field_label,
    grade_words,
    inspection_columns,
    kind_label,
    maintenance_columns,
    record_columns,
    safe_file_name,
    value_label,
)
from .health_book_template import (  # noqa: F401 - the page's names, used through this module too
    ATLAS_FILTER,
    ATTRIBUTE_LABEL_W,
    ATTRIBUTE_PT,
    BOX,
    HIGHLIGHT,
    ITEM_ATTRIBUTE_LABELS,
    ITEM_ATTRIBUTE_VALUES,
    ITEM_ATTRIBUTES,
    ITEM_CHART,
    ITEM_IDS,
    ITEM_INSPECTIONS,
    ITEM_MAP,
    ITEM_OVERVIEW,
    ITEM_OVERVIEW_MARKER,
    ITEM_WORKS,
    LAYOUT_NAME,
    MARKER_MM,
    MAX_INSPECTIONS,
    MAX_WORKS,
    PAGE_H,
    PAGE_W,
    PHOTO_ITEMS,
    PHOTOS,
    RECORD_PT,
    TEMPLATE,
    HealthBookError,
    build_template,
    load_template,
    write_template,
)

MAP_SCALES = (500, 1000, 2000, 2500, 5000, 10000, 25000, 50000, 100000)
#: The scale a point facility's map starts from (the atlas then picks the first predefined scale)
POINT_SCALE = 1000
DPI = 150
#: The overview inset's background (the city's roads and storage facilities are drawn on it once)
INSET_BACKGROUND = QColor(245, 245, 245)


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



def _inset_extent(extent: QgsRectangle) -> QgsRectangle:
    """``extent`` grown by a tenth and to the overview box's proportions (centred): what the inset shows."""
    from ..layers.project import padded

    r = padded(QgsRectangle(extent), 1.1)  # at least 100 m a side
    _x, _y, w, h = BOX[ITEM_OVERVIEW]
    c = r.center()
    if r.width() / r.height() < w / h:
        half = r.height() * w / h / 2
        return QgsRectangle(c.x() - half, r.yMinimum(), c.x() + half, r.yMaximum())
    half = r.width() * h / w / 2
    return QgsRectangle(r.xMinimum(), c.y() - half, r.xMaximum(), c.y() + half)


def _inset_position(geometry, inset: QgsRectangle) -> tuple:
    """Where the overview's ring goes (its top-left corner on the page, mm) for a facility's geometry."""
    x, y, w, h = BOX[ITEM_OVERVIEW]
    c = geometry.boundingBox().center() if geometry is not None and not geometry.isEmpty() else inset.center()
    px = x + (c.x() - inset.xMinimum()) / inset.width() * w
    py = y + (inset.yMaximum() - c.y()) / inset.height() * h
    return f"{px - MARKER_MM / 2:.3f}", f"{py - MARKER_MM / 2:.3f}"


def prepare(store_path: str, kind: str, filter_expression: Optional[str] = None, feedback=None,
            today: Optional[_dt.date] = None, project: Optional[QgsProject] = None) -> Books:
    """Load the store's facility layers into a fresh project (or ``project``) and build the bound
    health book layout (atlas ready).

    Raises :class:`HealthBookError` for an unknown kind, a bad filter or no matching facility.
    """
    from ..layers.archive import Archive
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
        loaded = load_print_layers(store_path, project)
        facilities = loaded.layers[kind]
        uids = [(f["uid"], QgsFeature(f)) for f in facilities.getFeatures(request)]
        if not uids:
            raise HealthBookError(tr("No {kind} matches the filter").format(kind=kind_label(kind)))
        sheet = _memory_layer(table.geometry, loaded.epsg, tr("Health book facilities"), SHEET_FIELDS)
        inset = _inset_extent(_city_extent(loaded, [f for _u, f in uids]))
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
                values["inset_x"], values["inset_y"] = _inset_position(feature.geometry(), inset)
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
        _bind(layout, project, loaded, kind, sheet, tables)
        _inset_picture(layout, loaded, inset, workdir)
        _drop_unfilled(layout, sheet_features)
        layout.scopes_changed()  # bound: the scopes every page shares are read again, once (BookLayout)
        return Books(project=project, loaded=loaded, kind=kind, layout=layout, sheet=sheet, tables=tables,
                     workdir=workdir, codes=codes)
    except BaseException:
        project.clear()
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def load_print_layers(store_path: str, project: QgsProject):
    """The store's facility layers, styled as ``layers.project.load_store`` styles them, in ``project``
    (not in its layer tree): what a health book prints. Returns a ``LoadedStore`` holding just them.

    ``load_store`` adds every table of the store (records, programmes, lookups…) with forms,
    relations and audit hooks, which a print does not use: about 0.8 s for a store, against 0.3 s for
    the nine facility layers. The map draws the same layers in the same styles and order
    (:func:`print_order`)."""
    from ..layers import store_ref
    from ..layers.project import LoadedStore, open_table_layer
    from ..layers.project import store_path as canonical_path
    from ..layers.relations import ensure_kind_field
    from ..layers.store_ref import open_store
    from ..layers.styles import apply_style

    path = canonical_path(store_path)
    store_ref.upgrade_store(path)  # an older store is migrated first, as load_store does
    with open_store(path, writable=False) as store:
        epsg = store.epsg
    layers = {}
    for table in S.FACILITY_TABLES:
        layer = open_table_layer(path, table.name)
        apply_style(layer, table.name)  # before the layer joins the project, as load_store does
        ensure_kind_field(layer, table.name)  # a filter may name it, as on the project's layers
        layers[table.name] = layer
    project.addMapLayers(list(layers.values()), False)
    loaded = LoadedStore(path=path, epsg=epsg, project=project, group=None, layers=layers)
    project.setCrs(loaded.crs)
    return loaded


def print_order(loaded) -> list:
    """The facility layers of ``loaded``, top to bottom as ``load_store`` orders them in the layer tree
    (its sub-groups in turn, each in its order): :func:`map_layers` of a project ``load_store`` made."""
    from ..layers.project import SUBGROUPS

    facility = [t.name for t in S.FACILITY_TABLES]
    placed = [t for _key, _title, tables in SUBGROUPS for t in tables]
    order = [t for t in placed if t in facility] + [t for t in facility if t not in placed]
    return [loaded.layers[t] for t in order if t in loaded.layers]


def map_layers(project: QgsProject, loaded) -> list:
    """The facility layers of the store, top to bottom in the project's drawing order."""
    from ..layers.project import PROP_TABLE

    facility = set(S.FACILITY_KINDS)
    return [lyr for lyr in project.layerTreeRoot().layerOrder()
            if lyr.customProperty(PROP_TABLE) in facility and lyr in loaded.layers.values()]


#: The overview's layers and their plain look at any scale (the project's styles hide minor roads
#: when zoomed out): roads grey, storage facilities blue.
INSET_LAYERS = (("road", {"color": "120,120,120", "width": "0.25"}, QgsLineSymbol),
                ("storage_facility", {"color": "179,215,245", "outline_style": "no"}, QgsFillSymbol))


def _city_extent(loaded, features: list) -> QgsRectangle:
    """The extent of the book's facilities and of the city's roads and storage facilities."""
    city = QgsRectangle()
    city.setMinimal()
    for f in features:
        if f.hasGeometry():
            city.combineExtentWith(f.geometry().boundingBox())
    for name, _props, _cls in INSET_LAYERS:
        layer = loaded.layers.get(name)
        if layer is not None and layer.isValid() and layer.featureCount():
            city.combineExtentWith(layer.extent())
    return city


def _inset_picture(layout: QgsPrintLayout, loaded, extent: QgsRectangle, workdir: Path) -> None:
    """Draw the city's roads and storage facilities over ``extent`` once, at the export resolution,
    into the overview picture (the same on every page; the ring on it moves with the facility).

    The store's own layers are drawn, their renderer, labels and scale range swapped for the plain
    ones for the time of this render (a clone would open each layer's source again)."""
    _x, _y, w, h = BOX[ITEM_OVERVIEW]
    layers, saved = [], []
    try:
        for name, props, symbol_class in INSET_LAYERS:
            layer = loaded.layers.get(name)
            if layer is None or not layer.isValid():
                continue
            saved.append((layer, layer.renderer().clone(), layer.labelsEnabled(), layer.hasScaleBasedVisibility()))
            layer.setRenderer(QgsSingleSymbolRenderer(symbol_class.createSimple(props)))
            layer.setLabelsEnabled(False)
            layer.setScaleBasedVisibility(False)
            layers.append(layer)
        settings = QgsMapSettings()
        settings.setLayers(list(reversed(layers)))  # storage under roads
        settings.setDestinationCrs(loaded.crs)
        settings.setOutputDpi(DPI)
        settings.setOutputSize(QSize(round(w / 25.4 * DPI), round(h / 25.4 * DPI)))
        settings.setExtent(extent)
        settings.setBackgroundColor(INSET_BACKGROUND)
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
    finally:
        for layer, renderer, labels, scaled in saved:
            layer.setRenderer(renderer)
            layer.setLabelsEnabled(labels)
            layer.setScaleBasedVisibility(scaled)
    path = str(workdir / "inset.png")
    if not image.save(path, "PNG"):
        raise HealthBookError(tr("Cannot write {path}").format(path=path))
    layout.itemById(ITEM_OVERVIEW).setPicturePath(path)


def _drop_unfilled(layout: QgsPrintLayout, features: list) -> None:
    """Take the photos and their captions out of the layout when no page of this export has a photo:
    each item is refreshed and drawn on every page, empty or not."""
    if any(f["photo_1"] for f in features):
        return
    for item_id in PHOTO_ITEMS:
        item = layout.itemById(item_id)
        if item is not None:
            layout.removeLayoutItem(item)


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
          tables: dict) -> None:
    """Bind the template to the project: atlas over ``sheet``, the map's layers, and each table
    (``tables``: item id → its snapshot layer) to its layer through a relation from the sheet."""
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
    main.setLayers([sheet] + print_order(loaded))
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
