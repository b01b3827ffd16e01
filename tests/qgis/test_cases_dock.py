"""The cover cases dock and algorithms inside QGIS, driven like a user (pytest-qgis + QTest).

The tiny demo city gives the manholes; every test builds its own units and cases (any the demo city
may bring are removed first).
"""
import datetime as dt
import json
import shutil
import time

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QBrush
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDialogButtonBox
from qgis_support import Messages

from safe_municipal.core import cases as C
from safe_municipal.core.geometry import wkb_points
from safe_municipal.layers.cases import OVERDUE_EXPRESSION, VAR_FIX, VAR_RESPOND, CoverCases
from safe_municipal.layers.gpkg import GpkgStore, blob_wkb

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

    path = tmp_path_factory.mktemp("cases") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    with GpkgStore.open(str(path)) as store, store.transaction():  # our own units and cases only
        store.execute('DELETE FROM "cover_case"')
        store.execute('DELETE FROM "maintenance_unit"')
        store.execute("DELETE FROM \"setting\" WHERE key LIKE 'cases.%'")
    return path


@pytest.fixture()
def store_path(tmp_path, demo_template):
    path = tmp_path / "city.gpkg"
    shutil.copy(demo_template, path)
    with GpkgStore.open(str(path)) as store:
        cc = CoverCases(store)
        cc.add_unit("一所", open_case_limit=5)
        cc.add_unit("二所", open_case_limit=5)
    return str(path)


