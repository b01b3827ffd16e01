"""Importing CCTV defect sheets into a store (layers.cctv_import; issue 7), without QGIS.

A small network of its own: GD0001 is STANDARDS.md §1.3's pipe (L 40 m, D 800 mm, arterial road, ordinary
soil), so the worked example's defects PL-3 @5, CK-2 @15, SL-1 @25 must grade it Ⅲ (F 5, RI 4.25).
"""
import csv
import datetime as dt
import json
import uuid

import pytest

from safe_municipal.core import schema as S
from safe_municipal.layers.cctv_import import import_cctv, read_sheet, xlsx_sheets
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.importer import ImportSourceError

TODAY = dt.date(2026, 1, 15)
X0, Y0 = 527783.0, 3397750.0


def U(n: int) -> str:
    return str(uuid.UUID(int=n))


MH = {f"JC000{i}": U(100 + i) for i in range(1, 7)}
P1, P2, P3, P4, P5 = (U(n) for n in range(1, 6))


def _pt(dx):
    return ("Point", (X0 + dx, Y0))


def _line(a, b):
    return ("LineString", [(X0 + a, Y0), (X0 + b, Y0)])


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "net.gpkg"))
    s.user = "测试员"
    with s.audit_suspended():
        s.insert("manhole", [dict(uid=u, code=c, geom=_pt(i * 40)) for i, (c, u) in enumerate(MH.items())])
        pipe = dict(usage="storm", diameter_mm=800, area_class="arterial", soil_class="ordinary")
        s.insert("drain_pipe", [
            dict(pipe, uid=P1, code="GD0001", length_m=40.0, up_manhole_uid=MH["JC0001"],
                 down_manhole_uid=MH["JC0002"], geom=_line(0, 40)),
            dict(pipe, uid=P2, code="GD0002", length_m=30.0, up_manhole_uid=MH["JC0002"],
                 down_manhole_uid=MH["JC0003"], geom=_line(40, 70)),
            # no length_m: its geometry's 50 m count
            dict(pipe, uid=P3, code="GD0003", up_manhole_uid=MH["JC0003"], down_manhole_uid=MH["JC0004"],
                 geom=_line(70, 120)),
            # two pipes between the same manholes
            dict(pipe, uid=P4, code="GD0004", length_m=20.0, up_manhole_uid=MH["JC0004"],
                 down_manhole_uid=MH["JC0005"], geom=_line(120, 140)),
            dict(pipe, uid=P5, code="GD0005", length_m=20.0, up_manhole_uid=MH["JC0004"],
                 down_manhole_uid=MH["JC0005"], geom=_line(120, 140)),
        ])
    yield s
    s.close()


ZH = ["序号", "管段编号", "起点井", "终点井", "检测日期", "缺陷名称", "缺陷等级", "距离(m)", "环向位置", "检测单位", "备注"]
WORKED = [  # STANDARDS.md §1.3 on GD0001
    [1, "GD0001", "JC0001", "JC0002", "2025/7/3", "破裂", "Ⅲ", "5", "0903", "市政检测公司", ""],
    [2, "GD0001", "JC0001", "JC0002", "2025/7/3", "错口", "2级", "15", "", "市政检测公司", ""],
    [3, "GD0001", "JC0001", "JC0002", "2025/7/3", "渗漏", "1", "25", "03", "市政检测公司", "照片 P3"],
]


def write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return str(path)


def dump(store) -> dict:
    """Every row of every table (the store row-identical check)."""
    out = {}
    for t in S.TABLES:
        if t.kind == "system" and t.name != "audit_log":
            continue
        out[t.name] = sorted(map(repr, store.execute(f'SELECT * FROM "{t.name}"').fetchall()))
    return out


def defects_of(store, pipe_uid):
    insp = list(store.rows("inspection", "facility_uid = ?", (pipe_uid,)))
    return insp, {i["uid"]: [(d["code"], d["grade"], d["start_m"], d["end_m"], d["orientation"])
                             for d in store.rows("pipe_defect", "inspection_uid = ?", (i["uid"],),
                                                 order_by=("start_m",))] for i in insp}


