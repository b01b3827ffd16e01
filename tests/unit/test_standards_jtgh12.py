"""JTG H12-2015 tunnels: STANDARDS.md §4 example, class thresholds, overrides, properties."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core.standards import assess
from safe_municipal.core.standards import jtgh12 as T

STD = "JTGH12-2015"
NAMES = ("洞口", "洞门", "衬砌", "路面", "检修道", "排水", "吊顶及预埋件", "内装饰", "标志标线")
CODES = ("portal", "portal_structure", "lining", "pavement", "service_walkway", "drainage", "ceiling_and_fixtures",
         "interior_finish", "signs_and_markings")
EXAMPLE = dict(zip(NAMES, (1, 0, 2, 1, 1, 2, 0, 1, 0)))


def tunnel(items, options=None):
    return assess(STD, {"items": items}, options)


def test_worked_example():
    a = tunnel(EXAMPLE)
    assert a.details["weighted_sum"] == 126 and a.details["sum_weights"] == 100
    assert a.index["JGCI"] == pytest.approx(68.5, abs=0.005)
    assert a.grades == {"JGCI": "3"} and a.grade == "3"
    assert (a.category, a.action) == ("corrective", "局部病害处治")
    assert tunnel(dict(zip(CODES, EXAMPLE.values()))).index == a.index


def test_segments_take_the_worst_value():
    a = tunnel(dict(EXAMPLE, 衬砌=[0, 2, 1]))
    assert a.index["JGCI"] == 68.5 and a.details["items"]["lining"]["value"] == 2


def test_items_not_given_are_left_out():
    a = tunnel({"衬砌": 1})
    assert a.index["JGCI"] == 75 and a.grade == "2" and a.category == "minor"
    assert any("left out" in n for n in a.details["notes"])


@pytest.mark.parametrize("value, cls", [(100, "1"), (85, "1"), (84.99, "2"), (70, "2"), (69.99, "3"), (55, "3"),
                                        (54.99, "4"), (40, "4"), (39.99, "5"), (0, "5")])
def test_class_thresholds(value, cls):
    assert T.class_of(value) == cls


ZERO = {n: 0 for n in NAMES}


@pytest.mark.parametrize("values, jgci, cls", [
    (dict(ZERO, 衬砌=1, 路面=1, 洞门=1), 85, "1"),  # Σvw 60
    (dict(ZERO, 衬砌=1, 路面=1, 洞门=1, 检修道=1), 84.5, "2"),
    (dict(ZERO, 衬砌=2, 路面=2, 吊顶及预埋件=1), 70, "2"),  # Σvw 120
    (dict(ZERO, 衬砌=2, 路面=2, 吊顶及预埋件=1, 检修道=1), 69.5, "3"),
    (dict(ZERO, 衬砌=2, 路面=2, 洞口=2, 吊顶及预埋件=2, 洞门=2, 排水=1, 内装饰=2), 55, "3"),  # Σvw 180
    (dict(ZERO, 衬砌=2, 路面=2, 洞口=2, 吊顶及预埋件=2, 洞门=2, 排水=1, 内装饰=2, 检修道=1), 54.5, "4"),
    ({"排水": 4, "标志标线": 2, "检修道": 1, "内装饰": 0}, 40, "4"),  # Σvw 36 of Σw 15
    ({"排水": 4, "标志标线": 2, "检修道": 1, "内装饰": 1}, 100 * (1 - 38 / 60), "5"),
])
def test_class_thresholds_through_assess(values, jgci, cls):
    a = tunnel(values)
    assert a.index["JGCI"] == pytest.approx(jgci) and a.grade == cls and "override" not in a.grades


@pytest.mark.parametrize("item", ["洞口", "洞门", "衬砌", "路面", "吊顶及预埋件", "吊顶"])
def test_overrides(item):
    values = {n: 0 for n in NAMES if n != "吊顶及预埋件" or item != "吊顶"}
    values[item] = 3
    a = tunnel(values)
    assert a.grades["override"] == "4" and a.grade == "4" and a.category == "major"
    assert a.action == "尽快处治，并采取交通管制措施"
    values[item] = 4
    b = tunnel(values)
    assert b.grade == "5" and b.action == "及时关闭隧道，然后实施病害处治"
    off = tunnel(values, {"overrides": False})
    assert "override" not in off.grades and off.grade == T.class_of(off.index["JGCI"])


def test_no_override_for_minor_items():
    a = tunnel({**{n: 0 for n in NAMES}, "排水": 4})
    assert a.index["JGCI"] == 94 and a.grade == "1" and "override" not in a.grades


items = st.dictionaries(st.sampled_from(NAMES), st.integers(0, 4), min_size=1)


@given(items, st.sampled_from(NAMES), st.integers(0, 4), st.booleans())
def test_worsening_an_item_never_improves(values, name, worse, overrides):
    opts = {"overrides": overrides}
    before = tunnel(values, opts)
    after = tunnel(dict(values, **{name: max(worse, values.get(name, 0))}), opts)
    if name in values:
        assert after.index["JGCI"] <= before.index["JGCI"]
        assert int(after.grade) >= int(before.grade)


@given(items, st.randoms())
def test_order_independent(values, rnd):
    keys = list(values)
    rnd.shuffle(keys)
    assert tunnel({k: values[k] for k in keys}).to_dict() == tunnel(values).to_dict()


@given(st.floats(0, 100), st.floats(0, 100))
def test_class_is_monotone_in_jgci(x, y):
    lo, hi = sorted((x, y))
    assert int(T.class_of(lo)) >= int(T.class_of(hi))


@pytest.mark.parametrize("items, message", [
    ({"衬砌": 5}, "items.衬砌: 5 is not a condition value (0-4)"),
    ({"衬砌": -1}, "items.衬砌: -1 is not a condition value (0-4)"),
    ({"衬砌": 2.5}, "items.衬砌: 2.5 is not a condition value (0-4)"),
    ({"衬砌": [1, 7]}, "items.衬砌[1]: 7 is not a condition value (0-4)"),
    ({"衬砌": []}, "items.衬砌: must not be empty"),
    ({"照明": 1}, "items.照明: '照明' is not a tunnel item"),
    ({"吊顶": 1, "吊顶及预埋件": 2}, "items.吊顶及预埋件: 吊顶及预埋件 is given twice"),
    ({}, "items: at least one item is required"),
])
def test_invalid_input_names_the_field(items, message):
    with pytest.raises(ValueError) as e:
        tunnel(items)
    assert str(e.value).startswith(message), str(e.value)


def test_invalid_data_and_options():
    with pytest.raises(ValueError, match=r"^items: is required"):
        assess(STD, {})
    with pytest.raises(ValueError, match=r"^segments: unknown input"):
        assess(STD, {"items": {"衬砌": 1}, "segments": 3})
    with pytest.raises(ValueError, match=r"^options\.overrides: 'no' is not true or false"):
        tunnel({"衬砌": 1}, {"overrides": "no"})
