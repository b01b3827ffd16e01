"""The cover cases dock (综合井盖案件轮派): register, dispatch in rotation, track, count.

:class:`CasesController` is what the toolbar action drives: ``run()`` shows the dock for the store
of the current project (``settings.project_store_path``), ``unload()`` removes it.

The dock (:class:`CasesDock`) has four tabs:

- **Cases**: *Register on map* (a map tool: click at the cover → the nearest cover within the
  tolerance is highlighted → a small form: problem, source, description, reported time, default
  now), *Dispatch pending* (every queued case in rotation, one transaction), the case list (open /
  overdue / all; overdue rows red; double-click zooms to the case) and *Responded*, *Fixed*,
  *Close* for the selected cases at a time (default now);
- **Statistics**: per unit for the cases reported in a period, the total last;
- **Units**: the rotation (add, edit, activate/deactivate, move up/down, delete a unit that never had
  a case);
- **Settings**: the city's time limits and snapping tolerance, kept in the store (``cases.limits``,
  ``cases.snapping``).

Everything reads and writes through :class:`~safe_municipal.layers.cases.CoverCases` on the store
file (validated, one transaction per action, audited under the QGIS user); after a write the
``cover_case`` and ``maintenance_unit`` layers are reloaded. While one of those layers has unsaved
edits in QGIS, the dock does not write. The limits are also set as project variables
``sm_case_respond_hours`` / ``sm_case_fix_hours``, which the ``cover_case`` style's overdue halo reads.

The login's rights decide what may be changed (:class:`~safe_municipal.dialogs.roles.Rights`: on
PostGIS the database's grants; a writable GeoPackage allows everything): the buttons that write a
table the login may not change are disabled and their tooltip names the login and its role — an
inspector registers, dispatches and closes cases (``cover_case``) but leaves the units
(``maintenance_unit``) and the settings (``setting``) to an editor; a viewer only reads. The
database refuses such a write anyway.
"""
from __future__ import annotations

import datetime as _dt

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsRubberBand
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, QDateTime, QItemSelectionModel, Qt, QTimer
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import cases as C
from ..core.schema import QT_TRANSLATE_NOOP
from ..core.validation import ValidationError
from ..i18n import tr
from ..layers.audit_user import as_qgis_user
from ..layers.cases import VAR_FIX, VAR_RESPOND
from ..layers.errors import StoreError
from .cases.forms import CaseForm, UnitForm, error_text, qdatetime_utc
from .cases.map_tool import CaseMapTool
from .cases.models import UID_ROLE, CaseModel, StatsModel, UnitModel
from .messages import describe_problem, log, project_store_or_warn, push, remove_dock

OBJECT_NAME = "SafeMunicipalCasesDock"
#: The case list follows the clock: overdue rows turn red without a click.
REFRESH_MS = 60_000
FILTER_TITLES = (("open", QT_TRANSLATE_NOOP("SafeMunicipal", "Open (not yet fixed)")),
                 ("overdue", QT_TRANSLATE_NOOP("SafeMunicipal", "Overdue")),
                 ("all", QT_TRANSLATE_NOOP("SafeMunicipal", "All")))
WRITE_TABLES = ("cover_case", "maintenance_unit")
#: the tables each kind of action writes (layers/cases.py)
CASE_TABLES = ("cover_case",)
UNIT_TABLES = ("maintenance_unit",)
SETTING_TABLES = ("setting",)


def set_limit_variables(project: QgsProject, limits: C.Limits) -> None:
    """The limits as project variables (the cover_case style's overdue expression reads them)."""
    QgsExpressionContextUtils.setProjectVariable(project, VAR_RESPOND, limits.respond_hours)
    QgsExpressionContextUtils.setProjectVariable(project, VAR_FIX, limits.fix_hours)


def _table_view(name: str, model) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    return b


