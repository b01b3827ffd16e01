"""The tabs of the programmes dock: Cleaning, Covers, Waterlogging, Storage, Statistics.

Each tab reads through the dock (``dock.service()`` opens the store for one refresh or one write)
and never keeps a store open; ``refresh(service)`` fills it from one :class:`layers.programmes.Programmes`.
"""
from __future__ import annotations

from typing import Optional

from qgis.core import Qgis, QgsFeatureRequest
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import programmes as PG
from ...i18n import tr
from .common import (
    CLEANING_TABLES,
    PLAN_TABLES,
    PROGRAMME_TABLES,
    REPLACEMENT_TABLES,
    bar,
    date_edit,
    district_label,
    fill_rows,
    fill_stat_table,
    list_table,
    message_label,
    number,
    percent_text,
    programme_title,
    row_uid,
    set_bar,
    show_message,
    to_date,
)


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(lambda _checked=False: slot())
    return b


def selected_uids(layer) -> list:
    """The ``uid`` of the selected features of ``layer`` (in selection order of their ids)."""
    if layer is None or not layer.isValid() or not layer.selectedFeatureCount():
        return []
    request = (QgsFeatureRequest().setFilterFids(layer.selectedFeatureIds())
               .setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(["uid"], layer.fields()))
    return [f["uid"] for f in layer.getFeatures(request) if isinstance(f["uid"], str) and f["uid"]]


