"""The three pages of the import wizard: the source, its options (mapping), the run and its report."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ...i18n import tr
from . import source_info as SI
from .facilities_panel import ERROR_STYLE, FacilitiesPanel
from .panels import CctvPanel, OsmPanel, SwmmPanel

#: Rejections listed in the report table (the saved report has them all).
MAX_LISTED = 5000


class SourcePage(QWizardPage):
    """The file, what kind of import it is for (detected, can be changed) and, for a file of several
    layers, which one."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(tr("Source"))
        self.setSubTitle(tr("Choose the file to import. Its type is detected; change it if the guess is wrong."))
        self.path = ""
        self.layers: list = []
        self.cctv_sheet: Optional[str] = None
        self.detected = SI.FACILITIES
        self.file = QgsFileWidget()
        self.file.setObjectName("importFile")
        self.file.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.file.setFilter(SI.file_filter())
        self.file.setDialogTitle(tr("Choose the file to import"))
        self.file.fileChanged.connect(self.set_path)
        self.type = QComboBox()
        self.type.setObjectName("importType")
        for t in SI.SOURCE_TYPES:
            self.type.addItem(SI.type_label(t), t)
        self.type.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.layer = QComboBox()
        self.layer.setObjectName("importLayer")
        self.layer.currentIndexChanged.connect(lambda _i: self._layer_changed())
        self.layer_label = QLabel(tr("Layer"))
        self.status = QLabel()
        self.status.setObjectName("importSourceStatus")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("File"), self.file)
        form.addRow(tr("Type"), self.type)
        form.addRow(self.layer_label, self.layer)
        form.addRow(self.status)
        self._type_changed()

    def _layer_changed(self) -> None:
        self.status.setText(self.problem() or self._description())
        self.status.setStyleSheet(ERROR_STYLE if self.problem() else "")
        self.completeChanged.emit()

    def set_path(self, path: str) -> None:
        """Take ``path``: detect its type and list its layers."""
        self.path = str(path or "")
        if self.file.filePath() != self.path:
            self.file.blockSignals(True)
            self.file.setFilePath(self.path)
            self.file.blockSignals(False)
        self.layers, self.cctv_sheet, self.detected = [], None, SI.FACILITIES
        if self.path and self._readable(Path(self.path)):
            kind, self.cctv_sheet = SI.detect_type(self.path)
            self.detected = kind
            self.type.blockSignals(True)
            self.type.setCurrentIndex(self.type.findData(kind))
            self.type.blockSignals(False)
            if kind == SI.FACILITIES or Path(self.path).suffix.lower() not in (".osm", ".pbf", ".inp"):
                self.layers = SI.list_layers(self.path)
        self._type_changed()

    @staticmethod
    def _readable(p: Path) -> bool:
        """A file, or a FileGDB folder (other folders are not imported)."""
        return p.is_file() or (p.is_dir() and p.suffix.lower() == ".gdb")

    def source_type(self) -> str:
        return self.type.currentData()

    def _type_changed(self) -> None:
        facilities = self.source_type() == SI.FACILITIES
        self.layer.blockSignals(True)
        self.layer.clear()
        if facilities:
            for info in self.layers:
                geometry = info.geometry or tr("no geometry")
                self.layer.addItem(tr("{name} — {geometry}, {n} features").format(
                    name=info.name, geometry=geometry, n=info.count), info.name)
            with_geometry = [i for i, info in enumerate(self.layers) if info.geometry is not None]
            if with_geometry:
                self.layer.setCurrentIndex(with_geometry[0])
        self.layer.blockSignals(False)
        several = facilities and len(self.layers) > 1
        self.layer.setVisible(several)
        self.layer_label.setVisible(several)
        self._layer_changed()

    def _description(self) -> str:
        if not self.path:
            return ""
        t = self.source_type()
        text = tr("Detected: {type}.").format(type=SI.type_label(t)) if t == self.detected else \
            tr("Read as: {type} (it looked like: {detected}).").format(type=SI.type_label(t),
                                                                   detected=SI.type_label(self.detected))
        layer = self.chosen_layer() if t == SI.FACILITIES else None
        if layer is not None:
            text += " " + tr("Layer {name}: {geometry}, {n} features.").format(
                name=layer.name, geometry=layer.geometry or tr("no geometry"), n=layer.count)
        return text

    def chosen_layer(self) -> Optional[SI.LayerInfo]:
        name = self.layer.currentData()
        for info in self.layers:
            if info.name == name:
                return info
        return None

    def problem(self) -> str:
        if not self.path:
            return tr("Choose a file.")
        if not Path(self.path).exists():
            return tr("{file} does not exist.").format(file=self.path)
        if not self._readable(Path(self.path)):
            return tr("{file} is a folder: choose a file.").format(file=self.path)
        t = self.source_type()
        if t == SI.OSM and not self.path.lower().endswith((".osm", ".pbf")):
            return tr("An OpenStreetMap file ends with .osm or .osm.pbf.")
        if t == SI.FACILITIES:
            if not self.layers:
                return tr("{file} is not a vector file GDAL can read.").format(file=Path(self.path).name)
            if self.chosen_layer() is None:
                return tr("Choose a layer.")
        return ""

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return not self.problem()


