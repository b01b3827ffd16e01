"""The import wizard: source → options (field map and preview) → run and report.

:func:`open_import_wizard` opens it (modeless) on the project's store; without a store it warns in the
message bar and opens nothing. The import runs in an :class:`.task.ImportTask` (progress, cancel);
when it has written, the store's layers in the project are reloaded and the message bar gets the
summary (details in the message log). Store layers being edited block the import: their edit buffers
would not see, or would overwrite, the imported rows.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from qgis.core import Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
from qgis.PyQt.QtWidgets import QApplication, QFileDialog, QWizard

from ...core import schema as S
from ...i18n import tr
from ..data_actions import store_title
from ..messages import OpenDialogs, describe_problem, log, push
from . import source_info as SI
from .pages import OptionsPage, RunPage, SourcePage
from .task import ImportTask, processing_parameters

_OPEN = OpenDialogs()  # open wizards (a modeless wizard needs a Python reference)


def store_epsg(path: str) -> int:
    from ...layers.store_ref import open_store

    try:
        with open_store(path, writable=False) as store:
            return int(store.epsg)
    except Exception:  # noqa: BLE001 - the import itself reports an unreadable store
        return S.DEFAULT_EPSG


def edited_layers(path: str) -> list:
    """The store's layers in the project that are in edit mode."""
    from ...layers.project import find_layers

    return [lyr for lyr in find_layers(QgsProject.instance(), store=path) if lyr.isEditable()]


