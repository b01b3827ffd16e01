"""The "Register a cover case" map tool: a left click on the map emits the point (canvas CRS).

What the click means (snap to the nearest cover, highlight it, ask for the case) is the dock's
business (:meth:`~safe_municipal.dialogs.cases_dock.CasesDock.pick`); the tool only reports the
point. Its checkable action (the dock's *Register on map* button) unchecks when another tool takes
over the canvas.
"""
from __future__ import annotations

from qgis.core import QgsApplication, QgsPointXY
from qgis.gui import QgsMapTool
from qgis.PyQt.QtCore import Qt, pyqtSignal


class CaseMapTool(QgsMapTool):
    picked = pyqtSignal(QgsPointXY)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(QgsApplication.getThemeCursor(QgsApplication.Cursor.CrossHair))

    def canvasReleaseEvent(self, event):  # noqa: N802 - QGIS API
        if event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(QgsPointXY(event.mapPoint()))
