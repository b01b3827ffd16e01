"""The record editors: one dialog per health record (inspection), maintenance work or waterlogging event.

Fields are built from the schema (``core.schema``): value lists as combo boxes with translated
labels, dates with a calendar pop-up (optional ones with an explicit empty state), numbers as spin
boxes, text and multi-line text; required fields carry " *". Saving calls the
:class:`~safe_municipal.layers.archive.Archive`; a :class:`ValidationError` is shown *inline*
under the field it names (red text, red frame), the dialog stays open and nothing is written
(the archive validates before writing and writes in one transaction). Closing with unsaved changes
(Cancel, Esc, the window's close button) asks Save / Discard / Cancel.

No lost updates (PostGIS): an editor of a stored record keeps the row version the record had when
it was read (``version``) and saves with it; when somebody else changed the record meanwhile the
store refuses the save (``ConflictError``), nothing is written, and the editor stays open saying who
changed it and when (:func:`write_problem`). A GeoPackage has no row versions (``version`` None).

The dialogs are opened with ``open()`` (window-modal, not blocking): the dock refreshes when one
is accepted. The health-record editor of a pipe, road, bridge or tunnel, with its detail records
and the live grade, and the waterlogging-event editor are in :mod:`.detail_editor`.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import schema as S
from ...core.records import DEFAULT_STANDARD, GRADE_SCALES
from ...core.schema import QT_TRANSLATE_NOOP
from ...core.validation import ValidationError
from ...i18n import problem_text, tr, translate
from ...layers.errors import StoreError
from .fields import ERROR_STYLE, NumberField, field_label, widget_for
from .logic import format_number, local_time, parse_indices, parse_indices_text

KEY_FIELDS = ("uid", "facility_uid", "facility_kind", "inspection_uid")
#: Fields the plugin's own jobs fill (the maintenance plan, the programmes): not typed in by hand here.
MANAGED_FIELDS = {"maintenance": ("urgency", "plan_ref", "programme_uid")}
ERROR_COLOUR = "#d32f2f"
BAD_CELL = QColor("#ffcdd2")


def write_problem(e: Exception) -> str:
    """What the user is told when a write of the archive is refused: who changed the record since
    it was read (a row-version conflict), that it is gone, or the store's message."""
    from ...layers.pg_store import ConflictError

    if isinstance(e, ConflictError):
        return tr("This record was changed by {who} at {when} since you read it; nothing was saved. "
                  "Reload it and save again.").format(who=e.who or tr("someone else"),
                                                      when=local_time(e.when) or "?")
    if isinstance(e, KeyError):
        return tr("The record is no longer in the store.")
    return str(e)