class ImportWizard(QWizard):
    """Import data into the store at ``store_path``."""

    def __init__(self, iface, store_path: str, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.store_path = str(store_path)
        self.store_epsg = store_epsg(self.store_path)
        self.task: Optional[ImportTask] = None
        self.report = None
        self.error = ""
        self.last_options: dict = {}
        self._alive = True
        self.setObjectName("SafeMunicipalImportWizard")
        self.setWindowTitle(tr("Import data into {file}").format(file=store_title(self.store_path)))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.source_page = SourcePage()
        self.options_page = OptionsPage(self)
        self.run_page = RunPage(self)
        for page in (self.source_page, self.options_page, self.run_page):
            self.addPage(page)
        self.resize(1200, 780)

    # ---------------------------------------------------------------- helpers for callers and tests
    def set_source(self, path: str, source_type: Optional[str] = None, layer: Optional[str] = None) -> None:
        """Choose the file (and optionally override its type, choose its layer) on the first page."""
        page = self.source_page
        page.set_path(path)
        if source_type is not None:
            page.type.setCurrentIndex(page.type.findData(source_type))
        if layer is not None:
            page.layer.setCurrentIndex(page.layer.findData(layer))

    def import_options(self) -> dict:
        """What the import will get (the options page's choices; OSM: the map extent resolved)."""
        opts = self.options_page.options()
        if self.source_page.source_type() == SI.OSM:
            opts["extent"] = self.map_extent() if opts.pop("use_extent", False) else None
        return opts

    def map_extent(self) -> Optional[tuple]:
        """The map canvas's extent in the store's CRS, or None."""
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None:
            return None
        rect = canvas.extent()
        if rect.isEmpty():
            return None
        src = canvas.mapSettings().destinationCrs()
        dst = QgsCoordinateReferenceSystem(f"EPSG:{self.store_epsg}")
        if src.isValid() and src != dst:
            rect = QgsCoordinateTransform(src, dst, QgsProject.instance()).transformBoundingBox(rect)
        return (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())

    def parameters(self) -> dict:
        return processing_parameters(self.store_path, self.source_page.source_type(), self.import_options(),
                                     f"EPSG:{self.store_epsg}")

    def copy_parameters(self) -> str:
        """Copy the Processing algorithm and parameters of this import to the clipboard; returns the JSON."""
        text = json.dumps(self.parameters(), ensure_ascii=False, indent=1)
        QApplication.clipboard().setText(text)
        push(self.iface, tr("The Processing parameters of this import were copied to the clipboard."), Qgis.Info)
        return text

    # ---------------------------------------------------------------- running
    def editing_problem(self) -> str:
        """Why the import must wait: store layers in edit mode (their edit buffers would not see, or would
        overwrite, the imported rows); "" when none is."""
        editing = edited_layers(self.store_path)
        if not editing:
            return ""
        return tr("The layers {names} are being edited: save or discard their edits, then import.").format(
            names=", ".join(lyr.name() for lyr in editing))

    def start_import(self) -> Optional[ImportTask]:
        page = self.run_page
        if self.task is not None:
            return self.task
        self.report, self.error = None, ""
        problem = self.editing_problem()
        if problem:
            self.error = problem
            page.status.setText(self.error)
            page.running(False)
            push(self.iface, self.error, Qgis.Warning)
            return None
        from ...layers.audit_user import qgis_user

        opts = self.import_options()
        self.last_options = opts
        task = ImportTask(self.store_path, self.source_page.source_type(), opts, qgis_user(), on_done=self._done)
        self.task = task
        task.progressChanged.connect(self._progress)
        page.progress.setValue(0)
        page.status.setText(tr("Importing {file}…").format(file=Path(opts["path"]).name))
        page.running(True)
        QgsApplication.taskManager().addTask(task)
        return task

    def _progress(self, value: float) -> None:
        if self._alive:
            self.run_page.progress.setValue(int(value))

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.run_page.cancel_button.setEnabled(False)

    def _done(self, task: ImportTask) -> None:
        if self.task is task:
            self.task = None
        name = Path(task.options.get("path", "")).name
        if task.error is not None:
            from ...layers.errors import StoreError

            self.error = describe_problem(task.error, self.store_path) if isinstance(task.error, StoreError) \
                else (str(task.error) or type(task.error).__name__)
            push(self.iface, tr("Importing {file} failed: {problem}").format(file=name, problem=self.error),
                 Qgis.Critical, details=task.details)
        elif not task.succeeded:
            self.error = tr("The import was cancelled; nothing was written.")
            push(self.iface, self.error, Qgis.Warning)
        else:
            self.report = report = task.counts["report"]
            if report.written:
                from ..assess_task import AssessController

                AssessController.reload_layers(self.store_path)
            level = Qgis.Success if report.written and not report.rejected else (
                Qgis.Warning if report.written or report.rejected else Qgis.Info)
            push(self.iface, tr("Import of {file}: {summary}.").format(file=name, summary=report.summary()), level)
            log(json.dumps(report.as_dict(), ensure_ascii=False, default=str)[:20000], Qgis.Info)
        if not self._alive:
            return
        page = self.run_page
        page.running(False)
        if self.report is not None:
            page.status.setText(self.report.summary())
            page.show_report(self.report)
        else:
            page.status.setText(self.error)

    def save_report(self, path: Optional[str] = None) -> Optional[str]:
        """Write the report (CSV or JSON by the file name); asks for the file when ``path`` is None."""
        if self.report is None:
            return None
        if path is None:
            stem = Path(self.last_options.get("path", "import")).stem
            path, _filter = QFileDialog.getSaveFileName(self, tr("Save the import report"),
                                                        f"{stem}_import_report.csv", tr("CSV (*.csv);;JSON (*.json)"))
            if not path:
                return None
            if Path(path).suffix.lower() not in (".csv", ".json"):
                path += ".csv"
        try:
            written = self.report.write(path)
        except (OSError, ValueError) as e:
            push(self.iface, tr("Cannot write {file}: {problem}").format(file=path, problem=str(e)), Qgis.Critical)
            return None
        push(self.iface, tr("Import report saved to {file}.").format(file=written), Qgis.Success)
        return written

    def done(self, result):
        """Closing cancels a running import (nothing is written then)."""
        self._alive = False
        if self.task is not None:
            task, self.task = self.task, None
            task.cancel()  # its result is still reported to the message bar
        super().done(result)


def open_import_wizard(iface, parent=None) -> Optional[ImportWizard]:
    """Open the import wizard on the project's store (None, with a message-bar warning, without one)."""
    return _OPEN.open(iface, ImportWizard, parent)


def close_import_wizards(silent: bool = False) -> None:
    """Close every open import wizard; running imports are cancelled (nothing written). ``silent``
    (plugin unload): the cancelled tasks report nothing any more."""
    _OPEN.close_all(silent)