class CasesDock(QgsDockWidget):
    """Cover cases of one store (see the module documentation)."""

    def __init__(self, iface, parent=None):
        super().__init__(tr("Cover cases"), parent)
        self.setObjectName(OBJECT_NAME)
        self.iface = iface
        self.store = None
        self.cases = None
        self.store_path = None
        self.writable = False
        self.rights = None  # what the login may write (dialogs/roles.py), read when a store is set
        self.form = None
        self.unit_form = None
        self.highlight = None
        self.pick_location = None
        self.tool = CaseMapTool(iface.mapCanvas())
        self.tool.picked.connect(self.pick)
        self.tool.deactivated.connect(self._tool_off)

        self.store_label = QLabel()
        self.store_label.setObjectName("casesStore")
        self.store_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("casesSummary")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("casesTabs")
        self.tabs.addTab(self._cases_tab(), tr("Cases"))
        self.tabs.addTab(self._stats_tab(), tr("Statistics"))
        self.tabs.addTab(self._units_tab(), tr("Units"))
        self.tabs.addTab(self._settings_tab(), tr("Settings"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.store_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.closed.connect(self.release_store)
        self.opened.connect(self._reopen)

    # ------------------------------------------------------------------ tabs
    def _cases_tab(self) -> QWidget:
        self.register_button = _button(tr("Register on map"), "casesRegister")
        self.register_button.setCheckable(True)
        self.register_button.setToolTip(tr("Click on the map at the cover: the nearest cover is highlighted and a "
                                           "form asks for the problem."))
        self.register_button.toggled.connect(self._toggle_tool)
        self.dispatch_button = _button(tr("Dispatch pending"), "casesDispatch")
        self.dispatch_button.setToolTip(tr("Send every waiting case to the units in rotation."))
        self.dispatch_button.clicked.connect(self.dispatch)
        self.filter = QComboBox()
        self.filter.setObjectName("casesFilter")
        for key, title in FILTER_TITLES:
            self.filter.addItem(tr(title), key)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh_cases())
        self.case_model = CaseModel(self)
        self.case_view = _table_view("casesList", self.case_model)
        self.case_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.case_view.doubleClicked.connect(self._zoom_to_index)
        self.at_now = QCheckBox(tr("now"))
        self.at_now.setObjectName("casesAtNow")
        self.at_now.setChecked(True)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.at_edit.setObjectName("casesAt")
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setEnabled(False)
        self.at_now.toggled.connect(lambda on: self.at_edit.setEnabled(not on))
        self.responded_button = _button(tr("Responded"), "casesResponded")
        self.responded_button.clicked.connect(lambda: self.mark("responded"))
        self.fixed_button = _button(tr("Fixed"), "casesFixed")
        self.fixed_button.clicked.connect(lambda: self.mark("fixed"))
        self.close_button = _button(tr("Close"), "casesClose")
        self.close_button.setToolTip(tr("Close fixed cases after checking, or withdraw a case never dispatched."))
        self.close_button.clicked.connect(lambda: self.mark("closed"))

        top = QHBoxLayout()
        top.addWidget(self.register_button)
        top.addWidget(self.dispatch_button)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Show")))
        top.addWidget(self.filter)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(tr("At")))
        bottom.addWidget(self.at_now)
        bottom.addWidget(self.at_edit)
        bottom.addStretch(1)
        bottom.addWidget(self.responded_button)
        bottom.addWidget(self.fixed_button)
        bottom.addWidget(self.close_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.case_view, 1)
        layout.addLayout(bottom)
        return page

    def _stats_tab(self) -> QWidget:
        today = QDate.currentDate()
        self.stats_from = QDateEdit(QDate(today.year(), 1, 1))
        self.stats_from.setObjectName("statsFrom")
        self.stats_to = QDateEdit(today)
        self.stats_to.setObjectName("statsTo")
        for edit in (self.stats_from, self.stats_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh_stats())
        self.stats_model = StatsModel(self)
        self.stats_view = _table_view("statsTable", self.stats_model)
        self.stats_note = QLabel()
        self.stats_note.setObjectName("statsNote")
        self.stats_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Reported from")))
        row.addWidget(self.stats_from)
        row.addWidget(QLabel(tr("to")))
        row.addWidget(self.stats_to)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.stats_view, 1)
        layout.addWidget(self.stats_note)
        return page

    def _units_tab(self) -> QWidget:
        self.unit_model = UnitModel(self)
        self.unit_view = _table_view("unitsTable", self.unit_model)
        self.unit_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unit_view.doubleClicked.connect(lambda _i: self.edit_unit())
        buttons = QHBoxLayout()
        self.unit_buttons = {}
        for text, name, slot in ((tr("Add…"), "unitAdd", self.add_unit), (tr("Edit…"), "unitEdit", self.edit_unit),
                                 (tr("Activate / deactivate"), "unitToggle", self.toggle_unit),
                                 (tr("Up"), "unitUp", lambda: self.move_unit(-1)),
                                 (tr("Down"), "unitDown", lambda: self.move_unit(1)),
                                 (tr("Delete"), "unitDelete", self.delete_unit)):
            b = _button(text, name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.unit_buttons[name] = b
        buttons.addStretch(1)
        note = QLabel(tr("Cases go to the units in this order, each to the unit after the one that got the "
                         "last case, skipping inactive units and units at their open-case limit."))
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.unit_view, 1)
        layout.addLayout(buttons)
        return page

    def _settings_tab(self) -> QWidget:
        self.respond_hours = QDoubleSpinBox()
        self.respond_hours.setObjectName("settingRespond")
        self.fix_hours = QDoubleSpinBox()
        self.fix_hours.setObjectName("settingFix")
        for spin in (self.respond_hours, self.fix_hours):
            spin.setRange(0.1, 24 * 365)
            spin.setDecimals(1)
            spin.setSuffix(" h")
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setObjectName("settingTolerance")
        self.tolerance.setRange(0.5, 10_000)
        self.tolerance.setDecimals(1)
        self.tolerance.setSuffix(" m")
        self.snap_required = QCheckBox(tr("A case must lie at a cover"))
        self.snap_required.setObjectName("settingSnapRequired")
        save = self.settings_save = _button(tr("Save settings"), "settingSave")
        save.clicked.connect(self.save_settings)
        self.settings_error = QLabel()
        self.settings_error.setObjectName("settingError")
        self.settings_error.setStyleSheet("color: #c62828;")
        self.settings_error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Respond within"), self.respond_hours)
        form.addRow(tr("Fix within"), self.fix_hours)
        form.addRow(tr("Snap to a cover within"), self.tolerance)
        form.addRow("", self.snap_required)
        note = QLabel(tr("Times count from dispatch. These settings belong to the store: everyone using it sees "
                         "the same. Defaults: respond within 2 h, fix within 24 h, snap within 30 m."))
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.settings_error)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------ the store
    def set_store(self, path: str) -> bool:
        """Show the cases of the store at ``path``; False (with a message) when it cannot be opened."""
        from ..layers.cases import CoverCases
        from ..layers.project import store_path
        from ..layers.store_ref import open_store
        from .roles import Rights

        path = store_path(path)
        if self.store is None or self.store_path != path:
            try:
                try:
                    store, writable = open_store(path), True
                except StoreError as e:
                    if "read-only" not in str(e):
                        raise
                    store, writable = open_store(path, writable=False), False
            except StoreError as e:
                push(self.iface, tr("Cannot open the store {file}: {problem}").format(
                    file=path, problem=describe_problem(e, path)), Qgis.Critical)
                return False
            self.release_store()
            as_qgis_user(store)  # GeoPackage: the QGIS user; PostGIS: the login
            self.store, self.store_path, self.writable = store, path, writable
            self.cases = CoverCases(store)
            self.rights = Rights.of_store(store, writable)
            self.apply_rights()
            self.store_label.setText(tr("Store: {file}").format(file=path) +
                                     ("" if writable else "  " + tr("(read-only)")))
        self.load_settings()
        self.refresh()
        return True

    def release_store(self) -> None:
        """Close the store (the dock was closed or the project cleared); the map tool is put down."""
        self._tool_off()
        self._close_form()
        if self.store is not None:
            self.store.close()
        self.store = self.cases = self.rights = None

    def _reopen(self) -> None:
        if self.store is None and self.store_path:
            path, self.store_path = self.store_path, None
            self.set_store(path)

    def apply_rights(self) -> None:
        """Enable what the login may write; disable the rest with the reason as tooltip."""
        if self.rights is None:
            return
        for b in (self.register_button, self.dispatch_button, self.responded_button, self.fixed_button,
                  self.close_button):
            self.rights.apply(b, CASE_TABLES)
        if not self.register_button.isEnabled() and self.register_button.isChecked():
            self.register_button.setChecked(False)
        for b in self.unit_buttons.values():
            self.rights.apply(b, UNIT_TABLES)
        self.rights.apply(self.settings_save, SETTING_TABLES)

    def may_write(self, tables=CASE_TABLES) -> bool:
        """False (with a message) for a read-only store, when the login may not change ``tables``, or
        while a case/unit layer has unsaved edits."""
        if self.cases is None:
            push(self.iface, tr("There is no store in the project; open a store first."), Qgis.Warning)
            return False
        if not self.writable:
            push(self.iface, tr("The store is read-only: cases cannot be changed."), Qgis.Warning)
            return False
        if self.rights is not None and not self.rights.can_write_all(tables):
            push(self.iface, self.rights.refusal(tables), Qgis.Warning)
            return False
        from ..layers.project import find_layer

        for table in WRITE_TABLES:
            layer = find_layer(QgsProject.instance(), table, self.store_path)
            if layer is not None and layer.isEditable() and layer.isModified():
                push(self.iface, tr("The layer {layer} has unsaved edits in QGIS. Save or discard them first.")
                     .format(layer=layer.name()), Qgis.Warning)
                return False
        return True

    def after_write(self) -> None:
        from ..layers.project import find_layer

        project = QgsProject.instance()
        for table in WRITE_TABLES + ("setting", "audit_log"):
            layer = find_layer(project, table, self.store_path)
            if layer is not None and layer.isValid() and not layer.isEditable():
                layer.dataProvider().reloadData()
                layer.triggerRepaint()
        self.refresh()

    def _fail(self, e: Exception) -> None:
        if isinstance(e, ValidationError):
            push(self.iface, error_text(e), Qgis.Warning)
        else:
            push(self.iface, tr("The store could not be written: {problem}").format(
                problem=describe_problem(e, self.store_path or "")), Qgis.Critical)

    # ------------------------------------------------------------------ refreshing
    def refresh(self) -> None:
        if self.cases is None:
            return
        self.refresh_cases()
        page = self.tabs.currentIndex()
        if page == 1:
            self.refresh_stats()
        elif page == 2:
            self.refresh_units()

    def _tick(self) -> None:
        if self.isVisible() and self.cases is not None:
            self.refresh_cases()

    def refresh_cases(self) -> None:
        if self.cases is None:
            return
        selected = set(self.selected_cases())
        items = self.cases.case_list(self.filter.currentData() or "open")
        self.case_model.set_items(items)
        sel = self.case_view.selectionModel()
        for row, item in enumerate(items):
            if item.row["uid"] in selected:
                sel.select(self.case_model.index(row, 0),
                           QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        counts = self.cases.count_by_status()
        overdue = len(self.cases.case_list("overdue")) if self.filter.currentData() != "overdue" else len(items)
        self.summary.setText(tr("{waiting} waiting for a unit · {open} open · {overdue} overdue").format(
            waiting=counts.get("reported", 0), open=counts.get("dispatched", 0) + counts.get("responded", 0),
            overdue=overdue))
        self.summary.setStyleSheet("color: #b71c1c; font-weight: bold;" if overdue else "")

    def refresh_stats(self) -> None:
        if self.cases is None:
            return
        d_from, d_to = (self._pydate(self.stats_from.date()), self._pydate(self.stats_to.date()))
        try:
            rows, total = self.cases.statistics(date_from=d_from, date_to=d_to)
        except ValidationError as e:
            self.stats_model.set_items([])
            self.stats_note.setText(error_text(e))
            return
        self.stats_model.set_items(list(rows) + [total])
        limits = self.cases.limits()
        self.stats_note.setText(tr("Cases reported in the period. Limits: respond within {r:g} h, fix within {f:g} h "
                                   "from dispatch. On-time rate = on time / (on time + late).").format(
            r=limits.respond_hours, f=limits.fix_hours))

    def refresh_units(self) -> None:
        if self.cases is None:
            return
        load = C.open_counts(self.cases.all_cases())
        rows = [dict(r, open=load.get(r["uid"], 0)) for r in self.cases.unit_rows()]
        self.unit_model.set_items(rows)

    @staticmethod
    def _pydate(d: QDate) -> _dt.date:
        return _dt.date(d.year(), d.month(), d.day())

    # ------------------------------------------------------------------ registering on the map
    def _toggle_tool(self, on: bool) -> None:
        canvas = self.iface.mapCanvas()
        if on:
            if self.cases is None:
                self.register_button.setChecked(False)
                return
            canvas.setMapTool(self.tool)
        elif canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)

    def _tool_off(self) -> None:
        if sip.isdeleted(self) or sip.isdeleted(self.register_button):
            return
        if self.register_button.isChecked():
            self.register_button.setChecked(False)

    def _store_crs(self) -> QgsCoordinateReferenceSystem:
        return QgsCoordinateReferenceSystem(f"EPSG:{self.store.epsg}")

    def _to_store(self, point: QgsPointXY) -> QgsPointXY:
        src = self.iface.mapCanvas().mapSettings().destinationCrs()
        dest = self._store_crs()
        if not src.isValid() or src == dest:
            return QgsPointXY(point)
        return QgsCoordinateTransform(src, dest, QgsProject.instance()).transform(point)

    def pick(self, point: QgsPointXY):
        """A click on the map at ``point`` (canvas CRS): highlight the nearest cover and open the form.
        Returns the form, or None (with a message) when no cover is near enough."""
        if self.cases is None or not self.may_write():
            return None
        self._close_form()
        try:
            here = self._to_store(point)
        except QgsCsException:
            push(self.iface, tr("The click lies outside what the store's CRS can express."), Qgis.Warning)
            return None
        snapping = self.cases.snapping()
        cover = self.cases.nearest_cover(here.x(), here.y(), snapping.tolerance_m)
        if cover is None and snapping.required:
            push(self.iface, tr("No cover within {t:g} m of the click: click at the cover (the tolerance is in the "
                                "Settings tab).").format(t=snapping.tolerance_m), Qgis.Info)
            return None
        self.pick_location = (here.x(), here.y())
        self._highlight(QgsPointXY(cover.x, cover.y) if cover else here)
        self.form = CaseForm(self, self._submit_case, cover, snapping.tolerance_m)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.form.finished.connect(self._form_finished)
        self.form.show()
        return self.form

    def _submit_case(self, values: dict):
        if not self.may_write():
            raise ValidationError("cover_case", "new", "uid", tr("cannot be written now"))
        reg = self.cases.register(self.pick_location, **values)
        self.after_write()
        cover = reg.cover.code if reg.cover else tr("no cover")
        push(self.iface, tr("Case {code} registered at {cover}; it waits for dispatch.").format(
            code=reg.row["code"], cover=cover), Qgis.Success)
        return reg

    def _form_finished(self, _result) -> None:
        self._clear_highlight()
        form, self.form = self.form, None
        if form is not None:
            form.deleteLater()

    def _close_form(self) -> None:
        if self.form is not None and not sip.isdeleted(self.form):
            self.form.reject()
        self.form = None
        self._clear_highlight()

    def _highlight(self, store_point: QgsPointXY) -> None:
        self._clear_highlight()
        canvas = self.iface.mapCanvas()
        band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PointGeometry)
        band.setColor(QColor("#d32f2f"))
        band.setIcon(QgsRubberBand.IconType.ICON_CIRCLE)
        band.setIconSize(18)
        band.setWidth(3)
        geom = QgsGeometry.fromPointXY(store_point)
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != self._store_crs():
            geom.transform(QgsCoordinateTransform(self._store_crs(), dest, QgsProject.instance()))
        band.setToGeometry(geom, None)
        band.show()
        self.highlight = band

    def _clear_highlight(self) -> None:
        if self.highlight is not None:
            canvas = self.iface.mapCanvas()
            if not sip.isdeleted(self.highlight):
                self.highlight.reset(QgsWkbTypes.GeometryType.PointGeometry)
                if canvas is not None and not sip.isdeleted(canvas):
                    canvas.scene().removeItem(self.highlight)
            self.highlight = None

    # ------------------------------------------------------------------ dispatch and progress
    def dispatch(self):
        """Dispatch every pending case (one transaction); one message says how many and who."""
        if not self.may_write():
            return None
        try:
            plan = self.cases.dispatch()
        except (ValidationError, StoreError) as e:
            self._fail(e)
            return None
        self.after_write()
        from ..processing.alg_cases import reason_text

        text = tr("Dispatched {n} cases.").format(n=len(plan.assignments))
        if plan.queued:
            text += " " + tr("{m} wait: {reason}").format(m=len(plan.queued), reason=reason_text(plan.queued[0].reason))
        push(self.iface, text, Qgis.Warning if plan.queued else Qgis.Success)
        for a in plan.assignments:
            log(tr("{code} → {unit}").format(code=a.code, unit=a.unit_name))
        return plan

    def selected_cases(self) -> list:
        sel = self.case_view.selectionModel()
        if sel is None:
            return []
        return [self.case_model.data(i, UID_ROLE) for i in sorted(sel.selectedRows(), key=lambda i: i.row())]

    def mark(self, what: str) -> int:
        """Mark the selected cases responded, fixed or closed (one transaction); returns how many."""
        uids = self.selected_cases()
        if not uids:
            push(self.iface, tr("Select one or more cases in the list first."), Qgis.Info)
            return 0
        if not self.may_write():
            return 0
        at = None if self.at_now.isChecked() else qdatetime_utc(self.at_edit.dateTime())
        try:
            if what == "responded":
                n = self.cases.mark_responded(uids, at)
            elif what == "fixed":
                n = self.cases.mark_fixed(uids, at)
            else:
                n = self.cases.close(uids)
        except (ValidationError, StoreError) as e:
            self._fail(e)
            return 0
        self.after_write()
        done = {"responded": tr("{n} cases marked responded."), "fixed": tr("{n} cases marked fixed."),
                "closed": tr("{n} cases closed.")}[what]
        push(self.iface, done.format(n=n), Qgis.Success)
        return n

    def _zoom_to_index(self, index) -> None:
        uid = self.case_model.data(index, UID_ROLE)
        if uid:
            self.zoom_to(uid)

    def zoom_to(self, uid: str) -> bool:
        """Zoom the map to a case and flash it."""
        from ..layers.project import find_layer, padded

        canvas = self.iface.mapCanvas()
        layer = find_layer(QgsProject.instance(), "cover_case", self.store_path)
        if layer is not None and layer.isValid():
            request = QgsFeatureRequest().setFilterExpression(f"\"uid\" = '{uid}'").setLimit(1)
            for f in layer.getFeatures(request):
                if f.hasGeometry():
                    self._zoom(padded(f.geometry().boundingBox()), layer.crs())
                    canvas.flashFeatureIds(layer, [f.id()])
                    return True
        row = self.store.get("cover_case", uid) if self.store is not None else None
        if not row or not row.get("geom"):
            return False
        geom = QgsGeometry()
        geom.fromWkb(row["geom"])
        self._zoom(padded(geom.boundingBox()), self._store_crs())
        canvas.flashGeometries([geom], self._store_crs())
        return True

    def _zoom(self, box: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> None:
        canvas = self.iface.mapCanvas()
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != crs:
            box = QgsCoordinateTransform(crs, dest, QgsProject.instance()).transformBoundingBox(box)
        canvas.setExtent(box)
        canvas.refresh()

    # ------------------------------------------------------------------ units
    def selected_unit(self):
        sel = self.unit_view.selectionModel()
        rows = sel.selectedRows() if sel is not None else []
        return self.unit_model.items[rows[0].row()] if rows else None

    def _unit_form(self, row, submit):
        if self.unit_form is not None and not sip.isdeleted(self.unit_form):
            self.unit_form.reject()
        form = UnitForm(self, submit, row)
        form.finished.connect(lambda _r: form.deleteLater())
        self.unit_form = form
        form.show()
        return form

    def add_unit(self):
        if self.cases is None or not self.may_write(UNIT_TABLES):
            return None

        def submit(values):
            if not self.may_write(UNIT_TABLES):
                raise ValidationError("maintenance_unit", "new", "uid", tr("cannot be written now"))
            uid = self.cases.add_unit(**values)
            self.after_write()
            return uid

        return self._unit_form(None, submit)

    def edit_unit(self):
        row = self.selected_unit()
        if row is None:
            push(self.iface, tr("Select a unit first."), Qgis.Info)
            return None
        if not self.may_write(UNIT_TABLES):
            return None

        def submit(values):
            if not self.may_write(UNIT_TABLES):
                raise ValidationError("maintenance_unit", row["uid"], "uid", tr("cannot be written now"))
            self.cases.update_unit(row["uid"], **values)
            self.after_write()
            return row["uid"]

        return self._unit_form(row, submit)

    def _unit_action(self, action) -> bool:
        row = self.selected_unit()
        if row is None:
            push(self.iface, tr("Select a unit first."), Qgis.Info)
            return False
        if not self.may_write(UNIT_TABLES):
            return False
        try:
            action(row)
        except (ValidationError, StoreError) as e:
            self._fail(e)
            return False
        self.after_write()
        self._select_unit(row["uid"])
        return True

    def _select_unit(self, uid: str) -> None:
        for i, r in enumerate(self.unit_model.items):
            if r["uid"] == uid:
                self.unit_view.selectRow(i)

    def toggle_unit(self) -> bool:
        return self._unit_action(lambda r: self.cases.set_active(r["uid"], not r["active"]))

    def move_unit(self, step: int) -> bool:
        return self._unit_action(lambda r: self.cases.move_unit(r["uid"], step))

    def delete_unit(self) -> bool:
        return self._unit_action(lambda r: self.cases.delete_unit(r["uid"]))

    # ------------------------------------------------------------------ settings
    def load_settings(self) -> None:
        if self.cases is None:
            return
        try:
            limits, snapping = self.cases.limits(), self.cases.snapping()
        except ValidationError as e:  # a bad value written elsewhere: show it, use the defaults
            self.settings_error.setText(error_text(e))
            limits, snapping = C.Limits(), C.Snapping()
        self.respond_hours.setValue(limits.respond_hours)
        self.fix_hours.setValue(limits.fix_hours)
        self.tolerance.setValue(snapping.tolerance_m)
        self.snap_required.setChecked(snapping.required)
        set_limit_variables(QgsProject.instance(), limits)

    def save_settings(self) -> bool:
        if not self.may_write(SETTING_TABLES):
            return False
        try:
            limits = C.Limits(self.respond_hours.value(), self.fix_hours.value())
            snapping = C.Snapping(self.tolerance.value(), self.snap_required.isChecked())
            with self.store.transaction():
                self.cases.set_limits(limits)
                self.cases.set_snapping(snapping)
        except ValidationError as e:
            self.settings_error.setText(error_text(e))
            return False
        self.settings_error.setText("")
        set_limit_variables(QgsProject.instance(), limits)
        self.after_write()
        push(self.iface, tr("Case settings saved in the store."), Qgis.Success)
        return True

    # ------------------------------------------------------------------ going away
    def shutdown(self) -> None:
        self.timer.stop()
        self.release_store()
        canvas = self.iface.mapCanvas()
        if canvas is not None and canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)
        try:
            self.tool.deactivated.disconnect(self._tool_off)
        except TypeError:
            pass
        self.tool.deleteLater()


