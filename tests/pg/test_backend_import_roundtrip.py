"""Survey files into an empty PostGIS store (tests/unit/test_import_roundtrip.py again): every format,
both readers, update by code, generated codes — the same rows as in a GeoPackage store."""
import pytest
from pg_backend_support import *  # noqa: F401,F403 - pg_empty
from unit.test_import_roundtrip import *  # noqa: F401,F403 - every test of the module, on this module's store


@pytest.fixture
def store(pg_empty):
    return pg_empty()
