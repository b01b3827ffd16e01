"""The archive tests (tests/unit/test_archive.py) again, on a PostGIS copy of the same demo store."""
import pytest
from unit.test_archive import *  # noqa: F401,F403 - every test of the module, on this module's store


@pytest.fixture
def store(demo_path, pg_copy):
    return pg_copy(demo_path)
