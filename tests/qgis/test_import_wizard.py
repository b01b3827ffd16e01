"""The import wizard driven like a user: a GBK shapefile without .cpg, a file without CRS, SWMM, CCTV."""
import json
import os
import time
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QWizard
from qgis_support import Messages

from safe_municipal.dialogs.import_wizard import ImportWizard, close_import_wizards, open_import_wizard
from safe_municipal.dialogs.import_wizard import source_info as SI
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.import_columns import parse_field_map

X0, Y0 = 527783.0, 3397750.0
DATA = Path(__file__).resolve().parents[1] / "data"
FIELDS = (("编号", ogr.OFTString), ("管径", ogr.OFTInteger), ("材质", ogr.OFTString), ("类别", ogr.OFTString),
          ("道路", ogr.OFTString))


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def write_pipes(path, rows, epsg=4546, encoding="GBK", cpg=False) -> str:
    """A shapefile of drain pipes in ``encoding``; without a .cpg unless asked (without .prj: epsg None).
    QGIS's OGR provider sets SHAPE_ENCODING to "" (no recoding), which would write UTF-8 whatever
    ``encoding`` says: it is unset while the file is written."""
    saved = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        return _write_pipes(path, rows, epsg, encoding, cpg)
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", saved)


def _write_pipes(path, rows, epsg, encoding, cpg) -> str:
    drv = ogr.GetDriverByName("ESRI Shapefile")
    if os.path.exists(path):
        drv.DeleteDataSource(str(path))
    ds = drv.CreateDataSource(str(path))
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer(Path(path).stem, srs, ogr.wkbLineString, options=[f"ENCODING={encoding}"])
    for name, kind in FIELDS:
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for i, r in enumerate(rows):
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in r.items():
            if v is not None:
                f.SetField(k, v)
        x = X0 + 50.0 * i
        f.SetGeometry(ogr.CreateGeometryFromWkt(f"LINESTRING ({x} {Y0 + 30}, {x + 40} {Y0 + 35})"))
        lyr.CreateFeature(f)
    ds = None
    if not cpg:
        Path(str(path)[:-4] + ".cpg").unlink(missing_ok=True)
    return str(path)


def pipe_rows(n=5):
    return [{"编号": f"YS-{i:03d}", "管径": 400 + 100 * (i % 3), "材质": "钢筋混凝土", "类别": "雨水", "道路": "沿江大道"}
            for i in range(1, n + 1)]


@pytest.fixture()
def store(sample_store, qgis_iface, qgis_new_project, english):
    """The sample store loaded into the project (the wizard finds it there)."""
    from safe_municipal.layers.project import load_store

    load_store(sample_store.path, QgsProject.instance())
    yield sample_store
    close_import_wizards()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def rows_of(path, table, where="", params=()):
    with GpkgStore.open(path, writable=False) as s:
        return list(s.rows(table, where, params, order_by=["fid"]))


def to_options(wizard):
    wizard.next()
    assert wizard.currentPage() is wizard.options_page
    return wizard.options_page


def run(wizard):
    assert wizard.options_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.run_page
    wait_for(lambda: wizard.task is None)
    assert wizard.report is not None, wizard.error
    return wizard.report


def test_without_store_the_action_warns(qgis_iface, qgis_new_project):
    msgs = Messages(qgis_iface)
    assert open_import_wizard(qgis_iface) is None
    assert len(msgs(Qgis.Warning)) == 1


