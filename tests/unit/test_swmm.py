"""SWMM 5 reader and mapping (core.swmm, core.swmm_rows): real EPA example files and small handwritten
edge cases. Pure Python."""
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core import swmm as W
from safe_municipal.core.swmm_rows import NodeRef, Square, model_to_rows, storage_type

DATA = Path(__file__).resolve().parents[1] / "data" / "swmm"
FT = 0.3048


def rows_by_code(mapped, table):
    return {r.row["code"]: r.row for r in mapped.of(table)}


# --------------------------------------------------------------------------- real files
def test_example1_us_units():
    m = W.read_inp(DATA / "Example1.inp")
    assert m.flow_units == "CFS" and m.us_units and m.length_factor == FT and m.link_offsets == "DEPTH"
    assert len(m.nodes_of("junction")) == 13 and len(m.nodes_of("outfall")) == 1 and len(m.conduits) == 13
    assert m.title.startswith("Example 1")
    r = model_to_rows(m)
    assert (len(r.of("manhole")), len(r.of("drain_pipe")), len(r.of("outfall")), len(r.of("storage_facility"))) \
        == (13, 13, 1, 0)
    assert r.rejected == [] and r.warnings == [] and r.not_imported == {"SUBCATCHMENTS": 8}
    pipes = rows_by_code(r, "drain_pipe")
    p1 = pipes["1"]  # 9 -> 10, 400 ft, CIRCULAR 1.5 ft
    assert p1["length_m"] == 121.92 and p1["diameter_mm"] == 457  # 457.2 mm
    assert p1["usage"] == "storm"
    assert p1["up_manhole_uid"] == NodeRef("manhole", "9") and p1["down_manhole_uid"] == NodeRef("manhole", "10")
    assert p1["up_invert_depth_m"] == 0.914 and p1["down_invert_depth_m"] == 0.914  # 3 ft junctions
    assert p1["geom"] == ("LineString", [(4042.11, 9600.0), (4105.26, 6947.37)])
    # conduit 10 runs to the outfall through a vertex
    p10 = pipes["10"]
    assert p10["geom"] == ("LineString", [(6252.63, 2147.37), (6673.68, 1368.42), (6631.58, 505.26)])
    assert p10["diameter_mm"] == 610 and p10["down_manhole_uid"] is None and "down_invert_depth_m" not in p10
    assert p10["up_invert_depth_m"] == 0.914
    # conduit 6: OutOffset 1 ft at junction 21 (3 ft deep): invert 2 ft below the rim
    assert pipes["6"]["down_invert_depth_m"] == round(2 * FT, 3) == 0.61
    mh = rows_by_code(r, "manhole")
    assert mh["9"]["depth_m"] == 0.914 and mh["9"]["geom"] == ("Point", (4042.11, 9600.0))
    assert "invert elevation 304.8 m" in mh["9"]["notes"] and "rim elevation 305.714 m" in mh["9"]["notes"]
    out = rows_by_code(r, "outfall")["18"]
    assert out == {"code": "18", "usage": "storm", "geom": ("Point", (6631.58, 505.26)), "outfall_type": "free",
                   "invert_elevation_m": round(975 * FT, 3), "flap_gate": False, "notes": "SWMM outfall 18: FREE"}


def test_example1_metric_same_network_in_metres():
    m = W.read_inp(DATA / "test_ex1_metric.inp")
    assert m.flow_units == "CMS" and not m.us_units and m.length_factor == 1.0
    r = model_to_rows(m, usage="combined")
    pipes = rows_by_code(r, "drain_pipe")
    assert len(pipes) == 13 and len(r.of("manhole")) == 13 and len(r.of("outfall")) == 1 and r.rejected == []
    assert pipes["1"]["diameter_mm"] == 1500 and pipes["1"]["length_m"] == 400.0
    assert pipes["1"]["usage"] == "combined"
    assert pipes["6"]["down_invert_depth_m"] == 2.0 and pipes["6"]["up_invert_depth_m"] == 3.0
    assert pipes["10"]["geom"][1][1] == (6673.68, 1368.42)
    assert rows_by_code(r, "manhole")["9"]["depth_m"] == 3.0
    assert rows_by_code(r, "outfall")["18"]["invert_elevation_m"] == 975.0


