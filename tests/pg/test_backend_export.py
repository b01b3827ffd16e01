"""Exporting from a PostGIS store: the export tests (tests/unit/test_export_layer.py) again on a PostGIS
copy of the store with every field filled, and every table in every format exported from the
GeoPackage and from its PostGIS copy read back with OGR: the same files (rows, fids, field names and
types, values, geometries, CRS)."""
import json

import pytest
import unit.test_export_layer as unit
from osgeo import ogr
from pg_backend_support import *  # noqa: F401,F403 - pg_empty, pg_clone, PgStoreFactory
from unit.test_export_layer import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_export_layer import FORMATS, read_back

from safe_municipal.core import schema as S
from safe_municipal.layers.export_layer import ExportError, export_table
from safe_municipal.layers.gpkg import GpkgStore

# exports into the store file itself: a PostGIS store has no file (the rest of the test: below)
test_errors_name_the_file_and_leave_nothing = None


@pytest.fixture(scope="module")
def full_gpkg(tmp_path_factory):
    return write_full_gpkg(tmp_path_factory.mktemp("full") / "full.gpkg")  # noqa: F405


@pytest.fixture
def full(full_gpkg, pg_clone):
    return pg_clone(full_gpkg)


@pytest.fixture(autouse=True)
def _stores_on_postgis(monkeypatch, pg_empty, pg_clone):
    """test_where_and_the_plan opens a GeoPackage it wrote: a PostGIS copy of it instead."""
    monkeypatch.setattr(unit, "GpkgStore", PgStoreFactory(pg_empty, pg_clone))  # noqa: F405


def test_errors_on_postgis_name_the_file(full, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_table(full, "road", str(tmp_path / "missing" / "r.shp"))
    with pytest.raises(ExportError, match="filter"):  # PostgreSQL's error, as an ExportError
        export_table(full, "road", str(tmp_path / "bad.csv"), where="no_such_column = 1")
    assert list(tmp_path.iterdir()) == []
    # PostgreSQL's syntax in a filter
    res = export_table(full, "road", str(tmp_path / "r.csv"), where="code ~ ? AND built_year IS NOT NULL",
                       params=("^DL-000[0-9]",))
    assert res["rows"] == 1


def _comparable(rows, fields):
    """Rows read back, JSON fields as JSON values (jsonb keeps the value, not the text's key order),
    geometries as ISO WKB."""
    out = []
    for r in rows:
        row = {}
        for k, v in r.items():
            if k == "__geom":
                v = None if v is None else bytes(v.ExportToIsoWkb())
            elif k in fields and isinstance(v, str) and v:
                v = json.loads(v)
            row[k] = v
        out.append(row)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_postgis_copy_exports_the_same_files(full_gpkg, full, tmp_path, fmt):
    from safe_municipal.core.shapefile_names import short_names

    (tmp_path / "gpkg").mkdir()
    (tmp_path / "pg").mkdir()
    with GpkgStore.open(full_gpkg, writable=False) as gpkg:
        for t in S.TABLES:
            a = export_table(gpkg, t.name, str(tmp_path / "gpkg" / f"{t.name}.{fmt}"))
            b = export_table(full, t.name, str(tmp_path / "pg" / f"{t.name}.{fmt}"))
            assert (a["rows"], a["layer"], a["epsg"], a["warnings"]) == (b["rows"], b["layer"], b["epsg"],
                                                                       b["warnings"]), t.name
            assert [p.replace("/gpkg/", "/pg/") for p in a["files"]] == b["files"]
            names = short_names(t) if fmt == "shp" else {f.name: f.name for f in t.fields}
            json_fields = {names[f.name] for f in t.fields if f.type == "json"}
            rows_a, srs_a, fields_a = read_back(a["path"], fmt)
            rows_b, srs_b, fields_b = read_back(b["path"], fmt)
            assert fields_a == fields_b, t.name
            assert (srs_a is None) == (srs_b is None) and (srs_a is None or srs_a.IsSame(srs_b)), t.name
            assert len(rows_a) == len(rows_b) == gpkg.count(t.name), t.name
            assert _comparable(rows_a, json_fields) == _comparable(rows_b, json_fields), (t.name, fmt)


def test_the_export_reads_postgis_like_ogr_does(full, tmp_path):
    """The rows the export wrote are the rows GDAL's PostgreSQL driver reads from the store."""
    from psycopg2.extensions import parse_dsn

    from safe_municipal.layers import store_ref

    res = export_table(full, "drain_pipe", str(tmp_path / "p.gpkg"))
    out = ogr.Open(res["path"])  # (a layer dies with its data source: keep it)
    got = {f.GetField("uid"): (f.GetField("code"), f.GetGeometryRef().ExportToIsoWkb()) for f in out.GetLayer(0)}
    conn = " ".join(f"{k}={v}" for k, v in parse_dsn(store_ref.libpq_dsn(full.path)).items())
    ds = ogr.Open(f"PG:{conn} schemas={full.schema} tables={full.schema}.drain_pipe")
    want = {f.GetField("uid"): (f.GetField("code"), f.GetGeometryRef().ExportToIsoWkb()) for f in ds.GetLayer(0)}
    assert got == want and len(got) == 2
    del out, ds


def test_a_64_bit_integer_is_kept(tmp_path, pg_clone):
    from export_support import write_full_store

    store = pg_clone(write_full_store(tmp_path / "big.gpkg", tables=("attachment",)))
    sizes = [r["size_bytes"] for r in store.rows("attachment")]
    assert 5_000_000_000 in sizes and set(sizes) <= {5_000_000_000, None}
