"""Detail rows of the demo inspections, chosen so that grading them reproduces the recorded grades.

Made after the records, from each inspection's recorded indices and grade, with a random stream
seeded by the inspection's uid (so the rest of the demo city is unchanged and every pass gives the
same rows):

- **pipes** (``pipe_defect``), every CCTV survey: a structural and a functional defect cluster
  (defects at the same chainage, merged into one) whose CJJ 181 score gives the recorded repair
  (RI) and maintenance (MI) grades, the nearest index to the recorded one; plus a few minor defects
  spaced > 1.5 m apart that never score above the cluster (so F and G are unchanged). Reproduced
  exactly, grade for grade (the recorded RI/MI values themselves are the generator's and may differ).
- **tunnels** (``tunnel_item``): item condition values whose JGCI is within 0.5 of the recorded one and
  in the same class (no override unless the class calls for it). Reproduced exactly by class.
- **roads** (``pavement_distress``): one distress whose deduction ``dp`` = 100 − PCI gives the
  recorded PCI exactly; the IRI is already in the inspection's indices. PCI and RQI grades
  reproduce; the engine also grades PQI, so the overall grade can be one worse than the recorded one.
- **bridges** (``bridge_element``): the worst element carries 100 − BSI (the recorded BSI exactly);
  further deductions no larger than it lower BCI towards the recorded value. BSI reproduces; BCI to
  within the smallest element contribution.
- **waterlogging points** (``waterlogging_event``): one event per recorded rain-event inspection,
  with a return period read from its rainfall (always within the design standard).
"""
from __future__ import annotations

import functools
import json
import random
import uuid

from . import grading as Gr

# (code, grade) -> score, CJJ 181 §1.1 (local defects only: they merge when at the same chainage)
_STRUCT = {("PL", 1): 0.5, ("CK", 1): 0.5, ("SL", 1): 0.5, ("AJ", 1): 0.5, ("TJ", 1): 1.0, ("TL", 1): 1.0,
           ("PL", 2): 2.0, ("CK", 2): 2.0, ("SL", 2): 2.0, ("CR", 2): 2.0, ("TJ", 2): 3.0, ("TL", 2): 3.0,
           ("PL", 3): 5.0, ("CK", 3): 5.0, ("TJ", 3): 5.0, ("SL", 3): 5.0, ("PL", 4): 10.0, ("TJ", 4): 10.0}
_FUNC = {("ZW", 1): 0.1, ("SG", 1): 0.5, ("CQ", 1): 1.0, ("ZW", 2): 2.0, ("SG", 2): 2.0, ("CQ", 2): 3.0,
         ("ZW", 3): 5.0, ("SG", 3): 5.0, ("CQ", 3): 5.0, ("ZW", 4): 10.0, ("SG", 4): 10.0}
_MINOR_STRUCT = (("PL", 1), ("CK", 1), ("SL", 1))
_MINOR_FUNC = (("SG", 1), ("ZW", 1))
_ALPHA = 1.1  # spacing group 2 factor: two equal defects 1–1.5 m apart give F = 1.1 P


@functools.cache
def _clusters(family: str) -> tuple:
    """(score, ((code, grade), ...), paired) candidates: singles, merged pairs (cap 10), group-2 pairs."""
    table = _STRUCT if family == "s" else _FUNC
    by_score: dict = {}
    keys = sorted(table)
    for k in keys:
        by_score.setdefault(table[k], ((k,), False))
    for i, a in enumerate(keys):
        for b in keys[i:]:
            s = min(10.0, table[a] + table[b])
            by_score.setdefault(s, ((a, b), False))
    for k in keys:  # two equal defects in spacing group 2
        if table[k] >= 5:
            by_score.setdefault(round(_ALPHA * table[k], 6), ((k, k), True))
    return tuple(sorted((s, combo, paired) for s, (combo, paired) in by_score.items()))


def _ri(f: float, k: int, e: int, t: int) -> float:  # the engine's default (low_score_zeroes "KE")
    if f <= 0:
        return 0.0
    return 0.7 * f + ((0.1 * k + 0.05 * e) if f >= 4 else 0.0) + 0.15 * t