class _ProgrammeTab(QWidget):
    """A programme selector (``kinds``) with a New programme… button."""

    kinds: tuple = ()
    prefix = ""

    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.programmes: list = []
        self.progress = None
        self.combo = QComboBox()
        self.combo.setObjectName(self.prefix + "Programme")
        self.combo.currentIndexChanged.connect(lambda _i: self.dock.refresh_tab(self))
        self.new_button = _button(tr("New programme…"), self.prefix + "NewProgramme",
                                  lambda: self.dock.new_programme(self.kinds[0]))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Programme")))
        top.addWidget(self.combo, 1)
        top.addWidget(self.new_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(top)

    def programme(self) -> Optional[dict]:
        uid = self.combo.currentData()
        return next((p for p in self.programmes if p["uid"] == uid), None)

    def select(self, uid: str) -> None:
        i = self.combo.findData(uid)
        if i >= 0:
            self.combo.setCurrentIndex(i)

    def load_programmes(self, service) -> Optional[dict]:
        self.dock.apply_rights(self.new_button, PROGRAMME_TABLES)
        current = self.combo.currentData()
        self.programmes = [p for k in self.kinds for p in service.programmes(kind=k)]
        self.programmes.sort(key=lambda p: (-p["year"], self.kinds.index(p["kind"])))
        self.combo.blockSignals(True)
        self.combo.clear()
        for p in self.programmes:
            self.combo.addItem(programme_title(p), p["uid"])
        if not self.programmes:
            self.combo.addItem(tr("(no programme yet: create one)"), None)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        return self.programme()


# --------------------------------------------------------------------------- cleaning
class CleaningTab(_ProgrammeTab):
    kinds = (PG.CLEANING,)
    prefix = "cleaning"

    def __init__(self, dock):
        super().__init__(dock)
        self.summary = QLabel()
        self.summary.setObjectName("cleaningSummary")
        self.summary.setWordWrap(True)
        self.bar = bar(None, "cleaningBar")
        self.districts = list_table("cleaningDistricts", [])
        self.date = date_edit("cleaningDate", day=dock.today)
        self.record_button = _button(tr("Record selected pipes as cleaned"), "recordCleaned", self.record_selected)
        self.message = message_label("cleaningMessage")
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remainingLabel")
        self.remaining = list_table("cleaningRemaining", [tr("Code"), tr("Name"), tr("District or county"),
                                                          tr("Length (m)"), tr("State")])
        self.remaining.cellDoubleClicked.connect(lambda r, _c: self.dock.zoom_to("drain_pipe",
                                                                                 row_uid(self.remaining, r)))
        self.theme_button = _button(tr("Show cleaning theme"), "cleaningTheme", self.show_theme)
        self.theme_off_button = _button(tr("Default style"), "cleaningThemeOff", self.hide_theme)

        record = QGroupBox(tr("Record cleaning"))
        row = QHBoxLayout(record)
        row.addWidget(QLabel(tr("Cleaned on")))
        row.addWidget(self.date)
        row.addWidget(self.record_button, 1)
        themes = QHBoxLayout()
        themes.addWidget(self.theme_button)
        themes.addWidget(self.theme_off_button)
        themes.addStretch(1)
        for w in (self.summary, self.bar):
            self.layout_.addWidget(w)
        self.layout_.addWidget(self.districts, 1)
        self.layout_.addWidget(record)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.remaining_label)
        self.layout_.addWidget(self.remaining, 2)
        self.layout_.addLayout(themes)

    def refresh(self, service) -> None:
        prog = self.load_programmes(service)
        enabled = prog is not None
        for w in (self.theme_button, self.date):
            w.setEnabled(enabled)
        self.dock.apply_rights(self.record_button, CLEANING_TABLES, enabled)
        if prog is None:
            self.progress = None
            self.summary.setText(tr("No pipe-cleaning programme yet. Create one with New programme…"))
            set_bar(self.bar, None)
            self.districts.setRowCount(0)
            self.remaining.setRowCount(0)
            self.remaining_label.clear()
            return
        p = self.progress = service.cleaning_progress(prog["uid"])
        days = p.days_left
        if days >= 0:
            when = tr("{n} days left").format(n=days)
        elif p.met_on is not None:  # the target was met: the deadline has simply passed
            when = tr("{n} days ago").format(n=-days)
        else:
            when = tr("{n} days overdue").format(n=-days)
        text = tr("Cleaned {done} of {target} km ({percent}) · {n} of {m} pipes · deadline {deadline} ({when})").format(
            done=number(p.cleaned_km, 3), target=number(p.target_km, 3), percent=percent_text(p.percent),
            n=number(p.cleaned_pipes), m=number(p.total_pipes), deadline=p.deadline.isoformat(), when=when)
        if p.met_on:
            text += "\n" + tr("Target met on {date}.").format(date=p.met_on.isoformat())
        self.summary.setText(text)
        set_bar(self.bar, p.percent)
        fill_stat_table(self.districts, PG.programme_table(p))
        km = sum(float(r["length_m"] or 0) for r in p.remaining) / 1000.0
        shown = tr("Still to clean: {n} pipes, {km} km").format(n=number(len(p.remaining)), km=number(km, 3))
        if len(p.remaining) > 1000:
            shown += " " + tr("(the first {n} listed)").format(n=number(1000))
        self.remaining_label.setText(shown)
        states = {True: tr("Overdue"), False: tr("Not yet")}  # overdue: deadline passed, district short
        fill_rows(self.remaining, [[(r["code"], r["uid"]), r.get("name") or "", district_label(r["district"]),
                                    number(r["length_m"], 1), states[bool(r["overdue"])]] for r in p.remaining])

    def record_selected(self) -> None:
        prog = self.programme()
        if prog is None:
            return
        layer = self.dock.layer("drain_pipe")
        uids = selected_uids(layer)
        if not uids:
            show_message(self.message, tr("Select the cleaned pipes on the drainage pipe layer first."), error=True)
            return
        day = to_date(self.date)

        def write(service):
            return service.record_cleaning(prog["uid"], uids, day)

        result = self.dock.write(write, CLEANING_TABLES, self.message, layers=("drain_pipe",))
        if result is None:
            return
        text = tr("Recorded {n} pipes as cleaned on {date}.").format(n=len(result["written"]), date=day)
        if result["skipped"]:
            text += " " + tr("{n} skipped: cleaned already for this programme.").format(n=len(result["skipped"]))
        show_message(self.message, text)

    def show_theme(self) -> None:
        from ...layers.programme_themes import apply_cleaning_theme

        prog, layer = self.programme(), self.dock.layer("drain_pipe")
        if prog is None or layer is None:
            self.dock.message(tr("The drainage pipe layer of the store is not in the project."), Qgis.Warning)
            return
        with self.dock.service() as service:
            others = [p["uid"] for p in service.programmes(kind=PG.CLEANING)]
            short = service.cleaning_progress(prog["uid"]).short_districts
        apply_cleaning_theme(layer, prog, others, today=self.dock._today, short_districts=short)

    def hide_theme(self) -> None:
        from ...layers.programme_themes import restore_programme_theme

        layer = self.dock.layer("drain_pipe")
        if layer is not None:
            restore_programme_theme(layer, "drain_pipe")


