"""CJJ 36-2016 roads (and the JTG 5210-2018 highway profile): STANDARDS.md §3."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core.standards import assess
from safe_municipal.core.standards import cjj36 as R
from safe_municipal.core.standards import jtg5210 as H
from safe_municipal.core.standards.base import weight

STD = "CJJ36-2016"
RANK = {g: i for i, g in enumerate("ABCD")}
EXAMPLE = {"road_class": "arterial", "pavement": "asphalt", "length_m": 100, "width_m": 15, "iri": 3.0,
           "distresses": [{"type": "线裂", "length_m": 60}, {"type": "坑槽", "area_m2": 3}]}


def road(options=None, **change):
    data = dict(EXAMPLE)
    data.update(change)
    return assess(STD, data, options)


# --------------------------------------------------------------------------- worked example (§3.4)
def test_deductions_from_the_densities():
    assert R.deduction("asphalt", "线裂", 0.8) == pytest.approx(7.3333, abs=0.00005)
    assert R.deduction("asphalt", "坑槽", 0.2) == pytest.approx(16.1111, abs=0.00005)


def test_weights_from_the_dp_values():
    u1 = 7.3333333333 / (7.3333333333 + 16.1111111111)
    assert u1 == pytest.approx(0.31280, abs=0.000005)
    assert weight(u1, (3, -5.5, 3.5)) == pytest.approx(0.64847, abs=0.000005)
    assert weight(1 - u1, (3, -5.5, 3.5)) == pytest.approx(0.78144, abs=0.000005)


def test_worked_example():
    a = road()
    types = a.details["types"]
    assert types["线裂"]["area_m2"] == 12 and types["线裂"]["density_pct"] == pytest.approx(0.8)
    assert types["坑槽"]["density_pct"] == pytest.approx(0.2)
    cls = a.details["classes"]
    assert cls["裂缝类"]["u"] == pytest.approx(0.31280, abs=0.000005)
    assert cls["松散类"]["w"] == pytest.approx(0.78144, abs=0.000005)
    assert a.details["total_deduction"] == pytest.approx(17.345, abs=0.0005)
    assert a.index["PCI"] == pytest.approx(82.65, abs=0.005)
    assert a.index["RQI"] == pytest.approx(3.96, abs=0.005)
    assert a.index["PQI"] == pytest.approx(80.58, abs=0.005)
    assert a.index["PQI"] == pytest.approx(0.6 * 20 * 3.96 + 0.4 * a.index["PCI"])
    assert a.grades == {"PCI": "B", "RQI": "A", "PQI": "B"}
    assert (a.grade, a.category, a.action) == ("B", "minor", "保养小修")


def test_worked_example_from_the_dp_values():
    a = road(distresses=[{"type": "线裂", "dp": 7.3333333333}, {"type": "坑槽", "dp": 16.1111111111}])
    assert a.index["PCI"] == pytest.approx(82.65, abs=0.005) and a.grade == "B"


def test_area_given_directly_and_same_type_summed():
    a = road(length_m=None, width_m=None, area_m2=1500,
             distresses=[{"type": "线裂", "length_m": 60}, {"type": "坑槽", "area_m2": 1}, {"type": "坑槽", "area_m2": 2}])
    assert a.index == road().index


# --------------------------------------------------------------------------- interpolation
@pytest.mark.parametrize("density, dp", [(0, 0), (0.005, 1.5), (0.01, 3), (0.1, 5), (1, 8), (5.5, 12), (10, 16),
                                         (50, 38), (100, 48), (150, 48)])
def test_interpolation(density, dp):
    assert R.deduction("asphalt", "线裂", density) == pytest.approx(dp)


def test_density_capped_at_100_percent():
    a = road(area_m2=10, length_m=None, width_m=None, distresses=[{"type": "坑槽", "area_m2": 30}])
    assert a.details["types"]["坑槽"]["dp"] == 72 and a.index["PCI"] == 28
    assert any("capped at 100 %" in n for n in a.details["notes"])


def test_two_level_weighting_within_a_class():
    a = road(distresses=[{"type": "线裂", "dp": 20}, {"type": "网裂", "dp": 10}], iri=None)
    assert a.details["classes"]["裂缝类"]["dp"] == pytest.approx(22.22, abs=0.005)
    assert a.index["PCI"] == pytest.approx(100 - 22.2222, abs=0.0001)


def test_aliases_and_no_distress():
    assert road(distresses=[{"type": "龟裂", "dp": 10}]).details["types"]["碎裂/龟裂"]["dp"] == 10
    a = road(distresses=[], iri=None)
    assert a.index == {"PCI": 100} and a.grade == "A" and a.action == "日常养护" and a.category == "preventive"


# --------------------------------------------------------------------------- thresholds
@pytest.mark.parametrize("road_class, limits", [("expressway", (90, 75, 65)), ("arterial", (85, 70, 60)),
                                                ("secondary", (85, 70, 60)), ("branch", (80, 65, 60)),
                                                ("lane", (80, 65, 60))])
def test_pci_thresholds_both_sides(road_class, limits):
    for limit, g, below in zip(limits, "ABC", "BCD"):
        assert R.pci_grade(limit, road_class) == g
        assert R.pci_grade(limit - 0.01, road_class) == below
        assert R.pci_grade(limit - 1e-6, road_class) == below
        a = road(road_class=road_class, iri=None, distresses=[{"type": "坑槽", "dp": 100 - limit}])
        assert a.index["PCI"] == limit and a.grade == g
        b = road(road_class=road_class, iri=None, distresses=[{"type": "坑槽", "dp": 100 - limit + 0.01}])
        assert b.grade == below


RQI_2016 = {"expressway": (4.1, 3.6, 2.5), "arterial": (3.6, 3.0, 2.4), "branch": (3.4, 2.8, 2.2)}
RQI_2006 = {"expressway": (3.6, 3.0, 2.5), "arterial": (3.2, 2.8, 2.4), "branch": (3.0, 2.6, 2.2)}


@pytest.mark.parametrize("edition, table", [("2016", RQI_2016), ("2006", RQI_2006)])
def test_rqi_thresholds_strict_and_inclusive(edition, table):
    for road_class, limits in table.items():
        for limit, g, below in zip(limits, "ABC", "BCD"):
            assert R.rqi_grade(limit, road_class, edition, "strict") == below
            assert R.rqi_grade(limit + 0.01, road_class, edition, "strict") == g
            assert R.rqi_grade(limit, road_class, edition, "inclusive") == g
            assert R.rqi_grade(limit - 0.01, road_class, edition, "inclusive") == below


def test_rqi_boundary_through_assess():
    iri = (4.98 - 3.6) / 0.34  # RQI exactly 3.6
    strict = road(iri=iri)
    assert strict.index["RQI"] == 3.6 and strict.grades["RQI"] == "B"
    inclusive = road({"rqi_boundary": "inclusive"}, iri=iri)
    assert inclusive.grades["RQI"] == "A"
    assert road({"rqi_thresholds": "2006"}, iri=iri).grades["RQI"] == "A"  # 3.6 > 3.2


def test_rqi_floor_and_no_iri():
    assert road(iri=20).index["RQI"] == 0
    a = road(iri=None)
    assert set(a.index) == {"PCI"} and set(a.grades) == {"PCI"}
    assert any("no IRI" in n for n in a.details["notes"])


def test_pqi_weights():
    branch = road(road_class="branch")
    assert branch.index["PQI"] == pytest.approx(0.4 * 79.2 + 0.6 * branch.index["PCI"])
    secondary = road(road_class="secondary")
    assert secondary.index["PQI"] == pytest.approx(road().index["PQI"])
    swapped = road({"secondary_pqi_weights": (0.4, 0.6)}, road_class="secondary")
    assert swapped.index["PQI"] == pytest.approx(branch.index["PQI"])
    assert swapped.details["options"]["secondary_pqi_weights"] == [0.4, 0.6]
    with pytest.raises(ValueError, match=r"^options\.secondary_pqi_weights: .* does not add up to 1"):
        road({"secondary_pqi_weights": [0.5, 0.6]})
    with pytest.raises(ValueError, match=r"^options\.secondary_pqi_weights: 0.5 is not a pair"):
        road({"secondary_pqi_weights": 0.5})


# --------------------------------------------------------------------------- actions and categories
@pytest.mark.parametrize("dp, iri, grades, action", [
    (5, 1.0, ("A", "A", "A"), "日常养护"),
    (20, 1.0, ("B", "A", "A"), "保养小修"),  # PQI 0.6*81.4 + 0.4*80 = 80.84 → A
    (32, 1.0, ("C", "A", "B"), "保养小修或中修"),
    (32, 6.1, ("C", "C", "C"), "中修或局部大修"),  # RQI 2.906, PQI 62.07
    (45, 1.0, ("D", "A", "B"), "大修或改扩建"),
])
def test_asphalt_actions(dp, iri, grades, action):
    a = road(distresses=[{"type": "坑槽", "dp": dp}], iri=iri)
    assert (a.grades["PCI"], a.grades["RQI"], a.grades["PQI"]) == grades
    assert a.action == action
    assert a.grade == max(grades) and a.category == {"A": "preventive", "B": "minor", "C": "corrective",
                                                        "D": "major"}[a.grade]


@pytest.mark.parametrize("dp, grade, action", [(5, "A", "保养小修"), (20, "B", "保养小修或中修"),
                                               (32, "C", "中修或局部大修"), (45, "D", "大修或改扩建")])
def test_concrete_needs_dp_and_acts_by_grade(dp, grade, action):
    a = road(pavement="concrete", iri=None, distresses=[{"type": "错台", "dp": dp}])
    assert a.grade == grade and a.action == action
    assert a.details["types"]["错台"]["class"] == "其他类"


def test_concrete_or_untabled_distress_without_dp_is_an_error():
    with pytest.raises(ValueError, match=r"^distresses\[0\]\.type: no deduction table for 坑洞 on concrete"):
        road(pavement="concrete", distresses=[{"type": "坑洞", "area_m2": 2}])
    with pytest.raises(ValueError, match=r"^distresses\[1\]\.type: no deduction table for 泛油 on asphalt"):
        road(distresses=[{"type": "线裂", "length_m": 3}, {"type": "泛油", "area_m2": 2}])
    assert road(distresses=[{"type": "泛油", "dp": 12}]).details["types"]["泛油"]["class"] == "其他类"


def test_block_paving_uses_asphalt_classes_and_dp():
    a = road(pavement="block", iri=None, distresses=[{"type": "沉陷", "dp": 10}])
    assert a.index["PCI"] == 90 and a.details["types"]["沉陷"]["class"] == "变形类"
    assert any("block" in n for n in a.details["notes"])


# --------------------------------------------------------------------------- monotonicity
def test_adding_a_distress_can_improve_the_grade_under_the_literal_formula():
    """Pinned counterexample: a small 线裂 dilutes the pothole's deduction (w(u) is not monotone)."""
    base = {"road_class": "arterial", "pavement": "asphalt", "area_m2": 1500}
    before = assess(STD, dict(base, distresses=[{"type": "坑槽", "area_m2": 3}]))
    more = [{"type": "坑槽", "area_m2": 3}, {"type": "线裂", "length_m": 0.75}]
    after = assess(STD, dict(base, distresses=more))
    assert before.index["PCI"] == pytest.approx(83.89, abs=0.005) and before.grade == "B"
    assert after.index["PCI"] == pytest.approx(85.20, abs=0.005) and after.grade == "A"
    mono = assess(STD, dict(base, distresses=more), {"monotone_deduction": True})
    assert mono.index["PCI"] == pytest.approx(83.89, abs=0.005) and mono.grade == "B"
    # the worked example is unchanged by the option
    assert road({"monotone_deduction": True}).index["PCI"] == pytest.approx(82.65, abs=0.005)


