"""The Export dialog: one store table (a facility layer, records, the plan, programme tables) to a file.

The table, which rows (all; an SQL condition on the table's fields; or only the features selected on
the map in the project's layer of that table, as ``uid IN (…)``), the file (GeoPackage, Shapefile,
GeoJSON, CSV or XLSX by its extension) and whether value lists go out as their labels. The export
runs in an :class:`ExportTask` (``layers.export_layer.export_table`` / ``export_plan`` on the store
opened read-only); the message bar gets the rows written and any warnings. The dialog stays open
for another export.
"""
from __future__ import annotations

from typing import Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsFeatureRequest, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
)

from ..core import schema as S
from ..i18n import tr, translate
from .data_actions import store_title
from .messages import OpenDialogs, describe_problem, log, push
from .tasks import FeedbackTask

PLAN = "__plan__"
#: Above this many selected features the filter lists fids (integers) rather than uid parameters.
MAX_UID_PARAMETERS = 30000
ERROR_STYLE = "color: #b00020;"


def table_entries() -> list:
    """[(label, data)] of the table combo, in groups; data None is a separator."""
    def entry(t):
        return f"{translate(S.TR_CONTEXT, t.label)} ({t.name})", t.name

    out = [entry(t) for t in S.FACILITY_TABLES] + [("", None)]
    out += [entry(t) for t in S.RECORD_TABLES + S.DETAIL_TABLES] + [("", None)]
    out.append((tr("Maintenance plan (planned works)"), PLAN))
    out += [entry(t) for t in S.PROGRAMME_TABLES + S.SYSTEM_TABLES]
    return out


def file_filter() -> str:
    return ";;".join((tr("GeoPackage (*.gpkg)"), tr("ESRI Shapefile (*.shp)"), tr("GeoJSON (*.geojson *.json)"),
                      tr("CSV (*.csv)"), tr("Excel (*.xlsx)")))


def format_name(fmt: str) -> str:
    return {"gpkg": tr("GeoPackage"), "shp": tr("ESRI Shapefile (UTF-8, short field names)"),
            "geojson": tr("GeoJSON (RFC 7946, EPSG:4326)"), "csv": tr("CSV (UTF-8 with BOM, geometry as WKT)"),
            "xlsx": tr("Excel workbook (geometry as WKT)")}.get(fmt, fmt)


class ExportTask(FeedbackTask):
    """Exports ``table`` (or the plan) of the store at ``store_path``; ``counts["result"]``."""

    def __init__(self, store_path: str, table: str, path: str, where: Optional[str] = None, params=(),
                 value_labels: bool = False, plan_ref: Optional[str] = None, on_done: Optional[Callable] = None):
        super().__init__(tr("Exporting {table}").format(table=table), on_done)
        self.store_path, self.table, self.path = str(store_path), table, str(path)
        self.where, self.params, self.value_labels, self.plan_ref = where, tuple(params), value_labels, plan_ref

    def work(self):
        from ..layers.export_layer import export_plan, export_table
        from ..layers.store_ref import open_store

        with open_store(self.store_path, writable=False) as store:
            if self.table == PLAN:
                result = export_plan(store, self.path, self.plan_ref, value_labels=self.value_labels,
                                     feedback=self.feedback)
            else:
                result = export_table(store, self.table, self.path, where=self.where, params=self.params,
                                      value_labels=self.value_labels, feedback=self.feedback)
        return {"result": result}


def selection_filter(layer) -> tuple:
    """``(where, params, n)`` selecting the features selected in ``layer`` (a store layer)."""
    n = layer.selectedFeatureCount()
    if n > MAX_UID_PARAMETERS:
        fids = sorted(int(f) for f in layer.selectedFeatureIds() if int(f) >= 0)
        return f"fid IN ({', '.join(str(f) for f in fids)})", (), len(fids)
    request = QgsFeatureRequest().setSubsetOfAttributes(["uid"], layer.fields())
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    uids = [f["uid"] for f in layer.getSelectedFeatures(request) if f["uid"]]
    return f"uid IN ({', '.join('?' * len(uids))})", tuple(uids), len(uids)