# --------------------------------------------------------------------------- covers
class CoversTab(_ProgrammeTab):
    kinds = (PG.ANTI_SETTLEMENT, PG.COVERS)
    prefix = "covers"

    def __init__(self, dock):
        super().__init__(dock)
        self.summary = QLabel()
        self.summary.setObjectName("coversSummary")
        self.summary.setWordWrap(True)
        self.bar = bar(None, "coversBar")
        self.districts = list_table("coversDistricts", [])
        self.inlets = QLabel()
        self.inlets.setObjectName("inletsAdded")
        self.record_button = _button(tr("Record a replacement for the selected manhole…"), "recordReplacement",
                                     self.record_replacement)
        self.message = message_label("coversMessage")
        self.theme_button = _button(tr("Show cover theme"), "coversTheme", self.show_theme)
        self.theme_off_button = _button(tr("Default style"), "coversThemeOff", self.hide_theme)
        themes = QHBoxLayout()
        themes.addWidget(self.theme_button)
        themes.addWidget(self.theme_off_button)
        themes.addStretch(1)
        for w in (self.summary, self.bar, self.districts, self.inlets, self.record_button, self.message):
            self.layout_.addWidget(w)
        self.layout_.setStretchFactor(self.districts, 1)
        self.layout_.addLayout(themes)

    def refresh(self, service) -> None:
        prog = self.load_programmes(service)
        self.theme_button.setEnabled(prog is not None)
        self.dock.apply_rights(self.record_button, REPLACEMENT_TABLES)
        if prog is None:
            self.progress = None
            self.summary.setText(tr("No cover programme yet. Create one with New programme…"))
            set_bar(self.bar, None)
            self.districts.setRowCount(0)
            self.inlets.clear()
            return
        p = self.progress = service.cover_progress(prog["uid"])
        text = tr("Replaced {done} of {target} covers ({percent}) · anti-settlement {anti}").format(
            done=number(p.replaced), target=number(p.target), percent=percent_text(p.percent),
            anti=number(p.anti_settlement))
        if p.met_on is None:
            text += "\n" + tr("Target not met yet (deadline {date}).").format(date=p.deadline.isoformat())
        elif p.months_early and p.months_early > 0:
            text += "\n" + tr("Target met on {date}: {n} months early.").format(date=p.met_on.isoformat(),
                                                                               n=p.months_early)
        elif p.days_early is not None and p.days_early < 0:
            text += "\n" + tr("Target met on {date}: {n} days late.").format(date=p.met_on.isoformat(),
                                                                            n=-p.days_early)
        else:
            text += "\n" + tr("Target met on {date}.").format(date=p.met_on.isoformat())
        self.summary.setText(text)
        set_bar(self.bar, p.percent)
        fill_stat_table(self.districts, PG.programme_table(p))
        self.inlets.setText(tr("Rain inlets added in {year}: {n}").format(year=prog["year"],
                                                                         n=number(p.inlets_added)))

    def selected_facility(self) -> tuple:
        """(kind, uid) of the one selected manhole (else rain inlet) on the map; (None, None) otherwise."""
        for kind in ("manhole", "rain_inlet"):
            uids = selected_uids(self.dock.layer(kind))
            if len(uids) == 1:
                return kind, uids[0]
        return None, None

    def record_replacement(self):
        kind, uid = self.selected_facility()
        if uid is None:
            show_message(self.message, tr("Select one manhole (or one rain inlet) on the map first."), error=True)
            return None
        return self.dock.open_replacement(kind, uid, self.combo.currentData())

    def show_theme(self) -> None:
        from ...layers.programme_themes import apply_cover_theme

        prog, layer = self.programme(), self.dock.layer("manhole")
        if prog is None or layer is None:
            self.dock.message(tr("The manhole layer of the store is not in the project."), Qgis.Warning)
            return
        apply_cover_theme(layer, prog["year"])

    def hide_theme(self) -> None:
        from ...layers.programme_themes import restore_programme_theme

        layer = self.dock.layer("manhole")
        if layer is not None:
            restore_programme_theme(layer, "manhole")


