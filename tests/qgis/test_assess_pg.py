"""The assessment and maintenance plan algorithms on a PostGIS store (issue 8): ``processing.run`` with a
PostGIS store reference as STORE gives what it gives on the GeoPackage holding the same data — the same
grades per kind, the same ranked plan items, the same planned records accepted — and a login without
the rights is told so by a Processing error naming its role."""
import datetime as dt
import json
import shutil
import time

import pytest
from qgis.core import Qgis, QgsApplication, QgsProcessingException, QgsProject, QgsRuleBasedRenderer
from qgis.PyQt.QtCore import QCoreApplication
from qgis_support import Messages

from safe_municipal.layers.store_ref import open_store

AS_OF = "2025-12-31"
FROM, TO = "2026-01-01", "2026-12-31"
EDITOR = "eve_editor"
ASSESS, PLAN = "safe_municipal:assess_network", "safe_municipal:maintenance_plan"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("assess_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture()
def gpkg(demo_path, tmp_path):
    """A fresh GeoPackage copy of the demo city."""
    path = tmp_path / "city.gpkg"
    shutil.copyfile(demo_path, path)
    return str(path)


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
    if reg.algorithmById(PLAN) is None:
        assert p.addAlgorithm(MaintenancePlanAlgorithm())
    yield p
    if added is not None:
        reg.removeProvider(added)


def grades_by_kind(ref) -> dict:
    """{(kind, grade): n} of the assessment rows and {(kind, grade): n} of the facilities' grades."""
    from safe_municipal.core import schema as S

    with open_store(ref, writable=False) as store:
        rows = {(k, g): n for k, g, n in store.execute(
            "SELECT facility_kind, grade, count(*) FROM assessment GROUP BY facility_kind, grade")}
        facilities = {}
        for kind in S.FACILITY_KINDS:
            for g, n in store.execute(f'SELECT grade, count(*) FROM "{kind}" WHERE grade IS NOT NULL GROUP BY grade'):
                facilities[(kind, g)] = n
    return rows, facilities


def assess(ref, **extra):
    from qgis import processing

    return processing.run(ASSESS, {"STORE": ref, "AS_OF": AS_OF, **extra})


def test_assess_algorithm_on_postgis_equals_geopackage(provider, gpkg, demo_path, pg_copy):
    pg = pg_copy(demo_path, user=EDITOR)
    on_gpkg, on_pg = assess(gpkg), assess(pg.ref)
    assert on_pg["ASSESSED"] == on_gpkg["ASSESSED"] > 300 and on_pg["CHANGED"] == on_gpkg["CHANGED"]
    counts_gpkg, counts_pg = json.loads(on_gpkg["COUNTS"]), json.loads(on_pg["COUNTS"])
    for key in ("by_grade", "by_kind", "skipped_reasons", "updated"):
        assert counts_pg[key] == counts_gpkg[key], key
    assert grades_by_kind(pg.ref) == grades_by_kind(gpkg)
    assert pg.count("audit_log") == 0  # derived data: not audited on either backend
    again = assess(pg.ref)
    assert again["CHANGED"] == 0 and again["ASSESSED"] == on_pg["ASSESSED"]
    kinds = assess(pg.ref, KINDS=["tunnel", "bridge"], AS_OF="2026-06-30")
    assert set(json.loads(kinds["COUNTS"])["by_kind"]) == {"tunnel", "bridge"}


def test_assess_algorithm_refuses_an_inspector_by_role(provider, demo_path, pg_copy):
    pg = pg_copy(demo_path, user="ivan_inspector")
    with pytest.raises(QgsProcessingException, match="ivan_inspector.*sm_inspector.*sm_editor"):
        assess(pg.ref)
    assert pg.count("assessment") == 0


def _plan_features(layer) -> list:
    out = []
    for f in sorted(layer.getFeatures(), key=lambda f: f["rank"]):
        p = f.geometry().asPoint()
        out.append((f["rank"], f["facility_uid"], f["category"], f["reason"], f["urgency"], f["within_budget"],
                    f["estimated_cost_yuan"], f["due_on"].toString("yyyy-MM-dd"), round(p.x(), 6), round(p.y(), 6)))
    return out


def test_plan_algorithm_on_postgis_equals_geopackage(provider, gpkg, demo_path, pg_copy):
    from qgis import processing

    assess(gpkg)
    pg = pg_copy(gpkg, user=EDITOR)  # the assessed store, copied
    params = {"FROM": FROM, "TO": TO, "BUDGET": 1_000_000, "OUTPUT": "memory:"}
    on_gpkg = processing.run(PLAN, dict(params, STORE=gpkg))
    on_pg = processing.run(PLAN, dict(params, STORE=pg.ref))
    for key in ("ITEMS", "WITHIN_BUDGET", "TOTAL_COST", "ACCEPTED"):
        assert on_pg[key] == on_gpkg[key], key
    assert on_pg["ITEMS"] > 20 and json.loads(on_pg["SUMMARY"]) == json.loads(on_gpkg["SUMMARY"])
    assert on_pg["OUTPUT"].crs().authid() == "EPSG:4546"
    assert _plan_features(on_pg["OUTPUT"]) == _plan_features(on_gpkg["OUTPUT"])

    accept = dict(params, ACCEPT=True, PLAN_REF="2026 计划")
    written_gpkg = processing.run(PLAN, dict(accept, STORE=gpkg))["ACCEPTED"]
    written_pg = processing.run(PLAN, dict(accept, STORE=pg.ref))["ACCEPTED"]
    assert written_pg == written_gpkg == on_pg["WITHIN_BUDGET"] > 0

    def planned(ref):
        with open_store(ref, writable=False) as store:
            return sorted((r["facility_uid"], r["category"], r["reason"], r["urgency"], r["due_on"])
                          for r in store.rows("maintenance", "plan_ref = ?", ("2026 计划",)))

    assert planned(pg.ref) == planned(gpkg)
    log = pg.execute("SELECT DISTINCT user_name, table_name FROM audit_log").fetchall()
    assert log == [(EDITOR, "maintenance")]  # planned records are audited, as the login
    assert processing.run(PLAN, dict(accept, STORE=pg.ref))["ACCEPTED"] == 0


def test_plan_algorithm_accept_needs_write_rights(provider, demo_path, pg_copy):
    from qgis import processing

    viewer = pg_copy(demo_path, user="alice_viewer")
    params = {"STORE": viewer.ref, "FROM": FROM, "TO": TO, "OUTPUT": "memory:"}
    assert processing.run(PLAN, params)["ITEMS"] > 0  # reading is enough to plan
    before = viewer.count("maintenance")
    with pytest.raises(QgsProcessingException, match="alice_viewer"):
        processing.run(PLAN, dict(params, ACCEPT=True))
    assert viewer.count("maintenance") == before


# --------------------------------------------------------------------------- the toolbar action's task
def _wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture()
def loaded_pg(demo_path, pg_copy, qgis_new_project):
    """loaded_pg(user) -> (a PostGIS copy of the demo city for that login, the store loaded into the project)."""
    from safe_municipal.layers.project import load_store

    def _load(user=EDITOR):
        store = pg_copy(demo_path, user=user)
        return store, load_store(store.ref, QgsProject.instance())

    yield _load
    QgsProject.instance().clear()


def test_assess_task_on_postgis_reloads_and_themes(loaded_pg, qgis_iface):
    from safe_municipal.dialogs.assess_task import AssessController

    msgs = Messages(qgis_iface)
    store, loaded = loaded_pg()
    road = loaded.facility_layers["road"]
    assert road.providerType() == "postgres"
    controller = AssessController(qgis_iface)
    task = controller.start(store.ref, kinds=["road", "drain_pipe"], as_of=dt.date(2025, 12, 31), theme=True)
    _wait_for(lambda: controller.task is None)
    assert task.error is None, task.details
    assert task.succeeded and msgs(Qgis.Critical) == []
    assert "Assessed {n} facilities".format(n=task.counts["assessed"]) in msgs(Qgis.Success)[-1]
    graded = {f["uid"]: f["grade"] for f in road.getFeatures()}  # the layer shows the new grades
    assert any(graded.values()) and graded == {r["uid"]: r["grade"] for r in store.rows("road", columns=["uid", "grade"])}
    assert isinstance(road.renderer(), QgsRuleBasedRenderer)  # the grade theme on the PostGIS layer
    controller.unload()


def test_assess_task_by_an_inspector_reports_the_role(loaded_pg, qgis_iface):
    from safe_municipal.dialogs.assess_task import AssessController

    msgs = Messages(qgis_iface)
    store, _loaded = loaded_pg("ivan_inspector")
    controller = AssessController(qgis_iface)
    task = controller.start(store.ref, as_of=dt.date(2025, 12, 31))
    _wait_for(lambda: controller.task is None)
    (error,) = msgs(Qgis.Critical)
    assert "ivan_inspector" in error and "sm_editor" in error and task.error is not None
    assert store.count("assessment") == 0
    controller.unload()
