"""Assess network inside QGIS: the algorithm, the grade themes, the toolbar action and its task."""
import datetime as dt
import json
import time

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsProject,
    QgsRuleBasedRenderer,
)
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis_support import Messages

import safe_municipal
from safe_municipal.core import schema as S
from safe_municipal.layers import themes


def wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("assess") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture()
def demo(demo_path, tmp_path):
    """A fresh copy of the tiny demo city (the assessment may write to it)."""
    path = tmp_path / "city.gpkg"
    path.write_bytes(demo_path.read_bytes())
    return str(path)


@pytest.fixture()
def provider(qgis_processing):
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    yield reg.providerById("safe_municipal")
    if added is not None:
        reg.removeProvider(added)


# ---------------------------------------------------------------------------- algorithm
def test_algorithm_registered(provider):
    alg = QgsApplication.processingRegistry().algorithmById("safe_municipal:assess_network")
    assert alg is not None
    assert [p.name() for p in alg.parameterDefinitions()] == ["STORE", "KINDS", "AS_OF"]
    assert alg.parameterDefinition("KINDS").options() == list(S.FACILITY_KINDS)
    assert {o.name() for o in alg.outputDefinitions()} == {"COUNTS", "ASSESSED", "CHANGED"}


def test_algorithm_runs(provider, demo):
    from qgis import processing

    from safe_municipal.layers.gpkg import GpkgStore

    res = processing.run("safe_municipal:assess_network",
                         {"STORE": demo, "KINDS": ["road", "drain_pipe"], "AS_OF": "2025-06-01"})
    counts = json.loads(res["COUNTS"])
    assert res["ASSESSED"] == counts["assessed"] > 0 and res["CHANGED"] == counts["changed"] == counts["assessed"]
    assert set(counts["by_kind"]) == {"road", "drain_pipe"}
    with GpkgStore.open(demo, writable=False) as store:
        kinds = dict(store.execute("SELECT facility_kind, count(*) FROM assessment GROUP BY facility_kind"))
        assert kinds == {k: v["changed"] for k, v in counts["by_kind"].items()}
        assert {r[0] for r in store.execute("SELECT DISTINCT as_of FROM assessment")} == {"2025-06-01"}
    again = processing.run("safe_municipal:assess_network",
                           {"STORE": demo, "KINDS": ["road", "drain_pipe"], "AS_OF": "2025-06-01"})
    assert again["CHANGED"] == 0 and again["ASSESSED"] == res["ASSESSED"]


def test_algorithm_errors_become_processing_exceptions(provider, demo, monkeypatch):
    from qgis import processing
    from qgis.core import QgsProcessingException

    from safe_municipal.processing import alg_assess_network as A

    def broken(*_args):
        raise ValueError("grade: 'Z' is not on the CJJ36-2016 scale")

    monkeypatch.setattr(A, "run_assessment", broken)
    with pytest.raises(QgsProcessingException, match="not on the CJJ36-2016 scale"):
        processing.run("safe_municipal:assess_network", {"STORE": demo})
    with pytest.raises(QgsProcessingException, match="AS_OF"):
        processing.run("safe_municipal:assess_network", {"STORE": demo, "AS_OF": "yesterday"})


# ---------------------------------------------------------------------------- themes
@pytest.fixture()
def loaded(qgis_new_project, demo):
    from safe_municipal.layers.project import load_store

    return load_store(demo, QgsProject.instance())


def test_colour_scale_is_shared_across_standards():
    green, red = themes.grade_color("CJJ36-2016", "A"), themes.grade_color("CJJ181-2012", "IV")
    assert green == themes.grade_color("CJJ181-2012", "I") == themes.grade_color("JTGH12-2015", "1") == themes.grade_color("GB51222-2017", "compliant")
    assert red == themes.grade_color("CJJ36-2016", "D") == themes.grade_color("CJJ181-2012", "IV") \
        == themes.grade_color("CJJ99-2017", "E") == themes.grade_color("GB51222-2017", "waterlogged")
    assert green.green() > green.red() and red.red() > red.green() and green != red
    with pytest.raises(ValueError):
        themes.grade_color("CJJ36-2016", "Z")


def _rules(layer) -> list:
    """The theme's rules as plain values (never keep Rule wrappers: children() hands out owned copies on 3.22)."""
    renderer = layer.renderer()
    root = renderer.rootRule()
    out = []
    for item in renderer.legendSymbolItems():
        rule = root.findRuleByKey(item.ruleKey())
        symbol = item.symbol()
        out.append(dict(label=item.label(), filter=rule.filterExpression(), is_else=rule.isElse(),
                        parent=item.parentRuleKey(), key=item.ruleKey(),
                        color=symbol.color().name() if symbol else None,
                        size=_size(symbol)))
    return out


def _size(symbol):
    for getter in ("width", "size"):
        if hasattr(symbol, getter):
            return getattr(symbol, getter)()
    return None


def _grade_rules(layer) -> list:
    return [r for r in _rules(layer) if r["filter"] != themes.OVERDUE_FILTER and r["color"] is not None]


