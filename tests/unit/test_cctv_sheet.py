"""CCTV defect sheets (core.cctv_sheet; issue 7): headers, codes, grades, dates, positions, groups."""
import datetime as dt

import pytest

from safe_municipal.core import cctv_sheet as C
from safe_municipal.core import schema as S

TODAY = dt.date(2026, 1, 15)


def sheet(*rows, start=1):
    return C.parse_sheet([(start + i, list(r)) for i, r in enumerate(rows)], TODAY)


# --------------------------------------------------------------------------- headers
ZH = ["序号", "管段编号", "起点井", "终点井", "检测日期", "缺陷代码", "缺陷名称", "缺陷等级", "起点距离(m)", "终点距离（m）",
      "环向位置", "检测单位", "检测人", "备注"]
EN = ["No.", "Pipe ID", "Up manhole", "Down manhole", "Date", "Defect code", "Defect name", "Grade", "Distance (m)",
      "End", "Clock", "Inspector", "Remarks"]


def test_chinese_headers():
    roles, ignored = C.recognise(ZH)
    assert {r: [ZH[i] for i in idx] for r, idx in roles.items()} == {
        "pipe_code": ["管段编号"], "up_manhole": ["起点井"], "down_manhole": ["终点井"], "date": ["检测日期"],
        "code": ["缺陷代码"], "defect_name": ["缺陷名称"], "grade": ["缺陷等级"], "start": ["起点距离(m)"],
        "end": ["终点距离（m）"], "clock": ["环向位置"], "inspector": ["检测单位", "检测人"], "remarks": ["备注"]}
    assert [ZH[i] for i in ignored] == ["序号"]


def test_english_headers():
    roles, ignored = C.recognise(EN)
    assert {r: [EN[i] for i in idx] for r, idx in roles.items()} == {
        "pipe_code": ["Pipe ID"], "up_manhole": ["Up manhole"], "down_manhole": ["Down manhole"], "date": ["Date"],
        "code": ["Defect code"], "defect_name": ["Defect name"], "grade": ["Grade"], "start": ["Distance (m)"],
        "end": ["End"], "clock": ["Clock"], "inspector": ["Inspector"], "remarks": ["Remarks"]}
    assert [EN[i] for i in ignored] == ["No."]


@pytest.mark.parametrize("header, role", [
    ("管道编号", "pipe_code"), ("pipe_code", "pipe_code"), ("PIPE CODE", "pipe_code"), ("上游井", "up_manhole"),
    ("起始井号", "up_manhole"), ("下游井", "down_manhole"), ("终止井号", "down_manhole"), ("日期", "date"),
    ("等级", "grade"), ("位置", "start"), ("距离", "start"), ("position", "start"), ("时钟表示", "clock"),
    ("检测人", "inspector"), ("终点距离", "end"), ("ｄａｔｅ", "date"), ("缺陷名称", "defect_name"),
])
def test_header_synonyms(header, role):
    roles, _ = C.recognise([header])
    assert list(roles) == [role]


def test_title_rows_above_the_header_are_skipped():
    s = sheet(["某路排水管道CCTV检测缺陷统计表"], [], ["管段编号", "检测日期", "缺陷代码", "等级", "距离"],
              ["GD0001", "2025-07-03", "PL", 3, 5])
    assert s.header_row == 3 and s.rows_read == 1
    assert s.groups[0].defects[0].row == 4


def test_a_sheet_without_the_needed_columns_is_refused_naming_them():
    with pytest.raises(C.SheetError, match="检测日期") as e:
        sheet(["管段编号", "缺陷代码", "等级"], ["GD0001", "PL", 3])
    assert e.value.problem.template
    with pytest.raises(C.SheetError, match="起点井"):  # one manhole column is not enough
        sheet(["起点井", "检测日期", "缺陷代码"], ["JC1", "2025-07-03", "PL"])
    with pytest.raises(C.SheetError, match="no header row"):
        sheet(["a", "b"], [1, 2])