# --------------------------------------------------------------------------- CSV
def test_csv_utf8_by_pipe_code_worked_example_and_assessment(store, tmp_path):
    path = write_csv(tmp_path / "cctv.csv", [ZH, *WORKED, [4, "GD0002", "", "", "2025-07-03", "无缺陷", "", "", "",
                                                           "市政检测公司", "管道完好"]])
    rep = import_cctv(store, path, assess=True, today=TODAY)
    assert rep.rejected == [] and rep.written and rep.read == 4 and rep.encoding == "UTF-8"
    assert rep.inserted == {"inspection": 2, "pipe_defect": 3}
    (insp,), defects = defects_of(store, P1)
    assert (insp["inspected_on"], insp["inspection_type"], insp["standard"], insp["inspector"]) == (
        "2025-07-03", "cctv", "CJJ181-2012", "市政检测公司")
    assert defects[insp["uid"]] == [("PL", 3, 5.0, None, "circumferential"), ("CK", 2, 15.0, None, None),
                                    ("SL", 1, 25.0, None, None)]
    assert insp["summary"] == "PL 5 m (0903); SL 25 m (03); 照片 P3"
    # the inspection carries its live CJJ 181 grade, as one entered in the archive does (§1.3: RI 4.25 → Ⅲ)
    assert insp["grade"] == "III" and json.loads(insp["indices"])["RI"] == 4.25
    (clean,), clean_defects = defects_of(store, P2)
    assert clean_defects[clean["uid"]] == [] and clean["grade"] == "I" and clean["summary"] == "管道完好"
    # assess=True graded the touched pipes by CJJ 181
    assert rep.assessment["grades"] == {"GD0001": "III", "GD0002": "I"}
    assert store.get("drain_pipe", P1)["grade"] == "III"
    assert [i["pipe"] for i in rep.inspections] == ["GD0001", "GD0002"]
    # audited like a record entered by hand
    assert store.execute("SELECT count(*) FROM audit_log WHERE table_name = 'inspection' AND action = 'insert'"
                         ).fetchone()[0] == 2


def test_csv_gbk_english_headers(store, tmp_path):
    rows = [["Pipe ID", "Date", "Defect code", "Grade", "Distance (m)", "End", "Inspector"],
            ["gd0003", "2025.07.03", "CJ", "II", "10~16", "", "张三"],
            ["GD0003", "20250703", "PL", "1", "20", "24", "张三"]]
    path = write_csv(tmp_path / "gbk.csv", rows, encoding="gbk")
    rep = import_cctv(store, path, today=TODAY)
    assert rep.encoding == "GB18030" and rep.rejected == [] and rep.inserted == {"inspection": 1, "pipe_defect": 2}
    (insp,), defects = defects_of(store, P3)
    assert insp["inspector"] == "张三"
    assert defects[insp["uid"]] == [("CJ", 2, 10.0, 16.0, None), ("PL", 1, 20.0, 24.0, "longitudinal")]


def test_reversed_manhole_pair_turns_the_distances_round(store, tmp_path):
    rows = [["起始井号", "终止井号", "检测日期", "缺陷代码", "等级", "起点距离", "终点距离"],
            ["JC0002", "JC0001", "2025-07-03", "PL", 3, 5, ""],      # GD0001 runs JC0001 → JC0002
            ["JC0002", "JC0001", "2025-07-03", "CJ", 2, 29, 35],
            ["JC0002", "JC0003", "2025-07-03", "SG", 1, 2, ""]]     # GD0002, with the flow
    rep = import_cctv(store, write_csv(tmp_path / "rev.csv", rows), today=TODAY)
    assert rep.rejected == [] and rep.inserted == {"inspection": 2, "pipe_defect": 3}
    (insp,), defects = defects_of(store, P1)
    assert defects[insp["uid"]] == [("CJ", 2, 5.0, 11.0, None), ("PL", 3, 35.0, None, None)]
    assert any("against the flow" in w and "GD0001" in w for w in rep.warnings)
    (insp2,), defects2 = defects_of(store, P2)
    assert defects2[insp2["uid"]] == [("SG", 1, 2.0, None, None)]


