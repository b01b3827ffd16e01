"""The "Add maintenance to selected…" dialog follows the login's grants (issue 8): on PostGIS a viewer
finds Save (and the material buttons) disabled, the tooltip and the dialog naming the login and its role,
and the database refuses the write anyway; an inspector and an editor may save; a GeoPackage allows
everything (a read-only one nothing)."""
import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import QgsFeatureRequest, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent

from safe_municipal.dialogs.bulk_maintenance import BulkMaintenanceController
from safe_municipal.layers.project import load_store


def flush():
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("bulk_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture()
def controller(qgis_iface, qgis_new_project, english):
    c = BulkMaintenanceController(qgis_iface)
    yield c
    c.unload()
    QgsProject.instance().removeAllMapLayers()
    flush()


def open_dialog(controller, loaded, n=3):
    pipes = loaded.layers["drain_pipe"]
    ids = sorted(pipes.allFeatureIds())[:n]
    pipes.selectByIds(ids)
    dialog = controller.run()
    assert dialog is not None and f"Drainage pipes: {n}" in dialog.summary.text()
    dialog.started_on.setDate(QDate(2025, 6, 2))
    dialog.finished_on.setDate(QDate(2025, 6, 3))
    uids = [f["uid"] for f in pipes.getFeatures(QgsFeatureRequest().setFilterFids(ids))]
    return dialog, uids


def write_buttons(dialog):
    return [dialog.save_button, dialog.add_material_button, dialog.remove_material_button]


def test_a_viewer_finds_save_disabled_and_the_database_refuses_anyway(template, pg_copy, login, controller):
    store = pg_copy(template)
    loaded = load_store(login(store, "alice_viewer").ref)
    dialog, _ = open_dialog(controller, loaded)
    for b in write_buttons(dialog):
        assert not b.isEnabled(), b.objectName()
        assert "alice_viewer (sm_viewer)" in b.toolTip(), (b.objectName(), b.toolTip())
    assert "Maintenance works" in dialog.save_button.toolTip()
    assert "Materials used" in dialog.add_material_button.toolTip()
    assert dialog.error.isVisibleTo(dialog) and "alice_viewer (sm_viewer)" in dialog.error.text()
    before = store.count("maintenance")
    assert not dialog.save()  # past the disabled button: the database refuses
    assert "alice_viewer may not insert rows of maintenance" in dialog.error.text()
    assert store.count("maintenance") == before


@pytest.mark.parametrize("user", ["ivan_inspector", "eve_editor"])
def test_an_inspector_and_an_editor_may_save(template, pg_copy, login, controller, user):
    store = pg_copy(template)
    loaded = load_store(login(store, user).ref)
    dialog, uids = open_dialog(controller, loaded, 4)
    for b in write_buttons(dialog):
        assert b.isEnabled() and "may not" not in b.toolTip(), (b.objectName(), b.toolTip())
    assert not dialog.error.isVisibleTo(dialog)
    dialog.add_material_row("水泥", "2", "t")
    before = store.count("maintenance")
    assert dialog.save(), dialog.error.text()
    assert store.count("maintenance") == before + 4
    rows = list(store.rows("maintenance", "finished_on = ?", ("2025-06-03",), columns=("uid", "facility_uid")))
    assert sorted(r["facility_uid"] for r in rows) == sorted(uids)
    who = {r[0] for r in store.execute("SELECT user_name FROM audit_log WHERE table_name = 'maintenance_material'")}
    assert who == {user}


def test_a_geopackage_allows_everything_a_read_only_one_nothing(template, tmp_path, controller):
    path = tmp_path / "city.gpkg"
    path.write_bytes(template.read_bytes())
    loaded = load_store(str(path))
    dialog, _ = open_dialog(controller, loaded)
    for b in write_buttons(dialog):
        assert b.isEnabled() and "may not" not in b.toolTip(), b.objectName()
    controller.close_dialog()
    path.chmod(0o444)
    try:
        dialog, _ = open_dialog(controller, loaded)
        for b in write_buttons(dialog):
            assert not b.isEnabled() and "read-only" in b.toolTip(), (b.objectName(), b.toolTip())
    finally:
        path.chmod(0o644)
