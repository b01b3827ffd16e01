"""Assess network (体检): a small dialog, the background QgsTask and what happens when it ends.

``AssessTask.run()`` works on the store's reference only (a GeoPackage path or a PostGIS store;
no layer, project or widget); ``layers.assess.assess_network`` rolls everything back when
cancelled or failing. On the main thread ``finished()`` hands over to :class:`AssessController`,
which reloads the store's layers, optionally switches on the grade theme and reports a one-line
summary (details in the message log).
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Callable

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
)

from ..core import schema as S
from ..i18n import tr, translate
from .messages import log, project_store_or_warn, push
from .tasks import FeedbackTask


class AssessTask(FeedbackTask):
    """Runs ``assess_network`` on the store ``path`` (a reference) with progress and cancel."""

    def __init__(self, path: str, kinds=None, as_of: _dt.date | None = None, on_done: Callable | None = None):
        super().__init__(tr("Assessing the network"), on_done)
        self.path = str(path)
        self.kinds = list(kinds) if kinds else None
        self.as_of = as_of or _dt.date.today()

    def work(self):
        # assess_network rolls its transaction back when cancelled or failing: nothing to discard
        from ..processing.alg_assess_network import run_assessment

        return run_assessment(self.path, self.kinds, self.as_of, self.feedback)


class AssessDialog(QDialog):
    """Which facility kinds to assess, as of which date, and whether to show the grade theme after."""

    def __init__(self, parent=None, path: str = ""):
        super().__init__(parent)
        self.setObjectName("SafeMunicipalAssessDialog")
        self.setWindowTitle(tr("Assess network"))
        intro = QLabel(tr("Grades every facility of the chosen kinds by its national standard from its latest "
                          "inspection data and updates its grade, next inspection date and recommended action. "
                          "Store: {file}").format(file=path))
        intro.setWordWrap(True)

        box = QGroupBox(tr("Facility kinds"))
        grid = QGridLayout(box)
        self.kind_checks: dict = {}
        for i, t in enumerate(S.FACILITY_TABLES):
            check = QCheckBox(translate(S.TR_CONTEXT, t.label))
            check.setObjectName(f"assessKind_{t.name}")
            check.setChecked(True)
            check.toggled.connect(self._update_ok)
            self.kind_checks[t.name] = check
            grid.addWidget(check, i // 2, i % 2)

        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("assessAsOf")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.theme_check = QCheckBox(tr("Show the grade theme when done"))
        self.theme_check.setObjectName("assessTheme")
        self.theme_check.setChecked(True)

        form = QFormLayout()
        form.addRow(tr("Assessment date"), self.date_edit)
        form.addRow(self.theme_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.kinds()))

    def kinds(self) -> list:
        return [k for k, c in self.kind_checks.items() if c.isChecked()]

    def values(self) -> dict:
        d = self.date_edit.date()
        kinds = self.kinds()
        return {"kinds": None if len(kinds) == len(self.kind_checks) else kinds,
                "as_of": _dt.date(d.year(), d.month(), d.day()), "theme": self.theme_check.isChecked()}


class AssessController:
    """The "Assess network…" action: dialog, task, reload and report. Holds the running task."""

    def __init__(self, iface):
        self.iface = iface
        self.task: AssessTask | None = None
        self._dialog: AssessDialog | None = None

    def run(self) -> None:
        if self.task is not None:
            push(self.iface, tr("An assessment is running already."), Qgis.Info)
            return
        path = project_store_or_warn(self.iface)
        if not path:
            return
        self._dialog = AssessDialog(self.iface.mainWindow(), path)
        try:
            if self._dialog.exec() == QDialog.DialogCode.Accepted:
                self.start(path, **self._dialog.values())
        finally:
            if self._dialog is not None:
                self._dialog.deleteLater()
            self._dialog = None

    def start(self, path: str, kinds=None, as_of: _dt.date | None = None, theme: bool = False) -> AssessTask:
        task = AssessTask(path, kinds, as_of, on_done=lambda t: self._done(t, theme))
        self.task = task
        QgsApplication.taskManager().addTask(task)
        return task

    def _done(self, task: AssessTask, theme: bool) -> None:
        self.task = None
        if task.error is not None:
            push(self.iface, tr("The assessment of {file} failed: {error}").format(file=task.path, error=task.error),
                 Qgis.Critical, details=task.details)
            return
        if not task.succeeded:
            push(self.iface, tr("The assessment was cancelled; nothing was changed."), Qgis.Warning)
            return
        self.reload_layers(task.path)
        if theme:
            from ..layers.themes import apply_grade_theme

            apply_grade_theme(QgsProject.instance(), task.path)
        counts = task.counts or {}
        push(self.iface, tr("Assessed {n} facilities, {m} changed.").format(
            n=int(counts.get("assessed", 0)), m=int(counts.get("changed", 0))), Qgis.Success)
        log(tr("Assessment of {file} as of {date}: {counts}").format(
            file=task.path, date=task.as_of.isoformat(),
            counts=json.dumps(counts, ensure_ascii=False, sort_keys=True, default=str)), Qgis.Info)

    @staticmethod
    def reload_layers(path: str) -> int:
        """Re-read the store's layers after the store changed under them; returns how many."""
        from ..layers.project import find_layers

        n = 0
        for layer in find_layers(QgsProject.instance(), store=path):
            if layer.isValid():
                layer.dataProvider().reloadData()
                layer.triggerRepaint()
                n += 1
        return n

    def unload(self) -> None:
        """Cancel a running task (its result is then dropped) and close the dialog."""
        if self.task is not None:
            self.task.on_done = None
            self.task.cancel()
            self.task = None
        if self._dialog is not None:
            self._dialog.reject()