class CasesController:
    """The toolbar action's side: ``run()`` shows the dock for the project's store, ``unload()`` removes it."""

    def __init__(self, iface):
        self.iface = iface
        self.dock: CasesDock | None = None
        QgsProject.instance().cleared.connect(self._project_cleared)

    def run(self):
        """Show the cover cases dock for the current project's store (None, with a message, without one)."""
        path = project_store_or_warn(self.iface)
        if not path:
            return None
        if self.dock is None or sip.isdeleted(self.dock):
            self.dock = CasesDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if not self.dock.set_store(path):
            return None
        self.dock.setUserVisible(True)
        self.dock.raise_()
        log(tr("Cover cases of {file} shown").format(file=path))
        return self.dock

    def _project_cleared(self) -> None:
        if self.dock is not None and not sip.isdeleted(self.dock):
            self.dock.release_store()
            self.dock.store_path = None
            self.dock.case_model.set_items([])
            self.dock.stats_model.set_items([])
            self.dock.unit_model.set_items([])

    def unload(self) -> None:
        try:
            QgsProject.instance().cleared.disconnect(self._project_cleared)
        except TypeError:
            pass
        dock, self.dock = self.dock, None
        if dock is None or sip.isdeleted(dock):
            return
        dock.shutdown()
        remove_dock(self.iface, dock)


__all__ = ["CasesController", "CasesDock", "OBJECT_NAME"]
