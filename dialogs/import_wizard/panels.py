"""The import wizard's option panels for OpenStreetMap, SWMM and CCTV sheets.

Each panel has ``load(...)``, ``is_complete()``, ``blocking_problem()`` and ``options()`` (the keyword
arguments of its importer besides the store, mode and strict), and emits ``changed``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.core import QgsCoordinateReferenceSystem
from qgis.gui import QgsProjectionSelectionWidget
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from ...core import schema as S
from ...i18n import tr, translate
from . import source_info as SI

ERROR_STYLE = "color: #b00020;"


def _kind_label(kind: str) -> str:
    return translate(S.TR_CONTEXT, S.table(kind).label)


class OsmPanel(QWidget):
    """Which kinds, which district, only within the map's current extent."""

    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        from ...core.osm import KINDS

        self.path = ""
        box = QGroupBox(tr("Facility kinds to import"))
        grid = QGridLayout(box)
        self.kind_checks: dict = {}
        for i, k in enumerate(KINDS):
            check = QCheckBox(_kind_label(k))
            check.setObjectName(f"osmKind_{k}")
            check.setChecked(True)
            check.toggled.connect(lambda _on: self.changed.emit())
            self.kind_checks[k] = check
            grid.addWidget(check, i // 2, i % 2)
        self.district = QLineEdit()
        self.district.setObjectName("osmDistrict")
        self.district.setPlaceholderText(tr("written into every row (optional)"))
        self.extent = QCheckBox(tr("Only ways within the current map extent"))
        self.extent.setObjectName("osmExtent")
        note = QLabel(tr("Roads, bridges, tunnels and drains of the file's ways; codes are OSM-W<way id>, so "
                         "importing the same area again in update mode refreshes the rows. The data stays under "
                         "the ODbL (© OpenStreetMap contributors)."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(box)
        form.addRow(tr("District"), self.district)
        form.addRow(self.extent)

    def load(self, path: str) -> None:
        self.path = str(path)

    def kinds(self) -> list:
        return [k for k, c in self.kind_checks.items() if c.isChecked()]

    def blocking_problem(self) -> str:
        return "" if self.kinds() else tr("Choose at least one facility kind.")

    def is_complete(self) -> bool:
        return not self.blocking_problem()

    def options(self) -> dict:
        return {"path": self.path, "kinds": self.kinds(), "district": self.district.text().strip() or None,
                "use_extent": self.extent.isChecked()}


class SwmmPanel(QWidget):
    """The CRS of the model's coordinates (required: a SWMM file has none) and the pipes' usage."""

    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        from ...core.swmm_rows import USAGES

        self.path = ""
        self.crs = QgsProjectionSelectionWidget()
        self.crs.setObjectName("swmmCrs")
        self.crs.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.crs.setNotSetText(tr("(choose the CRS of the model's coordinates)"))
        self.crs.setCrs(QgsCoordinateReferenceSystem())
        self.crs.crsChanged.connect(self._crs_changed)
        self.crs_status = QLabel()
        self.crs_status.setObjectName("swmmCrsStatus")
        self.crs_status.setWordWrap(True)
        self.usage = QComboBox()
        self.usage.setObjectName("swmmUsage")
        labels = {c.value: translate(S.TR_CONTEXT, c.label) for c in S.VALUE_LISTS["pipe_usage"]}
        for u in USAGES:
            self.usage.addItem(labels.get(u, u), u)
        note = QLabel(tr("Junctions become manholes, conduits drain pipes, storage units storage facilities and "
                         "outfalls outfalls; pumps, weirs and the like are not facilities of the store."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(tr("Source CRS"), self.crs)
        form.addRow("", self.crs_status)
        form.addRow(tr("Usage of pipes, manholes and outfalls"), self.usage)
        self._crs_changed()

    def load(self, path: str) -> None:
        if str(path) != self.path:  # another model: its CRS is chosen anew, never carried over
            self.crs.setCrs(QgsCoordinateReferenceSystem())
        self.path = str(path)

    def _crs_changed(self, _crs=None) -> None:
        if self.crs.crs().isValid():
            self.crs_status.setText(tr("The model's coordinates are read as {crs}.").format(
                crs=self.crs.crs().authid() or self.crs.crs().description()))
            self.crs_status.setStyleSheet("")
        else:
            self.crs_status.setText(tr("A SWMM model has no coordinate reference system ([MAP] gives units only): "
                                       "choose the CRS of its coordinates. Coordinates are never guessed."))
            self.crs_status.setStyleSheet(ERROR_STYLE)
        self.changed.emit()

    def blocking_problem(self) -> str:
        return "" if self.crs.crs().isValid() else tr("Choose the source CRS of the SWMM model.")

    def is_complete(self) -> bool:
        return not self.blocking_problem()

    def options(self) -> dict:
        return {"path": self.path, "source_crs": SI.crs_parameter(self.crs.crs()), "usage": self.usage.currentData()}


def role_label(role: str) -> str:
    """A CCTV sheet column's role (``core.cctv_sheet.HEADERS``) in the user's language."""
    return {"pipe_code": tr("pipe code"), "up_manhole": tr("start manhole"), "down_manhole": tr("end manhole"),
            "date": tr("date"), "code": tr("defect code"), "defect_name": tr("defect name"), "grade": tr("grade"),
            "start": tr("distance"), "end": tr("end distance"), "clock": tr("clock position"),
            "orientation": tr("orientation"), "inspector": tr("inspector"), "remarks": tr("remarks")}.get(role, role)


class CctvPanel(QWidget):
    """The sheet (XLSX), the columns recognised, and whether to grade the pipes afterwards."""

    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path = ""
        self.found: Optional[dict] = None
        self.sheet = QComboBox()
        self.sheet.setObjectName("cctvSheet")
        self.sheet.currentIndexChanged.connect(lambda _i: self._recognise())
        self.columns = QLabel()
        self.columns.setObjectName("cctvColumns")
        self.columns.setWordWrap(True)
        self.assess = QCheckBox(tr("Grade the drain pipes by CJJ 181 after the import"))
        self.assess.setObjectName("cctvAssess")
        note = QLabel(tr("One row per defect: pipe code (or start and end manholes), date, defect code or name, "
                         "grade, distance. The rows of one pipe and date become one CCTV inspection with its "
                         "defects; an inspection with a refused row is not imported at all."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(tr("Sheet"), self.sheet)
        form.addRow(tr("Columns recognised"), self.columns)
        form.addRow(self.assess)

    def load(self, path: str, sheet: Optional[str] = None) -> None:
        self.path = str(path)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        is_xlsx = Path(path).suffix.lower() == ".xlsx"
        if is_xlsx:
            for name in SI.xlsx_sheet_names(path):
                self.sheet.addItem(name, name)
            if sheet:
                self.sheet.setCurrentIndex(max(0, self.sheet.findData(sheet)))
        self.sheet.setEnabled(is_xlsx)
        self.sheet.blockSignals(False)
        self._recognise()

    def _recognise(self) -> None:
        if not self.path:
            return
        self.found = SI.cctv_header(self.path, self.sheet.currentData())
        if self.found["error"]:
            self.columns.setText(self.found["error"])
            self.columns.setStyleSheet(ERROR_STYLE)
        else:
            parts = [f"{role_label(role)}: {', '.join(names)}" for role, names in self.found["columns"].items()]
            text = tr("Header in row {row}: {columns}").format(row=self.found["row"], columns="; ".join(parts))
            if self.found.get("encoding"):
                text += " " + tr("(text read as {enc})").format(enc=self.found["encoding"])
            self.columns.setText(text)
            self.columns.setStyleSheet("")
        self.changed.emit()

    def blocking_problem(self) -> str:
        if self.found is None:
            return tr("Choose a file first.")
        return self.found["error"]

    def is_complete(self) -> bool:
        return not self.blocking_problem()

    def options(self) -> dict:
        return {"path": self.path, "sheet": self.sheet.currentData(), "assess": self.assess.isChecked()}
