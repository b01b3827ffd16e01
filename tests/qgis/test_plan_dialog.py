"""The maintenance plan inside QGIS: the dialog driven like a user (QTest), its tasks, and the algorithm."""
import csv
import math
import shutil
import time

import pytest
from qgis.core import Qgis, QgsApplication, QgsPointXY, QgsProcessingException, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.core import planning as P
from safe_municipal.dialogs.plan_dialog import COLUMNS, PlanController, PlanDialog
from safe_municipal.layers import planning as LP
from safe_municipal.layers.gpkg import GpkgStore

ALG = "safe_municipal:maintenance_plan"
FROM, TO = "2026-01-01", "2026-12-31"


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture()
def english():
    s = QgsSettings()
    wanted = {"locale/overrideFlag": True, "locale/userLocale": "en_US"}
    saved = {k: s.value(k) for k in wanted}
    for k, v in wanted.items():
        s.setValue(k, v)
    yield
    for k, v in saved.items():
        s.remove(k) if v is None else s.setValue(k, v)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """The tiny demo city, assessed as of 2025-12-31 (graded facilities, next due dates)."""
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("plan") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    with GpkgStore.open(str(path)) as store:
        assess_network(store, as_of="2025-12-31")
    return path


@pytest.fixture()
def demo(tmp_path, demo_template):
    path = tmp_path / "city.gpkg"
    shutil.copy(demo_template, path)
    return str(path)


@pytest.fixture()
def city(demo, qgis_iface, qgis_new_project, english):
    """The demo store loaded into the project (so the controller finds it), the canvas given a size."""
    from safe_municipal.layers.project import load_store

    loaded = load_store(demo, QgsProject.instance())
    canvas = qgis_iface.mapCanvas()
    canvas.window().resize(800, 600)
    canvas.resize(800, 600)
    canvas.window().show()
    wait_for(lambda: canvas.mapSettings().outputSize().width() >= 700)
    return loaded


def store_plan(path, **kw):
    with GpkgStore.open(path, writable=False) as store:
        return LP.build_plan(store, FROM, TO, **kw)


def maintenance_rows(path, where="plan_ref IS NOT NULL"):
    with GpkgStore.open(path, writable=False) as store:
        return list(store.rows("maintenance", where, order_by=["fid"]))


@pytest.fixture()
def dialog(city, qgis_iface):
    """The controller's dialog on the city, built for 2026 (the task has ended)."""
    controller = PlanController(qgis_iface)
    dlg = controller.run()
    assert isinstance(dlg, PlanDialog) and dlg.isVisible()
    wait_for(lambda: dlg.task is None)
    dlg.date_from.setDate(dlg.date_from.date().fromString(FROM, "yyyy-MM-dd"))
    dlg.date_to.setDate(dlg.date_to.date().fromString(TO, "yyyy-MM-dd"))
    assert dlg.plan_ref.text() == f"{FROM}/{TO}"
    QTest.mouseClick(dlg.compute_button, Qt.MouseButton.LeftButton)
    assert dlg.task is not None and not dlg.accept_button.isEnabled()
    wait_for(lambda: dlg.task is None)
    yield dlg
    controller.unload()
    wait_for(lambda: dlg.accept_task is None)
    flush()


def click_rows(dlg, rows):
    """Click the first row, ctrl-click the others (as a user selects several)."""
    for n, r in enumerate(rows):
        rect = dlg.table.visualRect(dlg.model.index(r, 1))
        modifier = Qt.KeyboardModifier.NoModifier if n == 0 else Qt.KeyboardModifier.ControlModifier
        QTest.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


# ---------------------------------------------------------------------------- the dialog
def test_without_store_the_action_warns(qgis_iface, qgis_new_project):
    msgs = Messages(qgis_iface)
    controller = PlanController(qgis_iface)
    assert controller.run() is None and controller.dialog is None
    assert len(msgs(Qgis.Warning)) == 1
    controller.unload()


