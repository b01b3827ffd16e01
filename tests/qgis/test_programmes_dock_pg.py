"""The programmes dock on a PostGIS store (issue 8): pipes selected on the PostGIS layer recorded as
cleaned, a cover replacement, a new programme, a waterlogging point's plan and the statistics — the
same figures as on a GeoPackage, written under the login; an inspector may record field work but
not create programmes."""
import datetime as dt

import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import QgsFeatureRequest, QgsProject, QgsRuleBasedRenderer
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent, Qt
from qgis.PyQt.QtTest import QTest

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.programmes import Programmes
from safe_municipal.layers.project import load_store

TODAY = dt.date(2025, 5, 10)


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("programmes_pg") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    with GpkgStore.open(str(path)) as store, store.audit_suspended() as conn:  # programmes of our own
        for table in ("programme_target", "cover_replacement", "waterlogging_plan", "programme"):
            conn.execute(f'DELETE FROM "{table}"')
        conn.execute("UPDATE maintenance SET programme_uid = NULL")
        conn.execute("DELETE FROM maintenance WHERE work_type IN ('cleaning', 'cover_replacement')")
    return path


@pytest.fixture()
def store(template, pg_copy):
    s = pg_copy(template)
    progs = Programmes(s, TODAY)
    s.cleaning = progs.create_programme("pipe_cleaning", 2025, "2025-01-01", "2025-04-30", 5.0,
                                        {"西陵区": 1.0, "伍家岗区": 1.5})
    s.covers = progs.create_programme("anti_settlement_covers", 2025, "2025-01-01", "2025-12-31", 2, {"西陵区": 1})
    return s


@pytest.fixture()
def open_dock(qgis_iface, qgis_new_project, english, login):
    from safe_municipal.dialogs.programmes_dock import ProgrammesController

    controllers = []

    def _open(store, user):
        loaded = load_store(login(store, user).ref)
        controller = ProgrammesController(qgis_iface)
        controllers.append(controller)
        d = controller.run()
        assert d is not None
        d.setFloating(True)
        d.resize(800, 700)
        d.show()
        d.today = TODAY
        d.cleaning.date.setDate(QDate(2025, 3, 1))
        d.refresh()
        return d, loaded

    yield _open
    for c in controllers:
        c.unload()
    QgsProject.instance().removeAllMapLayers()
    flush()


def test_record_selected_pipes_as_cleaned(store, open_dock):
    dock, loaded = open_dock(store, "ivan_inspector")
    tab = dock.cleaning
    assert tab.combo.currentData() == store.cleaning
    assert tab.summary.text().startswith("Cleaned 0.000 of 5.000 km (0.0 %)")
    layer = loaded.layers["drain_pipe"]
    assert layer.providerType() == "postgres"
    feats = list(layer.getFeatures(QgsFeatureRequest().addOrderBy("fid").setLimit(5)))
    layer.selectByIds([f.id() for f in feats])
    click(tab.record_button)
    assert not tab.message.property("error"), tab.message.text()
    assert tab.message.text() == "Recorded 5 pipes as cleaned on 2025-03-01."
    km = sum(f["length_m"] for f in feats) / 1000.0
    assert tab.summary.text().startswith(f"Cleaned {km:,.3f} of 5.000 km ({100 * km / 5:.1f} %)")
    rows = list(store.rows("maintenance", "programme_uid = ?", (store.cleaning,),
                           columns=("facility_uid", "finished_on", "status")))
    assert sorted(r["facility_uid"] for r in rows) == sorted(f["uid"] for f in feats)
    assert {(r["finished_on"], r["status"]) for r in rows} == {("2025-03-01", "done")}
    who = {r[0] for r in store.execute("SELECT user_name FROM audit_log WHERE table_name = 'maintenance'")}
    assert who == {"ivan_inspector"}
    click(tab.record_button)  # again: nothing doubles
    assert "5 skipped" in tab.message.text()
    dock.statistics.select("programme", store.cleaning)
    total = [dock.statistics.table.item(dock.statistics.table.rowCount() - 1, c).text() for c in range(3)]
    assert total == ["Total", "5.000", f"{km:,.3f}"]
    # the cleaning theme on the PostGIS layer
    click(tab.theme_button)
    assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    click(tab.theme_off_button)
    assert not isinstance(layer.renderer(), QgsRuleBasedRenderer)