# --------------------------------------------------------------------------- codes
@pytest.mark.parametrize("text, code", [
    ("PL", "PL"), ("pl", "PL"), (" PL ", "PL"), ("PL破裂", "PL"), ("破裂(PL)", "PL"), ("破裂（PL）", "PL"),
    ("破裂", "PL"), ("变形", "BX"), ("腐蚀", "FS"), ("错口", "CK"), ("起伏", "QF"), ("脱节", "TJ"),
    ("接口材料脱落", "TL"), ("支管暗接", "AJ"), ("异物穿入", "CR"), ("渗漏", "SL"), ("沉积", "CJ"), ("结垢", "JG"),
    ("障碍物", "ZW"), ("残墙坝根", "CQ"), ("树根", "SG"), ("浮渣", "FZ"), ("Rupture", "PL"), ("deposits", "CJ"),
    ("Joint material loss", "TL"), ("roots", "SG"), ("ＰＬ", "PL"),
])
def test_codes_by_code_and_by_name(text, code):
    assert C.parse_code(text) == code


def test_every_value_list_code_is_read_by_its_chinese_name():
    for c in S.VALUE_LISTS["cctv_code"]:
        chinese = c.label.split("(")[-1].rstrip(")")
        assert C.parse_code(chinese) == c.value


@pytest.mark.parametrize("text", [None, "", "  ", "无", "无缺陷", "未见缺陷", "正常", "none", "No defect", "/"])
def test_no_defect(text):
    assert C.parse_code(text) is None


@pytest.mark.parametrize("text, match", [("XX", "not a CJJ 181 defect code"), ("裂开了", "not a CJJ 181"),
                                         ("PL变形", "more than one"), ("破裂、变形", "more than one")])
def test_unknown_or_ambiguous_codes(text, match):
    with pytest.raises(ValueError, match=match) as e:
        C.parse_code(text)
    assert e.value.args[0].template


# --------------------------------------------------------------------------- grades
@pytest.mark.parametrize("value, grade", [
    (1, 1), (4, 4), (3.0, 3), ("2", 2), ("2.0", 2), ("3级", 3), ("3 级", 3), ("三级", 3), ("四级", 4), ("一", 1),
    ("Ⅰ", 1), ("Ⅱ", 2), ("Ⅲ", 3), ("Ⅳ", 4), ("Ⅳ级", 4), ("iv", 4), ("II", 2), ("grade 3", 3), ("３", 3),
])
def test_grades_in_every_form(value, grade):
    assert C.parse_grade(value, "PL") == grade


@pytest.mark.parametrize("value, code, match", [
    (5, "PL", "1 to 4"), (0, "PL", "1 to 4"), ("五级", "PL", "1 to 4"), ("Ⅴ", "PL", "1 to 4"),
    ("2.5", "PL", "whole number"), ("bad", "PL", "not a defect grade"), ("", "PL", "required"),
    (3, "TL", "TL has grades 1 to 2"), (4, "FS", "FS has grades 1 to 3"), (4, "AJ", "1 to 3"), (4, "CR", "1 to 3"),
])
def test_bad_grades(value, code, match):
    with pytest.raises(ValueError, match=match):
        C.parse_grade(value, code)


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize("value", ["2025-07-03", "2025/7/3", "2025/07/03", "2025.07.03", "2025.7.3", "20250703",
                                   "2025年7月3日", "2025/07/03 10:30:00", "2025-07-03T08:00", 45841, 45841.4,
                                   "45841", dt.date(2025, 7, 3), dt.datetime(2025, 7, 3, 9, 0), 20250703])
def test_dates(value):
    assert C.parse_date(value, TODAY) == dt.date(2025, 7, 3)


def test_excel_serials():
    assert C.excel_serial_date(1) == dt.date(1900, 1, 1)
    assert C.excel_serial_date(59) == dt.date(1900, 2, 28)
    assert C.excel_serial_date(61) == dt.date(1900, 3, 1)  # Excel's 60 is the 29 February 1900 it invents
    assert C.excel_serial_date(45658) == dt.date(2025, 1, 1)


@pytest.mark.parametrize("value, match", [("2025-02-30", "not a real date"), ("2026-02-01", "in the future"),
                                          ("03/07/2025", "not a date"), ("yesterday", "not a date"),
                                          ("12", "before 1960"), ("", "required"), (None, "required")])
