"""CJJ 181-2012 drainage pipes: STANDARDS.md §1 worked examples, thresholds, options, properties."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core.standards import assess
from safe_municipal.core.standards import cjj181 as P

STD = "CJJ181-2012"
RANK = {"I": 0, "II": 1, "III": 2, "IV": 3}
EXAMPLE = {"length_m": 40, "diameter_mm": 800, "area_class": "arterial", "soil_class": "ordinary"}


def pipe(defects, options=None, **data):
    return assess(STD, dict(EXAMPLE, defects=defects, **data), options)


def d(code, grade, start, end=None, **kw):
    out = {"code": code, "grade": grade, "start_m": start}
    if end is not None:
        out["end_m"] = end
    out.update(kw)
    return out


# --------------------------------------------------------------------------- worked examples (§1.3)
def test_structural_worked_example():
    a = pipe([d("PL", 3, 5), d("CK", 2, 15), d("SL", 1, 25)])
    assert a.standard == "CJJ181-2012"
    assert a.index["S"] == pytest.approx(2.5, abs=0.005)
    assert a.index["Smax"] == 5
    assert a.index["F"] == pytest.approx(5.0, abs=0.005)
    assert a.index["S_M"] == pytest.approx(0.075, abs=0.0005)
    assert a.details["defect_type"] == "局部缺陷"
    assert (a.details["K"], a.details["E"], a.details["T"]) == (6, 3, 0)
    assert a.index["RI"] == pytest.approx(4.25, abs=0.005)
    assert a.grades == {"structural": "III", "RI": "III", "functional": "I", "MI": "I"}
    assert (a.grade, a.category, a.action) == ("III", "corrective", "应尽快修复")


FUNCTIONAL = [d("CJ", 2, 5, 11), d("ZW", 1, 20)]


def test_functional_worked_example_default_zeroes_k_and_e():
    a = pipe(FUNCTIONAL)
    assert a.index["Y"] == pytest.approx(1.05, abs=0.005)
    assert a.index["Ymax"] == 2 and a.index["G"] == 2
    assert round(a.index["Y_M"], 2) == 0.29 and a.index["Y_M"] == pytest.approx(12.1 / 42)
    assert a.index["MI"] == pytest.approx(1.6, abs=0.005)
    assert a.grades["functional"] == a.grades["MI"] == a.grade == "II"
    assert (a.category, a.action) == ("minor", "宜安排处理计划")


def test_functional_worked_example_without_the_low_score_rule():
    a = pipe(FUNCTIONAL, {"low_score_zeroes": "none"})
    assert a.index["MI"] == pytest.approx(2.65, abs=0.005)
    assert a.grades["MI"] == "II"
    assert a.details["options"]["low_score_zeroes"] == "none"


@pytest.mark.parametrize("zeroes, ri", [("KE", 1.4), ("none", 2.15), ("K", 1.55)])
def test_edge_case_single_pl2(zeroes, ri):
    a = pipe([d("PL", 2, 12)], {"low_score_zeroes": zeroes})
    assert a.index["F"] == 2
    assert a.index["RI"] == pytest.approx(ri, abs=0.005)
    assert a.grades["RI"] == a.grade == "II"


def test_no_defects_is_grade_one():
    for zeroes in ("KE", "K", "none"):
        a = assess(STD, {"length_m": 30, "diameter_mm": 2000, "area_class": "cbd", "soil_class": "strong",
                         "defects": []}, {"low_score_zeroes": zeroes})
        assert a.index["F"] == a.index["G"] == a.index["RI"] == a.index["MI"] == 0
        assert a.grade == "I" and a.category == "preventive"
        assert a.details["defect_type"] is None
    assert a.action == "结构基本完好，不修复；没有明显需要处理的缺陷"


# --------------------------------------------------------------------------- factors
@pytest.mark.parametrize("diameter, e", [(300, 0), (599, 0), (599.9, 0), (600, 3), (1000, 3), (1000.1, 6),
                                         (1500, 6), (1501, 10), (3000, 10)])
def test_diameter_factor(diameter, e):
    assert P.diameter_factor(diameter) == e
    a = pipe([d("PL", 4, 3)], diameter_mm=diameter)
    assert a.details["E"] == e
    assert a.index["RI"] == pytest.approx(7 + 0.6 + 0.05 * e)


@pytest.mark.parametrize("area, k", [("cbd", 10), ("arterial", 6), ("carriageway", 3), ("other", 0)])
def test_area_factor(area, k):
    assert pipe([d("PL", 4, 3)], area_class=area).index["RI"] == pytest.approx(7 + 0.1 * k + 0.15)


@pytest.mark.parametrize("soil, t", [("ordinary", 0), ("weak", 6), ("medium", 8), ("strong", 10)])
def test_soil_factor_and_t_zero_without_defects(soil, t):
    assert pipe([d("PL", 4, 3)], soil_class=soil).index["RI"] == pytest.approx(7.75 + 0.15 * t)
    assert pipe([d("PL", 1, 3)], soil_class=soil).index["RI"] == pytest.approx(0.35 + 0.15 * t)
    assert pipe([], soil_class=soil).index["RI"] == 0


def test_low_score_rule_switches_at_four():
    below = pipe([d("TJ", 2, 3), d("PL", 1, 3.5)])  # merged: 3 + 0.5 = 3.5
    assert below.index["F"] == 3.5 and below.details["structural"]["K_used"] == 0
    at4 = pipe([d("TJ", 2, 3), d("TJ", 1, 3.5)])  # merged: 3 + 1 = 4
    assert at4.index["F"] == 4 and at4.details["structural"]["K_used"] == 6
    assert at4.index["RI"] == pytest.approx(2.8 + 0.6 + 0.15)


# --------------------------------------------------------------------------- thresholds (both sides)
@pytest.mark.parametrize("name", ["F", "G", "RI", "MI"])
def test_grade_thresholds_both_sides(name):
    limits = [1, 3, 6] if name in ("F", "G") else [1, 4, 7]
    grades = ["I", "II", "III", "IV"]
    assert P.grade_of(name, 0) == "I"
    for limit, g, above in zip(limits, grades, grades[1:]):
        assert P.grade_of(name, limit) == g
        assert P.grade_of(name, limit + 0.01) == above
        assert P.grade_of(name, limit + 1e-6) == above


@pytest.mark.parametrize("defects, f, grade", [
    ([d("TJ", 1, 5)], 1, "I"),  # F exactly 1
    ([d("TJ", 1, 5), d("PL", 1, 5.2)], 1.5, "II"),  # merged 1 + 0.5
    ([d("TJ", 2, 5)], 3, "II"),  # F exactly 3
    ([d("TJ", 2, 5), d("PL", 1, 5.2)], 3.5, "III"),
    ([d("PL", 3, 5), d("TJ", 1, 5.5)], 6, "III"),  # F exactly 6
    ([d("PL", 3, 5), d("TJ", 1, 5.5), d("CK", 1, 5.9)], 6.5, "IV"),
])
def test_structural_grade_boundaries_through_assess(defects, f, grade):
    a = pipe(defects)
    assert a.index["F"] == pytest.approx(f)
    assert a.grades["structural"] == grade


def test_ri_boundary_seven_exactly():
    other = {"area_class": "other", "diameter_mm": 500}
    a = pipe([d("PL", 4, 5)], **other)  # 0.7 * 10 = 7.000000000000001 in binary floating point
    assert a.index["RI"] == 7.0 and a.grades["RI"] == "III"
    b = pipe([d("PL", 4, 5)], soil_class="weak", **other)
    assert b.index["RI"] == pytest.approx(7.9) and b.grades["RI"] == "IV"


def test_mi_boundaries_through_assess():
    other = {"area_class": "other", "diameter_mm": 500}
    assert pipe([d("CQ", 1, 5)], **other).grades["MI"] == "I"  # G 1 → MI 0.8
    assert pipe([d("CQ", 2, 5)], **other).index["MI"] == pytest.approx(2.4)
    a = pipe([d("CJ", 4, 5, 8)], **other)  # G 10 → MI 8
    assert a.index["MI"] == pytest.approx(8) and a.grades["MI"] == "IV" and a.grade == "IV"
    assert a.action == "应立即处理" and a.category == "major"


@pytest.mark.parametrize("s_m, kind", [(0.0999, "局部缺陷"), (0.1, "部分或整体缺陷"), (0.4999, "部分或整体缺陷"),
                                       (0.5, "整体缺陷"), (1.2, "整体缺陷")])
def test_defect_type(s_m, kind):
    assert P.defect_type(s_m) == kind


def test_defect_type_whole_for_long_continuous_defect():
    a = pipe([d("BX", 3, 0, 30)])
    assert a.index["S_M"] == pytest.approx(30 / 40) and a.details["defect_type"] == "整体缺陷"


# --------------------------------------------------------------------------- pre-processing
def test_local_and_continuous_lengths():
    circ = pipe([d("PL", 3, 5, 9)])  # circumferential (default): local, 1 m
    assert circ.index["S_M"] == pytest.approx(1 / 40)
    longi = pipe([d("PL", 3, 5, 9, orientation="longitudinal")])
    assert longi.index["S_M"] == pytest.approx(4 / 40)
    short = pipe([d("BX", 3, 5, 5.4)])  # continuous but under 1 m: counts 1 m
    assert short.index["S_M"] == pytest.approx(1 / 40)


def test_merging_centre_distance_is_strictly_under_one_metre():
    assert pipe([d("PL", 2, 5), d("CK", 2, 5.99)]).index["F"] == 4  # merged
    apart = pipe([d("PL", 2, 5), d("CK", 2, 6)])  # 1 m apart: two defects, group 2
    assert apart.index["Smax"] == 2 and apart.index["S"] == pytest.approx(2.2)


def test_merging_ignores_binary_noise():
    assert 2.3 - 1.3 < 1  # 0.9999999999999998
    exactly_one_metre = pipe([d("PL", 2, 1.3), d("CK", 2, 2.3)])
    assert exactly_one_metre.index["Smax"] == 2 and len(exactly_one_metre.details["structural"]["units"]) == 2


def test_merging_chains_and_metre_bucket():
    chain = [d("PL", 1, 10.0), d("PL", 1, 10.9), d("PL", 1, 11.8)]
    assert pipe(chain).index["F"] == 1.5
    by_metre = pipe(chain, {"merge": "metre_bucket"})
    assert by_metre.index["Smax"] == 1.0  # 10.0 + 10.9 in metre 10; 11.8 alone
    assert pipe([d("PL", 2, 10.9), d("CK", 2, 11.1)], {"merge": "metre_bucket"}).index["Smax"] == 2
    assert pipe([d("PL", 2, 10.9), d("CK", 2, 11.1)]).index["Smax"] == 4


def test_merge_cap():
    two = [d("PL", 4, 5), d("TJ", 3, 5.3)]
    assert pipe(two).index["F"] == 10
    assert pipe(two, {"merge_cap": None}).index["F"] == 15
    assert pipe(two, {"merge_cap": 3}).index["F"] == 10  # never below the worst member
    assert pipe([d("PL", 2, 5), d("CK", 2, 5.3)], {"merge_cap": 3}).index["F"] == 3


@pytest.mark.parametrize("gap, group", [(1.5, 2), (1.51, 1), (1.2, 2), (3, 1)])
def test_spacing_group_boundary(gap, group):
    a = pipe([d("TJ", 2, 10), d("TJ", 2, 10 + gap)])
    assert [u["group"] for u in a.details["structural"]["units"]] == [group, group]
    assert a.index["S"] == pytest.approx(3.3 if group == 2 else 3)


def test_clear_distance_between_continuous_extents():
    a = pipe([d("CJ", 2, 5, 11), d("ZW", 2, 12.5)])  # clear 1.5 m from the end of the deposit
    assert a.details["functional"]["n2"] == 2
    assert a.index["Y"] == pytest.approx(1.1 * 4 / 2)


def test_neighbour_option():
    defects = [d("TJ", 2, 0), d("TJ", 2, 1.2), d("TJ", 2, 10)]
    nearest = pipe(defects)
    assert [u["group"] for u in nearest.details["structural"]["units"]] == [2, 2, 1]
    nxt = pipe(defects, {"neighbour": "next"})
    assert [u["group"] for u in nxt.details["structural"]["units"]] == [2, 1, 1]
    assert nearest.index["S"] == pytest.approx((3.3 * 2 + 3) / 3)
    assert nxt.index["S"] == pytest.approx((3.3 + 6) / 3)


def test_fz_is_recorded_not_scored():
    a = pipe([d("FZ", 3, 5)])
    assert a.index["G"] == 0 and a.grade == "I"
    assert a.details["recorded_only"] == [{"code": "FZ", "grade": 3, "from_m": 5.0, "to_m": 5.0}]
    assert any("FZ" in n for n in a.details["notes"])


def test_structural_and_functional_do_not_mix_and_controlling_is_worse():
    a = pipe([d("PL", 2, 5), d("CJ", 4, 5, 9)])
    assert a.index["F"] == 2 and a.index["G"] == 10
    assert a.grades["RI"] == "II" and a.grades["MI"] == "IV" and a.grade == "IV"
    both = pipe([d("PL", 4, 5), d("CJ", 4, 10, 14)])
    assert both.grade == "IV" and both.action == "应立即修复；应立即处理"


def test_lowercase_codes_and_string_grades():
    assert pipe([d("pl", "3", 5)]).index["F"] == 5


# --------------------------------------------------------------------------- monotonicity check
TWO_CLOSE_SEVERE = [d("PL", 4, 10.0), d("PL", 4, 11.2)]
OTHER = {"area_class": "other", "diameter_mm": 500}


def test_adding_a_defect_can_improve_the_grade_under_the_literal_formula():
    """Pinned counterexample: S is a mean, so a small far-away defect lowers F (STANDARDS.md §1.2)."""
    before = pipe(TWO_CLOSE_SEVERE, **OTHER)
    after = pipe(TWO_CLOSE_SEVERE + [d("PL", 1, 30)], **OTHER)
    assert (before.index["F"], before.index["RI"], before.grade) == (11.0, 7.7, "IV")
    assert (after.index["F"], after.index["RI"], after.grade) == (10.0, 7.0, "III")
    # the structural grade alone: two score-3 defects 1.2 m apart, then a score-0.5 defect far away
    s_before = pipe([d("TJ", 2, 10), d("TJ", 2, 11.2)], **OTHER)
    s_after = pipe([d("TJ", 2, 10), d("TJ", 2, 11.2), d("PL", 1, 30)], **OTHER)
    assert (s_before.index["F"], s_before.grades["structural"]) == (3.3, "III")
    assert s_after.index["S"] == pytest.approx(7.1 / 3) and s_after.grades["structural"] == "II"


def test_monotone_f_keeps_the_grade():
    opts = {"monotone_f": True}
    before = pipe(TWO_CLOSE_SEVERE, opts, **OTHER)
    after = pipe(TWO_CLOSE_SEVERE + [d("PL", 1, 30)], opts, **OTHER)
    assert before.index["F"] == after.index["F"] == 11 and before.grade == after.grade == "IV"
    # the worked examples are unchanged by the option (the largest score is in spacing group 1)
    assert pipe([d("PL", 3, 5), d("CK", 2, 15), d("SL", 1, 25)], opts).index["RI"] == pytest.approx(4.25)


def test_monotone_f_when_a_defect_bridges_two_merged_pairs():
    opts = {"monotone_f": True}
    pairs = [d("PL", 3, 10.0), d("PL", 3, 10.5), d("PL", 3, 11.7), d("PL", 3, 12.2)]
    before = pipe(pairs, opts, **OTHER)
    after = pipe(pairs + [d("PL", 1, 11.1)], opts, **OTHER)
    assert before.index["F"] == pytest.approx(11) and after.index["F"] >= before.index["F"]


# --------------------------------------------------------------------------- properties
CODES = [c for c in ("PL", "BX", "FS", "CK", "QF", "TJ", "TL", "AJ", "CR", "SL", "CJ", "JG", "ZW", "CQ", "SG",
                     "FZ")]
GRADES = {"FS": 3, "TL": 2, "AJ": 3, "CR": 3, "FZ": 3}


@st.composite
def defect(draw, length=30.0):
    code = draw(st.sampled_from(CODES))
    grade = draw(st.integers(1, GRADES.get(code, 4)))
    start = draw(st.integers(0, int(length * 10))) / 10
    out = {"code": code, "grade": grade, "start_m": start}
    if draw(st.booleans()):
        out["end_m"] = min(length, start + draw(st.integers(0, 60)) / 10)
    if code in ("PL", "FS", "SL") and draw(st.booleans()):
        out["orientation"] = draw(st.sampled_from(["circumferential", "longitudinal"]))
    return out


def segment(defects):
    return {"length_m": 30, "diameter_mm": 1200, "area_class": "arterial", "soil_class": "weak", "defects": defects}


OPTION_SETS = st.fixed_dictionaries({
    "merge": st.sampled_from(["centre_distance", "metre_bucket"]),
    "merge_cap": st.sampled_from([10.0, None, 4.0]),
    "low_score_zeroes": st.sampled_from(["KE", "K", "none"]),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(defect(), max_size=10), OPTION_SETS, st.sampled_from(["nearest", "next"]), st.randoms())
def test_order_independent(defects, opts, neighbour, rnd):
    opts = dict(opts, neighbour=neighbour)
    a = assess(STD, segment(defects), opts)
    shuffled = list(defects)
    rnd.shuffle(shuffled)
    assert assess(STD, segment(shuffled), opts).to_dict() == a.to_dict()


@settings(max_examples=300, deadline=None)
@given(st.lists(defect(), max_size=8), defect(), OPTION_SETS)
def test_monotone_f_adding_a_defect_never_improves(defects, extra, opts):
    opts = dict(opts, monotone_f=True)
    before = assess(STD, segment(defects), opts)
    after = assess(STD, segment(defects + [extra]), opts)
    assert after.index["F"] >= before.index["F"] and after.index["G"] >= before.index["G"]
    assert after.index["RI"] >= before.index["RI"] and after.index["MI"] >= before.index["MI"]
    for name in ("structural", "RI", "functional", "MI"):
        assert RANK[after.grades[name]] >= RANK[before.grades[name]]
    assert RANK[after.grade] >= RANK[before.grade]
    assert after.index["F"] >= max(after.index["Smax"], after.index["S"]) - 1e-9  # never below literal F


@settings(max_examples=200, deadline=None)
@given(st.lists(defect(), max_size=8), defect(), OPTION_SETS)
def test_literal_smax_never_drops_when_adding(defects, extra, opts):
    before = assess(STD, segment(defects), opts)
    after = assess(STD, segment(defects + [extra]), opts)
    assert after.index["Smax"] >= before.index["Smax"] and after.index["Ymax"] >= before.index["Ymax"]


@given(st.sampled_from(["F", "G", "RI", "MI"]), st.floats(0, 30), st.floats(0, 30))
def test_grade_is_monotone_in_its_index(name, x, y):
    lo, hi = sorted((x, y))
    assert RANK[P.grade_of(name, lo)] <= RANK[P.grade_of(name, hi)]


# --------------------------------------------------------------------------- invalid input
@pytest.mark.parametrize("change, message", [
    ({"defects": [d("PL", 5, 3)]}, "defects[0].grade: 5 is not a grade of PL (1-4)"),
    ({"defects": [d("PL", 1, 1), d("CK", 1, 2), d("PL", 5, 3)]}, "defects[2].grade: 5 is not a grade of PL (1-4)"),
    ({"defects": [d("FS", 4, 3)]}, "defects[0].grade: 4 is not a grade of FS (1-3)"),
    ({"defects": [d("TL", 3, 3)]}, "defects[0].grade: 3 is not a grade of TL (1-2)"),
    ({"defects": [d("PL", 0, 3)]}, "defects[0].grade: 0 is not a grade of PL (1-4)"),
    ({"defects": [d("PL", True, 3)]}, "defects[0].grade: True is not a grade"),
    ({"defects": [d("PL", 2.5, 3)]}, "defects[0].grade: 2.5"),
    ({"defects": [d("XX", 1, 3)]}, "defects[0].code: 'XX' is not a CJJ 181 defect code"),
    ({"defects": [{"code": "PL", "grade": 1}]}, "defects[0].start_m: is required"),
    ({"defects": [d("PL", 1, -1)]}, "defects[0].start_m: -1 is negative"),
    ({"defects": [d("PL", 1, 41)]}, "defects[0].start_m: 41 is beyond the segment length 40"),
    ({"defects": [d("CJ", 1, 5, 4)]}, "defects[0].end_m: 4 is before start_m 5"),
    ({"defects": [d("CJ", 1, 5, 45)]}, "defects[0].end_m: 45 is beyond the segment length 40"),
    ({"defects": [d("PL", 1, 5, orientation="diagonal")]}, "defects[0].orientation: 'diagonal' is not one of"),
    ({"defects": [dict(d("PL", 1, 5), severity=2)]}, "defects[0].severity: unknown input"),
    ({"defects": ["PL-1"]}, "defects[0]: must be a dict"),
    ({"defects": {"code": "PL"}}, "defects: must be a list"),
    ({"length_m": -3}, "length_m: -3 is negative"),
    ({"length_m": 0}, "length_m: 0 must be greater than 0"),
    ({"length_m": "40"}, "length_m: '40' is not a number"),
    ({"length_m": float("nan")}, "length_m: nan is not a finite number"),
    ({"diameter_mm": None}, "diameter_mm: is required"),
    ({"area_class": "downtown"}, "area_class: 'downtown' is not one of cbd, arterial, carriageway, other"),
    ({"soil_class": None}, "soil_class: is required"),
    ({"defects": None}, "defects: is required"),
    ({"lenght_m": 40}, "lenght_m: unknown input"),
])
def test_invalid_input_names_the_field(change, message):
    data = dict(EXAMPLE, defects=[])
    data.update(change)
    with pytest.raises(ValueError) as e:
        assess(STD, data)
    assert str(e.value).startswith(message), str(e.value)


@pytest.mark.parametrize("options, message", [
    ({"merge": "nearby"}, "options.merge: 'nearby' is not one of centre_distance, metre_bucket"),
    ({"merge_cap": -1}, "options.merge_cap: -1 is negative"),
    ({"low_score_zeroes": "E"}, "options.low_score_zeroes: 'E' is not one of KE, K, none"),
    ({"monotone_f": "yes"}, "options.monotone_f: 'yes' is not true or false"),
    ({"alpha": 1.2}, "options.alpha: unknown option for CJJ181-2012"),
])
def test_invalid_options(options, message):
    with pytest.raises(ValueError) as e:
        pipe([], options)
    assert str(e.value).startswith(message), str(e.value)


def test_options_are_recorded_with_their_values():
    a = pipe([d("PL", 2, 3)], {"merge_cap": None})
    assert a.details["options"] == {"merge": "centre_distance", "merge_cap": None, "neighbour": "nearest",
                                    "low_score_zeroes": "KE", "monotone_f": False}
    assert a.details["edition"] == "2012"


def test_many_defects_are_fast_enough():
    rnd = random.Random(3)
    defects = [d(rnd.choice(["PL", "CK", "TJ", "CJ"]), rnd.randint(1, 3), rnd.uniform(0, 40)) for _ in range(200)]
    a = pipe(defects)
    assert a.grade in RANK