def test_example6_tabular_storage_barrels_and_raised_depth():
    m = W.read_inp(DATA / "Example6.inp")
    r = model_to_rows(m)
    assert r.not_imported == {"WEIRS": 1} and r.rejected == []
    assert (len(r.of("manhole")), len(r.of("drain_pipe")), len(r.of("outfall")), len(r.of("storage_facility"))) \
        == (1, 2, 1, 1)
    # storage curve 0/0 2/9583 4/33977 6/72310 8/136778 (ft, ft²), full depth 9 ft: the last segment extended
    st = rows_by_code(r, "storage_facility")["Inlet"]
    v_ft3 = 9583 + 43560 + 106287 + 209088 + (136778 + 169012) / 2
    assert st["capacity_m3"] == round(v_ft3 * FT ** 3, 2) == 14764.77
    assert isinstance(st["geom"], Square) and st["geom"].side_m == round(math.sqrt(169012) * FT, 3)
    assert (st["geom"].x, st["geom"].y) == (1628.472, 6476.537) and st["storage_type"] == "pond"
    assert "TABULAR StorageCurve" in st["notes"]
    # junction Outlet has MaxDepth 0: SWMM raises it to the channel's crown (9 ft)
    mh = rows_by_code(r, "manhole")["Outlet"]
    assert mh["depth_m"] == round(9 * FT, 3) and "raised to the crown of conduit Channel" in mh["notes"]
    pipes = rows_by_code(r, "drain_pipe")
    culvert = pipes["Culvert"]  # storage Inlet -> junction Outlet, 2 barrels of 3 ft
    assert culvert["diameter_mm"] == 914 and culvert["length_m"] == 60.96 and "2 barrels" in culvert["notes"]
    assert culvert["up_manhole_uid"] is None and "up_invert_depth_m" not in culvert
    assert culvert["down_manhole_uid"] == NodeRef("manhole", "Outlet") and culvert["down_invert_depth_m"] == 2.743
    channel = pipes["Channel"]  # TRAPEZOIDAL 9 ft high, 10 ft bottom, slopes 2:1: hydraulic diameter
    dh_ft = 4 * (10 + 2 * 9) * 9 / (10 + 2 * 9 * math.sqrt(5))
    assert channel["diameter_mm"] == round(dh_ft * FT * 1000) == 6114  # above 6000: the store refuses it
    assert "TRAPEZOIDAL" in channel["notes"] and "hydraulic diameter" in channel["notes"]
    tail = rows_by_code(r, "outfall")["TailWater"]
    assert tail["outfall_type"] == "submerged" and tail["invert_elevation_m"] == 261.518
    assert tail["notes"] == "SWMM outfall TailWater: FIXED 859.5"


def test_gate_control_elevation_offsets_and_functional_storage():
    m = W.read_inp(DATA / "gate_control_2.inp")
    assert m.link_offsets == "ELEVATION" and m.map_units == "FEET"
    r = model_to_rows(m)
    assert (len(r.of("manhole")), len(r.of("drain_pipe")), len(r.of("outfall")), len(r.of("storage_facility"))) \
        == (110, 113, 1, 4)
    assert r.rejected == [] and r.not_imported == {"ORIFICES": 1}
    # offsets are elevations: every one at a junction equals its invert (read as depths, -40.1 would warn)
    assert r.warnings == []
    from safe_municipal.core.swmm_rows import offset_height
    assert offset_height(m, "BALLARD_DS", 0.0) == (70.0, None)  # C1 leaves the -70 ft shaft at elevation 0
    pipes = rows_by_code(r, "drain_pipe")
    c = pipes["C1_1"]  # storage 11thNWdrop -> J1 (invert -40.1, 18 ft), 18 ft pipe
    assert c["diameter_mm"] == 5486 and c["length_m"] == round(120.257 * FT, 3)
    assert c["up_manhole_uid"] is None and c["down_invert_depth_m"] == round(18 * FT, 3)
    st = rows_by_code(r, "storage_facility")
    # FUNCTIONAL 0 0 1075: a constant 1075 ft² over 69.09 ft
    assert st["11thNWdrop"]["capacity_m3"] == round(1075 * 69.09 * FT ** 3, 2)
    assert st["11thNWdrop"]["storage_type"] == "tank" and st["East_Portal"]["storage_type"] == "pond"


