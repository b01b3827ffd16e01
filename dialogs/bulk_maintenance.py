"""Add maintenance to selected facilities: one maintenance record on each, in one step.

A day's cleaning of 40 pipe segments is one work order: the technician selects the facilities
on the map (any facility layers of the store, with QGIS's own selection tools), runs the action,
fills one record (category, status, dates, description, contractor, cost per facility, materials)
and saves. :meth:`Archive.add_record_to_many` writes one record per facility, with its materials,
in **one transaction**: a bad value (end before start, negative cost or quantity, a facility that
no longer exists…) is shown inline naming the field, and nothing is written. The store's
triggers write the audit log under the QGIS user's name.

The dialog is built in code and opened window-modal with ``open()`` (not ``exec()``): the plugin
stays responsive and tests drive it like a user.

The login's rights are read when the dialog opens (:class:`~safe_municipal.dialogs.roles.Rights`:
on PostGIS the database's grants, so an inspector may and a viewer may not; a writable GeoPackage
allows everything): a login that may not add maintenance works finds Save disabled, its tooltip
and the dialog saying why (login and role). The database refuses such a write anyway.
"""
from __future__ import annotations

import traceback
from typing import Optional

from qgis.core import Qgis, QgsFeatureRequest, QgsProject
from qgis.gui import QgsDateEdit
from qgis.PyQt.QtCore import QDate, QLocale
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import schema as S
from ..i18n import problem_text, tr, translate
from ..layers.audit_user import as_qgis_user, qgis_user  # noqa: F401 - qgis_user: tests import it here
from ..settings import project_store_path
from .map_tool import facility_kind
from .messages import describe_problem, push

TABLE = "maintenance"
MATERIAL_TABLE = "maintenance_material"
MATERIAL_COLUMNS = ("material", "quantity", "unit")
RELOADED_TABLES = ("maintenance", "maintenance_material", "audit_log")
ERROR_STYLE = "color: #b00020;"


def field_label(table: str, name: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(table).field(name).label)
    except KeyError:
        return name


def kind_label(kind: str) -> str:
    return translate(S.TR_CONTEXT, S.table(kind).label)


def selected_facilities(project: QgsProject, store: str) -> dict:
    """``{kind: [uid, …]}`` of the selected features of every facility layer of ``store``."""
    from ..layers.project import find_layers

    out: dict = {}
    for layer in find_layers(project, store=store):
        kind = facility_kind(layer)
        if kind is None or not layer.isValid() or not layer.selectedFeatureCount():
            continue
        request = (QgsFeatureRequest().setFilterFids(layer.selectedFeatureIds())
                   .setFlags(QgsFeatureRequest.Flag.NoGeometry)
                   .setSubsetOfAttributes(["uid"], layer.fields()))
        uids = [f["uid"] for f in layer.getFeatures(request)]
        uids = [u for u in uids if isinstance(u, str) and u]
        if uids:
            out.setdefault(kind, []).extend(u for u in uids if u not in out.get(kind, ()))
    return out


