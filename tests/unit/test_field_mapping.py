"""Guessing a survey file's field map and normalising its values (imports, issue 7)."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core import field_mapping as F
from safe_municipal.core import schema as S


def test_chinese_surveyor_pipe_fields():
    fields = ["管线编号", "管径(mm)", "材质", "类别", "起点埋深", "终点埋深", "所在道路", "权属单位", "建设年代",
              "长度", "备注", "FID"]
    assert F.guess_field_map("drain_pipe", fields) == {
        "code": "管线编号", "diameter_mm": "管径(mm)", "material": "材质", "usage": "类别",
        "up_invert_depth_m": "起点埋深", "down_invert_depth_m": "终点埋深", "maintenance_unit": "权属单位",
        "built_year": "建设年代", "length_m": "长度", "notes": "备注"}


def test_english_and_abbreviated_fields():
    assert F.guess_field_map("drain_pipe", ["ID", "NAME", "Diameter", "MATERIAL", "Shape_Leng"]) == {
        "code": "ID", "name": "NAME", "diameter_mm": "Diameter", "material": "MATERIAL", "length_m": "Shape_Leng"}
    assert F.guess_field_map("drain_pipe", ["GXBH", "GJ", "CZ", "QDMS", "ZDMS"]) == {
        "code": "GXBH", "diameter_mm": "GJ", "material": "CZ", "up_invert_depth_m": "QDMS",
        "down_invert_depth_m": "ZDMS"}
    # full-width letters and the schema's own names
    assert F.guess_field_map("road", ["ｃｏｄｅ", "road_class", "车道数", "路面类型"]) == {
        "code": "ｃｏｄｅ", "road_class": "road_class", "lanes": "车道数", "pavement_type": "路面类型"}


def test_a_source_field_feeds_one_schema_field_and_derived_fields_are_never_guessed():
    m = F.guess_field_map("manhole", ["类别", "grade", "next_due", "uid", "井盖类型"])
    assert m == {"usage": "类别", "cover_type": "井盖类型"}
    with pytest.raises(ValueError, match="kind"):
        F.guess_field_map("pipe", ["code"])


@pytest.mark.parametrize("list_field, raw, code", [
    ("material", "钢筋混凝土", "concrete"), ("material", "砼", "concrete"), ("material", "HDPE", "hdpe"),
    ("material", " Reinforced concrete ", "concrete"), ("material", "球墨铸铁", "ductile_iron"),
    ("usage", "雨水", "storm"), ("usage", "污水", "sewage"), ("usage", "Combined (合流)", "combined"),
    ("usage", "合流", "combined"),
])
def test_pipe_value_lists(list_field, raw, code):
    assert F.normalise_value("drain_pipe", list_field, raw) == code


def test_other_value_lists_and_unknown_values():
    assert F.normalise_value("road", "road_class", "主干路") == "arterial"
    assert F.normalise_value("bridge", "bridge_type", "斜拉桥") == "cable_stayed"
    assert F.normalise_value("manhole", "cover_type", "宽边防沉降") == "wide_rim_anti_settlement"
    assert F.normalise_value("drain_pipe", "material", "陶土管") == "陶土管"  # unknown: validation names it


@pytest.mark.parametrize("raw, expected", [
    ("DN600", 600), ("600mm", 600), ("６００", 600), (600.0, 600), ("1,200", 1200), ("", None), (None, None),
])
def test_diameters(raw, expected):
    assert F.normalise_value("drain_pipe", "diameter_mm", raw) == expected


def test_numbers_years_and_bad_numbers():
    assert F.normalise_value("drain_pipe", "length_m", "35.5米") == 35.5
    assert F.normalise_value("drain_pipe", "built_year", "2003年") == 2003
    assert F.normalise_value("drain_pipe", "built_year", "2003-06-01") == 2003
    assert F.normalise_value("drain_pipe", "built_year", dt.date(1998, 1, 1)) == 1998
    assert F.normalise_value("drain_pipe", "diameter_mm", "大约六百") == "大约六百"  # validation names it
    assert F.normalise_value("drain_pipe", "diameter_mm", "300x400") == "300x400"  # two numbers: ambiguous
    with pytest.raises(ValueError):
        F.number_of(True)


def test_map_row():
    m = F.guess_field_map("drain_pipe", ["编号", "管径", "材质"])
    assert F.map_row("drain_pipe", m, {"编号": " YS-001 ", "管径": "DN400", "材质": "PVC"}) == {
        "code": "YS-001", "diameter_mm": 400, "material": "pvc"}


def test_detect_encoding():
    gbk = ["中山路雨水管".encode("gbk"), "钢筋混凝土".encode("gbk"), b"YS-001"]
    assert F.detect_encoding(gbk) == "GB18030"
    assert F.detect_encoding(["中山路".encode(), b"abc"]) == "UTF-8"
    assert F.detect_encoding([b"plain ascii", b""]) == "UTF-8"
    assert F.detect_encoding([b"\xff\xfe\xff"]) == "ISO-8859-1"
    assert F.detect_encoding(["一".encode("gbk")]) == "GB18030"  # D2 BB: valid UTF-8 too (Cyrillic)
    assert F.detect_encoding(["路".encode("gbk")]) == "GB18030"  # C2 B7: UTF-8 "·"
    assert F.detect_encoding(["猫".encode("gbk")]) == "GB18030"  # C3 A8: UTF-8 "è"
    assert F.detect_encoding(["Müller 中山路".encode()]) == "UTF-8"  # Chinese in the UTF-8 reading
    assert F.detect_encoding(["Ünïcödé".encode()]) == "GB18030"  # the documented trade-off


@given(st.lists(st.text(alphabet="中山路雨水管网钢筋混凝土东西南北一二三", min_size=1, max_size=12), min_size=1,
                max_size=8))
def test_chinese_text_in_gbk_is_taken_for_gb18030(texts):
    assert F.detect_encoding([t.encode("gbk") for t in texts]) == "GB18030"


def test_every_facility_kind_has_its_own_names_recognised():
    for kind in S.FACILITY_KINDS:
        names = [f.name for f in S.table(kind).fields if f.name not in ("uid", "grade", "grade_standard",
                 "last_inspected", "next_due", "recommended_action", "recommended_category")]
        assert F.guess_field_map(kind, names) == {n: n for n in names}, kind


@given(st.lists(st.text(alphabet="中山路雨水管网钢筋混凝土东西南北一二三ABC- 0123", min_size=1, max_size=12), min_size=1,
                max_size=8))
def test_chinese_text_in_utf8_is_taken_for_utf8(texts):
    assert F.detect_encoding([t.encode("utf-8") for t in texts]) == "UTF-8"


def test_schema_names_and_cut_shapefile_names():
    fields = ["uid", "code", "grade", "next_due", "recommende", "recommen_1", "up_invert_", "down_inver", "maintenanc"]
    assert "uid" not in F.guess_field_map("drain_pipe", fields)  # keys are not guessed by default
    m = F.guess_field_map("drain_pipe", fields, schema_names=True, truncated_at=F.DBF_NAME_LENGTH)
    assert m["uid"] == "uid" and m["grade"] == "grade" and m["next_due"] == "next_due"
    assert m["recommended_action"] == "recommende" and "recommended_category" not in m  # recommen_1: no prefix
    assert m["up_invert_depth_m"] == "up_invert_" and m["down_invert_depth_m"] == "down_inver"
    assert m["maintenance_unit"] == "maintenanc"
    # an exact synonym wins over a cut name
    assert F.guess_field_map("drain_pipe", ["养护单位", "maintenanc"], truncated_at=10)["maintenance_unit"] == "养护单位"


@pytest.mark.parametrize("columns, expected", [
    (["编号", "经度", "纬度"], {"x": "经度", "y": "纬度"}),
    (["ID", "Lon", "LAT"], {"x": "Lon", "y": "LAT"}),
    (["井号", "X坐标", "Y坐标(m)"], {"x": "X坐标"}),  # Y坐标(m) is no known name: no pair
    (["name", "X", "Y"], {"x": "X", "y": "Y"}),
    (["name", "WKT"], {"wkt": "WKT"}),
    (["name", "the_geom", "x"], {"wkt": "the_geom"}),
    (["名称", "管径"], {}),
])
def test_coordinate_columns(columns, expected):
    got = F.coordinate_columns(columns)
    assert got == (expected if "y" in expected or "wkt" in expected or not expected else {})


def test_guess_encoding_tolerates_a_few_broken_values():
    gbk = ["中山路".encode("gbk"), "钢筋混凝土".encode("gbk"), b"\xff\xfe broken", b"ascii"]
    assert F.detect_encoding(gbk) == "ISO-8859-1"  # the whole text decodes in neither
    assert F.guess_encoding(gbk) == "GB18030"  # most values do in GB18030
    utf8 = ["中山路".encode(), "解放路".encode(), b"\xd6\xd0"]  # one GBK value among UTF-8 ones
    assert F.guess_encoding(utf8) == "UTF-8"
    assert F.guess_encoding([b"plain", b""]) == "UTF-8"
    assert F.guess_encoding([b"\xff\xff", b"\x80"]) == "ISO-8859-1"
    assert F.guess_encoding(["一".encode("gbk")]) == "GB18030"  # ties decided as detect_encoding does


@pytest.mark.parametrize("kind, field, raw, expected", [
    ("drain_pipe", "code", 1001, "1001"), ("drain_pipe", "code", 1001.0, "1001"), ("drain_pipe", "code", 10.5, "10.5"),
    ("drain_pipe", "name", dt.date(2024, 3, 1), "2024-03-01"),
    ("manhole", "anti_settlement", "是", True), ("manhole", "anti_settlement", "否", False),
    ("manhole", "anti_settlement", "YES", True), ("manhole", "anti_settlement", "n", False),
    ("manhole", "anti_settlement", 1, True), ("manhole", "anti_settlement", 0.0, False),
    ("manhole", "anti_settlement", "maybe", "maybe"), ("manhole", "anti_settlement", 2, 2),
    ("manhole", "cover_replaced_on", "2024/3/1", "2024-03-01"), ("manhole", "cover_replaced_on", "2024.03.01", "2024-03-01"),
    ("manhole", "cover_replaced_on", "2024年3月1日", "2024-03-01"), ("manhole", "cover_replaced_on", "2024-02-30", "2024-02-30"),
    ("manhole", "cover_replaced_on", dt.datetime(2024, 3, 1, 8, 30), "2024-03-01"),
    ("manhole", "cover_replaced_on", "2024/3/1 08:30", "2024-03-01"),
    ("drain_pipe", "diameter_mm", float("nan"), float("nan")), ("drain_pipe", "diameter_mm", "1e5", "1e5"),
])
def test_more_values(kind, field, raw, expected):
    got = F.normalise_value(kind, field, raw)
    if isinstance(expected, float) and expected != expected:
        assert got != got
    else:
        assert got == expected and type(got) is type(expected)
