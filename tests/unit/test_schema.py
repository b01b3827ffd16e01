"""The schema contract: names other parts rely on."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core import geometry as geo
from safe_municipal.core import schema as S

COMMON = ("uid", "code", "name", "district", "maintenance_unit", "built_year", "grade", "grade_standard",
          "last_inspected", "next_due")


def test_facility_tables_and_geometry():
    assert {t.name: t.geometry for t in S.FACILITY_TABLES} == {
        "road": "LineString", "bridge": "LineString", "tunnel": "LineString", "drain_pipe": "LineString",
        "manhole": "Point", "rain_inlet": "Point", "storage_facility": "Polygon", "waterlogging_point": "Point",
        "outfall": "Point"}


@pytest.mark.parametrize("t", S.FACILITY_TABLES, ids=lambda t: t.name)
def test_every_facility_has_the_common_fields(t):
    for name in COMMON:
        t.field(name)
    assert t.field("uid").unique and t.field("code").unique and t.field("uid").type == "uuid"
    has_class = "road_class" in t.field_names
    assert has_class == (t.name not in ("storage_facility", "outfall"))


def test_record_tables_keyed_by_facility_uid():
    for name in ("inspection", "maintenance", "attachment"):
        t = S.table(name)
        assert t.field("facility_uid").required and t.field("facility_uid").type == "uuid"
    assert S.table("maintenance").field("category").values == "maintenance_category"
    assert S.value_codes("maintenance_category") == ("preventive", "minor", "corrective", "major", "emergency")
    assert S.value_codes("work_status") == ("planned", "in_progress", "done")
    assert set(S.table("drain_pipe").field_names) >= {"up_manhole_uid", "down_manhole_uid", "diameter_mm",
                                                      "material", "length_m", "up_invert_depth_m",
                                                      "down_invert_depth_m", "usage"}
    assert set(S.table("manhole").field_names) >= {"cover_type", "load_class", "anti_settlement"}
    assert S.table("storage_facility").field("capacity_m3").required


def test_unknown_names_raise():
    with pytest.raises(KeyError):
        S.table("roads")
    with pytest.raises(KeyError):
        S.table("road").field("nmae")
    with pytest.raises(ValueError):
        S.Field("x", "money", "X")


coords = st.tuples(st.floats(-1e7, 1e7, allow_nan=False), st.floats(-1e7, 1e7, allow_nan=False))


@given(st.lists(coords, min_size=2, max_size=50))
def test_wkb_round_trip_and_bbox(points):
    wkb = geo.linestring_wkb(points)
    assert geo.wkb_type(wkb) == "LineString"
    assert geo.wkb_points(wkb) == [(float(x), float(y)) for x, y in points]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert geo.wkb_bbox(wkb) == (min(xs), min(ys), max(xs), max(ys))


def test_wkb_iso_z_and_multi():
    import struct
    z = struct.pack("<BI3d", 1, 1001, 1.0, 2.0, 3.0)
    assert geo.wkb_bbox(z) == (1.0, 2.0, 1.0, 2.0)
    multi = struct.pack("<BII", 1, 5, 2) + geo.linestring_wkb([(0, 0), (1, 1)]) + geo.linestring_wkb([(5, -1), (2, 2)])
    assert geo.wkb_type(multi) == "MultiLineString" and geo.wkb_bbox(multi) == (0, -1, 5, 2)


def test_nul_characters_refused_in_text_and_json():
    """PostgreSQL stores neither a NUL in text nor \\u0000 in jsonb: no store takes them."""
    import uuid as _uuid

    from safe_municipal.core.validation import ValidationError as VE
    from safe_municipal.core.validation import validate_row

    t = S.table("maintenance_unit")
    base = {"uid": str(_uuid.uuid4()), "name": "一队", "rotation_order": 1, "open_case_limit": 5, "active": True}
    assert validate_row(t, base, 0)["name"] == "一队"
    with pytest.raises(VE, match="name.*NUL"):
        validate_row(t, dict(base, name="a\x00b"), 0)
    insp = S.table("inspection")
    row = {"uid": str(_uuid.uuid4()), "facility_uid": str(_uuid.uuid4()), "facility_kind": "road",
           "inspected_on": "2026-01-01"}
    assert validate_row(insp, dict(row, indices={"PCI": 90}), 0)
    with pytest.raises(VE, match="indices.*NUL"):
        validate_row(insp, dict(row, indices={"note": "a\x00"}), 0)
