"""The grading engine's public contract: assess / standards / grade_scale, errors, data files, weighting."""
import dataclasses
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core import schema
from safe_municipal.core.records import DEFAULT_STANDARD, GRADE_SCALES
from safe_municipal.core.standards import CATEGORIES, Assessment, assess, grade_scale, options, standards
from safe_municipal.core.standards.base import DATA_DIR, load_table, weighted_deduction

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "core" / "standards"
W = (3.0, -5.5, 3.5)
MINIMAL = {
    "CJJ181-2012": {"length_m": 10, "diameter_mm": 300, "area_class": "other", "soil_class": "ordinary", "defects": []},
    "CJJ99-2017": {"bridge_type": "beam", "deck": {}, "superstructure": [{}], "substructure": [{"kind": "pier"}]},
    "CJJ36-2016": {"road_class": "branch", "pavement": "asphalt", "area_m2": 100, "distresses": []},
    "JTGH12-2015": {"items": {"衬砌": 0}},
    "GB51222-2017": {"return_period_yr": 1, "max_depth_cm": 0, "duration_min": 0},
    "GBT23858-2009": {"load_class": "D400", "zone": "carriageway"},
    "JTG5210-2018": {"pavement": "asphalt", "road_class": "class1", "dr": 0},
    "ASTM-D6433": {"deduct_values": []},
    "NASSCO-PACP": {"defects": []},
    "WSA05": {"peak_score": 0, "mean_score": 0},
    "NBI": {"deck": 9},
}


def test_standards_listed():
    assert standards()[:6] == ("CJJ181-2012", "CJJ99-2017", "CJJ36-2016", "JTGH12-2015", "GB51222-2017",
                               "GBT23858-2009")
    assert set(standards()) == set(MINIMAL)
    assert set(DEFAULT_STANDARD.values()) <= set(standards())
    assert set(schema.value_codes("standard")) <= set(standards())


def test_grade_scales_match_the_records_module():
    for code, scale in GRADE_SCALES.items():
        assert grade_scale(code) == scale


@pytest.mark.parametrize("code", list(MINIMAL))
def test_every_standard_grades_a_sound_facility_best(code):
    a = assess(code, MINIMAL[code])
    assert isinstance(a, Assessment) and a.standard == code
    assert a.grade == grade_scale(code)[0] and a.category == "preventive"
    assert a.grade in a.grades.values() and set(a.grades.values()) <= set(grade_scale(code))
    assert a.action and isinstance(a.action, str)
    assert all(isinstance(v, float) for v in a.index.values())
    assert set(a.details) >= {"options", "notes", "edition"}
    assert json.loads(json.dumps(a.to_dict(), ensure_ascii=False)) == a.to_dict()


def test_assessment_is_frozen():
    a = assess("JTGH12-2015", {"items": {"衬砌": 1}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.grade = "1"
    assert [f.name for f in dataclasses.fields(Assessment)] == ["standard", "index", "grade", "grades", "category",
                                                                "action", "details"]


@pytest.mark.parametrize("code", list(MINIMAL))
def test_categories_cover_every_grade(code):
    from safe_municipal.core.standards import _get

    std = _get(code)
    assert set(std.categories) == set(std.scale) and set(std.categories.values()) <= set(CATEGORIES)
    ranks = [CATEGORIES.index(std.categories[g]) for g in std.scale]
    assert ranks == sorted(ranks)  # a worse grade never maps to a milder category


@pytest.mark.parametrize("code", list(MINIMAL))
def test_options_documented_and_unknown_rejected(code):
    for o in options(code):
        assert o.doc and o.tag in ("U", "C", "") and re.fullmatch(r"[a-z_]+", o.name)
    assert assess(code, MINIMAL[code]).details["options"] == {
        o.name: list(o.default) if isinstance(o.default, tuple) else o.default for o in options(code)}
    with pytest.raises(ValueError, match=rf"^options\.colour: unknown option for {code}"):
        assess(code, MINIMAL[code], {"colour": "red"})


def test_unknown_standard_and_bad_arguments():
    with pytest.raises(ValueError, match=r"^standard: 'CJJ181' is not a known standard \(CJJ181-2012, "):
        assess("CJJ181", {})
    with pytest.raises(ValueError, match=r"^standard: None is not a known standard"):
        grade_scale(None)
    with pytest.raises(ValueError, match=r"^data: must be a dict, got list"):
        assess("CJJ181-2012", [])
    with pytest.raises(ValueError, match=r"^options: must be a dict, got str"):
        assess("CJJ181-2012", MINIMAL["CJJ181-2012"], "fast")


def test_data_files_are_versioned_and_loaded_once():
    files = sorted(DATA_DIR.glob("*.json"))
    assert {f.stem for f in files} == set(standards())
    for f in files:
        table = json.loads(f.read_text(encoding="utf-8"))
        assert table["code"] == f.stem and table["standard"] and table["edition"] and table["source"]
        assert "tags" in table
        if not table["edition"].startswith("not pinned"):
            assert f.stem == f"{table['standard']}-{table['edition']}"
    assert load_table("CJJ181-2012") is load_table("CJJ181-2012")


def test_pure_python_and_small_modules():
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(qgis|PyQt\d|PySide\d)", text, re.M), path.name
        assert "from __future__ import annotations" in text, path.name
        assert len(text.splitlines()) <= 500, path.name


# --------------------------------------------------------------------------- the weight function w(u)
def test_weighted_deduction_examples():
    assert weighted_deduction([20, 10], W) == pytest.approx(22.2222, abs=0.0001)
    assert weighted_deduction([20], W) == 20 and weighted_deduction([], W) == 0
    assert weighted_deduction([0, 0], W) == 0
    assert weighted_deduction([10, 10], W) == pytest.approx(15)
    assert weighted_deduction([20, 1], W) == pytest.approx(18.88, abs=0.005)  # literal: not monotone
    assert weighted_deduction([20, 1], W, monotone=True) == 20


values = st.lists(st.floats(0, 100), min_size=1, max_size=6)


@settings(max_examples=200)
@given(values)
def test_monotone_deduction_is_the_best_subset(xs):
    best = max(weighted_deduction(c, W) for r in range(1, len(xs) + 1) for c in itertools.combinations(xs, r))
    assert weighted_deduction(xs, W, monotone=True) == pytest.approx(best, abs=1e-9)


@settings(max_examples=300)
@given(values, st.floats(0, 100), st.data())
def test_monotone_deduction_never_drops(xs, extra, data):
    base = weighted_deduction(xs, W, monotone=True)
    assert weighted_deduction(xs + [extra], W, monotone=True) >= base - 1e-9
    i = data.draw(st.integers(0, len(xs) - 1))
    raised = list(xs)
    raised[i] = min(100.0, raised[i] + data.draw(st.floats(0, 100)))
    assert weighted_deduction(raised, W, monotone=True) >= base - 1e-9


@given(values, st.randoms())
def test_weighted_deduction_order_independent(xs, rnd):
    ys = list(xs)
    rnd.shuffle(ys)
    assert weighted_deduction(ys, W) == weighted_deduction(xs, W)
    assert weighted_deduction(ys, W, True) == weighted_deduction(xs, W, True)
