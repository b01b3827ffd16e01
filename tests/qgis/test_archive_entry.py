"""The ways into the facility archive, driven like a user (pytest-qgis + QTest).

- the "Facility archive" map tool: click a facility on the canvas, its archive opens;
- the locator filter ``pa``: find a facility by code or Chinese name, choose it, the map zooms to it;
- "Add maintenance to selected…": one record per selected facility in one transaction, and every
  bad input leaves the store (maintenance, materials, audit log) exactly as it was.

``open_archive`` is recorded by a stand-in (the dock itself is tested with its own package);
``test_real_archive_dock_shows_the_facility`` runs the real dock when ``dialogs/archive`` exists.
"""
import importlib
import shutil
import sqlite3
import sys
import time
import types

import pytest
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsFeedback,
    QgsLocator,
    QgsLocatorContext,
    QgsLocatorResult,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSettings,
)
from qgis.gui import QgsMapToolPan
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QDate, QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QInputMethodEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDialogButtonBox, QDockWidget, QLabel, QLineEdit
from qgis_support import Messages

import safe_municipal
from safe_municipal.layers.gpkg import GpkgStore

ARCHIVE_MODULE = "safe_municipal.dialogs.archive"
RECORD_TABLES = ("maintenance", "maintenance_material", "audit_log")


# ---------------------------------------------------------------------------- helpers and fixtures
def flush():
    """Run queued events, then pending deleteLater()s."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture()
def english():
    """QGIS in English for the test (the user's locale settings come back after)."""
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
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("demo") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture()
def locators(qgis_iface, monkeypatch):
    """The filters registered in the locator bar (pytest-qgis's mock iface has no locator)."""
    filters = []
    monkeypatch.setattr(qgis_iface, "registerLocatorFilter", filters.append, raising=False)
    monkeypatch.setattr(qgis_iface, "deregisterLocatorFilter", filters.remove, raising=False)
    return filters


@pytest.fixture()
def plugin(qgis_iface, qgis_new_project, english, locators):
    p = safe_municipal.classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()
    flush()


@pytest.fixture()
def archive_calls(monkeypatch):
    """Record open_archive(iface, store, kind, uid) calls instead of showing the dock."""
    calls = []
    try:
        module = importlib.import_module(ARCHIVE_MODULE)
    except ModuleNotFoundError:
        module = types.ModuleType(ARCHIVE_MODULE)
        module.close_archive = lambda iface: None
        monkeypatch.setitem(sys.modules, ARCHIVE_MODULE, module)
    monkeypatch.setattr(module, "open_archive", lambda iface, path, kind, uid: calls.append((path, kind, uid)),
                        raising=False)
    return calls


@pytest.fixture()
def city(tmp_path, demo_template, qgis_iface, qgis_new_project):
    """The tiny demo city loaded into the project, its layers on the canvas in layer-tree order."""
    from safe_municipal.layers.project import load_store

    path = tmp_path / "city.gpkg"
    shutil.copy(demo_template, path)
    loaded = load_store(str(path))
    canvas = qgis_iface.mapCanvas()
    window = canvas.window()  # pytest-qgis's canvas is never shown: give it a real size on screen
    size = (window.size(), canvas.size())
    window.resize(800, 600)
    canvas.resize(800, 600)
    window.show()
    wait_for(lambda: canvas.mapSettings().outputSize().width() >= 700)
    order = [n.layer() for n in QgsProject.instance().layerTreeRoot().findLayers()]
    canvas.setLayers([lyr for lyr in order if lyr.isSpatial()])  # what the layer tree bridge does: top first
    canvas.setDestinationCrs(loaded.crs)
    yield loaded
    canvas.setLayers([])
    window.hide()
    window.resize(size[0])
    canvas.resize(size[1])


def first_feature(layer, expression="TRUE"):
    return next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))


def feature(layer, code):
    return first_feature(layer, f"\"code\" = '{code}'")


def look_at(canvas, point: QgsPointXY, half=100.0):
    canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
    canvas.refresh()


