"""The facility archive dock (一路一桥一隧一档): one facility's identity, records and history.

:class:`ArchiveDock` shows one facility of one store: a header (code, name, kind, district, the
current grade as a coloured badge, standard, last and next inspection, the maintenance category
the grade calls for) and tabs — Identity and attributes (the layer's own form), Health records,
(waterlogging points) Waterlogging events, Maintenance, Attachments, Grade history, Connections,
Change history. A health record of a pipe, road, bridge or tunnel is edited with its detail records
and shows the grade they give as they are entered (:mod:`.detail_editor`).

Reads go through :class:`~safe_municipal.layers.archive.Archive` on the store file itself (indexed
lookups by uid and facility, records in pages of 50), so opening an archive costs the same in a
small and a city store. Writes go through the archive too (validated, one transaction, audited by
the store's triggers under the QGIS user); after each write the dock reloads the affected QGIS
layers, so QGIS's own forms and identify results show the same records. While one of those layers
is being edited in QGIS with unsaved edits, the dock refuses to write (two writers on one record).

The store is a GeoPackage or a PostGIS schema (a store reference, ``layers/store_ref.py``). On
PostGIS the login's rights decide what may be changed (``store.can_write(table)``): a viewer's dock
is read-only, an inspector may add and edit records but not the facility itself; the buttons of
what the login may not change are disabled, their tooltip says why. Editors remember the row
version of what they loaded and hand it back on save: a record somebody else changed meanwhile is
not overwritten (the editor says who changed it and when; see ``layers/archive.py``).
"""
from __future__ import annotations

from html import escape

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsSettings,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import schema as S
from ...core.schema import QT_TRANSLATE_NOOP
from ...i18n import tr, translate
from ...layers.archive import DEFAULT_MAX_ATTACHMENT_BYTES, Archive
from ...layers.audit_user import as_qgis_user, qgis_user  # noqa: F401 - qgis_user: tests import it here
from ...layers.errors import StoreError
from ...layers.project import find_layer, padded, store_path
from ...layers.store_ref import open_store
from ..messages import log, push
from .attachments import AttachmentsPanel
from .attributes import AttributesPanel, feature_of
from .fields import value_label
from .logic import badge_hue, grade_fraction, recommended_category
from .models import PAGE_SIZE
from .panels import ConnectionsPanel, GradePanel, HistoryPanel, RecordsPanel

OBJECT_NAME = "SafeMunicipalArchiveDock"
MAX_ATTACHMENT_SETTING = "safe_municipal/max_attachment_mb"
HISTORY_LIMIT = 200
OVERDUE_STYLE = "color: #c62828; font-weight: bold;"


def max_attachment_bytes() -> int:
    mb = QgsSettings().value(MAX_ATTACHMENT_SETTING, DEFAULT_MAX_ATTACHMENT_BYTES / 1048576, type=float)
    return int(mb * 1048576)


def badge_colours(hue) -> tuple:
    """(background, text) colour names of a grade badge; grey for an unknown grade."""
    if hue is None:
        return "#9e9e9e", "#ffffff"
    bg = QColor.fromHsv(hue, 200, 215)
    text = "#000000" if (0.299 * bg.red() + 0.587 * bg.green() + 0.114 * bg.blue()) > 150 else "#ffffff"
    return bg.name(), text


