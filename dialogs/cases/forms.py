"""Small forms of the cover cases dock: a new case (after a click on the map) and a maintenance unit.

Both are non-modal dialogs that save through a callback: :meth:`accept` calls ``submit(values)``;
a :class:`~safe_municipal.core.validation.ValidationError` is shown in the form (naming the field)
and the form stays open with what was typed; nothing was written.
"""
from __future__ import annotations

from typing import Callable, Optional

from qgis.PyQt.QtCore import QDateTime, Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from ...core import cases as C
from ...core import schema as S
from ...core.validation import ValidationError
from ...i18n import problem_text, tr, translate

ERROR_STYLE = "color: #c62828;"


def field_label(table: str, name: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(table).field(name).label)
    except KeyError:
        return name


def error_text(e: ValidationError) -> str:
    """A ValidationError as one translated line naming the field."""
    name = tr("Location") if e.field == "geom" else field_label(e.table, e.field)
    return tr("{field} {problem}.").format(field=name, problem=problem_text(e.problem))


def qdatetime_utc(value: QDateTime):
    """A QDateTime (local or any zone) as an aware UTC datetime."""
    return C.as_utc(value.toUTC().toString(Qt.DateFormat.ISODateWithMs))


def _combo(list_name: str, object_name: str, optional: bool) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(object_name)
    if optional:
        combo.addItem("—", None)
    for code in S.VALUE_LISTS[list_name]:
        combo.addItem(translate(S.TR_CONTEXT, code.label), code.value)
    return combo


class _SavingDialog(QDialog):
    def __init__(self, parent, submit: Callable):
        super().__init__(parent)
        self.submit = submit
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.result_value = None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def accept(self) -> None:
        try:
            self.result_value = self.submit(self.values())
        except ValidationError as e:
            self.show_error(error_text(e))
            return
        self.show_error("")
        super().accept()

    def values(self) -> dict:
        raise NotImplementedError


class CaseForm(_SavingDialog):
    """Problem, source, description and reported time of a new case at ``cover`` (or at a bare point)."""

    def __init__(self, parent, submit: Callable, cover=None, tolerance_m: float = 30.0):
        super().__init__(parent, submit)
        self.setObjectName("SafeMunicipalCaseForm")
        self.setWindowTitle(tr("New cover case"))
        if cover is not None:
            where = tr("Cover {code} ({district}), {d:.1f} m from the click").format(
                code=cover.code, district=cover.district or "—", d=cover.distance_m)
        else:
            where = tr("No cover within {t:g} m: the case is recorded at the clicked point").format(t=tolerance_m)
        self.where = QLabel(where)
        self.where.setObjectName("caseWhere")
        self.where.setWordWrap(True)
        self.problem = _combo("case_problem", "caseProblem", optional=False)
        self.source = _combo("case_source", "caseSource", optional=True)
        self.description = QPlainTextEdit()
        self.description.setObjectName("caseDescription")
        self.description.setMaximumHeight(80)
        self.reported = QDateTimeEdit(QDateTime.currentDateTime())
        self.reported.setObjectName("caseReportedAt")
        self.reported.setCalendarPopup(True)
        self.reported.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.reported.setMaximumDateTime(QDateTime.currentDateTime().addSecs(60))

        form = QFormLayout()
        form.addRow(tr("Where"), self.where)
        form.addRow(field_label("cover_case", "problem"), self.problem)
        form.addRow(field_label("cover_case", "source"), self.source)
        form.addRow(field_label("cover_case", "description"), self.description)
        form.addRow(field_label("cover_case", "reported_at"), self.reported)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict:
        return {"problem": self.problem.currentData(), "source": self.source.currentData(),
                "description": self.description.toPlainText().strip() or None,
                "reported_at": qdatetime_utc(self.reported.dateTime())}


class UnitForm(_SavingDialog):
    """A maintenance unit: name, district, open-case limit, active, phone."""

    def __init__(self, parent, submit: Callable, row: Optional[dict] = None):
        super().__init__(parent, submit)
        self.setObjectName("SafeMunicipalUnitForm")
        self.row = row
        self.setWindowTitle(tr("Maintenance unit") if row else tr("New maintenance unit"))
        row = row or {}
        self.name = QLineEdit(row.get("name") or "")
        self.name.setObjectName("unitName")
        self.district = QComboBox()
        self.district.setObjectName("unitDistrict")
        self.district.setEditable(True)
        self.district.addItem("")
        self.district.addItems([c.value for c in S.VALUE_LISTS["district"]])
        self.district.setCurrentText(row.get("district") or "")
        self.limit = QSpinBox()
        self.limit.setObjectName("unitLimit")
        self.limit.setRange(1, 10000)
        self.limit.setValue(int(row.get("open_case_limit") or 10))
        self.active = QCheckBox(tr("Takes part in the rotation"))
        self.active.setObjectName("unitActive")
        self.active.setChecked(bool(row.get("active", True)))
        self.phone = QLineEdit(row.get("phone") or "")
        self.phone.setObjectName("unitPhone")
        form = QFormLayout()
        form.addRow(field_label("maintenance_unit", "name"), self.name)
        form.addRow(field_label("maintenance_unit", "district"), self.district)
        form.addRow(field_label("maintenance_unit", "open_case_limit"), self.limit)
        form.addRow(field_label("maintenance_unit", "active"), self.active)
        form.addRow(field_label("maintenance_unit", "phone"), self.phone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict:
        return {"name": self.name.text().strip(), "district": self.district.currentText().strip() or None,
                "open_case_limit": self.limit.value(), "active": self.active.isChecked(),
                "phone": self.phone.text().strip() or None}