class EditorBase(QDialog):
    """Field rows with inline errors, Save/Cancel and the unsaved-changes question."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.rows: dict = {}  # field -> (label QLabel, FieldWidget, error QLabel)
        self._snapshot = None
        self._done = False
        self.saved_uid = None

        self.general_error = self._error_label("error_general")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.addLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        note = QLabel(tr("Fields marked * are required."))
        note.setObjectName("requiredNote")
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(520, 620)

    # ---- building
    @staticmethod
    def _error_label(name: str) -> QLabel:
        lbl = QLabel()
        lbl.setObjectName(name)
        lbl.setWordWrap(True)
        lbl.setStyleSheet(f"color: {ERROR_COLOUR};")
        lbl.hide()
        return lbl

    def add_row(self, name: str, label: str, widget, required: bool) -> None:
        text = label + (" *" if required else "")
        lbl = QLabel(text)
        lbl.setObjectName("label_" + name)
        if required:
            lbl.setToolTip(tr("Required"))
        widget.setObjectName("field_" + name)
        error = self._error_label("error_" + name)
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(lbl, cell)
        self.rows[name] = (lbl, widget, error)

    def widget(self, name: str):
        return self.rows[name][1]

    def mark_clean(self) -> None:
        """Remember the current values as the saved state (after loading the record)."""
        self._snapshot = self.state()

    # ---- values
    def state(self):
        """What the user has entered, comparable for the unsaved-changes check."""
        return {name: row[1].value() for name, row in self.rows.items()}

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self.state() != self._snapshot

    # ---- errors
    def clear_errors(self) -> None:
        self.general_error.hide()
        for lbl, widget, error in self.rows.values():
            widget.set_error(False)
            error.clear()
            error.hide()
            lbl.setStyleSheet("")

    def show_error(self, field: str, problem: str) -> None:
        """The problem, under the field it names (or at the top for a field without a row)."""
        row = self.rows.get(self.error_row(field))
        if row is None:
            self.general_error.setText(tr("{field}: {problem}").format(field=field, problem=problem))
            self.general_error.show()
            return
        lbl, widget, error = row
        error.setText(tr("{field}: {problem}").format(field=lbl.text().rstrip(" *"), problem=problem))
        error.show()
        widget.set_error(True)
        lbl.setStyleSheet(f"color: {ERROR_COLOUR};")
        widget.editor.setFocus()

    def error_row(self, field: str) -> str:
        """The row showing errors about ``field`` (subclasses map e.g. size_bytes → file)."""
        return field

    def error_text(self, field: str) -> str:
        """The inline error shown for ``field`` ("" when none)."""
        row = self.rows.get(field)
        if row is None:
            return self.general_error.text() if self.general_error.isVisibleTo(self) else ""
        return row[2].text() if not row[2].isHidden() else ""

    def show_validation(self, e: ValidationError) -> None:
        self.show_error(e.field, problem_text(e.problem))

    # ---- saving and closing
    def write(self) -> str:  # pragma: no cover - overridden
        """Write through the archive; return the record's uid. Raise ValidationError on bad input."""
        raise NotImplementedError

    def save(self) -> bool:
        self.clear_errors()
        try:
            self.saved_uid = self.write()
        except ValidationError as e:
            self.show_validation(e)
            return False
        except StoreError as e:  # a conflict with another's change, a refused right, the store gone
            self.general_error.setText(write_problem(e))
            self.general_error.show()
            return False
        self._done = True
        self.accept()
        return True

    def reject(self) -> None:
        """Cancel, Esc and the window's close button: ask first when something changed."""
        if not self._done and self.is_dirty():
            answer = QMessageBox.question(
                self, tr("Unsaved changes"), tr("This record has unsaved changes. Save them?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()  # closes on success, stays open with the error otherwise
                return
        self._done = True
        super().reject()


def lines_layout(widget: QWidget, name: str) -> None:
    """Lay ``widget.table`` out with *Add line* / *Remove line* under it and an error label below; sets
    ``widget.add_button``, ``remove_button`` (object names ``add<name>``, ``remove<name>``) and
    ``error`` (``error_<name>s``), wired to the widget's ``add_line`` and ``remove_line``."""
    widget.add_button = QPushButton(tr("Add line"))
    widget.add_button.setObjectName(f"add{name}")
    widget.remove_button = QPushButton(tr("Remove line"))
    widget.remove_button.setObjectName(f"remove{name}")
    widget.add_button.clicked.connect(lambda: widget.add_line())
    widget.remove_button.clicked.connect(widget.remove_line)
    widget.error = EditorBase._error_label(f"error_{name.lower()}s")
    buttons = QHBoxLayout()
    buttons.addWidget(widget.add_button)
    buttons.addWidget(widget.remove_button)
    buttons.addStretch(1)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget.table)
    layout.addLayout(buttons)
    layout.addWidget(widget.error)


class MaterialsTable(QWidget):
    """A maintenance work's materials: material, quantity, unit (one line each)."""

    COLUMNS = ("material", "quantity", "unit")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("materialsTable")
        self.table.setHorizontalHeaderLabels([field_label("maintenance_material", c) + " *" for c in self.COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        lines_layout(self, "Material")

    def add_line(self, material: str = "", quantity=None, unit: str = "") -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, v in enumerate((material, "" if quantity is None else format_number(quantity), unit)):
            self.table.setItem(r, c, QTableWidgetItem(v or ""))
        return r

    def remove_line(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows or ([self.table.rowCount() - 1] if self.table.rowCount() else []):
            self.table.removeRow(r)

    def set_materials(self, materials) -> None:
        self.table.setRowCount(0)
        for m in materials:
            self.add_line(m.get("material") or "", m.get("quantity"), m.get("unit") or "")

    def _text(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item is not None else ""

    def texts(self) -> list:
        """The lines as typed (for the unsaved-changes check), blank lines left out."""
        out = []
        for r in range(self.table.rowCount()):
            line = tuple(self._text(r, c) for c in range(3))
            if any(line):
                out.append(line)
        return out

    def materials(self) -> list:
        """[{material, quantity, unit}]; a quantity that is not a number raises ValidationError."""
        out = []
        for i, (material, qty, unit) in enumerate(self.texts()):
            quantity = None
            if qty:
                try:
                    quantity = float(qty.replace(",", ""))
                except ValueError:
                    raise ValidationError("maintenance_material", i, "quantity",
                                          f"is {qty!r}, not a number") from None
            out.append({"material": material or None, "quantity": quantity, "unit": unit or None})
        return out

    def clear_errors(self) -> None:
        self.error.clear()
        self.error.hide()
        for r in range(self.table.rowCount()):
            for c in range(3):
                item = self.table.item(r, c)
                if item is not None:
                    item.setData(Qt.ItemDataRole.BackgroundRole, None)
        self.table.setStyleSheet("")

    def show_error(self, row, field: str, problem: str) -> None:
        line = row + 1 if isinstance(row, int) else row
        self.error.setText(tr("Materials, line {line}, {field}: {problem}").format(
            line=line, field=field_label("maintenance_material", field), problem=problem))
        self.error.show()
        self.table.setStyleSheet(ERROR_STYLE)
        # the row index counts the lines the table sent (blank lines are skipped)
        filled = [r for r in range(self.table.rowCount()) if any(self._text(r, c) for c in range(3))]
        if isinstance(row, int) and 0 <= row < len(filled) and field in self.COLUMNS:
            item = self.table.item(filled[row], self.COLUMNS.index(field))
            if item is not None:
                item.setBackground(BAD_CELL)


class RecordEditor(EditorBase):
    """Add or edit one inspection or maintenance work of one facility."""

    TITLES = {"inspection": QT_TRANSLATE_NOOP("SafeMunicipal", "Health record"),
              "maintenance": QT_TRANSLATE_NOOP("SafeMunicipal", "Maintenance work"),
              "waterlogging_event": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging event")}

    def __init__(self, archive, table: str, facility_kind: str, facility_uid: str, record: dict = None,
                 materials=None, parent=None, guard=None, version=None):
        new = record is None
        title = tr(self.TITLES[table])
        super().__init__(tr("New {record}").format(record=title) if new else title, parent)
        self.setObjectName("SafeMunicipalRecordEditor")
        self.archive = archive
        self.table_name = table
        self.kind = facility_kind
        self.facility_uid = facility_uid
        self.record = dict(record) if record else None
        self.version = version  # the record's row version when it was read (PostGIS), handed back on save
        self.guard = guard  # callable(table) -> bool: False refuses the write (layer being edited)
        schema_table = S.table(table)
        for f in schema_table.fields:
            if f.name in KEY_FIELDS or f.name in MANAGED_FIELDS.get(table, ()):
                continue
            self.add_row(f.name, translate(S.TR_CONTEXT, f.label), widget_for(table, f), f.required)
        self.materials_table = None
        if table == "maintenance":
            self.materials_table = MaterialsTable()
            title_lbl = QLabel(translate(S.TR_CONTEXT, S.table("maintenance_material").label))
            title_lbl.setStyleSheet("font-weight: bold;")
            self.body.addWidget(title_lbl)
            self.body.addWidget(self.materials_table)
        if table == "inspection":
            self.widget("standard").changed.connect(self._standard_changed)

        values = self.record or self.defaults()
        for name, (_lbl, widget, _err) in self.rows.items():
            widget.set_value(values.get(name))
        if table == "inspection":
            self._standard_changed()
            self.widget("grade").set_value(values.get("grade"))
        if self.materials_table is not None:
            self.materials_table.set_materials(materials or [])
        self.mark_clean()

    def defaults(self) -> dict:
        today = self.archive.today.isoformat()
        if self.table_name == "inspection":
            return {"inspected_on": today, "standard": DEFAULT_STANDARD.get(self.kind)}
        if self.table_name == "waterlogging_event":
            return {"event_on": today}
        return {"started_on": today}

    def _standard_changed(self) -> None:
        self.widget("grade").set_scale(GRADE_SCALES.get(self.widget("standard").value() or "", ()))

    # ---- values
    def state(self):
        out = super().state()
        if self.materials_table is not None:
            out["__materials"] = self.materials_table.texts()
        return out

    def values(self) -> dict:
        """Field values to write; ``indices`` parsed (a bad text raises ValidationError)."""
        out = {name: row[1].value() for name, row in self.rows.items()}
        if "indices" in out:
            try:
                out["indices"] = parse_indices_text(out["indices"])
            except ValueError as e:
                raise ValidationError(self.table_name, self.record["uid"] if self.record else "new",
                                      "indices", str(e)) from None
        return out

    def changes(self, values: dict) -> dict:
        """The fields whose value differs from the stored record."""
        out = {}
        for name, v in values.items():
            old = self.record.get(name)
            widget = self.widget(name)
            if name == "indices":
                same = parse_indices(old) == (v or {})
            elif isinstance(widget, NumberField):
                same = widget.same(old, v)
            else:
                same = (old if old != "" else None) == v
            if not same:
                out[name] = v
        return out

    # ---- writing
    def write(self) -> str:
        if self.materials_table is not None:
            self.materials_table.clear_errors()
        values = self.values()
        materials = self.materials_table.materials() if self.materials_table is not None else []
        if self.guard is not None and not self.guard(self.table_name):
            raise StoreError(tr("Not saved: the record layers are being edited in QGIS."))
        if self.record is None:
            return self.archive.add_record(self.table_name, self.kind, self.facility_uid, values, materials)
        uid = self.record["uid"]
        changes = self.changes(values)
        materials_changed = (self.materials_table is not None
                             and self.materials_table.texts() != self._snapshot["__materials"])
        with self.archive.store.transaction():  # the work and its materials together, or nothing
            if changes or (materials_changed and self.version is not None):  # checked against the version read (PostGIS)
                self.archive.update_record(self.table_name, uid, changes, expected_version=self.version)
            if materials_changed:
                self.archive.set_materials(uid, materials)
        return uid

    def show_validation(self, e: ValidationError) -> None:
        if e.table == "maintenance_material" and self.materials_table is not None:
            self.materials_table.show_error(e.row, e.field, problem_text(e.problem))
            return
        if e.field == "materials" and self.materials_table is not None:
            self.materials_table.show_error("", "material", problem_text(e.problem))
            return
        super().show_validation(e)

    def clear_errors(self) -> None:
        super().clear_errors()
        if self.materials_table is not None:
            self.materials_table.clear_errors()

    def error_text(self, field: str) -> str:
        if field == "materials" and self.materials_table is not None:
            return self.materials_table.error.text() if not self.materials_table.error.isHidden() else ""
        return super().error_text(field)