# --------------------------------------------------------------------------- handwritten edge cases
HEAD = "[TITLE]\nsmall\n\n[OPTIONS]\nFLOW_UNITS {units}\nLINK_OFFSETS {offsets}\n"


def model(body: str, units="CMS", offsets="DEPTH"):
    return W.parse_inp(HEAD.format(units=units, offsets=offsets) + body, source="t.inp")


TWO_NODES = """
[junctions]
;;Name Elev MaxDepth
A\t100\t5\t0 0 0 ; upstream
"B 2"  99  4
[CONDUITS]
P1 A "B 2" 50 0.013 {inoff} {outoff}
[XSECTIONS]
P1 CIRCULAR 0.5 0 0 0 1
[Coordinates]
A 10 20
"B 2" 60 20
"""


def test_tolerant_format_quotes_tabs_case_and_comments():
    m = model(TWO_NODES.format(inoff=0, outoff=0))
    assert set(m.nodes) == {"A", "B 2"} and m.nodes["A"].max_depth == 5.0
    assert m.coordinates["B 2"] == (60.0, 20.0)
    r = model_to_rows(m, usage="sewage")
    p = rows_by_code(r, "drain_pipe")["P1"]
    assert p["diameter_mm"] == 500 and p["length_m"] == 50.0 and p["usage"] == "sewage"
    assert (p["up_invert_depth_m"], p["down_invert_depth_m"]) == (5.0, 4.0)
    assert rows_by_code(r, "manhole")["B 2"]["usage"] == "sewage"


def test_link_offsets_elevation():
    m = model(TWO_NODES.format(inoff=101, outoff="*"), offsets="ELEVATION")
    p = rows_by_code(model_to_rows(m), "drain_pipe")["P1"]
    assert p["up_invert_depth_m"] == 4.0  # rim 105, invert of the pipe 101
    assert p["down_invert_depth_m"] == 4.0  # '*': at the node's invert
    # the same numbers read as depths: 101 above the invert raises A to 101.5
    m = model(TWO_NODES.format(inoff=101, outoff=0))
    r = model_to_rows(m)
    assert rows_by_code(r, "manhole")["A"]["depth_m"] == 101.5
    assert rows_by_code(r, "drain_pipe")["P1"]["up_invert_depth_m"] == 0.5
    # an offset elevation below the node's invert is taken as 0, with a warning naming the line
    r = model_to_rows(model(TWO_NODES.format(inoff=99, outoff=99), offsets="ELEVATION"))
    assert rows_by_code(r, "drain_pipe")["P1"]["up_invert_depth_m"] == 5.0
    assert len(r.warnings) == 1 and "conduit P1" in r.warnings[0] and "below the invert of node A" in r.warnings[0]


def test_negative_depth_offset_warns():
    r = model_to_rows(model(TWO_NODES.format(inoff=-1, outoff=0)))
    assert rows_by_code(r, "drain_pipe")["P1"]["up_invert_depth_m"] == 5.0
    assert len(r.warnings) == 1 and "negative offset -1.0 at node A" in r.warnings[0]


def test_missing_coordinates_reject_node_and_its_conduits():
    body = TWO_NODES.format(inoff=0, outoff=0).replace('"B 2" 60 20\n', "")
    r = model_to_rows(model(body))
    assert [(x.table, x.field, x.value) for x in r.rejected] == [
        ("manhole", "geom", "B 2"), ("drain_pipe", "geom", "B 2")]
    assert r.rejected[0].source == 11 and "has no coordinates" in r.rejected[0].reason
    assert list(rows_by_code(r, "manhole")) == ["A"] and r.of("drain_pipe") == []


