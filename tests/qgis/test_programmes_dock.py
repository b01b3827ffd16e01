"""The programmes dock (issue 5) inside QGIS: record the pipes selected on the map as cleaned, the progress
figures follow; the cleaning and cover themes switch the renderer and come off again; exports exist; plans;
and the programmes' Processing algorithms through processing.run.

Each test works on a fresh copy of the tiny demo city (facilities only matter) with programmes of its own.
"""
import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsRuleBasedRenderer,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.layers.export_table import read_back
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.programme_themes import CLEANED_FIELD, PROP_JOIN, PROP_THEME
from safe_municipal.layers.programmes import Programmes
from safe_municipal.layers.project import load_store

TODAY = dt.date(2025, 5, 10)


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()


def sql(path, query, params=()):
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return con.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("programmes") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    # the demo city may bring programmes of its own: these tests make theirs, with known numbers
    with GpkgStore.open(str(path)) as store, store.audit_suspended() as conn:
        for table in ("programme_target", "cover_replacement", "waterlogging_plan", "programme"):
            conn.execute(f'DELETE FROM "{table}"')
        conn.execute("UPDATE maintenance SET programme_uid = NULL")
        conn.execute("DELETE FROM maintenance WHERE work_type IN ('cleaning', 'cover_replacement')")
    return path


@pytest.fixture()
def city(template, tmp_path, qgis_iface, qgis_new_project):
    path = tmp_path / "city.gpkg"
    path.write_bytes(template.read_bytes())
    loaded = load_store(str(path))
    with GpkgStore.open(str(path)) as store:
        pg = Programmes(store, TODAY)
        cleaning = pg.create_programme("pipe_cleaning", 2025, "2025-01-01", "2025-04-30", 5.0,
                                       {"西陵区": 1.0, "伍家岗区": 1.5})
        covers = pg.create_programme("anti_settlement_covers", 2025, "2025-01-01", "2025-12-31", 2, {"西陵区": 1})
    yield loaded, str(path), cleaning, covers
    QgsProject.instance().removeAllMapLayers()
    flush()


@pytest.fixture()
def dock(city, qgis_iface):
    from safe_municipal.dialogs.programmes_dock import ProgrammesController

    controller = ProgrammesController(qgis_iface)
    d = controller.run()
    assert d is not None
    d.setFloating(True)
    d.resize(800, 700)
    d.show()
    d.today = TODAY
    d.cleaning.date.setDate(QDate(2025, 3, 1))
    d.refresh()
    yield d
    controller.unload()
    flush()


def pipe_fids(layer, n):
    request = QgsFeatureRequest().addOrderBy("fid").setLimit(n)
    feats = list(layer.getFeatures(request))
    return [f.id() for f in feats], [f["uid"] for f in feats], sum(f["length_m"] for f in feats)


# ---------------------------------------------------------------------------- cleaning
def test_controller_without_store_warns(qgis_iface, qgis_new_project):
    from safe_municipal.dialogs.programmes_dock import ProgrammesController

    msgs = Messages(qgis_iface)
    controller = ProgrammesController(qgis_iface)
    assert controller.run() is None and controller.dock is None
    assert len(msgs(Qgis.Warning)) == 1


def test_record_selected_pipes_as_cleaned(dock, city):
    loaded, path, cleaning, _ = city
    tab = dock.cleaning
    assert tab.combo.currentData() == cleaning
    assert tab.summary.text().startswith("Cleaned 0.000 of 5.000 km (0.0 %)")
    assert "10 days overdue" in tab.summary.text()
    n_pipes = tab.progress.total_pipes
    assert tab.remaining.rowCount() == n_pipes and tab.districts.rowCount() == 6  # five districts + total

    click(tab.record_button)  # nothing selected
    assert tab.message.isVisible() and tab.message.property("error")
    layer = loaded.layers["drain_pipe"]
    fids, uids, length = pipe_fids(layer, 5)
    layer.selectByIds(fids)
    click(tab.record_button)
    assert not tab.message.property("error"), tab.message.text()
    assert tab.message.text() == "Recorded 5 pipes as cleaned on 2025-03-01."
    km = length / 1000.0
    assert tab.summary.text().startswith(f"Cleaned {km:,.3f} of 5.000 km ({100 * km / 5:.1f} %)")
    assert tab.bar.value() == round(min(100 * km / 5, 100) * 10)
    assert tab.remaining.rowCount() == n_pipes - 5
    # each remaining pipe's state is its own: overdue only in a district still short of its target
    states = [tab.remaining.item(i, 4).text() for i in range(tab.remaining.rowCount())]
    assert states == ["Overdue" if r["overdue"] else "Not yet" for r in tab.progress.remaining]
    rows = sql(path, "SELECT facility_uid, finished_on, status, work_type FROM maintenance WHERE programme_uid = ?",
               (cleaning,))
    assert sorted(r[0] for r in rows) == sorted(uids) and {r[1:] for r in rows} == {("2025-03-01", "done",
                                                                                      "cleaning")}
    # again: nothing doubles
    click(tab.record_button)
    assert "5 skipped" in tab.message.text()
    assert len(sql(path, "SELECT 1 FROM maintenance WHERE programme_uid = ?", (cleaning,))) == 5
    # a date in the future (for the dock's today) is refused inline, nothing written
    tab.date.setDate(QDate(2025, 6, 1))
    layer.selectByIds(pipe_fids(layer, 8)[0])
    click(tab.record_button)
    assert tab.message.property("error") and "in the future" in tab.message.text()
    assert len(sql(path, "SELECT 1 FROM maintenance WHERE programme_uid = ?", (cleaning,))) == 5
    # the statistics table shows the same figures
    dock.statistics.select("programme", cleaning)
    total = [dock.statistics.table.item(dock.statistics.table.rowCount() - 1, c).text() for c in range(3)]
    assert total == ["Total", "5.000", f"{km:,.3f}"]


