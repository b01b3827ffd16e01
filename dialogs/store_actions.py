"""What the New store / Open store / Generate demo city actions do.

Every failure ends as one critical line in the message bar that names the file and
the problem (details in the message log); nothing is written to a file that cannot
be opened: a read-only file is refused before any open, and ``load_store`` checks
the rest (missing, not a store, newer schema, locked) before it creates a layer.
"""
from __future__ import annotations

import os
import stat
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QFileDialog

from ..i18n import tr
from ..settings import Settings, set_project_store_path
from .messages import describe_problem, push


def is_read_only(path: Path) -> bool:
    """True when the file cannot or must not be written.

    ``os.access`` alone is not enough: for root it reports every file writable, so a
    file whose mode has no write bit at all (``chmod 0444``) also counts as read-only.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def store_in_project(project: QgsProject, path) -> bool:
    """Whether layers of the store file ``path`` are in ``project``."""
    from ..layers.project import find_layers

    return bool(find_layers(project, store=str(path)))


def store_role(ref: str) -> str:
    """The login's role in the store (sm_viewer … sm_admin); a writable GeoPackage: sm_admin."""
    from ..layers.errors import StoreError
    from ..layers.store_ref import is_postgis, open_store

    if not is_postgis(ref):
        return "sm_admin"  # whoever may write the file may do everything
    try:
        with open_store(ref, writable=False) as store:
            return store.role()
    except StoreError:
        return ""


