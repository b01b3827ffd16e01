"""The detail-record and live-grade tests (tests/unit/test_archive_details.py) again, on a PostGIS copy
of the same facilities."""
import pytest
from unit.test_archive_details import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_archive_details import make_store


@pytest.fixture
def store(tmp_path, pg_copy):
    make_store(tmp_path / "details.gpkg").close()
    return pg_copy(tmp_path / "details.gpkg")
