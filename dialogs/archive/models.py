"""Table models of the archive dock: records paged from the store, newest first.

:class:`PagedRecordModel` holds one facility's inspections, maintenance works or (waterlogging
points) waterlogging events, each event with its GB 51222 judgement, and reads them
in pages of :data:`PAGE_SIZE` through ``Archive.records`` (an indexed, ``LIMIT``/``OFFSET`` query):
``canFetchMore``/``fetchMore`` let the view pull the next page when it is scrolled to the bottom,
so a facility with thousands of records opens as fast as one with ten and scrolls smoothly.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor

from ...core import schema as S
from ...core.schema import QT_TRANSLATE_NOOP
from ...i18n import problem_text, tr, translate
from .fields import field_label, value_label
from .logic import badge_hue, format_number, grade_fraction, indices_summary, materials_summary

PAGE_SIZE = 50
UID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

#: Columns per record table: (key, how to show it). Keys are fields, "materials" is computed.
COLUMNS = {
    "inspection": (("inspected_on", "date"), ("inspection_type", "value"), ("inspector", "text"),
                   ("standard", "standard"), ("indices", "indices"), ("grade", "grade"), ("summary", "long")),
    "maintenance": (("started_on", "date"), ("finished_on", "date"), ("category", "value"), ("status", "value"),
                    ("description", "long"), ("contractor", "text"), ("cost_yuan", "money"),
                    ("materials", "materials")),
    "waterlogging_event": (("event_on", "date"), ("judgement", "judgement"), ("max_depth_cm", "number"),
                           ("duration_min", "number"), ("return_period_yr", "number"), ("rainfall_mm", "number"),
                           ("building_ingress", "bool"), ("traffic_impact", "long")),
}
JUDGEMENT_STANDARD = "GB51222-2017"


#: GB 51222 judgements in words (the live grade panel shows them the same way).
JUDGEMENTS = {"compliant": QT_TRANSLATE_NOOP("SafeMunicipal", "Compliant"),
              "waterlogged": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogged (内涝点)")}


def judgement_text(grade) -> str:
    return tr(JUDGEMENTS[grade]) if grade in JUDGEMENTS else ("" if grade is None else str(grade))


def first_line(text, limit: int = 80) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[:limit - 1] + "…"


class PagedRecordModel(QAbstractTableModel):
    """One facility's records of one table, loaded page by page."""

    loadedChanged = pyqtSignal(int, int)  # noqa: N815 - Qt style: (rows loaded, rows in the store)

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.columns = COLUMNS[table]
        self.archive = None
        self.facility_uid = None
        self.rows: list = []
        self.total = 0
        self.materials: dict = {}  # maintenance uid -> [material rows]
        self.judgements: dict = {}  # waterlogging event uid -> LiveGrade (GB 51222)

    # ---- loading
    def load(self, archive, facility_uid: str, rows: int = PAGE_SIZE) -> None:
        """(Re)load the first ``rows`` records (at least one page) of a facility."""
        self.beginResetModel()
        self.archive, self.facility_uid = archive, facility_uid
        self.rows, self.materials, self.judgements = [], {}, {}
        self.total = 0
        if archive is not None and facility_uid:
            self.total = archive.record_count(self.table, facility_uid)
            self.rows = archive.records(self.table, facility_uid, 0, max(PAGE_SIZE, rows), with_version=True)
            self._decorate(self.rows)
        self.endResetModel()
        self.loadedChanged.emit(len(self.rows), self.total)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802,B008 - Qt API
        return not parent.isValid() and self.archive is not None and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802,B008 - Qt API
        if not self.canFetchMore(parent):
            return
        page = self.archive.records(self.table, self.facility_uid, len(self.rows), PAGE_SIZE, with_version=True)
        if not page:  # records were deleted meanwhile: stop asking
            self.total = len(self.rows)
            self.loadedChanged.emit(len(self.rows), self.total)
            return
        self._decorate(page)
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()
        self.loadedChanged.emit(len(self.rows), self.total)

    def _decorate(self, rows: list) -> None:
        """Maintenance works: their materials, for all rows of the page in one query; waterlogging
        events: their judgement."""
        if self.table == "waterlogging_event" and rows:
            for r, live in zip(rows, self.archive.event_judgements(self.facility_uid, rows)):
                self.judgements[r["uid"]] = live
            return
        if self.table != "maintenance" or not rows:
            return
        uids = [r["uid"] for r in rows]
        for u in uids:
            self.materials.setdefault(u, [])
        marks = ", ".join("?" * len(uids))
        # the store's generic row reader (backend independent), one indexed IN query per page
        for m in self.archive.store.rows("maintenance_material", f"maintenance_uid IN ({marks})", uids,
                                         order_by=("fid",)):
            self.materials[m["maintenance_uid"]].append(m)

    # ---- access
    def uids(self) -> list:
        return [r["uid"] for r in self.rows]

    def material_uids(self) -> list:
        return [m["uid"] for ms in self.materials.values() for m in ms]

    def row_uid(self, row: int):
        return self.rows[row]["uid"] if 0 <= row < len(self.rows) else None

    def row_of(self, uid: str) -> int:
        for i, r in enumerate(self.rows):
            if r["uid"] == uid:
                return i
        return -1

    # ---- Qt model
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802,B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802,B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        key = self.columns[section][0]
        if key == "materials":
            return translate(S.TR_CONTEXT, S.table("maintenance_material").label)
        if key == "judgement":
            return tr("Judgement (GB 51222)")
        return field_label(self.table, key)

    def display(self, row: dict, key: str, how: str) -> str:
        v = row.get(key)
        if how == "value":
            return value_label(S.table(self.table).field(key).values, v)
        if how == "indices":
            return indices_summary(v)
        if how == "long":
            return first_line(v)
        if how == "money":
            return "" if v is None else f"{v:,.2f}"
        if how == "materials":
            return materials_summary(self.materials.get(row["uid"], ()))
        if how == "number":
            return format_number(v)
        if how == "bool":
            return "" if v is None else tr("yes") if v else tr("no")
        if how == "judgement":
            live = self.judgements.get(row["uid"])
            return judgement_text(live.grade) if live is not None and live.ok else "—"
        return "" if v is None else str(v)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        key, how = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key, how)
        if role == Qt.ItemDataRole.ToolTipRole:
            if how == "long":
                return row.get(key) or None
            if how == "standard":
                return value_label("standard", row.get(key)) or None
            if how in ("materials", "indices"):
                return self.display(row, key, how) or None
            if how == "judgement":
                live = self.judgements.get(row["uid"])
                if live is None:
                    return None
                return live.result.action if live.ok else problem_text(live.problem)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and how in ("grade", "judgement"):
            if how == "grade":
                hue = badge_hue(grade_fraction(row.get("standard"), row.get("grade")))
            else:
                live = self.judgements.get(row["uid"])
                hue = badge_hue(grade_fraction(JUDGEMENT_STANDARD, live.grade)) if live is not None else None
            return QBrush(QColor.fromHsv(hue, 70, 255)) if hue is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and how in ("money", "number"):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == UID_ROLE:
            return row["uid"]
        if role == ROW_ROLE:
            return row
        return None

    def status_text(self) -> str:
        if self.total == 0:
            return tr("No records")
        return tr("{loaded} of {total} loaded").format(loaded=len(self.rows), total=self.total)