def test_grade_theme_on_every_facility_layer(loaded):
    from safe_municipal.core.records import DEFAULT_STANDARD, GRADE_SCALES

    facility = loaded.facility_layers
    defaults = {k: type(lyr.renderer()).__name__ for k, lyr in facility.items()}
    road_widgets = _widgets(facility["road"])
    assert "ValueMap" in road_widgets.values()
    assert themes.apply_grade_theme(QgsProject.instance(), loaded.path) == len(facility) == len(S.FACILITY_TABLES)
    green = themes.grade_color("CJJ36-2016", "A").name()
    red = themes.grade_color("CJJ36-2016", "D").name()
    for kind, layer in facility.items():
        assert isinstance(layer.renderer(), QgsRuleBasedRenderer), kind
        grades = _grade_rules(layer)
        standard = DEFAULT_STANDARD.get(kind)
        assert len(grades) == (len(GRADE_SCALES[standard]) + 1 if standard else 1), kind
        assert grades[-1]["is_else"] and grades[-1]["label"] == "Not graded"
        assert sum(r["filter"] == themes.OVERDUE_FILTER for r in _rules(layer)) == 1
        if standard:
            best, worst = grades[0], grades[-2]
            assert (best["color"], worst["color"]) == (green, red), kind
            assert best["label"] == f"{GRADE_SCALES[standard][0]} ({standard})"
    assert abs(_grade_rules(facility["road"])[0]["size"] - themes.LINE_WIDTH_MM) < 1e-9
    assert abs(_grade_rules(facility["manhole"])[0]["size"] - themes.POINT_SIZE_MM) < 1e-9

    # the forms survive the theme (renderer set directly, no style loading)
    assert _widgets(facility["road"]) == road_widgets

    assert themes.restore_default_theme(QgsProject.instance(), loaded.path) == len(facility)
    assert {k: type(lyr.renderer()).__name__ for k, lyr in facility.items()} == defaults
    assert _widgets(facility["road"]) == road_widgets


def _widgets(layer) -> dict:
    return {f.name(): layer.editorWidgetSetup(i).type() for i, f in enumerate(layer.fields())}


def _matching(layer, expression: str) -> set:
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    expr = QgsExpression(expression)
    hits = set()
    for f in layer.getFeatures():
        context.setFeature(f)
        if expr.evaluate(context):
            hits.add(f["code"])
    return hits


def test_overdue_rule_matches_past_due(loaded):
    themes.apply_grade_theme(QgsProject.instance())
    layer = loaded.facility_layers["drain_pipe"]
    today = dt.date.today().isoformat()
    past = {f["code"] for f in layer.getFeatures() if f["next_due"] and f["next_due"].toString("yyyy-MM-dd") < today}
    assert past, "the tiny demo city has overdue pipes"
    overdue = [r for r in _rules(layer) if r["filter"] == themes.OVERDUE_FILTER]
    assert _matching(layer, overdue[0]["filter"]) == past
    request = QgsFeatureRequest(QgsExpression(themes.OVERDUE_FILTER))
    assert {f["code"] for f in layer.getFeatures(request)} == past
    # and a grade rule selects exactly the pipes of its grade
    first = _grade_rules(layer)[0]
    assert _matching(layer, first["filter"]) == {f["code"] for f in layer.getFeatures() if f["grade"] == "I"}


# ---------------------------------------------------------------------------- action and task
@pytest.fixture()
def plugin(qgis_iface, qgis_new_project):
    p = safe_municipal.classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()
    # delete the removed actions now, so later tests that look them up by name find only their own
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_action_added_and_removed(qgis_iface, qgis_new_project):
    from qgis.PyQt.QtWidgets import QAction

    p = safe_municipal.classFactory(qgis_iface)
    p.initGui()
    action = qgis_iface.mainWindow().findChild(QAction, "SafeMunicipalAssessNetwork")
    assert action is not None and action in p.toolbar.actions() and not action.icon().isNull()
    p.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert p.assess is None and "SafeMunicipalAssessNetwork" not in p.actions


def test_action_without_store_warns(plugin, qgis_iface):
    msgs = Messages(qgis_iface)
    plugin.actions["SafeMunicipalAssessNetwork"].trigger()
    assert len(msgs(Qgis.Warning)) == 1 and plugin.assess.task is None


def test_dialog_values(plugin):
    from safe_municipal.dialogs.assess_task import AssessDialog

    dlg = AssessDialog(None, "/x.gpkg")
    try:
        assert dlg.values()["kinds"] is None and dlg.values()["as_of"] == dt.date.today()
        for name, check in dlg.kind_checks.items():
            check.setChecked(name == "bridge")
        assert dlg.values()["kinds"] == ["bridge"]
    finally:
        dlg.deleteLater()


def test_task_runs_reloads_and_reports(plugin, qgis_iface, loaded):
    msgs = Messages(qgis_iface)
    task = plugin.assess.start(loaded.path, kinds=["road"], as_of=dt.date(2025, 6, 1), theme=True)
    wait_for(lambda: plugin.assess.task is None)
    assert task.error is None, task.details
    assert task.succeeded and msgs(Qgis.Critical) == []
    success = msgs(Qgis.Success)
    assert len(success) == 1 and "Assessed {n} facilities".format(n=task.counts["assessed"]) in success[0]
    assert isinstance(loaded.facility_layers["road"].renderer(), QgsRuleBasedRenderer)  # theme on
    assert loaded.facility_layers["road"].featureCount() > 0
