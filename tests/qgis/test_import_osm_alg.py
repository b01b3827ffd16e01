"""safe_municipal:import_osm (ImportOsmAlgorithm) run through processing.run on an algorithm instance
(the provider registers it by name once the lead adds it there), on real OSM data (tests/data/osm,
ODbL, © OpenStreetMap contributors)."""
import csv
import json
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.processing.alg_import_osm import ImportOsmAlgorithm

DATA = Path(__file__).resolve().parents[1] / "data" / "osm"
PBF = str(DATA / "liechtenstein-2013-08-03.osm.pbf")
XML = str(DATA / "vaduz-2013-08-03.osm")
KINDS = ("road", "bridge", "tunnel", "drain_pipe")


class Feedback(QgsProcessingFeedback):
    def __init__(self, cancel=False):
        super().__init__()
        self.errors, self.warnings, self.infos = [], [], []
        if cancel:
            self.cancel()

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 - QGIS API
        self.errors.append(error)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        self.warnings.append(warning)

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        self.infos.append(info)


@pytest.fixture
def alg(qgis_processing):
    return ImportOsmAlgorithm().create()


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.gpkg"
    GpkgStore.create(str(path), epsg=2056).close()  # CH1903+ / LV95 covers Liechtenstein
    return str(path)


def run(alg, feedback=None, **params):
    from qgis import processing

    return processing.run(alg, params, feedback=feedback or Feedback())


def counts(path):
    with GpkgStore.open(path, writable=False) as s:
        return {t: s.count(t) for t in KINDS}


def test_metadata(alg):
    assert (alg.name(), alg.groupId(), alg.group()) == ("import_osm", "import_export", "Import and export")
    names = [p.name() for p in alg.parameterDefinitions()]
    assert names == ["STORE", "INPUT", "KINDS", "EXTENT", "DISTRICT", "MODE", "STRICT", "OUTPUT"]
    assert alg.parameterDefinition("KINDS").options() == list(KINDS)
    assert alg.parameterDefinition("MODE").options() == ["append", "update"]
    assert "OSM-W" in alg.shortHelpString() and "OpenStreetMap contributors" in alg.shortHelpString()


def test_import_with_report_then_update(alg, store_path, tmp_path):
    report = tmp_path / "report.csv"
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=PBF, KINDS=["road", "bridge"], DISTRICT="Oberland",
              OUTPUT=str(report))
    assert (res["READ"], res["INSERTED"], res["UPDATED"], res["REJECTED"]) == (3014, 1493 + 81, 0, 0)
    assert counts(store_path) == {"road": 1493, "bridge": 81, "tunnel": 0, "drain_pipe": 0}
    summary = json.loads(res["SUMMARY"])
    assert summary["inserted"] == {"road": 1493, "bridge": 81} and summary["written"] is True
    assert fb.errors == [] and any("skipped" in w for w in fb.warnings)
    assert res["OUTPUT"] == str(report)
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["summary", "", "road", "inserted", "", "1493"] in lines
    with GpkgStore.open(store_path, writable=False) as s:
        assert {r["district"] for r in s.rows("road", columns=["district"])} == {"Oberland"}
    # Again in update mode: every row found unchanged.
    res = run(alg, STORE=store_path, INPUT=PBF, KINDS=["road", "bridge"], DISTRICT="Oberland", MODE="update")
    assert (res["INSERTED"], res["UPDATED"], res["REJECTED"]) == (0, 0, 0)
    assert json.loads(res["SUMMARY"])["unchanged"] == {"road": 1493, "bridge": 81}


def test_extent_in_another_crs(alg, store_path):
    # Around the Rhine bridge at Vaduz (way 308), given in WGS 84: reprojected to the store's LV95.
    res = run(alg, STORE=store_path, INPUT=PBF, EXTENT="9.486,9.492,47.168,47.171 [EPSG:4326]")
    assert 0 < res["READ"] < 100 and res["REJECTED"] == 0
    with GpkgStore.open(store_path, writable=False) as s:
        codes = {r["code"] for r in s.rows("bridge", columns=["code"])}
    assert "OSM-W308" in codes and len(codes) < 10


def test_osm_xml_and_strict(alg, store_path):
    res = run(alg, STORE=store_path, INPUT=XML)
    assert res["INSERTED"] == 225 + 16 + 12 and res["REJECTED"] == 0
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=XML, STRICT=True)  # append: every code is taken
    assert res["INSERTED"] == 0 and res["REJECTED"] == 253
    assert json.loads(res["SUMMARY"])["written"] is False
    assert len(fb.errors) == 51  # 50 listed, then how many more
    assert counts(store_path) == {"road": 225, "bridge": 16, "tunnel": 0, "drain_pipe": 12}


def test_far_crs_warns(alg, tmp_path):
    path = str(tmp_path / "yichang.gpkg")
    GpkgStore.create(path).close()  # EPSG:4546
    fb = Feedback()
    res = run(alg, fb, STORE=path, INPUT=XML, KINDS=["drain_pipe"])
    assert res["INSERTED"] == 12
    assert any("outside the area of use" in w for w in fb.warnings)
    assert any("1000 mm assumed" in w for w in fb.warnings)


def test_cancel_and_errors(alg, store_path, tmp_path):
    assert run(alg, Feedback(cancel=True), STORE=store_path, INPUT=PBF) == {}
    assert counts(store_path) == {t: 0 for t in KINDS}
    junk = tmp_path / "junk.osm"
    junk.write_text("not OSM", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="OpenStreetMap"):
        run(alg, STORE=store_path, INPUT=str(junk))
    with pytest.raises(QgsProcessingException):
        run(alg, STORE=str(tmp_path / "missing.gpkg"), INPUT=PBF)
