"""safe_municipal:import_swmm (ImportSwmmAlgorithm) run through processing.run on an algorithm instance
(the provider registers it by name once the lead adds it there)."""
import json
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsProcessingFeedback

from safe_municipal.core.geometry import wkb_points
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.processing.alg_import_swmm import ImportSwmmAlgorithm

DATA = Path(__file__).resolve().parents[1] / "data" / "swmm"


class Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors, self.warnings = [], []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 - QGIS API
        self.errors.append(error)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        self.warnings.append(warning)


@pytest.fixture
def alg(qgis_processing):
    return ImportSwmmAlgorithm().create()


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.gpkg"
    GpkgStore.create(str(path)).close()
    return str(path)


def run(alg, feedback=None, **params):
    from qgis import processing

    return processing.run(alg, params, feedback=feedback or Feedback())


def counts(path):
    with GpkgStore.open(path, writable=False) as s:
        return {t: s.count(t) for t in ("manhole", "drain_pipe", "storage_facility", "outfall")}


def test_metadata(alg):
    assert (alg.name(), alg.groupId(), alg.group()) == ("import_swmm", "import_export", "Import and export")
    names = [p.name() for p in alg.parameterDefinitions()]
    assert names == ["STORE", "INPUT", "SOURCE_CRS", "USAGE", "MODE", "STRICT", "OUTPUT"]
    assert alg.parameterDefinition("USAGE").options() == ["storm", "sewage", "combined"]
    assert "SOURCE_CRS" in alg.shortHelpString()


def test_import_with_report(alg, store_path, tmp_path):
    report = tmp_path / "report.json"
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=str(DATA / "Example6.inp"), SOURCE_CRS="EPSG:4546",
              USAGE="combined", OUTPUT=str(report))
    assert (res["READ"], res["INSERTED"], res["UPDATED"], res["REJECTED"]) == (5, 4, 0, 1)
    summary = json.loads(res["SUMMARY"])
    assert summary["inserted"] == {"manhole": 1, "drain_pipe": 1, "storage_facility": 1, "outfall": 1}
    assert counts(store_path) == {"manhole": 1, "drain_pipe": 1, "storage_facility": 1, "outfall": 1}
    assert len(fb.errors) == 1 and "line 69 drain_pipe: diameter_mm" in fb.errors[0]
    assert any("1 weirs not imported" in w for w in fb.warnings)
    data = json.loads(report.read_text("utf-8"))
    assert data["crs"] == "EPSG:4546" and data["rejected"][0]["value"] == 6114
    with GpkgStore.open(store_path, writable=False) as s:
        assert next(s.rows("drain_pipe"))["usage"] == "combined"


def test_crs_object_and_update_mode(alg, store_path):
    crs = QgsCoordinateReferenceSystem("EPSG:4546")
    first = run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"), SOURCE_CRS=crs)
    assert first["INSERTED"] == 27 and first["REJECTED"] == 0
    same = run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"), SOURCE_CRS=crs, MODE="update")
    assert (same["INSERTED"], same["UPDATED"], same["REJECTED"]) == (0, 0, 0)
    assert json.loads(same["SUMMARY"])["unchanged"] == {"drain_pipe": 13, "manhole": 13, "outfall": 1}
    again = run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"), SOURCE_CRS=crs, MODE="update",
                USAGE="sewage")
    assert again["INSERTED"] == 0 and again["UPDATED"] == 27
    assert counts(store_path) == {"manhole": 13, "drain_pipe": 13, "storage_facility": 0, "outfall": 1}


def test_custom_crs_without_authority(alg, store_path):
    """A CRS with no EPSG code reaches OSR as WKT: a transverse Mercator like EPSG:4546 leaves the
    coordinates where they are (to the millimetre)."""
    crs = QgsCoordinateReferenceSystem.fromProj(
        "+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs")
    assert crs.isValid() and not crs.authid().startswith("EPSG")
    res = run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"), SOURCE_CRS=crs)
    assert res["INSERTED"] == 27
    with GpkgStore.open(store_path, writable=False) as s:
        pipe = next(s.rows("drain_pipe", "code = ?", ("10",)))
    pts = wkb_points(pipe["geom"])
    assert len(pts) == 3 and pts[1] == pytest.approx((6673.68, 1368.42), abs=1e-3)


def test_strict(alg, store_path):
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=str(DATA / "Example6.inp"), SOURCE_CRS="EPSG:4546", STRICT=True)
    assert res["INSERTED"] == 0 and res["REJECTED"] == 1 and "Nothing was written." in fb.warnings
    assert sum(counts(store_path).values()) == 0


def test_refuses_without_source_crs(alg, store_path):
    with pytest.raises(QgsProcessingException, match="Example1.inp has no coordinate reference system; "
                                                     "give SOURCE_CRS"):
        run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"))
    with pytest.raises(QgsProcessingException, match="give SOURCE_CRS"):
        run(alg, STORE=store_path, INPUT=str(DATA / "Example1.inp"), SOURCE_CRS="")
    assert sum(counts(store_path).values()) == 0


def test_bad_file_names_line_and_section(alg, store_path, tmp_path):
    bad = tmp_path / "bad.inp"
    bad.write_text("[OPTIONS]\nFLOW_UNITS CMS\n[CONDUITS]\nC1 A B\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"bad.inp line 4 \[CONDUITS\]: a conduit needs at least 5"):
        run(alg, STORE=store_path, INPUT=str(bad), SOURCE_CRS="EPSG:4546")
