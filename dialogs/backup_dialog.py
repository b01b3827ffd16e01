"""Back up the project's store, restore a store from a backup (``layers.backup``), in background tasks.

- :func:`backup_current_store`: a ``.zip`` file chosen by the user; ``backup_store`` copies the store
  consistently even while QGIS has it open (edits not yet saved in QGIS's edit buffers are not in it:
  the message says so). The message bar gets the size and the number of tables and rows.
- :func:`restore_store_dialog`: choose a backup → it is verified completely (``verify_backup``) →
  choose the file to restore to → ``restore_store`` (an existing file is kept beside it as
  ``<name>.before-restore-….gpkg``). The store open in the project is refused as the target: its
  layers hold the file; close it (remove its layers) first. The restored store is not opened.

A running task holds a Python reference in :data:`_TASKS` until it ends; :func:`cancel_backup_tasks`
(plugin unload) cancels the backups and verifications (a cancelled backup leaves no new file behind);
a restore cannot be cancelled (it replaces the file in one step at its end).
"""
from __future__ import annotations

import datetime as _dt
import traceback
from pathlib import Path
from typing import Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsProject, QgsTask
from qgis.PyQt.QtWidgets import QFileDialog

from ..i18n import tr
from ..settings import Settings, project_store_path
from .messages import project_store_or_warn, push

_TASKS: list = []


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


class _FunctionTask(QgsTask):
    """Runs ``fn()`` (file paths only) in the background; ``result`` is what it returned, ``error`` and
    ``details`` what it raised. ``cancellable``: whether the user may cancel it (a restore may not: it
    cannot stop halfway); ``discard`` undoes the work of a task cancelled after ``fn`` ended."""

    def __init__(self, description: str, fn: Callable, on_done: Optional[Callable] = None,
                 cancellable: bool = True, discard: Optional[Callable] = None):
        super().__init__(description, QgsTask.Flag.CanCancel if cancellable else QgsTask.Flag(0))
        self.fn, self.on_done, self.discard = fn, on_done, discard
        self.result = None
        self.error: Optional[BaseException] = None
        self.details = ""
        self.succeeded = False

    def run(self) -> bool:
        try:  # nothing may escape run()
            self.setProgress(1)
            self.result = self.fn()
            if self.isCanceled():
                if self.discard is not None:
                    self.discard()
                return False
            return True
        except Exception as e:  # noqa: BLE001 - reported on the main thread
            self.error = e
            self.details = traceback.format_exc()
            return False

    def finished(self, result: bool) -> None:
        self.succeeded = bool(result)
        if self.on_done is not None:
            self.on_done(self)


def _start(task: _FunctionTask) -> _FunctionTask:
    _TASKS.append(task)
    QgsApplication.taskManager().addTask(task)
    return task


def _finish(task: _FunctionTask) -> None:
    if task in _TASKS:
        _TASKS.remove(task)


def running_tasks() -> list:
    return list(_TASKS)


def cancel_backup_tasks() -> None:
    """Plugin unload: cancel the running backups and verifications (a running restore finishes: it
    cannot stop halfway); none of them reports any more."""
    for task in list(_TASKS):
        task.on_done = None
        if task.canCancel():
            task.cancel()
    _TASKS.clear()


def _problem(task) -> str:
    return str(task.error) or type(task.error).__name__


def _folder() -> str:
    folder = Settings.load().last_folder
    return folder if folder and Path(folder).is_dir() else str(Path.home())


# --------------------------------------------------------------------------- backup
def backup_current_store(iface, path: Optional[str] = None) -> Optional[_FunctionTask]:
    """Back up the project's store to ``path`` (asked for when None) in a background task."""
    from ..layers.backup import backup_store, store_file_name
    from ..layers.project import find_layers

    store = project_store_or_warn(iface)
    if not store:
        return None
    if path is None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M")
        suggested = str(Path(_folder()) / f"{Path(store_file_name(store)).stem}-{stamp}.zip")
        path, _filter = QFileDialog.getSaveFileName(iface.mainWindow(), tr("Back up the store"), suggested,
                                                    tr("Store backups (*.zip)"))
        if not path:
            return None
    if Path(path).suffix.lower() != ".zip":
        path += ".zip"
    edited = [lyr.name() for lyr in find_layers(QgsProject.instance(), store=store)
              if lyr.isEditable() and lyr.isModified()]
    if edited:
        push(iface, tr("Unsaved edits of {layers} are not in the backup: save them and back up again to "
                       "include them.").format(layers=", ".join(edited)), Qgis.Warning)

    def done(task):
        _finish(task)
        if task.error is not None:
            push(iface, tr("The backup of {file} failed: {problem}").format(file=store, problem=_problem(task)),
                 Qgis.Critical, details=task.details)
        elif not task.succeeded:
            push(iface, tr("The backup was cancelled."), Qgis.Warning)
        else:
            res = task.result
            tables = res.get("tables") or {}
            push(iface, tr("Backed up the store to {file}: {size}, {n} tables, {rows} rows.").format(
                file=res["path"], size=human_size(res["size"]), n=len(tables), rows=sum(tables.values())),
                Qgis.Success)

    existed = Path(path).exists()

    def discard():  # cancelled once the zip was written: take it away again (unless it replaced one)
        if not existed:
            Path(path).unlink(missing_ok=True)

    push(iface, tr("Backing up the store to {file}…").format(file=path), Qgis.Info)
    return _start(_FunctionTask(tr("Backing up the store"), lambda: backup_store(store, path), done, discard=discard))