def test_unmatched_rows_are_reported(store, tmp_path):
    rows = [["管段编号", "起点井", "终点井", "检测日期", "缺陷代码", "等级", "距离"],
            ["GD9999", "", "", "2025-07-03", "PL", 2, 3],
            ["", "JC0001", "JC0004", "2025-07-03", "PL", 2, 3],
            ["", "JC0001", "JC9999", "2025-07-03", "PL", 2, 3],
            ["", "JC0004", "JC0005", "2025-07-03", "PL", 2, 3],
            ["GD8888", "JC0002", "JC0003", "2025-07-03", "PL", 2, 3],  # the code is unknown, the manholes match
            ["GD0002", "", "", "2025-07-04", "PL", 2, 3]]
    rep = import_cctv(store, write_csv(tmp_path / "un.csv", rows), today=TODAY)
    reasons = {r.source_row: (r.field, r.reason) for r in rep.rejected}
    assert reasons == {
        2: ("管段编号", "no pipe with code GD9999"), 3: ("管段编号", "no pipe from JC0001 to JC0004"),
        4: ("管段编号", "no pipe from JC0001 to JC9999: no manhole with code JC9999"),
        5: ("管段编号", "2 pipes from JC0004 to JC0005 (GD0004, GD0005): give the pipe code")}
    assert rep.written and rep.inserted == {"inspection": 2, "pipe_defect": 2}
    assert any("GD8888" in w and "GD0002" in w for w in rep.warnings)
    assert len(defects_of(store, P2)[0]) == 2