TABLED = ("线裂", "网裂", "坑槽", "车辙", "沉陷", "拥包", "剥落", "啃边", "路框差")
distress = st.one_of(
    st.builds(lambda t, a: {"type": t, "area_m2": a}, st.sampled_from(TABLED), st.integers(0, 2000).map(lambda x: x / 10)),
    st.builds(lambda a: {"type": "线裂", "length_m": a}, st.integers(0, 3000).map(lambda x: x / 10)),
    st.builds(lambda t, dp: {"type": t, "dp": dp}, st.sampled_from(("碎裂/龟裂", "翻浆", "唧浆", "泛油", "修补损坏")),
              st.integers(0, 100)),
)


def _unique_dp(ds):
    seen, out = set(), []
    for x in ds:
        if "dp" in x:
            if x["type"] in seen:
                continue
            seen.add(x["type"])
        out.append(x)
    return out


def asphalt(ds, road_class="arterial", iri=2.5):
    return {"road_class": road_class, "pavement": "asphalt", "area_m2": 500, "iri": iri, "distresses": ds}


@settings(max_examples=300, deadline=None)
@given(st.lists(distress, max_size=8).map(_unique_dp), st.sampled_from(TABLED),
       st.integers(1, 3000).map(lambda x: x / 10), st.sampled_from(["expressway", "secondary", "branch"]))
