"""The demo city generator (core.demo) and its writer (layers.demo_writer). No QGIS needed.

Grades are re-derived here from the thresholds in STANDARDS.md, independently
of core.demo.grading, so that a wrong threshold there would show.
"""
import collections
import datetime as dt
import hashlib
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from safe_municipal.core import schema as S
from safe_municipal.core.demo import REFERENCE_DATE, SCALES, TOTAL_STORAGE_M3, DemoCity, generate
from safe_municipal.core.demo import geography as G
from safe_municipal.core.geometry import line_length
from safe_municipal.layers.demo_writer import DemoCancelled, write_demo_city
from safe_municipal.layers.gpkg import GpkgStore

ROOT = Path(__file__).resolve().parents[2]


def collect(scale, seed=1):
    tables = collections.defaultdict(list)
    for table, rows in generate(scale, seed):
        tables[table].extend(rows)
    return dict(tables)


def digest(batches) -> str:
    h = hashlib.sha256()
    for table, rows in batches:
        h.update(table.encode())
        for row in rows:
            h.update(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def tiny():
    return collect("tiny")


@pytest.fixture(scope="module")
def small():
    return collect("small")


@pytest.fixture(scope="module", params=["tiny", "small"])
def city(request, tiny, small):
    return {"tiny": tiny, "small": small}[request.param]


def by_uid(rows):
    return {r["uid"]: r for r in rows}


# ---------------------------------------------------------------- determinism
def test_same_scale_and_seed_give_identical_rows():
    assert digest(generate("tiny", 7)) == digest(generate("tiny", 7))
    again = DemoCity("tiny", 7)
    assert digest(again) == digest(again)  # a second pass over one object too


def test_rows_do_not_depend_on_the_hash_seed():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import hashlib, json;"
            "from safe_municipal.core.demo import generate; h = hashlib.sha256()\n"
            "for t, rows in generate('tiny', 3):\n"
            "    h.update(t.encode())\n"
            "    for r in rows: h.update(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str).encode())\n"
            "print(h.hexdigest())")
    out = {subprocess.run([sys.executable, "-c", code, str(ROOT / ".build" / "pkgroot")], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
           for seed in ("1", "4242")}
    assert out == {digest(generate("tiny", 3))}


def test_another_seed_gives_another_city(tiny):
    other = collect("tiny", seed=2)
    assert digest(generate("tiny", 1)) != digest(generate("tiny", 2))
    assert not set(by_uid(tiny["drain_pipe"])) & set(by_uid(other["drain_pipe"]))
    assert [r["geom"] for r in tiny["road"]] != [r["geom"] for r in other["road"]]


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="tiny"):
        generate("huge")


# ---------------------------------------------------------------- scales
def count(scale):
    return collections.Counter({t: len(rows) for t, rows in collect(scale).items()})


def test_counts_per_scale_are_plausible(tiny, small):
    t = collections.Counter({k: len(v) for k, v in tiny.items()})
    s = collections.Counter({k: len(v) for k, v in small.items()})
    assert 100 <= t["drain_pipe"] <= 400 and 300 <= s["drain_pipe"] <= 1000
    for c in (t, s):
        assert 0.95 <= c["manhole"] / c["drain_pipe"] <= 1.2  # a manhole at every segment end
        assert 0.2 <= c["rain_inlet"] / c["drain_pipe"] <= 0.8
        assert c["tunnel"] >= 3 and c["bridge"] >= 5 and c["storage_facility"] >= 5 and c["waterlogging_point"] >= 5
        assert c["inspection"] > c["drain_pipe"] / 2 and c["maintenance"] > 0 and c["maintenance_material"] > 0
    assert s["road"] > t["road"]


def test_medium_scale_has_about_ten_thousand_pipes():
    c = count("medium")
    assert 8_000 <= c["drain_pipe"] <= 14_000
    assert c["road"] >= 100 and c["bridge"] >= 20 and c["tunnel"] >= 4


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SM_RUN_SLOW"), reason="city scale takes a few seconds; set SM_RUN_SLOW=1")
def test_city_scale_has_over_100k_pipes():
    c = count("city")
    assert c["drain_pipe"] >= 100_000 and c["manhole"] >= 100_000
    assert c["road"] >= 1000 and c["rain_inlet"] >= 30_000 and c["inspection"] >= 80_000


def test_scales_are_described():
    assert {"tiny", "small", "medium", "city"} <= set(SCALES)
    assert all(spec.description for spec in SCALES.values())


# ---------------------------------------------------------------- the seed's facilities
def named(rows, name):
    found = [r for r in rows if r.get("name") == name]
    assert found, f"{name} is missing"
    return found[0]


