"""Editor widgets built from the schema: value lists, dates, numbers, text, grades.

Every widget here has the same small protocol the record editors rely on: ``value()`` (Python
value, None for empty), ``set_value(v)``, the signal ``changed`` and ``set_error(bool)`` (a red
frame). Labels of coded values are the schema's, translated (context ``schema``).

Numbers: the spin boxes take the schema's *maximum* but accept values below the schema's minimum,
so that a typed "-500" reaches the archive's validation and comes back as a clear inline error
("negative") instead of a minus sign silently dropped and 500 saved (issue #3: "negative cost or
quantity: a clear inline error naming the field"). The schema's range is in the tooltip.
"""
from __future__ import annotations

import datetime as _dt

from qgis.gui import QgsDoubleSpinBox, QgsSpinBox
from qgis.PyQt.QtCore import QDate, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from ...core import schema as S
from ...i18n import tr, translate
from .logic import format_number, indices_summary

ERROR_STYLE = "border: 2px solid #d32f2f;"
EMPTY_DATE = QDate(1900, 1, 1)  # the date edits' "empty" value
NUMBER_LIMIT = 1e12


def value_label(list_name: str, value) -> str:
    """The translated label of a coded value ("minor" → "Minor repair (小修保养)"), or the value."""
    if value in (None, ""):
        return ""
    for c in S.VALUE_LISTS.get(list_name, ()):
        if c.value == value:
            return translate(S.TR_CONTEXT, c.label)
    return str(value)


def field_label(table_name: str, field_name: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(table_name).field(field_name).label)
    except KeyError:
        return field_name


class FieldWidget(QWidget):
    """Base: one editor widget (``self.editor``) in a row layout."""

    changed = pyqtSignal()

    def __init__(self, editor: QWidget, parent=None):
        super().__init__(parent)
        self.editor = editor
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(editor, 1)

    def set_error(self, on: bool) -> None:
        self.editor.setStyleSheet(ERROR_STYLE if on else "")
        self.editor.setProperty("hasError", bool(on))

    def value(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def set_value(self, value) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ValueField(FieldWidget):
    """A value list as a combo box. Optional fields start with "(not set)"; required ones with
    "(choose…)", so a forgotten choice is reported instead of silently taking the first code."""

    def __init__(self, list_name: str, required: bool, parent=None):
        combo = QComboBox()
        super().__init__(combo, parent)
        self.combo = combo
        combo.addItem(tr("(choose…)") if required else tr("(not set)"), None)
        for c in S.VALUE_LISTS[list_name]:
            combo.addItem(translate(S.TR_CONTEXT, c.label), c.value)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self):
        return self.combo.currentData()

    def set_value(self, value) -> None:
        i = self.combo.findData(value)
        if i < 0 and value not in (None, ""):  # a code this plugin does not know: show it as it is
            self.combo.addItem(str(value), value)
            i = self.combo.count() - 1
        self.combo.setCurrentIndex(max(i, 0))


class BoolField(FieldWidget):
    """Yes / no as a combo box, with "(not set)" for optional fields (unknown is not "no")."""

    def __init__(self, required: bool, parent=None):
        combo = QComboBox()
        super().__init__(combo, parent)
        self.combo = combo
        combo.addItem(tr("(choose…)") if required else tr("(not set)"), None)
        combo.addItem(tr("yes"), True)
        combo.addItem(tr("no"), False)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self):
        return self.combo.currentData()

    def set_value(self, value) -> None:
        self.combo.setCurrentIndex(0 if value in (None, "") else 1 if bool(value) else 2)


class GradeField(FieldWidget):
    """The grade: the standard's scale offered in an editable combo box (a typed grade is checked
    against the scale when saving)."""

    def __init__(self, parent=None):
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        super().__init__(combo, parent)
        self.combo = combo
        combo.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.set_scale(())

    def set_scale(self, scale) -> None:
        text = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("")
        self.combo.addItems(list(scale))
        self.combo.setEditText(text)
        self.combo.blockSignals(False)

    def scale(self) -> list:
        return [self.combo.itemText(i) for i in range(1, self.combo.count())]

    def value(self):
        return self.combo.currentText().strip() or None

    def set_value(self, value) -> None:
        self.combo.setEditText("" if value is None else str(value))