def _rule_labels(layer):
    renderer = layer.renderer()
    return [item.label() for item in renderer.legendSymbolItems()]


def _filters(layer) -> list:
    """The rules' filters, legend order (never keep Rule wrappers: children() hands out copies on 3.22)."""
    renderer = layer.renderer()
    root = renderer.rootRule()
    return [root.findRuleByKey(item.ruleKey()).filterExpression() for item in renderer.legendSymbolItems()]


def _matching(layer, expression):
    return {f["uid"] for f in layer.getFeatures(QgsFeatureRequest(QgsExpression(expression)))}


def test_cleaning_theme_switches_and_restores(dock, city):
    loaded, path, cleaning, _ = city
    layer = loaded.layers["drain_pipe"]
    default = type(layer.renderer()).__name__
    fids, uids, _ = pipe_fids(layer, 3)
    layer.selectByIds(fids)
    click(dock.cleaning.record_button)
    n_layers = len(QgsProject.instance().mapLayers())
    click(dock.cleaning.theme_button)
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    assert layer.customProperty(PROP_THEME) == "cleaning"
    assert _rule_labels(layer) == ["Pipe cleaning 2025", "Cleaned", "Overdue (deadline 2025-04-30)",
                                   "Not yet cleaned"]
    assert len(QgsProject.instance().mapLayers()) == n_layers + 1  # the join layer, outside the layer tree
    assert _matching(layer, f'"{CLEANED_FIELD}" IS NOT NULL') == set(uids)
    overdue = _filters(layer)[2]
    assert _matching(layer, overdue) == {f["uid"] for f in layer.getFeatures()} - set(uids)  # 2025-04-30 passed
    # more cleaned: the theme follows
    more_fids, more_uids, _ = pipe_fids(layer, 6)
    layer.selectByIds(more_fids)
    click(dock.cleaning.record_button)
    assert _matching(layer, f'"{CLEANED_FIELD}" IS NOT NULL') == set(more_uids)
    click(dock.cleaning.theme_off_button)
    assert type(layer.renderer()).__name__ == default and layer.customProperty(PROP_THEME) is None
    assert layer.fields().indexFromName(CLEANED_FIELD) < 0 and not layer.vectorJoins()
    assert not [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.customProperty(PROP_JOIN)]


