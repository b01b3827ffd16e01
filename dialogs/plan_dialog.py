"""The maintenance plan dialog (按轻重缓急): period, budget, filters, the ranked items with the cut line.

The dialog is modeless (the map stays usable: double-click an item to zoom to its facility). Reading
the store and building the items runs in a :class:`PlanTask` (a QgsTask: a city store holds 220,000
facilities); the filters (district, kind, category) and the budget re-rank the built items at once,
in memory. *Accept selected* writes the selected items as planned maintenance records in one
transaction (an :class:`AcceptTask`; items already planned are skipped, see ``layers/planning.py``)
and reports to the message bar; *Export CSV…* writes the listed items (UTF-8 with BOM, for Excel).

:class:`PlanController` is the toolbar action's side: ``run()`` opens the dialog on the project's
store, ``unload()`` closes it and cancels its tasks.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import traceback
from typing import Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QAbstractTableModel, QDate, QItemSelection, QItemSelectionModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QPen
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from ..core import planning as P
from ..core import schema as S
from ..i18n import problem_text, tr, translate
from ..processing.alg_maintenance_plan import category_label, kind_label, reason_label
from .messages import describe_problem, log, project_store_or_warn, push
from .tasks import FeedbackTask

CUT_COLOR = "#c0392b"
BEYOND_FOREGROUND = "#8a8a8a"
BEYOND_BACKGROUND = "#f0f0f0"
RELOADED_TABLES = ("maintenance", "audit_log")


def _schema_label(table: str, name: str) -> str:
    return translate(S.TR_CONTEXT, S.table(table).field(name).label)


def _qdate(d: _dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> _dt.date:
    return _dt.date(q.year(), q.month(), q.day())


def money(value: Optional[float]) -> str:
    return "" if value is None else f"{value:,.0f}"


# --------------------------------------------------------------------------- background work
class PlanTask(FeedbackTask):
    """Reads the store (read-only) and builds every plan item of the period; ``counts["items"]``."""

    def __init__(self, path: str, date_from: _dt.date, date_to: _dt.date, on_done: Optional[Callable] = None):
        super().__init__(tr("Building the maintenance plan"), on_done)
        self.path, self.date_from, self.date_to = str(path), date_from, date_to

    def work(self):
        from ..layers import planning as LP
        from ..layers.store_ref import open_store

        with open_store(self.path, writable=False) as store:
            items = LP.build_items(store, self.date_from, self.date_to, feedback=self.feedback)
            districts = LP.districts(store)
        items.sort(key=P.PlanItem.sort_key)  # ranked once here: re-ranking a filtered sorted list is cheap
        return {"items": items, "districts": districts}


class AcceptTask(FeedbackTask):
    """Writes planned maintenance records for ``items`` (one transaction); ``counts`` = accept's result."""

    def __init__(self, path: str, items: list, plan_ref: str, user: str = "", on_done: Optional[Callable] = None):
        super().__init__(tr("Accepting maintenance plan items"), on_done)
        self.path, self.items, self.plan_ref, self.user = str(path), list(items), plan_ref, user

    def work(self):
        from ..layers import planning as LP
        from ..layers.store_ref import open_store

        with open_store(self.path) as store:
            if self.user and store.backend == "gpkg":  # PostGIS: the login is who (and what errors name)
                store.user = self.user
            return LP.accept(store, self.items, self.plan_ref)


# --------------------------------------------------------------------------- the table
COLUMNS = ("rank", "code", "name", "kind", "district", "category", "reason", "urgency", "due_on", "cost",
           "responsible_unit", "planned_ref")


def column_titles() -> list:
    return [tr("Rank"), _schema_label("road", "code"), _schema_label("road", "name"),
            _schema_label("maintenance", "facility_kind"), _schema_label("road", "district"),
            _schema_label("maintenance", "category"), _schema_label("maintenance", "reason"),
            _schema_label("maintenance", "urgency"), _schema_label("maintenance", "due_on"),
            _schema_label("maintenance", "estimated_cost_yuan"), _schema_label("maintenance", "responsible_unit"),
            tr("Planned in")]