def test_monotone_deduction_adding_a_distress_never_improves(ds, typ, area, road_class):
    opts = {"monotone_deduction": True}
    before = assess(STD, asphalt(ds, road_class), opts)
    after = assess(STD, asphalt(ds + [{"type": typ, "area_m2": area}], road_class), opts)
    assert after.index["PCI"] <= before.index["PCI"] + 1e-9
    for k in before.grades:
        assert RANK[after.grades[k]] >= RANK[before.grades[k]]
    assert RANK[after.grade] >= RANK[before.grade]


@settings(max_examples=150, deadline=None)
@given(st.lists(distress, max_size=8).map(_unique_dp), st.randoms(), st.booleans())
def test_order_independent(ds, rnd, mono):
    a = assess(STD, asphalt(ds), {"monotone_deduction": mono})
    shuffled = list(ds)
    rnd.shuffle(shuffled)
    assert assess(STD, asphalt(shuffled), {"monotone_deduction": mono}).to_dict() == a.to_dict()


@given(st.floats(0, 100), st.floats(0, 100), st.sampled_from(["expressway", "arterial", "secondary", "branch", "lane"]))
def test_pci_grade_is_monotone(x, y, road_class):
    lo, hi = sorted((x, y))
    assert RANK[R.pci_grade(lo, road_class)] >= RANK[R.pci_grade(hi, road_class)]


