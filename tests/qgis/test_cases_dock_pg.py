"""The cover cases dock on a PostGIS store (issue 8), driven like a user: the project's layers come from
the database, a click on the map registers a case at the cover (snapped by the GiST envelope query),
dispatch / responded / fixed write through the login, and a viewer's write is refused naming its role.
The dock follows the login's grants: a viewer's write buttons are disabled (the tooltip names the login
and its role), an inspector handles cases but not units or settings, an editor does everything, a
GeoPackage allows everything (a read-only one nothing); the database refuses a write anyway."""
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
from safe_municipal.layers.errors import StoreError
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


def case_buttons(dock):
    return [dock.register_button, dock.dispatch_button, dock.responded_button, dock.fixed_button,
            dock.close_button]


def editor_buttons(dock):
    """The buttons writing what only an editor may: units and settings."""
    return list(dock.unit_buttons.values()) + [dock.settings_save]


def assert_refused(buttons, user, role):
    for b in buttons:
        assert not b.isEnabled(), b.objectName()
        assert user in b.toolTip() and f"({role})" in b.toolTip(), (b.objectName(), b.toolTip())


def assert_allowed(buttons):
    for b in buttons:
        assert b.isEnabled(), (b.objectName(), b.toolTip())
        assert "may not" not in b.toolTip(), (b.objectName(), b.toolTip())


def test_a_viewer_cannot_write_cases(store, login, controller, qgis_iface):
    """Every button that writes is disabled, its tooltip naming the login and its role; the dock's own
    actions refuse with that message; and the database refuses the viewer's write anyway."""
    cc = CoverCases(store)
    p = wkb_points(next(store.rows("manhole", "district IS NOT NULL", columns=("geom",)))["geom"])[0]
    cc.register(p, "missing", reported_at=dt.datetime.now(C.UTC) - H)
    dock, _city = dock_as(login, store, "alice_viewer", controller, qgis_iface)
    assert len(dock.case_model.items) == 1  # the viewer reads the cases
    assert_refused(case_buttons(dock) + editor_buttons(dock), "alice_viewer", "sm_viewer")
    assert "Cover cases" in dock.dispatch_button.toolTip()
    assert "Maintenance units" in dock.unit_buttons["unitAdd"].toolTip()
    msgs = Messages(qgis_iface)
    dock.dispatch_button.click()  # disabled: nothing happens
    assert not msgs(Qgis.Warning) and not msgs(Qgis.Critical)
    assert dock.dispatch() is None  # the action itself refuses, saying why
    assert "alice_viewer (sm_viewer)" in msgs(Qgis.Warning)[-1]
    dock.case_view.selectRow(0)
    assert dock.mark("responded") == 0
    assert dock.add_unit() is None and not dock.save_settings()
    assert {r["status"] for r in cases(store)} == {"reported"}
    with pytest.raises(StoreError, match="alice_viewer"):  # the database refuses it anyway
        CoverCases(login(store, "alice_viewer")).dispatch()
    assert {r["status"] for r in cases(store)} == {"reported"}


def test_an_inspector_handles_cases_but_not_units_or_settings(store, login, controller, qgis_iface):
    dock, _city = dock_as(login, store, "ivan_inspector", controller, qgis_iface)
    assert_allowed(case_buttons(dock))
    assert_refused(editor_buttons(dock), "ivan_inspector", "sm_inspector")
    assert "Settings" in dock.settings_save.toolTip()
    assert dock.dispatch_button.toolTip() == "Send every waiting case to the units in rotation."  # its own tip
    msgs = Messages(qgis_iface)
    units = [r["name"] for r in CoverCases(store).unit_rows()]
    assert dock.add_unit() is None and "ivan_inspector (sm_inspector)" in msgs(Qgis.Warning)[-1]
    dock.tabs.setCurrentIndex(2)
    dock.unit_view.selectRow(0)
    assert not dock.toggle_unit() and not dock.delete_unit() and dock.edit_unit() is None
    assert not dock.save_settings()
    assert [r["name"] for r in CoverCases(store).unit_rows()] == units
    with pytest.raises(StoreError, match="ivan_inspector"):  # the database refuses it anyway
        CoverCases(login(store, "ivan_inspector")).add_unit("三所")


def test_an_editor_may_do_everything(store, login, controller, qgis_iface):
    dock, _city = dock_as(login, store, "eve_editor", controller, qgis_iface)
    assert_allowed(case_buttons(dock) + editor_buttons(dock))
    dock.tabs.setCurrentIndex(3)
    dock.respond_hours.setValue(3)
    assert dock.save_settings()
    assert CoverCases(store).limits().respond_hours == 3
    form = dock.add_unit()
    form.name.setText("三所")
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    flush()
    assert "三所" in [r["name"] for r in CoverCases(store).unit_rows()]


def test_a_geopackage_allows_everything_a_read_only_one_nothing(demo_template, tmp_path, controller, qgis_iface):
    from safe_municipal.layers.project import load_store

    path = tmp_path / "city.gpkg"
    path.write_bytes(demo_template.read_bytes())
    load_store(str(path))
    dock = controller.run()
    assert dock is not None and dock.store.backend == "gpkg"
    assert_allowed(case_buttons(dock) + editor_buttons(dock))
    controller.unload()
    QgsProject.instance().removeAllMapLayers()
    flush()
    path.chmod(0o444)
    try:
        load_store(str(path))
        dock = controller.run()
        assert dock is not None and not dock.writable
        for b in case_buttons(dock) + editor_buttons(dock):
            assert not b.isEnabled() and "read-only" in b.toolTip(), b.objectName()
    finally:
        path.chmod(0o644)