def click_map(canvas, point: QgsPointXY, button=Qt.MouseButton.LeftButton):
    """Press and release the mouse on the canvas at a map point, as a user does."""
    pixel = canvas.getCoordinateTransform().transform(point.x(), point.y())
    pos = QPoint(round(pixel.x()), round(pixel.y()))
    assert canvas.viewport().rect().contains(pos), pos
    QTest.mouseClick(canvas.viewport(), button, Qt.KeyboardModifier.NoModifier, pos)
    return pos


def counts(path):
    with GpkgStore.open(str(path), writable=False) as store:
        return {t: store.count(t) for t in RECORD_TABLES}


# ---------------------------------------------------------------------------- map tool
def test_map_tool_action_is_checkable_and_gives_way(plugin, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    action = plugin.actions["SafeMunicipalArchiveTool"]
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    assert action.isChecked() and canvas.mapTool() is plugin.archive_tool
    pan = QgsMapToolPan(canvas)
    canvas.setMapTool(pan)  # another tool takes over: the action unchecks
    assert not action.isChecked()
    action.trigger()
    assert action.isChecked() and canvas.mapTool() is plugin.archive_tool
    action.trigger()  # clicked again: the tool is put down
    assert not action.isChecked() and canvas.mapTool() is not plugin.archive_tool
    canvas.unsetMapTool(pan)


@pytest.mark.parametrize("layer_name, code, crs", [("waterlogging_point", "JS-WJG-000001", None),
                                                    ("manhole", None, None), ("storage_facility", None, None),
                                                    ("waterlogging_point", "JS-WJG-000001", "EPSG:4326")])
def test_click_on_a_facility_opens_its_archive(plugin, qgis_iface, city, archive_calls, layer_name, code, crs):
    canvas = qgis_iface.mapCanvas()
    layer = city.layers[layer_name]
    f = feature(layer, code) if code else first_feature(layer)
    point = f.geometry().pointOnSurface().asPoint()  # a point itself; inside a polygon
    if crs:  # the canvas shows another CRS than the store's
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
        point = QgsCoordinateTransform(city.crs, canvas.mapSettings().destinationCrs(),
                                       QgsProject.instance()).transform(point)
    look_at(canvas, point, half=0.001 if crs else 100.0)
    plugin.actions["SafeMunicipalArchiveTool"].trigger()
    msgs = Messages(qgis_iface)

    click_map(canvas, QgsPointXY(point.x() + 3 * canvas.mapUnitsPerPixel(), point.y()))  # 3 px off: within tolerance

    assert archive_calls == [(city.path, layer_name, f["uid"])]
    assert msgs(Qgis.Info) == [] and msgs(Qgis.Critical) == []


def test_click_on_pipe_between_manholes_opens_the_pipe(plugin, qgis_iface, city, archive_calls):
    canvas = qgis_iface.mapCanvas()
    pipes = city.layers["drain_pipe"]
    pipe = max(pipes.getFeatures(), key=lambda f: f.geometry().length())
    middle = pipe.geometry().interpolate(pipe.geometry().length() / 2).asPoint()
    look_at(canvas, middle, half=pipe.geometry().length() / 4)
    plugin.actions["SafeMunicipalArchiveTool"].trigger()

    click_map(canvas, middle)

    assert archive_calls == [(city.path, "drain_pipe", pipe["uid"])]


def test_points_come_before_the_lines_they_lie_on(plugin, qgis_iface, city, archive_calls):
    """A manhole sits on the ends of its pipes (and usually on a road): the manhole is meant."""
    canvas = qgis_iface.mapCanvas()
    pipe = first_feature(city.layers["drain_pipe"], "\"down_manhole_uid\" IS NOT NULL")
    manhole = first_feature(city.layers["manhole"], f"\"uid\" = '{pipe['down_manhole_uid']}'")
    point = manhole.geometry().asPoint()
    look_at(canvas, point)
    plugin.actions["SafeMunicipalArchiveTool"].trigger()

    click_map(canvas, point)

    assert archive_calls == [(city.path, "manhole", manhole["uid"])]


def test_click_on_empty_map_says_so(plugin, qgis_iface, city, archive_calls):
    canvas = qgis_iface.mapCanvas()
    box = city.layers["road"].extent()
    nowhere = QgsPointXY(box.xMinimum() - 5000, box.yMinimum() - 5000)
    look_at(canvas, nowhere)
    plugin.actions["SafeMunicipalArchiveTool"].trigger()
    msgs = Messages(qgis_iface)

    click_map(canvas, nowhere)
    click_map(canvas, nowhere, Qt.MouseButton.RightButton)  # other buttons do nothing

    assert archive_calls == []
    assert len(msgs(Qgis.Info)) == 1 and "No facility here" in msgs(Qgis.Info)[0]


def test_only_facility_layers_of_the_canvas_count(plugin, qgis_iface, city, archive_calls):
    """Hidden layers are not identified; record layers never are."""
    canvas = qgis_iface.mapCanvas()
    f = feature(city.layers["waterlogging_point"], "JS-WJG-000001")
    point = f.geometry().asPoint()
    look_at(canvas, point)
    canvas.setLayers([lyr for lyr in canvas.layers() if lyr.customProperty("safe_municipal/table")
                      not in ("waterlogging_point", "road")])
    plugin.actions["SafeMunicipalArchiveTool"].trigger()
    click_map(canvas, point)
    assert all(kind != "waterlogging_point" for _p, kind, _u in archive_calls)


def test_archive_missing_or_failing_is_one_message(plugin, qgis_iface, city, monkeypatch):
    from safe_municipal.dialogs import archive_entry

    msgs = Messages(qgis_iface)
    monkeypatch.setattr(archive_entry, "ARCHIVE_MODULE", "safe_municipal.dialogs.no_such_archive")
    assert archive_entry.open_facility_archive(qgis_iface, city.path, "road", "x") is False
    assert len(msgs(Qgis.Warning)) == 1

    broken = types.ModuleType("broken")
    broken.open_archive = lambda *a: 1 / 0
    monkeypatch.setitem(sys.modules, "safe_municipal.dialogs.no_such_archive", broken)
    assert archive_entry.open_facility_archive(qgis_iface, city.path, "road", "x") is False
    assert len(msgs(Qgis.Critical)) == 1 and "division by zero" in msgs(Qgis.Critical)[0]


def test_real_archive_dock_shows_the_facility(plugin, qgis_iface, city):
    """With the real dock (dialogs/archive): clicking a facility shows a dock naming its code."""
    try:
        module = importlib.import_module(ARCHIVE_MODULE)
    except ModuleNotFoundError:
        module = None
    if not hasattr(module, "open_archive"):
        pytest.skip("dialogs/archive (open_archive) is not there yet")
    canvas = qgis_iface.mapCanvas()
    f = feature(city.layers["waterlogging_point"], "JS-WJG-000001")
    point = f.geometry().asPoint()
    look_at(canvas, point)
    plugin.actions["SafeMunicipalArchiveTool"].trigger()
    click_map(canvas, point)
    flush()

    main = qgis_iface.mainWindow()
    dock = main.findChild(QDockWidget, "SafeMunicipalArchiveDock")
    assert dock is not None and any("JS-WJG-000001" in w.text() for w in dock.findChildren((QLabel, QLineEdit)))
    plugin.unload()  # the plugin's unload removes the dock too (and a second unload is harmless)
    flush()
    assert main.findChild(QDockWidget, "SafeMunicipalArchiveDock") is None


# ---------------------------------------------------------------------------- locator
def fetch(locator_filter, text):
    """Run a search as QGIS does for a clone (prepare on the main thread, then fetchResults)."""
    results = []
    clone = locator_filter.clone()
    clone.resultFetched.connect(lambda r: results.append(QgsLocatorResult(r)))  # the signal's copy is temporary
    context = QgsLocatorContext()
    clone.prepare(text, context)
    clone.fetchResults(text, context, QgsFeedback())
    return results


def test_locator_filter_is_registered_with_prefix_pa(plugin, locators):
    assert locators == [plugin.locator_filter]
    f = plugin.locator_filter
    assert (f.prefix(), f.name(), f.displayName()) == ("pa", "safe_municipal_facilities", "平安市政 facilities")
    assert fetch(f, "东山隧道") == []  # no store in the project: nothing to search


@pytest.mark.parametrize("text, code, kind, district", [
    ("东山隧道", "SD-XL-000001", "Tunnels", "西陵区"),
    ("北汽贸城", "JS-WJG-000001", "Waterlogging points", "伍家岗区"),
    ("JS-WJG-000001", "JS-WJG-000001", "Waterlogging points", "伍家岗区"),
    ("SD-XL-000001", "SD-XL-000001", "Tunnels", "西陵区"),
])
def test_locator_finds_by_code_and_by_chinese_name(plugin, city, text, code, kind, district):
    from safe_municipal.dialogs.locator import result_data

    first = fetch(plugin.locator_filter, text)[0]
    data = result_data(first)
    assert data["code"] == code and data["store"] == city.path
    assert first.displayString.startswith(code + " ")
    assert first.displayString.endswith(f" — {kind} ({district})"), first.displayString


def test_locator_partial_code_lists_several(plugin, city):
    results = fetch(plugin.locator_filter, "SD-")
    assert [r.displayString.split()[0] for r in results] == ["SD-WJG-000001", "SD-XL-000001", "SD-XL-000002"]
    assert fetch(plugin.locator_filter, "无此设施") == []
    assert fetch(plugin.locator_filter, "x") == []  # one character without the prefix: too little


def test_locator_search_runs_in_a_worker_thread(plugin, city):
    """Through a real QgsLocator: the clone runs in its own thread with its own store connection."""
    from safe_municipal.dialogs.locator import FacilityLocatorFilter

    locator = QgsLocator()
    locator.registerFilter(FacilityLocatorFilter(plugin.iface))
    found, done = [], []
    locator.foundResult.connect(lambda r: found.append(r.displayString))  # r lives only during the call
    locator.finished.connect(lambda: done.append(True))
    locator.fetchResults("pa 东山隧道", QgsLocatorContext())
    wait_for(lambda: done)
    assert [text.split()[0] for text in found] == ["SD-XL-000001"]
    locator.deleteLater()


def test_choosing_a_result_zooms_flashes_and_opens_the_archive(plugin, qgis_iface, city, archive_calls):
    canvas = qgis_iface.mapCanvas()
    canvas.setExtent(city.layers["road"].extent())
    target = feature(city.layers["waterlogging_point"], "JS-WJG-000001")
    (result,) = [r for r in fetch(plugin.locator_filter, "北汽贸城") if r.displayString.startswith("JS-WJG-000001")]

    plugin.locator_filter.triggerResult(result)

    extent = canvas.extent()
    assert extent.contains(target.geometry().asPoint())
    assert extent.width() < 200 and extent.height() < 200  # a small buffer around the point
    assert archive_calls == [(city.path, "waterlogging_point", target["uid"])]


def test_choosing_a_line_facility_shows_all_of_it_in_another_crs(plugin, qgis_iface, city, archive_calls):
    canvas = qgis_iface.mapCanvas()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    canvas.setDestinationCrs(wgs84)
    tunnel = feature(city.layers["tunnel"], "SD-XL-000001")
    box = QgsCoordinateTransform(city.crs, wgs84, QgsProject.instance()).transformBoundingBox(
        tunnel.geometry().boundingBox())
    (result,) = fetch(plugin.locator_filter, "东山隧道")

    plugin.locator_filter.triggerResult(result)

    extent = canvas.extent()
    assert extent.contains(box)
    assert extent.width() < 10 * max(box.width(), box.height())  # zoomed to the tunnel, not the city
    assert archive_calls == [(city.path, "tunnel", tunnel["uid"])]


# ---------------------------------------------------------------------------- add maintenance to many
def select_pipes(city, n=40):
    pipes = city.layers["drain_pipe"]
    ids = sorted(pipes.allFeatureIds())[:n]
    pipes.selectByIds(ids)
    return [f["uid"] for f in pipes.getFeatures(QgsFeatureRequest().setFilterFids(ids))]


def type_into_cell(table, row, col, text):
    """Edit a table cell as a user: open its editor, type, press Enter."""
    table.setCurrentCell(row, col)  # moving to a cell opens its editor (like Tab in a spreadsheet)
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits and closes the editor (queued)
    flush()
    assert table.item(row, col).text() == text


def type_text(widget, text):
    """Type as a user: key presses for ASCII, an input-method commit for Chinese (as a pinyin IME sends;
    QTest.keyClicks aborts on characters outside Latin-1)."""
    if text.isascii():
        return QTest.keyClicks(widget, text)
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def open_bulk_dialog(plugin):
    plugin.actions["SafeMunicipalBulkMaintenance"].trigger()
    assert plugin.bulk.dialog is not None and plugin.bulk.dialog.isVisible()
    return plugin.bulk.dialog


def fill(dialog, cost="350.5", start=QDate(2025, 6, 2), end=QDate(2025, 6, 3),
         materials=(("高压清洗水", "12.5", "m³"), ("淤泥外运", "0.8", "t"))):
    dialog.category.setCurrentIndex(dialog.category.findData("preventive"))
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    dialog.started_on.setDate(start)
    dialog.finished_on.setDate(end)
    type_text(dialog.description, "管道疏通清淤（高压射流）")
    type_text(dialog.contractor, "宜昌市政养护有限公司")
    type_text(dialog.cost, cost)
    for i, (material, quantity, unit) in enumerate(materials):
        click(dialog.add_material_button)
        for col, text in enumerate((material, quantity, unit)):
            type_into_cell(dialog.materials, i, col, text)


def click(button):
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    flush()


@pytest.fixture()
def transactions(monkeypatch):
    """How many outermost store transactions ran (nested ones join them)."""
    outer, original = [], GpkgStore.transaction

    def counting(self):
        outer.extend([] if self._in_tx else [self.path])
        return original(self)

    monkeypatch.setattr(GpkgStore, "transaction", counting)
    return outer


def test_add_maintenance_to_40_pipes_in_one_transaction(plugin, qgis_iface, city, transactions):
    from safe_municipal.dialogs.bulk_maintenance import qgis_user

    uids = select_pipes(city, 40)
    before = counts(city.path)
    layer = city.layers["maintenance"]
    layer_before = layer.featureCount()
    msgs = Messages(qgis_iface)

    dialog = open_bulk_dialog(plugin)
    assert "40" in dialog.summary.text() and "Drainage pipes: 40" in dialog.summary.text()
    fill(dialog)
    click(dialog.save_button)

    assert sip.isdeleted(dialog) and plugin.bulk.dialog is None  # saved, closed and gone
    assert counts(city.path) == {"maintenance": before["maintenance"] + 40,
                                 "maintenance_material": before["maintenance_material"] + 80,
                                 "audit_log": before["audit_log"] + 40 + 80}
    assert len(transactions) == 1
    assert msgs(Qgis.Success) == ["Safe Municipal:Added 40 maintenance records."]
    assert layer.featureCount() == layer_before + 40  # the layer was reloaded

    with GpkgStore.open(city.path, writable=False) as store:
        rows = list(store.rows("maintenance", "contractor = ?", ("宜昌市政养护有限公司",)))
        assert sorted(r["facility_uid"] for r in rows) == sorted(uids)
        assert {(r["facility_kind"], r["category"], r["status"], r["started_on"], r["finished_on"], r["cost_yuan"],
                 r["description"]) for r in rows} == {
            ("drain_pipe", "preventive", "done", "2025-06-02", "2025-06-03", 350.5, "管道疏通清淤（高压射流）")}
        mats = [m for r in rows for m in store.rows("maintenance_material", "maintenance_uid = ?", (r["uid"],))]
        assert {(m["material"], m["quantity"], m["unit"]) for m in mats} == {("高压清洗水", 12.5, "m³"), ("淤泥外运", 0.8, "t")}
        new = [r["uid"] for r in rows + mats]
        audit = list(store.rows("audit_log", f"row_uid IN ({', '.join('?' * len(new))})", new))
    assert len(audit) == 120 and {(a["action"], a["user_name"]) for a in audit} == {("insert", qgis_user())}


def test_facilities_of_several_kinds_each_get_a_record(plugin, qgis_iface, city):
    select_pipes(city, 3)
    manholes = city.layers["manhole"]
    manholes.selectByIds(sorted(manholes.allFeatureIds())[:2])
    city.layers["tunnel"].selectByIds([feature(city.layers["tunnel"], "SD-XL-000001").id()])
    before = counts(city.path)

    dialog = open_bulk_dialog(plugin)
    text = dialog.summary.text()
    assert "Drainage pipes: 3" in text and "Manholes: 2" in text and "Tunnels: 1" in text
    fill(dialog, materials=())
    click(dialog.save_button)

    assert counts(city.path) == dict(before, maintenance=before["maintenance"] + 6,
                                     audit_log=before["audit_log"] + 6)


BAD_INPUTS = {
    "end before start": (dict(start=QDate(2025, 6, 3), end=QDate(2025, 6, 2)), "finished_on", "End date"),
    "negative cost": (dict(cost="-20"), "cost_yuan", "Cost"),
    "cost not a number": (dict(cost="twenty"), "cost_yuan", "Cost"),
    "negative quantity": (dict(materials=(("高压清洗水", "12.5", "m³"), ("淤泥外运", "-0.8", "t"))),
                          "material:quantity", "Material row 2: Quantity"),
    "material without unit": (dict(materials=(("高压清洗水", "12.5", ""),)), "material:unit", "Unit"),
    "done but ends in the future": (dict(end=QDate.currentDate().addDays(3)), "finished_on", "End date"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_shown_inline_and_nothing_is_written(plugin, qgis_iface, city, case):
    changes, field, text = BAD_INPUTS[case]
    select_pipes(city, 40)
    before = counts(city.path)
    msgs = Messages(qgis_iface)

    dialog = open_bulk_dialog(plugin)
    fill(dialog, **changes)
    click(dialog.save_button)

    assert dialog.isVisible() and plugin.bulk.dialog is dialog  # the dialog stays open for a correction
    assert dialog.error.isVisibleTo(dialog) and text in dialog.error.text(), dialog.error.text()
    assert dialog.error_field == field
    assert counts(city.path) == before
    assert msgs(Qgis.Success) == [] and msgs(Qgis.Critical) == []

    # corrected, the same dialog saves
    dialog.finished_on.setDate(QDate(2025, 6, 3))
    dialog.started_on.setDate(QDate(2025, 6, 2))
    dialog.cost.setText("350")
    for row in range(dialog.materials.rowCount()):
        dialog.materials.item(row, 1).setText("1")
        dialog.materials.item(row, 2).setText("t")
    click(dialog.save_button)
    assert sip.isdeleted(dialog) and plugin.bulk.dialog is None
    assert counts(city.path)["maintenance"] == before["maintenance"] + 40


def test_no_selection_or_no_store_is_refused_with_a_message(plugin, qgis_iface, city):
    city.layers["maintenance"].selectAll()  # record layers do not count
    before = counts(city.path)
    msgs = Messages(qgis_iface)
    plugin.actions["SafeMunicipalBulkMaintenance"].trigger()
    assert plugin.bulk.dialog is None and counts(city.path) == before
    QgsProject.instance().removeAllMapLayers()
    plugin.actions["SafeMunicipalBulkMaintenance"].trigger()
    assert plugin.bulk.dialog is None
    warnings = msgs(Qgis.Warning)
    assert len(warnings) == 2 and "No facility is selected" in warnings[0], warnings
    assert "Open a Safe Municipal store first" in warnings[1]


def test_cancel_writes_nothing(plugin, qgis_iface, city):
    select_pipes(city, 5)
    before = counts(city.path)
    dialog = open_bulk_dialog(plugin)
    fill(dialog)
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    assert counts(city.path) == before and plugin.bulk.dialog is None and sip.isdeleted(dialog)


def test_store_locked_by_another_program_is_shown_and_nothing_written(plugin, qgis_iface, city):
    select_pipes(city, 5)
    before = counts(city.path)
    dialog = open_bulk_dialog(plugin)
    fill(dialog)
    holder = sqlite3.connect(city.path, isolation_level=None, timeout=0.1)
    holder.execute("BEGIN IMMEDIATE")
    click(dialog.save_button)
    holder.execute("ROLLBACK")
    holder.close()
    assert dialog.isVisible() and "another program" in dialog.error.text()
    assert counts(city.path) == before
