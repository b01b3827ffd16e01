"""Table models of the cover cases dock: the case list, the unit statistics and the units.

Plain Qt models over lists the dock reads through :class:`~safe_municipal.layers.cases.CoverCases`;
overdue cases are red (text and background); times are shown in the computer's local time.
"""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QAbstractTableModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont

from ...core import cases as C
from ...core import schema as S
from ...core.schema import QT_TRANSLATE_NOOP
from ...i18n import tr, translate

OVERDUE_TEXT = QColor("#b71c1c")
OVERDUE_BACKGROUND = QColor("#ffebee")
UID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 1


def value_label(list_name: str, value) -> str:
    """A value-list code in the user's language ("" for none; the code itself when unknown)."""
    if value in (None, ""):
        return ""
    for code in S.VALUE_LISTS[list_name]:
        if code.value == value:
            return translate(S.TR_CONTEXT, code.label)
    return str(value)


def local_time(value) -> str:
    """A stored UTC time as local ``YYYY-MM-DD HH:MM`` ("" for none)."""
    try:
        t = C.as_utc(value)
    except ValueError:
        return str(value)
    return t.astimezone().strftime("%Y-%m-%d %H:%M") if t is not None else ""


def hours_text(h: Optional[float]) -> str:
    return "" if h is None else f"{h:.1f}"


def rate_text(r: Optional[float]) -> str:
    return "" if r is None else f"{100 * r:.0f} %"


class _Table(QAbstractTableModel):
    COLUMNS: tuple = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list = []

    def rowCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.items)

    def columnCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section])
        return None

    def set_items(self, items) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()


class CaseModel(_Table):
    """The case list: one :class:`~safe_municipal.layers.cases.CaseItem` per row."""

    COLUMNS = (QT_TRANSLATE_NOOP("SafeMunicipal", "Case number"), QT_TRANSLATE_NOOP("SafeMunicipal", "Reported"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Problem"), QT_TRANSLATE_NOOP("SafeMunicipal", "Source"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "District"), QT_TRANSLATE_NOOP("SafeMunicipal", "Cover"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Unit"), QT_TRANSLATE_NOOP("SafeMunicipal", "Status"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Dispatched"), QT_TRANSLATE_NOOP("SafeMunicipal", "Responded"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Fixed"), QT_TRANSLATE_NOOP("SafeMunicipal", "Response (h)"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Fix (h)"))

    def text(self, item, column: int) -> str:
        r = item.row
        status = value_label("case_status", r["status"])
        if item.overdue:
            status = tr("{status} · overdue").format(status=status)
        elif r["status"] == "reported":
            status = tr("{status} · waiting for a unit").format(status=status)
        values = (r["code"], local_time(r["reported_at"]), value_label("case_problem", r["problem"]),
                  value_label("case_source", r["source"]), r["district"] or "", item.cover_code or "",
                  item.unit_name or "", status, local_time(r["dispatched_at"]), local_time(r["responded_at"]),
                  local_time(r["fixed_at"]), hours_text(item.timing.response_hours),
                  hours_text(item.timing.fix_hours))
        return values[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return item.row["description"] or None
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == UID_ROLE:
            return item.row["uid"]
        if role == OVERDUE_ROLE:
            return item.overdue
        return None


class StatsModel(_Table):
    """Unit statistics: one :class:`~safe_municipal.core.cases.UnitStats` per row, the total last (bold)."""

    COLUMNS = (QT_TRANSLATE_NOOP("SafeMunicipal", "Unit"), QT_TRANSLATE_NOOP("SafeMunicipal", "District"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Cases"), QT_TRANSLATE_NOOP("SafeMunicipal", "Still open"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Mean response (h)"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Max response (h)"), QT_TRANSLATE_NOOP("SafeMunicipal", "Fixed"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Mean fix (h)"), QT_TRANSLATE_NOOP("SafeMunicipal", "Max fix (h)"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Overdue"), QT_TRANSLATE_NOOP("SafeMunicipal", "Late"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "On-time rate"))

    def text(self, s: C.UnitStats, column: int) -> str:
        name = s.unit_name if s.unit_uid is not None else tr("All units")
        if s.unit_uid is not None and not s.active:
            name = tr("{name} (inactive)").format(name=name)
        values = (name, s.district or "", str(s.cases), str(s.open), hours_text(s.mean_response_h),
                  hours_text(s.max_response_h), str(s.fixed), hours_text(s.mean_fix_h), hours_text(s.max_fix_h),
                  str(s.overdue), str(s.late), rate_text(s.on_time_rate))
        return values[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(s, index.column())
        if role == Qt.ItemDataRole.FontRole and s.unit_uid is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 9 and s.overdue:
            return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UID_ROLE:
            return s.unit_uid
        return None


class UnitModel(_Table):
    """The units in rotation order: rows of ``maintenance_unit`` plus ``open`` (open cases now)."""

    COLUMNS = (QT_TRANSLATE_NOOP("SafeMunicipal", "Turn"), QT_TRANSLATE_NOOP("SafeMunicipal", "Unit"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "District"), QT_TRANSLATE_NOOP("SafeMunicipal", "Open cases"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Active"), QT_TRANSLATE_NOOP("SafeMunicipal", "Phone"))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (str(index.row() + 1), r["name"], r["district"] or "",
                      f"{r['open']} / {r['open_case_limit']}", tr("yes") if r["active"] else tr("no"),
                      r["phone"] or "")
            return values[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not r["active"]:
            return QBrush(QColor("#9e9e9e"))
        if role == UID_ROLE:
            return r["uid"]
        return None
