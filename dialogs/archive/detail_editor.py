"""Detail records in the health-record editor, the live grade, and the waterlogging-event editor.

:class:`InspectionEditor` is the health-record editor of a pipe, road, bridge or tunnel: the
inspection's fields (as :class:`~.record_editor.RecordEditor` builds them from the schema), then a
table of its detail records — CCTV defects (code, grade, start and end chainage, orientation),
pavement distresses (type, damaged area, crack length or deduction), bridge element deductions
(part, span or support, element, MDP or the defects' DPs, absent, single-item control) or tunnel
item values — and a **live grade** panel that grades what is entered, on every edit, exactly as
the network assessment would (``Archive.live_grade``): the grade as a coloured badge (the dock
header's colours), the standard's indices, the maintenance category and the standard's action, or,
while the input is incomplete or invalid, why it cannot be graded yet (the field or the line at
fault, whose cell is tinted).

Saving writes the inspection and its detail records in one transaction (``Archive.add_record`` /
``update_record`` then ``Archive.set_details``, which checks every line: schema, record rules, the
grading engine). A refused line is shown inline — "Details, line 3, Defect grade: …", the cell in
red — and nothing is written. When the Grade field is left empty, the live result fills the
grade, the standard and the engine's indices (other entries of Indices, such as a road's IRI, are
kept); a grade typed by the inspector is kept as typed (*Use for this record* copies the live
result into the fields on purpose). See :func:`core.details.fill_from_live`.

:class:`EventEditor` adds or edits one waterlogging event of a waterlogging point, built from the
schema, with the live GB 51222 judgement of the event being entered.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import assessment_inputs as AI
from ...core import details as D
from ...core import schema as S
from ...core.schema import QT_TRANSLATE_NOOP
from ...core.validation import P, ValidationError
from ...i18n import problem_text, tr, translate
from ...layers.errors import StoreError
from .fields import ERROR_STYLE, field_label, value_label
from .logic import badge_hue, format_number, grade_fraction, parse_indices_text
from .record_editor import BAD_CELL, RecordEditor, lines_layout

WARN_CELL = QColor("#ffe0b2")  # a line the live grade cannot use yet (amber); red (BAD_CELL) when saving failed
WARN_STYLE = "border: 2px solid #ef6c00;"
COMBO_WIDTH = 170

#: Grades shown in words (pass/fail scales); the others are the standard's own symbols (A, III, 2 …).
GRADE_LABELS = {
    "compliant": QT_TRANSLATE_NOOP("SafeMunicipal", "Compliant"),
    "waterlogged": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogged (内涝点)"),
    "non_compliant": QT_TRANSLATE_NOOP("SafeMunicipal", "Non-compliant"),
}
#: Names of the grades a standard gives (``Assessment.grades`` keys).
GRADE_NAMES = {
    "structural": QT_TRANSLATE_NOOP("SafeMunicipal", "structural"),
    "functional": QT_TRANSLATE_NOOP("SafeMunicipal", "functional"),
    "override": QT_TRANSLATE_NOOP("SafeMunicipal", "override"),
    "event": QT_TRANSLATE_NOOP("SafeMunicipal", "event"),
}
#: The indices the panel shows, per standard (the engine gives more; they are all written).
SHOWN_INDICES = {
    "CJJ181-2012": ("F", "S_M", "RI", "G", "Y_M", "MI"),
    "CJJ36-2016": ("PCI", "RQI", "PQI"),
    "CJJ99-2017": ("BCI", "BSI", "BCI_m", "BCI_s", "BCI_x"),
    "JTGH12-2015": ("JGCI",),
    "GBT23858-2009": ("installed_kN", "required_kN"),
}


def cell_number(v) -> str:
    """A stored number as a cell shows it, exactly (12.345678 stays 12.345678, 5.0 reads 5): saving a
    line that was not touched writes the same value back."""
    return "" if v is None else D.format_dps([v])


def grade_text(grade) -> str:
    """A grade as the live panel shows it: pass/fail grades in words, the others as they are."""
    if grade in GRADE_LABELS:
        return tr(GRADE_LABELS[grade])
    return "" if grade is None else str(grade)


def indices_text(standard: str, index: dict) -> str:
    """"F = 5 · S_M = 0.075 · RI = 4.25" — the standard's main indices, else all of them."""
    if standard == "GB51222-2017":
        return tr("rain 1 in {rp} years (design {design} years), {depth} cm deep for {minutes} min").format(
            rp=format_number(index.get("return_period_yr")), design=format_number(index.get("design_return_period_yr")),
            depth=format_number(index.get("max_depth_cm")), minutes=format_number(index.get("duration_min")))
    keys = [k for k in SHOWN_INDICES.get(standard, ()) if k in index] or list(index)
    return " · ".join(f"{k} = {format_number(index[k])}" for k in keys)