# --------------------------------------------------------------------------- XLSX
def write_xlsx(path, sheets):
    """An XLSX workbook written with GDAL: ``{sheet: (fields [(name, ogr type)], rows)}``."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    for name, (fields, rows) in sheets.items():
        lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone)
        for fname, ftype in fields:
            lyr.CreateField(ogr.FieldDefn(fname, ftype))
        for row in rows:
            f = ogr.Feature(lyr.GetLayerDefn())
            for (fname, _), v in zip(fields, row):
                if v is not None:
                    f.SetField(fname, v)
            lyr.CreateFeature(f)
    ds = None
    return str(path)


def test_xlsx_by_manhole_pair_with_date_cells_and_serials(store, tmp_path):
    from osgeo import ogr

    S_, INT, R, D = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal, ogr.OFTDate
    path = write_xlsx(tmp_path / "cctv.xlsx", {
        "说明": ([("说明", S_)], [["本表为检测缺陷表"]]),
        "缺陷表": ([("起点井", S_), ("终点井", S_), ("检测日期", D), ("缺陷代码", S_), ("等级", INT), ("距离", R),
                  ("终点距离", R)],
                 [["JC0001", "JC0002", "2025/07/03", "PL", 3, 5.0, None],
                  ["JC0001", "JC0002", "2025/07/03", "CJ", 2, 5.0, 11.0],
                  ["JC0002", "JC0003", "2025/07/04", "TL", 3, 8.0, None]]),   # TL has grades 1-2
        "serial": ([("管段编号", S_), ("日期", INT), ("缺陷", S_), ("等级", S_), ("位置", S_)],
                   [["GD0002", 45841, "树根", "四级", "12.5m"]]),
    })
    assert xlsx_sheets(path) == ["说明", "缺陷表", "serial"]
    rows, enc, name = read_sheet(path, "缺陷表")
    assert name == "缺陷表" and enc is None and rows[0] == (1, ["起点井", "终点井", "检测日期", "缺陷代码", "等级", "距离",
                                                              "终点距离"])
    with pytest.raises(ImportSourceError, match="lacks the column"):  # the first sheet is the notes
        import_cctv(store, path, today=TODAY)
    rep = import_cctv(store, path, sheet="缺陷表", today=TODAY)
    assert [(r.source_row, r.field) for r in rep.rejected] == [(4, "等级")]
    assert "TL has grades 1 to 2" in rep.rejected[0].reason
    assert rep.inserted == {"inspection": 1, "pipe_defect": 2}
    (insp,), defects = defects_of(store, P1)
    assert defects[insp["uid"]] == [("PL", 3, 5.0, None, None), ("CJ", 2, 5.0, 11.0, None)]
    rep2 = import_cctv(store, path, sheet="serial", today=TODAY)
    assert rep2.rejected == [] and rep2.layer == "serial"
    (insp2,), defects2 = defects_of(store, P2)
    assert insp2["inspected_on"] == "2025-07-03" and defects2[insp2["uid"]] == [("SG", 4, 12.5, None, None)]
    with pytest.raises(ImportSourceError, match="no sheet"):
        import_cctv(store, path, sheet="Sheet9", today=TODAY)


def test_xlsx_title_row_above_the_header(store, tmp_path):
    from osgeo import ogr

    S_ = ogr.OFTString
    path = write_xlsx(tmp_path / "title.xlsx", {"Sheet1": (
        [("XX路排水管道CCTV检测缺陷统计表", S_), ("b", S_), ("c", S_), ("d", S_), ("e", S_)],
        [["管段编号", "检测日期", "缺陷代码", "等级", "距离"], ["GD0001", "2025-07-03", "XX", "2", "3"]])})
    rep = import_cctv(store, path, today=TODAY)
    assert [(r.source_row, r.field) for r in rep.rejected] == [(3, "缺陷代码")] and not rep.written


# --------------------------------------------------------------------------- modes
BAD_SHEET = [ZH, *WORKED, [4, "GD0002", "", "", "2025-07-03", "变形", "5", "3", "", "", ""],
             [5, "GD0002", "", "", "2025-07-03", "沉积", "2", "6~9", "", "", ""]]


def test_strict_leaves_the_store_row_identical(store, tmp_path):
    before = dump(store)
    rep = import_cctv(store, write_csv(tmp_path / "bad.csv", BAD_SHEET), strict=True, today=TODAY)
    assert not rep.written and dump(store) == before
    assert [(r.source_row, r.field) for r in rep.rejected] == [(5, "缺陷等级"), (6, "")]
    assert "nothing written (strict mode)" in rep.summary()


def test_without_strict_good_groups_go_in_and_bad_ones_are_listed(store, tmp_path):
    rep = import_cctv(store, write_csv(tmp_path / "bad.csv", BAD_SHEET), today=TODAY)
    assert rep.written and rep.inserted == {"inspection": 1, "pipe_defect": 3}
    by_row = {r.source_row: r for r in rep.rejected}
    assert set(by_row) == {5, 6}
    assert by_row[5].table == "pipe_defect" and "1 to 4" in by_row[5].reason
    assert "rejected with the inspection of GD0002 on 2025-07-03: row 5" in by_row[6].reason
    assert defects_of(store, P2)[0] == []  # no half inspection


def test_distances_beyond_the_pipe(store, tmp_path):
    rows = [["管段编号", "检测日期", "缺陷代码", "等级", "距离"],
            ["GD0001", "2025-07-03", "PL", 2, 40.8],    # within max(1 m, 5 %) of 40 m: its end
            ["GD0003", "2025-07-03", "PL", 2, 56]]      # geometry 50 m, tolerance 2.5 m
    rep = import_cctv(store, write_csv(tmp_path / "far.csv", rows), today=TODAY)
    assert [(r.source_row, r.field) for r in rep.rejected] == [(3, "距离")]
    assert "beyond the pipe's length 50 m" in rep.rejected[0].reason
    (insp,), defects = defects_of(store, P1)
    assert defects[insp["uid"]] == [("PL", 2, 40.0, None, None)]
    assert any("row 2" in w and "taken as its end" in w for w in rep.warnings)


def test_a_second_import_appends_nothing_and_update_replaces_the_defects(store, tmp_path):
    path = write_csv(tmp_path / "w.csv", [ZH, *WORKED])
    assert import_cctv(store, path, today=TODAY).inserted == {"inspection": 1, "pipe_defect": 3}
    (first,), _ = defects_of(store, P1)
    again = import_cctv(store, path, today=TODAY)
    assert not again.written and {r.source_row for r in again.rejected} == {2, 3, 4}
    assert "already" in again.rejected[0].reason
    fixed = write_csv(tmp_path / "w2.csv", [ZH, WORKED[0][:6] + ["2", "5", "", "另一公司", ""],
                                            WORKED[1][:9] + ["另一公司", ""]])
    rep = import_cctv(store, fixed, mode="update", today=TODAY)
    assert rep.written and rep.updated == {"inspection": 1} and rep.inserted == {"pipe_defect": 2}
    assert any("3 old defects deleted" in w for w in rep.warnings)
    (insp,), defects = defects_of(store, P1)
    assert insp["uid"] == first["uid"] and insp["inspector"] == "另一公司"
    assert defects[insp["uid"]] == [("PL", 2, 5.0, None, None), ("CK", 2, 15.0, None, None)]
    assert store.count("pipe_defect") == 2 and insp["grade"] == "II"


def test_rows_for_one_pipe_by_code_and_by_manholes_make_one_inspection(store, tmp_path):
    rows = [["管段编号", "起点井", "终点井", "检测日期", "缺陷代码", "等级", "距离"],
            ["GD0001", "", "", "2025-07-03", "PL", 3, 5],
            ["", "JC0001", "JC0002", "2025-07-03", "CK", 2, 15]]
    rep = import_cctv(store, write_csv(tmp_path / "mix.csv", rows), today=TODAY)
    assert rep.inserted == {"inspection": 1, "pipe_defect": 2}


def test_report_files(store, tmp_path):
    rep = import_cctv(store, write_csv(tmp_path / "bad.csv", BAD_SHEET), today=TODAY)
    out = rep.write(tmp_path / "report.csv")
    with open(out, encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == ["record", "source_row", "table", "field", "reason", "value"]
    kinds = [line[0] for line in lines]
    assert kinds.count("rejected") == 2 and kinds.count("inspection") == 1
    data = json.loads(open(rep.write(tmp_path / "report.json"), encoding="utf-8").read())
    assert data["inspections"][0]["pipe"] == "GD0001" and len(data["rejected"]) == 2


def test_unreadable_sources(store, tmp_path):
    with pytest.raises(ImportSourceError, match="no such file"):
        import_cctv(store, tmp_path / "missing.csv")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(ImportSourceError, match=".csv or .xlsx"):
        import_cctv(store, tmp_path / "x.json")
    with pytest.raises(ImportSourceError, match="lacks the column"):
        import_cctv(store, write_csv(tmp_path / "h.csv", [["管段编号", "缺陷代码"], ["GD0001", "PL"]]))


def test_defect_codes_repeat_within_a_sheet_and_across_imports(store, tmp_path):
    """A defect code is no key: two PL on one pipe, and PL again on another pipe later, all go in."""
    head = ["管段编号", "检测日期", "缺陷代码", "等级", "距离"]
    rows = [head, ["GD0001", "2025-07-03", "PL", 1, 3], ["GD0001", "2025-07-03", "PL", 2, 20]]
    assert import_cctv(store, write_csv(tmp_path / "a.csv", rows), today=TODAY).inserted == {
        "inspection": 1, "pipe_defect": 2}
    rep = import_cctv(store, write_csv(tmp_path / "b.csv", [head, ["GD0002", "2025-07-03", "PL", 1, 3]]),
                      today=TODAY)
    assert rep.rejected == [] and rep.inserted == {"inspection": 1, "pipe_defect": 1}


def test_the_shipped_template_imports(store):
    from pathlib import Path

    template = Path(S.__file__).resolve().parents[1] / "resources" / "templates" / "cctv_defects_template.csv"
    rep = import_cctv(store, template, today=TODAY)
    assert rep.rejected == [] and rep.encoding == "UTF-8" and rep.inserted == {"inspection": 1, "pipe_defect": 2}
    (insp,), defects = defects_of(store, P1)
    assert defects[insp["uid"]] == [("PL", 3, 5.0, None, "circumferential"), ("CJ", 2, 10.0, 16.0, None)]
    assert insp["inspector"] == "某某管道检测有限公司 张三" and insp["summary"] == "PL 5 m (0903); 照片 P001"


def test_a_bad_row_takes_out_the_same_pipe_and_day_named_another_way(store, tmp_path):
    rows = [["管段编号", "起点井", "终点井", "检测日期", "缺陷代码", "等级", "距离"],
            ["GD0001", "", "", "2025-07-03", "PL", 3, 5],
            ["", "JC0001", "JC0002", "2025-07-03", "CK", 9, 15],   # bad grade: GD0001's survey that day is incomplete
            ["GD0002", "", "", "2025-07-03", "SG", 1, 2]]
    rep = import_cctv(store, write_csv(tmp_path / "split.csv", rows), today=TODAY)
    by_row = {r.source_row: r.reason for r in rep.rejected}
    assert set(by_row) == {2, 3} and "1 to 4" in by_row[3]
    assert by_row[2] == "rejected with the inspection of GD0001 on 2025-07-03: row 3 cannot be imported"
    assert defects_of(store, P1)[0] == [] and rep.inserted == {"inspection": 1, "pipe_defect": 1}


def test_cancel_writes_nothing(store, tmp_path):
    from safe_municipal.layers.importer import ImportCancelled

    class Cancelled:
        def isCanceled(self):  # noqa: N802 - QgsFeedback's API
            return True

        def setProgress(self, p):  # noqa: N802
            pass

    before = dump(store)
    with pytest.raises(ImportCancelled):
        import_cctv(store, write_csv(tmp_path / "c.csv", [ZH, *WORKED]), feedback=Cancelled(), today=TODAY)
    assert dump(store) == before


@pytest.mark.parametrize("strict", [True, False])
def test_a_row_the_engine_refuses_at_write_time_rolls_back_its_inspection(store, tmp_path, strict):
    """write_candidates refusing a row (here: an inspection uid the store has) undoes the transaction,
    the replaced defects included; without strict the other inspections are written again."""
    from safe_municipal.core import cctv_sheet as C
    from safe_municipal.layers.cctv_import import CctvImportReport, _Plan

    import_cctv(store, write_csv(tmp_path / "w.csv", [ZH, *WORKED]), today=TODAY)
    (taken,), _ = defects_of(store, P1)
    before = dump(store)
    rows, _, _ = read_sheet(write_csv(tmp_path / "u.csv", [ZH, WORKED[0], [9, "GD0002", "", "", "2025-07-03", "树根",
                                                                            "1", "2", "", "", ""]]))
    report = CctvImportReport(strict=strict, mode="update")
    plan = _Plan(store, C.parse_sheet(rows, TODAY), report, "update", TODAY)
    plan.build()
    second = next(i for i in plan.items if i["pipe"]["code"] == "GD0002")
    second["uid"] = second["inspection"]["uid"] = taken["uid"]
    for _, rec in second["defects"]:
        rec["inspection_uid"] = taken["uid"]
    plan.write(strict, None)
    assert {r.source_row for r in report.rejected} == {3}, report.rejected
    assert "already in the store" in report.rejected[0].reason
    if strict:
        assert not report.written and dump(store) == before
    else:
        assert report.written and report.updated == {"inspection": 1}
        (insp,), defects = defects_of(store, P1)
        assert defects[insp["uid"]] == [("PL", 3, 5.0, None, "circumferential")]
        assert defects_of(store, P2)[0] == []