def test_conduit_problems_are_rejections():
    body = TWO_NODES.format(inoff=0, outoff=0) + "[CONDUITS]\nP2 A NOWHERE 10 0.01 0 0\nP3 A \"B 2\" 10 0.01 0 0\n" \
        "P4 A \"B 2\" 10 0.01 0 0\n[XSECTIONS]\nP4 IRREGULAR Transect1\n"
    r = model_to_rows(model(body))
    got = {x.value: (x.table, x.field) for x in r.rejected}
    assert got == {"NOWHERE": ("drain_pipe", "down_manhole_uid"), "P3": ("drain_pipe", "diameter_mm"),
                   "IRREGULAR": ("drain_pipe", "diameter_mm")}
    assert list(rows_by_code(r, "drain_pipe")) == ["P1"]


@pytest.mark.parametrize("body, line, section, words", [
    ("[JUNCTIONS]\nJ1 high 3\n", 8, "JUNCTIONS", "Elevation is not a number: high"),
    ("[CONDUITS]\nC1 J1 J2 100\n", 8, "CONDUITS", "a conduit needs at least 5 values, found 4"),
    ("[OUTFALLS]\nO1 10 SOMETIMES\n", 8, "OUTFALLS", "the outfall type must be one of FREE"),
    ("[OUTFALLS]\nO1 10 FIXED\n", 8, "OUTFALLS", "a FIXED outfall needs at least 4 values"),
    ("[STORAGE]\nS1 10 3 0 FUNCTIONAL 1 0\n", 8, "STORAGE", "needs at least 8 values"),
    ("[JUNCTIONS]\nJ1 1 3\n\n[storage]\nJ1 1 3 0 TABULAR C\n", 11, "STORAGE", "node J1 is defined twice"),
    ("[CURVES]\nC1 STORAGE 0 0 1\n", 8, "CURVES", "not in x y pairs"),
    ("[COORDINATES]\nJ1 1\n", 8, "COORDINATES", "a point needs at least 3 values"),
])
def test_parse_errors_name_line_and_section(body, line, section, words):
    with pytest.raises(W.SwmmParseError) as e:
        model(body)
    assert (e.value.line, e.value.section) == (line, section)
    assert words in str(e.value) and f"t.inp line {line} [{section}]" in str(e.value)


def test_not_a_swmm_file():
    with pytest.raises(W.SwmmParseError, match="line 1 .*not a SWMM input file"):
        W.parse_inp("id,x,y\n1,2,3\n")
    with pytest.raises(W.SwmmParseError, match="no \\[SECTION\\] header"):
        W.parse_inp("; only a comment\n\n")


def test_unknown_section_is_skipped_with_a_warning():
    m = model("[SOMETHING_NEW]\nanything goes 1 2 3\n" + TWO_NODES.format(inoff=0, outoff=0)
              + "[PUMPS]\nPU1 A B 2 * ON 0 0\nPU2 A B 2 * ON 0 0\n[weirs]\n")
    assert [str(w) for w in m.warnings] == ["line 7: unknown section [SOMETHING_NEW] skipped"]
    r = model_to_rows(m)
    assert r.warnings == ["line 7: unknown section [SOMETHING_NEW] skipped"]
    assert r.not_imported == {"PUMPS": 2} and len(r.of("drain_pipe")) == 1