def grades_text(grades: dict) -> str:
    """"structural III · RI III · functional II · MI II"."""
    return " · ".join(f"{tr(GRADE_NAMES[k]) if k in GRADE_NAMES else k} {grade_text(v)}" for k, v in grades.items())


class LiveGradePanel(QGroupBox):
    """The grade what is entered gives now: badge, standard, indices, category, action — or why not."""

    def __init__(self, use_button: bool = False, parent=None):
        super().__init__(tr("Live grade"), parent)
        self.setObjectName("liveGradePanel")
        self.labels: dict = {}
        for name in ("liveGrade", "liveStandard", "liveGrades", "liveIndices", "liveCategory", "liveAction",
                     "liveReason"):
            lbl = QLabel()
            lbl.setObjectName(name)
            lbl.setWordWrap(name != "liveGrade")
            lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[name] = lbl
        self["liveGrade"].setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self["liveGrade"].setAlignment(Qt.AlignmentFlag.AlignCenter)
        self["liveReason"].setStyleSheet("color: #e65100;")
        self.use_button = QPushButton(tr("Use for this record"))
        self.use_button.setObjectName("useLiveResult")
        self.use_button.setToolTip(tr("Copy the live grade and indices into the Grade and Indices fields"))
        self.use_button.setVisible(use_button)
        top = QHBoxLayout()
        top.addWidget(self["liveGrade"])
        top.addWidget(self["liveStandard"], 1)
        top.addWidget(self.use_button)
        grid = QGridLayout()
        for r, (caption, name) in enumerate(((tr("Grades"), "liveGrades"), (tr("Indices"), "liveIndices"),
                                             (tr("Category"), "liveCategory"),
                                             (tr("The standard's action"), "liveAction"))):
            cap = QLabel(caption)
            cap.setStyleSheet("color: #616161;")
            grid.addWidget(cap, r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self[name], r, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self["liveReason"])
        self.live = None

    def __getitem__(self, name: str) -> QLabel:
        return self.labels[name]

    def grade(self) -> str:
        """The grade shown ("" when not gradable)."""
        return self["liveGrade"].property("grade") or ""

    def show_live(self, live: D.LiveGrade, where: str = "") -> None:
        """Show a live result, or — with ``where`` saying which field or line — why there is none."""
        # the dock header's colours (imported here: the dock imports this module)
        from .dock import badge_colours

        self.live = live
        badge = self["liveGrade"]
        ok = live.ok
        grade = live.grade if ok else None
        badge.setText(grade_text(grade) if ok else tr("not gradable yet"))
        badge.setProperty("grade", grade or "")
        bg, fg = badge_colours(badge_hue(grade_fraction(live.standard, grade)) if ok else None)
        badge.setStyleSheet(f"background-color: {bg}; color: {fg}; border-radius: 4px; padding: 2px 10px; "
                            "font-weight: bold;")
        badge.setProperty("badgeColour", bg)
        self["liveStandard"].setText(value_label("standard", live.standard) if live.standard else "")
        r = live.result
        self["liveGrades"].setText(grades_text(r.grades) if ok else "—")
        self["liveIndices"].setText(indices_text(live.standard, r.index) if ok else "—")
        self["liveCategory"].setText(value_label("assessment_category", r.category) if ok else "—")
        self["liveAction"].setText(r.action if ok else "—")
        if ok:
            notes = (r.details or {}).get("notes") or []
            self["liveGrades"].setToolTip("\n".join(notes))
            self["liveReason"].clear()
            self["liveReason"].hide()
        else:
            text = problem_text(live.problem)
            self["liveReason"].setText(tr("Not gradable yet: {reason}").format(
                reason=tr("{field}: {problem}").format(field=where, problem=text) if where else text))
            self["liveReason"].show()
        self.use_button.setEnabled(ok)

    def reason(self) -> str:
        return self["liveReason"].text() if not self["liveReason"].isHidden() else ""


