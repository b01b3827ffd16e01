"""The cover cases dock on a PostGIS store (issue 8), driven like a user: the project's layers come from
the database, a click on the map registers a case at the cover (snapped by the GiST envelope query),
dispatch / responded / fixed write through the login, and a viewer's write is refused naming its role."""
import datetime as dt
import time

import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import Qgis, QgsFeatureRequest, QgsPointXY, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QPoint, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDialogButtonBox
from qgis_support import Messages

from safe_municipal.core import cases as C
from safe_municipal.core.geometry import wkb_points
from safe_municipal.layers.cases import CoverCases
from safe_municipal.layers.gpkg import GpkgStore

H = dt.timedelta(hours=1)


def flush():
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("cases_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    with GpkgStore.open(str(path)) as store, store.transaction():  # our own units and cases only
        store.execute('DELETE FROM "cover_case"')
        store.execute('DELETE FROM "maintenance_unit"')
        store.execute("DELETE FROM \"setting\" WHERE key LIKE 'cases.%'")
    return path


@pytest.fixture()
def store(demo_template, pg_copy):
    """The demo city on PostGIS with two units (the superuser's connection, to check from outside)."""
    s = pg_copy(demo_template)
    cc = CoverCases(s)
    cc.add_unit("一所", open_case_limit=5)
    cc.add_unit("二所", open_case_limit=5)
    return s


def open_city(ref, qgis_iface):
    from safe_municipal.layers.project import load_store

    loaded = load_store(ref)
    canvas = qgis_iface.mapCanvas()
    window = canvas.window()
    window.resize(800, 600)
    canvas.resize(800, 600)
    window.show()
    wait_for(lambda: canvas.mapSettings().outputSize().width() >= 700)
    order = [n.layer() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    canvas.setLayers([lyr for lyr in order if lyr.isSpatial()])
    canvas.setDestinationCrs(loaded.crs)
    return loaded


@pytest.fixture()
def controller(qgis_iface, qgis_new_project, english):
    from safe_municipal.dialogs.cases_dock import CasesController

    c = CasesController(qgis_iface)
    yield c
    c.unload()
    qgis_iface.mapCanvas().setLayers([])
    qgis_iface.mapCanvas().window().hide()
    QgsProject.instance().removeAllMapLayers()
    flush()


def dock_as(login, store, user, controller, qgis_iface):
    ref = login(store, user).ref
    city = open_city(ref, qgis_iface)
    d = controller.run()
    assert d is not None and d.store.backend == "postgis" and d.store.user == user
    d.setFloating(True)
    d.resize(900, 500)
    d.show()
    return d, city


def click_map(canvas, point):
    pixel = canvas.getCoordinateTransform().transform(point.x(), point.y())
    pos = QPoint(round(pixel.x()), round(pixel.y()))
    assert canvas.viewport().rect().contains(pos), pos
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def cases(store):
    return list(store.rows("cover_case", order_by=("code",)))


def test_click_on_the_map_registers_a_case_at_the_cover(store, login, controller, qgis_iface):
    dock, city = dock_as(login, store, "ivan_inspector", controller, qgis_iface)
    layer = city.layers["manhole"]
    assert layer.providerType() == "postgres"
    manhole = sorted(layer.getFeatures(QgsFeatureRequest().setFilterExpression('"district" IS NOT NULL')),
                     key=lambda f: f["code"])[0]
    point = manhole.geometry().asPoint()
    canvas = qgis_iface.mapCanvas()
    canvas.setExtent(QgsRectangle(point.x() - 60, point.y() - 60, point.x() + 60, point.y() + 60))
    canvas.refresh()
    dock.register_button.click()
    msgs = Messages(qgis_iface)
    click_map(canvas, QgsPointXY(point.x() + 4, point.y() - 3))  # 5 m off the cover
    form = dock.form
    assert form is not None and manhole["code"] in form.where.text()
    form.problem.setCurrentIndex(form.problem.findData("broken"))
    form.source.setCurrentIndex(form.source.findData("hotline"))
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    flush()
    [row] = cases(store)
    assert (row["manhole_uid"], row["district"], row["problem"], row["status"]) == (
        manhole["uid"], manhole["district"], "broken", "reported")
    assert wkb_points(row["geom"]) == [(point.x(), point.y())]  # on the cover
    assert len(msgs(Qgis.Success)) == 1 and row["code"] in msgs(Qgis.Success)[0]
    assert city.layers["cover_case"].featureCount() == 1  # the PostGIS layer was reloaded
    who = store.execute("SELECT user_name FROM audit_log WHERE row_uid = ?", (row["uid"],)).fetchall()
    assert who == [("ivan_inspector",)]
    dock.register_button.click()


def test_dispatch_responded_fixed(store, login, controller, qgis_iface):
    cc = CoverCases(store)
    pts = [wkb_points(r["geom"])[0] for r in store.rows("manhole", "district IS NOT NULL", columns=("geom",),
                                                         order_by=("code",), limit=3)]
    now = dt.datetime.now(C.UTC)
    uids = [cc.register(p, "missing", reported_at=now - 3 * H).row["uid"] for p in pts]
    dock, _city = dock_as(login, store, "ivan_inspector", controller, qgis_iface)
    msgs = Messages(qgis_iface)
    dock.dispatch_button.click()
    assert len(msgs(Qgis.Success)) == 1 and "Dispatched 3 cases" in msgs(Qgis.Success)[0]
    units = {r["uid"]: r["name"] for r in cc.unit_rows()}
    rows = {r["uid"]: r for r in cases(store)}
    assert [units[rows[u]["unit_uid"]] for u in uids] == ["一所", "二所", "一所"]
    dock.refresh()
    dock.case_view.selectRow(0)
    dock.responded_button.click()
    dock.case_view.selectAll()
    dock.fixed_button.click()
    assert {r["status"] for r in cases(store)} == {"fixed"}
    assert len([i for i in dock.case_model.items]) == 0  # the open list is empty now


def test_a_viewer_cannot_write_cases(store, login, controller, qgis_iface):
    cc = CoverCases(store)
    p = wkb_points(next(store.rows("manhole", "district IS NOT NULL", columns=("geom",)))["geom"])[0]
    cc.register(p, "missing", reported_at=dt.datetime.now(C.UTC) - H)
    dock, _city = dock_as(login, store, "alice_viewer", controller, qgis_iface)
    assert len(dock.case_model.items) == 1  # the viewer reads the cases
    msgs = Messages(qgis_iface)
    dock.dispatch_button.click()
    problems = msgs(Qgis.Critical) + msgs(Qgis.Warning)
    assert problems and "alice_viewer" in problems[0]
    assert {r["status"] for r in cases(store)} == {"reported"}
