"""Short DBF field names: at most 10 characters, unique per table, stable, reversible."""
import pytest

from safe_municipal.core import schema as S
from safe_municipal.core.shapefile_names import MAX_LENGTH, OVERRIDES, long_names, schema_field, short_names


@pytest.mark.parametrize("table", [t.name for t in S.TABLES])
def test_every_table_gets_unique_short_names(table):
    names = short_names(table)
    t = S.table(table)
    assert list(names) == list(t.field_names)
    shorts = list(names.values())
    assert all(1 <= len(s) <= MAX_LENGTH for s in shorts)
    assert len({s.lower() for s in shorts}) == len(shorts)  # dBASE compares names case-insensitively
    assert all(s.isascii() and s == s.lower() for s in shorts)
    for field, short in names.items():
        if len(field) <= MAX_LENGTH:
            assert short == field
    assert long_names(table) == {s: f for f, s in names.items()}


def test_known_names_are_stable():
    """A contract: Shapefiles written earlier must keep importing."""
    assert short_names("road")["recommended_action"] == "rec_action"
    assert short_names("drain_pipe") == {
        "uid": "uid", "code": "code", "name": "name", "district": "district", "road_class": "road_class",
        "maintenance_unit": "maint_unit", "built_year": "built_year", "grade": "grade", "grade_standard": "grade_std",
        "last_inspected": "last_insp", "next_due": "next_due", "recommended_action": "rec_action",
        "recommended_category": "rec_cat", "notes": "notes", "usage": "usage", "diameter_mm": "diam_mm",
        "material": "material", "length_m": "length_m", "up_manhole_uid": "up_mh_uid", "down_manhole_uid": "dn_mh_uid",
        "up_invert_depth_m": "up_depth_m", "down_invert_depth_m": "dn_depth_m", "area_class": "area_class",
        "soil_class": "soil_class", "road_uid": "road_uid"}
    assert short_names("outfall")["invert_elevation_m"] == "inv_elev_m"
    assert short_names("waterlogging_event")["building_ingress"] == "bldg_ingr"


def test_overrides_fit_and_are_needed():
    for field, short in OVERRIDES.items():
        assert len(field) > MAX_LENGTH and len(short) <= MAX_LENGTH, field


def test_schema_field_recognises_both_names():
    assert schema_field("manhole", "REC_ACTION") == "recommended_action"
    assert schema_field("manhole", "recommended_action") == "recommended_action"
    assert schema_field("manhole", " anti_settl ") == "anti_settlement"
    assert schema_field("manhole", "usage") == "usage"
    assert schema_field("manhole", "diam_mm") is None  # a drain pipe's, not a manhole's
    assert schema_field(S.table("drain_pipe"), "diam_mm") == "diameter_mm"


def test_new_long_fields_get_generated_unique_names():
    f = S.Field
    t = S.Table("future", "Future", (
        f("uid", "uuid", "UID"),
        f("inspection_interval_days", "integer", "x"),
        f("inspection_interval_dates", "integer", "x"),
        f("maintenance_unit", "text", "x"),
        f("maint_unit", "text", "x"),  # takes the override's name first: the override gets a number
        f("a_b_c_d_e_f_g_h_i", "text", "x"),
    ))
    names = short_names(t)
    assert names["maint_unit"] == "maint_unit"
    assert names["maintenance_unit"] == "maint_uni1"
    assert names["a_b_c_d_e_f_g_h_i"] == "abcdefghi"
    a, b = names["inspection_interval_days"], names["inspection_interval_dates"]
    assert a != b and len(a) <= 10 and len(b) <= 10
    assert a.startswith("ins") and b.startswith("ins")
    assert short_names(t) == names  # deterministic
    assert long_names(t)[a] == "inspection_interval_days"
