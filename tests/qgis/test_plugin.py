"""The plugin shell inside QGIS (pytest-qgis): load, GUI, provider, unload, bad files, demo task."""
import configparser
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsApplication, QgsLayerTreeGroup, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QAction, QFileDialog, QMenu, QToolBar
from qgis_support import Messages

import safe_municipal
from safe_municipal import compat
from safe_municipal.core import schema as S
from safe_municipal.layers.gpkg import GpkgStore

ROOT = Path(__file__).resolve().parents[2]
ACTION_NAMES = {"SafeMunicipalNewStore", "SafeMunicipalOpenStore", "SafeMunicipalDemoCity", "SafeMunicipalAbout",
                "SafeMunicipalArchiveTool", "SafeMunicipalBulkMaintenance", "SafeMunicipalAssessNetwork",
                "SafeMunicipalMaintenancePlan", "SafeMunicipalProgrammes", "SafeMunicipalCoverCases",
                "SafeMunicipalMeeting", "SafeMunicipalImportData", "SafeMunicipalExport", "SafeMunicipalBackupStore",
                "SafeMunicipalRestoreStore"}
TOOLBAR_ACTIONS = ACTION_NAMES - {"SafeMunicipalAbout", "SafeMunicipalBackupStore", "SafeMunicipalRestoreStore"}


# ---------------------------------------------------------------------------- helpers
def flush():
    """Run pending deleteLater() and queued events."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def wait_for(condition, timeout=90.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ui_snapshot(iface) -> dict:
    flush()
    main = iface.mainWindow()
    project = QgsProject.instance()
    return {
        "actions": sorted(a.objectName() for a in main.findChildren(QAction)),
        "toolbars": sorted(t.objectName() for t in main.findChildren(QToolBar)),
        "menus": sorted(m.objectName() for m in main.findChildren(QMenu)),
        "menubar": [a.text() for a in main.menuBar().actions()],
        "providers": sorted(p.id() for p in QgsApplication.processingRegistry().providers()),
        "readProject receivers": project.receivers(project.readProject),
    }


@pytest.fixture()
def plugin_settings():
    """The plugin's own QgsSettings (last folder, demo choices) as they were before the test."""
    from qgis.core import QgsSettings

    s = QgsSettings()
    saved = {k: s.value(k) for k in s.allKeys() if k.startswith("safe_municipal/")}
    yield
    for k in [k for k in s.allKeys() if k.startswith("safe_municipal/")]:
        s.remove(k)
    for k, v in saved.items():
        s.setValue(k, v)


@pytest.fixture()
def plugin(qgis_iface, qgis_new_project, english, plugin_settings):
    p = safe_municipal.classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()
    flush()


@pytest.fixture()
def store(tmp_path) -> Path:
    path = tmp_path / "city.gpkg"
    GpkgStore.create(str(path)).close()
    return path


# ---------------------------------------------------------------------------- loading
def test_class_factory_is_cheap(qgis_iface):
    before = ui_snapshot(qgis_iface)
    p = safe_municipal.classFactory(qgis_iface)
    assert type(p).__name__ == "SafeMunicipalPlugin"
    assert ui_snapshot(qgis_iface) == before  # nothing happens before initGui
    p.unload()  # unloading a plugin whose initGui never ran is harmless
    assert ui_snapshot(qgis_iface) == before


def test_qgis_version_within_metadata(qgis_version):
    md = configparser.ConfigParser(interpolation=None)
    md.read(ROOT / "metadata.txt", encoding="utf-8")
    general = md["general"]
    assert compat.qgis_within(general["qgisMinimumVersion"], general["qgisMaximumVersion"], qgis_version)
    assert compat.version_int("3.22") <= qgis_version


def test_init_gui_adds_toolbar_menu_and_actions(plugin, qgis_iface):
    main = qgis_iface.mainWindow()
    toolbar = main.findChild(QToolBar, "SafeMunicipalToolbar")
    assert toolbar is not None
    assert {a.objectName() for a in toolbar.actions()} == TOOLBAR_ACTIONS
    menu = main.findChild(QMenu, "SafeMunicipalMenu")
    assert menu is not None and menu.menuAction() in main.menuBar().actions()
    assert ACTION_NAMES <= {a.objectName() for a in menu.actions()}
    for name in ACTION_NAMES:
        action = main.findChild(QAction, name)
        assert action is not None and action.text() and not action.icon().isNull(), name
    assert toolbar.windowTitle() == menu.title() == "Safe Municipal"