def test_cover_replacement_and_theme(dock, city):
    loaded, path, _, covers = city
    tab = dock.covers
    assert tab.combo.currentData() == covers
    assert tab.summary.text().startswith("Replaced 0 of 2 covers (0.0 %) · anti-settlement 0")
    assert tab.record_replacement() is None and tab.message.property("error")
    manholes = loaded.layers["manhole"]
    feats = list(manholes.getFeatures(QgsFeatureRequest().addOrderBy("fid").setLimit(2)))
    for i, f in enumerate(feats):
        manholes.selectByIds([f.id()])
        dialog = tab.record_replacement()
        assert dialog is not None and dialog.programme.currentData() == covers
        dialog.replaced_on.setDate(QDate(2025, 3 + i, 15))
        dialog.new_cover_type.setCurrentIndex(dialog.new_cover_type.findData("wide_rim_anti_settlement"))
        assert dialog.anti_settlement.isChecked()
        dialog.accept()
        flush()
        assert dialog.result_value is not None, dialog.error.text()
    assert tab.summary.text().startswith("Replaced 2 of 2 covers (100.0 %) · anti-settlement 2")
    assert "Target met on 2025-04-15: 8 months early." in tab.summary.text()
    assert sql(path, "SELECT count(*) FROM cover_replacement WHERE programme_uid = ?", (covers,)) == [(2,)]
    assert {f["cover_type"] for f in manholes.getFeatures(QgsFeatureRequest().setFilterFids([f.id() for f in feats]))} \
        == {"wide_rim_anti_settlement"}  # the layer was reloaded
    # a bad replacement (before the programme starts) stays open with the problem named
    manholes.selectByIds([feats[0].id()])
    dialog = tab.record_replacement()
    dialog.replaced_on.setDate(QDate(2024, 12, 1))
    dialog.accept()
    assert dialog.isVisible() and dialog.error_field == "replaced_on" and "before the programme starts" in \
        dialog.error.text()
    dialog.reject()
    flush()
    assert sql(path, "SELECT count(*) FROM cover_replacement") == [(2,)]

    click(tab.theme_button)
    assert isinstance(manholes.renderer(), QgsRuleBasedRenderer) and manholes.customProperty(PROP_THEME) == "covers"
    first = _filters(manholes)[1]
    expected = {f["uid"] for f in manholes.getFeatures()
                if f["cover_replaced_on"] and f["cover_replaced_on"].year() == 2025 and f["anti_settlement"]}
    assert _matching(manholes, first) == expected and {f["uid"] for f in feats} <= expected
    assert sum(len(_matching(manholes, e)) for e in _filters(manholes)[1:4]) == len(
        {f["uid"] for f in manholes.getFeatures() if f["anti_settlement"] or (
            f["cover_replaced_on"] and f["cover_replaced_on"].year() == 2025)})  # the rules do not overlap
    click(tab.theme_off_button)
    assert not isinstance(manholes.renderer(), QgsRuleBasedRenderer)


# ---------------------------------------------------------------------------- programmes, plans, storage, export
def test_new_programme_dialog(dock, city):
    _, path, _, _ = city
    dialog = dock.new_programme("cover_replacement")
    assert dialog is not None and dialog.kind.currentData() == "cover_replacement"
    dialog.year.setValue(2026)
    dialog.starts_on.setDate(QDate(2026, 6, 1))
    dialog.deadline.setDate(QDate(2026, 5, 1))
    dialog.target.setValue(15000)
    dialog.set_target("西陵区", "5000")
    dialog.accept()
    assert dialog.isVisible() and dialog.error_field == "deadline"
    assert sql(path, "SELECT count(*) FROM programme") == [(2,)]
    dialog.set_target("夷陵区", "-3")
    dialog.deadline.setDate(QDate(2026, 12, 31))
    dialog.accept()
    assert dialog.error_field == "target" and dialog.error.text().startswith(f"Row {dialog.targets.rowCount()}:")
    dialog.set_target("夷陵区", "3000")
    dialog.accept()
    flush()
    uid = dialog.result_value
    assert uid and sql(path, "SELECT district, target FROM programme_target WHERE programme_uid = ? ORDER BY district",
                       (uid,)) == sorted([("西陵区", 5000.0), ("夷陵区", 3000.0)])
    assert dock.covers.combo.currentData() == uid


def test_waterlogging_lists_and_plan(dock, city):
    _, path, _, _ = city
    tab = dock.waterlogging
    points = sql(path, "SELECT uid, code FROM waterlogging_point ORDER BY fid")
    assert tab.without.rowCount() == len(points)  # no plans yet
    row = next(r for r in range(tab.without.rowCount()) if tab.without.item(r, 0).text() == points[0][1])
    tab.without.cellDoubleClicked.emit(row, 0)
    dialog = dock.dialog
    assert dialog is not None and dialog.point["uid"] == points[0][0]
    assert dialog.events.rowCount() == sql(path, "SELECT count(*) FROM waterlogging_event WHERE facility_uid = ?",
                                           (points[0][0],))[0][0]
    dialog.cause.setPlainText("地势低洼，管网排水能力不足")
    dialog.deadline.setDate(QDate(2025, 4, 1))
    dialog.status.setCurrentIndex(dialog.status.findData("in_progress"))
    dialog.accept()
    flush()
    assert dialog.result_value
    assert tab.without.rowCount() == len(points) - 1
    assert tab.overdue.rowCount() == 1 and tab.overdue.item(0, 4).text() == "39"
    # the store's lists agree
    assert sql(path, "SELECT cause, status FROM waterlogging_plan") == [("地势低洼，管网排水能力不足", "in_progress")]


def test_storage_tab(dock, city):
    _, path, _, _ = city
    total = sql(path, "SELECT sum(capacity_m3), count(*) FROM storage_facility")[0]
    assert f"{total[0]:,.0f} m³ in {total[1]} facilities" in dock.storage.total.text()
    assert dock.storage.table.item(dock.storage.table.rowCount() - 1, 0).text() == "Total"