def test_cover_replacement_updates_the_manhole(store, open_dock):
    """Recording a replacement also updates the manhole's current cover (a facility): an editor's job.
    An inspector's attempt is refused as a whole, naming the role; nothing of it is written."""
    dock, loaded = open_dock(store, "ivan_inspector")
    manholes = loaded.layers["manhole"]
    first = next(manholes.getFeatures(QgsFeatureRequest().addOrderBy("fid").setLimit(1)))
    manholes.selectByIds([first.id()])
    dialog = dock.covers.record_replacement()
    dialog.replaced_on.setDate(QDate(2025, 3, 15))
    dialog.new_cover_type.setCurrentIndex(dialog.new_cover_type.findData("wide_rim_anti_settlement"))
    works = store.count("maintenance")
    dialog.accept()
    flush()
    assert dialog.result_value is None and "ivan_inspector may not update rows of manhole" in dialog.error.text()
    assert store.count("cover_replacement") == 0 and store.count("maintenance") == works
    dialog.reject()
    dock, loaded = open_dock(store, "eve_editor")
    tab = dock.covers
    manholes = loaded.layers["manhole"]
    feats = list(manholes.getFeatures(QgsFeatureRequest().addOrderBy("fid").setLimit(2)))
    for i, f in enumerate(feats):
        manholes.selectByIds([f.id()])
        dialog = tab.record_replacement()
        dialog.replaced_on.setDate(QDate(2025, 3 + i, 15))
        dialog.new_cover_type.setCurrentIndex(dialog.new_cover_type.findData("wide_rim_anti_settlement"))
        dialog.accept()
        flush()
        assert dialog.result_value is not None, dialog.error.text()
    assert tab.summary.text().startswith("Replaced 2 of 2 covers (100.0 %) · anti-settlement 2")
    assert "Target met on 2025-04-15: 8 months early." in tab.summary.text()
    assert store.count("cover_replacement") == 2
    assert {r["cover_type"] for r in store.rows("manhole", f"uid IN ('{feats[0]['uid']}', '{feats[1]['uid']}')",
                                                columns=("cover_type",))} == {"wide_rim_anti_settlement"}


def test_an_inspector_may_not_create_programmes_an_editor_may(store, open_dock):
    dock, _ = open_dock(store, "ivan_inspector")
    dialog = dock.new_programme("cover_replacement")
    dialog.year.setValue(2026)
    dialog.starts_on.setDate(QDate(2026, 1, 1))
    dialog.deadline.setDate(QDate(2026, 12, 31))
    dialog.target.setValue(100)
    dialog.accept()
    flush()
    assert dialog.result_value is None and "ivan_inspector" in dialog.error.text()
    assert store.count("programme") == 2
    dialog.reject()
    dock, _ = open_dock(store, "eve_editor")
    dialog = dock.new_programme("cover_replacement")
    dialog.year.setValue(2026)
    dialog.starts_on.setDate(QDate(2026, 1, 1))
    dialog.deadline.setDate(QDate(2026, 12, 31))
    dialog.target.setValue(100)
    dialog.accept()
    flush()
    assert dialog.result_value and store.count("programme") == 3


def test_waterlogging_plan(store, open_dock):
    dock, _ = open_dock(store, "eve_editor")
    tab = dock.waterlogging
    points = [(r["uid"], r["code"]) for r in store.rows("waterlogging_point", columns=("uid", "code"),
                                                         order_by=("fid",))]
    assert tab.without.rowCount() == len(points)
    row = next(r for r in range(tab.without.rowCount()) if tab.without.item(r, 0).text() == points[0][1])
    tab.without.cellDoubleClicked.emit(row, 0)
    dialog = dock.dialog
    dialog.cause.setPlainText("地势低洼，管网排水能力不足")
    dialog.deadline.setDate(QDate(2025, 4, 1))
    dialog.status.setCurrentIndex(dialog.status.findData("in_progress"))
    dialog.accept()
    flush()
    assert dialog.result_value
    assert tab.without.rowCount() == len(points) - 1 and tab.overdue.rowCount() == 1
    assert [(r["cause"], r["status"]) for r in store.rows("waterlogging_plan")] == [
        ("地势低洼，管网排水能力不足", "in_progress")]