class PlanModel(QAbstractTableModel):
    """The ranked items of a :class:`core.planning.Plan`; rows beyond the budget are greyed."""

    NUMERIC = ("rank", "urgency", "cost")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: Optional[P.Plan] = None
        self.titles = column_titles()
        self._grey = QBrush(QColor(BEYOND_FOREGROUND))
        self._grey_bg = QBrush(QColor(BEYOND_BACKGROUND))

    def set_plan(self, plan: Optional[P.Plan]) -> None:
        self.beginResetModel()
        self.plan = plan
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() or self.plan is None else len(self.plan.items)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        return None

    def item(self, row: int) -> P.PlanItem:
        return self.plan.items[row]

    def display(self, row: int, column: str) -> str:
        it = self.plan.items[row]
        if column == "rank":
            return str(row + 1)
        if column == "kind":
            return kind_label(it.facility_kind)
        if column == "category":
            return category_label(it.category)
        if column == "reason":
            return reason_label(it.reason)
        if column == "urgency":
            return f"{it.urgency:.3f}"
        if column == "cost":
            return money(it.estimated_cost_yuan)
        if column == "name":
            return it.name or ""
        if column == "planned_ref":
            return it.planned_ref or ""
        value = getattr(it, column)
        return "" if value is None else str(value)

    def tooltip(self, row: int) -> str:
        it = self.plan.items[row]
        lines = [tr("Urgency {u} = severity {s} × importance {i} × overdue factor {o} ({d} days overdue)").format(
            u=f"{it.urgency:.3f}", s=f"{it.severity:g}", i=f"{it.importance:g}", o=f"{it.overdue_factor:g}",
            d=it.days_overdue),
            tr("Reasons: {reasons}").format(reasons=", ".join(reason_label(r) for r in it.reasons))]
        if it.grade:
            lines.append(tr("Grade {grade} ({standard}); next inspection due {due}").format(
                grade=it.grade, standard=it.grade_standard or "", due=it.next_due or "—"))
        if it.estimated_cost_yuan is None:
            lines.append(tr("Cost unknown: no unit cost or no quantity (length, width) for this facility"))
        else:
            lines.append(tr("Cost {cost} = {quantity} × {unit} yuan ({basis}); cumulative {total}").format(
                cost=money(it.estimated_cost_yuan), quantity=f"{it.quantity:g}", unit=f"{it.unit_cost_yuan:g}",
                basis=it.cost_basis, total=money(self.plan.cumulative[row])))
        if not self.plan.within_budget(row):
            lines.append(tr("Beyond the budget"))
        return "\n".join(lines)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.plan is None:
            return None
        row, column = index.row(), COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        beyond = not self.plan.within_budget(row)
        if role == Qt.ItemDataRole.ForegroundRole and beyond:
            return self._grey
        if role == Qt.ItemDataRole.BackgroundRole and beyond:
            return self._grey_bg
        if role == Qt.ItemDataRole.UserRole:
            return self.plan.items[row]
        return None


class CutLineDelegate(QStyledItemDelegate):
    """Draws the budget's cut line above the first row beyond the budget."""

    def __init__(self, model: PlanModel, parent=None):
        super().__init__(parent)
        self.model = model

    def paint(self, painter, option, index):
        super().paint(painter, option, index)
        plan = self.model.plan
        if plan is not None and plan.cut is not None and index.row() == plan.cut:
            painter.save()
            pen = QPen(QColor(CUT_COLOR))
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawLine(option.rect.topLeft(), option.rect.topRight())
            painter.restore()