class OptionsPage(QWizardPage):
    """The options of the chosen import type; for facilities the field map and its preview."""

    def __init__(self, wizard, parent=None):
        super().__init__(parent)
        self.wiz = wizard
        self.setTitle(tr("Options"))
        self.mode = QComboBox()
        self.mode.setObjectName("importMode")
        self.mode.addItem("", "append")
        self.mode.addItem("", "update")
        self._mode_texts(SI.FACILITIES)
        self.strict = QCheckBox(tr("Strict: write nothing when any row is refused"))
        self.strict.setObjectName("importStrict")
        self.facilities = FacilitiesPanel(mode=lambda: self.mode.currentData())
        self.osm, self.swmm, self.cctv = OsmPanel(), SwmmPanel(), CctvPanel()
        self.stack = QStackedWidget()
        self.panels = {SI.FACILITIES: self.facilities, SI.OSM: self.osm, SI.SWMM: self.swmm, SI.CCTV: self.cctv}
        for panel in self.panels.values():
            self.stack.addWidget(panel)
            panel.changed.connect(self._changed)
        self.mode.currentIndexChanged.connect(lambda _i: self.facilities.schedule_preview())
        self.problem = QLabel()
        self.problem.setObjectName("importBlocking")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.copy_button = QPushButton(tr("Copy as Processing parameters"))
        self.copy_button.setObjectName("importCopyParams")
        self.copy_button.setToolTip(tr("Copy the algorithm and its parameters (JSON, FIELD_MAP included) to the "
                                       "clipboard, to run the same import in batch or with qgis_process"))
        self.copy_button.clicked.connect(lambda _checked=False: self.wiz.copy_parameters())
        bottom = QHBoxLayout()
        bottom.addWidget(self.mode, 1)
        bottom.addWidget(self.strict)
        bottom.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.problem)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Import"))

    def _mode_texts(self, source_type: str) -> None:
        if source_type == SI.CCTV:
            texts = (tr("Append: add new inspections (one of the same pipe and date in the store is refused)"),
                     tr("Update: replace the defects of an inspection of the same pipe and date"))
        else:
            texts = (tr("Append: add new rows (a code already in the store is refused)"),
                     tr("Update by code: update the rows whose code is in the store, add the others"))
        for i, text in enumerate(texts):
            self.mode.setItemText(i, text)

    def panel(self):
        return self.panels[self.wiz.source_page.source_type()]

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        src = self.wiz.source_page
        t = src.source_type()
        self.setSubTitle(SI.type_label(t))
        self.stack.setCurrentWidget(self.panels[t])
        self._mode_texts(t)
        if t == SI.FACILITIES:
            layer = src.chosen_layer()
            # the layer is named only in a file of several (a CSV is read through a renamed copy)
            name = layer.name if layer is not None and len(src.layers) > 1 else ""
            self.facilities.load(src.path, name, layer.geometry if layer else None, self.wiz.store_path,
                                 self.wiz.store_epsg)
        elif t == SI.CCTV:
            self.cctv.load(src.path, src.cctv_sheet)
        else:
            self.panels[t].load(src.path)
        self._changed()

    def _changed(self) -> None:
        self.problem.setText(self.panel().blocking_problem() if self.wiz.source_page.path else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.wiz.source_page.path) and self.panel().is_complete()

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        """Import only when no layer of the store is being edited (the page stays open to save them)."""
        problem = self.wiz.editing_problem()
        if problem:
            self.problem.setText(problem)
            return False
        return True

    def options(self) -> dict:
        out = dict(self.panel().options())
        out.update(mode=self.mode.currentData(), strict=self.strict.isChecked())
        return out


class RunPage(QWizardPage):
    """Runs the import (progress, cancel) and shows its report."""

    def __init__(self, wizard, parent=None):
        super().__init__(parent)
        self.wiz = wizard
        self.setTitle(tr("Import"))
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton(tr("Cancel import"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(lambda _checked=False: self.wiz.cancel_import())
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.counts = QTableWidget(0, 4)
        self.counts.setObjectName("importCounts")
        self.counts.setHorizontalHeaderLabels([tr("Table"), tr("Inserted"), tr("Updated"), tr("Unchanged")])
        self.warnings = QListWidget()
        self.warnings.setObjectName("importWarnings")
        self.rejected = QTableWidget(0, 5)
        self.rejected.setObjectName("importRejected")
        self.rejected.setHorizontalHeaderLabels([tr("Row"), tr("Table"), tr("Field"), tr("Reason"), tr("Value")])
        for table in (self.counts, self.rejected):
            table.verticalHeader().hide()
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        self.rejected.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton(tr("Save report…"))
        self.save_button.setObjectName("importSaveReport")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda _checked=False: self.wiz.save_report())
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(tr("Rows written")))
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(tr("Warnings")))
        layout.addWidget(self.warnings)
        layout.addWidget(QLabel(tr("Refused rows")))
        layout.addWidget(self.rejected, 2)
        layout.addWidget(self.save_button)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.wiz.start_import()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.wiz.task is None

    def running(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.cancel_button.setEnabled(on)
        self.completeChanged.emit()

    def show_report(self, report) -> None:
        tables = sorted(set(report.inserted) | set(report.updated) | set(getattr(report, "unchanged", {})))
        self.counts.setRowCount(len(tables))
        for r, t in enumerate(tables):
            for c, value in enumerate((t, report.inserted.get(t, 0), report.updated.get(t, 0),
                                       getattr(report, "unchanged", {}).get(t, 0))):
                self.counts.setItem(r, c, QTableWidgetItem(str(value)))
        self.warnings.clear()
        self.warnings.addItems([str(w) for w in report.warnings])
        listed = report.rejected[:MAX_LISTED]
        self.rejected.setRowCount(len(listed))
        for r, rej in enumerate(listed):
            value = "" if rej.value is None else str(rej.value)
            for c, text in enumerate((str(rej.source_row), rej.table, rej.field, str(rej.reason), value[:300])):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip(text)
                self.rejected.setItem(r, c, item)
        self.rejected.resizeColumnsToContents()
        self.save_button.setEnabled(True)
