"""The programmes dock's editors: a new programme, a cover replacement, a waterlogging point's plan.

Each dialog only gathers values; ``on_save(values)`` (given by the dock) writes them through
``layers.programmes`` in one transaction and raises ``ValidationError`` on bad input, which the
dialog shows inline, naming the field, and stays open — nothing was written. Dialogs are opened
window-modal with ``open()`` so the plugin stays responsive and tests drive them like a user.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Optional

from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core import programmes as PG
from ...core import schema as S
from ...i18n import tr, translate
from ...layers.errors import StoreError
from ..messages import describe_problem
from .common import (
    date_edit,
    describe,
    field_label,
    list_table,
    message_label,
    programme_title,
    set_date,
    show_message,
    to_date,
    value_combo,
    value_label,
)


class SaveDialog(QDialog):
    """A dialog whose Save calls ``on_save(values)``; ``result_value`` keeps what it returned."""

    def __init__(self, on_save: Callable, parent=None):
        super().__init__(parent)
        self.on_save = on_save
        self.result_value = None
        self.error_field = ""
        self.read_only = ""  # why the login may not save ("" when it may)
        self.error = message_label("error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> dict:
        raise NotImplementedError

    def set_read_only(self, reason: str) -> None:
        """The login may not write what this dialog saves: Save is disabled, ``reason`` says why."""
        self.read_only = reason
        self.save_button.setEnabled(False)
        self.save_button.setToolTip(reason)
        show_message(self.error, reason, error=True)

    def widget_for(self, field: str):
        return None

    def adjust_error(self, e) -> None:
        """Turn the store's row of a ValidationError into the row the user sees (hook)."""

    def save(self) -> bool:
        from ...core.validation import ValidationError

        if self.read_only:
            show_message(self.error, self.read_only, error=True)
            return False
        show_message(self.error, "")
        self.error_field = ""
        try:
            self.result_value = self.on_save(self.values())
        except ValidationError as e:
            self.adjust_error(e)
            self.error_field = e.field
            show_message(self.error, describe(e), error=True)
            widget = self.widget_for(e.field)
            if widget is not None:
                widget.setFocus()
            return False
        except StoreError as e:
            show_message(self.error, tr("Cannot write to the store: {problem}.").format(problem=describe_problem(e)),
                         error=True)
            return False
        return True

    def accept(self):
        if self.save():
            super().accept()