def where_text(live: D.LiveGrade, kind: str) -> str:
    """Which field or line a live problem is about, in words ("" when it is about nothing in particular)."""
    if live.table is None or live.field is None:
        return ""
    label = field_label(live.table, live.field)
    if live.table == "waterlogging_event" or live.row is None:
        return label
    return tr("line {line}, {field}").format(line=live.row + 1, field=label)


# --------------------------------------------------------------------------- the details table
class DetailsTable(QWidget):
    """An inspection's detail records, one line each: value lists (and the standard's names of items,
    elements and distresses) as combo boxes with translated labels, yes/no as check boxes, numbers
    typed and checked when read (:meth:`rows`)."""

    changed = pyqtSignal()

    def __init__(self, table: str, facility: dict = None, parent=None):
        super().__init__(parent)
        self.table_name = table
        self.facility = facility or {}
        self.schema = S.table(table)
        self.columns = D.DETAIL_COLUMNS[table]
        self.fields = [self.schema.field(c) for c in self.columns]
        self.kinds = [self._kind(f) for f in self.fields]
        self._uids: list = []
        self._quiet = 0
        self.marks: dict = {}  # (table row, column) -> "error" | "warning"

        self.table = QTableWidget(0, len(self.columns))
        self.table.setObjectName("detailsTable")
        self.table.setHorizontalHeaderLabels([field_label(table, c) + (" *" if f.required else "")
                                              for c, f in zip(self.columns, self.fields)])
        for c, f in enumerate(self.fields):
            lo = format_number(f.min) if f.min is not None else None
            hi = format_number(f.max) if f.max is not None else None
            if lo is not None or hi is not None:
                self.table.horizontalHeaderItem(c).setToolTip(tr("From {0} to {1}").format(lo or "…", hi or "…"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(170)
        self.table.itemChanged.connect(self._item_changed)
        lines_layout(self, "Detail")

    def _kind(self, f: S.Field) -> str:
        if f.values or D.choices(self.table_name, f.name, self.facility, {}) is not None:
            return "combo"
        if f.type == "boolean":
            return "bool"
        if f.type in ("integer", "real"):
            return "number"
        return "text"

    def column(self, field: str) -> int:
        return self.columns.index(field)

    # ---- building lines
    def _options(self, f: S.Field, row: dict) -> tuple:
        offered = D.choices(self.table_name, f.name, self.facility, row)
        if offered is not None:
            return offered
        return tuple((c.value, translate(S.TR_CONTEXT, c.label)) for c in S.VALUE_LISTS[f.values])

    def _fill_combo(self, combo: QComboBox, f: S.Field, row: dict, value) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("(choose…)") if f.required else tr("(not set)"), None)
        for v, label in self._options(f, row):
            combo.addItem(label, v)
        i = combo.findData(value)
        if i < 0 and value not in (None, ""):  # a name this list does not offer: shown as it is
            combo.addItem(str(value), value)
            i = combo.count() - 1
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def add_line(self, values: dict = None) -> int:
        """Append a line (``values``: a stored row, or None for an empty line); returns its row."""
        values = dict(values or {})
        self._quiet += 1
        try:
            r = self.table.rowCount()
            self.table.insertRow(r)
            self._uids.append(values.get("uid"))
            for c, (f, kind) in enumerate(zip(self.fields, self.kinds)):
                v = values.get(f.name)
                if kind == "combo":
                    combo = QComboBox()
                    combo.setObjectName(f"detail_{f.name}_{r}")
                    self._fill_combo(combo, f, values, v)
                    combo.currentIndexChanged.connect(lambda _i, w=combo, col=c: self._combo_changed(w, col))
                    self.table.setCellWidget(r, c, combo)
                    self.table.setItem(r, c, QTableWidgetItem())
                elif kind == "bool":
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if v else Qt.CheckState.Unchecked)
                    self.table.setItem(r, c, item)
                else:
                    text = D.format_dps(v) if f.name == "dps" else cell_number(v) if kind == "number" else (v or "")
                    self.table.setItem(r, c, QTableWidgetItem("" if v is None else str(text)))
        finally:
            self._quiet -= 1
        if not values:
            self.changed.emit()
        return r

    def remove_line(self) -> None:
        self._clear("warning")
        self._clear("error")
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows or ([self.table.rowCount() - 1] if self.table.rowCount() else []):
            self.table.removeRow(r)
            del self._uids[r]
        self.changed.emit()

    def set_rows(self, rows) -> None:
        self._quiet += 1
        try:
            self.table.setRowCount(0)
            self._uids = []
            for row in rows:
                self.add_line(row)
        finally:
            self._quiet -= 1
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns wide enough for their header and numbers; value lists wide enough to read."""
        self.table.resizeColumnsToContents()
        for c, kind in enumerate(self.kinds):
            if kind == "combo":
                self.table.setColumnWidth(c, max(self.table.columnWidth(c), COMBO_WIDTH))

    # ---- editing
    def combo_at(self, r: int, field: str) -> QComboBox:
        return self.table.cellWidget(r, self.column(field))

    def _combo_changed(self, combo: QComboBox, col: int) -> None:
        if self._quiet:
            return
        r = next((i for i in range(self.table.rowCount()) if self.table.cellWidget(i, col) is combo), -1)
        if r >= 0 and self.table_name == "bridge_element" and self.columns[col] in ("part", "instance_kind"):
            self._refresh_elements(r)
        self.changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._quiet:
            return
        if self.table_name == "bridge_element" and self.columns[item.column()] == "instance":
            self._refresh_elements(item.row())
        self.changed.emit()

    def _refresh_elements(self, r: int) -> None:
        """A bridge line's elements follow its part (and pier or abutment)."""
        combo = self.combo_at(r, "element")
        row = self._raw_row(r)
        try:
            row["instance"] = int(float(row.get("instance") or 0)) or None
        except ValueError:
            row["instance"] = None
        self._quiet += 1
        try:
            self._fill_combo(combo, self.schema.field("element"), row, combo.currentData())
        finally:
            self._quiet -= 1

    # ---- reading
    def _raw(self, r: int, c: int):
        kind = self.kinds[c]
        if kind == "combo":
            return self.table.cellWidget(r, c).currentData()
        item = self.table.item(r, c)
        if item is None:
            return None
        if kind == "bool":
            return True if item.checkState() == Qt.CheckState.Checked else None
        return item.text().strip()

    def _raw_row(self, r: int) -> dict:
        return {f.name: self._raw(r, c) for c, f in enumerate(self.fields)}

    def _filled(self) -> list:
        """Table rows that hold anything (blank lines are left out)."""
        return [r for r in range(self.table.rowCount())
                if any(self._raw(r, c) not in (None, "") for c in range(len(self.fields)))]

    def texts(self) -> list:
        """The lines as entered (for the unsaved-changes check), blank lines left out."""
        return [tuple(self._raw(r, c) for c in range(len(self.fields))) for r in self._filled()]

    def rows(self) -> list:
        """The lines as rows to write (``uid`` on lines loaded from the store). A number that is not
        one raises :class:`ValidationError` naming the line (counted from 0 over the filled lines)."""
        out = []
        for i, r in enumerate(self._filled()):
            row = {}
            if self._uids[r]:
                row["uid"] = self._uids[r]
            for c, (f, kind) in enumerate(zip(self.fields, self.kinds)):
                v = self._raw(r, c)
                if kind == "number":
                    v = self._number(v, i, f)
                elif f.name == "dps":
                    v = D.parse_dps(v)
                    if isinstance(v, str):
                        raise ValidationError(self.table_name, i, f.name, P(QT_TRANSLATE_NOOP(
                            "validation", "must be deductions from 0 to 100 separated by commas, e.g. 20, 10")))
                elif kind == "text":
                    v = v or None
                row[f.name] = v
            out.append(row)
        return out

    def _number(self, text: str, i: int, f: S.Field):
        if text in (None, ""):
            return None
        try:
            v = float(text.replace(" ", ""))
        except ValueError:
            raise ValidationError(self.table_name, i, f.name, P(QT_TRANSLATE_NOOP("validation", "is {value}, not a number"),
                                                                value=repr(text))) from None
        return int(v) if f.type == "integer" and v.is_integer() else v

    # ---- errors and marks
    def _table_row(self, row) -> int:
        filled = self._filled()
        return filled[row] if isinstance(row, int) and 0 <= row < len(filled) else -1

    def _mark(self, r: int, field: str, state) -> None:
        if r < 0 or field not in self.columns:
            return
        c = self.column(field)
        self._quiet += 1
        try:
            widget = self.table.cellWidget(r, c)
            if widget is not None:
                widget.setStyleSheet(ERROR_STYLE if state == "error" else WARN_STYLE if state else "")
            item = self.table.item(r, c)
            if item is not None:
                colour = BAD_CELL if state == "error" else WARN_CELL if state else None
                item.setData(Qt.ItemDataRole.BackgroundRole, colour)
        finally:
            self._quiet -= 1
        if state:
            self.marks[(r, c)] = state
        else:
            self.marks.pop((r, c), None)

    def cell_state(self, r: int, field: str):
        """"error" (refused when saving), "warning" (the live grade cannot use it) or None."""
        return self.marks.get((r, self.column(field)))

    def _clear(self, state: str) -> None:
        for (r, c), s in list(self.marks.items()):
            if s == state and r < self.table.rowCount():
                self._mark(r, self.columns[c], None)
            elif s == state:
                self.marks.pop((r, c), None)

    def mark_live(self, live: D.LiveGrade) -> None:
        """Tint the cell a live problem points at (amber), clearing the previous one."""
        self._clear("warning")
        if not live.ok and live.table == self.table_name and live.row is not None and live.field in self.columns:
            r = self._table_row(live.row)
            if r >= 0 and self.marks.get((r, self.column(live.field))) != "error":
                self._mark(r, live.field, "warning")

    def clear_errors(self) -> None:
        self.error.clear()
        self.error.hide()
        self._clear("error")
        self.table.setStyleSheet("")

    def show_error(self, row, field: str, problem: str) -> None:
        line = row + 1 if isinstance(row, int) else row
        self.error.setText(tr("Details, line {line}, {field}: {problem}").format(
            line=line, field=field_label(self.table_name, field), problem=problem))
        self.error.show()
        r = self._table_row(row)
        self._mark(r, field, "error")
        if r >= 0 and field in self.columns:
            self.table.clearSelection()  # a selected line would hide the red cell
            self.table.scrollToItem(self.table.item(r, self.column(field)))
        else:
            self.table.setStyleSheet(ERROR_STYLE)


