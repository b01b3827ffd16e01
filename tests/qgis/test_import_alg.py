"""safe_municipal:import_facilities through processing.run (issue 7)."""
import csv
import json
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback, QgsProcessingProvider

from safe_municipal.layers.gpkg import GpkgStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import import_corpus as corpus  # noqa: E402


class _ImportProvider(QgsProcessingProvider):
    """The algorithm alone, while the plugin's provider does not list it yet."""

    def id(self):
        return "safe_municipal_import_test"

    def name(self):
        return "Safe Municipal import (test)"

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        from safe_municipal.processing.alg_import import ImportFacilitiesAlgorithm

        self.addAlgorithm(ImportFacilitiesAlgorithm())


@pytest.fixture(scope="module")
def alg_id(qgis_processing):
    reg = QgsApplication.processingRegistry()
    if reg.algorithmById("safe_municipal:import_facilities") is not None:
        yield "safe_municipal:import_facilities"
        return
    provider = _ImportProvider()
    assert reg.addProvider(provider)
    yield "safe_municipal_import_test:import_facilities"
    reg.removeProvider(provider)


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store.gpkg"
    GpkgStore.create(str(path)).close()
    return str(path)


def _run(alg_id, params, feedback=None):
    from qgis import processing

    return processing.run(alg_id, params, feedback=feedback)


def test_import_a_gbk_shapefile_with_a_report(alg_id, store, tmp_path):
    import os

    rows = [corpus.pipe(1), corpus.pipe(2, 管径=10), corpus.pipe(3, 编号="YS-001"), corpus.pipe(4)]
    from osgeo import gdal

    saved = gdal.GetConfigOption("SHAPE_ENCODING")  # "" once QGIS's OGR provider ran: no recoding on write
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        shp = corpus.write_layer(tmp_path / "pipes.shp", rows, options=["ENCODING=GBK"])
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", saved)
    os.remove(tmp_path / "pipes.cpg")
    report = tmp_path / "report.csv"
    res = _run(alg_id, {"STORE": store, "INPUT": shp, "KIND": "drain_pipe", "OUTPUT": str(report)})
    assert res["READ"] == 4 and res["INSERTED"] == 1 and res["REJECTED"] == 3 and res["WRITTEN"] == 1
    summary = json.loads(res["SUMMARY"])
    assert summary["encoding"] == "GB18030" and summary["field_map"]["diameter_mm"] == "管径"
    lines = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    rejected = [ln for ln in lines if ln[0] == "rejected"]
    assert sorted((ln[1], ln[3]) for ln in rejected) == [("1", "code"), ("2", "diameter_mm"), ("3", "code")]
    with GpkgStore.open(store) as s:
        assert [r["name"] for r in s.rows("drain_pipe")] == ["中山路"]


def test_strict_update_field_map_and_crs(alg_id, store, tmp_path):
    text = "井号,经度,纬度,井深,防沉降\nJC-1,111.29,30.70,3.5,是\nJC-2,111.30,30.71,{depth},否\n"
    path = tmp_path / "jc.csv"
    path.write_text(text.format(depth=-1), encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        _run(alg_id, {"STORE": store, "INPUT": str(path), "KIND": "manhole"})
    params = {"STORE": store, "INPUT": str(path), "KIND": "manhole", "SOURCE_CRS": "EPSG:4490", "STRICT": True,
              "FIELD_MAP": '{"anti_settlement": "防沉降"}'}
    res = _run(alg_id, params)
    assert res["WRITTEN"] == 0 and res["INSERTED"] == 0 and res["REJECTED"] == 1
    path.write_text(text.format(depth=2), encoding="utf-8")
    res = _run(alg_id, params)
    assert res["INSERTED"] == 2
    with GpkgStore.open(store) as s:
        assert {r["code"]: bool(r["anti_settlement"]) for r in s.rows("manhole")} == {"JC-1": True, "JC-2": False}
    path.write_text(text.format(depth=4.5), encoding="utf-8")
    res = _run(alg_id, dict(params, MODE="update", STRICT=False))
    assert res["UPDATED"] == 1 and res["UNCHANGED"] == 1 and res["INSERTED"] == 0
    with GpkgStore.open(store) as s:
        assert next(s.rows("manhole", "code = 'JC-2'"))["depth_m"] == 4.5


def test_bad_parameters_and_files_fail_clearly(alg_id, store, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(QgsProcessingException, match="junk.bin: not a readable vector file"):
        _run(alg_id, {"STORE": store, "INPUT": str(junk), "KIND": "road"})
    shp = corpus.write_layer(tmp_path / "p.geojson", [corpus.pipe(1)])
    with pytest.raises(QgsProcessingException, match="FIELD_MAP is not valid JSON"):
        _run(alg_id, {"STORE": store, "INPUT": shp, "KIND": "drain_pipe", "FIELD_MAP": "{管径"})
    with pytest.raises(QgsProcessingException):
        _run(alg_id, {"STORE": store, "INPUT": shp, "KIND": "pipes"})
    with pytest.raises(QgsProcessingException, match="ends with .csv or .json"):
        _run(alg_id, {"STORE": store, "INPUT": shp, "KIND": "drain_pipe", "OUTPUT": str(tmp_path / "r.txt")})
    with GpkgStore.open(store) as s:
        assert s.count("drain_pipe") == 0  # refused before importing
    not_a_store = tmp_path / "x.gpkg"
    not_a_store.write_text("no")
    with pytest.raises(QgsProcessingException, match="not a Safe Municipal store"):
        _run(alg_id, {"STORE": str(not_a_store), "INPUT": shp, "KIND": "drain_pipe"})


def test_progress_and_cancel(alg_id, store, tmp_path):
    rows = [corpus.pipe(i, 编号=f"YS-{i:05d}", wkt=corpus.line(i % 300)) for i in range(1, 6001)]
    path = corpus.write_layer(tmp_path / "many.gpkg", rows)
    seen = []
    fb = QgsProcessingFeedback()
    fb.progressChanged.connect(seen.append)
    res = _run(alg_id, {"STORE": store, "INPUT": path, "KIND": "drain_pipe", "OUTPUT": str(tmp_path / "r.json")},
               feedback=fb)
    assert res["INSERTED"] == 6000 and seen and max(seen) == pytest.approx(100) and seen == sorted(seen)
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["inserted"] == {"drain_pipe": 6000}
    before = corpus.snapshot(store)
    fb = QgsProcessingFeedback()
    fb.progressChanged.connect(lambda p: fb.cancel() if p > 50 else None)
    res = _run(alg_id, {"STORE": store, "INPUT": path, "KIND": "drain_pipe", "MODE": "update",
                        "FIELD_MAP": '{"name": "=新名"}'}, feedback=fb)
    assert res == {}  # cancelled: the algorithm returns nothing
    assert corpus.snapshot(store) == before