def _text_edit(name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


# --------------------------------------------------------------------------- new programme
class NewProgrammeDialog(SaveDialog):
    """Kind, year, dates, overall target and targets by district of a new programme."""

    def __init__(self, on_save: Callable, districts: list, kind: str = PG.CLEANING, year: Optional[int] = None,
                 parent=None):
        super().__init__(on_save, parent)
        self.setObjectName("SafeMunicipalNewProgrammeDialog")
        self.setWindowTitle(tr("New programme"))
        year = year or _dt.date.today().year
        self.kind = value_combo("kind", "programme_kind", kind)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(tr("optional, e.g. 2025年汛期前管网清疏"))
        self.starts_on = date_edit("starts_on", day=_dt.date(year, 1, 1))
        self.deadline = date_edit("deadline", day=_dt.date(year, 4, 30) if kind == PG.CLEANING
                                  else _dt.date(year, 12, 31))
        self.target = QDoubleSpinBox()
        self.target.setObjectName("target")
        self.target.setRange(-1e9, 1e9)  # the store refuses negative targets, naming the field
        self.target.setDecimals(3)
        self.unit = QLabel()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.unit)

        form = QFormLayout()
        form.addRow(field_label("programme", "kind"), self.kind)
        form.addRow(field_label("programme", "year"), self.year)
        form.addRow(field_label("programme", "name"), self.name)
        form.addRow(field_label("programme", "starts_on"), self.starts_on)
        form.addRow(field_label("programme", "deadline"), self.deadline)
        form.addRow(field_label("programme", "target"), target_row)

        self.targets = QTableWidget(0, 2)
        self.targets.setObjectName("targets")
        self.targets.setHorizontalHeaderLabels([field_label("programme_target", "district"),
                                                field_label("programme_target", "target")])
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for d in districts:
            self.add_target_row(d, "")
        add = QPushButton(tr("Add district or county"))
        add.setObjectName("addTarget")
        add.clicked.connect(lambda _checked=False: self.add_target_row("", ""))
        self.sum_label = QLabel()
        self.sum_label.setObjectName("targetSum")
        self.targets.itemChanged.connect(lambda _item: self._update_sum())

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Targets by district or county (leave empty where there is none)")))
        layout.addWidget(self.targets, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        row.addWidget(self.sum_label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(480, 560)

    def _kind_changed(self, *_args) -> None:
        self.unit.setText(tr("km") if self.kind.currentData() == PG.CLEANING else tr("covers"))
        self._update_sum()

    def add_target_row(self, district: str = "", target="") -> int:
        row = self.targets.rowCount()
        self.targets.insertRow(row)
        self.targets.setItem(row, 0, QTableWidgetItem(district))
        self.targets.setItem(row, 1, QTableWidgetItem("" if target in (None, "") else str(target)))
        return row

    def set_target(self, district: str, target) -> None:
        for r in range(self.targets.rowCount()):
            if self.targets.item(r, 0).text() == district:
                self.targets.item(r, 1).setText(str(target))
                return
        self.add_target_row(district, target)

    def district_targets(self) -> dict:
        """``{district: target}`` of the rows with a target (a text that is no number is passed on as
        it is: the store names the row and the field)."""
        return dict(self._target_rows()[0])

    def _target_rows(self) -> tuple:
        """([(district, target)], [table row of each]) of the rows with a target. A district typed twice
        is passed on twice (with a trailing space: the store strips it and names the repeat)."""
        pairs, rows, seen = [], [], set()
        for r in range(self.targets.rowCount()):
            district = (self.targets.item(r, 0).text() if self.targets.item(r, 0) else "").strip()
            text = (self.targets.item(r, 1).text() if self.targets.item(r, 1) else "").strip()
            if not text:
                continue
            try:
                value = float(text)
            except ValueError:
                value = text
            key = district
            while key in seen:
                key += " "
            seen.add(key)
            pairs.append((key, value))
            rows.append(r)
        return pairs, rows

    def adjust_error(self, e) -> None:
        rows = self._target_rows()[1]
        if e.table == "programme_target" and isinstance(e.row, int) and e.row < len(rows):
            e.row = rows[e.row]

    def _update_sum(self) -> None:
        total = sum(v for v in self.district_targets().values() if isinstance(v, float))
        self.sum_label.setText(tr("Sum of the district targets: {n}").format(n=f"{total:,.3g}"))

    def values(self) -> dict:
        return {"kind": self.kind.currentData(), "year": self.year.value(), "name": self.name.text().strip() or None,
                "starts_on": to_date(self.starts_on), "deadline": to_date(self.deadline),
                "target": self.target.value(), "district_targets": self.district_targets()}

    def widget_for(self, field: str):
        return {"kind": self.kind, "year": self.year, "name": self.name, "starts_on": self.starts_on,
                "deadline": self.deadline, "target": self.target, "district": self.targets}.get(field)


# --------------------------------------------------------------------------- cover replacement
class CoverReplacementDialog(SaveDialog):
    """A new cover (or grate) on one manhole or rain inlet: date, type, load class, programme."""

    def __init__(self, on_save: Callable, facility: dict, kind: str, programmes: list,
                 programme_uid: Optional[str] = None, today: Optional[_dt.date] = None, parent=None):
        super().__init__(on_save, parent)
        self.setObjectName("SafeMunicipalCoverReplacementDialog")
        self.facility, self.kind = facility, kind
        self.setWindowTitle(tr("Cover replacement: {code}").format(code=facility.get("code")))
        current = tr("Now: {type}, {load}").format(
            type=value_label("cover_type", facility.get("cover_type")) or "—",
            load=facility.get("load_class") or "—")
        self.summary = QLabel(tr("{kind} {code} {name}").format(
            kind=translate(S.TR_CONTEXT, S.table(kind).label), code=facility.get("code"),
            name=facility.get("name") or "") + "\n" + current)
        self.summary.setObjectName("summary")
        self.replaced_on = date_edit("replaced_on", day=today)
        self.new_cover_type = value_combo("new_cover_type", "cover_type", PG.ANTI_SETTLEMENT_TYPE, blank=True)
        self.new_load_class = value_combo("new_load_class", "load_class", facility.get("load_class") or "D400",
                                          blank=True)
        self.anti_settlement = QCheckBox(field_label("cover_replacement", "anti_settlement"))
        self.anti_settlement.setObjectName("anti_settlement")
        self.anti_settlement.setChecked(True)
        self.new_cover_type.currentIndexChanged.connect(self._type_changed)
        self.programme = value_combo_programmes(programmes, programme_uid)
        self.contractor = QLineEdit()
        self.contractor.setObjectName("contractor")
        form = QFormLayout()
        form.addRow(field_label("cover_replacement", "replaced_on"), self.replaced_on)
        form.addRow(field_label("cover_replacement", "new_cover_type"), self.new_cover_type)
        form.addRow(field_label("cover_replacement", "new_load_class"), self.new_load_class)
        form.addRow("", self.anti_settlement)
        form.addRow(field_label("cover_replacement", "programme_uid"), self.programme)
        form.addRow(field_label("maintenance", "contractor"), self.contractor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _type_changed(self, *_args) -> None:
        self.anti_settlement.setChecked(self.new_cover_type.currentData() == PG.ANTI_SETTLEMENT_TYPE)

    def values(self) -> dict:
        return {"facility_uid": self.facility["uid"], "replaced_on": to_date(self.replaced_on),
                "new_cover_type": self.new_cover_type.currentData(), "new_load_class": self.new_load_class.currentData(),
                "anti_settlement": self.anti_settlement.isChecked(), "programme_uid": self.programme.currentData(),
                "contractor": self.contractor.text().strip() or None}

    def widget_for(self, field: str):
        return {"replaced_on": self.replaced_on, "new_cover_type": self.new_cover_type,
                "new_load_class": self.new_load_class, "anti_settlement": self.anti_settlement,
                "programme_uid": self.programme}.get(field)


def value_combo_programmes(programmes: list, current: Optional[str]):
    from qgis.PyQt.QtWidgets import QComboBox

    combo = QComboBox()
    combo.setObjectName("programme_uid")
    combo.addItem(tr("(none: counted by its date)"), None)
    for p in programmes:
        combo.addItem(programme_title(p), p["uid"])
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


# --------------------------------------------------------------------------- waterlogging plan
class PlanDialog(SaveDialog):
    """A waterlogging point's plan (一点一策) with the GB 51222 check of each of its events."""

    def __init__(self, on_save: Callable, point: dict, plan: Optional[dict] = None, judged_events: list = (),
                 parent=None):
        super().__init__(on_save, parent)
        self.setObjectName("SafeMunicipalPlanDialog")
        self.point, self.plan = point, plan
        self.setWindowTitle(tr("Plan for {code} {name}").format(code=point.get("code"), name=point.get("name") or ""))
        self.cause = _text_edit("cause")
        self.measures = _text_edit("measures")
        self.responsible_unit = QLineEdit()
        self.responsible_unit.setObjectName("responsible_unit")
        self.deadline = date_edit("deadline", allow_null=True)
        self.status = value_combo("status", "plan_status", "draft")
        self.sponge_city = QCheckBox(field_label("waterlogging_plan", "sponge_city"))
        self.sponge_city.setObjectName("sponge_city")
        self.project = QLineEdit()
        self.project.setObjectName("project")
        self.completed_on = date_edit("completed_on", allow_null=True)
        form = QFormLayout()
        for name, widget in (("cause", self.cause), ("measures", self.measures),
                             ("responsible_unit", self.responsible_unit), ("deadline", self.deadline),
                             ("status", self.status), ("project", self.project), ("completed_on", self.completed_on)):
            form.addRow(field_label("waterlogging_plan", name), widget)
        form.addRow("", self.sponge_city)
        if plan:
            self.cause.setPlainText(plan.get("cause") or "")
            self.measures.setPlainText(plan.get("measures") or "")
            self.responsible_unit.setText(plan.get("responsible_unit") or "")
            set_date(self.deadline, plan.get("deadline"))
            self.status.setCurrentIndex(max(0, self.status.findData(plan.get("status"))))
            self.sponge_city.setChecked(bool(plan.get("sponge_city")))
            self.project.setText(plan.get("project") or "")
            set_date(self.completed_on, plan.get("completed_on"))
        else:
            self.sponge_city.setChecked(bool(point.get("sponge_city")))

        self.events = list_table("events", [field_label("waterlogging_event", "event_on"), tr("GB 51222"),
                                            field_label("waterlogging_event", "max_depth_cm"),
                                            field_label("waterlogging_event", "duration_min"),
                                            field_label("waterlogging_event", "return_period_yr")])
        self.events.setRowCount(len(judged_events))
        for r, (event, judgement) in enumerate(judged_events):
            cells = (event.get("event_on"), judgement_text(judgement), event.get("max_depth_cm"),
                     event.get("duration_min"), event.get("return_period_yr"))
            for c, v in enumerate(cells):
                self.events.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Events and their GB 51222 check")))
        layout.addWidget(self.events, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 620)

    def values(self) -> dict:
        return {"facility_uid": self.point["uid"], "cause": self.cause.toPlainText().strip() or None,
                "measures": self.measures.toPlainText().strip() or None,
                "responsible_unit": self.responsible_unit.text().strip() or None,
                "deadline": to_date(self.deadline), "status": self.status.currentData(),
                "sponge_city": self.sponge_city.isChecked(), "project": self.project.text().strip() or None,
                "completed_on": to_date(self.completed_on)}

    def widget_for(self, field: str):
        return {"cause": self.cause, "measures": self.measures, "responsible_unit": self.responsible_unit,
                "deadline": self.deadline, "status": self.status, "project": self.project,
                "completed_on": self.completed_on}.get(field)


def judgement_text(judgement) -> str:
    """An event's GB 51222 result in words; why not, when it cannot be judged."""
    if judgement is None:
        return ""
    if judgement.grade == "waterlogged":
        return tr("Waterlogged (内涝点)")
    if judgement.grade == "compliant":
        if judgement.within_design is False:
            return tr("Compliant (rain above the design standard)")
        return tr("Compliant")
    return tr("Not judged: {reason}").format(reason=judgement.problem or "")
