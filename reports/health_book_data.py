"""What a health book page prints, read from the store: the sheet's values (title, grade, state,
attribute columns, chart, photos), the record tables' columns and their snapshot, value labels.

Used by :mod:`.health_book` (which builds the atlas from them); the page itself is
:mod:`.health_book_template`.
"""
from __future__ import annotations

import datetime as _dt
import mimetypes
import re
from pathlib import Path
from typing import Optional

from qgis.core import QgsLayoutTableColumn, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFontMetricsF, QImage

from ..core import schema as S
from ..core.records import DEFAULT_STANDARD
from ..core.schema import QT_TRANSLATE_NOOP
from ..i18n import tr, translate
from . import fonts
from .chart import write_chart_svg
from .health_book_template import (
    ATTRIBUTE_LABEL_W,
    ATTRIBUTE_PT,
    BOX,
    ITEM_ATTRIBUTE_VALUES,
    ITEM_CHART,
    ITEM_INSPECTIONS,
    ITEM_WORKS,
    MAX_INSPECTIONS,
    MAX_WORKS,
    PHOTOS,
    RECORD_PT,
    HealthBookError,
)

#: The sheet (atlas coverage) fields: all text, filled in by :func:`_sheet_values`.
SHEET_FIELDS = ("uid", "facility_kind", "code", "file_name", "name", "title", "subtitle", "grade_text", "grade_color",
                "state", "inset_x", "inset_y", "attribute_labels", "attribute_values", "chart", "inspections_title",
                "maintenance_title", "photos_title", "footer") + tuple(f"photo_{i}" for i in range(1, PHOTOS + 1)) + tuple(
    f"caption_{i}" for i in range(1, PHOTOS + 1))

#: Facility fields the attribute table leaves out: keys, and what the title and grade box show.
ATTRIBUTES_SKIPPED = ("uid", "code", "name", "grade", "grade_standard", "next_due", "last_inspected",
                      "recommended_action", "recommended_category")

#: grades that are words (GB/T 23858 covers, GB 51222 judgements) as the archive shows them
GRADE_WORDS = {"compliant": QT_TRANSLATE_NOOP("SafeMunicipal", "Compliant"),
               "non_compliant": QT_TRANSLATE_NOOP("SafeMunicipal", "Non-compliant"),
               "waterlogged": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogged (内涝点)")}


def grade_words(grade) -> str:
    """The grade as printed: a roman numeral or letter as it is, a word-grade in words, else 'Not graded'."""
    if not grade:
        return tr("Not graded")
    return translate("SafeMunicipal", GRADE_WORDS[grade]) if grade in GRADE_WORDS else str(grade)


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
        if metrics.horizontalAdvance(paragraph) <= width:
            lines.append(paragraph)  # most values: one measure, not one per character
            continue
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
    lines = [tr("Current grade by {standard}").format(standard=value_label("standard", standard) if standard else "—"),
             tr("Recommended action: {action}").format(action=row.get("recommended_action") or "—"),
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
        "title": tr("{kind}: {name}").format(kind=kind_label(kind), name=row.get("name") or row.get("code")),
        # the book's name, then code, district and unit (one label: every item costs on every page)
        "subtitle": tr("Lifecycle health book (全生命周期健康状况书)") + "\n" + "   ".join(
            t for t in (tr("Code {code}").format(code=row.get("code")), row.get("district") or "",
                        row.get("maintenance_unit") or "") if t),
        "grade_text": grade_words(grade),
        "grade_color": color.name(),
        "state": "\n".join(_wrap_lines(lines, 8, BOX["hb_state"][2] - 2.2)),
        "chart": str(chart),
        "inspections_title": tr("Health records (latest {shown} of {total})").format(
            shown=min(inspections, MAX_INSPECTIONS), total=inspections) if inspections else tr(
            "Health records: none recorded"),
        "maintenance_title": tr("Maintenance works (latest {shown} of {total})").format(
            shown=min(works, MAX_WORKS), total=works) if works else tr("Maintenance works: none recorded"),
        "footer": tr("Safe Municipal (平安市政) · printed {date}").format(date=printed),
    }
    photos = _photos(archive.store, uid, folder)
    values["photos_title"] = tr("Photos ({n})").format(n=len(photos)) if photos else tr("Photos: none attached")
    for i in range(1, PHOTOS + 1):
        path, caption = photos[i - 1] if i <= len(photos) else ("", "")
        values[f"photo_{i}"], values[f"caption_{i}"] = path, caption
    return values


def _wrap_lines(lines: list, size_pt: float, width_mm: float) -> list:
    """``lines`` of text in ``size_pt`` type, each wrapped to ``width_mm`` (a label does not wrap)."""
    metrics = _metrics(size_pt)
    return [part for line in lines for part in _wrap(line, metrics, width_mm * 10.0)]