def test_dividers_outfalls_and_storage_polygons():
    body = """
[DIVIDERS]
D1 10 C9 WEIR 0.5 0.2 3.0 2.5 0 0 0
D2 10 C9 OVERFLOW 1.5
[OUTFALLS]
O1 5 NORMAL YES
O2 5 TIDAL Tide1 NO
O3 5 TIMESERIES TS1
[STORAGE]
调蓄池1 8 2 0 FUNCTIONAL 100 1 50 0 0
Pond_B 8 2 0 CYLINDRICAL 2 2 0
[COORDINATES]
D1 0 0
D2 1 1
O1 2 2
O2 3 3
O3 4 4
调蓄池1 5 5
[Polygons]
调蓄池1 0 0
调蓄池1 10 0
调蓄池1 10 10
"""
    r = model_to_rows(model(body, units="LPS"))
    mh = rows_by_code(r, "manhole")
    assert mh["D1"]["depth_m"] == 2.5 and mh["D2"]["depth_m"] == 1.5 and "SWMM divider D1" in mh["D1"]["notes"]
    outs = rows_by_code(r, "outfall")
    assert (outs["O1"]["outfall_type"], outs["O1"]["flap_gate"]) == ("free", True)
    assert (outs["O2"]["outfall_type"], outs["O2"]["flap_gate"]) == ("submerged", False)
    assert outs["O3"]["outfall_type"] == "submerged" and outs["O2"]["notes"] == "SWMM outfall O2: TIDAL Tide1"
    st = rows_by_code(r, "storage_facility")
    assert st["调蓄池1"]["capacity_m3"] == 300.0  # 50·2 + 100/2·2²
    assert st["调蓄池1"]["geom"] == ("Polygon", [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]])
    assert st["调蓄池1"]["storage_type"] == "tank"
    assert [(x.table, x.field, x.value) for x in r.rejected] == [("storage_facility", "geom", "Pond_B")]


def _storage(shape, params=(), curve=None, depth=1.0):
    return W.Node("S", "storage", 1, 0.0, max_depth=depth, shape=shape, params=params, curve=curve)


@pytest.mark.parametrize("shape, params, depth, area, volume", [
    ("FUNCTIONAL", (100, 1, 50), 2.0, 250.0, 300.0),
    ("FUNCTIONAL", (0, 0, 10), 3.0, 10.0, 30.0),
    ("FUNCTIONAL", (7, 0, 0), 3.0, 7.0, 21.0),  # a·d^0: constant area a
    ("CYLINDRICAL", (2, 2, 0), 2.0, math.pi, 2 * math.pi),
    ("CONICAL", (2, 2, 1), 1.0, 4 * math.pi, 7 * math.pi / 3),
    ("PARABOLOID", (2, 2, 2), 2.0, math.pi, math.pi),
    ("PYRAMIDAL", (2, 3, 1), 1.0, 20.0, 6 + 5 + 4 / 3),
])
def test_storage_shapes(shape, params, depth, area, volume):
    node = _storage(shape, params)
    assert W.storage_area(node, {}, depth) == pytest.approx(area)
    assert W.storage_volume(node, {}, depth) == pytest.approx(volume)


def test_tabular_storage_curves():
    curves = {"C": ("STORAGE", [(0.0, 0.0), (2.0, 100.0)]), "D": ("STORAGE", [(2.0, 20.0), (1.0, 10.0)]),
              "E": ("STORAGE", [(0.0, 100.0), (1.0, 50.0)])}
    node = _storage("TABULAR", curve="C")
    assert W.storage_volume(node, curves, 1.0) == pytest.approx(25.0)
    assert W.storage_volume(node, curves, 3.0) == pytest.approx(100.0 + (100 + 150) / 2)  # extrapolated
    assert W.storage_area(node, curves, 3.0) == pytest.approx(150.0)
    d = _storage("TABULAR", curve="D")  # unsorted, first depth above 0: area grows linearly from 0
    assert W.storage_volume(d, curves, 0.5) == pytest.approx(1.25)
    assert W.storage_volume(d, curves, 2.0) == pytest.approx(5.0 + 15.0)
    e = _storage("TABULAR", curve="E")  # shrinking area: never below 0 past the table
    assert W.storage_volume(e, curves, 5.0) == pytest.approx(75.0 + 50 * 50 / 50 / 2)
    assert W.storage_volume(_storage("TABULAR", curve="missing"), curves, 1.0) is None
    m = model("[STORAGE]\nS 0 3 0 TABULAR NOPE\n[COORDINATES]\nS 0 0\n")
    r = model_to_rows(m)
    assert [(x.field, x.value) for x in r.rejected] == [("capacity_m3", "NOPE")]


def test_curve_lines_with_several_pairs():
    m = model("[CURVES]\nC1 Storage 0 0 1 10\nC1 2 30 3 60\n")
    assert m.curves["C1"] == ("STORAGE", [(0.0, 0.0), (1.0, 10.0), (2.0, 30.0), (3.0, 60.0)])