def test_bad_dates(value, match):
    with pytest.raises(ValueError, match=match):
        C.parse_date(value, TODAY)


# --------------------------------------------------------------------------- positions and clocks
@pytest.mark.parametrize("value, expected", [
    (12.5, (12.5, None)), (0, (0.0, None)), ("12.5", (12.5, None)), ("12.5m", (12.5, None)),
    ("12.5 m", (12.5, None)), ("12.5米", (12.5, None)), ("12.5~13.0", (12.5, 13.0)), ("12.5-13.0", (12.5, 13.0)),
    ("12.5m～13.0m", (12.5, 13.0)), ("12.5 — 13", (12.5, 13.0)), ("12.5至13", (12.5, 13.0)), ("", (None, None)),
    (None, (None, None)), ("1,012.5", (1012.5, None)),
])
def test_positions(value, expected):
    assert C.parse_position(value) == expected


@pytest.mark.parametrize("value, match", [("-3", "negative"), (-0.5, "negative"), ("5~-1", "negative"),
                                          ("13~12.5", "before its start"), ("about 5", "not a distance"),
                                          ("5m 6m", "not a distance")])
def test_bad_positions(value, match):
    with pytest.raises(ValueError, match=match):
        C.parse_position(value)


@pytest.mark.parametrize("value, clock", [("3", "03"), ("03", "03"), (3, "03"), ("0903", "0903"), (903, "0903"),
                                          ("09-03", "0903"), ("9~3", "0903"), ("9点至3点", "0903"), ("0", "12"),
                                          ("1212", "12"), ("", None)])
def test_clock_positions(value, clock):
    assert C.parse_clock(value) == clock


@pytest.mark.parametrize("value", ["13", "1315", "上部", "1:00-3:00"])
def test_bad_clock_positions(value):
    with pytest.raises(ValueError, match="clock position"):
        C.parse_clock(value)


def test_orientation_rule():
    assert C.orientation_of("PL", 5, None, "0903") == "circumferential"  # a span around the ring
    assert C.orientation_of("PL", 5, 8, "12") == "longitudinal"  # runs 3 m along the pipe
    assert C.orientation_of("SL", 5, 5.8, "0903") == "circumferential"  # within the 1 m of a local defect
    assert C.orientation_of("FS", 5, None, "03") is None  # one clock position says nothing
    assert C.orientation_of("FS", 5, None, None) is None
    assert C.orientation_of("CK", 5, 9, "0903") is None  # not an oriented code: extent by the code
    assert C.orientation_of("PL", 5, 9, "0903", given="circumferential") == "circumferential"  # a column wins
    assert C.parse_orientation("纵向") == "longitudinal" and C.parse_orientation("环向") == "circumferential"
    with pytest.raises(ValueError, match="not an orientation"):
        C.parse_orientation("斜向")


def test_lengths_tolerance_and_reversal():
    d = C.Defect(2, "PL", 3, 40.5, None)
    assert C.fit_to_length(d, 40.0) == (40.0, None, True)  # within max(1 m, 5 %)
    assert C.fit_to_length(C.Defect(2, "CJ", 2, 5, 11), 40.0) == (5, 11, False)
    with pytest.raises(ValueError, match="beyond the pipe's length 40 m"):
        C.fit_to_length(C.Defect(2, "CJ", 2, 5, 43), 40.0)
    assert C.tolerance(100) == 5.0 and C.tolerance(10) == 1.0
    r = C.reversed_on(C.Defect(2, "CJ", 2, 5, 11, "longitudinal", "12"), 40.0)
    assert (r.start_m, r.end_m, r.orientation, r.clock) == (29.0, 35.0, "longitudinal", "12")
    assert C.reversed_on(C.Defect(2, "PL", 3, 40.0, None), 40.0).start_m == 0.0