def test_provider_registered(plugin):
    reg = QgsApplication.processingRegistry()
    provider = reg.providerById("safe_municipal")
    assert provider is not None
    ids = {a.id() for a in provider.algorithms()}
    assert {"safe_municipal:create_store", "safe_municipal:generate_demo_city", "safe_municipal:assess_network"} <= ids


def test_unload_removes_everything_it_added(qgis_iface, qgis_new_project, english, monkeypatch):
    from qgis.gui import QgsMapTool

    locator = []  # QGIS's locator bar (pytest-qgis's mock iface has none)
    monkeypatch.setattr(qgis_iface, "registerLocatorFilter", locator.append, raising=False)
    monkeypatch.setattr(qgis_iface, "deregisterLocatorFilter", locator.remove, raising=False)
    canvas = qgis_iface.mapCanvas()
    before = ui_snapshot(qgis_iface)
    tools_before = len(canvas.findChildren(QgsMapTool))
    assert "safe_municipal" not in before["providers"]
    for _ in range(2):  # a plugin reload (unload + initGui) leaves nothing behind either
        p = safe_municipal.classFactory(qgis_iface)
        p.initGui()
        during = ui_snapshot(qgis_iface)
        assert "SafeMunicipalToolbar" in during["toolbars"] and "SafeMunicipalMenu" in during["menus"]
        assert ACTION_NAMES <= set(during["actions"])
        assert "safe_municipal" in during["providers"]
        assert during["readProject receivers"] == before["readProject receivers"] + 1
        assert [(f.name(), f.prefix()) for f in locator] == [("safe_municipal_facilities", "pa")]
        p.actions["SafeMunicipalArchiveTool"].trigger()  # the map tool in use when the plugin goes
        assert canvas.mapTool() is p.archive_tool
        p.unload()
        assert ui_snapshot(qgis_iface) == before
        assert p.actions == {} and p.toolbar is None and p.menu is None and p.provider is None
        assert locator == [] and p.locator_filter is None
        assert canvas.mapTool() is None and len(canvas.findChildren(QgsMapTool)) == tools_before
        assert p.archive_tool is None and p.bulk is None and p.assess is None


def test_init_processing_alone_then_unload(qgis_iface):
    """What qgis_process does: initProcessing only."""
    reg = QgsApplication.processingRegistry()
    p = safe_municipal.classFactory(qgis_iface)
    p.initProcessing()
    p.initProcessing()  # idempotent
    assert reg.providerById("safe_municipal") is not None
    p.unload()
    assert reg.providerById("safe_municipal") is None


# ---------------------------------------------------------------------------- bad files
def _text(tmp):
    p = tmp / "notes.gpkg"
    p.write_text("这不是数据库 / not a database\n", encoding="utf-8")
    return p


def _binary(tmp):
    p = tmp / "noise.gpkg"
    p.write_bytes(os.urandom(8192))
    return p


def _plain_sqlite(tmp):
    p = tmp / "other.sqlite"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE t (a INTEGER)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    return p


def _newer_schema(tmp):
    p = tmp / "future.gpkg"
    GpkgStore.create(str(p)).close()
    conn = sqlite3.connect(p)
    conn.execute(f"UPDATE {S.META_TABLE} SET value = ? WHERE key = 'schema_version'", (str(S.SCHEMA_VERSION + 5),))
    conn.commit()
    conn.close()
    return p


def _read_only(tmp):
    p = tmp / "readonly.gpkg"
    GpkgStore.create(str(p)).close()
    p.chmod(0o444)  # as root os.access() still says writable: the plugin checks the mode bits too
    return p


def _missing(tmp):
    return tmp / "missing.gpkg"


def _folder(tmp):
    p = tmp / "folder.gpkg"
    p.mkdir()
    return p


BAD_FILES = {
    "text file": (_text, "it is not a Safe Municipal store"),
    "random binary": (_binary, "it is not a Safe Municipal store"),
    "plain SQLite db": (_plain_sqlite, "it is not a Safe Municipal store"),
    "newer schema": (_newer_schema, "newer version of Safe Municipal"),
    "read-only file": (_read_only, "the file is read-only"),
    "missing file": (_missing, "the file does not exist"),
    "folder": (_folder, "it is a folder"),
}