def test_dialog_lists_the_ranked_plan(dialog, city):
    expected = store_plan(city.path)
    assert dialog.model.rowCount() == len(expected.items) > 20
    got = [dialog.model.item(r).facility_uid for r in range(dialog.model.rowCount())]
    assert got == [it.facility_uid for it in expected.items]
    first = dialog.model.index(0, COLUMNS.index("rank"))
    assert first.data() == "1" and dialog.model.index(0, COLUMNS.index("code")).data() == expected.items[0].code
    assert dialog.model.index(0, COLUMNS.index("urgency")).data() == f"{expected.items[0].urgency:.3f}"
    assert dialog.model.headerData(COLUMNS.index("category"), Qt.Orientation.Horizontal) == "Category"
    assert "No budget" in dialog.cut_label.text() and not dialog.cut_button.isEnabled()
    assert [dialog.district.itemData(i) for i in range(1, dialog.district.count())] == LP_districts(city.path)


def LP_districts(path):
    with GpkgStore.open(path, writable=False) as store:
        return LP.districts(store)


def test_filters_and_budget_cut_line(dialog, city):
    dialog.kind.setCurrentIndex(dialog.kind.findData("drain_pipe"))
    pipes = store_plan(city.path, kinds="drain_pipe")
    assert [dialog.model.item(r).facility_uid for r in range(dialog.model.rowCount())] == [
        it.facility_uid for it in pipes.items]
    district = pipes.items[0].district
    dialog.district.setCurrentIndex(dialog.district.findData(district))
    dialog.category.setCurrentIndex(dialog.category.findData("minor"))
    chosen = store_plan(city.path, kinds="drain_pipe", districts=district, categories="minor")
    assert dialog.model.rowCount() == len(chosen.items) > 2
    assert {dialog.model.item(r).district for r in range(dialog.model.rowCount())} == {district}

    # a budget that covers exactly the first two items: the cut line falls under rank 2
    budget = math.ceil(chosen.cumulative[1])  # whole yuan, as the spin box takes them
    assert budget < chosen.cumulative[2]
    dialog.budget.setValue(budget)
    assert dialog.plan.cut == 2 and "below rank 2" in dialog.cut_label.text()
    assert dialog.cut_button.isEnabled()
    grey = dialog.model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and grey.color() == QColor("#8a8a8a")
    assert dialog.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "Beyond the budget" in dialog.model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    QTest.mouseClick(dialog.cut_button, Qt.MouseButton.LeftButton)
    dialog.grab()  # paints the rows and the cut line without error

    dialog.budget.setValue(0)  # "No budget"
    assert dialog.plan.cut is None and dialog.budget.text() == "No budget"


def test_accept_selected_writes_planned_records_once(dialog, city, qgis_iface):
    msgs = Messages(qgis_iface)
    before = len(maintenance_rows(city.path, "1"))
    click_rows(dialog, [0, 2, 4])
    assert dialog.selected_rows() == [0, 2, 4] and dialog.accept_button.isEnabled()
    chosen = [dialog.model.item(r) for r in (0, 2, 4)]
    dialog.plan_ref.clear()
    QTest.keyClicks(dialog.plan_ref, "PLAN-2026")
    QTest.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.accept_task is not None
    wait_for(lambda: dialog.accept_task is None)

    rows = maintenance_rows(city.path, "plan_ref = 'PLAN-2026'")
    assert [(r["facility_uid"], r["category"], r["reason"], r["status"], r["urgency"], r["estimated_cost_yuan"])
            for r in rows] == [(it.facility_uid, it.category, it.reason, "planned", it.urgency,
                                it.estimated_cost_yuan) for it in chosen]
    assert len(maintenance_rows(city.path, "1")) == before + 3
    (ok,) = msgs(Qgis.Success)
    assert "3 planned maintenance records written" in ok and msgs(Qgis.Critical) == []
    assert [dialog.model.item(r).planned_ref for r in (0, 2, 4)] == ["PLAN-2026"] * 3
    assert dialog.model.index(0, COLUMNS.index("planned_ref")).data() == "PLAN-2026"
    assert dialog.selected_rows() == [0, 2, 4]

    # accepting the same items again (and one more) writes only the new one
    click_rows(dialog, [0, 1, 2, 4])
    QTest.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    wait_for(lambda: dialog.accept_task is None)
    assert len(maintenance_rows(city.path, "1")) == before + 4
    assert "1 planned maintenance records written; 3 items were planned already" in msgs(Qgis.Success)[-1]