class _DateEdit(QDateEdit):
    """A date edit that may be empty (its minimum date, shown as "(empty)").

    Entering an empty date offers today's date to type over or pick from the calendar; leaving it
    untouched makes it empty again, so focusing the field never sets a date by itself.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.offered = False
        self._offering = False
        self.dateChanged.connect(self._edited)

    def is_empty(self) -> bool:
        return self.date() == self.minimumDate() and bool(self.specialValueText())

    def _edited(self, _date) -> None:
        if not self._offering:
            self.offered = False

    def keep(self, *_args) -> None:
        """The user chose the offered date (typed over it, or clicked it in the calendar)."""
        self.offered = False

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        if event.text().isdigit() or event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                                                     Qt.Key.Key_PageDown):
            self.keep()
        super().keyPressEvent(event)

    def focusInEvent(self, event):  # noqa: N802 - Qt API
        if self.is_empty():
            self._offering = True
            self.setDate(QDate.currentDate())
            self._offering = False
            self.offered = True
        super().focusInEvent(event)

    def focusOutEvent(self, event):  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        if self.offered and not self.calendarWidget().isVisible():
            self.offered = False
            self.setDate(self.minimumDate())


class DateField(FieldWidget):
    """A date with a calendar pop-up; optional dates have an explicit empty state and a clear button."""

    def __init__(self, required: bool, parent=None):
        edit = _DateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(EMPTY_DATE)
        edit.calendarWidget().clicked.connect(edit.keep)
        super().__init__(edit, parent)
        self.edit = edit
        self.required = required
        self.clear_button = None
        if not required:
            edit.setSpecialValueText(tr("(empty)"))
            self.clear_button = QToolButton()
            self.clear_button.setText("✕")
            self.clear_button.setToolTip(tr("Clear the date"))
            self.clear_button.clicked.connect(lambda: self.set_value(None))
            self._row.addWidget(self.clear_button)
        edit.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self):
        d = self.edit.date()
        if not self.required and (d == EMPTY_DATE or self.edit.offered):
            return None  # an offered date counts once the user changes it
        return d.toString("yyyy-MM-dd")

    def set_value(self, value) -> None:
        if value in (None, ""):
            self.edit.setDate(QDate.currentDate() if self.required else EMPTY_DATE)
            return
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        self.edit.setDate(QDate.fromString(str(value)[:10], "yyyy-MM-dd"))


class NumberField(FieldWidget):
    """A number (QgsDoubleSpinBox / QgsSpinBox); optional numbers clear to an "(empty)" state."""

    def __init__(self, f: S.Field, parent=None):
        integer = f.type == "integer"
        spin = QgsSpinBox() if integer else QgsDoubleSpinBox()
        super().__init__(spin, parent)
        self.spin = spin
        self.integer = integer
        self.required = f.required
        limit = 2_000_000_000 if integer else NUMBER_LIMIT
        top = f.max if f.max is not None else limit
        self.empty_value = -limit  # the minimum doubles as the "empty" value of optional numbers
        if not integer:
            spin.setDecimals(2)
        spin.setRange(int(self.empty_value) if integer else self.empty_value, int(top) if integer else top)
        spin.setShowClearButton(not f.required)
        if not f.required:
            spin.setClearValue(spin.minimum(), tr("(empty)"))
        if f.min is not None or f.max is not None:
            lo = format_number(f.min) if f.min is not None else "…"
            hi = format_number(f.max) if f.max is not None else "…"
            spin.setToolTip(tr("From {0} to {1}").format(lo, hi))
        spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.set_value(None)

    def value(self):
        v = self.spin.value()
        if v == self.spin.minimum() and not self.required:
            return None
        return int(v) if self.integer else float(v)

    def set_value(self, value) -> None:
        if value in (None, ""):
            self.spin.setValue(self.spin.minimum() if not self.required else 0)
        else:
            self.spin.setValue(value)

    def same(self, a, b) -> bool:
        """Whether two values are equal as this field shows them (2 decimals)."""
        if a is None or b is None:
            return a is None and b is None
        return abs(float(a) - float(b)) < (0.5 if self.integer else 0.005)


class TextField(FieldWidget):
    """One-line text (with the schema's maximum length) or a multi-line text."""

    def __init__(self, multiline: bool, max_length=None, parent=None):
        edit = QPlainTextEdit() if multiline else QLineEdit()
        super().__init__(edit, parent)
        self.edit = edit
        self.multiline = multiline
        if multiline:
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.setMaximumHeight(110)
            edit.textChanged.connect(self.changed.emit)
        else:
            if max_length:
                edit.setMaxLength(int(max_length))
            edit.textChanged.connect(lambda _t: self.changed.emit())

    def text(self) -> str:
        return self.edit.toPlainText() if self.multiline else self.edit.text()

    def value(self):
        return self.text().strip() or None

    def set_value(self, value) -> None:
        text = "" if value is None else str(value)
        if self.multiline:
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)


class IndicesField(TextField):
    """An inspection's indices as "BCI = 91.3; BSI = 82.9" (read back by logic.parse_indices_text)."""

    def __init__(self, parent=None):
        super().__init__(False, None, parent)
        self.edit.setPlaceholderText(tr("e.g. BCI = 91.3; BSI = 82.9"))

    def value(self):
        return self.text().strip() or None  # parsed when saving: a bad text is an inline error

    def set_value(self, value) -> None:
        super().set_value(indices_summary(value) if value else None)


def widget_for(table_name: str, f: S.Field) -> FieldWidget:
    """The editor widget of one schema field."""
    if table_name == "inspection" and f.name == "grade":
        return GradeField()
    if f.name == "indices":
        return IndicesField()
    if f.values:
        return ValueField(f.values, f.required)
    if f.type == "boolean":
        return BoolField(f.required)
    if f.type == "date":
        return DateField(f.required)
    if f.type in ("real", "integer"):
        return NumberField(f)
    return TextField(multiline=f.max_length is None, max_length=f.max_length)
