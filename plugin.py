"""The plugin shell: Processing provider, toolbar, menu and their exact undoing.

``initProcessing`` alone is what ``qgis_process`` calls (``hasProcessingProvider=yes``);
``initGui`` calls it too. ``unload`` mirrors every add: each action, the menu, the
toolbar, the provider, the translator and the signal it connected. The work behind
the actions lives in ``dialogs/``.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QMenu, QToolBar

from .compat import QAction
from .i18n import install_translator, remove_translator, tr
from .settings import icon_path, project_store_path

TOOLBAR_NAME = "SafeMunicipalToolbar"
MENU_NAME = "SafeMunicipalMenu"


class SafeMunicipalPlugin:
    """What ``classFactory`` returns. Nothing heavy happens before ``initGui``."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.toolbar = None
        self.menu = None
        self.actions: dict = {}
        self.controller = None
        self.archive_tool = None  # the "Facility archive" map tool
        self.locator_filter = None  # registered in QGIS's locator bar (prefix "pa")
        self.bulk = None  # "Add maintenance to selected…"
        self.assess = None  # "Assess network…": dialog and background task
        self.plan = self.programmes = self.cases = None  # issue 5: plan dialog, programmes dock, cases dock
        self.meeting = None  # issue 6: meeting mode dock
        self.data = None  # issue 7: import wizard, export dialog, backup and restore
        self._project = None  # the project whose readProject signal we listen to

    # ------------------------------------------------------------------ processing
    def initProcessing(self):  # noqa: N802 - QGIS API
        if self.translator is None:  # qgis_process calls only this: algorithms speak the user's language too
            self.translator = install_translator()
        if self.provider is not None:
            return
        from .processing.provider import SafeMunicipalProvider

        provider = SafeMunicipalProvider()
        # On failure (the id is registered already) the registry deletes the provider:
        # keep no reference then, so unload removes only what this plugin added.
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider

    # ------------------------------------------------------------------ GUI
    def initGui(self):  # noqa: N802 - QGIS API
        from .dialogs.store_actions import StoreController

        self.initProcessing()
        self.controller = StoreController(self.iface)
        main = self.iface.mainWindow()

        self.toolbar = QToolBar(tr("Safe Municipal"), main)
        self.toolbar.setObjectName(TOOLBAR_NAME)
        self.iface.addToolBar(self.toolbar)

        self.menu = QMenu(tr("Safe Municipal"), main)
        self.menu.setObjectName(MENU_NAME)

        c = self.controller
        self._add_action("SafeMunicipalNewStore", "new_store.svg", tr("New store…"),
                         tr("Create an empty Safe Municipal store (a GeoPackage file) and add its layers"),
                         c.new_store)
        self._add_action("SafeMunicipalOpenStore", "open_store.svg", tr("Open store…"),
                         tr("Add the layers of a Safe Municipal store to the project"), c.open_store_dialog)
        self._add_action("SafeMunicipalOpenPostgis", "open_store.svg", tr("Open PostGIS store…"),
                         tr("Open or create the office's shared store in a PostgreSQL/PostGIS database"),
                         c.open_postgis_dialog, toolbar=False)
        c.on_opened = self.apply_role
        self._add_action("SafeMunicipalDemoCity", "demo_city.svg", tr("Generate demo city…"),
                         tr("Write a demo city into a new store in the background, then add it"),
                         c.generate_demo_city)
        self._init_data()
        self.menu.addSeparator()
        self._init_archive_entries()
        self._init_assessment()
        self._init_programmes()
        self._init_reports()
        self.menu.addSeparator()
        self._add_action("SafeMunicipalAbout", "safe_municipal.svg", tr("About Safe Municipal"),
                         tr("Version, purpose and links of the plugin"), self._about, toolbar=False)

        menubar = main.menuBar()
        help_menu = self.iface.helpMenu() if hasattr(self.iface, "helpMenu") else None
        if help_menu is not None:
            menubar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menubar.addMenu(self.menu)

        self._project = QgsProject.instance()
        self._project.readProject.connect(self._project_read)

    def _init_archive_entries(self):
        """The ways into the facility archive: map tool, locator filter, multi-facility maintenance."""
        from .dialogs.bulk_maintenance import BulkMaintenanceController
        from .dialogs.locator import FacilityLocatorFilter
        from .dialogs.map_tool import FacilityArchiveTool

        self.archive_tool = FacilityArchiveTool(self.iface)
        action = self._add_action("SafeMunicipalArchiveTool", "archive_tool.svg", tr("Facility archive"),
                                  tr("Click a facility on the map to open its archive: records, maintenance, "
                                     "attachments, connections"), self._toggle_archive_tool)
        action.setCheckable(True)
        self.archive_tool.setAction(action)  # checked while the tool is active, unchecked when another takes over

        self.bulk = BulkMaintenanceController(self.iface)
        self._add_action("SafeMunicipalBulkMaintenance", "bulk_maintenance.svg", tr("Add maintenance to selected…"),
                         tr("Add one maintenance record to every selected facility, in one step"), self.bulk.run)

        if hasattr(self.iface, "registerLocatorFilter"):
            self.locator_filter = FacilityLocatorFilter(self.iface)
            self.iface.registerLocatorFilter(self.locator_filter)  # the locator owns it from here on

    def _init_assessment(self):
        from .dialogs.assess_task import AssessController

        self.assess = AssessController(self.iface)
        self._add_action("SafeMunicipalAssessNetwork", "assess_network.svg", tr("Assess network…"),
                         tr("Grade every facility of the store by its national standard in the background, "
                            "then show the grades"), self.assess.run)

    def _init_programmes(self):
        """Planned work and the office's programmes: the maintenance plan, the programmes dock, cover cases."""
        from .dialogs.cases_dock import CasesController
        from .dialogs.plan_dialog import PlanController
        from .dialogs.programmes_dock import ProgrammesController

        self.plan = PlanController(self.iface)
        self._add_action("SafeMunicipalMaintenancePlan", "maintenance_plan.svg", tr("Maintenance plan…"),
                         tr("Rank the work due by urgency, cut at the budget and accept it as planned works"),
                         self.plan.run)
        self.programmes = ProgrammesController(self.iface)
        self._add_action("SafeMunicipalProgrammes", "programmes.svg", tr("Programmes"),
                         tr("Flood-season cleaning, covers and grates, waterlogging plans, storage and district "
                            "statistics"), self.programmes.run)
        self.cases = CasesController(self.iface)
        self._add_action("SafeMunicipalCoverCases", "cover_cases.svg", tr("Cover cases"),
                         tr("Register cover cases on the map and dispatch them to the maintenance units in "
                            "rotation"), self.cases.run)

    def _init_data(self):
        """Import, export, backup and restore: next to the store they act on."""
        from .dialogs.data_actions import DataController

        self.data = DataController(self.iface)
        self._add_action("SafeMunicipalImportData", "import_data.svg", tr("Import data…"),
                         tr("Import survey files, OpenStreetMap, SWMM models or CCTV defect sheets into the store, "
                            "with a field map, a preview and a report"), self.data.import_data)
        self._add_action("SafeMunicipalExport", "export_data.svg", tr("Export…"),
                         tr("Export a table of the store (all rows, a filter or the selected features) to "
                            "GeoPackage, Shapefile, GeoJSON, CSV or Excel"), self.data.export)
        self._add_action("SafeMunicipalBackupStore", "backup_store.svg", tr("Back up store…"),
                         tr("Write a consistent, verifiable copy of the store to a .zip file"),
                         self.data.backup, toolbar=False)
        self._add_action("SafeMunicipalRestoreStore", "restore_store.svg", tr("Restore store…"),
                         tr("Verify a backup and restore it to a store file (not the one open in the project)"),
                         self.data.restore, toolbar=False)

    def _init_reports(self):
        """Meeting mode (themes, districts, bookmarks, full screen); health books from the archive."""
        from .dialogs.meeting_dock import MeetingController

        self.meeting = MeetingController(self.iface)
        self._add_action("SafeMunicipalMeeting", "meeting.svg", tr("Meeting mode"),
                         tr("One-click themes, district filter, bookmarks and a full-screen map for planning "
                            "meetings"), self.meeting.run)

    def _toggle_archive_tool(self):
        self.archive_tool.toggle(self.actions["SafeMunicipalArchiveTool"].isChecked())

    def _unload_archive_entries(self):
        from .dialogs.archive_entry import close_facility_archive

        if self.locator_filter is not None:
            self.iface.deregisterLocatorFilter(self.locator_filter)  # deregistering also deletes it
            self.locator_filter = None
        if self.archive_tool is not None:
            self.archive_tool.unload()
            self.archive_tool = None
        if self.bulk is not None:
            self.bulk.unload()
            self.bulk = None
        close_facility_archive(self.iface)

    def _add_action(self, name, icon, text, tip, callback, toolbar=True):
        action = QAction(QIcon(icon_path(icon)), text, self.iface.mainWindow())
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: callback())
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions[name] = action
        return action

    #: action -> the lowest store role that may use it (PostGIS roles; a GeoPackage allows everything)
    ROLE_NEEDED = {
        "SafeMunicipalBulkMaintenance": "sm_inspector",
        "SafeMunicipalAssessNetwork": "sm_editor",
        "SafeMunicipalImportData": "sm_editor",
        "SafeMunicipalRestoreStore": "sm_admin",
    }

    def apply_role(self, ref: str, role: str) -> None:
        """Enable only the actions the login's role allows (the database refuses the rest anyway)."""
        from .layers.pg_schema import ROLES

        rank = ROLES.index(role) if role in ROLES else len(ROLES) - 1
        for name, needed in self.ROLE_NEEDED.items():
            action = self.actions.get(name)
            if action is None:
                continue
            allowed = rank >= ROLES.index(needed)
            action.setEnabled(allowed)
            tip = action.property("sm_tip") or action.toolTip()
            action.setProperty("sm_tip", tip)
            action.setToolTip(tip if allowed else tr("{tip} — not for your role {role}").format(tip=tip, role=role))

    def _about(self):
        from .dialogs.about import show_about

        show_about(self.iface.mainWindow())

    def _project_read(self, *_args):
        """A project was opened: tell the user when the store it was saved with is gone."""
        from pathlib import Path

        from .dialogs.messages import push
        from .dialogs.store_actions import store_role
        from .layers import store_ref

        path = project_store_path(QgsProject.instance(), saved=True)
        if path and store_ref.is_postgis(path):
            self.apply_role(path, store_role(path))
        elif path and not Path(path).is_file():
            push(self.iface, tr("This project's store {file} is missing; its layers cannot be shown.")
                 .format(file=path), Qgis.Warning)
        else:
            self.apply_role(path, "sm_admin")

    # ------------------------------------------------------------------ unload
    def unload(self):
        self._unload_archive_entries()
        if self.assess is not None:
            self.assess.unload()
            self.assess = None
        for name in ("plan", "programmes", "cases", "meeting", "data"):
            controller = getattr(self, name, None)
            if controller is not None:
                controller.unload()
                setattr(self, name, None)
        if self.controller is not None:
            self.controller.unload()
            self.controller = None
        if self._project is not None:
            self._project.readProject.disconnect(self._project_read)
            self._project = None
        for action in self.actions.values():
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            if self.menu is not None:
                self.menu.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
