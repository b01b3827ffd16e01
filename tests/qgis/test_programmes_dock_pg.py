"""The programmes dock on a PostGIS store (issue 8): pipes selected on the PostGIS layer recorded as
cleaned, a cover replacement, a new programme, a waterlogging point's plan and the statistics — the
same figures as on a GeoPackage, written under the login; an inspector may record field work (cleaning,
cover replacements) but not create programmes nor edit plans. The dock follows the login's grants: what
it may not write is disabled, the tooltip naming the login and its role (a viewer: every write); a
GeoPackage allows everything; the database refuses such a write anyway."""
import datetime as dt

import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import Qgis, QgsFeatureRequest, QgsProject, QgsRuleBasedRenderer
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis_support import Messages

from safe_municipal.layers.errors import StoreError
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
    """Recording a replacement also updates the manhole's current cover: an inspector may (the cover
    columns of a manhole are granted to sm_inspector), and so may an editor; both under their login."""
    dock, loaded = open_dock(store, "ivan_inspector")
    assert dock.covers.record_button.isEnabled()
    manholes = loaded.layers["manhole"]
    feats = list(manholes.getFeatures(QgsFeatureRequest().addOrderBy("fid").setLimit(2)))
    manholes.selectByIds([feats[0].id()])
    dialog = dock.covers.record_replacement()
    assert dialog.save_button.isEnabled()
    dialog.replaced_on.setDate(QDate(2025, 3, 15))
    dialog.new_cover_type.setCurrentIndex(dialog.new_cover_type.findData("wide_rim_anti_settlement"))
    dialog.accept()
    flush()
    assert dialog.result_value is not None, dialog.error.text()
    dock, loaded = open_dock(store, "eve_editor")
    tab = dock.covers
    manholes = loaded.layers["manhole"]
    manholes.selectByIds([feats[1].id()])
    dialog = tab.record_replacement()
    dialog.replaced_on.setDate(QDate(2025, 4, 15))
    dialog.new_cover_type.setCurrentIndex(dialog.new_cover_type.findData("wide_rim_anti_settlement"))
    dialog.accept()
    flush()
    assert dialog.result_value is not None, dialog.error.text()
    assert tab.summary.text().startswith("Replaced 2 of 2 covers (100.0 %) · anti-settlement 2")
    assert "Target met on 2025-04-15: 8 months early." in tab.summary.text()
    assert store.count("cover_replacement") == 2
    assert {r["cover_type"] for r in store.rows("manhole", f"uid IN ('{feats[0]['uid']}', '{feats[1]['uid']}')",
                                                columns=("cover_type",))} == {"wide_rim_anti_settlement"}
    who = {r[0] for r in store.execute("SELECT user_name FROM audit_log WHERE table_name = 'cover_replacement'")}
    assert who == {"ivan_inspector", "eve_editor"}


def write_buttons(dock) -> dict:
    return {"cleaning new": dock.cleaning.new_button, "covers new": dock.covers.new_button,
            "record cleaned": dock.cleaning.record_button, "record replacement": dock.covers.record_button}


def assert_refused(buttons, user, role):
    for b in buttons:
        assert not b.isEnabled(), b.objectName()
        assert user in b.toolTip() and f"({role})" in b.toolTip(), (b.objectName(), b.toolTip())


def assert_allowed(buttons):
    for b in buttons:
        assert b.isEnabled(), (b.objectName(), b.toolTip())
        assert "may not" not in b.toolTip(), (b.objectName(), b.toolTip())


def open_first_plan(dock):
    tab = dock.waterlogging
    tab.without.cellDoubleClicked.emit(0, 0)
    return dock.dialog


