"""The maintenance plan dialog on a PostGIS store (issue 8): opened on the project's store by reference,
it lists the plan the GeoPackage holding the same data gives, accepts selected items into the database
(audited as the login), and zooms to a facility read from PostGIS."""
import shutil
import time

import pytest
from qgis.core import Qgis, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.dialogs.plan_dialog import PlanController, PlanDialog
from safe_municipal.layers import planning as LP
from safe_municipal.layers.gpkg import GpkgStore

FROM, TO = "2026-01-01", "2026-12-31"
EDITOR = "eve_editor"


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def click_rows(dlg, rows):
    """Click the first row, ctrl-click the others (as a user selects several)."""
    for n, r in enumerate(rows):
        rect = dlg.table.visualRect(dlg.model.index(r, 1))
        modifier = Qt.KeyboardModifier.NoModifier if n == 0 else Qt.KeyboardModifier.ControlModifier
        QTest.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    """The tiny demo city, assessed as of 2025-12-31."""
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("plan_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    with GpkgStore.open(str(path)) as store:
        assess_network(store, as_of="2025-12-31")
    return path


@pytest.fixture()
def gpkg(assessed, tmp_path):
    path = tmp_path / "city.gpkg"
    shutil.copyfile(assessed, path)
    return str(path)


@pytest.fixture()
def pg_store(assessed, pg_copy):
    return pg_copy(assessed, user=EDITOR)


@pytest.fixture()
def city(pg_store, qgis_iface, qgis_new_project):
    """The PostGIS store loaded into the project (so the controller finds it), the canvas given a size."""
    from safe_municipal.layers.project import load_store

    loaded = load_store(pg_store.ref, QgsProject.instance())
    canvas = qgis_iface.mapCanvas()
    canvas.window().resize(800, 600)
    canvas.resize(800, 600)
    canvas.window().show()
    wait_for(lambda: canvas.mapSettings().outputSize().width() >= 700)
    yield loaded
    QgsProject.instance().clear()


def test_plan_dialog_on_postgis(city, pg_store, gpkg, qgis_iface):
    msgs = Messages(qgis_iface)
    controller = PlanController(qgis_iface)
    dlg = controller.run()
    try:
        assert isinstance(dlg, PlanDialog) and dlg.isVisible()
        wait_for(lambda: dlg.task is None)
        dlg.date_from.setDate(dlg.date_from.date().fromString(FROM, "yyyy-MM-dd"))
        dlg.date_to.setDate(dlg.date_to.date().fromString(TO, "yyyy-MM-dd"))
        QTest.mouseClick(dlg.compute_button, Qt.MouseButton.LeftButton)
        wait_for(lambda: dlg.task is None)
        assert dlg.last_error == ""
        with GpkgStore.open(gpkg, writable=False) as store:
            expected = LP.build_plan(store, FROM, TO)
            districts = LP.districts(store)
        assert dlg.model.rowCount() == len(expected.items) > 20
        assert [dlg.model.item(r).facility_uid for r in range(dlg.model.rowCount())] == [
            it.facility_uid for it in expected.items]
        assert [dlg.district.itemData(i) for i in range(1, dlg.district.count())] == districts

        # accept three items: written in the database, audited as the login
        before_log = pg_store.count("audit_log")
        click_rows(dlg, [0, 2, 4])
        chosen = [dlg.model.item(r) for r in (0, 2, 4)]
        dlg.plan_ref.clear()
        QTest.keyClicks(dlg.plan_ref, "PG-2026")
        QTest.mouseClick(dlg.accept_button, Qt.MouseButton.LeftButton)
        wait_for(lambda: dlg.accept_task is None)
        assert msgs(Qgis.Critical) == [] and "3 planned maintenance records written" in msgs(Qgis.Success)[-1]
        rows = list(pg_store.rows("maintenance", "plan_ref = ?", ("PG-2026",), order_by=["fid"]))
        assert [(r["facility_uid"], r["category"], r["reason"], r["status"]) for r in rows] == [
            (it.facility_uid, it.category, it.reason, "planned") for it in chosen]
        assert pg_store.execute("SELECT DISTINCT user_name FROM audit_log").fetchall() == [(EDITOR,)]
        assert pg_store.count("audit_log") == before_log + 3
        assert [dlg.model.item(r).planned_ref for r in (0, 2, 4)] == ["PG-2026"] * 3

        # double-click: the map zooms to the facility read from PostGIS
        canvas = qgis_iface.mapCanvas()
        canvas.setExtent(city.layers["road"].extent())
        row = next(r for r in range(dlg.model.rowCount()) if dlg.model.item(r).facility_kind == "manhole")
        item = dlg.model.item(row)
        dlg.table.scrollTo(dlg.model.index(row, 0))
        rect = dlg.table.visualRect(dlg.model.index(row, 1))
        QTest.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         rect.center())
        QTest.mouseDClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          rect.center())
        x, y = LP.representative_points(pg_store, [item])[item.facility_uid]
        extent = canvas.extent()
        assert extent.contains(QgsPointXY(x, y)) and extent.width() < 200
    finally:
        controller.unload()
        wait_for(lambda: dlg.accept_task is None)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