def test_named_roads_and_tunnels(city):
    roads = by_uid(city["road"])
    for name in ("三峡大道", "城东大道"):
        assert named(city["road"], name)["road_class"] == "arterial"
    for name in ("东山隧道", "云集隧道", "张家湾隧道"):
        assert named(city["tunnel"], name)["road_uid"] in roads
    assert roads[named(city["tunnel"], "张家湾隧道")["road_uid"]]["name"] == "城东大道"
    for bridge in city["bridge"]:
        if bridge["bridge_type"] != "pedestrian":
            assert bridge["road_uid"] in roads, bridge["name"]
    named(city["bridge"], "三峡路跨高速桥")
    assert sum(b["bridge_class"] == "I" for b in city["bridge"]) == 4  # the Yangtze bridges


def test_named_waterlogging_points(city):
    for name in ("北汽贸城", "三峡路跨高速桥下", "长江市场"):
        assert named(city["waterlogging_point"], name)["status"] == "remediated"
    for name in ("金龙路朝阳路", "东湖大道"):
        p = named(city["waterlogging_point"], name)
        assert p["status"] == "in_treatment" and p["sponge_city"] is True


def test_seed_works(city):
    facilities = {r["uid"]: r for t in ("road", "tunnel") for r in city[t]}
    works = {}
    for w in city["maintenance"]:
        f = facilities.get(w["facility_uid"])
        if f is not None and f["name"] in ("东山隧道", "云集隧道", "张家湾隧道", "三峡大道") and \
                any(k in w["description"] for k in ("病害维修", "中修工程", "整治提升")):
            works[f["name"]] = w
    assert {k: w["category"] for k, w in works.items()} == {
        "东山隧道": "corrective", "云集隧道": "corrective", "张家湾隧道": "major", "三峡大道": "corrective"}
    assert all(w["status"] == "done" for w in works.values())
    materials = {m["material"] for m in city["maintenance_material"]}
    assert {"超高性能混凝土(UHPC)", "磷镁混合料", "生态地铺石", "沥青混凝土", "宽边防沉降井盖"} <= materials


def test_seed_totals(city):
    assert sum(r["capacity_m3"] for r in city["storage_facility"]) == pytest.approx(TOTAL_STORAGE_M3, abs=1)
    eco = sum(m["quantity"] for m in city["maintenance_material"] if m["material"] == "生态地铺石")
    assert eco == pytest.approx(15_000, abs=1)


def test_districts_lie_on_their_banks(city):
    names = {c.value for c in S.VALUE_LISTS["district"]}
    pipes = city["drain_pipe"]
    assert {p["district"] for p in pipes} == names
    for p in pipes[::7]:
        x, y = p["geom"][1][0]
        dist, side, _, _ = G.RIVER_LINE.locate(x - G.ORIGIN[0], y - G.ORIGIN[1])
        assert dist > G.RIVER_HALF_WIDTH
        assert (side > 0) == (p["district"] != "点军区"), p["district"]


def test_coordinates_are_in_yichang(city):
    for table in ("road", "drain_pipe", "manhole", "rain_inlet", "waterlogging_point"):
        for r in city[table]:
            kind, coords = r["geom"]
            for x, y in [coords] if kind == "Point" else coords:
                assert 505_000 < x < 560_000 and 3_365_000 < y < 3_425_000


# ---------------------------------------------------------------- the drainage network
def test_pipes_end_at_their_manholes(city):
    manholes = by_uid(city["manhole"])
    for p in city["drain_pipe"]:
        up, down = manholes[p["up_manhole_uid"]], manholes[p["down_manhole_uid"]]
        assert up["geom"][1] == p["geom"][1][0] and down["geom"][1] == p["geom"][1][-1]
        assert up["usage"] == down["usage"] == p["usage"]
        assert p["up_invert_depth_m"] <= up["depth_m"] + 1e-9 and p["down_invert_depth_m"] <= down["depth_m"] + 1e-9


