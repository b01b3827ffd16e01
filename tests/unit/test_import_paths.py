"""One outcome whatever the path (issue 7): the columnar append and write_candidates, GDAL's Arrow stream
and the feature-by-feature reader must reject the same rows for the same reasons and store the same
values, on random files full of mistakes."""
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from osgeo import ogr

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.importer import ImportSourceError, import_facilities

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_corpus as corpus  # noqa: E402

X0, Y0 = corpus.X0, corpus.Y0
GEOMS = [None, "LINESTRING ({x} {y}, {x2} {y2})", "LINESTRING ({x} {y}, {x} {y})", "POINT ({x} {y})",
         "MULTILINESTRING (({x} {y}, {x2} {y2}))", "MULTILINESTRING (({x} {y}, {x2} {y}), ({x} {y2}, {x2} {y2}))",
         "LINESTRING Z ({x} {y} 5, {x2} {y2} 6)", "LINESTRING (111.3 30.7, 111.4 30.8)"]

row = st.fixed_dictionaries({
    "编号": st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D", "E", "F", "G", "GD-OLD", " A ", ""])),
    "管径": st.one_of(st.none(), st.sampled_from(["300", "DN400", "600mm", "10", "99999", "-5", "abc", "1,200",
                                                 "400.5", "400.0"])),
    "类别": st.one_of(st.none(), st.sampled_from(["雨水", "污水", "合流", "storm", "灰水", " Sewage "])),
    "名称": st.one_of(st.none(), st.text(alphabet="中山路ab' ;-", max_size=8), st.just("x" * 201)),
    "起点埋深": st.one_of(st.none(), st.floats(min_value=-5, max_value=60, allow_nan=False)),
    "建设年代": st.one_of(st.none(), st.integers(min_value=1700, max_value=2200)),
    "geom": st.sampled_from(range(len(GEOMS))),
})


def _write(folder, rows):
    out = []
    for i, r in enumerate(rows):
        g = GEOMS[r["geom"]]
        x, y = X0 + 7 * i, Y0 + 3 * i
        out.append({**{k: v for k, v in r.items() if k != "geom"},
                    "wkt": g.format(x=x, y=y, x2=x + 11, y2=y + 4) if g else None})
    return corpus.write_layer(Path(folder) / "random.gpkg", out, geometry_type=ogr.wkbUnknown,
                              fields={"编号": str, "管径": str, "类别": str, "名称": str, "起点埋深": float,
                                      "建设年代": int})


def _outcome(folder, name, path, **kw):
    s = GpkgStore.create(str(Path(folder) / f"{name}.gpkg"))
    s.insert("drain_pipe", [{"uid": "00000000-0000-0000-0000-000000000009", "code": "GD-OLD", "usage": "storm",
                             "diameter_mm": 300, "geom": ("LineString", [(X0, Y0), (X0 + 1, Y0)])}])
    try:
        report = import_facilities(s, path, "drain_pipe", field_map={"built_year": "建设年代"}, **kw)
    except ImportSourceError as e:  # every feature without geometry
        s.close()
        return ("error", str(e))
    rows = sorted(({k: v for k, v in r.items() if k != "uid"} for r in s.rows("drain_pipe")), key=repr)
    s.close()
    rejected = sorted((r.source_row, r.field, r.reason) for r in report.rejected)
    return rejected, rows, report.inserted, sorted(report.warnings)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=12))
def test_every_path_gives_the_same_outcome(rows):
    with tempfile.TemporaryDirectory() as d:
        path = _write(d, rows)
        columnar = _outcome(d, "a", path, fast_rows=1)
        candidates = _outcome(d, "b", path, fast_rows=10 ** 9)
        features = _outcome(d, "c", path, fast_rows=1, use_arrow=False)
        assert columnar == candidates == features
        if columnar[0] == "error":
            assert all(r["geom"] == 0 for r in rows) and "no feature has a geometry" in columnar[1]
            return
        rejected, stored, inserted, _w = columnar
        assert len(stored) == 1 + sum(inserted.values())  # GD-OLD and the good rows
        assert len({r for r, _f, _m in rejected}) + sum(inserted.values()) == len(rows)
