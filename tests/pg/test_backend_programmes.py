"""The programme tests (tests/unit/test_programmes.py) again, on a PostGIS copy of the same store (and
of the small demo city)."""
import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from unit.test_programmes import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_programmes import make_store


@pytest.fixture
def store(tmp_path, pg_copy):
    make_store(tmp_path / "city.gpkg").close()
    return pg_copy(tmp_path / "city.gpkg")


@pytest.fixture(scope="module")
def demo_city(tmp_path_factory):
    """The small demo city (GeoPackage) and the generator's rows."""
    from safe_municipal.core.demo import generate
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("demo") / "small.gpkg"
    write_demo_city(str(path), "small", 1)
    rows: dict = {}
    for table, batch in generate("small", 1):
        rows.setdefault(table, []).extend(batch)
    return path, rows


@pytest.fixture
def demo(demo_city, pg_copy):
    path, rows = demo_city
    return pg_copy(path), rows


# No store: the rules of core.programmes and the export's file-name checks (they run in tests/unit).
test_months_between = test_counts_for_rule = test_export_refuses_bad_names = None


def test_inspector_records_a_cover_replacement_but_edits_no_facility(store, login):
    """On site an inspector records a replaced cover; the manhole's cover fields follow (column grants),
    nothing else of the manhole may change."""
    import datetime as dt

    from safe_municipal.layers.errors import StoreError
    from safe_municipal.layers.programmes import Programmes

    ivan = login(store, "ivan_inspector")
    manhole = next(store.rows("manhole", columns=["uid", "name"]))
    uid = Programmes(ivan, today=dt.date(2026, 6, 30)).record_cover_replacement(
        manhole["uid"], "2026-06-01", new_cover_type="wide_rim_anti_settlement", with_maintenance=True)
    row = store.get("manhole", manhole["uid"])
    assert row["cover_replaced_on"] == "2026-06-01" and row["cover_type"] == "wide_rim_anti_settlement"
    assert store.get("cover_replacement", uid)["facility_uid"] == manhole["uid"]
    who = store.execute("SELECT DISTINCT user_name FROM audit_log WHERE row_uid = ?", (manhole["uid"],)).fetchall()
    assert who == [("ivan_inspector",)]
    with pytest.raises(StoreError, match="ivan_inspector may not update rows of manhole"):
        ivan.update("manhole", manhole["uid"], {"name": "改名"})
    assert store.get("manhole", manhole["uid"])["name"] == manhole["name"]