def test_export_csv_and_xlsx(dock, city, tmp_path):
    _, path, cleaning, _ = city
    tab = dock.statistics
    assert tab.selector.currentData() == ("year", 2025)
    tab.select("year", 2025)
    assert tab.title.text() == "Programmes 2025: by district"
    csv_path = tab.export(str(tmp_path / "统计.csv"))
    xlsx_path = tab.export(str(tmp_path / "统计.xlsx"))
    assert csv_path and xlsx_path and (tmp_path / "统计.csv").is_file() and (tmp_path / "统计.xlsx").is_file()
    headers, rows = read_back(xlsx_path)
    assert headers[0] == "District or county" and rows[-1][0] == "Total"
    assert headers == [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    h2, rows2 = read_back(csv_path)
    assert h2 == headers and len(rows2) == len(rows) == tab.table.rowCount()
    assert tab.export(str(tmp_path / "统计.ods")) is None and tab.message.property("error")


# ---------------------------------------------------------------------------- processing
@pytest.fixture()
def algorithms(qgis_processing):
    """The safe_municipal provider with the programme algorithms (registered by plugin.py's provider once
    it lists them; added here while it does not)."""
    from safe_municipal.processing.alg_programmes import ALGORITHMS
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    provider = reg.providerById("safe_municipal")
    for cls in ALGORITHMS:
        if provider.algorithm(cls().name()) is None:
            provider.addAlgorithm(cls())
    yield provider
    if added is not None:
        reg.removeProvider(added)
    else:
        provider.refreshAlgorithms()


def test_processing_algorithms(algorithms, city, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    loaded, path, cleaning, _ = city
    layer = loaded.layers["drain_pipe"]
    fids, uids, length = pipe_fids(layer, 4)
    layer.selectByIds(fids)
    res = processing.run("safe_municipal:record_cleaning", {
        "STORE": path, "PROGRAMME": "2025", "DATE": "2025-03-02",
        "INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True)})
    assert (res["RECORDED"], res["SKIPPED"], res["PROGRAMME_UID"]) == (4, 0, cleaning)
    res = processing.run("safe_municipal:record_cleaning", {
        "STORE": path, "PROGRAMME": cleaning, "DATE": "2025-03-03",
        "INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True)})
    assert (res["RECORDED"], res["SKIPPED"]) == (0, 4)
    with pytest.raises(QgsProcessingException, match="no pipe_cleaning for 2019"):
        processing.run("safe_municipal:record_cleaning", {"STORE": path, "PROGRAMME": "2019", "INPUT": layer})
    with pytest.raises(QgsProcessingException, match="before the programme starts"):
        processing.run("safe_municipal:record_cleaning", {"STORE": path, "PROGRAMME": "2025", "DATE": "2024-01-01",
                                                          "INPUT": layer})
    assert sql(path, "SELECT count(*) FROM maintenance WHERE programme_uid = ?", (cleaning,)) == [(4,)]

    res = processing.run("safe_municipal:programme_progress", {"STORE": path, "KIND": "pipe_cleaning", "YEAR": 2025,
                                                               "OUTPUT": "TEMPORARY_OUTPUT"})
    out = res["OUTPUT"]
    rows = {f["district"]: f for f in out.getFeatures()}
    assert set(rows) >= {"西陵区", "伍家岗区", "Total"}
    assert rows["Total"]["cleaned_km"] == pytest.approx(round(length / 1000.0, 3))
    assert res["DONE"] == pytest.approx(length / 1000.0) and res["TARGET"] == 5.0
    assert rows["西陵区"]["target_km"] == 1.0
    with pytest.raises(QgsProcessingException, match="no .* programme for 2030"):
        processing.run("safe_municipal:programme_progress", {"STORE": path, "KIND": "pipe_cleaning", "YEAR": 2030,
                                                             "OUTPUT": "TEMPORARY_OUTPUT"})

    for suffix in ("csv", "xlsx"):
        target = tmp_path / f"stats.{suffix}"
        res = processing.run("safe_municipal:district_statistics", {"STORE": path, "YEAR": 2025,
                                                                    "OUTPUT": str(target)})
        assert target.is_file() and res["ROWS"] >= 2
        headers, back = read_back(str(target))
        assert headers[0] == "District or county" and back[-1][0] == "Total" and len(back) == res["ROWS"]


def test_cleaning_overdue_rule_only_where_the_district_is_short():
    from safe_municipal.layers.programme_themes import cleaning_rules

    prog = {"deadline": "2025-04-30"}
    rules = {r[0]: r[3] for r in cleaning_rules(prog, dt.date(2025, 5, 1), ("伍家岗区", None))}
    assert rules["overdue"].endswith("""AND ("district" IN ('伍家岗区') OR "district" IS NULL)""")
    met = {r[0]: r[3] for r in cleaning_rules(prog, dt.date(2025, 5, 1), ())}
    assert met["overdue"].endswith("AND FALSE")  # every district met its target: nothing is overdue
    assert QgsExpression(rules["overdue"]).isValid() and QgsExpression(met["overdue"]).isValid()