class ArchiveHeader(QFrame):
    """Code, name, kind, district; grade badge, standard, inspections, recommended category."""

    def __init__(self):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.labels: dict = {}
        for name in ("headerCode", "headerName", "headerKind", "headerDistrict", "gradeBadge", "headerStandard",
                     "headerLastInspected", "headerNextDue", "headerCategory"):
            lbl = QLabel()
            lbl.setObjectName(name)
            lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[name] = lbl
        self["headerCode"].setStyleSheet("font-size: 14pt; font-weight: bold;")
        self["headerName"].setStyleSheet("font-size: 14pt;")
        self["headerName"].setWordWrap(True)
        self["gradeBadge"].setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self["gradeBadge"].setAlignment(Qt.AlignmentFlag.AlignCenter)
        self["headerCategory"].setWordWrap(True)

        def row(*widgets) -> QHBoxLayout:
            box = QHBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                box.addWidget(w)
            box.addStretch(1)
            return box

        def caption(text: str) -> QLabel:
            lbl = QLabel(text)
            lbl.setStyleSheet("color: #616161;")
            return lbl

        grid = QGridLayout(self)
        grid.addLayout(row(self["headerCode"], self["headerName"]), 0, 0, 1, 4)
        grid.addLayout(row(self["headerKind"], QLabel("·"), self["headerDistrict"]), 1, 0, 1, 4)
        grid.addWidget(caption(tr("Grade")), 2, 0)
        grid.addLayout(row(self["gradeBadge"], self["headerStandard"]), 2, 1, 1, 3)
        grid.addWidget(caption(tr("Last inspected")), 3, 0)
        grid.addWidget(self["headerLastInspected"], 3, 1)
        grid.addWidget(caption(tr("Next due")), 3, 2)
        grid.addWidget(self["headerNextDue"], 3, 3)
        grid.addWidget(caption(tr("Recommended")), 4, 0)
        grid.addWidget(self["headerCategory"], 4, 1, 1, 3)
        grid.setColumnStretch(3, 1)

    def __getitem__(self, name: str) -> QLabel:
        return self.labels[name]

    def show_facility(self, kind: str, row: dict, state: dict) -> None:
        self["headerCode"].setText(row.get("code") or "")
        self["headerName"].setText(row.get("name") or "")
        self["headerKind"].setText(translate(S.TR_CONTEXT, S.table(kind).label))
        self["headerDistrict"].setText(row.get("district") or "")
        grade, standard = state.get("grade"), state.get("standard")
        badge = self["gradeBadge"]
        badge.setText(grade or tr("not graded"))
        bg, fg = badge_colours(badge_hue(grade_fraction(standard, grade)))
        badge.setStyleSheet(f"background-color: {bg}; color: {fg}; border-radius: 4px; padding: 2px 10px; "
                            "font-weight: bold;")
        badge.setProperty("badgeColour", bg)
        self["headerStandard"].setText(value_label("standard", standard))
        self["headerLastInspected"].setText(state.get("last_inspected") or "—")
        due = self["headerNextDue"]
        if state.get("next_due"):
            due.setText(state["next_due"] + ("  " + tr("(overdue)") if state.get("overdue") else ""))
        else:
            due.setText("—")
        due.setStyleSheet(OVERDUE_STYLE if state.get("overdue") else "")
        due.setProperty("overdue", bool(state.get("overdue")))
        category = recommended_category(standard, grade)
        self["headerCategory"].setText(value_label("maintenance_category", category) if category else "—")