def test_network_is_a_forest_draining_to_its_ends(city):
    manholes = by_uid(city["manhole"])
    out = collections.defaultdict(list)
    for p in city["drain_pipe"]:
        out[p["up_manhole_uid"]].append(p)
    assert all(len(v) == 1 for v in out.values()), "a manhole with two outgoing pipes"
    ends = {u for u in manholes if u not in out}
    for u, m in manholes.items():  # every manhole drains, pipe by pipe, to an end; diameters never shrink
        seen, d = set(), 0
        while u in out:
            assert u not in seen
            seen.add(u)
            pipe = out[u][0]
            assert pipe["diameter_mm"] >= d
            d, u = pipe["diameter_mm"], pipe["down_manhole_uid"]
        assert u in ends
    for u in ends:  # outfalls near the river, or pump stations
        notes = manholes[u]["notes"]
        assert notes and ("泵站" in notes or "排放口" in notes or "截流" in notes or "末端" in notes)
        if "泵站" not in notes:
            x, y = manholes[u]["geom"][1]
            assert G.RIVER_LINE.locate(x - G.ORIGIN[0], y - G.ORIGIN[1])[0] < 1_500
    # connected per catchment: union-find over pipes leaves exactly one group per end
    parent = {u: u for u in manholes}

    def find(u):
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for p in city["drain_pipe"]:
        parent[find(p["up_manhole_uid"])] = find(p["down_manhole_uid"])
    assert len({find(u) for u in manholes}) == len(ends)


def test_pipe_attributes(city):
    for p in city["drain_pipe"]:
        assert p["length_m"] == pytest.approx(line_length(p["geom"][1]), abs=1e-3)
        assert 30 <= p["length_m"] <= 50
        assert 300 <= p["diameter_mm"] <= 1500
        assert 1.0 <= p["up_invert_depth_m"] <= 15 and 1.0 <= p["down_invert_depth_m"] <= 15
        assert p["area_class"] and p["soil_class"] and p["road_uid"] and p["material"]
    assert {"storm", "sewage", "combined"} == {p["usage"] for p in city["drain_pipe"]}


def test_lengths_match_geometry(city):
    for table in ("road", "bridge", "tunnel"):
        for r in city[table]:
            assert r["length_m"] == pytest.approx(line_length(r["geom"][1]), abs=1e-3), (table, r["name"])


def test_covers_and_inlets(small):
    manholes = by_uid(small["manhole"])
    types = collections.Counter(m["cover_type"] for m in small["manhole"])
    assert types["wide_rim_anti_settlement"] > 0
    carriageway = [m for m in small["manhole"] if m["cover_zone"] == "carriageway"]
    loads = collections.Counter(m["load_class"] for m in carriageway)
    assert loads["D400"] > 0.9 * len(carriageway) and loads["C250"] > 0  # a few non-compliant covers
    for m in small["manhole"]:
        assert (m["cover_type"] == "wide_rim_anti_settlement") == bool(m["cover_replaced_on"])
    for inlet in small["rain_inlet"]:
        assert manholes[inlet["manhole_uid"]]["usage"] in ("storm", "combined")


# ---------------------------------------------------------------- records
def road_grade(pci, rqi, road_class):
    pci_t = {"expressway": (90, 75, 65), "arterial": (85, 70, 60), "secondary": (85, 70, 60)}.get(
        road_class, (80, 65, 60))
    rqi_t = {"expressway": (4.1, 3.6, 2.5), "arterial": (3.6, 3.0, 2.4), "secondary": (3.6, 3.0, 2.4)}.get(
        road_class, (3.4, 2.8, 2.2))
    g1 = next((g for g, t in zip("ABC", pci_t) if pci >= t), "D")
    g2 = next((g for g, t in zip("ABC", rqi_t) if rqi > t), "D")
    return max(g1, g2)


def bridge_grade(bci, bsi):
    g = [next((g for g, t in zip("ABCD", (90, 80, 66, 50)) if v >= t), "E") for v in (bci, bsi)]
    return max(g)


def pipe_grade(ri, mi):
    order = ("I", "II", "III", "IV")
    g = [next((g for g, t in zip(order, (1, 4, 7)) if v <= t), "IV") for v in (ri, mi)]
    return max(g, key=order.index)


def tunnel_grade(jgci):
    return next((g for g, t in zip("1234", (85, 70, 55, 40)) if jgci >= t), "5")


def test_inspection_grades_agree_with_indices(city):
    facilities = {r["uid"]: r for t in S.FACILITY_KINDS for r in city.get(t, ())}
    standards = {"road": "CJJ36-2016", "bridge": "CJJ99-2017", "drain_pipe": "CJJ181-2012", "tunnel": "JTGH12-2015",
                 "waterlogging_point": "GB51222-2017"}
    seen = collections.Counter()
    for i in city["inspection"]:
        f = facilities[i["facility_uid"]]
        kind = i["facility_kind"]
        ind = json.loads(i["indices"])
        assert i["standard"] == standards[kind] and i["inspector"] and i["summary"]
        if kind == "road":
            assert 4.98 - 0.34 * ind["IRI"] == pytest.approx(ind["RQI"], abs=0.006)
            assert i["grade"] == road_grade(ind["PCI"], ind["RQI"], f["road_class"])
        elif kind == "bridge":
            assert i["grade"] == bridge_grade(ind["BCI"], ind["BSI"])
        elif kind == "drain_pipe":
            assert i["grade"] == pipe_grade(ind["RI"], ind["MI"]) and i["inspection_type"] == "cctv"
        elif kind == "tunnel":
            assert i["grade"] == tunnel_grade(ind["JGCI"])
        else:
            assert i["grade"] is None and ind["max_depth_cm"] >= 0
        seen[kind] += 1
    assert set(seen) == set(standards)


