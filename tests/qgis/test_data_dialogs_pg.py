"""The data actions on a project whose store is in PostGIS: the import wizard and the Export dialog name
the store (no file name made of a connection string) and work on it; the backup of the project's store
and a restore into a new PostGIS schema, driven like a user."""
import csv
import time
import uuid

import pytest
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.dialogs import backup_dialog as B
from safe_municipal.dialogs.export_dialog import close_export_dialogs, open_export_dialog
from safe_municipal.dialogs.import_wizard import close_import_wizards, open_import_wizard
from safe_municipal.layers import store_ref
from safe_municipal.layers.store_copy import discard_target, table_checksums


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture()
def pg_project(sample_store, pg_copy, qgis_iface, qgis_new_project, english):
    from safe_municipal.layers.project import load_store

    pg = pg_copy(sample_store.path)
    load_store(pg.ref, QgsProject.instance())
    yield pg
    close_export_dialogs()
    close_import_wizards(silent=True)
    B.cancel_backup_tasks()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_wizard_and_the_export_dialog_on_a_postgis_store(pg_project, qgis_iface, tmp_path):
    from safe_municipal.layers.project import find_layer

    wizard = open_import_wizard(qgis_iface)
    assert wizard is not None and wizard.store_epsg == 4546
    assert pg_project.schema in wizard.windowTitle() and "host=" not in wizard.windowTitle()
    wizard.close()
    layer = find_layer(QgsProject.instance(), "manhole", pg_project.ref)
    qgis_iface.setActiveLayer(layer)
    dialog = open_export_dialog(qgis_iface)
    assert pg_project.schema in dialog.windowTitle() and "host=" not in dialog.windowTitle()
    assert dialog.current_table() == "manhole"
    layer.selectByExpression("\"code\" = 'JC0002'")
    dialog.selected.setChecked(True)
    target = tmp_path / "selected.csv"
    dialog.file.setFilePath(str(target))
    assert dialog.export_button.isEnabled(), dialog.problem()
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for(lambda: dialog.task is None)
    assert dialog.result["rows"] == 1
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert [r["code"] for r in csv.DictReader(fh)] == ["JC0002"]


def test_backup_of_the_postgis_store_and_restore_into_a_new_schema(pg_project, qgis_iface, store_db, tmp_path):
    from pg_support import pg_ref

    msgs = Messages(qgis_iface)
    assert B.backup_current_store(qgis_iface, str(tmp_path / "shared")) is not None
    wait_for(lambda: not B.running_tasks())
    assert "Backed up the store to" in msgs(Qgis.Success)[-1]
    zip_path = tmp_path / "shared.zip"
    # onto the project's own store: refused
    assert B.start_restore(qgis_iface, str(zip_path), pg_project.ref) is None
    assert "close it first" in msgs(Qgis.Warning)[-1]
    target = pg_ref(store_db, f"sm_r_{uuid.uuid4().hex[:8]}")
    try:
        B.restore_store_dialog(qgis_iface, str(zip_path), target)
        wait_for(lambda: not B.running_tasks())
        wait_for(lambda: not B.running_tasks())
        assert "Restored the store to" in msgs(Qgis.Success)[-1]
        with store_ref.open_store(target, writable=False) as s:
            assert table_checksums(s) == table_checksums(pg_project)
    finally:
        discard_target(target, True)
