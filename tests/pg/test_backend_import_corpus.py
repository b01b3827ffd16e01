"""The bad-input corpus (tests/unit/test_import_corpus.py) into a PostGIS store: clear errors or the bad
rows named, through every writer and reader; strict mode leaves every table row-identical (compared by
the normalised per-table checksums of layers.store_copy and the whole audit log)."""
import pytest
import unit.test_import_corpus as unit
from pg_backend_support import *  # noqa: F401,F403 - pg_clone
from pg_backend_support import snapshot
from unit.test_import_corpus import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_import_corpus import store as gpkg_store  # noqa: F401 - the fixture, under another name


@pytest.fixture
def store(gpkg_store, pg_clone):  # noqa: F811 - the module's GeoPackage fixture
    """A PostGIS copy of the module's store (a pipe and a manhole the imports must leave alone)."""
    return pg_clone(gpkg_store.path)


@pytest.fixture(autouse=True)
def _snapshot_either_backend(monkeypatch):
    """The module compares ``corpus.snapshot(store.path)`` (the SQLite file): on PostGIS the store's
    reference, compared table by table."""
    monkeypatch.setattr(unit.corpus, "snapshot", snapshot)



# Not strict, on PostGIS through the columnar (bulk) path only: reading a file is the same for both
# backends (tests/unit runs every path), and the other paths' PostGIS writes are proven in
# test_backend_import.py; this keeps the module's time in `make test` down.
@pytest.mark.parametrize("path", ["columnar"])
@pytest.mark.parametrize("name", unit.NAMES)
def test_not_strict_writes_exactly_the_good_rows(store, cases, name, path):  # noqa: F811
    unit.test_not_strict_writes_exactly_the_good_rows(store, cases, name, path)