def test_gbk_shapefile_detected_mapped_previewed_and_imported(store, qgis_iface, tmp_path):
    rows = pipe_rows()
    rows[2]["类别"] = "灰水"  # not a usage: row 3 is refused
    path = write_pipes(tmp_path / "雨水管线.shp", rows)
    msgs = Messages(qgis_iface)
    wizard = open_import_wizard(qgis_iface)
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    wizard.set_source(path)
    assert wizard.source_page.source_type() == SI.FACILITIES and wizard.source_page.isComplete()
    assert wizard.source_page.layer.isHidden()  # one layer: nothing to choose
    page = to_options(wizard)
    panel = page.facilities
    assert panel.current_kind() == "drain_pipe"  # 雨水管线: pipes
    assert panel.encoding.currentText() == "detected: GB18030" and panel.chosen_encoding() is None
    assert "Declared by the file: EPSG:4546" in panel.crs_status.text() and not panel.crs.isEnabled()
    assert {f: panel.combos[f].currentData() for f in ("code", "usage", "diameter_mm", "material", "name")} == {
        "code": "编号", "usage": "类别", "diameter_mm": "管径", "material": "材质", "name": None}
    # the road's name goes into the pipe's name: one combo changed by hand
    panel.combos["name"].setCurrentIndex(panel.combos["name"].findText("道路"))
    preview = panel.refresh_preview()
    assert preview.error == "" and len(preview.rows) == 5
    assert [(n, c) for n, c, _p in preview.problems()] == [(3, "usage")]
    col = preview.columns.index("usage")
    bad = panel.grid.item(2, col)
    assert bad.text() == "灰水" and "not one of storm, sewage, combined" in bad.toolTip()
    assert bad.background().color() == QColor("#f8d7da")
    good = panel.grid.item(0, col)
    assert good.text() == "storm" and good.background().style() == Qt.BrushStyle.NoBrush
    assert panel.grid.item(0, preview.columns.index("name")).text() == "沿江大道"
    assert panel.grid.item(0, preview.columns.index("material")).text() == "concrete"
    assert "refused" in panel.grid_status.text()
    field_map = panel.field_map()
    assert field_map["name"] == "道路" and parse_field_map(json.dumps(field_map)) == field_map
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()

    report = run(wizard)
    assert report.written and report.inserted == {"drain_pipe": 4}
    written = rows_of(store.path, "drain_pipe", "code LIKE 'YS-%'")
    assert [(r["code"], r["usage"], r["diameter_mm"], r["material"], r["name"]) for r in written] == [
        ("YS-001", "storm", 500, "concrete", "沿江大道"), ("YS-002", "storm", 600, "concrete", "沿江大道"),
        ("YS-004", "storm", 500, "concrete", "沿江大道"), ("YS-005", "storm", 600, "concrete", "沿江大道")]
    table = wizard.run_page.rejected
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1, 2, 4)] == ["3", "drain_pipe", "usage", "灰水"]
    counts = wizard.run_page.counts
    assert [counts.item(0, c).text() for c in range(2)] == ["drain_pipe", "4"]
    assert any("no .cpg" in wizard.run_page.warnings.item(i).text() for i in range(wizard.run_page.warnings.count()))
    (line,) = msgs(Qgis.Warning)
    assert "4 inserted into drain_pipe" in line and "1 rejections" in line
    # the report saved as CSV and JSON
    saved = wizard.save_report(str(tmp_path / "report.json"))
    data = json.loads(Path(saved).read_text("utf-8"))
    assert data["rejected"][0]["source_row"] == 3 and data["encoding"] == "GB18030"
    assert wizard.save_report(str(tmp_path / "report.csv")).endswith(".csv")
    assert wizard.run_page.isComplete() and wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_file_without_crs_needs_one_before_import(store, qgis_iface, tmp_path):
    path = write_pipes(tmp_path / "pipes_nocrs.shp", pipe_rows(3), epsg=None, encoding="UTF-8", cpg=True)
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(path)
    page = to_options(wizard)
    panel = page.facilities
    assert panel.encoding.currentText() == "from the .cpg file: UTF-8"
    assert panel.crs.isEnabled() and not panel.crs.crs().isValid()
    assert "has no coordinate reference system" in panel.crs_status.text()
    assert "choose the CRS" in panel.crs_status.text()
    assert not page.isComplete() and not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert "Choose the source CRS" in page.problem.text()
    geom = panel.preview.rows[0][1]["geom"]
    assert "no coordinate reference system" in geom.problem
    panel.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:4546"))
    panel.refresh_preview()
    assert page.isComplete() and wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert panel.preview.problems() == [] and page.problem.text() == ""
    params = wizard.parameters()["parameters"]
    assert params["SOURCE_CRS"] == "EPSG:4546" and json.loads(params["FIELD_MAP"]) == panel.field_map()
    # back to the first page, another file without CRS: the CRS chosen for the first is not carried over
    other = write_pipes(tmp_path / "more_nocrs.shp", pipe_rows(2), epsg=None, encoding="UTF-8", cpg=True)
    wizard.back()
    wizard.set_source(other)
    wizard.next()
    assert not panel.crs.crs().isValid() and not page.isComplete()
    wizard.back()
    wizard.set_source(path)
    wizard.next()
    panel.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:4546"))
    panel.refresh_preview()
    report = run(wizard)
    assert report.inserted == {"drain_pipe": 3} and report.crs == "EPSG:4546"
    assert len(rows_of(store.path, "drain_pipe", "code LIKE 'YS-%'")) == 3