def test_facilities_carry_their_latest_inspection(city):
    latest = {}
    for i in city["inspection"]:
        if i["facility_uid"] not in latest or i["inspected_on"] >= latest[i["facility_uid"]]["inspected_on"]:
            latest[i["facility_uid"]] = i
    for table in ("road", "bridge", "tunnel", "drain_pipe", "waterlogging_point"):
        for f in city[table]:
            last = latest.get(f["uid"])
            if last is None:
                assert f.get("grade") is None and f.get("last_inspected") is None
                continue
            assert f["grade"] == last["grade"] and f["last_inspected"] == last["inspected_on"]
            assert f["grade_standard"] == last["standard"] and f["next_due"] > f["last_inspected"]


def test_maintenance_dates_and_status(city):
    kinds = {t: by_uid(city.get(t, ())) for t in S.FACILITY_KINDS}
    works = by_uid(city["maintenance"])
    ref = REFERENCE_DATE.isoformat()
    for w in works.values():
        assert w["facility_uid"] in kinds[w["facility_kind"]]
        assert w["finished_on"] >= w["started_on"] >= "2019-01-01" and w["finished_on"] <= "2026-12-31"
        expected = "done" if w["finished_on"] <= ref else "in_progress" if w["started_on"] <= ref else "planned"
        assert w["status"] == expected
        assert w["category"] in S.value_codes("maintenance_category") and w["description"] and w["contractor"]
    for m in city["maintenance_material"]:
        assert m["maintenance_uid"] in works and m["quantity"] > 0 and m["unit"]
    for i in city["inspection"]:
        assert i["facility_uid"] in kinds[i["facility_kind"]]
        assert "2019-01-01" <= i["inspected_on"] <= ref


def test_codes_and_uids_are_unique(city):
    uids = [r["uid"] for rows in city.values() for r in rows]
    assert len(uids) == len(set(uids))
    for table in S.FACILITY_KINDS:
        codes = [r["code"] for r in city.get(table, ())]
        assert len(codes) == len(set(codes))
        assert all(c.startswith(S.table(table).code_prefix + "-") for c in codes)


# ---------------------------------------------------------------- the writer
class Feedback:
    def __init__(self, cancel_after=None):
        self.progress, self.calls, self.cancel_after = [], 0, cancel_after

    def setProgress(self, value):  # noqa: N802 - QgsFeedback's name
        self.progress.append(value)

    def isCanceled(self):  # noqa: N802 - QgsFeedback's name
        self.calls += 1
        return self.cancel_after is not None and self.calls > self.cancel_after


def test_write_demo_city_to_a_path(tmp_path, tiny):
    path = tmp_path / "demo.gpkg"
    path.write_bytes(b"old file, to be replaced")
    feedback = Feedback()
    counts = write_demo_city(str(path), "tiny", 1, feedback=feedback)
    assert counts == {t: len(rows) for t, rows in tiny.items()}
    assert feedback.progress == sorted(feedback.progress) and feedback.progress[-1] == 100.0
    conn = sqlite3.connect(path)
    for table, n in counts.items():
        assert conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n
        if S.table(table).is_spatial:
            assert conn.execute(f'SELECT count(*) FROM "rtree_{table}_geom"').fetchone()[0] == n
            assert conn.execute("SELECT min_x FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()[0]
    conn.close()
    with GpkgStore.open(str(path), writable=False) as store:
        assert store.count("drain_pipe") == counts["drain_pipe"]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin not installed")
def test_written_store_opens_in_gdal(tmp_path):
    path = tmp_path / "demo.gpkg"
    counts = write_demo_city(str(path), "tiny", 5)
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True,
                         check=True).stdout
    for table in ("drain_pipe", "manhole", "road"):
        block = out.split(f"Layer name: {table}\n", 1)[1]
        assert f"Feature Count: {counts[table]}" in block.split("Layer name:")[0]


def test_cancel_rolls_back_into_an_open_store(tmp_path):
    store = GpkgStore.create(str(tmp_path / "mine.gpkg"))
    with pytest.raises(DemoCancelled):
        write_demo_city(store, "tiny", 1, feedback=Feedback(cancel_after=3))
    assert all(store.count(t.name) == 0 for t in S.FACILITY_TABLES + S.RECORD_TABLES)
    store.close()


