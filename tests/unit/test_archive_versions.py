"""Row versions in the archive service on a GeoPackage store: there are none — ``versioned`` gives the
row and None, and a version handed to a write is ignored (the PostGIS side: tests/pg/test_backend_archive.py)."""
import datetime as dt

import pytest

from safe_municipal.layers.archive import Archive, is_uid
from safe_municipal.layers.gpkg import GpkgStore

TODAY = dt.date(2026, 1, 15)
ROAD = "6f1b1f52-8d7f-4d1b-9a55-3a1ad1a4a010"


@pytest.fixture
def archive(tmp_path):
    s = GpkgStore.create(str(tmp_path / "v.gpkg"))
    s.insert("road", [dict(uid=ROAD, code="DL0001", geom=("LineString", [(0, 0), (100, 0)]))])
    yield Archive(s, today=TODAY)
    s.close()


def test_a_geopackage_has_no_row_versions(archive):
    row, version = archive.versioned("road", ROAD)
    assert row["code"] == "DL0001" and version is None and archive.row_version("road", ROAD) is None
    assert not archive.versioned_store
    uid = archive.add_record("inspection", "road", ROAD, {"inspected_on": "2025-06-01"})
    rec, v = archive.versioned("inspection", uid)
    assert rec["inspected_on"] == "2025-06-01" and v is None and "row_version" not in rec
    # a version given anyway changes nothing: the writes go through as before
    archive.update_record("inspection", uid, {"summary": "ok"}, expected_version=7)
    archive.update_facility("road", ROAD, {"name": "沿江大道"}, expected_version=7)
    archive.set_details(uid, [dict(type="坑槽", area_m2=2)], expected_version=7)
    assert archive.record("inspection", uid)["summary"] == "ok" and archive.facility("road", ROAD)["name"] == "沿江大道"
    assert [r["type"] for r in archive.details(uid)] == ["坑槽"]
    assert "row_version" not in archive.records("inspection", ROAD, with_version=True)[0]
    archive.delete_record("inspection", uid, expected_version=7)
    with pytest.raises(KeyError):
        archive.record("inspection", uid)


def test_text_that_is_no_uid_names_no_row(archive):
    assert not is_uid("nope") and not is_uid(None) and is_uid(ROAD)
    for call in (lambda: archive.facility("road", "nope"), lambda: archive.record("inspection", "nope"),
                 lambda: archive.versioned("road", "nope"), lambda: archive.locate("nope")):
        with pytest.raises(KeyError):
            call()