@pytest.fixture()
def city(store_path, qgis_iface, qgis_new_project, english):
    """The store loaded into the project, its layers on a real-sized canvas."""
    from safe_municipal.layers.project import load_store

    loaded = load_store(store_path)
    canvas = qgis_iface.mapCanvas()
    window = canvas.window()
    size = (window.size(), canvas.size())
    window.resize(800, 600)
    canvas.resize(800, 600)
    window.show()
    wait_for(lambda: canvas.mapSettings().outputSize().width() >= 700)
    order = [n.layer() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    canvas.setLayers([lyr for lyr in order if lyr.isSpatial()])
    canvas.setDestinationCrs(loaded.crs)
    yield loaded
    canvas.setLayers([])
    window.hide()
    window.resize(size[0])
    canvas.resize(size[1])


@pytest.fixture()
def controller(qgis_iface):
    from safe_municipal.dialogs.cases_dock import CasesController

    c = CasesController(qgis_iface)
    yield c
    c.unload()
    flush()


@pytest.fixture()
def dock(controller, city):
    d = controller.run()
    assert d is not None and d.store_path == city.path
    d.setFloating(True)  # pytest-qgis's main window does not place docks: show it on its own
    d.resize(900, 500)
    d.show()
    return d


def look_at(canvas, point, half=60.0):
    canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
    canvas.refresh()


def click_map(canvas, point, button=Qt.MouseButton.LeftButton):
    pixel = canvas.getCoordinateTransform().transform(point.x(), point.y())
    pos = QPoint(round(pixel.x()), round(pixel.y()))
    assert canvas.viewport().rect().contains(pos), pos
    QTest.mouseClick(canvas.viewport(), button, Qt.KeyboardModifier.NoModifier, pos)


def a_manhole(city, n=0):
    layer = city.layers["manhole"]
    feats = sorted(layer.getFeatures(QgsFeatureRequest().setFilterExpression('"district" IS NOT NULL')),
                   key=lambda f: f["code"])
    return feats[n]


def case_rows(path):
    with GpkgStore.open(path, writable=False) as store:
        return list(store.rows("cover_case", order_by=("code",)))


# ---------------------------------------------------------------------------- the dock
def test_run_without_store_warns(controller, qgis_iface, qgis_new_project):
    msgs = Messages(qgis_iface)
    assert controller.run() is None
    assert len(msgs(Qgis.Warning)) == 1 and controller.dock is None


def test_click_on_the_map_registers_a_case_at_the_cover(dock, city, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    manhole = a_manhole(city)
    point = manhole.geometry().asPoint()
    look_at(canvas, point)
    dock.register_button.click()
    assert canvas.mapTool() is dock.tool and dock.register_button.isChecked()
    msgs = Messages(qgis_iface)

    click_map(canvas, QgsPointXY(point.x() + 4, point.y() - 3))  # 5 m off the cover

    form = dock.form
    assert form is not None and form.isVisible()
    assert manhole["code"] in form.where.text()
    assert dock.highlight is not None and dock.highlight.numberOfVertices() == 1
    hl = dock.highlight.getPoint(0, 0)
    assert (round(hl.x(), 3), round(hl.y(), 3)) == (round(point.x(), 3), round(point.y(), 3))
    form.problem.setCurrentIndex(form.problem.findData("broken"))
    form.source.setCurrentIndex(form.source.findData("hotline"))
    form.description.setPlainText("井盖破损，车辆经过有异响")
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    flush()

    assert dock.form is None and dock.highlight is None
    rows = case_rows(city.path)
    assert len(rows) == 1
    row = rows[0]
    assert (row["manhole_uid"], row["district"], row["problem"], row["source"], row["status"]) == (
        manhole["uid"], manhole["district"], "broken", "hotline", "reported")
    assert wkb_points(row["geom"]) == [(point.x(), point.y())]
    assert row["code"].startswith(f"JG-{dt.date.today().year}-")
    assert len(msgs(Qgis.Success)) == 1 and row["code"] in msgs(Qgis.Success)[0]
    assert [dock.case_model.text(i, 0) for i in dock.case_model.items] == [row["code"]]
    # the cover_case layer was reloaded: QGIS sees the case
    assert city.layers["cover_case"].featureCount() == 1
    dock.register_button.click()
    assert canvas.mapTool() is not dock.tool


def test_click_far_from_any_cover_writes_nothing(dock, city, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    box = city.layers["manhole"].extent()
    nowhere = QgsPointXY(box.xMinimum() - 3000, box.yMinimum() - 3000)
    look_at(canvas, nowhere)
    dock.register_button.click()
    msgs = Messages(qgis_iface)
    click_map(canvas, nowhere)
    assert dock.form is None and dock.highlight is None
    assert len(msgs(Qgis.Info)) == 1 and "No cover within 30 m" in msgs(Qgis.Info)[0]
    assert case_rows(city.path) == []


def test_form_errors_stay_in_the_form(dock, city, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    point = a_manhole(city).geometry().asPoint()
    look_at(canvas, point)
    dock.register_button.click()
    click_map(canvas, point)
    form = dock.form
    form.reported.setDateTime(form.reported.dateTime().addDays(-400))
    dock.cases._clock = lambda: dt.datetime.now(C.UTC) - dt.timedelta(days=800)  # "now" before the report
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dock.form is form and form.isVisible() and form.error.isVisible()
    assert "in the future" in form.error.text()
    assert case_rows(city.path) == []
    form.reject()
    flush()
    assert dock.highlight is None


def _register(path, n, reported_ago_h):
    """n cases at the first covers, reported hours ago (another connection, as a colleague would)."""
    with GpkgStore.open(path) as store:
        cc = CoverCases(store)
        pts = [wkb_points(blob_wkb(r[0]))[0] for r in store.execute(
            'SELECT geom FROM "manhole" WHERE district IS NOT NULL ORDER BY code LIMIT ?', (n,))]
        now = dt.datetime.now(C.UTC)
        return [cc.register(p, "missing", reported_at=now - reported_ago_h * H).row["uid"] for p in pts]


def test_dispatch_button_and_overdue_rows(dock, city, qgis_iface):
    uids = _register(city.path, 3, 5)
    with GpkgStore.open(city.path) as store:  # two dispatched four hours ago (overdue), by the rotation
        CoverCases(store).dispatch(dt.datetime.now(C.UTC) - 4 * H)
        store.execute("BEGIN")
        store.execute('UPDATE "cover_case" SET status = \'reported\', unit_uid = NULL, dispatched_at = NULL '
                      "WHERE uid = ?", (uids[2],))
        store.execute("COMMIT")
    dock.refresh()
    msgs = Messages(qgis_iface)
    dock.dispatch_button.click()
    assert len(msgs(Qgis.Success)) == 1 and "Dispatched 1 cases" in msgs(Qgis.Success)[0]
    rows = {r["uid"]: r for r in case_rows(city.path)}
    with GpkgStore.open(city.path, writable=False) as store:
        units = {r["uid"]: r["name"] for r in CoverCases(store).unit_rows()}
    assert [units[rows[u]["unit_uid"]] for u in uids] == ["一所", "二所", "一所"]

    dock.filter.setCurrentIndex(dock.filter.findData("overdue"))
    model = dock.case_model
    assert [i.row["uid"] for i in model.items] == uids[:2]
    brush = model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == "#b71c1c"
    assert "overdue" in model.data(model.index(0, 7))
    dock.filter.setCurrentIndex(dock.filter.findData("open"))
    assert len(model.items) == 3
    fresh = [r for r in range(3) if model.items[r].row["uid"] == uids[2]][0]
    assert model.data(model.index(fresh, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert "2 overdue" in dock.summary.text()


def test_responded_and_fixed_buttons(dock, city, qgis_iface):
    uids = _register(city.path, 2, 3)
    with GpkgStore.open(city.path) as store:
        CoverCases(store).dispatch(dt.datetime.now(C.UTC) - 2 * H)
    dock.refresh()
    dock.case_view.selectRow(0)
    dock.responded_button.click()
    rows = {r["uid"]: r for r in case_rows(city.path)}
    assert rows[uids[0]]["status"] == "responded" and rows[uids[1]]["status"] == "dispatched"
    dock.case_view.selectAll()
    msgs = Messages(qgis_iface)
    dock.fixed_button.click()
    assert len(msgs(Qgis.Success)) == 1
    assert {r["status"] for r in case_rows(city.path)} == {"fixed"}
    # a time before the dispatch is refused for the whole selection; nothing changes
    dock.filter.setCurrentIndex(dock.filter.findData("all"))
    dock.case_view.selectAll()
    dock.close_button.click()
    assert {r["status"] for r in case_rows(city.path)} == {"closed"}
    dock.case_view.selectAll()
    msgs = Messages(qgis_iface)
    dock.fixed_button.click()
    assert len(msgs(Qgis.Warning)) == 1 and "Status" in msgs(Qgis.Warning)[0]


def test_no_writes_beside_unsaved_layer_edits(dock, city, qgis_iface):
    _register(city.path, 1, 1)
    dock.refresh()
    layer = city.layers["cover_case"]
    layer.reload()
    assert layer.startEditing()
    f = next(layer.getFeatures())
    assert layer.changeAttributeValue(f.id(), layer.fields().indexOf("description"), "edited in QGIS")
    msgs = Messages(qgis_iface)
    dock.dispatch_button.click()
    assert len(msgs(Qgis.Warning)) == 1 and "unsaved edits" in msgs(Qgis.Warning)[0]
    assert {r["status"] for r in case_rows(city.path)} == {"reported"}
    layer.rollBack()
    dock.dispatch_button.click()
    assert {r["status"] for r in case_rows(city.path)} == {"dispatched"}


def test_double_click_zooms_to_the_case(dock, city, qgis_iface):
    _register(city.path, 1, 1)
    dock.refresh()
    canvas = qgis_iface.mapCanvas()
    canvas.setExtent(QgsRectangle(0, 0, 10, 10))
    point = wkb_points(case_rows(city.path)[0]["geom"])[0]
    index = dock.case_model.index(0, 0)
    rect = dock.case_view.visualRect(index)
    viewport = dock.case_view.viewport()  # a press first: item views take a double-click on the pressed row
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(dock.case_view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      rect.center())
    ext = canvas.extent()
    assert ext.contains(QgsPointXY(*point)) and ext.width() < 500


def test_units_tab(dock, city, qgis_iface):
    dock.tabs.setCurrentIndex(2)
    assert [r["name"] for r in dock.unit_model.items] == ["一所", "二所"]
    form = dock.add_unit()
    form.name.setText("三所")
    form.limit.setValue(2)
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert [r["name"] for r in dock.unit_model.items] == ["一所", "二所", "三所"]
    form = dock.add_unit()
    form.name.setText("一所")  # taken: the form says so and stays open
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert form.isVisible() and "another unit" in form.error.text()
    form.reject()
    dock.unit_view.selectRow(2)
    assert dock.move_unit(-2)
    assert [r["name"] for r in dock.unit_model.items] == ["三所", "一所", "二所"]
    assert dock.toggle_unit()
    assert dock.unit_model.items[0]["active"] == 0
    dock.unit_view.selectRow(1)
    form = dock.edit_unit()
    assert form.name.text() == "一所"
    form.limit.setValue(7)
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dock.unit_model.items[1]["open_case_limit"] == 7
    assert dock.unit_model.data(dock.unit_model.index(1, 3)) == "0 / 7"


def test_settings_saved_in_the_store(dock, city):
    dock.tabs.setCurrentIndex(3)
    assert (dock.respond_hours.value(), dock.fix_hours.value(), dock.tolerance.value()) == (2.0, 24.0, 30.0)
    dock.respond_hours.setValue(1.5)
    dock.fix_hours.setValue(12)
    dock.tolerance.setValue(10)
    assert dock.save_settings()
    assert dock.cases.limits() == C.Limits(1.5, 12) and dock.cases.snapping() == C.Snapping(10, True)
    scope = QgsExpressionContextUtils.projectScope(QgsProject.instance())
    assert (scope.variable(VAR_RESPOND), scope.variable(VAR_FIX)) == (1.5, 12)
    dock.respond_hours.setValue(20)  # longer than the fix limit: refused, nothing written
    assert not dock.save_settings()
    assert "shorter than the response limit" in dock.settings_error.text()
    assert dock.cases.limits() == C.Limits(1.5, 12)


def test_statistics_tab(dock, city):
    uids = _register(city.path, 3, 6)
    with GpkgStore.open(city.path) as store:
        cc = CoverCases(store)
        now = C.as_utc(dt.datetime.now(C.UTC))
        cc.dispatch(now - 5 * H)
        cc.mark_fixed([uids[0]], at=now - 4 * H)
    dock.tabs.setCurrentIndex(1)
    model = dock.stats_model
    assert [model.text(s, 0) for s in model.items] == ["一所", "二所", "All units"]
    one, two, total = model.items
    assert (one.cases, one.fixed, one.max_fix_h, one.overdue, two.overdue) == (2, 1, 1.0, 1, 1)
    assert (total.cases, total.on_time, total.late, model.text(total, 11)) == (3, 1, 2, "33 %")


# ---------------------------------------------------------------------------- the layer style
def test_cover_case_layer_is_styled_and_overdue_expression_matches(city, qgis_new_project):
    _register(city.path, 4, 6)
    with GpkgStore.open(city.path) as store:
        cc = CoverCases(store)
        now = dt.datetime.now(C.UTC)
        cc.dispatch(now - 3 * H)  # dispatched 3 h ago: over the 2 h response limit
        uids = [r["uid"] for r in cc.store.rows("cover_case", order_by=("code",))]
        cc.mark_responded(uids[:2], at=now - 2.5 * H)  # responded: no longer overdue (fix limit 24 h)
    layer = QgsVectorLayer(f"{city.path}|layername=cover_case", "cases", "ogr")
    layer.setCustomProperty("safe_municipal/table", "cover_case")
    from safe_municipal.layers.styles import apply_style

    assert apply_style(layer, "cover_case")
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "status"
    assert [c.label() for c in renderer.categories()][:3] == ["Reported", "Dispatched", "Responded"]
    assert city.layers["cover_case"].renderer().classAttribute() == "status"  # load_store applied it too

    def overdue_codes():
        ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
        expr = QgsExpression(OVERDUE_EXPRESSION)
        assert not expr.hasParserError(), expr.parserErrorString()
        hits = set()
        for f in layer.getFeatures():
            ctx.setFeature(f)
            if expr.evaluate(ctx):
                hits.add(f["code"])
        return hits

    with GpkgStore.open(city.path, writable=False) as store:
        cc = CoverCases(store)
        expected = {i.row["code"] for i in cc.case_list("overdue")}
    assert len(expected) == 2 and overdue_codes() == expected
    QgsExpressionContextUtils.setProjectVariable(QgsProject.instance(), VAR_RESPOND, 4)
    assert overdue_codes() == set()


# ---------------------------------------------------------------------------- processing
@pytest.fixture()
def provider(qgis_processing):
    from safe_municipal.processing.alg_cases import CaseStatisticsAlgorithm, DispatchCasesAlgorithm
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    p = reg.providerById("safe_municipal")
    for alg in (DispatchCasesAlgorithm(), CaseStatisticsAlgorithm()):
        if p.algorithm(alg.name()) is None:  # until the provider lists them
            assert p.addAlgorithm(alg)
    yield p
    if added is not None:
        reg.removeProvider(added)


def test_algorithms_run(provider, store_path):
    from qgis import processing

    alg = QgsApplication.processingRegistry().algorithmById("safe_municipal:dispatch_cases")
    assert [p.name() for p in alg.parameterDefinitions()] == ["STORE", "NOW"]
    uids = _register(store_path, 5, 10)
    now = dt.datetime.now(C.UTC) - 8 * H
    res = processing.run("safe_municipal:dispatch_cases",
                         {"STORE": store_path, "NOW": now.isoformat()})
    assert (res["DISPATCHED"], res["QUEUED"]) == (5, 0)
    result = json.loads(res["RESULT"])
    assert [d["unit"] for d in result["dispatched"]] == ["一所", "二所", "一所", "二所", "一所"]
    rows = {r["uid"]: r for r in case_rows(store_path)}
    assert {C.as_utc(rows[u]["dispatched_at"]) for u in uids} == {C.as_utc(now)}
    again = processing.run("safe_municipal:dispatch_cases", {"STORE": store_path})
    assert (again["DISPATCHED"], again["QUEUED"]) == (0, 0)

    with GpkgStore.open(store_path) as store:
        CoverCases(store).mark_fixed(uids[:2], at=now + 3 * H)  # 一所 late response (3 h), 二所 likewise
    year = dt.date.today()
    out = processing.run("safe_municipal:case_statistics",
                         {"STORE": store_path, "FROM": (year - dt.timedelta(days=2)).isoformat(),
                          "TO": year.isoformat(), "OUTPUT": "memory:"})["OUTPUT"]
    layer = out if isinstance(out, QgsVectorLayer) else QgsProcessingContextLayer(out)
    feats = {f["unit"]: f for f in layer.getFeatures()}
    assert list(feats) == ["一所", "二所", "All units"]
    assert (feats["一所"]["cases"], feats["一所"]["open"], feats["一所"]["fixed"], feats["一所"]["late"]) == (3, 2, 1, 3)
    assert feats["All units"]["cases"] == 5 and feats["All units"]["max_fix_h"] == pytest.approx(3.0)
    assert feats["All units"]["on_time_rate"] == 0.0
    empty = processing.run("safe_municipal:case_statistics",
                           {"STORE": store_path, "FROM": "2001-01-01", "TO": "2001-12-31", "OUTPUT": "memory:"})
    total = [f for f in QgsProcessingContextLayer(empty["OUTPUT"]).getFeatures()][-1]
    assert total["cases"] == 0


def test_algorithm_errors(provider, store_path, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="NOW"):
        processing.run("safe_municipal:dispatch_cases", {"STORE": store_path, "NOW": "soon"})
    with pytest.raises(QgsProcessingException, match="before the start of the period"):
        processing.run("safe_municipal:case_statistics",
                       {"STORE": store_path, "FROM": "2026-05-01", "TO": "2026-04-01", "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="no such file"):
        processing.run("safe_municipal:dispatch_cases", {"STORE": str(tmp_path / "none.gpkg")})


def QgsProcessingContextLayer(value):  # noqa: N802 - reads like the layer it returns
    """The output layer of processing.run (a layer object, or its id in the context's temporary store)."""
    if isinstance(value, QgsVectorLayer):
        return value
    from qgis.core import QgsProcessingContext, QgsProcessingUtils

    layer = QgsProcessingUtils.mapLayerFromString(value, QgsProcessingContext())
    assert layer is not None, value
    return layer