class StoreController:
    """The store actions of the plugin; holds the running demo task."""

    def __init__(self, iface):
        self.iface = iface
        self.task = None  # the running DemoCityTask (a Python reference keeps it alive)
        self._dialog = None
        #: called with (store reference, role) after a store was opened (the plugin adapts its actions)
        self.on_opened = None

    # ---------------------------------------------------------------- file dialogs
    def _start_folder(self) -> str:
        folder = Settings.load().last_folder
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    @staticmethod
    def _remember_folder(path: str) -> None:
        s = Settings.load()
        s.last_folder = str(Path(path).parent)
        s.save()

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.iface.mainWindow(), tr("New Safe Municipal store"), self._start_folder(),
            tr("GeoPackage (*.gpkg)"), "", QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if Path(path).suffix.lower() != ".gpkg":
            path += ".gpkg"
        self._remember_folder(path)
        self.create_store(path)

    def open_store_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.iface.mainWindow(), tr("Open a Safe Municipal store"), self._start_folder(),
            tr("GeoPackage (*.gpkg);;All files (*)"))
        if not path:
            return
        self._remember_folder(path)
        self.open_store(path)

    def open_postgis_dialog(self):
        """Pick (or create) a PostGIS store and load it; returns the LoadedStore or None."""
        from .pg_store_dialog import PgStoreDialog

        dialog = PgStoreDialog(self.iface.mainWindow())
        try:
            if not dialog.exec():
                return None
            try:
                ref = dialog.reference()
            except Exception as e:  # noqa: BLE001 - StoreError from the fields
                self.report("PostGIS", e)
                return None
            if dialog.create_requested:
                return self.create_pg_store(ref, dialog.epsg())
            return self.open_store(ref)
        finally:
            dialog.deleteLater()

    def create_pg_store(self, ref: str, epsg: int, project: QgsProject | None = None):
        """Create an empty store in the PostGIS schema ``ref`` names and load it."""
        from ..layers.errors import StoreError
        from ..layers.pg_admin import create_pg_store

        try:
            ref = create_pg_store(ref, epsg)
        except StoreError as e:
            self.report(ref, e, creating=True)
            return None
        return self.open_store(ref, project)

    # ---------------------------------------------------------------- the work
    def create_store(self, path: str, project: QgsProject | None = None):
        """Create an empty store at ``path`` (never over an existing file) and load it."""
        from ..layers.gpkg import GpkgStore, StoreError

        try:
            GpkgStore.create(path).close()
        except StoreError as e:
            self.report(path, e, creating=True)
            return None
        except Exception as e:  # noqa: BLE001 - unexpected: still one message, details in the log
            self.report(path, e, creating=True, details=traceback.format_exc())
            return None
        return self.open_store(path, project)

    def open_store(self, path: str, project: QgsProject | None = None):
        """Load the store at ``path`` into ``project`` as the styled group; None on failure."""
        from ..layers import store_ref
        from ..layers.gpkg import StoreError

        project = project or QgsProject.instance()
        postgis = store_ref.is_postgis(path)
        p = None if postgis else Path(path)
        if p is not None and p.is_file() and is_read_only(p):  # the plugin edits stores
            self.report(path, StoreError(f"{p}: the file is read-only"))
            return None
        try:
            from ..layers.project import load_store

            loaded = load_store(path if postgis else str(p), project)
        except StoreError as e:
            self.report(path, e)
            return None
        except Exception as e:  # noqa: BLE001 - unexpected: still one message, details in the log
            self.report(path, e, details=traceback.format_exc())
            return None
        set_project_store_path(project, loaded.path)
        role = store_role(loaded.path)
        if self.on_opened is not None:
            self.on_opened(loaded.path, role)
        if not loaded.added:  # load_store reuses layers already there: nothing new
            push(self.iface, tr("The store {file} is already in the project.").format(file=path), Qgis.Info)
            return loaded
        canvas = self.iface.mapCanvas()
        if canvas is not None:
            loaded.zoom(canvas)
        if postgis:
            from .pg_store_dialog import role_text

            push(self.iface, tr("Opened {store}: {n} layers; you are {role}.").format(
                store=store_ref.describe(loaded.path), n=len(loaded.layers), role=role_text(role)), Qgis.Success)
        else:
            push(self.iface, tr("Opened the store {file}: {n} layers.").format(file=path, n=len(loaded.layers)),
                 Qgis.Success)
        return loaded

    def report(self, path: str, error: Exception, creating: bool = False, details: str = "") -> None:
        problem = describe_problem(error, path)
        if creating:
            text = tr("Cannot create the store {file}: {problem}.").format(file=path, problem=problem)
        else:
            text = tr("Cannot open the store {file}: {problem}.").format(file=path, problem=problem)
        push(self.iface, text, Qgis.Critical, details=details or f"{type(error).__name__}: {error}")

    # ---------------------------------------------------------------- demo city
    def generate_demo_city(self) -> None:
        from .demo_dialog import DemoCityDialog

        if self.task is not None:
            push(self.iface, tr("The demo city is still being generated."), Qgis.Info)
            return
        self._dialog = DemoCityDialog(self.iface.mainWindow())
        if self._dialog.exec():
            self.start_demo_task(**self._dialog.values())
        self._dialog.deleteLater()
        self._dialog = None

    def start_demo_task(self, path: str, scale: str, seed: int, load: bool = True):
        from .demo_task import DemoCityTask

        task = DemoCityTask(path, scale, seed, on_done=lambda t: self._demo_done(t, load))
        self.task = task
        QgsApplication.taskManager().addTask(task)
        push(self.iface, tr("Generating the demo city into {file}…").format(file=path), Qgis.Info)
        return task

    def _demo_done(self, task, load: bool) -> None:
        self.task = None
        if task.error is not None:
            self.report(task.path, task.error, creating=True, details=task.details)
        elif not task.succeeded:
            push(self.iface, tr("Generating the demo city was cancelled; {file} was not changed.")
                 .format(file=task.path), Qgis.Warning)
        elif load:
            self.open_store(task.path)
        else:
            push(self.iface, tr("The demo city is ready in {file}.").format(file=task.path), Qgis.Success)

    def unload(self) -> None:
        """Cancel a running task (its result is then dropped) and close the dialog."""
        if self.task is not None:
            self.task.on_done = None
            self.task.cancel()
            self.task = None
        if self._dialog is not None:
            self._dialog.reject()
            self._dialog.deleteLater()
            self._dialog = None