def _state(path: Path):
    if not path.exists():
        return None
    if path.is_dir():
        return sorted(os.listdir(path))
    return digest(path)


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_open_bad_file_one_error_naming_the_file_nothing_written(plugin, qgis_iface, tmp_path, case):
    make, problem = BAD_FILES[case]
    path = make(tmp_path)
    before_files = sorted(os.listdir(tmp_path))
    before = _state(path)
    msgs = Messages(qgis_iface)

    assert plugin.controller.open_store(str(path)) is None

    errors = msgs(Qgis.Critical)
    assert len(errors) == 1, errors
    assert str(path) in errors[0] and problem in errors[0], errors[0]
    assert msgs(Qgis.Success) == [] and msgs(Qgis.Warning) == []
    assert _state(path) == before  # byte-identical (or still absent)
    assert sorted(os.listdir(tmp_path)) == before_files  # no -wal/-shm/-journal left behind
    assert QgsProject.instance().mapLayers() == {}


def test_read_only_check_uses_mode_bits(tmp_path):
    from safe_municipal.dialogs.store_actions import is_read_only

    p = tmp_path / "f.gpkg"
    p.write_bytes(b"x")
    assert not is_read_only(p)
    p.chmod(0o444)
    assert is_read_only(p)  # also when running as root


def test_open_store_locked_by_a_writer(plugin, qgis_iface, store):
    """Another program holds the write lock: reading is still possible, and nothing is written."""
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = digest(store)
        msgs = Messages(qgis_iface)
        assert plugin.controller.open_store(str(store)) is not None
        assert msgs(Qgis.Critical) == []
        assert digest(store) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_open_store_locked_exclusively_reports_lock(plugin, qgis_iface, store):
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing: not even readable
    try:
        before = digest(store)
        msgs = Messages(qgis_iface)
        assert plugin.controller.open_store(str(store)) is None
        errors = msgs(Qgis.Critical)
        assert len(errors) == 1 and str(store) in errors[0] and "another program" in errors[0], errors
        assert digest(store) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert QgsProject.instance().mapLayers() == {}


def test_new_store_never_overwrites(plugin, qgis_iface, tmp_path):
    path = _text(tmp_path)
    before = digest(path)
    msgs = Messages(qgis_iface)
    assert plugin.controller.create_store(str(path)) is None
    errors = msgs(Qgis.Critical)
    assert len(errors) == 1 and str(path) in errors[0] and "exists already" in errors[0], errors
    assert digest(path) == before


