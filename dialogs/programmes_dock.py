"""The programmes dock: flood-season cleaning, covers, waterlogging plans, storage, district statistics.

:class:`ProgrammesDock` shows the office's programmes of one store in five tabs (see
:mod:`.programmes.tabs`): **Cleaning** (progress overall and by district with bars, recording the
pipes selected on the map as cleaned, what remains, the cleaning theme), **Covers** (progress by
district, anti-settlement count, the date the plan was met, rain inlets added, recording a
replacement for the selected manhole, the cover theme), **Waterlogging** (points without a plan,
plans overdue, points with repeat events; double-click zooms to the point and opens its plan),
**Storage** (adjustable capacity by district and the city's total) and **Statistics** (a
programme's or a year's district table, exported to CSV or XLSX).

The dock opens the store only for a refresh or a write (``GpkgStore`` over the file, writes in one
transaction through :class:`layers.programmes.Programmes`, audited under the QGIS user), then
reloads the QGIS layers the write touched. The login's rights decide what may be written
(:class:`~safe_municipal.dialogs.roles.Rights`, read when the dock is given a store or refreshed by
hand: on PostGIS the database's grants; a writable GeoPackage allows everything): the buttons of what
the login may not write are disabled, their tooltip naming the login and its role. An inspector
records cleaning (``maintenance``) and cover replacements (``cover_replacement``, ``maintenance`` and
the cover columns of the manhole or inlet) but does not create programmes (``programme``,
``programme_target``) nor edit 一点一策 plans (``waterlogging_plan``: the plan opens read-only).
:class:`ProgrammesController` is what the toolbar
action calls: ``run()`` shows the dock for the project's store, ``unload()`` removes it.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import traceback
from typing import Callable, Iterator, Optional

from qgis.core import Qgis, QgsFeatureRequest, QgsProject, QgsWkbTypes
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ..core import programmes as PG
from ..core.validation import ValidationError
from ..i18n import tr
from ..layers.audit_user import as_qgis_user
from ..layers.errors import StoreError
from .messages import DockController, describe_problem, log, push
from .programmes.common import (
    CLEANING_TABLES,
    PLAN_TABLES,
    PROGRAMME_TABLES,
    REPLACEMENT_TABLES,
    describe,
    show_message,
)

OBJECT_NAME = "SafeMunicipalProgrammesDock"
#: Layers a write may change, reloaded after it (with the audit log).
RELOADED = ("maintenance", "drain_pipe", "manhole", "rain_inlet", "cover_replacement", "waterlogging_plan",
            "programme", "programme_target", "audit_log")
RIGHTS_TABLES = PROGRAMME_TABLES + CLEANING_TABLES + REPLACEMENT_TABLES + PLAN_TABLES


class ProgrammesDock(QgsDockWidget):
    """The programmes of one store (:meth:`set_store`). ``today`` fixes the date (tests); None = today."""

    def __init__(self, iface, parent=None, today: Optional[_dt.date] = None):
        super().__init__(tr("Programmes"), parent)
        self.setObjectName(OBJECT_NAME)
        self.iface = iface
        self.store_path: Optional[str] = None
        self._today = today
        self.dialog = None  # the editor open now (one at a time)
        self.rights = None  # what the login may write (dialogs/roles.py), read on set_store / Refresh
        from .programmes.tabs import CleaningTab, CoversTab, StatisticsTab, StorageTab, WaterloggingTab

        self.store_label = QLabel()
        self.store_label.setObjectName("storeLabel")
        self.store_label.setWordWrap(True)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.clicked.connect(lambda _checked=False: self.refresh(rights=True))
        self.cleaning = CleaningTab(self)
        self.covers = CoversTab(self)
        self.waterlogging = WaterloggingTab(self)
        self.storage = StorageTab(self)
        self.statistics = StatisticsTab(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("programmeTabs")
        for page, title in ((self.cleaning, tr("Cleaning")), (self.covers, tr("Covers")),
                            (self.waterlogging, tr("Waterlogging")), (self.storage, tr("Storage")),
                            (self.statistics, tr("Statistics"))):
            self.tabs.addTab(page, title)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(self.store_label, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    @today.setter
    def today(self, value: Optional[_dt.date]) -> None:
        self._today = value

    @property
    def pages(self) -> tuple:
        return (self.cleaning, self.covers, self.waterlogging, self.storage, self.statistics)

    # ------------------------------------------------------------------ the store
    def set_store(self, path: str) -> bool:
        from ..layers.project import store_path

        self.store_path = store_path(path)
        self.store_label.setText(tr("Store: {file}").format(file=self.store_path))
        return self.refresh(rights=True)

    @contextlib.contextmanager
    def service(self, writable: bool = False) -> Iterator:
        """A :class:`layers.programmes.Programmes` over the store, open for the ``with`` block only."""
        from ..layers.programmes import Programmes
        from ..layers.store_ref import open_store

        store = open_store(self.store_path, writable=writable)
        try:
            if writable:
                as_qgis_user(store)  # GeoPackage: the QGIS user; PostGIS: the login
            yield Programmes(store, self._today)
        finally:
            store.close()

    def read_rights(self) -> None:
        """Read what the login may write (the store is opened for it and closed)."""
        from .roles import Rights

        if self.store_path:
            self.rights = Rights.of_ref(self.store_path, RIGHTS_TABLES)

    def can_write(self, tables) -> bool:
        return self.rights is None or self.rights.can_write_all(tables)

    def refusal(self, tables) -> str:
        return "" if self.rights is None else self.rights.refusal(tables)

    def apply_rights(self, widget, tables, enabled: bool = True) -> bool:
        """Enable ``widget`` (when ``enabled``) if the login may write ``tables``; else disable it, saying why."""
        if self.rights is None:
            widget.setEnabled(enabled)
            return True
        return self.rights.apply(widget, tables, enabled)

    def refresh(self, rights: bool = False) -> bool:
        """Read everything again (with ``rights``, what the login may write too); False (with a message)
        when the store cannot be read."""
        if not self.store_path:
            return False
        if rights or self.rights is None:
            self.read_rights()
        try:
            with self.service() as service:
                for page in self.pages:
                    page.refresh(service)
        except StoreError as e:
            self.message(tr("Cannot read the store {file}: {problem}.").format(
                file=self.store_path, problem=describe_problem(e, self.store_path)), Qgis.Critical)
            return False
        return True

    def refresh_tab(self, page) -> None:
        if not self.store_path:
            return
        try:
            with self.service() as service:
                page.refresh(service)
        except StoreError as e:
            self.message(tr("Cannot read the store {file}: {problem}.").format(
                file=self.store_path, problem=describe_problem(e, self.store_path)), Qgis.Critical)

    def write(self, fn: Callable, tables, message_label=None, layers=()):
        """Run ``fn(service)`` on the writable store, which writes ``tables`` (and may change what the
        QGIS ``layers`` show); the result, or None with the problem shown in ``message_label`` (or the
        message bar). Afterwards the touched layers are reloaded."""
        if not self.can_write(tables):
            self._problem(self.refusal(tables), message_label)
            return None
        if not self.may_write(tables, layers):
            return None
        try:
            with self.service(writable=True) as service:
                result = fn(service)
        except ValidationError as e:
            self._problem(describe(e), message_label)
            return None
        except StoreError as e:
            self._problem(tr("Cannot write to the store {file}: {problem}.").format(
                file=self.store_path, problem=describe_problem(e, self.store_path)), message_label)
            return None
        self.after_write()
        return result

    def _problem(self, text: str, label) -> None:
        if label is not None:
            show_message(label, text, error=True)
        else:
            self.message(text, Qgis.Warning)

    def may_write(self, tables, layers=()) -> bool:
        """False (with a message) when the login may not write ``tables`` or a layer of ``tables`` (or of
        ``layers``) has unsaved edits in QGIS."""
        if not self.can_write(tables):
            self.message(self.refusal(tables), Qgis.Warning)
            return False
        for t in tuple(tables) + tuple(layers):
            layer = self.layer(t)
            if layer is not None and layer.isEditable() and layer.isModified():
                self.message(tr("The layer {layer} has unsaved edits in QGIS. Save or discard them first.").format(
                    layer=layer.name()), Qgis.Warning)
                return False
        return True

    def after_write(self) -> None:
        """Reload the store's layers a write may have changed, refresh a programme theme, read the dock again."""
        from ..layers.programme_themes import refresh_programme_theme

        for t in RELOADED:
            layer = self.layer(t)
            if layer is None or not layer.isValid() or layer.isEditable():
                continue
            try:
                selected = layer.selectedFeatureIds()
                layer.dataProvider().reloadData()
                if selected:  # reloading drops the selection; the user still looks at it
                    layer.selectByIds(selected)
                layer.triggerRepaint()
            except Exception:  # noqa: BLE001 - the rows are written; a stale view is not worth a failure
                log(traceback.format_exc(), Qgis.Warning)
        for t in ("drain_pipe", "manhole"):
            layer = self.layer(t)
            if layer is not None and layer.isValid():
                refresh_programme_theme(layer)
        self.refresh()

    # ------------------------------------------------------------------ map
    def layer(self, table: str):
        from ..layers.project import find_layer

        if not self.store_path:
            return None
        return find_layer(QgsProject.instance(), table, self.store_path)

    def zoom_to(self, table: str, uid: Optional[str]) -> bool:
        """Zoom the map to a facility and flash it; False when its layer or feature is not there."""
        from ..layers.project import padded

        layer = self.layer(table)
        if uid is None or layer is None or not layer.isValid():
            return False
        escaped = uid.replace("'", "''")
        request = QgsFeatureRequest().setFilterExpression(f"\"uid\" = '{escaped}'").setLimit(1)
        feature = next(iter(layer.getFeatures(request)), None)
        if feature is None:
            return False
        canvas = self.iface.mapCanvas()
        try:
            canvas.zoomToFeatureIds(layer, [feature.id()])
            if feature.geometry().type() == QgsWkbTypes.GeometryType.PointGeometry:  # show its surroundings
                canvas.setExtent(padded(feature.geometry().boundingBox(), minimum=200.0))
            canvas.flashFeatureIds(layer, [feature.id()])
            canvas.refresh()
        except (AttributeError, RuntimeError):  # test doubles of the canvas
            pass
        return True

    def message(self, text: str, level=Qgis.Info) -> None:
        push(self.iface, text, level)

    # ------------------------------------------------------------------ editors
    def _open(self, dialog) -> None:
        self.close_dialog()
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.finished.connect(lambda _r: self._finished(dialog))
        dialog.open()

    def _saved(self, dialog) -> None:
        self.after_write()

    def _finished(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()
            dialog.deleteLater()

    def districts(self) -> list:
        """District names for new targets: the city's, then any other the store's facilities use."""
        names = list(PG.DISTRICT_ORDER)
        with self.service() as service:
            for table in ("drain_pipe", "manhole", "rain_inlet"):
                for (d,) in service.store.execute(f'SELECT DISTINCT district FROM "{table}" WHERE district IS NOT '
                                                  f'NULL'):
                    if d and d not in names:
                        names.append(d)
        return sorted(names, key=PG.district_sort_key)

    def new_programme(self, kind: str = PG.CLEANING):
        """Open the New programme dialog; the created programme is selected in its tab."""
        from .programmes.editors import NewProgrammeDialog

        if not self.may_write(PROGRAMME_TABLES):
            return None

        def save(values):
            targets = values.pop("district_targets")
            with self.service(writable=True) as service:
                uid = service.create_programme(district_targets=targets, **values)
            tab = self.cleaning if values["kind"] == PG.CLEANING else self.covers
            self.refresh_tab(tab)
            tab.select(uid)
            return uid

        dialog = NewProgrammeDialog(save, self.districts(), kind, self.today.year, self.iface.mainWindow())
        self._open(dialog)
        return dialog

    def open_replacement(self, kind: str, uid: str, programme_uid: Optional[str] = None):
        from .programmes.editors import CoverReplacementDialog

        if not self.may_write(REPLACEMENT_TABLES, layers=(kind,)):
            return None
        with self.service() as service:
            facility = service.facility_row(kind, uid)
            programmes = [p for k in PG.COVER_KINDS for p in service.programmes(kind=k)]
        if facility is None:
            self.message(tr("The facility is no longer in the store."), Qgis.Warning)
            return None

        def save(values):
            with self.service(writable=True) as service:
                return service.record_cover_replacement(**values)

        dialog = CoverReplacementDialog(save, facility, kind, programmes, programme_uid, self.today,
                                        self.iface.mainWindow())
        self._open(dialog)
        return dialog

    def open_plan(self, point_uid: str):
        """The plan editor of a waterlogging point (its open plan, or a new one); read-only (Save
        disabled, saying why) for a login that may not write plans."""
        from .programmes.editors import PlanDialog

        writer = self.can_write(PLAN_TABLES)
        if writer and not self.may_write(PLAN_TABLES):
            return None
        with self.service() as service:
            point = service.facility_row("waterlogging_point", point_uid)
            if point is None:
                self.message(tr("The facility is no longer in the store."), Qgis.Warning)
                return None
            plan = service.plan_of(point_uid)
            judged = service.event_judgements(point_uid)
        plan_uid = plan["uid"] if plan and plan["status"] != "cancelled" else None

        def save(values):
            with self.service(writable=True) as service:
                return service.save_plan(values, plan_uid)

        dialog = PlanDialog(save, point, plan if plan_uid else None, judged, self.iface.mainWindow())
        if not writer:
            dialog.set_read_only(self.refusal(PLAN_TABLES))
        self._open(dialog)
        return dialog

    def shutdown(self) -> None:
        self.close_dialog()


class ProgrammesController(DockController):
    """The toolbar action's controller: shows the programmes dock for the project's store."""

    dock_class = ProgrammesDock

    def show_store(self, dock, path: str) -> None:
        dock.set_store(path)

    def close_dock(self, dock) -> None:
        dock.shutdown()