@given(st.floats(0, 5), st.floats(0, 5), st.sampled_from(["expressway", "arterial", "branch"]),
       st.sampled_from(["2016", "2006"]), st.sampled_from(["strict", "inclusive"]))
def test_rqi_grade_is_monotone(x, y, road_class, edition, boundary):
    lo, hi = sorted((x, y))
    assert RANK[R.rqi_grade(lo, road_class, edition, boundary)] >= RANK[R.rqi_grade(hi, road_class, edition, boundary)]


@given(st.sampled_from(TABLED), st.floats(0, 120), st.floats(0, 120))
def test_deduction_is_monotone_in_density(typ, x, y):
    lo, hi = sorted((x, y))
    assert R.deduction("asphalt", typ, lo) <= R.deduction("asphalt", typ, hi)


# --------------------------------------------------------------------------- invalid input
@pytest.mark.parametrize("change, message", [
    ({"road_class": "highway"}, "road_class: 'highway' is not one of expressway, arterial, secondary, branch, lane"),
    ({"pavement": "gravel"}, "pavement: 'gravel' is not one of asphalt, concrete, block"),
    ({"length_m": None, "width_m": None}, "area_m2: is required (or length_m and width_m)"),
    ({"width_m": None}, "width_m: is required"),
    ({"area_m2": 1500}, "area_m2: give area_m2 or length_m and width_m, not both"),
    ({"width_m": -15}, "width_m: -15 is negative"),
    ({"iri": -1}, "iri: -1 is negative"),
    ({"distresses": [{"type": "坑槽", "area_m2": -3}]}, "distresses[0].area_m2: -3 is negative"),
    ({"distresses": [{"type": "坑槽", "length_m": 3}]}, "distresses[0].length_m: 坑槽 is measured by area"),
    ({"distresses": [{"type": "坑槽"}]}, "distresses[0]: give exactly one of area_m2, length_m or dp for 坑槽"),
    ({"distresses": [{"type": "坑槽", "area_m2": 1, "dp": 3}]}, "distresses[0]: give exactly one of"),
    ({"distresses": [{"type": "裂缝", "area_m2": 1}]}, "distresses[0].type: '裂缝' is not a asphalt distress"),
    ({"distresses": [{"type": "坑槽", "dp": 120}]}, "distresses[0].dp: 120 is above the maximum 100"),
    ({"distresses": [{"type": "坑槽", "dp": 10}, {"type": "坑槽", "dp": 5}]},
     "distresses[1].dp: 坑槽 already has an entry (distresses[0])"),
    ({"distresses": [{"type": "坑槽", "dp": 10}, {"type": "坑槽", "area_m2": 5}]},
     "distresses[1].area_m2: 坑槽 already has a deduction given directly"),
    ({"distresses": [{"type": "坑槽", "area_m2": 3, "severity": "heavy"}]}, "distresses[0].severity: unknown input"),
    ({"distresses": None}, "distresses: is required"),
    ({"pci": 80}, "pci: unknown input"),
])
def test_invalid_input_names_the_field(change, message):
    with pytest.raises(ValueError) as e:
        road(**change)
    assert str(e.value).startswith(message), str(e.value)