def test_accept_error_writes_nothing(dialog, city, qgis_iface, monkeypatch):
    import dataclasses

    msgs = Messages(qgis_iface)
    before = len(maintenance_rows(city.path, "1"))
    bad = dataclasses.replace(dialog.plan.items[1], facility_uid="00000000-0000-0000-0000-00000000beef")
    dialog.plan.items[1] = bad
    click_rows(dialog, [0, 1])
    QTest.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    wait_for(lambda: dialog.accept_task is None)
    (error,) = msgs(Qgis.Critical)
    assert "Nothing was written" in error and "item 2" in error and "names no facility" in error
    assert len(maintenance_rows(city.path, "1")) == before and msgs(Qgis.Success) == []


def test_double_click_zooms_to_the_facility(dialog, city, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    canvas.setExtent(city.layers["road"].extent())
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.item(r).facility_kind == "manhole")
    item = dialog.model.item(row)
    dialog.table.scrollTo(dialog.model.index(row, 0))
    rect = dialog.table.visualRect(dialog.model.index(row, 1))
    # a press first: item views take a double-click only on the row pressed before
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      rect.center())
    with GpkgStore.open(city.path, writable=False) as store:
        x, y = LP.representative_points(store, [item])[item.facility_uid]
    extent = canvas.extent()
    assert extent.contains(QgsPointXY(x, y)) and extent.width() < 200


def test_export_csv(dialog, tmp_path):
    dialog.budget.setValue(math.ceil(dialog.plan.cumulative[4]))
    path = tmp_path / "plan.csv"
    assert dialog.export_csv(str(path)) == dialog.model.rowCount()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese names right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["Rank", "Within budget", "Code", "Name"]
    assert len(rows) == dialog.model.rowCount() + 1
    first = dialog.model.item(0)
    assert rows[1][0] == "1" and rows[1][1] == "yes" and rows[1][2] == first.code
    assert rows[6][1] == "no"  # rank 6 is under the cut line
    assert rows[1][-1] == first.facility_uid


def test_unload_closes_the_dialog_and_cancels_the_build(city, qgis_iface):
    controller = PlanController(qgis_iface)
    dlg = controller.run()
    assert controller.run() is dlg  # a second click shows the same dialog
    task = dlg.task
    controller.unload()
    assert controller.dialog is None and not dlg.isVisible() and task.on_done is None
    wait_for(lambda: task.status() in (task.TaskStatus.Complete, task.TaskStatus.Terminated))
    flush()


# ---------------------------------------------------------------------------- the algorithm
@pytest.fixture()
def provider(qgis_processing):
    from safe_municipal.processing.alg_maintenance_plan import MaintenancePlanAlgorithm
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    p = reg.providerById("safe_municipal")
    if reg.algorithmById(ALG) is None:  # until provider.py registers it
        assert p.addAlgorithm(MaintenancePlanAlgorithm())
    yield p
    if added is not None:
        reg.removeProvider(added)


def test_algorithm_parameters(provider):
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert [p.name() for p in alg.parameterDefinitions()] == [
        "STORE", "FROM", "TO", "BUDGET", "DISTRICT", "KINDS", "CATEGORIES", "ACCEPT", "PLAN_REF", "OUTPUT"]
    assert alg.parameterDefinition("ACCEPT").defaultValue() is False
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT", "ITEMS", "WITHIN_BUDGET", "TOTAL_COST",
                                                           "ACCEPTED", "SUMMARY"}


