"""The Export dialog and the backup / restore actions, driven like a user."""
import csv
import json
import time
import zipfile

import pytest
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.dialogs import backup_dialog as B
from safe_municipal.dialogs.export_dialog import PLAN, ExportDialog, close_export_dialogs, open_export_dialog
from safe_municipal.layers.gpkg import GpkgStore


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture()
def store(sample_store, qgis_iface, qgis_new_project, english):
    from safe_municipal.layers.project import load_store

    load_store(sample_store.path, QgsProject.instance())
    yield sample_store
    close_export_dialogs()
    B.cancel_backup_tasks()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def export(dialog):
    assert dialog.export_button.isEnabled(), dialog.problem()
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    wait_for(lambda: dialog.task is None)
    return dialog.result


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_without_store_the_actions_warn(qgis_iface, qgis_new_project):
    msgs = Messages(qgis_iface)
    assert open_export_dialog(qgis_iface) is None
    assert B.backup_current_store(qgis_iface, "/tmp/never.zip") is None
    assert len(msgs(Qgis.Warning)) == 2


def test_export_a_layer_to_geojson(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    dialog = open_export_dialog(qgis_iface)
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    dialog.set_table("drain_pipe")
    assert not dialog.export_button.isEnabled()  # no file yet
    dialog.file.setFilePath(str(tmp_path / "pipes.txt"))
    assert not dialog.export_button.isEnabled() and "unknown" in dialog.format_label.text()
    target = tmp_path / "pipes.geojson"
    dialog.file.setFilePath(str(target))
    assert dialog.format_label.text().startswith("GeoJSON")
    res = export(dialog)
    assert res["rows"] == 3 and res["format"] == "geojson"
    data = json.loads(target.read_text("utf-8"))
    assert [f["properties"]["code"] for f in data["features"]] == ["GD0001", "GD0002", "GD0003"]
    assert data["features"][0]["properties"]["usage"] == "storm"
    lon, lat = data["features"][0]["geometry"]["coordinates"][0]
    assert 110 < lon < 112 and 30 < lat < 31  # RFC 7946: longitude/latitude
    (line,) = msgs(Qgis.Success)
    assert "Exported 3 rows of drain_pipe" in line and str(target) in line
    assert "Exported 3 rows" in dialog.status.text()

    # value labels, and an SQL condition
    dialog.value_labels.setChecked(True)
    dialog.filter.setText("diameter_mm >= 800")
    assert dialog.use_filter.isChecked()
    labelled = tmp_path / "big.geojson"
    dialog.file.setFilePath(str(labelled))
    assert export(dialog)["rows"] == 2
    props = [f["properties"] for f in json.loads(labelled.read_text("utf-8"))["features"]]
    assert [p["code"] for p in props] == ["GD0002", "GD0003"] and props[0]["usage"] == "Sewage (污水)"


def test_export_only_the_selected_features(store, qgis_iface, tmp_path):
    from safe_municipal.layers.project import find_layer

    layer = find_layer(QgsProject.instance(), "manhole", store.path)
    qgis_iface.setActiveLayer(layer)
    dialog = open_export_dialog(qgis_iface)
    assert dialog.current_table() == "manhole"  # the active layer's table
    assert not dialog.selected.isEnabled() and "none selected" in dialog.selected.text()
    layer.selectByExpression("\"code\" = 'JC0002'")
    assert dialog.selected.isEnabled() and "1 features selected" in dialog.selected.text()
    dialog.selected.setChecked(True)
    target = tmp_path / "selected.csv"
    dialog.file.setFilePath(str(target))
    assert export(dialog)["rows"] == 1
    rows = read_csv(target)
    assert [r["code"] for r in rows] == ["JC0002"] and rows[0]["WKT"].startswith("POINT")
    layer.removeSelection()
    assert not dialog.export_button.isEnabled() and "No feature" in dialog.problem()


def test_bad_filter_and_the_plan(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    dialog = open_export_dialog(qgis_iface)
    dialog.set_table("road")
    dialog.filter.setText("no_such_column = 1")
    dialog.file.setFilePath(str(tmp_path / "roads.xlsx"))
    assert export(dialog) is None
    (line,) = msgs(Qgis.Critical)
    assert "cannot be used" in line and not (tmp_path / "roads.xlsx").exists()
    assert "cannot be used" in dialog.status.text()
    # the plan: planned maintenance rows of every plan (none in the sample store; one planned now)
    with GpkgStore.open(store.path) as s:
        s.update("maintenance", store.work, {"status": "planned", "plan_ref": "2026"})
    dialog.set_table(PLAN)
    assert [dialog.plan_ref.itemData(i) for i in range(dialog.plan_ref.count())] == [None, "2026"]
    dialog.plan_ref.setCurrentIndex(1)
    dialog.all_rows.setChecked(True)
    plan = tmp_path / "plan.csv"
    dialog.file.setFilePath(str(plan))
    assert export(dialog)["rows"] == 1 and [r["plan_ref"] for r in read_csv(plan)] == ["2026"]


def test_backup_and_restore_to_a_new_file(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    backup = tmp_path / "backup"  # ".zip" is added
    task = B.backup_current_store(qgis_iface, str(backup))
    assert task is not None
    wait_for(lambda: not B.running_tasks())
    zip_path = tmp_path / "backup.zip"
    assert zipfile.is_zipfile(zip_path)
    (line,) = msgs(Qgis.Success)
    assert "Backed up the store to" in line and " tables, " in line

    # restoring onto the store open in the project is refused
    assert B.start_restore(qgis_iface, str(zip_path), store.path, overwrite=True) is None
    assert "close it first" in msgs(Qgis.Warning)[-1]
    # onto an existing file without overwrite: refused too
    other = tmp_path / "other.gpkg"
    other.write_bytes(b"x")
    assert B.start_restore(qgis_iface, str(zip_path), str(other)) is None
    assert "exists already" in msgs(Qgis.Warning)[-1]

    target = tmp_path / "restored.gpkg"
    B.restore_store_dialog(qgis_iface, str(zip_path), str(target))
    wait_for(lambda: not B.running_tasks())  # verification, then the restore it starts
    wait_for(lambda: target.exists() and not B.running_tasks())
    assert "Restored the store to" in msgs(Qgis.Success)[-1]
    with GpkgStore.open(str(target), writable=False) as s, GpkgStore.open(store.path, writable=False) as orig:
        for table, n in store.counts.items():
            assert s.count(table) == orig.count(table) == n


def test_restore_of_a_damaged_backup_is_refused(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", "{}")
    B.restore_store_dialog(qgis_iface, str(bad), str(tmp_path / "never.gpkg"))
    wait_for(lambda: not B.running_tasks())
    (line,) = msgs(Qgis.Critical)
    assert "cannot be restored" in line and "not a Safe Municipal backup" in line
    assert not (tmp_path / "never.gpkg").exists()


def test_data_controller_opens_and_unload_closes(store, qgis_iface):
    from safe_municipal.dialogs.data_actions import DataController
    from safe_municipal.dialogs.import_wizard import ImportWizard

    controller = DataController(qgis_iface)
    wizard, dialog = controller.import_data(), controller.export()
    assert isinstance(wizard, ImportWizard) and isinstance(dialog, ExportDialog)
    assert wizard.isVisible() and dialog.isVisible()
    controller.unload()
    assert not wizard.isVisible() and not dialog.isVisible()
