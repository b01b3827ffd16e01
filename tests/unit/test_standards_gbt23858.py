"""GB/T 23858-2009 manhole covers: STANDARDS.md §6 example, every zone, options."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core.standards import assess

STD = "GBT23858-2009"
CLASSES = ("A15", "B125", "C250", "D400", "E600", "F900")
ZONES = {"green": "A15", "sidewalk": "B125", "kerb": "C250", "carriageway": "D400", "heavy": "E600"}


def cover(options=None, **data):
    return assess(STD, data, options)


def test_worked_example():
    a = cover(load_class="C250", zone="carriageway")
    assert a.grade == "non_compliant" and a.grades == {"cover": "non_compliant"}
    assert a.details["required_class"] == "D400" and a.category == "corrective"
    assert a.action == "更换为D400及以上承载等级的井盖"
    assert a.index == {"installed_kN": 250, "required_kN": 400}


@pytest.mark.parametrize("zone, needed", list(ZONES.items()))
@pytest.mark.parametrize("installed", CLASSES)
def test_every_zone_and_class(zone, needed, installed):
    a = cover(load_class=installed, zone=zone)
    ok = CLASSES.index(installed) >= CLASSES.index(needed)
    assert a.grade == ("compliant" if ok else "non_compliant")
    assert a.category == ("preventive" if ok else "corrective")


def test_required_class_given_directly():
    assert cover(load_class="E600", required_class="F900").grade == "non_compliant"
    a = cover(load_class="F900", required_class="F900", zone="green")
    assert a.grade == "compliant" and any("zone not used" in n for n in a.details["notes"])


def test_settlement_and_anti_fall_options():
    assert cover(load_class="D400", zone="carriageway", settlement_mm=-25).grade == "compliant"  # not checked
    a = cover({"settlement_limit_mm": 20}, load_class="D400", zone="carriageway", settlement_mm=-25)
    assert a.grade == "non_compliant" and a.details["reasons"] == ["settlement"]
    assert cover({"settlement_limit_mm": 25}, load_class="D400", zone="carriageway", settlement_mm=25).grade == "compliant"
    b = cover({"require_anti_fall": True}, load_class="D400", zone="carriageway")
    assert b.grade == "non_compliant" and b.details["reasons"] == ["anti_fall"]
    assert cover({"require_anti_fall": True}, load_class="D400", zone="carriageway", anti_fall=True).grade == "compliant"


@given(st.sampled_from(CLASSES), st.sampled_from(CLASSES), st.sampled_from(list(ZONES)))
def test_a_stronger_cover_never_grades_worse(a, b, zone):
    lo, hi = sorted((a, b), key=CLASSES.index)
    rank = {"compliant": 0, "non_compliant": 1}
    assert rank[cover(load_class=hi, zone=zone).grade] <= rank[cover(load_class=lo, zone=zone).grade]


@pytest.mark.parametrize("data, message", [
    ({"load_class": "D500", "zone": "carriageway"}, "load_class: 'D500' is not one of A15, B125"),
    ({"zone": "carriageway"}, "load_class: is required"),
    ({"load_class": "D400"}, "zone: is required (or required_class)"),
    ({"load_class": "D400", "zone": "road"}, "zone: 'road' is not one of green, sidewalk"),
    ({"load_class": "D400", "required_class": "X"}, "required_class: 'X' is not one of"),
    ({"load_class": "D400", "zone": "kerb", "anti_fall": 1}, "anti_fall: 1 is not true or false"),
    ({"load_class": "D400", "zone": "kerb", "settlement_mm": "5mm"}, "settlement_mm: '5mm' is not a number"),
    ({"load_class": "D400", "zone": "kerb", "material": "iron"}, "material: unknown input"),
])
def test_invalid_input_names_the_field(data, message):
    with pytest.raises(ValueError) as e:
        assess(STD, data)
    assert str(e.value).startswith(message), str(e.value)
