"""CCTV defect sheets into a PostGIS store (tests/unit/test_cctv_import.py again): the module's small
network (its GeoPackage fixture) copied to PostGIS."""
import pytest
from pg_backend_support import *  # noqa: F401,F403 - pg_clone
from unit.test_cctv_import import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_cctv_import import store as gpkg_network  # noqa: F401 - the fixture, under another name


@pytest.fixture
def store(gpkg_network, pg_clone):  # noqa: F811 - the module's GeoPackage fixture
    return pg_clone(gpkg_network.path)
