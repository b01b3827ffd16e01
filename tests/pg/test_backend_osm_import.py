"""OpenStreetMap into PostGIS stores (tests/unit/test_osm_import.py again): the Liechtenstein extract
imported once into a GeoPackage (LV95), each test's store a PostGIS copy of it; the stores the tests
create themselves are empty PostGIS stores of the CRS they ask for."""
import pytest
import unit.test_osm_import as unit
from pg_backend_support import *  # noqa: F401,F403 - pg_empty, pg_clone, PgStoreFactory
from unit.test_osm_import import *  # noqa: F401,F403 - every test of the module, on this module's store


@pytest.fixture
def store(imported, pg_clone):
    return pg_clone(imported[0])


@pytest.fixture(autouse=True)
def _stores_on_postgis(monkeypatch, pg_empty, pg_clone):
    monkeypatch.setattr(unit, "GpkgStore", PgStoreFactory(pg_empty, pg_clone))  # noqa: F405


def test_the_stores_are_postgis(store, tmp_path):
    assert store.backend == "postgis"
    made = unit.GpkgStore.create(str(tmp_path / "x.gpkg"), epsg=2056)
    assert (made.backend, made.epsg, made.count("road")) == ("postgis", 2056, 0)
