"""Tabs of the archive dock: records, grade history, connections and change history."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import schema as S
from ...core.schema import QT_TRANSLATE_NOOP
from ...i18n import tr, translate
from ...layers.errors import StoreError
from .chart import GradeChart
from .detail_editor import editor_for
from .fields import value_label
from .logic import (
    RELATION_LABELS,
    audit_changes,
    field_label_source,
    format_number,
    indices_summary,
    local_time,
)
from .models import PAGE_SIZE, PagedRecordModel
from .record_editor import write_problem

REF_ROLE = Qt.ItemDataRole.UserRole


class RecordsPanel(QWidget):
    """Inspections, maintenance works or waterlogging events: a paged table with Add / Edit / Delete.

    The editor fits the record: a pipe's, road's, bridge's or tunnel's health record comes with its
    detail records and the live grade, a waterlogging event with its live judgement
    (:func:`.detail_editor.editor_for`)."""

    def __init__(self, dock, table: str):
        super().__init__()
        self.dock = dock
        self.table = table
        self.editor = None
        self.model = PagedRecordModel(table, self)
        self.view = QTableView()
        self.view.setObjectName(table + "Table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setResizeContentsPrecision(12)  # fit columns to the first rows only
        self.view.doubleClicked.connect(lambda index: self.edit(self.model.row_uid(index.row())))

        self.add_button = QPushButton(tr("Add…"))
        self.add_button.setObjectName("add_" + table)
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.setObjectName("edit_" + table)
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setObjectName("delete_" + table)
        self.more_button = QPushButton(tr("Load more"))
        self.more_button.setObjectName("more_" + table)
        self.status = QLabel()
        self.status.setObjectName("status_" + table)
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_uid()))
        self.delete_button.clicked.connect(lambda: self.delete(self.selected_uid()))
        self.more_button.clicked.connect(lambda: self.model.fetchMore())
        self.model.loadedChanged.connect(self._loaded_changed)

        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def load(self, archive, facility_uid: str, rows: int = PAGE_SIZE) -> None:
        self.model.load(archive, facility_uid, rows)
        if self.model.rows and not getattr(self, "_sized", False):
            self.view.resizeColumnsToContents()
            for c in range(self.model.columnCount()):
                self.view.setColumnWidth(c, min(self.view.columnWidth(c), 260))
            self._sized = True

    def _loaded_changed(self, loaded: int, total: int) -> None:
        self.status.setText(self.model.status_text())
        self.more_button.setVisible(loaded < total)

    def selected_uid(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_uid(rows[0].row()) if rows else None

    def set_writable(self, writable: bool, reason: str = "") -> None:
        """Enable Add / Edit / Delete, or disable them with ``reason`` as their tooltip."""
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(writable)
            b.setToolTip("" if writable else reason)

    # ---- actions
    def tables(self) -> tuple:
        """The tables a write of this panel touches (checked for pending QGIS edits, then reloaded)."""
        if self.table == "maintenance":
            return ("maintenance", "maintenance_material")
        if self.table == "inspection":
            detail = self.dock.archive.detail_table(self.dock.kind) if self.dock.archive is not None else None
            return ("inspection", detail) if detail else ("inspection",)
        return (self.table,)

    def add(self):
        return self._open_editor(None)

    def edit(self, uid):
        if uid is None:
            return None
        return self._open_editor(uid)

    def _open_editor(self, uid):
        """Open the record editor (window-modal, not blocking) and return it."""
        dock = self.dock
        if dock.archive is None or not dock.may_write(self.tables()):
            return None
        try:  # the record as it is now, with its row version (PostGIS) for the save
            record, version = dock.archive.versioned(self.table, uid) if uid else (None, None)
        except KeyError:
            dock.message(tr("The record is no longer in the store."), Qgis.Warning)
            dock.refresh()
            return None
        self.editor = editor_for(dock.archive, self.table, dock.kind, dock.uid, record, self,
                                 guard=lambda _t: dock.may_write(self.tables()), version=version)
        self.editor.accepted.connect(lambda: dock.after_write(self.tables()))
        self.editor.open()
        return self.editor

    def delete(self, uid) -> bool:
        dock = self.dock
        if uid is None or dock.archive is None or not dock.may_write(self.tables()):
            return False
        row = self.model.rows[self.model.row_of(uid)] if self.model.row_of(uid) >= 0 else {}
        when = row.get("inspected_on") or row.get("started_on") or row.get("event_on") or ""
        details = dock.archive.detail_count(uid) if self.table == "inspection" else 0
        if self.table == "inspection":
            question = (tr("Delete the health record of {date} and its {n} detail records?") if details
                        else tr("Delete the health record of {date}?")).format(date=when, n=details)
        elif self.table == "waterlogging_event":
            question = tr("Delete the waterlogging event of {date}?").format(date=when)
        else:
            question = tr("Delete the maintenance work of {date} and its materials?").format(date=when)
        answer = QMessageBox.question(self, tr("Delete record"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:  # the version of the row shown (PostGIS): a record changed since is not deleted
            dock.archive.delete_record(self.table, uid, expected_version=row.get("row_version"))
        except (StoreError, KeyError) as e:
            dock.message(write_problem(e), Qgis.Warning)
            dock.after_write(self.tables())  # show what the store holds now
            return False
        dock.after_write(self.tables())
        return True


class GradePanel(QWidget):
    """The recommended action with its due date, over the grade history chart."""

    def __init__(self):
        super().__init__()
        self.recommendation = QLabel()
        self.recommendation.setObjectName("recommendation")
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextFormat(Qt.TextFormat.RichText)
        self.chart = GradeChart()
        layout = QVBoxLayout(self)
        layout.addWidget(self.recommendation)
        layout.addWidget(self.chart, 1)


class ConnectionsPanel(QWidget):
    """Connected facilities grouped by relation; a double-click opens one in the dock."""

    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.tree = QTreeWidget()
        self.tree.setObjectName("connectionTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Facility"), tr("Kind"), translate(S.TR_CONTEXT, "District")])
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        hint = QLabel(tr("Double-click a facility to open its archive and show it on the map."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)

    def load(self, connections: list) -> None:
        self.tree.clear()
        groups: dict = {}
        for c in connections:
            group = groups.get(c.relation)
            if group is None:
                label = RELATION_LABELS.get(c.relation)
                group = QTreeWidgetItem([tr(label) if label else c.relation])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                groups[c.relation] = group
            f = c.facility
            item = QTreeWidgetItem([f.title, translate(S.TR_CONTEXT, S.table(f.kind).label), f.district or ""])
            item.setData(0, REF_ROLE, (f.kind, f.uid))
            group.addChild(item)
        for group in groups.values():
            group.setText(0, group.text(0) + f" ({group.childCount()})")
            group.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def count(self) -> int:
        return sum(self.tree.topLevelItem(i).childCount() for i in range(self.tree.topLevelItemCount()))

    def items(self) -> list:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out += [group.child(j) for j in range(group.childCount())]
        return out

    def _double_clicked(self, item, _column) -> None:
        ref = item.data(0, REF_ROLE)
        if ref:
            self.dock.jump_to(*ref)


class HistoryPanel(QWidget):
    """Audit entries of the facility and its loaded records, newest first: when, who, table, action;
    under each entry its changed fields ("label: old → new"), unfolded for edits."""

    HEADERS = ("When", "Who", QT_TRANSLATE_NOOP("SafeMunicipal", "Table"),
               QT_TRANSLATE_NOOP("SafeMunicipal", "Action"))

    def __init__(self):
        super().__init__()
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setColumnCount(len(self.HEADERS))
        self.tree.setHeaderLabels([translate(S.TR_CONTEXT, h) if h in ("When", "Who") else tr(h)
                                   for h in self.HEADERS])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.entries: list = []

    @staticmethod
    def _value(table: str, field: str, v) -> str:
        """A value as the archive shows it: coded values by their label, long text shortened."""
        if v is None:
            return "—"
        if isinstance(v, bool):
            return tr("yes") if v else tr("no")
        try:
            codes = S.table(table).field(field).values
        except KeyError:
            codes = None
        if codes:
            return value_label(codes, v)
        if field == "indices":
            return indices_summary(v) or "—"
        if isinstance(v, float):
            return format_number(v)
        text = str(v)
        return text if len(text) <= 60 else text[:59] + "…"

    @classmethod
    def change_lines(cls, entry: dict) -> list:
        """One line per field: "label: old → new" for an update, "label: value" for what an insert
        wrote or a delete removed (labels translated)."""
        lines = []
        update = entry.get("action") == "update"
        for field, old, new in audit_changes(entry):
            if field == "geom":
                lines.append(tr("geometry changed"))
                continue
            table = entry.get("table_name") or ""
            label = translate(S.TR_CONTEXT, field_label_source(table, field))
            if update:
                lines.append(f"{label}: {cls._value(table, field, old)} → {cls._value(table, field, new)}")
            else:
                lines.append(f"{label}: {cls._value(table, field, new if new is not None else old)}")
        return lines

    def load(self, entries: list, limit: int) -> None:
        self.entries = entries
        self.tree.clear()
        for e in entries:
            table = e.get("table_name") or ""
            try:
                table_label = translate(S.TR_CONTEXT, S.table(table).label)
            except KeyError:
                table_label = table
            item = QTreeWidgetItem([local_time(e.get("changed_at"))[:16], e.get("user_name") or "", table_label,
                                    value_label("audit_action", e.get("action"))])
            item.setToolTip(0, local_time(e.get("changed_at")))
            item.setData(0, REF_ROLE, e.get("uid"))
            for line in self.change_lines(e):
                child = QTreeWidgetItem([line])
                child.setToolTip(0, line)
                item.addChild(child)
                child.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(item)
            item.setExpanded(e.get("action") == "update")
        self.note.setText(tr("The latest {n} changes are shown.").format(n=limit) if len(entries) >= limit
                          else tr("Changes of the facility and of the records loaded in the other tabs."))

    def row(self, i: int) -> list:
        """Texts of entry ``i``: [when, who, table, action]."""
        item = self.tree.topLevelItem(i)
        return [item.text(c) for c in range(len(self.HEADERS))]

    def lines(self, i: int) -> list:
        """The change lines of entry ``i``."""
        item = self.tree.topLevelItem(i)
        return [item.child(j).text(0) for j in range(item.childCount())]
