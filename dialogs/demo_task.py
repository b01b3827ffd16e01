"""The demo city, written in a background QgsTask.

``run()`` works on a file path only (no layer, project or widget): it writes the
demo store into a temporary file beside the target and moves it into place when
complete, so a cancelled or failed run leaves the target exactly as it was.
Loading the result into the project happens in ``finished()``, on the main thread.
"""
from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Callable

from qgis.core import QgsProcessingFeedback, QgsTask
from qgis.PyQt.QtCore import Qt

from ..i18n import tr

_SIDE_FILES = ("", "-wal", "-shm", "-journal", ".creating")


def _remove_with_side_files(path: Path) -> None:
    for suffix in _SIDE_FILES:
        q = Path(str(path) + suffix)
        if q.is_file():
            q.unlink()


class DemoCityTask(QgsTask):
    """Writes ``write_demo_city(path, scale, seed)`` with progress and cancel."""

    def __init__(self, path: str, scale: str, seed: int, on_done: Callable | None = None):
        super().__init__(tr("Generating the demo city"), QgsTask.Flag.CanCancel)
        self.path = str(path)
        self.scale = scale
        self.seed = int(seed)
        self.on_done = on_done
        self.counts: dict | None = None
        self.error: BaseException | None = None
        self.details = ""
        self.succeeded = False
        target = Path(self.path)
        self.part_path = str(target.with_name(f".{target.stem}.part-{os.getpid()}{target.suffix}"))
        self.feedback = QgsProcessingFeedback()
        # Direct: progress is reported from the worker thread straight into the task
        # (QgsTask.setProgress is thread-safe; the task manager relays it to the GUI).
        self.feedback.progressChanged.connect(self.setProgress, Qt.ConnectionType.DirectConnection)

    def cancel(self) -> None:
        self.feedback.cancel()
        super().cancel()

    def run(self) -> bool:
        part = Path(self.part_path)
        try:  # nothing may escape run(): an exception in a task thread aborts QGIS
            from ..layers.demo_writer import write_demo_city

            _remove_with_side_files(part)
            counts = write_demo_city(str(part), scale=self.scale, seed=self.seed, feedback=self.feedback)
            if self.isCanceled():
                _remove_with_side_files(part)
                return False
            target = Path(self.path)
            for suffix in _SIDE_FILES[1:]:  # stale companions of an old file would corrupt the new one
                q = Path(str(target) + suffix)
                if q.is_file():
                    q.unlink()
            os.replace(part, target)
            self.counts = dict(counts or {})
            return True
        except Exception as e:  # noqa: BLE001 - reported on the main thread in finished()
            _remove_with_side_files(part)
            if self.isCanceled():  # the writer stops by raising (DemoCancelled): a cancel, not an error
                return False
            self.error = e
            self.details = traceback.format_exc()
            return False

    def finished(self, result: bool) -> None:
        self.succeeded = bool(result)
        if self.on_done is not None:
            self.on_done(self)