# --------------------------------------------------------------------------- waterlogging
class WaterloggingTab(QWidget):
    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.lists: dict = {}
        self._loaded_settings = False
        self.min_events = QSpinBox()
        self.min_events.setObjectName("repeatMin")
        self.min_events.setRange(1, 100)
        self.min_events.setValue(PG.REPEAT_MIN_EVENTS)
        self.window = QSpinBox()
        self.window.setObjectName("repeatWindow")
        self.window.setRange(0, 36500)
        self.window.setSpecialValueText(tr("all events"))
        self.window.setSuffix(tr(" days"))
        self.window.setValue(PG.REPEAT_WINDOW_DAYS)
        for spin in (self.min_events, self.window):
            spin.valueChanged.connect(lambda _v: self.dock.refresh_tab(self))
        self.without = list_table("withoutPlan", [tr("Code"), tr("Name"), tr("District or county"), tr("Status")])
        self.overdue = list_table("overduePlans", [tr("Code"), tr("Name"), tr("District or county"), tr("Deadline"),
                                                   tr("Days overdue"), tr("Responsible unit"), tr("Status")])
        self.repeat = list_table("repeatEvents", [tr("Code"), tr("Name"), tr("District or county"), tr("Events"),
                                                  tr("Waterlogged (GB 51222)"), tr("Last event")])
        for table in (self.without, self.overdue, self.repeat):
            table.cellDoubleClicked.connect(lambda r, _c, t=table: self.open_row(t, r))
        self.edit_button = _button(tr("Plan of the selected point…"), "editPlan", self.edit_selected)
        self.edit_tip = tr("Open the plan (一点一策) of the point selected in a list or on the map.")
        self.edit_button.setToolTip(self.edit_tip)
        self.message = message_label("waterloggingMessage")

        settings = QHBoxLayout()
        settings.addWidget(QLabel(tr("Repeat events: at least")))
        settings.addWidget(self.min_events)
        settings.addWidget(QLabel(tr("events within")))
        settings.addWidget(self.window)
        settings.addStretch(1)
        layout = QVBoxLayout(self)
        self.boxes = {}
        for key, title, table in (("without_plan", tr("Points without a plan"), self.without),
                                  ("overdue", tr("Plans overdue"), self.overdue),
                                  ("repeat", tr("Points with repeat events"), self.repeat)):
            box = QGroupBox(title)
            box.setObjectName(key + "Box")
            inner = QVBoxLayout(box)
            if key == "repeat":
                inner.addLayout(settings)
            inner.addWidget(table)
            self.boxes[key] = (box, title)
            layout.addWidget(box, 1)
        layout.addWidget(self.edit_button)
        layout.addWidget(self.message)

    def refresh(self, service) -> None:
        refusal = self.dock.refusal(PLAN_TABLES)  # a login that may not write plans reads them
        self.edit_button.setToolTip(tr("{reason} The plan opens read-only.").format(reason=refusal) if refusal
                                    else self.edit_tip)
        if not self._loaded_settings:  # the store's own setting, once; then what the user chooses here
            s = service.repeat_settings()
            for spin, value in ((self.min_events, s["min_events"]), (self.window, s["window_days"] or 0)):
                spin.blockSignals(True)
                spin.setValue(int(value))
                spin.blockSignals(False)
            self._loaded_settings = True
        window = self.window.value() or None
        self.lists = service.waterlogging_lists(self.min_events.value(), window)
        from .common import value_label

        fill_rows(self.without, [[(p["code"], p["uid"]), p.get("name") or "", district_label(p.get("district")),
                                  value_label("waterlogging_status", p.get("status"))]
                                 for p in self.lists["without_plan"]])
        fill_rows(self.overdue, [[(p["point_code"], p["facility_uid"]), p.get("point_name") or "",
                                  district_label(p.get("district")), p["deadline"], p["days_overdue"],
                                  p.get("responsible_unit") or "", value_label("plan_status", p.get("status"))]
                                 for p in self.lists["overdue"]])
        fill_rows(self.repeat, [[(p["code"], p["uid"]), p.get("name") or "", district_label(p.get("district")),
                                 p["events"], p["waterlogged"], p["last_event"].isoformat()]
                                for p in self.lists["repeat"]])
        for key, (box, title) in self.boxes.items():
            box.setTitle(tr("{title} ({n})").format(title=title, n=len(self.lists[key])))

    def open_row(self, table, row: int):
        uid = row_uid(table, row)
        if uid is None:
            return None
        self.dock.zoom_to("waterlogging_point", uid)
        return self.dock.open_plan(uid)

    def edit_selected(self):
        for table in (self.without, self.overdue, self.repeat):
            rows = table.selectionModel().selectedRows() if table.selectionModel() else []
            if rows:
                return self.open_row(table, rows[0].row())
        uids = selected_uids(self.dock.layer("waterlogging_point"))
        if len(uids) == 1:
            return self.dock.open_plan(uids[0])
        show_message(self.message, tr("Select a point in one of the lists, or one waterlogging point on the map."),
                     error=True)
        return None