# --------------------------------------------------------------------------- the editors
class InspectionEditor(RecordEditor):
    """A health record of a pipe, road, bridge or tunnel with its detail records and the live grade."""

    def __init__(self, archive, facility_kind: str, facility_uid: str, record: dict = None, details=None,
                 parent=None, guard=None, version=None):
        super().__init__(archive, "inspection", facility_kind, facility_uid, record, None, parent, guard, version)
        self.detail_table = archive.detail_table(facility_kind)
        self.facility = archive.facility(facility_kind, facility_uid)
        self.details_table = DetailsTable(self.detail_table, self.facility)
        title = QLabel(translate(S.TR_CONTEXT, S.table(self.detail_table).label))
        title.setObjectName("detailsTitle")
        title.setStyleSheet("font-weight: bold;")
        self.body.addWidget(title)
        self.body.addWidget(self.details_table)
        self.live_panel = LiveGradePanel(use_button=True)
        self.layout().insertWidget(2, self.live_panel)
        self.live = None
        self.details_table.set_rows(details or [])
        self.details_table.changed.connect(self.update_live)
        for name in ("standard", "indices", "inspection_type"):
            self.widget(name).changed.connect(self.update_live)
        self.live_panel.use_button.clicked.connect(self.use_live)
        self.resize(900, 860)
        self.mark_clean()
        self.update_live()

    # ---- values
    def state(self):
        out = super().state()
        table = getattr(self, "details_table", None)
        if table is not None:
            out["__details"] = table.texts()
        return out

    def _typed(self) -> dict:
        return {name: row[1].value() for name, row in self.rows.items()}

    # ---- the live grade
    def update_live(self) -> D.LiveGrade:
        """Grade what is entered now and show it (called on every edit)."""
        values = self._typed()
        standard = AI.STANDARD_BY_KIND.get(self.kind)
        try:
            values["indices"] = parse_indices_text(values.get("indices"))
        except ValueError as e:
            live = D.LiveGrade(self.kind, standard, problem=str(e), table="inspection", field="indices")
        else:
            try:
                rows = self.details_table.rows()
            except ValidationError as e:
                live = D.LiveGrade(self.kind, standard, problem=e.problem, table=e.table, row=e.row, field=e.field)
            else:
                if self.record:
                    values["uid"] = self.record["uid"]
                live = self.archive.live_grade(self.kind, self.facility_uid, values, rows)
        self.live = live
        self.live_panel.show_live(live, where_text(live, self.kind))
        self.details_table.mark_live(live)
        return live

    def use_live(self) -> None:
        """Copy the live grade, its standard and the engine's indices into the fields."""
        live = self.live
        if live is None or not live.ok:
            return
        self.widget("standard").set_value(live.standard)
        self.widget("grade").set_value(live.grade)
        try:
            indices = parse_indices_text(self.widget("indices").value()) or {}
        except ValueError:
            indices = {}
        indices.update(D.live_indices(live))
        self.widget("indices").set_value(indices)

    # ---- writing
    def write(self) -> str:
        self.details_table.clear_errors()
        values = self.values()
        rows = self.details_table.rows()
        if self.guard is not None and not self.guard(self.table_name):
            raise StoreError(tr("Not saved: the record layers are being edited in QGIS."))
        live = self.archive.live_grade(self.kind, self.facility_uid, {**values, "uid": (self.record or {}).get("uid")},
                                       rows)
        values = D.fill_from_live(self.kind, values, live, rows)
        details_changed = self.details_table.texts() != self._snapshot["__details"]
        with self.archive.store.transaction():  # the record and its details together, or nothing
            if self.record is None:
                uid = self.archive.add_record(self.table_name, self.kind, self.facility_uid, values)
            else:
                uid = self.record["uid"]
                changes = self.changes(values)
                if changes or (details_changed and self.version is not None):  # checked against the version read (PostGIS)
                    self.archive.update_record(self.table_name, uid, changes, expected_version=self.version)
            if details_changed:
                self.archive.set_details(uid, rows)
        return uid

    def show_validation(self, e: ValidationError) -> None:
        if e.table == self.detail_table:
            self.details_table.show_error(e.row, e.field, problem_text(e.problem))
            scroll = self.findChild(QScrollArea)
            if scroll is not None:  # once the error's line is laid out
                QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(self.details_table.error))
            return
        super().show_validation(e)

    def clear_errors(self) -> None:
        super().clear_errors()
        if getattr(self, "details_table", None) is not None:
            self.details_table.clear_errors()

    def error_text(self, field: str) -> str:
        if field == "details":
            return self.details_table.error.text() if not self.details_table.error.isHidden() else ""
        return super().error_text(field)