# --------------------------------------------------------------------------- the dialog
class PlanDialog(QDialog):
    """The plan of one store. ``items``: every item of the period; ``plan``: the filtered, ranked view."""

    def __init__(self, iface, store_path: str, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.store_path = str(store_path)
        self.setObjectName("SafeMunicipalPlanDialog")
        self.setWindowTitle(tr("Maintenance plan"))
        self.items: list = []
        self.plan: Optional[P.Plan] = None
        self.window: Optional[tuple] = None  # the (from, to) the items were built for
        self.task: Optional[PlanTask] = None
        self.accept_task: Optional[AcceptTask] = None
        self.last_error = ""
        self.last_result: Optional[dict] = None
        self._alive = True
        self._ref_edited = False

        today = _dt.date.today()
        self.date_from = self._date_edit("planFrom", today)
        self.date_to = self._date_edit("planTo", P.default_end(today))
        self.date_from.dateChanged.connect(self._dates_changed)
        self.date_to.dateChanged.connect(self._dates_changed)
        self.compute_button = QPushButton(tr("Compute"))
        self.compute_button.setObjectName("planCompute")
        self.compute_button.clicked.connect(lambda _checked=False: self.compute())

        self.budget = QDoubleSpinBox()
        self.budget.setObjectName("planBudget")
        self.budget.setDecimals(0)
        self.budget.setRange(0.0, 1e13)
        self.budget.setSingleStep(100000.0)
        self.budget.setGroupSeparatorShown(True)
        self.budget.setSpecialValueText(tr("No budget"))
        self.budget.setSuffix(tr(" yuan"))
        self.budget.valueChanged.connect(lambda _v: self.refilter())

        self.district = QComboBox()
        self.district.setObjectName("planDistrict")
        self.district.addItem(tr("All districts"), None)
        self.kind = QComboBox()
        self.kind.setObjectName("planKind")
        self.kind.addItem(tr("All kinds"), None)
        for k in S.FACILITY_KINDS:
            self.kind.addItem(kind_label(k), k)
        self.category = QComboBox()
        self.category.setObjectName("planCategory")
        self.category.addItem(tr("All categories"), None)
        for c in P.CATEGORIES:
            self.category.addItem(category_label(c), c)
        for combo in (self.district, self.kind, self.category):
            combo.currentIndexChanged.connect(lambda _i: self.refilter())

        self.plan_ref = QLineEdit(self._default_ref())
        self.plan_ref.setObjectName("planRef")
        self.plan_ref.setMaxLength(S.table("maintenance").field("plan_ref").max_length)
        self.plan_ref.textEdited.connect(self._ref_was_edited)

        grid = QGridLayout()
        grid.addWidget(QLabel(tr("From")), 0, 0)
        grid.addWidget(self.date_from, 0, 1)
        grid.addWidget(QLabel(tr("To")), 0, 2)
        grid.addWidget(self.date_to, 0, 3)
        grid.addWidget(self.compute_button, 0, 4)
        grid.addWidget(QLabel(tr("Budget")), 0, 5)
        grid.addWidget(self.budget, 0, 6)
        grid.addWidget(QLabel(_schema_label("road", "district")), 1, 0)
        grid.addWidget(self.district, 1, 1)
        grid.addWidget(QLabel(_schema_label("maintenance", "facility_kind")), 1, 2)
        grid.addWidget(self.kind, 1, 3)
        grid.addWidget(QLabel(_schema_label("maintenance", "category")), 1, 4)
        grid.addWidget(self.category, 1, 5, 1, 2)

        self.progress = QProgressBar()
        self.progress.setObjectName("planProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.cut_label = QLabel()
        self.cut_label.setObjectName("planCutLabel")
        self.cut_label.setWordWrap(True)

        self.model = PlanModel(self)
        self.table = QTableView()
        self.table.setObjectName("planTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CutLineDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first rows only
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.accept_button = QPushButton(tr("Accept selected"))
        self.accept_button.setObjectName("planAccept")
        self.accept_button.setToolTip(tr("Write the selected items as planned maintenance records (one "
                                         "transaction); items planned already are skipped"))
        self.accept_button.clicked.connect(lambda _checked=False: self.accept_selected())
        self.cut_button = QPushButton(tr("Go to the cut line"))
        self.cut_button.setObjectName("planGoToCut")
        self.cut_button.clicked.connect(lambda _checked=False: self.scroll_to_cut())
        self.export_button = QPushButton(tr("Export CSV…"))
        self.export_button.setObjectName("planExport")
        self.export_button.clicked.connect(lambda _checked=False: self.export_dialog())
        self.costs_button = QPushButton(tr("Unit costs…"))
        self.costs_button.setObjectName("planUnitCosts")
        self.costs_button.setToolTip(tr("Edit the unit costs the estimates use (the store's Unit costs table; "
                                        "the defaults are copied in the first time)"))
        self.costs_button.clicked.connect(lambda _checked=False: self.edit_unit_costs())
        actions = QHBoxLayout()
        actions.addWidget(QLabel(_schema_label("maintenance", "plan_ref")))
        actions.addWidget(self.plan_ref, 1)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.cut_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.costs_button)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(tr("Every facility with due work in the period, ranked by urgency (grade severity × "
                          "importance × days overdue). Store: {file}").format(file=self.store_path))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cut_label)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.resize(1100, 640)
        self._update_buttons()

    # ---------------------------------------------------------------- widgets
    @staticmethod
    def _date_edit(name: str, value: _dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(value))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def period(self) -> tuple:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def _default_ref(self) -> str:
        start, end = self.period()
        return f"{start.isoformat()}/{end.isoformat()}"

    def _ref_was_edited(self, _text: str) -> None:
        self._ref_edited = True

    def _dates_changed(self, *_args) -> None:
        if not self._ref_edited:
            self.plan_ref.setText(self._default_ref())
        stale = self.window is not None and self.window != self.period()
        if stale:
            self.status.setText(tr("The period changed: press Compute to rebuild the plan."))
        self._update_buttons()

    def _busy(self) -> bool:
        return self.task is not None or self.accept_task is not None

    def _update_buttons(self) -> None:
        if not self._alive:
            return
        ready = self.plan is not None and not self._busy() and self.window == self.period()
        self.accept_button.setEnabled(ready and bool(self.selected_rows()))
        self.export_button.setEnabled(self.plan is not None and not self._busy())
        self.cut_button.setEnabled(self.plan is not None and self.plan.cut is not None)
        self.compute_button.setEnabled(self.task is None and self.accept_task is None)

    # ---------------------------------------------------------------- building
    def compute(self) -> Optional[PlanTask]:
        """Rebuild the items of the period in a background task (the filters apply when it ends)."""
        if self._busy():
            return None
        start, end = self.period()
        if end < start:
            self.status.setText(tr("The end of the period is before its start."))
            return None
        task = PlanTask(self.store_path, start, end, on_done=self._computed)
        self.task = task
        self.progress.setValue(0)
        self.progress.show()
        task.progressChanged.connect(self._progress)
        self.status.setText(tr("Building the plan…"))
        self._update_buttons()
        QgsApplication.taskManager().addTask(task)
        return task

    def _progress(self, value: float) -> None:
        if self._alive:
            self.progress.setValue(int(value))

    def _computed(self, task: PlanTask) -> None:
        if self.task is task:
            self.task = None
        if not self._alive:
            return
        self.progress.hide()
        if task.error is not None:
            self.last_error = self._error_text(task.error)
            self.status.setText(tr("The plan could not be built: {problem}").format(problem=self.last_error))
            push(self.iface, tr("The maintenance plan of {file} could not be built: {problem}").format(
                file=self.store_path, problem=self.last_error), Qgis.Critical, details=task.details)
            self._update_buttons()
            return
        if not task.succeeded:
            self.status.setText(tr("Cancelled."))
            self._update_buttons()
            return
        self.items = list(task.counts.get("items") or [])
        self.window = (task.date_from, task.date_to)
        self._fill_districts(task.counts.get("districts") or [])
        self.refilter()
        self.table.resizeColumnsToContents()

    def _error_text(self, error: BaseException) -> str:
        from ..core.validation import ValidationError
        from ..layers.errors import StoreError

        if isinstance(error, StoreError):
            return describe_problem(error, self.store_path)
        if isinstance(error, ValidationError):
            return self.describe_validation(error)
        return str(error) or type(error).__name__

    def _fill_districts(self, names: list) -> None:
        current = self.district.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(tr("All districts"), None)
        for name in names:
            self.district.addItem(name, name)
        self.district.setCurrentIndex(max(0, self.district.findData(current)) if current else 0)
        self.district.blockSignals(False)

    def filters(self) -> dict:
        budget = self.budget.value()
        return {"budget": budget if budget > 0 else None, "districts": self.district.currentData(),
                "kinds": self.kind.currentData(), "categories": self.category.currentData()}

    def refilter(self) -> None:
        """Rank the built items again with the current filters and budget (in memory, instant)."""
        if not self._alive or self.window is None:
            return
        self.plan = P.make_plan(self.items, *self.window, **self.filters())
        self.model.set_plan(self.plan)
        self._show_summary()
        self._update_buttons()

    def _show_summary(self) -> None:
        plan = self.plan
        total, within = plan.total_cost_yuan, plan.within_cost_yuan
        s = {"items": len(plan.items), "already_planned": sum(1 for it in plan.items if it.planned_ref is not None),
             "total_cost_yuan": total, "within_budget_cost_yuan": within,
             "within_budget": len(plan.items) if plan.cut is None else plan.cut}
        s["beyond_budget"] = s["items"] - s["within_budget"]
        self.status.setText(tr("{n} items from {start} to {end}; {planned} of them planned already.").format(
            n=s["items"], start=plan.date_from, end=plan.date_to, planned=s["already_planned"]))
        if plan.budget is None:
            self.cut_label.setText(tr("No budget: all {n} items, estimated {total} yuan.").format(
                n=s["items"], total=money(s["total_cost_yuan"])))
            self.cut_label.setStyleSheet("")
        elif plan.cut is None:
            self.cut_label.setText(tr("Budget {budget} yuan: all {n} items fit ({total} yuan).").format(
                budget=money(plan.budget), n=s["items"], total=money(s["total_cost_yuan"])))
            self.cut_label.setStyleSheet("")
        else:
            self.cut_label.setText(tr("Cut line below rank {rank}: budget {budget} yuan covers {n} items ({within} "
                                      "yuan); {m} items ({rest} yuan) are beyond the budget (greyed).").format(
                rank=plan.cut, budget=money(plan.budget), n=s["within_budget"], within=money(s["within_budget_cost_yuan"]),
                m=s["beyond_budget"], rest=money(s["total_cost_yuan"] - s["within_budget_cost_yuan"])))
            self.cut_label.setStyleSheet(f"color: {CUT_COLOR};")

    def scroll_to_cut(self) -> None:
        if self.plan is not None and self.plan.cut is not None:
            self.table.scrollTo(self.model.index(self.plan.cut, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    # ---------------------------------------------------------------- selection, zoom
    def selected_rows(self) -> list:
        model = self.table.selectionModel()
        return sorted(i.row() for i in model.selectedRows()) if model is not None else []

    def select_rows(self, rows) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for r in rows:
            selection.select(self.model.index(r, 0), self.model.index(r, last))
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _double_clicked(self, index) -> None:
        if index.isValid():
            self.zoom_to(index.row())

    def zoom_to(self, row: int) -> bool:
        from .locator import zoom_to_facility

        it = self.model.item(row)
        try:
            return zoom_to_facility(self.iface.mapCanvas(), self.store_path, it.facility_kind, it.facility_uid)
        except Exception as e:  # noqa: BLE001 - one message, details in the log
            push(self.iface, tr("Cannot show {code} on the map: {problem}").format(
                code=it.code, problem=str(e) or type(e).__name__), Qgis.Warning, details=traceback.format_exc())
            return False

    def edit_unit_costs(self):
        """Copy the default unit costs into the store's ``unit_cost`` table where it prices nothing yet
        (one transaction) and open the table in QGIS's attribute table; returns the layer (or None).
        Recompute afterwards: the plan reads the table each time."""
        from ..layers import planning as LP
        from ..layers.project import find_layer
        from ..layers.store_ref import open_store
        from .bulk_maintenance import qgis_user

        layer = find_layer(QgsProject.instance(), "unit_cost", self.store_path)
        if layer is None or not layer.isValid():
            push(self.iface, tr("The Unit costs layer of the store is not in the project."), Qgis.Warning)
            return None
        if layer.isEditable():
            push(self.iface, tr("The Unit costs layer is being edited: save or discard its edits first."),
                 Qgis.Warning)
            return None
        try:
            with open_store(self.store_path) as store:
                if store.backend == "gpkg":  # PostGIS: the login is who (and what errors name)
                    store.user = qgis_user()
                added = LP.seed_unit_costs(store)
        except Exception as e:  # noqa: BLE001 - one message, details in the log
            push(self.iface, tr("The unit costs could not be prepared: {problem}").format(problem=describe_problem(e)),
                 Qgis.Critical, details=traceback.format_exc())
            return None
        if added:
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
            push(self.iface, tr("{n} default unit costs were copied into the store: edit them, then compute again.")
                 .format(n=added), Qgis.Info)
        if hasattr(self.iface, "showAttributeTable"):
            self.iface.showAttributeTable(layer)
        return layer

    # ---------------------------------------------------------------- accepting
    def accept_selected(self) -> Optional[AcceptTask]:
        """Write the selected items as planned maintenance (background task, one transaction)."""
        rows = self.selected_rows()
        if not rows or self.plan is None or self._busy():
            return None
        ref = self.plan_ref.text().strip()
        if not ref:
            self.status.setText(tr("Give the plan a name first."))
            self.plan_ref.setFocus()
            return None
        from .bulk_maintenance import qgis_user

        items = [self.plan.items[r] for r in rows]
        task = AcceptTask(self.store_path, items, ref, qgis_user(), on_done=self._accepted)
        self.accept_task = task
        self.status.setText(tr("Writing {n} planned maintenance records…").format(n=len(items)))
        self._update_buttons()
        QgsApplication.taskManager().addTask(task)
        return task

    def _accepted(self, task: AcceptTask) -> None:
        if self.accept_task is task:
            self.accept_task = None
        if task.error is not None:
            text = self._error_text(task.error)
            self.last_error = text
            push(self.iface, tr("Nothing was written: {problem}").format(problem=text), Qgis.Critical,
                 details=task.details)
            if self._alive:
                self.status.setText(tr("Nothing was written: {problem}").format(problem=text))
                self._update_buttons()
            return
        if not task.succeeded:
            push(self.iface, tr("Accepting was cancelled; nothing was written."), Qgis.Warning)
            if self._alive:
                self._update_buttons()
            return
        result = dict(task.counts or {})
        self.last_result = result
        push(self.iface, tr("Plan {ref}: {n} planned maintenance records written; {m} items were planned "
                            "already.").format(ref=result.get("plan_ref", task.plan_ref), n=result.get("written", 0),
                                               m=result.get("already_planned", 0)), Qgis.Success)
        reload_layers(self.store_path)
        if self._alive:
            self._mark_planned(task.items, result.get("plan_ref", task.plan_ref))

    def _mark_planned(self, items: list, ref: str) -> None:
        """Show the accepted items as planned (an item planned before keeps its plan)."""
        keys = {it.key for it in items}
        self.items = [dataclasses.replace(it, planned_ref=ref) if it.key in keys and it.planned_ref is None else it
                      for it in self.items]
        rows = self.selected_rows()
        self.refilter()
        self.select_rows(rows)

    @staticmethod
    def describe_validation(e) -> str:
        label = _schema_label(e.table, e.field) if e.field in S.table(e.table).field_names else e.field
        if isinstance(e.row, int):
            return tr("item {n}: {field} {problem}").format(n=e.row + 1, field=label, problem=problem_text(e.problem))
        return tr("{field} {problem}.").format(field=label, problem=problem_text(e.problem))

    # ---------------------------------------------------------------- export
    def export_dialog(self) -> Optional[str]:
        if self.plan is None:
            return None
        path, _filter = QFileDialog.getSaveFileName(self, tr("Export the maintenance plan"),
                                                    "maintenance_plan.csv", tr("CSV files (*.csv)"))
        if not path:
            return None
        try:
            n = self.export_csv(path)
        except OSError as e:
            push(self.iface, tr("Cannot write {file}: {problem}").format(file=path, problem=e.strerror or str(e)),
                 Qgis.Critical)
            return None
        push(self.iface, tr("Exported {n} plan items to {file}.").format(n=n, file=path), Qgis.Success)
        return path

    def export_csv(self, path: str) -> int:
        """Write the listed items (rank order, current filters) to ``path``; returns how many."""
        header = [tr("Rank"), tr("Within budget"), _schema_label("road", "code"), _schema_label("road", "name"),
                  _schema_label("maintenance", "facility_kind"), _schema_label("road", "district"),
                  _schema_label("maintenance", "category"), _schema_label("maintenance", "reason"), tr("All reasons"),
                  _schema_label("maintenance", "work_type"), _schema_label("road", "grade"),
                  _schema_label("road", "grade_standard"), _schema_label("road", "next_due"), tr("Days overdue"), tr("Severity"),
                  tr("Importance"), tr("Overdue factor"), _schema_label("maintenance", "urgency"),
                  _schema_label("maintenance", "due_on"), _schema_label("unit_cost", "basis"),
                  _schema_label("maintenance_material", "quantity"), _schema_label("unit_cost", "unit_cost_yuan"),
                  _schema_label("maintenance", "estimated_cost_yuan"), tr("Cumulative cost (yuan)"),
                  _schema_label("maintenance", "responsible_unit"), tr("Planned in"), "facility_uid"]
        yes, no = tr("yes"), tr("no")
        work_types = {c.value: translate(S.TR_CONTEXT, c.label) for c in S.VALUE_LISTS["work_type"]}
        bases = {c.value: translate(S.TR_CONTEXT, c.label) for c in S.VALUE_LISTS["cost_basis"]}
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for r in P.records(self.plan):
                w.writerow([r["rank"], yes if r["within_budget"] else no, r["code"], r["name"] or "",
                            kind_label(r["facility_kind"]), r["district"] or "", category_label(r["category"]),
                            reason_label(r["reason"]), "; ".join(reason_label(x) for x in r["reasons"].split(",")),
                            work_types.get(r["work_type"], r["work_type"]), r["grade"] or "", r["grade_standard"] or "",
                            r["next_due"] or "", r["days_overdue"], r["severity"], r["importance"],
                            r["overdue_factor"], r["urgency"], r["due_on"], bases.get(r["cost_basis"], "") if
                            r["cost_basis"] else "", "" if r["quantity"] is None else r["quantity"],
                            "" if r["unit_cost_yuan"] is None else r["unit_cost_yuan"],
                            "" if r["estimated_cost_yuan"] is None else r["estimated_cost_yuan"],
                            r["cumulative_cost_yuan"], r["responsible_unit"] or "", r["planned_ref"] or "",
                            r["facility_uid"]])
        return len(self.plan.items)

    # ---------------------------------------------------------------- closing
    def done(self, result):
        """Closing cancels a running build; a running accept finishes and reports to the message bar."""
        self._alive = False
        if self.task is not None:
            task, self.task = self.task, None
            task.on_done = None
            task.cancel()
        super().done(result)


def reload_layers(path: str) -> None:
    """Show the new planned records in the store's maintenance (and audit) layers."""
    from ..layers.project import find_layer

    for table in RELOADED_TABLES:
        layer = find_layer(QgsProject.instance(), table, path)
        if layer is None or not layer.isValid():
            continue
        try:
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        except Exception:  # noqa: BLE001 - the rows are written; a stale view is not worth a failure
            log(tr("The layer {name} could not be refreshed.").format(name=layer.name()), Qgis.Warning)


class PlanController:
    """The "Maintenance plan…" action: opens the plan dialog on the project's store."""

    def __init__(self, iface):
        self.iface = iface
        self.dialog: Optional[PlanDialog] = None

    def run(self) -> Optional[PlanDialog]:
        path = project_store_or_warn(self.iface)
        if not path:
            return None
        if self.dialog is not None and self.dialog.store_path == path:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        self.close_dialog()
        dialog = PlanDialog(self.iface, path, self.iface.mainWindow())
        dialog.finished.connect(lambda _result: self._finished(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.compute()
        return dialog

    def _finished(self, dialog: PlanDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()

    def unload(self) -> None:
        """Close the dialog (a running build is cancelled; a running accept still finishes)."""
        self.close_dialog()
