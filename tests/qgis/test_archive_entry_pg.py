"""The ways into the archive on a PostGIS store (issue 8): the archive opened by reference from the map's
facility (archive_entry), and "Add maintenance to selected…" on facilities selected in PostGIS layers —
one record per facility in one transaction under the login; a viewer's save is refused, naming its role."""
import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import QgsFeatureRequest, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent

from safe_municipal.dialogs.archive import close_archive, find_archive
from safe_municipal.dialogs.archive_entry import open_facility_archive
from safe_municipal.dialogs.bulk_maintenance import BulkMaintenanceController
from safe_municipal.layers.project import load_store


def flush():
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("entry_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture()
def project_as(template, pg_copy, login, qgis_iface, qgis_new_project):
    """project_as(user) -> (superuser store, loaded project layers as ``user``)."""
    store = pg_copy(template)

    def _as(user):
        return store, load_store(login(store, user).ref)

    yield _as
    close_archive(qgis_iface)
    QgsProject.instance().removeAllMapLayers()
    flush()


def test_the_map_opens_the_archive_of_a_postgis_facility(project_as, qgis_iface):
    store, loaded = project_as("alice_viewer")
    layer = loaded.layers["tunnel"]
    feature = next(layer.getFeatures(QgsFeatureRequest().setFilterExpression("\"name\" = '东山隧道'")))
    ref = layer.customProperty("safe_municipal/store")  # what the map tool hands over
    assert open_facility_archive(qgis_iface, ref, "tunnel", feature["uid"])
    dock = find_archive(qgis_iface)
    assert dock.uid == feature["uid"] and dock.header["headerName"].text() == "东山隧道"
    assert dock.store.user == "alice_viewer" and dock.attributes.form is not None  # the PostGIS layer's form
    assert not dock.attributes.can_edit and not dock.inspections.add_button.isEnabled()


def bulk(qgis_iface, loaded, n):
    pipes = loaded.layers["drain_pipe"]
    ids = sorted(pipes.allFeatureIds())[:n]
    pipes.selectByIds(ids)
    controller = BulkMaintenanceController(qgis_iface)
    dialog = controller.run()
    assert dialog is not None and f"Drainage pipes: {n}" in dialog.summary.text()
    dialog.category.setCurrentIndex(dialog.category.findData("preventive"))
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    dialog.started_on.setDate(QDate(2025, 6, 2))
    dialog.finished_on.setDate(QDate(2025, 6, 3))
    dialog.cost.setText("350.5")
    uids = [f["uid"] for f in pipes.getFeatures(QgsFeatureRequest().setFilterFids(ids))]
    return controller, dialog, uids


def test_bulk_maintenance_on_postgis_layers(project_as, qgis_iface):
    store, loaded = project_as("ivan_inspector")
    before = store.count("maintenance")
    controller, dialog, uids = bulk(qgis_iface, loaded, 12)
    assert dialog.save(), dialog.error.text()
    assert store.count("maintenance") == before + 12
    rows = list(store.rows("maintenance", "cost_yuan = ? AND finished_on = ?", (350.5, "2025-06-03")))
    assert sorted(r["facility_uid"] for r in rows) == sorted(uids)
    who = {r[0] for r in store.execute("SELECT user_name FROM audit_log WHERE table_name = 'maintenance'")}
    assert who == {"ivan_inspector"}
    controller.unload()


def test_a_viewers_bulk_maintenance_is_refused(project_as, qgis_iface):
    store, loaded = project_as("alice_viewer")
    before = store.count("maintenance")
    controller, dialog, _ = bulk(qgis_iface, loaded, 3)
    assert not dialog.save()
    assert "alice_viewer may not insert rows of maintenance" in dialog.error.text()
    assert store.count("maintenance") == before
    controller.unload()
