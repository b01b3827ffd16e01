"""The shared shape of the plugin's background jobs: a QgsTask driving a QgsProcessingFeedback.

A subclass implements :meth:`FeedbackTask.work` on file paths only (never a layer, project or
widget: it runs in a worker thread) and, when it leaves partial results behind, :meth:`discard`.
Progress flows from the feedback to the task, cancel from the task to the feedback; an exception
in the worker becomes ``error``/``details`` (a cancel is not an error) and ``on_done(task)`` runs on
the main thread with ``succeeded`` set.
"""
from __future__ import annotations

import traceback
from typing import Callable, Optional

from qgis.core import QgsProcessingFeedback, QgsTask
from qgis.PyQt.QtCore import Qt


class FeedbackTask(QgsTask):
    def __init__(self, description: str, on_done: Optional[Callable] = None):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.on_done = on_done
        self.counts: Optional[dict] = None
        self.error: Optional[BaseException] = None
        self.details = ""
        self.succeeded = False
        self.feedback = QgsProcessingFeedback()
        # Direct: progress goes from the worker thread straight into the task (setProgress is
        # thread-safe; the task manager relays it to the GUI).
        self.feedback.progressChanged.connect(self.setProgress, Qt.ConnectionType.DirectConnection)

    def work(self) -> Optional[dict]:
        """Do the job (worker thread); return its counts. Raising or a cancel discards it."""
        raise NotImplementedError

    def discard(self) -> None:
        """Remove what a cancelled or failed :meth:`work` left behind (worker thread)."""

    def cancel(self) -> None:
        self.feedback.cancel()
        super().cancel()

    def run(self) -> bool:
        try:  # nothing may escape run(): an exception in a task thread aborts QGIS
            counts = self.work()
            if self.isCanceled():
                self.discard()
                return False
            self.counts = dict(counts or {})
            return True
        except Exception as e:  # noqa: BLE001 - reported on the main thread through on_done
            self.discard()
            if self.isCanceled():  # the jobs stop by raising when cancelled: a cancel, not an error
                return False
            self.error = e
            self.details = traceback.format_exc()
            return False

    def finished(self, result: bool) -> None:
        self.succeeded = bool(result)
        if self.on_done is not None:
            self.on_done(self)
