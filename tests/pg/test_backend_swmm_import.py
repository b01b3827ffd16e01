"""EPA SWMM models into PostGIS stores (tests/unit/test_swmm_import.py again): the module's store and
the stores its tests create (a UTM one) are empty PostGIS stores of the same CRS."""
import pytest
import unit.test_swmm_import as unit
from pg_backend_support import *  # noqa: F401,F403 - pg_empty, pg_clone, PgStoreFactory
from unit.test_swmm_import import *  # noqa: F401,F403 - every test of the module, on this module's store


@pytest.fixture
def store(pg_empty):
    return pg_empty()


@pytest.fixture(autouse=True)
def _stores_on_postgis(monkeypatch, pg_empty, pg_clone):
    monkeypatch.setattr(unit, "GpkgStore", PgStoreFactory(pg_empty, pg_clone))  # noqa: F405


def test_the_stores_are_postgis(store, tmp_path):
    assert store.backend == "postgis"
    made = unit.GpkgStore.create(str(tmp_path / "x.gpkg"), epsg=2056)
    assert (made.backend, made.epsg, made.count("road")) == ("postgis", 2056, 0)