def test_invalid_options():
    with pytest.raises(ValueError, match=r"^options\.rqi_boundary: 'open' is not one of strict, inclusive"):
        road({"rqi_boundary": "open"})
    with pytest.raises(ValueError, match=r"^options\.rqi_thresholds: 2016 is not one of 2016, 2006"):
        road({"rqi_thresholds": 2016})


# --------------------------------------------------------------------------- JTG 5210-2018 profile (§3.3)
def test_jtg5210_formulas():
    a = assess("JTG5210-2018", {"pavement": "asphalt", "road_class": "expressway", "dr": 1.0, "iri": 2.0})
    assert a.index["PCI"] == pytest.approx(85.0)
    assert a.index["RQI"] == pytest.approx(100 / (1 + 0.026 * math.exp(0.65 * 2.0)))
    assert a.grades == {"PCI": "良", "RQI": "优"} and a.grade == "良" and a.category == "minor"
    c = assess("JTG5210-2018", {"pavement": "concrete", "road_class": "branch", "dr": 4.0, "iri": 3.0})
    assert c.index["PCI"] == pytest.approx(100 - 10.66 * 4 ** 0.461)
    assert c.index["RQI"] == pytest.approx(100 / (1 + 0.0185 * math.exp(0.58 * 3.0)))


def test_jtg5210_dr_from_distresses():
    data = {"pavement": "asphalt", "road_class": "class2", "area_m2": 1000,
            "distresses": [{"type": "龟裂", "area_m2": 10, "weight": 0.8}, {"type": "裂缝", "length_m": 50, "weight": 0.6}]}
    a = assess("JTG5210-2018", data)
    assert a.index["DR"] == pytest.approx(100 * (8 + 6) / 1000)
    assert set(a.grades) == {"PCI"}
    assert assess("JTG5210-2018", dict(data, distresses=[])).index["PCI"] == 100


@pytest.mark.parametrize("value, grade", [(90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (70, "中"), (69.99, "次"),
                                          (60, "次"), (59.99, "差")])
def test_jtg5210_thresholds(value, grade):
    assert H.grade_of(value) == grade


@pytest.mark.parametrize("data, message", [
    ({"pavement": "asphalt", "road_class": "class2"}, "distresses: is required"),
    ({"pavement": "asphalt", "road_class": "class2", "dr": 120}, "dr: 120 is above the maximum 100"),
    ({"pavement": "block", "road_class": "class2", "dr": 1}, "pavement: 'block' is not one of asphalt, concrete"),
    ({"pavement": "asphalt", "road_class": "class2", "area_m2": 10, "distresses": [{"area_m2": 1}]},
     "distresses[0].weight: is required"),
])
def test_jtg5210_invalid(data, message):
    with pytest.raises(ValueError) as e:
        assess("JTG5210-2018", data)
    assert str(e.value).startswith(message), str(e.value)
