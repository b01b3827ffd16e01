"""Round trips: store → export → import into an empty store keeps every field of every facility table.

Every format but XLSX round-trips with the importer's own field guessing; Shapefiles carry the short
DBF names of core.shapefile_names, which the guess knows. A Shapefile keeps every field apart from what
dBASE cannot hold (text over 254 bytes is cut, as the export reports).
"""
import math

import pytest
from export_support import write_full_store
from osgeo import ogr

from safe_municipal.core import schema as S
from safe_municipal.core.shapefile_names import short_names
from safe_municipal.layers.export_layer import export_table
from safe_municipal.layers.gpkg import GpkgStore

importer = pytest.importorskip("safe_municipal.layers.importer")
ogr.UseExceptions()


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = write_full_store(tmp_path_factory.mktemp("src") / "src.gpkg", tables=S.FACILITY_KINDS)
    store = GpkgStore.open(path, writable=False)
    yield store
    store.close()


def rows(store, kind):
    return list(store.rows(kind, order_by=["code"]))


def same_shape(a, b, tol):
    ga, gb = ogr.CreateGeometryFromWkb(bytes(a)), ogr.CreateGeometryFromWkb(bytes(b))
    if tol == 0:  # the same shape, whatever a writer did to the ring order (Equals compares point order)
        return ga.Within(gb) and gb.Within(ga) and ga.GetPointCount() == gb.GetPointCount()
    return ga.Buffer(tol).Contains(gb) and gb.Buffer(tol).Contains(ga)


def close(a, b, fmt):
    if isinstance(a, float) and isinstance(b, float) and fmt == "geojson":
        return math.isclose(a, b, rel_tol=1e-14)  # GDAL writes 15 significant digits
    return a == b


def check(source, dest, kind, fmt, cut=()):
    got, want = rows(dest, kind), rows(source, kind)
    assert len(got) == len(want) == 2, kind
    for g, w in zip(got, want):
        for name in S.table(kind).field_names:
            if name in cut and isinstance(w[name], str) and len(w[name].encode("utf-8")) > 254:
                assert w[name].startswith(g[name]) and len(g[name].encode("utf-8")) <= 254, (kind, name)
                continue
            assert close(g[name], w[name], fmt), (fmt, kind, name, g[name], w[name])
        # GeoJSON: 7 decimals of a degree (about 1 cm) there and back
        assert same_shape(g["geom"], w["geom"], 0.02 if fmt == "geojson" else 0), (fmt, kind)


@pytest.mark.parametrize("fmt", ("gpkg", "geojson", "csv"))
def test_round_trip_keeps_every_field(source, tmp_path, fmt):
    dest = GpkgStore.create(str(tmp_path / "dest.gpkg"))
    for kind in S.FACILITY_KINDS:
        out = export_table(source, kind, str(tmp_path / f"{kind}.{fmt}"))
        # a CSV says nothing of its CRS: the import is told (coordinates are never guessed)
        crs = f"EPSG:{source.epsg}" if fmt == "csv" else None
        report = importer.import_facilities(dest, out["path"], kind, source_crs=crs)
        assert not report.rejected, (kind, report.rejected[:3])
        assert report.inserted.get(kind) == 2
        check(source, dest, kind, fmt)
    dest.close()


@pytest.mark.parametrize("explicit", (False, True))
def test_shapefile_round_trip_with_the_short_names(source, tmp_path, explicit):
    """The importer's guess knows the short DBF names (core.field_mapping.shapefile_field_map); the
    names as an explicit field map work as well."""
    dest = GpkgStore.create(str(tmp_path / "dest.gpkg"))
    for kind in S.FACILITY_KINDS:
        out = export_table(source, kind, str(tmp_path / f"{kind}.shp"))
        report = importer.import_facilities(dest, out["path"], kind,
                                            field_map=short_names(kind) if explicit else None)
        assert not report.rejected, (kind, report.rejected[:3])
        check(source, dest, kind, "shp", cut=("notes",))
    dest.close()
