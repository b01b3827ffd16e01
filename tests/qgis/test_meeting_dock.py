"""Meeting mode (issue 6): the dock switches every relevant layer's renderer per theme, filters a district and
zooms to it, creates bookmarks for the key places the store holds, sets map tips, toggles full screen, and
leaving puts renderers, filters, map tips and the window back exactly.
"""
import datetime as dt
import gc

import pytest
from qgis.core import QgsProject, QgsRuleBasedRenderer, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDockWidget, QToolBar

from safe_municipal.core import schema as S
from safe_municipal.layers import meeting_themes as MT
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.project import load_store

TODAY = dt.date(2025, 12, 31)


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()
    assert not dangling_rules()


def dangling_rules() -> list:
    """Python wrappers of renderer rules whose C++ rule QGIS has deleted (see :func:`rule_filters`).

    Looks only at the wrappers (type, sip's deleted flag, the address they hold), never at the rules."""
    live = set()
    for layer in QgsProject.instance().mapLayers().values():
        renderer = layer.renderer() if isinstance(layer, QgsVectorLayer) else None
        if isinstance(renderer, QgsRuleBasedRenderer):
            root = renderer.rootRule()
            live.update(sip.unwrapinstance(rule) for rule in [root, *root.descendants()])
    return [o for o in gc.get_objects() if isinstance(o, QgsRuleBasedRenderer.Rule) and not sip.isdeleted(o)
            and sip.unwrapinstance(o) not in live]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("meeting") / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    with GpkgStore.open(str(path)) as s:
        assess_network(s, as_of="2025-12-31")
    return path


@pytest.fixture()
def city(template, tmp_path, qgis_iface, qgis_new_project):
    path = tmp_path / "city.gpkg"
    path.write_bytes(template.read_bytes())
    loaded = load_store(str(path))
    yield loaded
    # the test canvas is not tied to the layer tree: stop its render job before the layers go (a job
    # finishing over removed layers crashes in QGIS's labeling engine)
    canvas = qgis_iface.mapCanvas()
    canvas.stopRendering()
    canvas.setLayers([])
    flush()
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().bookmarkManager().clear()
    flush()


@pytest.fixture()
def dock(city, qgis_iface):
    from safe_municipal.dialogs.meeting_dock import MeetingController

    before = snapshot(city)
    controller = MeetingController(qgis_iface)
    d = controller.run()
    assert d is not None and d.active
    d.today = TODAY
    d.before = before  # the layers as they were before meeting mode
    yield d
    controller.unload()
    flush()
    assert not dangling_rules()  # leaving put the layers' own renderers back and kept no theme rule


def facility_layers(loaded):
    return {t: lyr for t, lyr in loaded.layers.items() if t in S.FACILITY_KINDS}


def snapshot(loaded):
    """What leaving must restore: renderer (type and dump), properties, map tips, filters, joins."""
    out = {}
    for table, layer in facility_layers(loaded).items():
        out[table] = (layer.renderer().type(), layer.renderer().dump(), layer.customProperty(MT.PROP_THEME),
                      layer.mapTipTemplate(), layer.displayExpression(), layer.subsetString(),
                      len(layer.vectorJoins()))
    return out


def rule_labels(layer):
    return [r.label() for r in layer.renderer().rootRule().descendants()]


def rule_filters(layer):
    """The filters of ``layer``'s rules, as plain strings.

    Never keep a renderer or rule wrapper of a layer across a theme switch (``renderer =
    layer.renderer()`` then a click): the themes build their rules in Python, and
    ``QgsRuleBasedRenderer.Rule`` has no virtual destructor, so when QGIS deletes the replaced
    renderer (``setRenderer``) PyQt is not told that its rules are gone. A rule wrapper still alive
    then writes into the freed rule when it is released (sip clears the rule's back-pointer to its
    wrapper), corrupting the heap: the process aborted later, at random, in ``removeAllMapLayers``.
    :func:`click` checks that no such wrapper is left (:func:`dangling_rules`)."""
    return [r.filterExpression() for r in layer.renderer().rootRule().descendants()]


def test_themes_switch_every_relevant_layer(city, dock):
    before = dock.before
    layers = facility_layers(city)
    click(dock.buttons[MT.THEME_GRADES])
    for table in MT.GRADED_KINDS:
        assert isinstance(layers[table].renderer(), QgsRuleBasedRenderer), table
        assert layers[table].customProperty(MT.PROP_THEME) == "grades"
        assert "Inspection overdue" in rule_labels(layers[table]) or "Grade" in rule_labels(layers[table])

    click(dock.buttons[MT.THEME_DUE])
    for table in MT.GRADED_KINDS:
        assert isinstance(layers[table].renderer(), QgsRuleBasedRenderer)
        assert layers[table].customProperty(MT.PROP_THEME) == "due_work"
        filters = rule_filters(layers[table])
        assert MT.due_filter(2025) in filters
        assert "\"recommended_category\" = 'major'" in filters

    click(dock.buttons[MT.THEME_WATERLOGGING])
    point = layers["waterlogging_point"]
    assert point.customProperty(MT.PROP_THEME) == "waterlogging"
    labels = rule_labels(point)
    assert {"No plan", "Plan overdue", "Plan open", "Plan done"} <= set(labels)
    assert layers["road"].renderer().dump() == before["road"][1]  # not relevant: back to its own style

    click(dock.buttons[MT.THEME_PROGRAMMES])
    assert layers["drain_pipe"].customProperty(MT.PROP_THEME) == "cleaning"
    assert layers["manhole"].customProperty(MT.PROP_THEME) == "covers"
    assert layers["drain_pipe"].vectorJoins()
    assert point.renderer().dump() == before["waterlogging_point"][1]

    click(dock.buttons[None])
    for table, layer in layers.items():
        assert layer.renderer().dump() == before[table][1], table

    click(dock.buttons[MT.THEME_PROGRAMMES])
    dock.leave()
    assert snapshot(city) == before
    assert not any(lyr.customProperty("safe_municipal/cleaning_join") for lyr in QgsProject.instance().mapLayers()
                   .values())