# --------------------------------------------------------------------------- restore
def target_in_project(target: str) -> bool:
    """Whether the store ``target`` (a file or a PostGIS reference) is open in the project (its layers
    hold it)."""
    from ..layers import store_ref
    from ..layers.project import find_layers

    if store_ref.is_postgis(target):
        current = project_store_path(QgsProject.instance())
        return bool((current and store_ref.store_key(current) == store_ref.store_key(target))
                    or find_layers(QgsProject.instance(), store=target))
    wanted = Path(target).resolve()
    if project_store_path(QgsProject.instance()) and Path(project_store_path(QgsProject.instance())).resolve() == wanted:
        return True
    return bool(find_layers(QgsProject.instance(), store=str(wanted)))


def restore_store_dialog(iface, backup_path: Optional[str] = None, target_path: Optional[str] = None,
                         overwrite: bool = False) -> Optional[_FunctionTask]:
    """Verify a backup (asked for when None), then restore it to ``target_path`` (asked for when None:
    the file dialog confirms replacing an existing file). Returns the verification task."""
    from ..layers.backup import verify_backup

    parent = iface.mainWindow()
    if backup_path is None:
        backup_path, _filter = QFileDialog.getOpenFileName(parent, tr("Restore a store from a backup"), _folder(),
                                                           tr("Store backups (*.zip);;All files (*)"))
        if not backup_path:
            return None

    def verified(task):
        _finish(task)
        if task.error is not None:
            push(iface, tr("{file} cannot be restored: {problem}").format(file=backup_path, problem=_problem(task)),
                 Qgis.Critical, details=task.details)
            return
        if not task.succeeded:
            push(iface, tr("The verification was cancelled; nothing was restored."), Qgis.Warning)
            return
        info = task.result
        target, replace = target_path, overwrite
        if target is None:
            suggested = str(Path(backup_path).with_name(info.get("store_file") or "restored.gpkg"))
            target, _filter = QFileDialog.getSaveFileName(
                parent, tr("Restore the backup of {date} to").format(date=info.get("created_at") or "?"), suggested,
                tr("GeoPackage (*.gpkg)"))
            if not target:
                return
            if Path(target).suffix.lower() != ".gpkg":
                target += ".gpkg"
            replace = Path(target).exists()  # the file dialog asked whether to replace it
        start_restore(iface, backup_path, target, replace)

    return _start(_FunctionTask(tr("Verifying the backup"), lambda: verify_backup(backup_path), verified))


def start_restore(iface, backup_path: str, target: str, overwrite: bool = False) -> Optional[_FunctionTask]:
    """Restore ``backup_path`` to ``target`` (a file, or a PostGIS reference: an empty store) in a task;
    refuses the store open in the project."""
    from ..layers.backup import restore_store
    from ..layers.store_ref import is_postgis

    if target_in_project(target):
        push(iface, tr("{file} is the store open in this project: close it first (remove its layers or open "
                       "another project), or restore to another file.").format(file=target), Qgis.Warning)
        return None
    if not is_postgis(target) and Path(target).exists() and not overwrite:
        push(iface, tr("{file} exists already: choose another file.").format(file=target), Qgis.Warning)
        return None

    def done(task):
        _finish(task)
        if task.error is not None:
            push(iface, tr("Restoring to {file} failed: {problem}").format(file=target, problem=_problem(task)),
                 Qgis.Critical, details=task.details)
        else:
            res = task.result
            text = tr("Restored the store to {file}: {rows} rows in {n} tables.").format(
                file=res["path"], rows=sum((res.get("tables") or {}).values()), n=len(res.get("tables") or {}))
            if res.get("migrated_from"):
                text += " " + tr("Its schema was upgraded from version {old} to {new}.").format(
                    old=res["migrated_from"], new=res["schema_version"])
            if res.get("safety_copy"):
                text += " " + tr("The file it replaced was kept as {copy}.").format(copy=res["safety_copy"])
            push(iface, text, Qgis.Success)

    return _start(_FunctionTask(tr("Restoring the store"), lambda: restore_store(backup_path, target, overwrite),
                                done, cancellable=False))