def test_algorithm_runs_and_accepts_idempotently(provider, demo):
    from qgis import processing

    expected = store_plan(demo, budget=1_000_000)
    params = {"STORE": demo, "FROM": FROM, "TO": TO, "BUDGET": 1_000_000, "OUTPUT": "memory:"}
    res = processing.run(ALG, params)
    assert res["ITEMS"] == len(expected.items) and res["WITHIN_BUDGET"] == len(expected.within) > 0
    assert res["ACCEPTED"] == 0 and maintenance_rows(demo) == []
    layer = res["OUTPUT"]
    assert layer.featureCount() == len(expected.items) and layer.crs().authid() == "EPSG:4546"
    feats = sorted(layer.getFeatures(), key=lambda f: f["rank"])
    assert [f["facility_uid"] for f in feats] == [it.facility_uid for it in expected.items]
    first = feats[0]
    assert first["within_budget"] and first["urgency"] == expected.items[0].urgency
    assert first["due_on"].toString("yyyy-MM-dd") == expected.items[0].due_on
    assert first["category_label"] and not first.geometry().isNull()
    assert feats[len(expected.within)]["within_budget"] is False

    res = processing.run(ALG, dict(params, ACCEPT=True, PLAN_REF="2026 计划"))
    assert res["ACCEPTED"] == len(expected.within)
    rows = maintenance_rows(demo)
    assert [r["facility_uid"] for r in rows] == [it.facility_uid for it in expected.within]
    assert {r["plan_ref"] for r in rows} == {"2026 计划"}
    again = processing.run(ALG, dict(params, ACCEPT=True, PLAN_REF="2026 again"))
    assert again["ACCEPTED"] == 0 and len(maintenance_rows(demo)) == len(rows)


def test_algorithm_filters(provider, demo):
    from qgis import processing

    district = LP_districts(demo)[0]
    res = processing.run(ALG, {"STORE": demo, "FROM": FROM, "TO": TO, "DISTRICT": district,
                               "KINDS": ["drain_pipe", "manhole"], "CATEGORIES": ["minor", "corrective"],
                               "OUTPUT": "memory:"})
    expected = store_plan(demo, districts=district, kinds=["drain_pipe", "manhole"], categories=["minor", "corrective"])
    assert res["ITEMS"] == len(expected.items) > 0
    assert {(f["district"], f["facility_kind"] in ("drain_pipe", "manhole"), f["category"] in ("minor", "corrective"))
            for f in res["OUTPUT"].getFeatures()} == {(district, True, True)}


@pytest.mark.parametrize("params, message", [
    ({"DISTRICT": "火星区"}, "DISTRICT: no facility of the store lies in"),
    ({"FROM": "2026-06-01", "TO": "2026-01-01"}, "TO: 2026-01-01 is before FROM 2026-06-01"),
    ({"FROM": "soon"}, "FROM"),  # refused by Processing itself or by the algorithm
])
def test_algorithm_bad_input(provider, demo, params, message):
    from qgis import processing

    with pytest.raises(QgsProcessingException, match=message):
        processing.run(ALG, {"STORE": demo, "OUTPUT": "memory:", **params})
    assert maintenance_rows(demo) == []


def test_algorithm_reports_bad_store_settings(provider, demo):
    from qgis import processing

    from safe_municipal.layers import store_settings

    with GpkgStore.open(demo) as store:
        store_settings.set(store, P.SETTING_WEIGHTS, {"severity": {"major": "high"}})
    with pytest.raises(QgsProcessingException, match="planning.weights.severity.major"):
        processing.run(ALG, {"STORE": demo, "OUTPUT": "memory:", "ACCEPT": True})
    assert maintenance_rows(demo) == []


def test_unit_costs_button_seeds_the_table_and_the_plan_uses_it(dialog, city, qgis_iface, demo):
    from safe_municipal.core import planning as P

    layer = city.layers["unit_cost"]
    assert layer.featureCount() == 0
    QTest.mouseClick(dialog.costs_button, Qt.MouseButton.LeftButton)
    defaults = P.default_costs()
    assert layer.featureCount() == len(defaults) > 0  # seeded once, reloaded
    QTest.mouseClick(dialog.costs_button, Qt.MouseButton.LeftButton)
    assert layer.featureCount() == len(defaults)  # not twice
    # an edit of the table changes the estimates of the next computation
    before = store_plan(demo)
    pipe_items = [it for it in before.items if it.facility_kind == "drain_pipe"]
    assert pipe_items
    item = pipe_items[0]
    with GpkgStore.open(demo) as store:
        row = next(store.rows("unit_cost", "facility_kind = ? AND category = ?", (item.facility_kind, item.category)))
        store.update("unit_cost", row["uid"], {"unit_cost_yuan": row["unit_cost_yuan"] * 2})
    after = {it.facility_uid: it for it in store_plan(demo).items}
    assert item.estimated_cost_yuan > 0
    assert after[item.facility_uid].estimated_cost_yuan == pytest.approx(2 * item.estimated_cost_yuan, abs=0.01)
