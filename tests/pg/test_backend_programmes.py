"""The programme tests (tests/unit/test_programmes.py) again, on a PostGIS copy of the same store (and
of the small demo city)."""
import pytest
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