def test_district_filter_and_zoom(city, dock, qgis_iface):
    before = dock.before
    canvas = qgis_iface.mapCanvas()
    index = dock.district_combo.findData("西陵区")
    assert index > 0 and dock.district_combo.count() == 6  # whole city + five districts
    dock.district_combo.setCurrentIndex(index)
    QCoreApplication.processEvents()
    for table, layer in facility_layers(city).items():
        assert layer.subsetString() == "\"district\" = '西陵区'", table
        assert {f["district"] for f in layer.getFeatures()} <= {"西陵区"}
    with GpkgStore.open(city.path, writable=False) as s:
        box = MT.tables_extent(s, list(facility_layers(city)), "西陵区")
    extent = canvas.extent()
    assert extent.contains(box[0] + 1, box[1] + 1) and extent.contains(box[2] - 1, box[3] - 1)
    assert extent.width() < city.extent().width()
    dock.set_district(None)
    assert all(not lyr.subsetString() for lyr in facility_layers(city).values())
    dock.set_district("伍家岗区")
    dock.leave()
    assert snapshot(city) == before


def test_bookmarks_for_places_present(city, dock):
    manager = QgsProject.instance().bookmarkManager()
    names = {b.name() for b in manager.bookmarks()}
    for name in ("东山隧道", "云集隧道", "张家湾隧道", "三峡大道", "北汽贸城"):
        assert name in names and name in dock.places
    assert "不存在的地方" not in names
    with GpkgStore.open(city.path, writable=False) as s:
        for name in names:
            assert MT.named_extent(s, name) is not None
    assert dock.place_list.count() == len(dock.places) == len(manager.bookmarks())
    bookmark = manager.bookmarkById(dock.places["东山隧道"])
    assert dock.go_to(bookmark.id())
    assert dock.iface.mapCanvas().extent().contains(bookmark.extent().center())
    # entering again reuses them
    path = dock.store_path
    dock.leave()
    dock.enter(path)
    assert len(manager.bookmarks()) == len(dock.places)


def test_map_tips_set_and_restored(city, dock):
    layers = facility_layers(city)
    for layer in layers.values():
        assert '"recommended_action"' in layer.mapTipTemplate() and '"grade"' in layer.mapTipTemplate()
        assert layer.displayExpression() == MT.DISPLAY_EXPRESSION
    action = dock._map_tips_action()
    if action is not None:
        assert action.isChecked()
    dock.leave()
    for layer in layers.values():
        assert "recommended_action" not in layer.mapTipTemplate()


def test_full_screen_toggled_and_restored(city, dock, qgis_iface):
    window = qgis_iface.mainWindow()
    toolbar = QToolBar("probe", window)
    window.addToolBar(toolbar)
    other = QDockWidget("other", window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, other)
    hidden = QDockWidget("hidden", window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, hidden)
    window.show()
    hidden.hide()
    dock.show()
    QCoreApplication.processEvents()
    assert toolbar.isVisible() and other.isVisible() and not hidden.isVisible()
    state = window.windowState()
    dock.full_screen_button.setChecked(True)
    QCoreApplication.processEvents()
    assert dock.full_screen and window.isFullScreen()
    assert not toolbar.isVisible() and not other.isVisible() and not window.menuBar().isVisible()
    assert dock.isVisible()
    dock.full_screen_button.setChecked(False)
    QCoreApplication.processEvents()
    assert not dock.full_screen and window.windowState() == state
    assert toolbar.isVisible() and other.isVisible() and not hidden.isVisible()
    # leaving in full screen restores the window too
    dock.full_screen_button.setChecked(True)
    dock.leave()
    QCoreApplication.processEvents()
    assert not window.isFullScreen() and toolbar.isVisible() and other.isVisible()
    window.removeToolBar(toolbar)
    window.removeDockWidget(other)
    window.removeDockWidget(hidden)


def test_leave_on_unload_restores(city, qgis_iface):
    from safe_municipal.dialogs.meeting_dock import MeetingController

    before = snapshot(city)
    controller = MeetingController(qgis_iface)
    d = controller.run()
    d.today = TODAY
    d.set_theme(MT.THEME_GRADES)
    d.set_district("点军区")
    controller.unload()
    flush()
    assert snapshot(city) == before
    assert not dangling_rules()


def test_no_store_warns(qgis_iface, qgis_new_project):
    from safe_municipal.dialogs.meeting_dock import MeetingController

    QgsProject.instance().removeAllMapLayers()
    assert MeetingController(qgis_iface).run() is None


def test_export_overview_of_the_current_theme_and_district(city, dock, tmp_path, monkeypatch):
    import shutil
    import subprocess

    from qgis.PyQt.QtWidgets import QFileDialog

    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils")
    click(dock.buttons[MT.THEME_WATERLOGGING])
    dock.district_combo.setCurrentIndex(dock.district_combo.findData("伍家岗区"))
    QCoreApplication.processEvents()
    out = tmp_path / "meeting"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    click(dock.export_button)
    pdf = tmp_path / "meeting.pdf"
    assert pdf.is_file()
    assert "Pages:           1" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "伍家岗区" in words and "西陵区" not in words  # the district's table only
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert dock.export_overview() is None  # cancelled: nothing