def test_copy_processing_parameters(store, qgis_iface, qgis_processing, tmp_path):
    """The copied parameters run the same import through the Processing algorithm."""
    import shutil

    from qgis import processing

    from safe_municipal.processing.alg_import import ImportFacilitiesAlgorithm

    twin = tmp_path / "twin.gpkg"
    shutil.copy(store.path, twin)
    path = write_pipes(tmp_path / "pipes.shp", pipe_rows(2), encoding="UTF-8", cpg=True)
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(path)
    page = to_options(wizard)
    page.facilities.set_source("material", None)  # a guessed field dropped: null in FIELD_MAP
    page.facilities.set_source("district", "=西陵区")  # a fixed value
    page.mode.setCurrentIndex(page.mode.findData("update"))
    page.copy_button.click()
    data = json.loads(QApplication.clipboard().text())
    assert data["algorithm"] == "safe_municipal:import_facilities"
    p = data["parameters"]
    assert (p["STORE"], p["INPUT"], p["KIND"], p["MODE"], p["STRICT"]) == (store.path, path, "drain_pipe", "update",
                                                                         False)
    fmap = json.loads(p["FIELD_MAP"])
    assert fmap["material"] is None and fmap["district"] == "=西陵区" and fmap["code"] == "编号"
    report = run(wizard)
    assert report.inserted == {"drain_pipe": 2}
    mine = rows_of(store.path, "drain_pipe", "code LIKE 'YS-%'")
    assert {(r["district"], r["material"]) for r in mine} == {("西陵区", None)}
    res = processing.run(ImportFacilitiesAlgorithm().create(), dict(p, STORE=str(twin)))
    assert res["INSERTED"] == 2 and res["REJECTED"] == 0
    keys = ("code", "name", "district", "usage", "diameter_mm", "material", "geom")
    assert [{k: r[k] for k in keys} for r in rows_of(str(twin), "drain_pipe", "code LIKE 'YS-%'")] == [
        {k: r[k] for k in keys} for r in mine]


def test_swmm_model_through_the_wizard(store, qgis_iface):
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(str(DATA / "swmm" / "Example1.inp"))
    assert wizard.source_page.source_type() == SI.SWMM
    page = to_options(wizard)
    assert page.stack.currentWidget() is page.swmm
    assert not page.isComplete() and "no coordinate reference system" in page.swmm.crs_status.text()
    page.swmm.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:4546"))
    page.swmm.usage.setCurrentIndex(page.swmm.usage.findData("sewage"))
    assert page.isComplete()
    report = run(wizard)
    assert report.written and report.inserted == {"drain_pipe": 13, "manhole": 13, "outfall": 1}
    assert {r["usage"] for r in rows_of(store.path, "drain_pipe", "code = ?", ("10",))} == {"sewage"}
    assert wizard.run_page.counts.rowCount() == 3


def test_cctv_sheet_detected_and_imported(store, qgis_iface, tmp_path):
    sheet = tmp_path / "cctv.csv"
    sheet.write_text("管段编号,检测日期,缺陷代码,等级,距离\nGD0001,2025-03-01,PL,2,10\nGD0001,2025-03-01,CK,1,40\n"
                     "GD9999,2025-03-01,PL,2,5\n", encoding="utf-8")
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(str(sheet))
    assert wizard.source_page.source_type() == SI.CCTV
    page = to_options(wizard)
    assert page.cctv.is_complete() and "管段编号" in page.cctv.columns.text()
    report = run(wizard)
    assert report.inserted.get("inspection") == 1 and report.inserted.get("pipe_defect") == 2
    assert [r.source_row for r in report.rejected] and wizard.run_page.rejected.rowCount() == len(report.rejected)
    # the same CSV read as a facilities file cannot be imported (no coordinates): the options page says so
    wizard2 = open_import_wizard(qgis_iface)
    wizard2.set_source(str(sheet), SI.FACILITIES)
    page2 = to_options(wizard2)
    assert not page2.isComplete() and "no geometry" in page2.problem.text()