def test_cancel_removes_a_store_it_created(tmp_path):
    path = tmp_path / "demo.gpkg"
    with pytest.raises(DemoCancelled):
        write_demo_city(str(path), "tiny", 1, feedback=Feedback(cancel_after=5))
    assert not path.exists()


def test_written_dates_do_not_follow_the_clock(tmp_path):
    path = tmp_path / "demo.gpkg"
    write_demo_city(str(path), "tiny", 1)
    conn = sqlite3.connect(path)
    latest = conn.execute("SELECT max(inspected_on) FROM inspection").fetchone()[0]
    assert latest <= REFERENCE_DATE.isoformat()
    assert dt.date.fromisoformat(latest).year == 2025
    conn.close()


def test_every_facility_kind_has_rows(city):
    for table in S.FACILITY_KINDS:
        assert city.get(table), table
    assert math.isclose(sum(1 for _ in city["tunnel"]), len({t["name"] for t in city["tunnel"]}))


# --------------------------------------------------------------------------- the 2025 programmes (issue 5)
def test_programme_rows_hang_together(city):
    from safe_municipal.core.demo import programmes as P

    progs = {p["kind"]: p for p in city["programme"]}
    assert set(progs) == {"pipe_cleaning", "cover_replacement", "anti_settlement_covers"}
    targets = collections.defaultdict(dict)
    for t in city["programme_target"]:
        targets[t["programme_uid"]][t["district"]] = t["target"]
    for p in progs.values():
        assert p["target"] == round(sum(targets[p["uid"]].values()), 1) > 0
    # cleaning: done works of the programme, inside its window; each district near its pace
    pipes = by_uid(city["drain_pipe"])
    cleaning = progs["pipe_cleaning"]
    cleaned = collections.defaultdict(float)
    for w in city["maintenance"]:
        if w.get("programme_uid") == cleaning["uid"]:
            assert w["work_type"] == "cleaning" and w["status"] == "done"
            assert cleaning["starts_on"] <= w["finished_on"] <= cleaning["deadline"]
            cleaned[pipes[w["facility_uid"]]["district"]] += pipes[w["facility_uid"]]["length_m"] / 1000
    for district, target in targets[cleaning["uid"]].items():
        pace = P.CLEANING_PACE.get(district, 1.02)
        assert target * pace <= cleaned[district] < target * pace + 0.3, district  # one segment over at most
    # covers: every replacement of the year counted; the plan met by PLAN_MET_BY
    covers = progs["cover_replacement"]
    done = sorted(r["replaced_on"] for r in city["cover_replacement"] if r["programme_uid"] == covers["uid"])
    assert len(done) >= covers["target"] and done[int(covers["target"]) - 1] <= P.PLAN_MET_BY.isoformat()
    manholes = by_uid(city["manhole"])
    for r in city["cover_replacement"]:
        if r["facility_kind"] == "manhole":
            assert r["replaced_on"] == manholes[r["facility_uid"]]["cover_replaced_on"]
            assert r["new_load_class"] == manholes[r["facility_uid"]]["load_class"]
    # every work is typed where its description says what it is
    assert {w["work_type"] for w in city["maintenance"] if w["description"].startswith("管道清疏")} == {"cleaning"}


def test_programme_cases_and_plans(city):
    units = sorted(city["maintenance_unit"], key=lambda u: u["rotation_order"])
    cases = sorted(city["cover_case"], key=lambda c: c["reported_at"])
    assert [c["unit_uid"] for c in cases] == [units[k % len(units)]["uid"] for k in range(len(cases))]
    assert len({c["code"] for c in cases}) == len(cases)
    manholes = by_uid(city["manhole"])
    for c in cases:
        (x, y), (mx, my) = c["geom"][1], manholes[c["manhole_uid"]]["geom"][1]
        assert (x - mx) ** 2 + (y - my) ** 2 <= 2.5 ** 2 + 1e-6
        assert c["reported_at"] < c["dispatched_at"] and c["reported_at"].endswith("Z")
        assert (c["status"] in ("closed", "fixed")) == (c["fixed_at"] is not None)
    assert any(c["status"] in ("dispatched", "responded") for c in cases)  # some still open
    points = by_uid(city["waterlogging_point"])
    planned = {p["facility_uid"] for p in city["waterlogging_plan"]}
    assert planned <= set(points)
    for p in city["waterlogging_plan"]:
        assert (p["status"] == "done") == (points[p["facility_uid"]]["status"] == "remediated")
