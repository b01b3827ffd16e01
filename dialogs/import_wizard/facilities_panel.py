"""The import wizard's mapping panel for a facilities file: kind, encoding, CRS, field map, preview.

One row per field of the chosen facility kind: a combo of the file's fields (pre-filled with the
import's own guess, :func:`core.field_mapping.guess_field_map` with the arguments the import uses),
"(none)" or "(fixed value)" with a value for every row. :meth:`FacilitiesPanel.field_map` turns the
choices into the ``FIELD_MAP`` the import and its Processing algorithm take: ``{schema field: source
field | "=value" | null}`` (null drops a field the import would have guessed; a CSV's ``x``/``y`` or
``wkt`` columns as their own keys). The preview (:mod:`.preview`) shows the first rows as the import
would write them, with every problem cell marked.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from qgis.core import Qgis, QgsCoordinateReferenceSystem
from qgis.gui import QgsProjectionSelectionWidget
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core import schema as S
from ...core.field_mapping import DBF_NAME_LENGTH, guess_field_map
from ...i18n import tr, translate
from . import source_info as SI
from .preview import Preview, build_preview

NONE, FIXED = None, "="
PROBLEM_BACKGROUND = "#f8d7da"
ERROR_STYLE = "color: #b00020;"
ENCODINGS = ("UTF-8", "GB18030", "GBK", "BIG5", "ISO-8859-1")


def field_label(kind: str, name: str) -> str:
    if name == "geom":
        return tr("Geometry")
    return translate(S.TR_CONTEXT, S.table(kind).field(name).label)


def kind_label(kind: str) -> str:
    return translate(S.TR_CONTEXT, S.table(kind).label)


class FacilitiesPanel(QWidget):
    """Kind, encoding, CRS, CSV coordinates, field map and preview of one facilities layer."""

    changed = pyqtSignal()  # whether the page is complete may have changed

    def __init__(self, parent=None, mode: Optional[Callable] = None):
        super().__init__(parent)
        self.mode = mode or (lambda: "append")
        self.path, self.layer, self.geometry = "", "", None
        self.store_path, self.store_epsg = "", S.DEFAULT_EPSG
        self.info: Optional[SI.SourceInfo] = None
        self.preview: Optional[Preview] = None
        self.guess: dict = {}
        self.combos: dict = {}
        self.fixed: dict = {}
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)

        self.kind = QComboBox()
        self.kind.setObjectName("importKind")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.encoding = QComboBox()
        self.encoding.setObjectName("importEncoding")
        self.encoding.currentIndexChanged.connect(self._encoding_changed)
        self.crs = QgsProjectionSelectionWidget()
        self.crs.setObjectName("importCrs")
        self.crs.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.crs.setNotSetText(tr("(choose the CRS of the file's coordinates)"))
        self.crs.crsChanged.connect(self._crs_changed)
        self.crs_status = QLabel()
        self.crs_status.setObjectName("importCrsStatus")
        self.crs_status.setWordWrap(True)
        self.repair = QCheckBox(tr("Repair invalid geometries and merge multi-part lines that join"))
        self.repair.setObjectName("importRepair")
        self.repair.toggled.connect(lambda _on: self.schedule_preview())
        self.info_label = QLabel()
        self.info_label.setObjectName("importSourceSummary")
        self.info_label.setWordWrap(True)

        self.coords = {}
        coords_row = QHBoxLayout()
        for key, text in (("x", tr("X / longitude")), ("y", tr("Y / latitude")), ("wkt", tr("or WKT"))):
            combo = QComboBox()
            combo.setObjectName(f"importCsv_{key}")
            combo.currentIndexChanged.connect(self._coords_changed)
            self.coords[key] = combo
            coords_row.addWidget(QLabel(text))
            coords_row.addWidget(combo, 1)
        self.coords_box = QWidget()
        self.coords_box.setLayout(coords_row)
        coords_row.setContentsMargins(0, 0, 0, 0)

        grid = QGridLayout()
        grid.addWidget(QLabel(tr("Facility kind")), 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(QLabel(tr("Text encoding")), 0, 2)
        grid.addWidget(self.encoding, 0, 3)
        grid.addWidget(QLabel(tr("Source CRS")), 1, 0)
        grid.addWidget(self.crs, 1, 1, 1, 3)
        grid.addWidget(self.crs_status, 2, 1, 1, 3)
        self.coords_label = QLabel(tr("CSV coordinates"))
        grid.addWidget(self.coords_label, 3, 0)
        grid.addWidget(self.coords_box, 3, 1, 1, 3)
        grid.addWidget(self.repair, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("importMapping")
        self.mapping.setHorizontalHeaderLabels([tr("Store field"), tr("Source field"), tr("Fixed value")])
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.mapping.setColumnWidth(0, 190)
        self.mapping.setColumnWidth(2, 110)
        self.mapping.setMinimumWidth(440)
        self.grid = QTableWidget(0, 0)
        self.grid.setObjectName("importPreview")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_status = QLabel()
        self.grid_status.setObjectName("importPreviewStatus")
        self.grid_status.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(tr("Preview: the first rows as they will be written (red cells would be refused; hover "
                          "for the reason)"))
        title.setWordWrap(True)
        right_layout.addWidget(title)
        right_layout.addWidget(self.grid, 1)
        right_layout.addWidget(self.grid_status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.mapping)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info_label)
        layout.addLayout(grid)
        layout.addWidget(split, 1)

    # ---------------------------------------------------------------- loading
    def load(self, path: str, layer: str, geometry: Optional[str], store_path: str = "",
             store_epsg: int = S.DEFAULT_EPSG) -> None:
        """Show the layer ``layer`` of ``path`` (``geometry`` from :func:`.source_info.list_layers`)."""
        self.path, self.layer, self.geometry = str(path), layer or "", geometry
        self.store_path, self.store_epsg = store_path, store_epsg
        self._loading = True
        try:
            self.info = SI.inspect_source(self.path, geometry, self.layer or None)
            if self.geometry is None and self.info.is_csv:
                from ...core.field_mapping import coordinate_columns

                if "x" in coordinate_columns(self.info.csv_header):  # coordinate columns: points
                    self.geometry = "Point"
            self._fill_encodings()
            self._fill_coordinates()
            self._fill_crs()
            self._fill_kinds()
            self._fill_mapping()
        finally:
            self._loading = False
        self.refresh_preview()

    def _reinspect(self) -> None:
        """Open the file again (another encoding or other CSV coordinates change its fields)."""
        if self._loading or not self.path:
            return
        keep = self.field_map()
        self._loading = True
        try:
            self.info = SI.inspect_source(self.path, self.geometry, self.layer or None, self.chosen_encoding(),
                                          self.coordinate_columns())
            self._fill_crs(fresh=False)
            self._fill_mapping(keep)
        finally:
            self._loading = False
        self.refresh_preview()

    def _summary(self) -> str:
        info = self.info
        if info is None:
            return ""
        if info.error:
            return info.error
        if not info.layer:
            return tr("{file} ({driver}): {n} features, {m} fields.").format(
                file=Path(info.path).name, driver=info.driver, n=info.count, m=len(info.fields))
        return tr("{file}, layer {layer} ({driver}): {n} features, {m} fields.").format(
            file=Path(info.path).name, layer=info.layer, driver=info.driver, n=info.count, m=len(info.fields))

    def _fill_encodings(self) -> None:
        info = self.info
        self.encoding.blockSignals(True)
        self.encoding.clear()
        origin = info.encoding_origin if info else ""
        enc = (info.encoding if info else None) or ""
        first = {"detected": tr("detected: {enc}"), "cpg": tr("from the .cpg file: {enc}"),
                 "bom": tr("UTF-8 byte-order mark: {enc}"), "format": tr("defined by the format: {enc}")}.get(
            origin, tr("automatic"))
        self.encoding.addItem(first.format(enc=enc), None)
        for name in ENCODINGS:
            self.encoding.addItem(name, name)
        self.encoding.setEnabled(origin not in ("format", ""))
        self.encoding.setToolTip(tr("A shapefile without .cpg or a CSV table: the encoding is detected from its "
                                    "bytes (UTF-8 or GB18030/GBK); choose another one if the names look wrong."))
        self.encoding.blockSignals(False)

    def _fill_coordinates(self) -> None:
        info = self.info
        is_csv = bool(info and info.is_csv)
        self.coords_box.setVisible(is_csv)
        self.coords_label.setVisible(is_csv)
        if not is_csv:
            return
        from ...core.field_mapping import coordinate_columns

        found = coordinate_columns(info.csv_header)
        for key, combo in self.coords.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(none)"), None)
            for h in info.csv_header:
                combo.addItem(h, h)
            combo.setCurrentIndex(max(0, combo.findData(found.get(key))) if found.get(key) else 0)
            combo.blockSignals(False)

    def coordinate_columns(self) -> dict:
        if not (self.info and self.info.is_csv):
            return {}
        return {k: c.currentData() for k, c in self.coords.items() if c.currentData()}

    def _fill_crs(self, fresh: bool = True) -> None:
        """The file's CRS shown (not editable), or the choice the user must make: ``fresh`` (another
        file) clears a CRS chosen or shown before — a CRS is never carried over to a file without one."""
        info = self.info
        self.crs.blockSignals(True)
        if info is not None and info.crs:
            self.crs.setCrs(SI.qgis_crs(info))
            self.crs.setEnabled(False)
            self.crs_status.setText(tr("Declared by the file: {crs}.").format(crs=info.crs))
            self.crs_status.setStyleSheet("")
        else:
            self.crs.setEnabled(info is not None and not info.error)
            if fresh or not self.crs.isEnabled():
                self.crs.setCrs(QgsCoordinateReferenceSystem())
        self.crs.blockSignals(False)
        self._crs_status()

    def _crs_status(self) -> None:
        info = self.info
        if info is None or info.error or info.crs:
            return
        if self.crs.crs().isValid():
            self.crs_status.setText(tr("The file has no coordinate reference system; its coordinates are read as "
                                       "{crs}.").format(crs=self.crs.crs().authid() or self.crs.crs().description()))
            self.crs_status.setStyleSheet("")
        else:
            self.crs_status.setText(tr("The file has no coordinate reference system (no .prj?): choose the CRS of its "
                                       "coordinates before importing. Coordinates are never guessed."))
            self.crs_status.setStyleSheet(ERROR_STYLE)

    def _fill_kinds(self) -> None:
        info = self.info
        self.kind.blockSignals(True)
        self.kind.clear()
        for k in SI.compatible_kinds(self.geometry):
            self.kind.addItem(kind_label(k), k)
        names = [Path(self.path).stem, info.layer if info else self.layer]
        guess = SI.guess_kind(names, self.geometry, info.fields if info else [])
        self.kind.setCurrentIndex(max(0, self.kind.findData(guess)))
        self.kind.blockSignals(False)

    def current_kind(self) -> str:
        return self.kind.currentData() or ""

    def _fill_mapping(self, keep: Optional[dict] = None) -> None:
        """One row per field of the kind, each combo set to the import's guess (or ``keep``)."""
        kind = self.current_kind()
        self.mapping.setRowCount(0)
        self.combos, self.fixed = {}, {}
        if not kind:
            return
        t = S.table(kind)
        fields = self.info.fields if self.info and not self.info.error else []
        truncated = DBF_NAME_LENGTH if self.info and self.info.driver == "ESRI Shapefile" else None
        self.guess = guess_field_map(kind, fields, schema_names=True, truncated_at=truncated)
        chosen = dict(self.guess)
        for f, src in (keep or {}).items():  # the user's choices that still make sense
            if f in t.field_names and (src is None or src.startswith(FIXED) or src in fields):
                chosen[f] = src
        bold = QFont()
        bold.setBold(True)
        self.mapping.setRowCount(len(t.fields))
        for r, f in enumerate(t.fields):
            required = f.required and f.name != "uid"
            label = QTableWidgetItem(f"{field_label(kind, f.name)}{' *' if required else ''}")
            tip = f.name
            if required:
                label.setFont(bold)
                tip += " — " + (tr("Required: every row needs a value (a file without codes gets generated codes "
                                   "in append mode)") if f.name == "code" else tr("Required: every row needs a value"))
            label.setToolTip(tip)
            self.mapping.setItem(r, 0, label)
            combo = QComboBox()
            combo.setObjectName(f"map_{f.name}")
            combo.addItem(tr("(none)"), NONE)
            combo.addItem(tr("(fixed value)"), FIXED)
            for s in fields:
                combo.addItem(s, s)
            fixed = QLineEdit()
            fixed.setObjectName(f"fixed_{f.name}")
            fixed.setPlaceholderText(tr("value for every row"))
            src = chosen.get(f.name)
            if isinstance(src, str) and src.startswith(FIXED):
                combo.setCurrentIndex(1)
                fixed.setText(src[1:])
            elif src:
                combo.setCurrentIndex(max(0, combo.findData(src)))
            fixed.setEnabled(combo.currentData() == FIXED)
            combo.currentIndexChanged.connect(lambda _i, name=f.name: self._mapping_changed(name))
            fixed.textChanged.connect(lambda _t: self.schedule_preview())
            self.mapping.setCellWidget(r, 1, combo)
            self.mapping.setCellWidget(r, 2, fixed)
            self.combos[f.name], self.fixed[f.name] = combo, fixed

    # ---------------------------------------------------------------- reactions
    def _kind_changed(self, _i) -> None:
        if self._loading:
            return
        self._fill_mapping()
        self.refresh_preview()

    def _encoding_changed(self, _i) -> None:
        self._reinspect()

    def _coords_changed(self, _i) -> None:
        self._reinspect()

    def _crs_changed(self, _crs=None) -> None:
        self._crs_status()
        self.schedule_preview()
        self.changed.emit()

    def _mapping_changed(self, name: str) -> None:
        self.fixed[name].setEnabled(self.combos[name].currentData() == FIXED)
        self.schedule_preview()

    def set_source(self, field: str, source: Optional[str]) -> None:
        """Map ``field`` to the source field ``source`` (None: "(none)"; "=value": a fixed value)."""
        combo = self.combos[field]
        if source and source.startswith(FIXED):
            combo.setCurrentIndex(1)
            self.fixed[field].setText(source[1:])
        else:
            combo.setCurrentIndex(max(0, combo.findData(source)) if source else 0)

    # ---------------------------------------------------------------- what the import gets
    def chosen_encoding(self) -> Optional[str]:
        """The encoding chosen in the combo (None: automatic)."""
        return self.encoding.currentData()

    def import_encoding(self) -> Optional[str]:
        """The ENCODING the import gets: the chosen one, or the .cpg's (see :func:`.source_info.cpg_encoding`)."""
        return self.chosen_encoding() or (self.info.import_encoding if self.info else None)

    def source_crs(self) -> str:
        """The CRS given to the import ("" when the file declares its own or none is chosen)."""
        if self.info is not None and self.info.crs:
            return ""
        return SI.crs_parameter(self.crs.crs())

    def field_map(self) -> dict:
        """``FIELD_MAP`` as the import takes it (see the module docstring)."""
        out: dict = {}
        for name, combo in self.combos.items():
            data = combo.currentData()
            if data == FIXED:
                value = self.fixed[name].text().strip()
                if value:
                    out[name] = FIXED + value
                elif name in self.guess:
                    out[name] = None
            elif data:
                out[name] = data
            elif name in self.guess:
                out[name] = None
        out.update(self.coordinate_columns())
        return out

    def crs_missing(self) -> bool:
        return bool(self.info is not None and self.info.crs_missing)

    def blocking_problem(self) -> str:
        """Why the import cannot run with these choices ("" when it can)."""
        if self.info is None:
            return tr("Choose a file first.")
        if self.info.error:
            return self.info.error
        if self.crs_missing() and not self.source_crs():
            return tr("Choose the source CRS: the file has no coordinate reference system.")
        if self.preview is not None and self.preview.error:
            return self.preview.error
        return ""

    def is_complete(self) -> bool:
        return bool(self.current_kind()) and not self.blocking_problem()

    def options(self) -> dict:
        """The keyword arguments of ``import_facilities`` (besides store, mode and strict)."""
        return {"path": self.path, "kind": self.current_kind(), "field_map": self.field_map(),
                "source_crs": self.source_crs() or None, "encoding": self.import_encoding(),
                "repair": self.repair.isChecked(), "layer": self.layer or None}

    # ---------------------------------------------------------------- preview
    def schedule_preview(self) -> None:
        if not self._loading:
            self._timer.start()

    def refresh_preview(self) -> Optional[Preview]:
        """Build the preview now with the current choices and show it."""
        self._timer.stop()
        self.info_label.setText(self._summary())
        if self.info is None or self.info.error or not self.current_kind():
            self.preview = None
            self._show_preview(None)
            self.changed.emit()
            return None
        store = None
        try:
            if self.store_path:
                from ...layers.store_ref import open_store

                try:
                    store = open_store(self.store_path, writable=False)
                except Exception:  # noqa: BLE001 - the preview works without the store check
                    store = None
            try:
                # the detected encoding given explicitly: the same reading without detecting it again
                encoding = self.import_encoding() or (self.info.encoding if self.info.encoding_origin == "detected"
                                                      else None)
                self.preview = build_preview(self.path, self.current_kind(), self.field_map(),
                                             self.source_crs() or None, encoding, self.repair.isChecked(),
                                             self.layer or None, target_epsg=self.store_epsg, mode=self.mode(),
                                             store=store, crs_missing=self.crs_missing())
            except Exception as e:  # noqa: BLE001 - a slot must not raise; the import would say the same
                import traceback

                from ..messages import log

                log(traceback.format_exc(), Qgis.Warning)
                self.preview = Preview(self.current_kind(), error=tr("The preview failed: {problem}").format(
                    problem=str(e) or type(e).__name__))
        finally:
            if store is not None:
                store.close()
        self._show_preview(self.preview)
        self.changed.emit()
        return self.preview

    def _show_preview(self, p: Optional[Preview]) -> None:
        grid = self.grid
        grid.clear()
        if p is None:
            grid.setRowCount(0)
            grid.setColumnCount(0)
            problem = self.blocking_problem()
            self.grid_status.setText(problem)
            self.grid_status.setStyleSheet(ERROR_STYLE if problem else "")
            return
        grid.setColumnCount(len(p.columns))
        grid.setHorizontalHeaderLabels([field_label(p.kind, c) for c in p.columns])
        for i, c in enumerate(p.columns):
            grid.horizontalHeaderItem(i).setToolTip(c if c == "geom" else
                                                    f"{c} ← {p.field_map.get(c, tr('(generated)'))}")
        grid.setRowCount(len(p.rows))
        grid.setVerticalHeaderLabels([str(n) for n, _cells in p.rows])
        bad = QBrush(QColor(PROBLEM_BACKGROUND))
        grey = QBrush(QColor("#777777"))
        for r, (_n, cells) in enumerate(p.rows):
            for col, c in enumerate(p.columns):
                cell = cells[c]
                item = QTableWidgetItem(cell.text)
                tips = [t for t in (cell.problem, cell.note) if t]
                if cell.problem:
                    item.setBackground(bad)
                    item.setData(Qt.ItemDataRole.UserRole, cell.problem)
                if cell.generated:
                    item.setForeground(grey)
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                if tips:
                    item.setToolTip("\n".join(tips))
                grid.setItem(r, col, item)
        grid.resizeColumnsToContents()
        if p.error:
            self.grid_status.setText(p.error)
            self.grid_status.setStyleSheet(ERROR_STYLE)
            return
        problems = p.problems()
        rows = len({n for n, _c, _p in problems})
        parts = [tr("{n} rows shown.").format(n=len(p.rows))]
        if problems:
            parts.append(tr("{rows} of them would be refused ({n} problems).").format(rows=rows, n=len(problems)))
        if p.unused:
            parts.append(tr("Not imported: {fields}.").format(fields=", ".join(p.unused)))
        self.grid_status.setText(" ".join(parts))
        self.grid_status.setStyleSheet("")