def test_layers_of_a_geopackage_and_edited_layers_block(store, qgis_iface, tmp_path):
    from safe_municipal.layers.project import find_layer

    gpkg = tmp_path / "survey.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4546)
    for name, gtype, wkt in (("检查井", ogr.wkbPoint, f"POINT ({X0} {Y0 + 50})"),
                             ("管线", ogr.wkbLineString, f"LINESTRING ({X0} {Y0}, {X0 + 5} {Y0})")):
        lyr = ds.CreateLayer(name, srs, gtype)
        lyr.CreateField(ogr.FieldDefn("编号", ogr.OFTString))
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("编号", "W-1")
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(str(tmp_path))
    assert not wizard.source_page.isComplete() and "is a folder" in wizard.source_page.status.text()
    wizard.set_source(str(gpkg), layer="检查井")
    assert wizard.source_page.layer.isVisibleTo(wizard.source_page) and wizard.source_page.layer.count() == 2
    page = to_options(wizard)
    assert page.facilities.current_kind() == "manhole"
    assert [page.facilities.kind.itemData(i) for i in range(page.facilities.kind.count())] == [
        t for t in ("manhole", "rain_inlet", "waterlogging_point", "outfall")]
    layer = find_layer(QgsProject.instance(), "manhole", store.path)
    layer.startEditing()
    try:
        wizard.next()  # refused: the page stays, saying why
        assert wizard.currentPage() is page and wizard.task is None and "being edited" in page.problem.text()
    finally:
        layer.rollBack()
    assert len(rows_of(store.path, "manhole", "code = ?", ("W-1",))) == 0
    report = run(wizard)  # edits closed: the import goes ahead
    assert report.inserted == {"manhole": 1} and len(rows_of(store.path, "manhole", "code = ?", ("W-1",))) == 1


def test_osm_roads_and_bridges_within_the_map_extent(qgis_iface, qgis_new_project, english, tmp_path):
    from qgis.core import QgsRectangle

    from safe_municipal.layers.project import load_store

    path = tmp_path / "lv95.gpkg"
    GpkgStore.create(str(path), epsg=2056).close()  # CH1903+ / LV95 covers Liechtenstein
    load_store(str(path), QgsProject.instance())
    canvas = qgis_iface.mapCanvas()
    canvas.resize(600, 400)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setExtent(QgsRectangle(9.486, 47.168, 9.492, 47.171))  # around the Rhine bridge at Vaduz
    wizard = open_import_wizard(qgis_iface)
    try:
        wizard.set_source(str(DATA / "osm" / "liechtenstein-2013-08-03.osm.pbf"))
        assert wizard.source_page.source_type() == SI.OSM
        page = to_options(wizard)
        assert page.stack.currentWidget() is page.osm
        for kind in ("tunnel", "drain_pipe"):
            page.osm.kind_checks[kind].setChecked(False)
        page.osm.district.setText("Vaduz")
        page.osm.extent.setChecked(True)
        extent = wizard.import_options()["extent"]
        assert 2750000 < extent[0] < extent[2] < 2765000 and 1200000 < extent[1] < extent[3] < 1230000  # LV95
        assert extent[2] - extent[0] < 5000
        params = wizard.parameters()["parameters"]
        assert params["KINDS"] == ["road", "bridge"] and params["EXTENT"].endswith("[EPSG:2056]")
        report = run(wizard)
        assert 0 < report.read < 200 and set(report.inserted) <= {"road", "bridge"}
        bridges = rows_of(str(path), "bridge")
        assert "OSM-W308" in {b["code"] for b in bridges} and {b["district"] for b in bridges} == {"Vaduz"}
    finally:
        close_import_wizards()