class FieldProblem(Exception):
    """A value the form cannot read (not a number, a material row half filled)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _number(text: str, field: str, label: str) -> Optional[float]:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        value, ok = QLocale().toDouble(text)
        if ok:
            return value
    raise FieldProblem(field, tr("{field}: “{value}” is not a number.").format(field=label, value=text))


class BulkMaintenanceDialog(QDialog):
    """One maintenance record for every selected facility. ``written``: the new record uids."""

    def __init__(self, facilities: dict, store_path: str, parent=None, rights=None):
        """``rights``: a :class:`~safe_municipal.dialogs.roles.Rights` (default: read from the store)."""
        super().__init__(parent)
        self.setObjectName("SafeMunicipalBulkMaintenanceDialog")
        self.facilities = {k: list(v) for k, v in facilities.items()}
        self.store_path = store_path
        self.written: list = []
        self.error_field: str = ""
        self._material_rows: list = []
        n = sum(len(v) for v in self.facilities.values())
        self.setWindowTitle(tr("Add maintenance to {n} facilities").format(n=n))

        layout = QVBoxLayout(self)
        counts = "\n".join(tr("{kind}: {n}").format(kind=kind_label(k), n=len(v))
                           for k, v in sorted(self.facilities.items(), key=lambda kv: S.FACILITY_KINDS.index(kv[0])))
        self.summary = QLabel(tr("One maintenance record will be added to each of the {n} selected facilities:")
                              .format(n=n) + "\n" + counts)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        form = QFormLayout()
        self.category = self._combo("category", "maintenance_category", "preventive")
        self.status = self._combo("status", "work_status", "done")
        self.started_on = self._date_edit("started_on")
        self.finished_on = self._date_edit("finished_on")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.contractor = QLineEdit()
        self.contractor.setObjectName("contractor")
        self.cost = QLineEdit()
        self.cost.setObjectName("cost_yuan")
        self.cost.setPlaceholderText(tr("e.g. 1200"))
        form.addRow(field_label(TABLE, "category"), self.category)
        form.addRow(field_label(TABLE, "status"), self.status)
        form.addRow(field_label(TABLE, "started_on"), self.started_on)
        form.addRow(field_label(TABLE, "finished_on"), self.finished_on)
        form.addRow(field_label(TABLE, "description"), self.description)
        form.addRow(field_label(TABLE, "contractor"), self.contractor)
        form.addRow(tr("Cost per facility (yuan)"), self.cost)
        layout.addLayout(form)

        layout.addWidget(QLabel(translate(S.TR_CONTEXT, S.table("maintenance_material").label)))
        self.materials = QTableWidget(0, len(MATERIAL_COLUMNS))
        self.materials.setObjectName("materials")
        self.materials.setHorizontalHeaderLabels([field_label("maintenance_material", c) for c in MATERIAL_COLUMNS])
        self.materials.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.materials.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.materials.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.materials.setMinimumHeight(110)
        layout.addWidget(self.materials)
        buttons_row = QHBoxLayout()
        self.add_material_button = QPushButton(tr("Add material"))
        self.add_material_button.setObjectName("add_material")
        self.add_material_button.clicked.connect(lambda _checked=False: self.add_material_row())
        self.remove_material_button = QPushButton(tr("Remove material"))
        self.remove_material_button.setObjectName("remove_material")
        self.remove_material_button.clicked.connect(lambda _checked=False: self.remove_material_row())
        buttons_row.addWidget(self.add_material_button)
        buttons_row.addWidget(self.remove_material_button)
        buttons_row.addStretch(1)
        layout.addLayout(buttons_row)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 620)
        self.apply_rights(rights)

    def apply_rights(self, rights=None) -> bool:
        """Disable Save (and adding materials) when the login may not write them, saying why; returns
        whether the login may save."""
        from .roles import Rights

        self.rights = rights if rights is not None else Rights.of_ref(self.store_path, (TABLE, MATERIAL_TABLE))
        for b in (self.add_material_button, self.remove_material_button):
            self.rights.apply(b, (MATERIAL_TABLE,))
        may = self.rights.apply(self.save_button, (TABLE,))
        if not may:
            self.show_error(self.rights.refusal((TABLE,)))
        return may

    # ---------------------------------------------------------------- widgets
    def _combo(self, name: str, values: str, default: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for code in S.VALUE_LISTS[values]:
            combo.addItem(translate(S.TR_CONTEXT, code.label), code.value)
        combo.setCurrentIndex(max(0, combo.findData(default)))
        return combo

    @staticmethod
    def _date_edit(name: str) -> QgsDateEdit:
        edit = QgsDateEdit()
        edit.setObjectName(name)
        edit.setAllowNull(True)  # the clear button leaves a date open
        edit.setDisplayFormat("yyyy-MM-dd")  # as stored, and unambiguous in every language
        edit.setCalendarPopup(True)
        edit.setDate(QDate.currentDate())
        return edit

    def add_material_row(self, material: str = "", quantity="", unit: str = "") -> int:
        row = self.materials.rowCount()
        self.materials.insertRow(row)
        for col, value in enumerate((material, quantity, unit)):
            self.materials.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        self.materials.setCurrentCell(row, 0)
        return row

    def remove_material_row(self) -> None:
        row = self.materials.currentRow()
        if row >= 0:
            self.materials.removeRow(row)

    # ---------------------------------------------------------------- values
    def values(self) -> tuple:
        """(record values, material rows) from the form; FieldProblem when a value cannot be read."""
        def date(widget):
            return None if widget.isNull() else widget.date().toString("yyyy-MM-dd")

        values = {
            "category": self.category.currentData(),
            "status": self.status.currentData(),
            "started_on": date(self.started_on),
            "finished_on": date(self.finished_on),
            "description": self.description.toPlainText().strip() or None,
            "contractor": self.contractor.text().strip() or None,
            "cost_yuan": _number(self.cost.text(), "cost_yuan", field_label(TABLE, "cost_yuan")),
        }
        materials, self._material_rows = [], []  # the table row of each material (empty rows are skipped)
        for row in range(self.materials.rowCount()):
            cells = [(self.materials.item(row, c).text() if self.materials.item(row, c) else "").strip()
                     for c in range(len(MATERIAL_COLUMNS))]
            if not any(cells):
                continue  # an empty row is no material
            material, quantity, unit = cells
            for name, value in zip(MATERIAL_COLUMNS, cells):
                if not value:
                    raise FieldProblem("material:" + name, tr("Material row {n}: {field} is required.").format(
                        n=row + 1, field=field_label("maintenance_material", name)))
            label = tr("Material row {n}: {field}").format(n=row + 1, field=field_label("maintenance_material",
                                                                                         "quantity"))
            materials.append({"material": material, "unit": unit,
                              "quantity": _number(quantity, "material:quantity", label)})
            self._material_rows.append(row)
        return values, materials

    def facility_list(self) -> list:
        return [(kind, uid) for kind in S.FACILITY_KINDS for uid in self.facilities.get(kind, ())]

    # ---------------------------------------------------------------- saving
    def show_error(self, text: str, field: str = "") -> None:
        self.error_field = field
        self.error.setText(text)
        self.error.show()
        widget = {"category": self.category, "status": self.status, "started_on": self.started_on,
                  "finished_on": self.finished_on, "description": self.description, "contractor": self.contractor,
                  "cost_yuan": self.cost}.get(field)
        if widget is None and field.startswith("material"):
            widget = self.materials
        if widget is not None:
            widget.setFocus()

    def clear_error(self) -> None:
        self.error_field = ""
        self.error.clear()
        self.error.hide()

    def save(self) -> bool:
        """Write one record per facility in one transaction; False (error shown inline) on bad input."""
        from ..core.validation import ValidationError
        from ..layers.archive import Archive
        from ..layers.errors import StoreError
        from ..layers.store_ref import open_store

        self.clear_error()
        try:
            values, materials = self.values()
        except FieldProblem as p:
            self.show_error(str(p), p.field)
            return False
        try:
            store = open_store(self.store_path)
        except StoreError as e:
            self.show_error(tr("Cannot write to the store {file}: {problem}.").format(
                file=self.store_path, problem=describe_problem(e, self.store_path)))
            return False
        try:
            as_qgis_user(store)  # GeoPackage: the QGIS user; PostGIS: the login
            self.written = Archive(store).add_record_to_many(TABLE, self.facility_list(), values, materials)
        except ValidationError as e:
            if e.table == "maintenance_material" and isinstance(e.row, int) and materials:
                # the store counts material rows over all facilities; the user sees table rows
                e.row = self._material_rows[e.row % len(materials)]
            self.show_error(self.describe(e), self.error_key(e))
            return False
        except StoreError as e:
            self.show_error(tr("Cannot write to the store {file}: {problem}.").format(
                file=self.store_path, problem=describe_problem(e, self.store_path)))
            return False
        finally:
            store.close()
        return True

    @staticmethod
    def error_key(e) -> str:
        return ("material:" + e.field) if e.table == "maintenance_material" else e.field

    @staticmethod
    def describe(e) -> str:
        """A ValidationError as one line naming the field (the problem text comes from core, in English)."""
        label = field_label(e.table, e.field)
        if e.table == "maintenance_material" and isinstance(e.row, int):
            return tr("Material row {n}: {field} {problem}.").format(n=e.row + 1, field=label, problem=problem_text(e.problem))
        return tr("{field} {problem}.").format(field=label, problem=problem_text(e.problem))

    def accept(self):
        if self.save():
            super().accept()


class BulkMaintenanceController:
    """The action "Add maintenance to selected…": checks the selection, runs the dialog, reports."""

    def __init__(self, iface):
        self.iface = iface
        self.dialog: Optional[BulkMaintenanceDialog] = None

    def run(self) -> Optional[BulkMaintenanceDialog]:
        project = QgsProject.instance()
        path = project_store_path(project)
        if not path:
            push(self.iface, tr("Open a Safe Municipal store first."), Qgis.Warning)
            return None
        selected = selected_facilities(project, path)
        if not selected:
            push(self.iface, tr("No facility is selected: select the facilities on the map first "
                                "(for example with QGIS's Select Features tool)."), Qgis.Warning)
            return None
        self.close_dialog()
        dialog = BulkMaintenanceDialog(selected, path, self.iface.mainWindow())
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.finished.connect(lambda _result: self._finished(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, dialog: BulkMaintenanceDialog) -> None:
        n = len(dialog.written)
        push(self.iface, tr("Added {n} maintenance records.").format(n=n), Qgis.Success)
        self.reload_layers(dialog.store_path)

    def _finished(self, dialog: BulkMaintenanceDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def reload_layers(self, path: str) -> None:
        """Show the new rows in the record layers (and the relations' forms that read them)."""
        from ..layers.project import find_layer

        for table in RELOADED_TABLES:
            layer = find_layer(QgsProject.instance(), table, path)
            if layer is None:
                continue
            try:
                layer.dataProvider().reloadData()
                layer.triggerRepaint()
            except Exception:  # noqa: BLE001 - the rows are written; a stale view is not worth a failure
                push(self.iface, tr("The records were saved, but the layer {name} could not be refreshed.")
                     .format(name=layer.name()), Qgis.Warning, details=traceback.format_exc())

    def close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()
            dialog.deleteLater()

    def unload(self) -> None:
        self.close_dialog()