# --------------------------------------------------------------------------- storage
class StorageTab(QWidget):
    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.total = QLabel()
        self.total.setObjectName("storageTotal")
        self.total.setWordWrap(True)
        self.table = list_table("storageTable", [])
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(self.table, 1)

    def refresh(self, service) -> None:
        table = service.storage_table()
        fill_stat_table(self.table, table, bar_column=None)
        t = table.total
        self.total.setText(tr("The city's adjustable storage: {m3} m³ in {n} facilities ({k} with a pre-lowering "
                              "level).").format(m3=number(t["capacity_m3"]), n=number(t["facilities"]),
                                                k=number(t["with_pre_lowering"])))


# --------------------------------------------------------------------------- statistics
class StatisticsTab(QWidget):
    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.table_data: Optional[PG.StatTable] = None
        self.programme: Optional[dict] = None
        self.selector = QComboBox()
        self.selector.setObjectName("statsSelector")
        self.selector.currentIndexChanged.connect(lambda _i: self.dock.refresh_tab(self))
        self.title = QLabel()
        self.title.setObjectName("statsTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.table = list_table("statsTable", [])
        self.csv_button = _button(tr("Export CSV…"), "exportCsv", lambda: self.export_dialog("csv"))
        self.xlsx_button = _button(tr("Export XLSX…"), "exportXlsx", lambda: self.export_dialog("xlsx"))
        self.message = message_label("statsMessage")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Table")))
        top.addWidget(self.selector, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def _choices(self, service) -> list:
        """(label, ("year", y) or ("programme", uid)) for every year with a programme, newest first (this
        year when there is none yet)."""
        years = service.years() or [self.dock.today.year]
        out = []
        for y in years:
            out.append((tr("All programmes of {year}").format(year=y), ("year", y)))
            for p in service.programmes(year=y):
                out.append(("    " + programme_title(p), ("programme", p["uid"])))
        return out

    def refresh(self, service) -> None:
        current = self.selector.currentData()
        self.selector.blockSignals(True)
        self.selector.clear()
        for label, data in self._choices(service):
            self.selector.addItem(label, data)
        i = self.selector.findData(current) if current is not None else -1
        self.selector.setCurrentIndex(max(0, i))
        self.selector.blockSignals(False)
        what, key = self.selector.currentData()
        if what == "year":
            self.table_data = service.year_table(key)
            self.programme = None
        else:
            self.table_data = service.programme_table(key)
            self.programme = service.programme(key)
        from ...processing.alg_programmes import table_title

        self.title.setText(table_title(self.table_data, self.programme))
        fill_stat_table(self.table, self.table_data, bar_column=None)

    def select(self, what: str, key) -> None:
        i = self.selector.findData((what, key))
        if i >= 0:
            self.selector.setCurrentIndex(i)

    def export(self, path: str) -> Optional[str]:
        """Write the table shown to ``path`` (.csv or .xlsx); the path, or None (message shown)."""
        from ...layers.export_table import ExportError, write_table
        from ...processing.alg_programmes import cells, headers, table_title

        if self.table_data is None:
            return None
        table = self.table_data
        try:
            out = write_table(path, headers(table), cells(table), [c.type for c in table.columns],
                              sheet=table_title(table, self.programme)[:31])
        except ExportError as e:
            show_message(self.message, tr("Cannot export: {problem}").format(problem=str(e)), error=True)
            return None
        show_message(self.message, tr("Exported to {path}.").format(path=out))
        return out

    def export_dialog(self, fmt: str) -> Optional[str]:
        filters = {"csv": tr("CSV, UTF-8 (*.csv)"), "xlsx": tr("Excel workbook (*.xlsx)")}
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the table"), "", filters[fmt])
        if not path:
            return None
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        return self.export(path)