def test_gbk_shapefile_with_cpg_inside_qgis(store, qgis_iface, tmp_path):
    """QGIS sets SHAPE_ENCODING to "": the wizard hands the .cpg's encoding to the import explicitly."""
    path = write_pipes(tmp_path / "管线.shp", pipe_rows(2), cpg=True)
    assert Path(path[:-4] + ".cpg").read_text().strip().upper() in ("GBK", "CP936", "936")
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(path)
    panel = to_options(wizard).facilities
    assert panel.encoding.currentText() == "from the .cpg file: GB18030"
    assert panel.info.fields == ["编号", "管径", "材质", "类别", "道路"]
    panel.combos["name"].setCurrentIndex(panel.combos["name"].findText("道路"))
    wait_for(lambda: not panel._timer.isActive())  # the preview follows by itself
    assert panel.grid.item(0, panel.preview.columns.index("name")).text() == "沿江大道"
    report = run(wizard)
    assert report.inserted == {"drain_pipe": 2}
    assert {r["name"] for r in rows_of(store.path, "drain_pipe", "code LIKE 'YS-%'")} == {"沿江大道"}


def test_cancel_writes_nothing(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    path = write_pipes(tmp_path / "many_pipes.shp", pipe_rows(3000), encoding="UTF-8", cpg=True)
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(path)
    to_options(wizard)
    wizard.next()
    assert wizard.task is not None and wizard.run_page.cancel_button.isVisible()
    QTest.mouseClick(wizard.run_page.cancel_button, Qt.MouseButton.LeftButton)
    wait_for(lambda: wizard.task is None)
    assert wizard.report is None and "cancelled" in wizard.error and "cancelled" in wizard.run_page.status.text()
    assert "cancelled" in msgs(Qgis.Warning)[-1]
    assert rows_of(store.path, "drain_pipe", "code LIKE 'YS-%'") == []
    assert not wizard.run_page.cancel_button.isVisible() and wizard.run_page.isComplete()


def test_csv_with_coordinate_columns(store, qgis_iface, tmp_path):
    sheet = tmp_path / "检查井.csv"
    sheet.write_text("井号,X坐标,Y坐标,井盖材质,备注\n"
                     f"J-1,{X0 + 10},{Y0 + 10},球墨铸铁,a\nJ-2,{X0 + 20},{Y0 + 10},复合材料,b\n", encoding="gbk")
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(str(sheet))
    assert wizard.source_page.source_type() == SI.FACILITIES
    page = to_options(wizard)
    panel = page.facilities
    assert panel.current_kind() == "manhole" and panel.encoding.currentText() == "detected: GB18030"
    assert not panel.coords_box.isHidden()
    assert (panel.coords["x"].currentData(), panel.coords["y"].currentData()) == ("X坐标", "Y坐标")
    assert not page.isComplete()  # a CSV has no CRS
    panel.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:4546"))
    panel.refresh_preview()
    assert page.isComplete() and panel.preview.problems() == []
    assert panel.field_map()["x"] == "X坐标" and panel.field_map()["code"] == "井号"
    report = run(wizard)
    assert report.inserted == {"manhole": 2}
    assert [r["code"] for r in rows_of(store.path, "manhole", "code LIKE 'J-%'")] == ["J-1", "J-2"]


def test_a_file_gone_before_the_run_is_reported(store, qgis_iface, tmp_path):
    msgs = Messages(qgis_iface)
    path = write_pipes(tmp_path / "pipes.shp", pipe_rows(2), encoding="UTF-8", cpg=True)
    wizard = open_import_wizard(qgis_iface)
    wizard.set_source(path)
    to_options(wizard)
    for p in tmp_path.glob("pipes.*"):
        p.unlink()
    wizard.next()
    wait_for(lambda: wizard.task is None)
    assert wizard.report is None and "does not exist" in wizard.run_page.status.text()
    (line,) = msgs(Qgis.Critical)
    assert "Importing pipes.shp failed" in line and "does not exist" in line
    assert not wizard.run_page.save_button.isEnabled()