# --------------------------------------------------------------------------- rows into groups
def test_rows_group_per_pipe_and_date():
    s = sheet(["管段编号", "检测日期", "缺陷名称", "等级", "距离", "环向位置", "检测人", "备注"],
              ["GD0001", "2025-07-03", "破裂", "Ⅲ", "5", "0903", "张三", "照片1"],
              ["GD0001", "2025/7/3", "错口", "2级", "15", "", "张三", ""],
              ["GD0001", "2025/8/1", "渗漏", "1", "25", "", "李四", ""],
              ["GD0002", "20250703", "无缺陷", "", "", "", "张三", "管道完好"],
              [None, None, None, None, None, None, None, None])
    assert s.rows_read == 4 and not s.problems
    assert [(g.pipe_label, g.date, g.rows) for g in s.groups] == [
        ("GD0001", "2025-07-03", [2, 3]), ("GD0001", "2025-08-01", [4]), ("GD0002", "2025-07-03", [5])]
    first = s.groups[0]
    assert [d.as_record() for d in first.defects] == [
        dict(code="PL", grade=3, start_m=5.0, end_m=None, orientation="circumferential"),
        dict(code="CK", grade=2, start_m=15.0, end_m=None, orientation=None)]
    assert first.inspector == "张三" and first.summary() == "PL 5 m (0903); 照片1"
    assert s.groups[2].defects == [] and s.groups[2].summary() == "管道完好"  # a clean pipe is a result


def test_manhole_pairs_and_merged_cells():
    s = sheet(["起点井", "终点井", "检测日期", "缺陷代码", "等级", "位置"],
              ["JC0001", "JC0002", "2025-07-03", "PL", 2, "3~4.5"],
              ["", "", "", "CJ", 1, "10~16"],  # merged cells: the pipe and date above continue
              ["JC0002", "JC0003", "", "SG", 1, 2])
    assert [(g.pipe_label, g.date, g.rows) for g in s.groups] == [("JC0001→JC0002", "2025-07-03", [2, 3])]
    assert [(p.row, p.column) for p in s.problems] == [(4, "检测日期")]
    assert [(d.start_m, d.end_m, d.orientation) for d in s.groups[0].defects] == [(3.0, 4.5, "longitudinal"),
                                                                                 (10.0, 16.0, None)]


def test_row_problems_name_the_row_and_column():
    s = sheet(["管段编号", "检测日期", "缺陷代码", "等级", "起点距离", "终点距离", "时钟"],
              ["GD0001", "2025-07-03", "XX", 2, 5, "", ""],
              ["GD0001", "2025-07-03", "PL", 5, 5, "", ""],
              ["GD0002", "2025-13-03", "PL", 2, 5, "", ""],
              ["GD0003", "2025-07-03", "PL", 2, -1, "", ""],
              ["GD0003", "2025-07-03", "CJ", 2, 8, 6, ""],
              ["GD0003", "2025-07-03", "PL", 2, "", "", ""],
              ["GD0004", "2025-07-03", "PL", 2, 4, "", "15"],
              ["", "2025-07-03", "PL", 2, 4, "", ""],
              start=1)
    found = {(p.row, p.column): str(p.reason) for p in s.problems}
    assert set(found) == {(2, "缺陷代码"), (3, "等级"), (4, "检测日期"), (5, "起点距离"), (6, "终点距离"),
                          (7, "起点距离"), (8, "时钟")}
    assert "not a CJJ 181 defect code" in found[(2, "缺陷代码")] and "1 to 4" in found[(3, "等级")]
    assert "negative" in found[(5, "起点距离")] and "before the start" in found[(6, "终点距离")]
    assert "required" in found[(7, "起点距离")]
    assert s.bad_rows() == {2, 3, 4, 5, 6, 7, 8}
    # the row without a pipe continues GD0004 above it (merged cells)
    assert [g.rows for g in s.groups if g.pipe_code == "GD0004"] == [[8, 9]]
    assert all(p.reason.template for p in s.problems)


def test_first_row_without_a_pipe_is_a_problem():
    s = sheet(["管段编号", "起点井", "终点井", "检测日期", "缺陷代码", "等级", "距离"],
              ["", "JC1", "", "2025-07-03", "PL", 2, 4])
    assert [(p.row, p.column) for p in s.problems] == [(2, "终点井")] and s.groups == []