@pytest.mark.parametrize("shape, geom, expected, method", [
    ("CIRCULAR", (1.2, 0, 0, 0), 1.2, "diameter"),
    ("FILLED_CIRCULAR", (1.2, 0.3, 0, 0), 1.2, "diameter"),
    ("RECT_CLOSED", (1.0, 2.0, 0, 0), 4 / 3, "hydraulic"),
    ("RECT_OPEN", (1.0, 2.0, 0, 0), 2.0, "hydraulic"),
    ("TRIANGULAR", (1.0, 2.0, 0, 0), 4 * 1.0 / (2 * math.sqrt(2)), "hydraulic"),
    ("EGG", (1.5, 0, 0, 0), 4 * 0.1931 * 1.5, "hydraulic"),
    ("ARCH", (1.1, 1.6, 0, 0), 1.1, "height"),
    ("IRREGULAR", (0, 0, 0, 0), None, "none"),
])
def test_equivalent_diameter(shape, geom, expected, method):
    size, how = W.equivalent_diameter(W.XSection("L", 1, shape, geom))
    assert how == method and (size == pytest.approx(expected) if expected is not None else size is None)


def test_box_culvert_notes_and_text_callback():
    body = TWO_NODES.format(inoff=0, outoff=0).replace("P1 CIRCULAR 0.5 0 0 0 1", "P1 RECT_CLOSED 1 2 0 0 2")
    r = model_to_rows(model(body), text=lambda p: "«" + str(p) + "»")
    p = rows_by_code(r, "drain_pipe")["P1"]
    assert p["diameter_mm"] == 1333
    assert p["notes"] == ("«SWMM conduit P1 from A to B 2»; «RECT_CLOSED 1.0 × 2.0 m; diameter = hydraulic "
                          "diameter 4A/P»; «2 barrels»")


def test_gb18030_file(tmp_path):
    text = HEAD.format(units="CMS", offsets="DEPTH") + "[JUNCTIONS]\n检查井1 10 2\n[COORDINATES]\n检查井1 1 2\n"
    f = tmp_path / "gbk.inp"
    f.write_bytes(text.encode("gb18030"))
    m = W.read_inp(f)
    assert list(m.nodes) == ["检查井1"] and m.source == "gbk.inp"


def test_usage_and_storage_type_guess():
    with pytest.raises(ValueError, match="usage"):
        model_to_rows(model(""), usage="rain")
    assert [storage_type(n) for n in ("SU1", "WetWell", "Tank_3", "东湖", "1号调蓄池")] == \
        ["pond", "tank", "tank", "lake", "tank"]


SECTIONS = ["[JUNCTIONS]", "[OUTFALLS]", "[STORAGE]", "[DIVIDERS]", "[CONDUITS]", "[XSECTIONS]", "[COORDINATES]",
            "[VERTICES]", "[Polygons]", "[CURVES]", "[OPTIONS]", "[PUMPS]", "[FOO]"]
WORDS = ["J1", "J2", "S1", "C1", "O1", "0", "1", "-2.5", "3", "1e3", "*", "x", "FREE", "FIXED", "YES", "NO",
         "FUNCTIONAL", "TABULAR", "CONICAL", "CIRCULAR", "RECT_CLOSED", "IRREGULAR", "ELEVATION", "LINK_OFFSETS",
         "FLOW_UNITS", "CFS", "WEIR", "\"J 3\"", ";c", "nan", "inf"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SECTIONS),
                          st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)),
                max_size=40))
def test_any_text_parses_or_names_its_line(lines):
    """Whatever the lines, the reader raises SwmmParseError naming a line, or gives a model that maps."""
    text = "[TITLE]\n" + "\n".join(lines)
    try:
        m = W.parse_inp(text)
    except W.SwmmParseError as e:
        assert 1 <= e.line <= len(lines) + 1 and e.section
        return
    r = model_to_rows(m)
    for x in r.rows:
        for k, v in x.row.items():
            assert not (isinstance(v, float) and not math.isfinite(v)), (k, v)