def _mi(g: float, k: int, e: int) -> float:
    if g <= 0:
        return 0.0
    return 0.8 * g + ((0.15 * k + 0.05 * e) if g >= 4 else 0.0)


def _choose(family: str, target_grade: str, target_value: float, index) -> tuple:
    best = (float("inf"), 0.0, (), False)
    for score, combo, paired in ((0.0, (), False),) + _clusters(family):
        value = index(score)
        if Gr.pipe_index_grade(round(value, 6)) != target_grade:
            continue
        d = abs(value - target_value)
        if d < best[0]:
            best = (d, score, combo, paired)
    return best[1:]


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _place(rows: list, rng, insp_uid: str, at: float, combo: tuple, paired: bool) -> None:
    for j, (code, grade) in enumerate(combo):
        pos = at + 1.3 * j if paired else at  # paired: 1.3 m apart = spacing group 2, not merged
        rows.append({"uid": _uid(rng), "inspection_uid": insp_uid, "code": code, "grade": grade,
                     "start_m": round(pos, 2), "end_m": None, "orientation": None})


def pipe_defects(inspection: dict, pipe: dict) -> list:
    """``pipe_defect`` rows for one CCTV survey of ``pipe``."""
    ind = json.loads(inspection["indices"]) if inspection.get("indices") else {}
    if "RI" not in ind:
        return []
    rng = random.Random(inspection["uid"])
    k, e, t = Gr.K_FACTOR[pipe["area_class"]], Gr.e_factor(pipe["diameter_mm"]), Gr.T_FACTOR[pipe["soil_class"]]
    f, s_combo, s_paired = _choose("s", Gr.pipe_index_grade(ind["RI"]), ind["RI"], lambda x: _ri(x, k, e, t))
    g, f_combo, f_paired = _choose("f", Gr.pipe_index_grade(ind["MI"]), ind["MI"], lambda x: _mi(x, k, e))
    length = float(pipe["length_m"] or 0)
    rows: list = []
    slots = [2.0 + 3.0 * i for i in range(int((length - 4.0) // 3.0))]  # 3 m apart: always group 1
    if len(slots) < 4:
        return rows  # too short to lay the clusters out apart
    rng.shuffle(slots)
    if s_combo:
        _place(rows, rng, inspection["uid"], slots.pop(), s_combo, s_paired)
    if f_combo:
        _place(rows, rng, inspection["uid"], slots.pop(), f_combo, f_paired)
    if s_paired or f_paired:
        return rows  # keep the group-2 pairs' neighbourhood clear
    # Minor defects 3 m from anything else (spacing group 1) that score no more than the cluster, so
    # F and G are unchanged; on a segment with no cluster they are added only where they keep grade Ⅰ.
    extra_s = rng.randint(1, 2) if f >= 0.5 else (rng.randint(0, 1) if f == 0 and _ri(0.5, k, e, t) <= 1 else 0)
    extra_f = rng.randint(1, 2) if g >= 0.1 else rng.randint(0, 1)
    taken = {r["start_m"] for r in rows}
    free = [p for p in slots if all(abs(p - q) >= 3.0 for q in taken)]
    for pool, n in ((_MINOR_STRUCT, extra_s), (_MINOR_FUNC if g >= 0.5 else (("ZW", 1),), extra_f)):
        for _ in range(min(n, len(free))):
            _place(rows, rng, inspection["uid"], free.pop(), (rng.choice(pool),), False)
    if free and rng.random() < 0.15:  # scum: recorded, not scored
        _place(rows, rng, inspection["uid"], free.pop(), (("FZ", rng.randint(1, 3)),), False)
    return rows


TUNNEL_ITEMS = (("衬砌", 40, True), ("洞口", 15, True), ("路面", 15, True), ("吊顶及预埋件", 10, True),
                ("排水", 6, False), ("洞门", 5, True), ("标志标线", 5, False), ("检修道", 2, False),
                ("内装饰", 2, False))


def _jgci(values: dict) -> float:
    total = sum(v * w for (name, w, _), v in zip(TUNNEL_ITEMS, values.values()))
    return 100.0 * (1 - 0.25 * total / 100.0)


def tunnel_items(inspection: dict) -> list:
    """``tunnel_item`` rows whose JGCI gives the recorded class."""
    ind = json.loads(inspection["indices"]) if inspection.get("indices") else {}
    if "JGCI" not in ind:
        return []
    target = Gr.tunnel_grade(ind["JGCI"])
    need = 4.0 * (100.0 - ind["JGCI"])  # Σ v·w
    cap_override = 2 if target in ("1", "2", "3", "4") else 4
    values = {}
    for name, w, override in TUNNEL_ITEMS:
        cap = cap_override if override else 4
        v = max(0, min(cap, int(need // w)))
        values[name] = v
        need -= v * w
    for name, _w, override in reversed(TUNNEL_ITEMS):  # round down went too far: add the lightest items
        if Gr.tunnel_grade(round(_jgci(values), 6)) == target:
            break
        cap = cap_override if override else 4
        while values[name] < cap and Gr.tunnel_grade(round(_jgci(values), 6)) < target:
            values[name] += 1
    rng = random.Random(inspection["uid"])
    return [{"uid": _uid(rng), "inspection_uid": inspection["uid"], "item": name, "value": v}
            for name, v in values.items()]


# CJJ 36 asphalt single-item deductions at densities 0.01 / 0.1 / 1 / 10 / 50 / 100 % (the engine's data file)
_ASPHALT_DP = {"网裂": (5, 8, 10, 20, 45, 70), "坑槽": (10, 15, 25, 40, 65, 72), "车辙": (2, 7, 12, 25, 45, 55),
               "沉陷": (3, 5, 12, 25, 47, 63), "拥包": (3, 10, 15, 30, 52, 65), "剥落": (2, 5, 8, 15, 35, 45)}
_DENSITY = (0.0, 0.01, 0.1, 1.0, 10.0, 50.0, 100.0)


def _density_for(dps: tuple, target: float) -> float:
    pts = (0.0,) + tuple(float(x) for x in dps)
    for i in range(len(pts) - 1):
        if pts[i] <= target <= pts[i + 1] and pts[i + 1] > pts[i]:
            return _DENSITY[i] + (target - pts[i]) / (pts[i + 1] - pts[i]) * (_DENSITY[i + 1] - _DENSITY[i])
    return _DENSITY[-1]


def road_distresses(inspection: dict, road: dict) -> list:
    """One distress whose deduction gives the recorded PCI (a single distress: PCI = 100 − DP)."""
    ind = json.loads(inspection["indices"]) if inspection.get("indices") else {}
    if "PCI" not in ind or ind["PCI"] >= 100:
        return []
    rng = random.Random(inspection["uid"])
    dp = 100.0 - ind["PCI"]
    row = {"uid": _uid(rng), "inspection_uid": inspection["uid"], "area_m2": None, "length_m": None, "dp": None}
    area = float(road.get("length_m") or 0) * float(road.get("width_m") or 0)
    fits = sorted(k for k, v in _ASPHALT_DP.items() if v[-1] > dp)
    if road.get("pavement_type") == "asphalt" and fits and area > 0:  # a measured area, through the table
        kind = rng.choice(fits)
        row.update(type=kind, area_m2=_density_for(_ASPHALT_DP[kind], dp) / 100.0 * area)
    elif road.get("pavement_type") == "concrete":
        row.update(type=rng.choice(("线裂", "板角断裂", "错台", "坑洞")), dp=round(dp, 4))
    else:
        row.update(type=rng.choice(("坑槽", "沉陷", "车辙")), dp=round(dp, 4))
    return [row]


_PART_WEIGHTS = {"arch": (0.10, 0.45, 0.45), "pedestrian": (0.15, 0.45, 0.40)}  # else general 0.15/0.40/0.45
_DECK = (("铺装", 0.30), ("桥头平顺", 0.15), ("伸缩装置", 0.25), ("排水", 0.10), ("人行道", 0.10), ("栏杆", 0.10))
_SPAN = (("主梁", 0.60), ("横向联系", 0.40))
_PIER = (("盖梁", 0.15), ("墩身", 0.30), ("基础", 0.40), ("支座", 0.15))
_ABUTMENT = (("台帽", 0.15), ("台身", 0.20), ("基础", 0.40), ("支座", 0.25))


def bridge_elements(inspection: dict, bridge: dict) -> list:
    """Element deductions: the worst = 100 − BSI; others (no worse) bring BCI to the recorded value."""
    ind = json.loads(inspection["indices"]) if inspection.get("indices") else {}
    if "BSI" not in ind or "BCI" not in ind:
        return []
    worst, deficit = 100.0 - ind["BSI"], 100.0 - ind["BCI"]
    if worst <= 0:
        return []
    n = max(1, int(bridge.get("span_count") or 1))
    wm, ws, wx = _PART_WEIGHTS.get(bridge.get("bridge_type"), (0.15, 0.40, 0.45))
    slots = [("deck", None, None, e, wm * w) for e, w in _DECK]
    slots += [("superstructure", i, None, e, ws * w / n) for i in range(1, n + 1) for e, w in _SPAN]
    for i in range(1, n + 2):
        kind = "abutment" if i in (1, n + 1) else "pier"
        slots += [("substructure", i, kind, e, wx * w / (n + 1)) for e, w in (_ABUTMENT if kind == "abutment" else _PIER)]
    rng = random.Random(inspection["uid"])
    slots.sort(key=lambda s: (s[4], s[0], s[1] or 0, s[3]))
    chosen = [(slots[0], worst)]  # the worst element where it weighs least
    left = deficit - slots[0][4] * worst
    for slot in reversed(slots[1:]):
        if left <= 1e-9:
            break
        m = min(worst, left / slot[4])
        chosen.append((slot, m))
        left -= slot[4] * m
    return [{"uid": _uid(rng), "inspection_uid": inspection["uid"], "part": part, "instance": inst,
             "instance_kind": kind, "element": element, "mdp": round(m, 6), "dps": None, "absent": None,
             "single_item_control": None} for (part, inst, kind, element, _), m in chosen]


_RP_BY_RAIN = ((50, 1), (70, 2), (90, 3), (110, 5), (130, 10))


def waterlogging_event(inspection: dict) -> dict | None:
    ind = json.loads(inspection["indices"]) if inspection.get("indices") else {}
    if "max_depth_cm" not in ind:
        return None
    rain = float(ind.get("rain_mm") or 0)
    rp = next((p for limit, p in _RP_BY_RAIN if rain < limit), 20)
    rng = random.Random(inspection["uid"])
    depth = ind["max_depth_cm"]
    return {"uid": _uid(rng), "facility_uid": inspection["facility_uid"], "inspection_uid": inspection["uid"],
            "event_on": inspection["inspected_on"], "rainfall_mm": rain, "return_period_yr": rp,
            "max_depth_cm": depth, "duration_min": ind.get("duration_min", 0), "building_ingress": depth > 40,
            "traffic_impact": "车道积水，交通受阻" if depth > 15 else None}


DETAIL_TABLES = ("pipe_defect", "pavement_distress", "bridge_element", "tunnel_item", "waterlogging_event")


def details_for(inspections: list, facilities: dict) -> dict:
    """``{detail table: rows}`` for ``inspections``; ``facilities``: uid -> facility row."""
    out: dict = {t: [] for t in DETAIL_TABLES}
    for insp in inspections:
        kind, fac = insp["facility_kind"], facilities.get(insp["facility_uid"])
        if fac is None:
            continue
        if kind == "drain_pipe" and insp["standard"] == "CJJ181-2012":
            out["pipe_defect"].extend(pipe_defects(insp, fac))
        elif kind == "tunnel":
            out["tunnel_item"].extend(tunnel_items(insp))
        elif kind == "road" and insp["standard"] == "CJJ36-2016":
            out["pavement_distress"].extend(road_distresses(insp, fac))
        elif kind == "bridge":
            out["bridge_element"].extend(bridge_elements(insp, fac))
        elif kind == "waterlogging_point":
            event = waterlogging_event(insp)
            if event is not None:
                out["waterlogging_event"].append(event)
    return out
