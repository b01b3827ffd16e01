"""The Generate demo city dialog: output file, scale and seed (built in code, no .ui)."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from ..i18n import tr
from ..settings import Settings
from .store_actions import store_in_project


def scale_choices() -> list:
    """(scale id, label) pairs in the order the generator knows them."""
    labels = {
        "tiny": tr("Tiny: about 200 pipes (for tests)"),
        "small": tr("Small: a few hundred pipes, ready in a second"),
        "medium": tr("Medium: the district centres, about 10,000 pipes"),
        "city": tr("City: the whole urban area, over 100,000 pipes (benchmarks)"),
    }
    from ..core.demo.scales import SCALES

    return [(s, labels.get(s, s)) for s in SCALES]


class DemoCityDialog(QDialog):
    """Asks where to write the demo city, at which scale and seed, and whether to load it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("SafeMunicipalDemoDialog")
        self.setWindowTitle(tr("Generate demo city"))
        settings = Settings.load()

        intro = QLabel(tr("Writes a Yichang-like demo city (districts, roads, bridges, tunnels, drainage "
                          "network, waterlogging points and their records) into a new store. The same scale "
                          "and seed always give the same city."))
        intro.setWordWrap(True)

        self.file_widget = QgsFileWidget()
        self.file_widget.setObjectName("demoFile")
        self.file_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.file_widget.setFilter(tr("GeoPackage (*.gpkg)"))
        self.file_widget.setDialogTitle(tr("Demo city store"))
        folder = settings.last_folder if settings.last_folder and Path(settings.last_folder).is_dir() \
            else str(Path.home())
        self.file_widget.setDefaultRoot(folder)
        self.file_widget.setFilePath(str(Path(folder) / "demo_city.gpkg"))

        self.scale_combo = QComboBox()
        self.scale_combo.setObjectName("demoScale")
        for value, label in scale_choices():
            self.scale_combo.addItem(label, value)
        index = self.scale_combo.findData(settings.demo_scale)
        self.scale_combo.setCurrentIndex(index if index >= 0 else 1)

        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("demoSeed")
        self.seed_spin.setRange(0, 2_000_000_000)
        self.seed_spin.setValue(settings.demo_seed)

        self.load_check = QCheckBox(tr("Add the demo city to the project when it is ready"))
        self.load_check.setObjectName("demoLoad")
        self.load_check.setChecked(settings.demo_load)

        form = QFormLayout()
        form.addRow(tr("Store file"), self.file_widget)
        form.addRow(tr("Scale"), self.scale_combo)
        form.addRow(tr("Random seed"), self.seed_spin)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.load_check)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def path(self) -> str:
        p = self.file_widget.filePath().strip()
        if p and Path(p).suffix.lower() != ".gpkg":
            p += ".gpkg"
        return p

    def values(self) -> dict:
        return {"path": self.path(), "scale": self.scale_combo.currentData(),
                "seed": self.seed_spin.value(), "load": self.load_check.isChecked()}

    def problem(self) -> str:
        """Why the current choice cannot be used ("" when it can)."""
        path = self.path()
        if not path:
            return tr("Choose the file to write the demo city to.")
        p = Path(path)
        if not p.parent.is_dir():
            return tr("The folder {folder} does not exist.").format(folder=str(p.parent))
        if p.is_dir():
            return tr("{file} is a folder; choose a file name.").format(file=path)
        if p.exists() and store_in_project(QgsProject.instance(), p):
            return tr("{file} is open in the project; remove its layers or choose another file.").format(file=path)
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            QMessageBox.warning(self, tr("Generate demo city"), problem)
            return
        path = self.path()
        if Path(path).exists():
            answer = QMessageBox.question(
                self, tr("Generate demo city"),
                tr("{file} exists already. Replace it with the demo city once it is generated?").format(file=path),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        s = Settings.load()
        v = self.values()
        s.last_folder = str(Path(path).parent)
        s.demo_scale, s.demo_seed, s.demo_load = v["scale"], v["seed"], v["load"]
        s.save()
        super().accept()
