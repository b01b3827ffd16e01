"""The demo city, written in a background QgsTask.

``run()`` works on a file path only (no layer, project or widget): it writes the
demo store into a temporary file beside the target and moves it into place when
complete, so a cancelled or failed run leaves the target exactly as it was.
Loading the result into the project happens in ``finished()``, on the main thread.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from ..i18n import tr
from .tasks import FeedbackTask

_SIDE_FILES = ("", "-wal", "-shm", "-journal", ".creating")


def _remove_with_side_files(path: Path) -> None:
    for suffix in _SIDE_FILES:
        q = Path(str(path) + suffix)
        if q.is_file():
            q.unlink()


class DemoCityTask(FeedbackTask):
    """Writes ``write_demo_city(path, scale, seed)`` with progress and cancel."""

    def __init__(self, path: str, scale: str, seed: int, on_done: Callable | None = None):
        super().__init__(tr("Generating the demo city"), on_done)
        self.path = str(path)
        self.scale = scale
        self.seed = int(seed)
        target = Path(self.path)
        self.part_path = str(target.with_name(f".{target.stem}.part-{os.getpid()}{target.suffix}"))

    def work(self):
        from ..layers.demo_writer import write_demo_city

        part = Path(self.part_path)
        _remove_with_side_files(part)
        counts = write_demo_city(str(part), scale=self.scale, seed=self.seed, feedback=self.feedback)
        if self.isCanceled():
            return None  # discarded by the caller
        target = Path(self.path)
        for suffix in _SIDE_FILES[1:]:  # stale companions of an old file would corrupt the new one
            q = Path(str(target) + suffix)
            if q.is_file():
                q.unlink()
        os.replace(part, target)
        return counts

    def discard(self) -> None:
        _remove_with_side_files(Path(self.part_path))