def test_open_action_with_bad_file_via_file_dialog(plugin, qgis_iface, tmp_path, monkeypatch):
    path = _binary(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    msgs = Messages(qgis_iface)
    plugin.actions["SafeMunicipalOpenStore"].trigger()
    errors = msgs(Qgis.Critical)
    assert len(errors) == 1 and str(path) in errors[0]


def test_cancelled_file_dialog_does_nothing(plugin, qgis_iface, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    msgs = Messages(qgis_iface)
    plugin.actions["SafeMunicipalOpenStore"].trigger()
    plugin.actions["SafeMunicipalNewStore"].trigger()
    assert all(msgs(lvl) == [] for lvl in (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success))


# ---------------------------------------------------------------------------- good stores
def _group_layers():
    group = QgsProject.instance().layerTreeRoot().findGroup("平安市政")
    assert isinstance(group, QgsLayerTreeGroup)
    return [n.layer() for n in group.findLayers()]


def test_new_store_via_file_dialog_creates_loads_and_remembers(plugin, qgis_iface, tmp_path, monkeypatch):
    from safe_municipal.settings import project_store_path

    target = tmp_path / "fresh"  # no suffix: .gpkg is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    msgs = Messages(qgis_iface)
    plugin.actions["SafeMunicipalNewStore"].trigger()
    path = tmp_path / "fresh.gpkg"
    assert msgs(Qgis.Critical) == []
    assert path.is_file() and GpkgStore.open(str(path), writable=False).schema_version == S.SCHEMA_VERSION
    layers = _group_layers()
    assert layers and all(lyr.isValid() for lyr in layers)
    assert len(msgs(Qgis.Success)) == 1 and str(path) in msgs(Qgis.Success)[0]
    assert Path(project_store_path(QgsProject.instance())) == path.resolve()


def test_open_store_twice_adds_it_once(plugin, qgis_iface, store):
    assert plugin.controller.open_store(str(store)) is not None
    n = len(QgsProject.instance().mapLayers())
    msgs = Messages(qgis_iface)
    assert plugin.controller.open_store(str(store)).added == ()
    assert len(QgsProject.instance().mapLayers()) == n
    assert len(msgs(Qgis.Info)) == 1 and "already" in msgs(Qgis.Info)[0]


def test_reopened_project_knows_its_store(plugin, qgis_iface, store, tmp_path):
    from safe_municipal.settings import project_store_path

    plugin.controller.open_store(str(store))
    project_file = tmp_path / "city.qgz"
    assert QgsProject.instance().write(str(project_file))
    QgsProject.instance().clear()
    assert QgsProject.instance().read(str(project_file))
    assert Path(project_store_path(QgsProject.instance())) == store.resolve()

    # the store is gone: reading the project warns, naming it
    QgsProject.instance().clear()
    moved = store.with_name("moved.gpkg")
    store.rename(moved)
    msgs = Messages(qgis_iface)
    QgsProject.instance().read(str(project_file))
    warnings = msgs(Qgis.Warning)
    assert len(warnings) == 1 and str(store.resolve()) in warnings[0]


# ---------------------------------------------------------------------------- demo city
def test_demo_dialog_values_and_checks(plugin, tmp_path):
    from safe_municipal.dialogs.demo_dialog import DemoCityDialog

    dlg = DemoCityDialog(None)
    try:
        assert [dlg.scale_combo.itemData(i) for i in range(dlg.scale_combo.count())] == \
            ["tiny", "small", "medium", "city"]
        dlg.file_widget.setFilePath(str(tmp_path / "nowhere" / "demo.gpkg"))
        assert "does not exist" in dlg.problem()
        dlg.file_widget.setFilePath(str(tmp_path / "demo"))
        dlg.seed_spin.setValue(7)
        dlg.scale_combo.setCurrentIndex(dlg.scale_combo.findData("tiny"))
        assert dlg.problem() == ""
        assert dlg.values() == {"path": str(tmp_path / "demo.gpkg"), "scale": "tiny", "seed": 7,
                                "load": dlg.load_check.isChecked()}
    finally:
        dlg.deleteLater()


def test_demo_task_writes_and_loads_the_city(plugin, qgis_iface, tmp_path):
    path = tmp_path / "demo.gpkg"
    msgs = Messages(qgis_iface)
    task = plugin.controller.start_demo_task(str(path), "tiny", 3, load=True)
    wait_for(lambda: plugin.controller.task is None)
    assert task.error is None, task.details
    assert msgs(Qgis.Critical) == []
    assert path.is_file() and not list(tmp_path.glob(".demo.part-*"))
    store = GpkgStore.open(str(path), writable=False)
    try:
        assert store.count("road") > 0
    finally:
        store.close()
    assert any(lyr.featureCount() > 0 for lyr in _group_layers())
    assert any(str(path) in m for m in msgs(Qgis.Success))


def test_demo_task_cancel_while_writing_leaves_target_untouched(plugin, qgis_iface, tmp_path):
    """Cancel once the writer has reported progress: no error, nothing left over, the old file intact.

    (Not cancelled right after addTask: on QGIS 3.22 cancelling a task in the instant its
    runnable is being picked up by the thread pool can deadlock or crash QgsTask::start,
    a race in QGIS itself that no user click can hit.)
    """
    path = tmp_path / "demo.gpkg"
    path.write_text("keep me")
    msgs = Messages(qgis_iface)
    task = plugin.controller.start_demo_task(str(path), "medium", 1, load=True)
    wait_for(lambda: plugin.controller.task is None or task.progress() > 0)
    assert plugin.controller.task is not None, "the medium city was written before it could be cancelled"
    task.cancel()
    wait_for(lambda: plugin.controller.task is None)
    assert task.error is None and not task.succeeded
    assert path.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.gpkg"]
    assert msgs(Qgis.Critical) == [] and len(msgs(Qgis.Warning)) == 1
    assert QgsProject.instance().mapLayers() == {}


def test_about_text_has_version():
    from safe_municipal.dialogs.about import about_text
    from safe_municipal.settings import plugin_version

    assert plugin_version() == "0.1.0" and plugin_version() in about_text()