class ExportDialog(QDialog):
    """Export one table of the store at ``store_path`` (see the module docstring)."""

    def __init__(self, iface, store_path: str, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.store_path = str(store_path)
        self.task: Optional[ExportTask] = None
        self.result: Optional[dict] = None
        self.error = ""
        self._alive = False  # True once every widget exists (signals fire while they are made)
        self._watched = None
        self.setObjectName("SafeMunicipalExportDialog")
        self.setWindowTitle(tr("Export from {file}").format(file=store_title(self.store_path)))

        self.table = QComboBox()
        self.table.setObjectName("exportTable")
        for label, data in table_entries():
            if data is None:
                self.table.insertSeparator(self.table.count())
            else:
                self.table.addItem(label, data)
        self.table.currentIndexChanged.connect(lambda _i: self._table_changed())
        self.plan_ref = QComboBox()
        self.plan_ref.setObjectName("exportPlanRef")
        self.plan_label = QLabel(tr("Plan"))

        self.all_rows = QRadioButton(tr("All rows"))
        self.all_rows.setObjectName("exportAllRows")
        self.use_filter = QRadioButton(tr("Rows matching an SQL condition"))
        self.use_filter.setObjectName("exportUseFilter")
        self.selected = QRadioButton(tr("Only the features selected on the map"))
        self.selected.setObjectName("exportSelected")
        self.rows_group = QButtonGroup(self)
        for b in (self.all_rows, self.use_filter, self.selected):
            self.rows_group.addButton(b)
            b.toggled.connect(lambda _on: self._update())
        self.all_rows.setChecked(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("exportFilter")
        self.filter.setPlaceholderText(tr("e.g. district = '西陵区' AND built_year < 1990"))
        self.filter.textChanged.connect(lambda _t: self.use_filter.setChecked(True) if _t else None)

        self.file = QgsFileWidget()
        self.file.setObjectName("exportFile")
        self.file.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.file.setFilter(file_filter())
        self.file.setDialogTitle(tr("Export to"))
        self.file.fileChanged.connect(lambda _p: self._update())
        self.format_label = QLabel()
        self.format_label.setObjectName("exportFormat")
        self.value_labels = QCheckBox(tr("Value labels instead of codes (for reading and printing; codes import "
                                         "back unchanged)"))
        self.value_labels.setObjectName("exportValueLabels")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Table"), self.table)
        form.addRow(self.plan_label, self.plan_ref)
        form.addRow(tr("Rows"), self.all_rows)
        form.addRow("", self.use_filter)
        form.addRow("", self.filter)
        form.addRow("", self.selected)
        form.addRow(tr("File"), self.file)
        form.addRow(tr("Format"), self.format_label)
        form.addRow("", self.value_labels)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.export_button.setObjectName("exportRun")
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        self._alive = True
        self._preselect()
        self._table_changed()

    # ---------------------------------------------------------------- choices
    def _preselect(self) -> None:
        """Start on the table of the active layer when it is one of the store's."""
        active = getattr(self.iface, "activeLayer", lambda: None)() if self.iface is not None else None
        table = active.customProperty("safe_municipal/table") if active is not None else None
        if table:
            self.set_table(table)

    def set_table(self, table: str) -> None:
        self.table.setCurrentIndex(max(0, self.table.findData(table)))

    def current_table(self) -> str:
        return self.table.currentData() or ""

    def layer(self):
        """The project's layer of the chosen table of this store (None for the plan or when absent)."""
        from ..layers.project import find_layer

        table = self.current_table()
        if not table or table == PLAN:
            return None
        layer = find_layer(QgsProject.instance(), table, self.store_path)
        return layer if layer is not None and layer.isValid() else None

    def _watch(self, layer) -> None:
        """Follow the selection of ``layer`` (the chosen table's layer) in the "selected" option."""
        if self._watched is not None:
            try:
                self._watched.selectionChanged.disconnect(self._selection_changed)
            except (TypeError, RuntimeError):
                pass
        self._watched = layer
        if layer is not None:
            layer.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self, *_args) -> None:
        self._update()

    def _table_changed(self) -> None:
        self._watch(self.layer())
        plan = self.current_table() == PLAN
        self.plan_ref.setVisible(plan)
        self.plan_label.setVisible(plan)
        if plan:
            self._fill_plans()
        self._update()

    def _fill_plans(self) -> None:
        from ..layers.export_layer import plan_where
        from ..layers.store_ref import open_store

        self.plan_ref.clear()
        self.plan_ref.addItem(tr("All plans"), None)
        where, params = plan_where()
        try:
            with open_store(self.store_path, writable=False) as store:
                refs = sorted({r["plan_ref"] for r in store.rows("maintenance", where + " AND plan_ref IS NOT NULL",
                                                                 params, columns=["plan_ref"])})
        except Exception as e:  # noqa: BLE001 - the export itself reports an unreadable store
            log(tr("The plans of {file} could not be listed: {error}").format(file=self.store_path, error=e),
                Qgis.Warning)
            refs = []
        for ref in refs:
            self.plan_ref.addItem(ref, ref)

    def problem(self) -> str:
        """Why Export cannot run now ("" when it can)."""
        from ..layers.export_layer import ExportError, export_format

        if self.task is not None:
            return tr("An export is running.")
        if not self.current_table():
            return tr("Choose a table.")
        if self.selected.isChecked():
            layer = self.layer()
            if layer is None:
                return tr("The layer of this table is not in the project: there is no selection to export.")
            if layer.selectedFeatureCount() == 0:
                return tr("No feature of {layer} is selected.").format(layer=layer.name())
        if self.use_filter.isChecked() and not self.filter.text().strip():
            return tr("Write the SQL condition, or choose all rows.")
        path = self.file.filePath().strip()
        if not path:
            return tr("Choose the file to write.")
        try:
            export_format(path)
        except ExportError as e:
            return str(e)
        return ""

    def _update(self) -> None:
        if not self._alive:
            return
        layer = self.layer()
        n = layer.selectedFeatureCount() if layer is not None else 0
        self.selected.setEnabled(n > 0 or self.selected.isChecked())
        self.selected.setText(tr("Only the {n} features selected on the map").format(n=n) if n else
                              tr("Only the features selected on the map (none selected)"))
        from ..layers.export_layer import ExportError, export_format

        try:
            fmt, _target = export_format(self.file.filePath().strip()) if self.file.filePath().strip() else ("", None)
            self.format_label.setText(format_name(fmt) if fmt else "")
        except ExportError:
            self.format_label.setText(tr("unknown: the file name ends with .gpkg, .shp, .geojson, .csv or .xlsx"))
        problem = self.problem()
        self.export_button.setEnabled(not problem)
        if self.task is None:
            self.status.setText(problem if problem and self.file.filePath().strip() else "")
            self.status.setStyleSheet(ERROR_STYLE if problem else "")

    # ---------------------------------------------------------------- running
    def export(self) -> Optional[ExportTask]:
        problem = self.problem()
        if problem:
            self.status.setText(problem)
            self.status.setStyleSheet(ERROR_STYLE)
            return None
        table = self.current_table()
        where, params = None, ()
        if self.use_filter.isChecked():
            where = self.filter.text().strip()
        elif self.selected.isChecked():
            layer = self.layer()
            where, params, _n = selection_filter(layer)
            if layer.isEditable() and layer.isModified():
                push(self.iface, tr("{layer} has unsaved edits: the file gets the saved rows.").format(
                    layer=layer.name()), Qgis.Warning)
        task = ExportTask(self.store_path, table, self.file.filePath().strip(), where, params,
                          self.value_labels.isChecked(), self.plan_ref.currentData() if table == PLAN else None,
                          on_done=self._done)
        self.task, self.result, self.error = task, None, ""
        task.progressChanged.connect(self._progress)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(tr("Exporting…"))
        self._update()
        QgsApplication.taskManager().addTask(task)
        return task

    def _progress(self, value: float) -> None:
        if self._alive:
            self.progress.setValue(int(value))

    def _done(self, task: ExportTask) -> None:
        if self.task is task:
            self.task = None
        name = tr("the maintenance plan") if task.table == PLAN else task.table
        if task.error is not None:
            from ..layers.errors import StoreError

            self.error = describe_problem(task.error, self.store_path) if isinstance(task.error, StoreError) \
                else (str(task.error) or type(task.error).__name__)
            push(self.iface, tr("Exporting {table} failed: {problem}").format(table=name, problem=self.error),
                 Qgis.Critical, details=task.details)
        elif not task.succeeded:
            self.error = tr("The export was cancelled; no file was written.")
            push(self.iface, self.error, Qgis.Warning)
        else:
            self.result = res = task.counts["result"]
            text = tr("Exported {n} rows of {table} to {file}.").format(n=res["rows"], table=name, file=res["path"])
            warnings = list(res.get("warnings") or [])
            if warnings:
                text += " " + tr("Warnings: {warnings}").format(warnings=" ".join(warnings))
            push(self.iface, text, Qgis.Warning if warnings else Qgis.Success)
        if not self._alive:
            return
        self.progress.hide()
        self._update()
        self.status.setText(self.error or tr("Exported {n} rows to {file}.").format(
            n=self.result["rows"], file=self.result["path"]))
        self.status.setStyleSheet(ERROR_STYLE if self.error else "")

    def done(self, result):
        """Closing cancels a running export (its file is not written then)."""
        self._alive = False
        self._watch(None)
        if self.task is not None:
            task, self.task = self.task, None
            task.cancel()
        super().done(result)


_OPEN = OpenDialogs()


def open_export_dialog(iface, parent=None) -> Optional[ExportDialog]:
    """Open the Export dialog on the project's store (None, with a message-bar warning, without one)."""
    return _OPEN.open(iface, ExportDialog, parent)


def close_export_dialogs(silent: bool = False) -> None:
    """Close every open Export dialog; a running export is cancelled (no file written). ``silent``
    (plugin unload): the cancelled task reports nothing any more."""
    _OPEN.close_all(silent)