class ArchiveDock(QgsDockWidget):
    """The archive of one facility; :meth:`load` shows another."""

    loaded = pyqtSignal(str, str)  # kind, uid

    TAB_TITLES = (QT_TRANSLATE_NOOP("SafeMunicipal", "Identity and attributes"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Health records"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Maintenance"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Attachments"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Grade history"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Connections"),
                  QT_TRANSLATE_NOOP("SafeMunicipal", "Change history"))
    #: The waterlogging events tab, shown for waterlogging points only (after Health records).
    EVENTS_TITLE = QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging events")
    EVENTS_KIND = "waterlogging_point"

    def __init__(self, iface, parent=None):
        super().__init__(tr("Facility archive"), parent)
        self.setObjectName(OBJECT_NAME)
        self.iface = iface
        self.store = None
        self.archive = None
        self.store_path = None
        self.writable = False
        self._rights: dict = {}  # table -> whether the login may write it (PostGIS grants)
        self.kind = None
        self.uid = None
        self.facility = None
        self.facility_version = None  # its row version as read (PostGIS): attribute edits are checked against it
        self.state: dict = {}

        self.header = ArchiveHeader()
        self.attributes = AttributesPanel(self)
        self.inspections = RecordsPanel(self, "inspection")
        self.works = RecordsPanel(self, "maintenance")
        self.events = RecordsPanel(self, "waterlogging_event")
        self.attachments = AttachmentsPanel(self)
        self.grades = GradePanel()
        self.connections = ConnectionsPanel(self)
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("archiveTabs")
        self.pages = (self.attributes, self.inspections, self.works, self.attachments, self.grades,
                      self.connections, self.history)
        self.titles = dict(zip(self.pages, self.TAB_TITLES))
        self.titles[self.events] = self.EVENTS_TITLE
        for page in self.pages:
            self.tabs.addTab(page, tr(self.titles[page]))
        self.book_button = QPushButton(tr("Health book (PDF)…"))
        self.book_button.setObjectName("healthBookButton")
        self.book_button.setToolTip(tr("Export this facility's lifecycle health book (全生命周期健康状况书) as "
                                       "an A4 PDF: map, attributes, grade, chart, records, works and photos"))
        self.book_button.clicked.connect(lambda _checked=False: self.export_health_book())
        self.book_result = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)
        self._shown = None  # (path, kind, uid) of the facility shown, kept while the store is closed
        self._populating = False
        for model in (self.inspections.model, self.works.model, self.events.model):
            model.loadedChanged.connect(self._pages_changed)
        self.closed.connect(self._close_store)
        self.opened.connect(self._reopen)

    def export_health_book(self):
        """Ask for a file and export the facility's health book; returns what happened (or None)."""
        if self.uid is None or self.store_path is None:
            return None
        from ...reports.health_book import export_from_archive

        self.book_result = export_from_archive(self.iface, self.store_path, self.kind, self.uid)
        return self.book_result

    # ------------------------------------------------------------------ loading
    def load(self, path: str, kind: str, uid: str) -> bool:
        """Show facility ``uid`` of table ``kind`` in store ``path``. False (with a message) when it
        cannot be shown; the dock then keeps what it showed."""
        if (kind, uid) != (self.kind, self.uid) and not self.attributes.confirm_leave():
            return False  # the user chose to stay with unsaved attribute edits
        try:
            self._open_store(path)
            facility, version = self.archive.versioned(kind, uid)
        except (StoreError, KeyError) as e:
            self.message(tr("Cannot open the archive: {problem}").format(problem=str(e).strip("'\"")),
                         Qgis.Critical)
            return False
        self.kind, self.uid, self.facility, self.facility_version = kind, uid, facility, version
        self._shown = (self.store_path, kind, uid)
        self._populate(keep=False)
        log(tr("Archive of {code} opened").format(code=facility.get("code")))
        self.loaded.emit(kind, uid)
        return True

    def refresh(self) -> None:
        """Read the facility again and refresh every tab, keeping the pages already loaded."""
        if self.archive is None or self.uid is None:
            return
        try:
            self.facility, self.facility_version = self.archive.versioned(self.kind, self.uid)
        except KeyError:
            self.message(tr("The facility is no longer in the store."), Qgis.Warning)
            return
        self._populate(keep=True)

    def _pages_changed(self, *_args) -> None:
        """More records were loaded: their changes join the history."""
        if not self._populating and self.archive is not None:
            self.show_history()

    def _populate(self, keep: bool) -> None:
        self._populating = True
        try:
            self._fill(keep)
        finally:
            self._populating = False

    def _fill(self, keep: bool) -> None:
        archive, uid, kind = self.archive, self.uid, self.kind
        self.state = archive.current_state(kind, self.facility)
        self.header.show_facility(kind, self.facility, self.state)
        self.attributes.load(self.store_path, kind, uid, self.facility, self.can_write(kind))
        self.inspections.load(archive, uid, len(self.inspections.model.rows) if keep else PAGE_SIZE)
        self.works.load(archive, uid, len(self.works.model.rows) if keep else PAGE_SIZE)
        self._show_events_tab(kind == self.EVENTS_KIND)
        if kind == self.EVENTS_KIND:
            self.events.load(archive, uid, len(self.events.model.rows) if keep else PAGE_SIZE)
        else:
            self.events.load(None, None)
        self.attachments.load(archive, uid, len(self.attachments.rows) if keep else PAGE_SIZE)
        for panel in (self.inspections, self.works, self.events):
            tables = [t for t in panel.tables() if t]
            panel.set_writable(all(self.can_write(t) for t in tables), self.refusal(tables))
        may = self.can_write("attachment")
        for b in (self.attachments.add_button, self.attachments.delete_button):
            b.setEnabled(may)
            b.setToolTip("" if may else self.refusal(("attachment",)))
        self._show_grades()
        self.connections.load(archive.connections(kind, uid))
        self.show_history()
        counts = {self.inspections: self.inspections.model.total, self.works: self.works.model.total,
                  self.events: self.events.model.total, self.attachments: self.attachments.total,
                  self.connections: self.connections.count()}
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            n = counts.get(page)
            self.tabs.setTabText(i, tr(self.titles[page]) + (f" ({n})" if n else ""))

    def _show_events_tab(self, show: bool) -> None:
        """The waterlogging events tab is there for waterlogging points only, after Health records."""
        i = self.tabs.indexOf(self.events)
        if show and i < 0:
            self.tabs.insertTab(self.tabs.indexOf(self.inspections) + 1, self.events, tr(self.EVENTS_TITLE))
        elif not show and i >= 0:
            self.tabs.removeTab(i)

    def _show_grades(self) -> None:
        s = self.state
        self.grades.chart.set_history(self.archive.grade_history(self.uid), s.get("standard"), self.archive.today)
        category = recommended_category(s.get("standard"), s.get("grade"))
        if category is None:
            text = tr("Not graded yet: inspect the facility and grade it by {standard}.").format(
                standard=value_label("standard", s.get("standard")) or "—")
        else:
            text = tr("Recommended: {category} (grade {grade}, {standard}).").format(
                category=value_label("maintenance_category", category), grade=s.get("grade"),
                standard=value_label("standard", s.get("standard")))
        html = escape(text)
        if s.get("next_due"):
            if s.get("overdue"):
                due = tr("Next inspection was due on {date}: overdue.").format(date=s["next_due"])
                html += f' <span style="{OVERDUE_STYLE}">{escape(due)}</span>'
            else:
                html += " " + escape(tr("Next inspection due on {date}.").format(date=s["next_due"]))
        self.grades.recommendation.setText(html)

    def show_history(self) -> None:
        self.history.load(self.archive.facility_history(self.uid, HISTORY_LIMIT), HISTORY_LIMIT)

    # ------------------------------------------------------------------ the store
    def _open_store(self, path: str) -> None:
        path = store_path(path)
        if self.store is not None and self.store_path == path:
            return
        try:
            store, writable = open_store(path), True
        except StoreError as e:
            if "read-only" not in str(e):
                raise
            store, writable = open_store(path, writable=False), False
        self._close_store()  # only once the new store is open: a bad path leaves the dock as it was
        as_qgis_user(store)  # a GeoPackage's audit names the QGIS user; PostGIS's the login
        self.store, self.store_path, self.writable = store, path, writable
        self._rights = {}
        self.archive = Archive(store, max_attachment_bytes=max_attachment_bytes())

    def _reopen(self) -> None:
        """The dock was closed (its store released) and is shown again: read the facility afresh."""
        if self.store is None and self._shown is not None:
            self.load(*self._shown)

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = self.archive = None
        self.store_path = None

    def stamp_user(self) -> None:
        """Make the store's audit triggers name the QGIS user for the next layer commit (a GeoPackage;
        PostGIS names the login by itself)."""
        if self.store is not None and self.writable and self.store.backend != "postgis":
            self.store.user = qgis_user()
            with self.store.transaction():
                pass  # the store writes its user into sm_meta at the start of every transaction

    # ------------------------------------------------------------------ writing
    def can_write(self, table: str) -> bool:
        """Whether the store is writable and the login may change ``table`` (PostGIS: its grants;
        a GeoPackage: whoever may write the file may change everything)."""
        if self.store is None or not self.writable:
            return False
        if table not in self._rights:
            try:
                self._rights[table] = bool(self.store.can_write(table))
            except StoreError:
                self._rights[table] = False
        return self._rights[table]

    def refusal(self, tables) -> str:
        """Why the login may not change ``tables`` ("" when it may)."""
        if self.store is None or all(self.can_write(t) for t in tables):
            return ""
        if not self.writable:
            return tr("The store is read-only: the archive cannot be changed.")
        if " role" not in self._rights:
            self._rights[" role"] = self.store.role() or "—"
        return tr("Your login {user} ({role}) may not change these records.").format(
            user=self.store.user, role=self._rights[" role"])

    def may_write(self, tables) -> bool:
        """False (with a message) when the store is read-only, the login may not change ``tables``,
        or a layer of ``tables`` holds unsaved edits in QGIS: the archive does not write beside an
        open edit session."""
        if self.archive is None:
            return False
        if not self.writable:
            self.message(tr("The store is read-only: the archive cannot be changed."), Qgis.Warning)
            return False
        tables = [t for t in tables if t]
        if not all(self.can_write(t) for t in tables):
            self.message(self.refusal(tables), Qgis.Warning)
            return False
        project = QgsProject.instance()
        for t in tables:
            layer = find_layer(project, t, self.store_path)
            if layer is not None and layer.isEditable() and layer.isModified():
                self.message(tr("The layer {layer} has unsaved edits in QGIS. Save or discard them first: "
                                "the archive does not write while they are pending.").format(layer=layer.name()),
                             Qgis.Warning)
                return False
        return True

    def after_write(self, tables) -> None:
        """Reload the QGIS layers a write touched (and the audit log), then refresh the dock."""
        self.reload_layers(tuple(tables) + ("audit_log",))
        self.refresh()

    def reload_layers(self, tables) -> None:
        project = QgsProject.instance()
        for t in dict.fromkeys(tables):
            layer = find_layer(project, t, self.store_path)
            if layer is None or not layer.isValid() or layer.isEditable():
                continue  # a layer being edited keeps its session; it reads the store when it ends
            layer.dataProvider().reloadData()
            layer.triggerRepaint()

    # ------------------------------------------------------------------ navigation
    def jump_to(self, kind: str, uid: str) -> bool:
        """Open a connected facility in the dock and show it on the map."""
        if not self.load(self.store_path, kind, uid):
            return False
        self.zoom_to(kind, uid)
        return True

    def zoom_to(self, kind: str, uid: str) -> bool:
        """Zoom the map canvas to the facility and flash it (through its layer when loaded)."""
        canvas = self.iface.mapCanvas()
        layer = find_layer(QgsProject.instance(), kind, self.store_path)
        feature = feature_of(layer, uid) if layer is not None and layer.isValid() else None
        if feature is not None:
            canvas.zoomToFeatureIds(layer, [feature.id()])
            canvas.flashFeatureIds(layer, [feature.id()])
            return True
        wkb = (self.facility or {}).get("geom") if uid == self.uid else None
        if not wkb:
            return False
        geom = QgsGeometry()
        geom.fromWkb(wkb)
        crs = QgsCoordinateReferenceSystem(f"EPSG:{self.store.epsg}")
        box = padded(geom.boundingBox())
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != crs:
            box = QgsCoordinateTransform(crs, dest, QgsProject.instance()).transformBoundingBox(box)
        canvas.setExtent(box)
        canvas.refresh()
        canvas.flashGeometries([geom], crs)
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Closing with unsaved attribute edits asks first."""
        if not self.attributes.confirm_leave():
            event.ignore()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ misc
    def message(self, text: str, level=Qgis.Info) -> None:
        push(self.iface, text, level)

    def shutdown(self) -> None:
        """Release everything (the plugin unloads): the layer's signals, temporary files, the store."""
        self.attributes.shutdown()
        self.attachments.cleanup()
        self._close_store()
