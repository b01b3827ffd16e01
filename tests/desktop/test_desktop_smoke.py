"""The real QGIS desktop (under Xvfb) loads the plugin and a project of a store, without a Python error.

Drives scripts/desktop_screenshot.py, the same script `make screenshot` uses.
"""
import importlib.util
import shutil
import uuid
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtGui import QImage

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.project import load_store

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

if shutil.which("qgis") is None or shutil.which("xvfb-run") is None:
    pytest.skip("needs the qgis desktop and xvfb-run (apt install qgis xvfb)", allow_module_level=True)


def _desktop():
    spec = importlib.util.spec_from_file_location("desktop_screenshot", ROOT / "scripts" / "desktop_screenshot.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _fill_store(path: Path) -> None:
    """A small city: the demo generator's tiny one, or a few roads when it is not there."""
    try:
        from safe_municipal.layers.demo_writer import write_demo_city
    except ImportError:
        write_demo_city = None
    if write_demo_city is not None:
        write_demo_city(str(path), scale="tiny", seed=1)
        return
    store = GpkgStore.create(str(path))
    try:
        store.insert("road", [
            {"uid": str(uuid.uuid4()), "code": f"DL{i:04d}", "name": f"Road {i}", "road_class": "arterial",
             "geom": ("LineString", [(500000 + 300 * i, 3390000), (500200 + 300 * i, 3391500)])}
            for i in range(5)])
    finally:
        store.close()


@pytest.fixture(scope="module")
def project_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desktop")
    store = folder / "city.gpkg"
    _fill_store(store)
    project = QgsProject()
    loaded = load_store(str(store), project)
    from safe_municipal.settings import set_project_store_path

    set_project_store_path(project, loaded.path)
    qgz = folder / "city.qgz"
    assert project.write(str(qgz)), project.error()
    expected = len(project.mapLayers())
    project.clear()
    return qgz, expected


def _colours(png: Path, step: int = 4) -> int:
    image = QImage(str(png))
    assert not image.isNull(), png
    return len({image.pixel(x, y) for y in range(0, image.height(), step) for x in range(0, image.width(), step)})


def test_desktop_loads_plugin_and_project_without_python_errors(project_file, tmp_path):
    qgz, n_layers = project_file
    png = tmp_path / "screenshot.png"
    result = _desktop().launch(str(qgz), str(png), timeout=TIMEOUT)
    assert result["errors"] == [], result
    assert result["ok"] and result["plugin_active"] and result["plugin_class"] == "SafeMunicipalPlugin"
    assert result["toolbar"] and result["provider"]
    assert len(result["layers"]) == n_layers and all(lyr["valid"] for lyr in result["layers"])
    assert any(lyr["features"] for lyr in result["layers"])
    # the screenshot: written, full size, not blank, with features drawn on the canvas
    assert png.is_file() and png.stat().st_size > 10_000
    image = QImage(str(png))
    assert (image.width(), image.height()) == tuple(result["screenshot_size"])
    assert image.width() >= 800 and image.height() >= 600
    assert _colours(png) > 50
    assert result["canvas_colours"] > 5


def test_desktop_run_reports_a_plugin_that_fails_to_load(project_file, tmp_path):
    """The smoke test would notice a broken plugin (and does not hang on QGIS's error dialog)."""
    broken = tmp_path / "plugins" / "safe_municipal"
    broken.mkdir(parents=True)
    shutil.copy(ROOT / "metadata.txt", broken / "metadata.txt")
    (broken / "__init__.py").write_text(
        "def classFactory(iface):\n    raise RuntimeError('broken on purpose')\n", encoding="utf-8")
    result = _desktop().launch(str(project_file[0]), None, timeout=60, plugin_dir=broken)
    assert not result["ok"]
    assert any("broken on purpose" in e for e in result["errors"]), result["errors"]
    assert result["seconds"] < 55  # stopped by the hooks, not by the time limit


def test_desktop_opens_the_plan_programmes_and_cases(project_file, tmp_path):
    """The toolbar's docks and the plan dialog open on the project's store in the real desktop, with
    no Python error, and QGIS still quits cleanly (the plan dialog's window is grabbed too)."""
    qgz, _ = project_file
    png = tmp_path / "docks.png"
    result = _desktop().launch(str(qgz), str(png), timeout=TIMEOUT,
                               trigger="SafeMunicipalProgrammes,SafeMunicipalCoverCases,SafeMunicipalMaintenancePlan")
    assert result["errors"] == [], result
    assert result["ok"] and result["returncode"] == 0
    assert len(result.get("dialogs", [])) == 1 and Path(result["dialogs"][0]).is_file()
    assert _colours(Path(result["dialogs"][0])) > 20
