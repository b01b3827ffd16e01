"""GB 51222-2017 waterlogging events: STANDARDS.md §5 example, boundaries, options, properties."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core.standards import assess

STD = "GB51222-2017"
EXAMPLE = {"return_period_yr": 20, "max_depth_cm": 25, "duration_min": 50}


def event(options=None, **change):
    data = dict(EXAMPLE)
    data.update(change)
    return assess(STD, data, options)


def test_worked_example():
    a = event()
    assert a.grade == "waterlogged" and a.grades == {"event": "waterlogged"}
    assert a.category == "corrective" and "内涝点" in a.action
    assert a.index["design_return_period_yr"] == 30 and a.details["reasons"] == ["lane_depth"]
    assert a.details["options"]["city_size"] == "large"


@pytest.mark.parametrize("change, grade", [
    ({"max_depth_cm": 15}, "compliant"), ({"max_depth_cm": 15.01}, "waterlogged"),
    ({"duration_min": 29.99}, "compliant"), ({"duration_min": 30}, "waterlogged"),
    ({"return_period_yr": 30}, "waterlogged"), ({"return_period_yr": 30.01}, "compliant"),
    ({"max_depth_cm": 0, "duration_min": 0}, "compliant"),
    ({"max_depth_cm": 0, "duration_min": 0, "building_ingress": True}, "waterlogged"),
])
def test_boundaries(change, grade):
    a = event(**change)
    assert a.grade == grade
    assert a.category == ("preventive" if grade == "compliant" else "corrective")


def test_rain_above_the_design_standard():
    a = event(return_period_yr=50, building_ingress=True)
    assert a.grade == "compliant" and a.details["within_design"] is False
    assert any("rain exceeded the design standard" in n for n in a.details["notes"])


@pytest.mark.parametrize("size, design", [("super", 100), ("mega", 50), ("large", 30), ("medium_small", 20)])
def test_city_size(size, design):
    a = event({"city_size": size}, return_period_yr=25)
    assert a.index["design_return_period_yr"] == design
    assert a.grade == ("compliant" if design < 25 else "waterlogged")


def test_threshold_options():
    assert event({"design_return_period_yr": 10}).grade == "compliant"
    assert event({"depth_limit_cm": 30}).grade == "compliant"
    assert event({"duration_limit_min": 60}).grade == "compliant"
    assert event({"duration_limit_min": 0}, duration_min=0).grade == "waterlogged"


@given(st.floats(0.5, 200), st.floats(0, 100), st.floats(0, 300), st.booleans(), st.floats(0, 50),
       st.floats(0, 100), st.booleans())
def test_worse_events_never_improve(rp, depth, duration, ingress, more_depth, more_time, more_ingress):
    before = event(return_period_yr=rp, max_depth_cm=depth, duration_min=duration, building_ingress=ingress)
    after = event(return_period_yr=rp, max_depth_cm=depth + more_depth, duration_min=duration + more_time,
                  building_ingress=ingress or more_ingress)
    assert not (before.grade == "waterlogged" and after.grade == "compliant")


@pytest.mark.parametrize("change, message", [
    ({"max_depth_cm": -1}, "max_depth_cm: -1 is negative"),
    ({"duration_min": None}, "duration_min: is required"),
    ({"return_period_yr": 0}, "return_period_yr: 0 must be greater than 0"),
    ({"building_ingress": "yes"}, "building_ingress: 'yes' is not true or false"),
    ({"depth": 20}, "depth: unknown input"),
])
def test_invalid_input_names_the_field(change, message):
    with pytest.raises(ValueError) as e:
        event(**change)
    assert str(e.value).startswith(message), str(e.value)


def test_invalid_options():
    with pytest.raises(ValueError, match=r"^options\.city_size: 'huge' is not one of"):
        event({"city_size": "huge"})
    with pytest.raises(ValueError, match=r"^options\.design_return_period_yr: -5 is negative"):
        event({"design_return_period_yr": -5})
