"""Small shared parts of the programmes dock: labels, number formats, tables, dates, error lines."""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from qgis.gui import QgsDateEdit
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
)

from ...core import programmes as PG
from ...core import schema as S
from ...i18n import problem_text, tr, translate

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
#: Rows shown at most in a list (a city has 100,000 pipes; the rest are counted, not listed).
MAX_LIST_ROWS = 1000
UID_ROLE = Qt.ItemDataRole.UserRole
#: the tables each write of the dock writes (layers/programmes.py), for the login's rights; a cover
#: replacement also updates the cover columns of its manhole or inlet, which an inspector may
#: (layers/pg_schema.py INSPECTOR_FACILITY_COLUMNS)
PROGRAMME_TABLES = ("programme", "programme_target")
CLEANING_TABLES = ("maintenance",)
REPLACEMENT_TABLES = ("cover_replacement", "maintenance")
PLAN_TABLES = ("waterlogging_plan",)


def district_label(district) -> str:
    return district if district else tr("(no district)")


def value_label(list_name: str, value) -> str:
    for code in S.VALUE_LISTS[list_name]:
        if code.value == value:
            return translate(S.TR_CONTEXT, code.label)
    return "" if value is None else str(value)


def kind_label(kind: str) -> str:
    return value_label("programme_kind", kind)


def programme_title(programme: dict) -> str:
    """``2025 · Flood-season pipe cleaning`` (or the programme's own name)."""
    return tr("{year} · {name}").format(year=programme["year"], name=programme.get("name") or kind_label(
        programme["kind"]))


def field_label(table: str, name: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(table).field(name).label)
    except KeyError:
        return name


def describe(e) -> str:
    """A ValidationError as one translated line naming the field (and the row of a list)."""
    label = field_label(e.table, e.field)
    if isinstance(e.row, int):
        return tr("Row {n}: {field} {problem}.").format(n=e.row + 1, field=label, problem=problem_text(e.problem))
    return tr("{field} {problem}.").format(field=label, problem=problem_text(e.problem))


def number(value, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def percent_text(value) -> str:
    return "—" if value is None else tr("{p} %").format(p=f"{value:.1f}")


def to_date(edit: QgsDateEdit) -> Optional[str]:
    return None if edit.isNull() else edit.date().toString("yyyy-MM-dd")


def set_date(edit: QgsDateEdit, value) -> None:
    d = PG.as_date(value)
    if d is None:
        edit.clear()
    else:
        edit.setDate(QDate(d.year, d.month, d.day))


def date_edit(name: str, allow_null: bool = False, day: Optional[_dt.date] = None) -> QgsDateEdit:
    edit = QgsDateEdit()
    edit.setObjectName(name)
    edit.setAllowNull(allow_null)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    if day is not None:
        edit.setDate(QDate(day.year, day.month, day.day))
    elif not allow_null:
        edit.setDate(QDate.currentDate())
    else:
        edit.clear()
    return edit


def value_combo(name: str, list_name: str, default=None, blank: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    if blank:
        combo.addItem("—", None)
    for code in S.VALUE_LISTS[list_name]:
        combo.addItem(translate(S.TR_CONTEXT, code.label), code.value)
    combo.setCurrentIndex(max(0, combo.findData(default)))
    return combo


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, text: str, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
    label.setProperty("error", bool(error))
    label.setVisible(bool(text))


def list_table(name: str, headers: list) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def item(text, uid: Optional[str] = None, number_cell: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    if uid is not None:
        it.setData(UID_ROLE, uid)
    if number_cell:
        it.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
    return it


def fill_rows(table: QTableWidget, rows: list, limit: int = MAX_LIST_ROWS) -> None:
    """Fill a list table with ``rows`` (lists of cell texts; ``uid`` on the first cell as ``(text, uid)``)."""
    table.setRowCount(0)
    shown = rows[:limit]
    table.setRowCount(len(shown))
    for r, cells in enumerate(shown):
        for c, cell in enumerate(cells):
            if isinstance(cell, tuple):
                table.setItem(r, c, item(cell[0], cell[1]))
            else:
                table.setItem(r, c, item(cell, number_cell=isinstance(cell, (int, float))))


def row_uid(table: QTableWidget, row: int) -> Optional[str]:
    it = table.item(row, 0)
    return None if it is None else it.data(UID_ROLE)


def bar(percent: Optional[float], name: str = "") -> QProgressBar:
    """A progress bar for a share of a target (over 100 % shows full, the text says how much)."""
    b = QProgressBar()
    if name:
        b.setObjectName(name)
    set_bar(b, percent)
    return b


def set_bar(b: QProgressBar, percent: Optional[float]) -> None:
    b.setRange(0, 1000)
    b.setValue(0 if percent is None else int(round(min(percent, 100.0) * 10)))
    b.setFormat(percent_text(percent))
    b.setTextVisible(True)


def fill_stat_table(widget: QTableWidget, table: PG.StatTable, bar_column: Optional[str] = "percent") -> None:
    """Show a :class:`core.programmes.StatTable`: headers translated, numbers formatted, the total in bold,
    the share of the target as a bar in ``bar_column``."""
    widget.clear()
    widget.setColumnCount(len(table.columns))
    widget.setHorizontalHeaderLabels([tr(c.header) for c in table.columns])
    rows = table.rows + [table.total]
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        is_total = r == len(rows) - 1
        for c, col in enumerate(table.columns):
            value = row.get(col.key)
            if col.key == "district":
                text = tr("Total") if is_total else district_label(value)
            elif col.type == "date":
                text = value.isoformat() if value else ""
            elif col.type == "percent":
                text = percent_text(value)
            elif col.type == "integer":
                text = number(value)
            elif col.type == "real":
                text = number(value, col.decimals) if value is not None else "—"
            else:
                text = "" if value is None else str(value)
            it = item(text, number_cell=col.type in ("integer", "real", "percent"))
            if is_total:
                font = it.font()
                font.setBold(True)
                it.setFont(font)
            widget.setItem(r, c, it)
            if col.key == bar_column and col.type == "percent" and value is not None:
                widget.setCellWidget(r, c, bar(value))
    widget.resizeColumnsToContents()
