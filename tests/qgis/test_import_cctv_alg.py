"""safe_municipal:import_cctv (ImportCctvAlgorithm) through processing.run on an algorithm instance (the
provider registers it by name once the lead adds it there)."""
import csv
import json
import uuid

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.processing.alg_import_cctv import ImportCctvAlgorithm

X0, Y0 = 527783.0, 3397750.0
PIPE, UP, DOWN = (str(uuid.UUID(int=n)) for n in (1, 2, 3))
HEADER = ["管段编号", "起点井", "终点井", "检测日期", "缺陷名称", "等级", "距离", "检测人"]
ROWS = [["GD0001", "JC0001", "JC0002", "2025-07-03", "破裂", "Ⅲ", "5", "王工"],
        ["GD0001", "JC0001", "JC0002", "2025-07-03", "错口", "2", "15", "王工"],
        ["GD0001", "JC0001", "JC0002", "2025-07-03", "渗漏", "1", "25", "王工"]]


class Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors, self.warnings, self.infos = [], [], []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 - QGIS API
        self.errors.append(error)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        self.warnings.append(warning)

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        self.infos.append(info)


@pytest.fixture
def alg(qgis_processing):
    return ImportCctvAlgorithm().create()


@pytest.fixture
def store_path(tmp_path):
    path = str(tmp_path / "store.gpkg")
    with GpkgStore.create(path) as s, s.audit_suspended():
        s.insert("manhole", [dict(uid=UP, code="JC0001", geom=("Point", (X0, Y0))),
                             dict(uid=DOWN, code="JC0002", geom=("Point", (X0 + 40, Y0)))])
        s.insert("drain_pipe", [dict(uid=PIPE, code="GD0001", usage="storm", diameter_mm=800, length_m=40.0,
                                     area_class="arterial", soil_class="ordinary", up_manhole_uid=UP,
                                     down_manhole_uid=DOWN, geom=("LineString", [(X0, Y0), (X0 + 40, Y0)]))])
    return path


def sheet(tmp_path, rows, name="cctv.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return str(path)


def run(alg, feedback=None, **params):
    from qgis import processing

    return processing.run(alg, params, feedback=feedback or Feedback())


def test_metadata(alg):
    assert (alg.name(), alg.groupId(), alg.group()) == ("import_cctv", "import_export", "Import and export")
    assert [p.name() for p in alg.parameterDefinitions()] == ["STORE", "INPUT", "SHEET", "MODE", "STRICT",
                                                               "ASSESS", "OUTPUT"]
    assert alg.parameterDefinition("MODE").options() == ["append", "update"]
    assert alg.parameterDefinition("SHEET").flags() & alg.parameterDefinition("SHEET").FlagOptional
    assert "CJJ 181" in alg.shortHelpString() and "管段编号" in alg.shortHelpString()


def test_import_assess_and_report(alg, store_path, tmp_path):
    report = tmp_path / "report.json"
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=sheet(tmp_path, ROWS), ASSESS=True, OUTPUT=str(report))
    assert (res["READ"], res["INSPECTIONS"], res["DEFECTS"], res["REJECTED"]) == (3, 1, 3, 0)
    assert fb.errors == [] and any("GD0001 III" in i for i in fb.infos)
    with GpkgStore.open(store_path, writable=False) as s:
        assert s.get("drain_pipe", PIPE)["grade"] == "III"  # STANDARDS.md §1.3: RI 4.25
        (insp,) = s.rows("inspection")
        assert (insp["inspection_type"], insp["inspector"], insp["grade"]) == ("cctv", "王工", "III")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["inspections"][0]["pipe"] == "GD0001" and data["assessment"]["grades"] == {"GD0001": "III"}
    assert json.loads(res["SUMMARY"])["written"] is True


def test_refused_rows_strict_and_update(alg, store_path, tmp_path):
    bad = ROWS + [["GD0001", "JC0001", "JC0002", "2025-07-04", "XX", "2", "3", ""],
                  ["GD0009", "", "", "2025-07-03", "破裂", "1", "3", ""]]
    fb = Feedback()
    res = run(alg, fb, STORE=store_path, INPUT=sheet(tmp_path, bad), STRICT=True)
    assert (res["INSPECTIONS"], res["DEFECTS"], res["REJECTED"]) == (0, 0, 2)
    assert any(e.startswith("Row 5, column 缺陷名称:") for e in fb.errors)
    assert any(e.startswith("Row 6, column 管段编号: no pipe with code GD0009") for e in fb.errors)
    with GpkgStore.open(store_path, writable=False) as s:
        assert s.count("inspection") == 0 and s.count("pipe_defect") == 0
    assert run(alg, STORE=store_path, INPUT=sheet(tmp_path, ROWS))["DEFECTS"] == 3
    again = run(alg, STORE=store_path, INPUT=sheet(tmp_path, ROWS[:1], "one.csv"), MODE="update")
    assert (again["INSPECTIONS"], again["DEFECTS"]) == (1, 1)
    with GpkgStore.open(store_path, writable=False) as s:
        assert s.count("inspection") == 1 and s.count("pipe_defect") == 1


def test_unreadable_input_fails(alg, store_path, tmp_path):
    (tmp_path / "empty.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="header row"):
        run(alg, STORE=store_path, INPUT=str(tmp_path / "empty.csv"))