def test_an_inspector_may_not_create_programmes_an_editor_may(store, open_dock, login, qgis_iface):
    dock, _ = open_dock(store, "ivan_inspector")
    buttons = write_buttons(dock)
    assert_refused([buttons["cleaning new"], buttons["covers new"]], "ivan_inspector", "sm_inspector")
    assert "Programmes" in buttons["covers new"].toolTip()
    assert_allowed([buttons["record cleaned"], buttons["record replacement"]])
    msgs = Messages(qgis_iface)
    assert dock.new_programme("cover_replacement") is None  # the action refuses, saying why
    assert "ivan_inspector (sm_inspector)" in msgs(Qgis.Warning)[-1]
    # the 一点一策 plan opens read-only: Save disabled, saying why
    assert "read-only" in dock.waterlogging.edit_button.toolTip()
    assert "ivan_inspector" in dock.waterlogging.edit_button.toolTip()
    dialog = open_first_plan(dock)
    assert dialog is not None and not dialog.save_button.isEnabled()
    assert "ivan_inspector (sm_inspector)" in dialog.save_button.toolTip()
    dialog.cause.setPlainText("地势低洼")
    dialog.accept()
    flush()
    assert dialog.result_value is None and "ivan_inspector" in dialog.error.text()
    assert store.count("waterlogging_plan") == 0
    dialog.reject()
    with pytest.raises(StoreError, match="ivan_inspector"):  # the database refuses it anyway
        Programmes(login(store, "ivan_inspector"), TODAY).create_programme(
            "cover_replacement", 2026, "2026-01-01", "2026-12-31", 100, {})
    assert store.count("programme") == 2
    dock, _ = open_dock(store, "eve_editor")
    assert_allowed(write_buttons(dock).values())
    assert "read-only" not in dock.waterlogging.edit_button.toolTip()
    dialog = dock.new_programme("cover_replacement")
    dialog.year.setValue(2026)
    dialog.starts_on.setDate(QDate(2026, 1, 1))
    dialog.deadline.setDate(QDate(2026, 12, 31))
    dialog.target.setValue(100)
    dialog.accept()
    flush()
    assert dialog.result_value and store.count("programme") == 3


def test_a_viewer_writes_nothing(store, open_dock, login, qgis_iface):
    dock, loaded = open_dock(store, "alice_viewer")
    assert dock.cleaning.combo.currentData() == store.cleaning  # the viewer reads the programmes
    assert_refused(write_buttons(dock).values(), "alice_viewer", "sm_viewer")
    assert "Maintenance works" in dock.cleaning.record_button.toolTip()
    assert "alice_viewer" in dock.waterlogging.edit_button.toolTip()
    dialog = open_first_plan(dock)
    assert dialog is not None and not dialog.save_button.isEnabled()
    assert "alice_viewer (sm_viewer)" in dialog.save_button.toolTip()
    dialog.reject()
    flush()
    works = store.count("maintenance")
    pipes = loaded.layers["drain_pipe"]
    pipes.selectByIds(sorted(pipes.allFeatureIds())[:2])
    dock.cleaning.record_selected()  # the action refuses in the tab, saying why
    assert dock.cleaning.message.property("error") and "alice_viewer" in dock.cleaning.message.text()
    manholes = loaded.layers["manhole"]
    manholes.selectByIds(sorted(manholes.allFeatureIds())[:1])
    msgs = Messages(qgis_iface)
    assert dock.covers.record_replacement() is None and "alice_viewer" in msgs(Qgis.Warning)[-1]
    assert store.count("maintenance") == works
    with pytest.raises(StoreError, match="alice_viewer"):  # the database refuses it anyway
        Programmes(login(store, "alice_viewer"), TODAY).record_cleaning(
            store.cleaning, [f["uid"] for f in pipes.getSelectedFeatures()], "2025-03-01")
    assert store.count("maintenance") == works and store.count("cover_replacement") == 0


def test_a_geopackage_allows_everything(template, tmp_path, qgis_iface, qgis_new_project, english):
    from safe_municipal.dialogs.programmes_dock import ProgrammesController

    path = tmp_path / "city.gpkg"
    path.write_bytes(template.read_bytes())
    with GpkgStore.open(str(path)) as gpkg:
        Programmes(gpkg, TODAY).create_programme("pipe_cleaning", 2025, "2025-01-01", "2025-04-30", 5.0, {})
    load_store(str(path))
    controller = ProgrammesController(qgis_iface)
    try:
        dock = controller.run()
        assert dock is not None and dock.cleaning.programme() is not None
        assert_allowed(write_buttons(dock).values())
        assert "read-only" not in dock.waterlogging.edit_button.toolTip()
        dialog = open_first_plan(dock)
        assert dialog is not None and dialog.save_button.isEnabled()
        dialog.reject()
    finally:
        controller.unload()
        QgsProject.instance().removeAllMapLayers()
        flush()


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