class EventEditor(RecordEditor):
    """A waterlogging event of a waterlogging point, with the live GB 51222 judgement."""

    def __init__(self, archive, facility_kind: str, facility_uid: str, record: dict = None, parent=None,
                 guard=None, version=None):
        super().__init__(archive, "waterlogging_event", facility_kind, facility_uid, record, None, parent, guard, version)
        self.live_panel = LiveGradePanel()
        self.layout().insertWidget(2, self.live_panel)
        self.live = None
        self.resize(600, 760)
        for _lbl, widget, _err in self.rows.values():
            widget.changed.connect(self.update_live)
        self.update_live()

    def update_live(self) -> D.LiveGrade:
        values = {name: row[1].value() for name, row in self.rows.items()}
        live = self.archive.live_grade(self.kind, self.facility_uid, events=[values])
        self.live = live
        self.live_panel.show_live(live, where_text(live, self.kind))
        return live


def editor_for(archive, table: str, kind: str, facility_uid: str, record=None, parent=None, guard=None, version=None):
    """The editor of a record of ``table`` for a facility of ``kind`` (``record`` None: a new one);
    ``version``: the record's row version as read (PostGIS), checked when it is saved."""
    if table == "inspection" and archive.detail_table(kind):
        details = archive.details(record["uid"]) if record else []
        return InspectionEditor(archive, kind, facility_uid, record, details, parent, guard, version)
    if table == "waterlogging_event":
        return EventEditor(archive, kind, facility_uid, record, parent, guard, version)
    materials = archive.materials(record["uid"]) if record and table == "maintenance" else None
    return RecordEditor(archive, table, kind, facility_uid, record, materials, parent, guard, version)

