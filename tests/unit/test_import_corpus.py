"""The bad-input corpus (issue 7): every file gets a clear error or its bad rows named; strict mode
leaves the store row-identical (every table compared), otherwise exactly the good rows go in.

Each case runs through both writers (the columnar append and write_candidates) and both readers (GDAL's
Arrow stream and feature by feature): the outcome must not depend on the path.
"""
import sys
from pathlib import Path

import pytest

from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.importer import ImportSourceError, import_facilities

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_corpus as corpus  # noqa: E402

PATHS = {"columnar": dict(fast_rows=1), "candidates": dict(fast_rows=10 ** 9),
         "features": dict(fast_rows=1, use_arrow=False)}


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return {c.name: c for c in corpus.build_corpus(tmp_path_factory.mktemp("corpus"))}


def test_the_corpus_is_big_enough(cases):
    assert len(cases) >= 25
    assert sum(1 for c in cases.values() if c.error) >= 12
    assert sum(1 for c in cases.values() if c.rejected) >= 12


@pytest.fixture
def store(tmp_path):
    """A store that already holds a pipe and a manhole (an import must leave them alone)."""
    s = GpkgStore.create(str(tmp_path / "store.gpkg"))
    s.insert("drain_pipe", [{"uid": "00000000-0000-0000-0000-000000000001", "code": "GD-KEEP", "usage": "storm",
                             "diameter_mm": 300,
                             "geom": ("LineString", [(corpus.X0, corpus.Y0), (corpus.X0 + 9, corpus.Y0)])}])
    s.insert("manhole", [{"uid": "00000000-0000-0000-0000-000000000002", "code": "JC-KEEP",
                          "geom": ("Point", (corpus.X0, corpus.Y0))}])
    yield s
    s.close()


def _run(store, case, strict, path="columnar"):
    opts = dict(case.options)
    return import_facilities(store, case.path, case.kind, strict=strict, **opts, **PATHS[path])


def _check_rejections(report, case):
    got = {}
    for r in report.rejected:
        got.setdefault(r.source_row, []).append(f"{r.field}: {r.reason}")
    assert set(got) == set(case.rejected), (case.name, got)
    for row, words in case.rejected.items():
        text = " | ".join(got[row])
        for w in words:
            assert w in text, (case.name, row, w, text)


def case_names():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        return [c.name for c in corpus.build_corpus(d)]


NAMES = case_names()


@pytest.mark.parametrize("name", NAMES)
def test_strict_refuses_and_leaves_the_store_row_identical(store, cases, name):
    case = cases[name]
    before = corpus.snapshot(store.path)
    if case.error:
        with pytest.raises(ImportSourceError) as info:
            _run(store, case, strict=True)
        message = str(info.value)
        assert Path(case.path).name in message, message
        for w in case.error:
            assert w in message, (name, w, message)
    elif not case.rejected:  # a good file: strict writes it all
        report = _run(store, case, strict=True)
        assert report.written and report.inserted == {case.kind: case.good} and not report.rejected
        return
    else:
        report = _run(store, case, strict=True)
        assert not report.written and report.inserted == {}
        _check_rejections(report, case)
        assert "strict" in report.summary()
    assert corpus.snapshot(store.path) == before


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", NAMES)
def test_not_strict_writes_exactly_the_good_rows(store, cases, name, path):
    case = cases[name]
    if case.error:
        before = corpus.snapshot(store.path)
        with pytest.raises(ImportSourceError):
            _run(store, case, strict=False, path=path)
        assert corpus.snapshot(store.path) == before
        return
    n_before, audit_before = store.count(case.kind), store.count("audit_log")
    report = _run(store, case, strict=False, path=path)
    _check_rejections(report, case)
    assert store.count(case.kind) - n_before == case.good == sum(report.inserted.values())
    assert report.written == bool(case.good)
    assert store.count("audit_log") == audit_before  # new rows are not audited one by one
    # the rows already there are untouched
    assert next(store.rows("drain_pipe", "code = 'GD-KEEP'"))["diameter_mm"] == 300
    written = {r["code"] for r in store.rows(case.kind)} - {"GD-KEEP", "JC-KEEP"}
    rejected_codes = {str(r.value) for r in report.rejected if r.field == "code"}
    assert not written & rejected_codes


def test_sql_like_names_are_stored_as_text(store, cases):
    report = _run(store, cases["SQL-like strings in names (kept as text) and an overlong name"], strict=False)
    assert report.inserted == {"drain_pipe": 2}
    names = {r["name"] for r in store.rows("drain_pipe")}
    assert "'; DROP TABLE drain_pipe; --" in names and "Robert'); DELETE FROM road;--" in names
    assert store.count("road") == 0 and store.count("drain_pipe") == 3


def test_repair_fixes_what_it_can(store, cases):
    """REPAIR: the bow-tie polygon splits in two (still rejected, saying so); a multi-part line that does
    not join stays rejected; a one-point line cannot be repaired."""
    bow = cases["self-intersecting polygon"]
    report = import_facilities(store, bow.path, bow.kind, repair=True)
    [r] = report.rejected
    assert "Self-intersection" in r.reason and "MultiPolygon" in r.reason
    multi = cases["multi-part line (single-part multi accepted)"]
    report = import_facilities(store, multi.path, multi.kind, repair=True)
    assert [r.source_row for r in report.rejected] == [2] and "do not join" in report.rejected[0].reason
