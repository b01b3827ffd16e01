"""The office's 2025 programmes in the demo city (issue 5), drawn from the city's own rows.

- **汛期前管网清疏** (flood-season pipe cleaning, 1 January – 31 May 2025): a target per district of
  :data:`CLEANING_RATE` of its network length — at ``city`` scale the districts' targets add up to
  the seed's 460 km. Each district cleans segments (storm and combined first) until its share of
  the target is reached: most districts a little over, 点军区 behind (:data:`CLEANING_PACE`). Every
  cleaned segment is a done ``maintenance`` row, ``work_type`` 'cleaning', linked to the programme.
- **更换新型井盖、雨篦** and **新型宽边防沉降井盖** (covers and grates; anti-settlement covers),
  calendar 2025: each replacement the network already holds (a manhole's ``cover_replaced_on``, a
  grate replacement work) gets its ``cover_replacement`` row (old and new type and load class). The
  district targets are what the district had replaced by :data:`PLAN_MET_BY` rounded down to tens,
  so the plan is met about five months before its 31 December deadline, as in the seed.
- **一点一策**: a plan for each waterlogging point but a few active ones (the "points without a
  plan" list), some overdue; remediated points' plans are done.
- **综合井盖案件轮派**: the maintenance units and cover cases of the last quarter of 2025, dispatched
  in rotation; a few still open on the reference date.

Every row comes from its own random streams (``programmes/…``), so the rest of the city is the
same with or without them. Pure Python.
"""
from __future__ import annotations

import datetime as _dt
import math

from ..validation import format_datetime
from .context import REFERENCE_DATE, day, new_uid, plus_days

YEAR = 2025
CLEANING_RATE = 460.0 / 4189.4  # the seed's 460 km over the city-scale network's 4,189.4 km
CLEANING_FROM, CLEANING_DEADLINE = _dt.date(YEAR, 1, 1), _dt.date(YEAR, 5, 31)
CLEANING_PACE = {"点军区": 0.93, "西陵区": 1.08}  # share of its target a district cleans (default 1.02)
PLAN_MET_BY = _dt.date(YEAR, 7, 25)
CASE_FROM = _dt.date(YEAR, 10, 1)
CASES_AS_OF = _dt.time(20, 0)  # the cases are as of 20:00 on the reference date

UNITS = (  # (name, district, open-case limit)
    ("宜昌市政建设工程有限公司", None, 6),
    ("宜昌城投市政养护有限公司", None, 6),
    ("湖北峡江市政工程有限公司", None, 4),
    ("西陵区市政设施养护中心", "西陵区", 3),
    ("伍家岗区市政设施养护所", "伍家岗区", 3),
    ("夷陵区城市管理执法局养护队", "夷陵区", 3),
)
WORK_TYPES = (  # description prefix -> work_type
    ("管道清疏", "cleaning"), ("更换新型宽边防沉降井盖", "cover_replacement"), ("更换新型雨篦", "cover_replacement"),
    ("增设雨水口", "inlet_installation"), ("井盖破损抢修", "repair"), ("局部修复", "repair"), ("整体修复", "repair"),
    ("开挖翻建", "repair"),
)
OLD_COVERS = ("cast_iron", "cast_iron", "concrete", "ductile_iron")
PROBLEMS = ("broken", "sunken", "sunken", "rattling", "missing", "displaced", "grate_blocked", "other")
SOURCES = ("hotline", "hotline", "digital_city", "patrol", "public")
CAUSES = ("地势低洼，雨水管网排水能力不足（设计重现期偏低）", "下游排口受长江高水位顶托，出流不畅",
          "雨水口数量不足且部分堵塞，收水能力不够", "管道淤积、错接混接，过流断面减小", "周边硬化面积增加，径流系数升高")
MEASURES = ("雨水管网扩容改造，增设雨水口", "排口改造并增设拍门，汛期预降水位", "增设雨水口、定期清掏，汛前疏通管网",
            "清淤修复、混接改造", "透水铺装、下沉式绿地等海绵设施，源头减排")


def work_type(description: str) -> str | None:
    for prefix, kind in WORK_TYPES:
        if description.startswith(prefix):
            return kind
    return None


class Programmes:
    """The programme rows of one city, built district by district; :meth:`finish` yields the rest."""

    def __init__(self, ctx, districts):
        self.ctx = ctx
        rng = ctx.rng("programmes", "uids")
        self.uid = {k: new_uid(rng) for k in ("pipe_cleaning", "cover_replacement", "anti_settlement_covers")}
        self.targets: dict = {k: {} for k in self.uid}
        self.unit_uids = [new_uid(rng) for _ in UNITS]
        self.case_sites: list = []  # (district, district code, manhole row) candidates for cover cases
        self.districts = [d.name for d in districts]

    # ---- one district
    def district(self, d, pipes: list, manholes: list, inlets: list, points: list, works: list) -> dict:
        """Programme rows of district ``d``: cleaning works (appended to ``works``), cover replacements,
        waterlogging plans. Also tags every work of ``works`` with its ``work_type``."""
        for w in works:
            w.setdefault("work_type", work_type(w["description"] or ""))
        rng = self.ctx.rng(d.code, "programmes", "cleaning")
        km = sum(p["length_m"] or 0.0 for p in pipes) / 1000.0
        target = round(CLEANING_RATE * km, 1)
        self.targets["pipe_cleaning"][d.name] = target
        cleaned = self._cleaning(rng, d, pipes, target * CLEANING_PACE.get(d.name, 1.02), works)
        replacements = self._covers(self.ctx.rng(d.code, "programmes", "covers"), d, manholes, inlets, works)
        plans = self._plans(self.ctx.rng(d.code, "programmes", "plans"), points)
        rng = self.ctx.rng(d.code, "programmes", "case-sites")
        sample = rng.sample(manholes, min(len(manholes), 400))
        self.case_sites.extend((d.name, d.code, m) for m in sample)
        return {"maintenance": cleaned, "cover_replacement": replacements, "waterlogging_plan": plans}

    def _cleaning(self, rng, d, pipes: list, km: float, works: list) -> list:
        order = sorted(pipes, key=lambda p: (p["usage"] == "sewage", rng.random()))
        out, done = [], 0.0
        for p in order:
            if done >= km:
                break
            started = day(rng, _dt.date(YEAR, 2, 15), _dt.date(YEAR, 5, 25))
            length = p["length_m"] or 0.0
            out.append({
                "uid": new_uid(rng), "facility_uid": p["uid"], "facility_kind": "drain_pipe", "category": "preventive",
                "status": "done", "started_on": started.isoformat(),
                "finished_on": plus_days(started, rng.randint(0, 2)).isoformat(),
                "description": "汛期前管网清疏：高压射水清淤、绞车疏通", "contractor": rng.choice(UNITS[:3])[0],
                "cost_yuan": round(length * rng.uniform(18, 32), 2), "work_type": "cleaning",
                "programme_uid": self.uid["pipe_cleaning"], "responsible_unit": p["maintenance_unit"],
            })
            done += length / 1000.0
        works.extend(out)
        return out

    def _covers(self, rng, d, manholes: list, inlets: list, works: list) -> list:
        by_facility = {}
        for w in works:
            if w.get("work_type") == "cover_replacement":
                by_facility.setdefault(w["facility_uid"], []).append(w)
        out = []
        met = {"cover_replacement": 0, "anti_settlement_covers": 0}
        for m in manholes:
            if not m["cover_replaced_on"]:
                continue
            on = _dt.date.fromisoformat(m["cover_replaced_on"])
            old_load = "C250" if m["cover_zone"] == "carriageway" and rng.random() < 0.3 else m["load_class"]
            this_year = on.year == YEAR
            work_uid = next((w["uid"] for w in by_facility.get(m["uid"], ()) if w["started_on"] == on.isoformat()),
                            None)
            out.append({"uid": new_uid(rng), "facility_uid": m["uid"], "facility_kind": "manhole",
                        "replaced_on": on.isoformat(), "old_cover_type": rng.choice(OLD_COVERS),
                        "new_cover_type": m["cover_type"], "old_load_class": old_load, "new_load_class": m["load_class"],
                        "anti_settlement": True, "programme_uid": self.uid["cover_replacement"] if this_year else None,
                        "maintenance_uid": work_uid})
            if this_year and on <= PLAN_MET_BY:
                met["cover_replacement"] += 1
                met["anti_settlement_covers"] += 1
        inlet_rows = {i["uid"]: i for i in inlets}
        for w in works:
            inlet = inlet_rows.get(w["facility_uid"])
            if inlet is None or w.get("work_type") != "cover_replacement":
                continue
            on = _dt.date.fromisoformat(w["started_on"])
            out.append({"uid": new_uid(rng), "facility_uid": inlet["uid"], "facility_kind": "rain_inlet",
                        "replaced_on": on.isoformat(), "old_cover_type": None, "new_cover_type": None,
                        "old_load_class": "C250", "new_load_class": inlet["load_class"], "anti_settlement": True,
                        "programme_uid": self.uid["cover_replacement"] if on.year == YEAR else None,
                        "maintenance_uid": w["uid"]})
            if on.year == YEAR and on <= PLAN_MET_BY:
                met["cover_replacement"] += 1
        for kind, n in met.items():
            if n:  # a district with nothing replaced by then gets no target
                self.targets[kind][d.name] = float(n // 10 * 10 if n >= 50 else n)
        return out

    def _plans(self, rng, points: list) -> list:
        out = []
        for k, p in enumerate(sorted(points, key=lambda r: r["code"])):
            status = p["status"]
            if status == "active" and k % 4 == 3:
                continue  # a point without a plan yet: on the office's list
            cause, measures = rng.choice(CAUSES), rng.choice(MEASURES)
            if p["sponge_city"]:
                measures += "；纳入海绵城市示范"
            row = {"uid": new_uid(rng), "facility_uid": p["uid"], "facility_kind": "waterlogging_point",
                   "cause": cause, "measures": measures, "responsible_unit": p["maintenance_unit"],
                   "sponge_city": bool(p["sponge_city"]), "project": None, "completed_on": None}
            if status == "remediated":
                done = day(rng, _dt.date(2020, 6, 1), _dt.date(2024, 12, 31))
                row.update(status="done", deadline=plus_days(done, rng.randint(0, 60)).isoformat(),
                           completed_on=done.isoformat(), project=f"{p['name']}内涝治理项目")
            elif status == "in_treatment":
                row.update(status="in_progress", deadline=day(rng, _dt.date(2026, 4, 1), _dt.date(2026, 5, 31)).isoformat(),
                           project=f"{p['name']}积水点整治工程")
            else:  # active: approved; one in three already past its deadline (overdue on the reference date)
                late = k % 3 == 0
                deadline = day(rng, _dt.date(2025, 5, 1), _dt.date(2025, 10, 31)) if late else \
                    day(rng, _dt.date(2026, 4, 1), _dt.date(2026, 5, 31))
                row.update(status="approved", deadline=deadline.isoformat())
            out.append(row)
        return out

    # ---- the city
    def finish(self) -> list:
        """(table, rows) of the units, the programmes with their district targets, and the cover cases."""
        rng = self.ctx.rng("programmes", "rows")
        units = [{"uid": uid, "name": name, "district": district, "rotation_order": k + 1, "open_case_limit": limit,
                  "active": True, "phone": f"0717-6{rng.randint(100000, 999999)}"}
                 for k, (uid, (name, district, limit)) in enumerate(zip(self.unit_uids, UNITS))]
        specs = {
            "pipe_cleaning": ("2025年汛期前管网清疏", CLEANING_FROM, CLEANING_DEADLINE),
            "cover_replacement": ("2025年更换新型井盖、雨篦", _dt.date(YEAR, 1, 1), _dt.date(YEAR, 12, 31)),
            "anti_settlement_covers": ("2025年新型宽边防沉降井盖", _dt.date(YEAR, 1, 1), _dt.date(YEAR, 12, 31)),
        }
        programmes, targets = [], []
        for kind, (name, start, deadline) in specs.items():
            by_district = self.targets[kind]
            total = round(sum(by_district.values()), 1)
            programmes.append({"uid": self.uid[kind], "kind": kind, "year": YEAR, "name": name,
                               "starts_on": start.isoformat(), "deadline": deadline.isoformat(), "target": total,
                               "notes": "演示数据：目标按各区实际规模折算"})
            for district in self.districts:
                if district in by_district:
                    targets.append({"uid": new_uid(rng), "programme_uid": self.uid[kind], "district": district,
                                    "target": by_district[district]})
        return [("maintenance_unit", units), ("programme", programmes), ("programme_target", targets),
                ("cover_case", self._cases(units))]

    def _cases(self, units: list) -> list:
        """Cover cases of the last quarter, dispatched in rotation; a few open on the reference date."""
        rng = self.ctx.rng("programmes", "cases")
        n = min(len(self.case_sites), max(12, len(self.case_sites) // 6))
        sites = rng.sample(self.case_sites, n)
        start = _dt.datetime.combine(CASE_FROM, _dt.time(7, 0))
        end = _dt.datetime.combine(REFERENCE_DATE, CASES_AS_OF)
        late = max(2, n // 40)  # reported on the last afternoon: still open "now"
        span = (end - start).total_seconds() - 6 * 3600
        times = sorted(start + _dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(n - late))
        times += sorted(end - _dt.timedelta(minutes=rng.randint(20, 300)) for _ in range(late))
        cases = []
        for k, ((district, code, m), at) in enumerate(zip(sites, times)):
            unit = units[k % len(units)]
            dispatched = at + _dt.timedelta(minutes=rng.randint(5, 40))
            responded = dispatched + _dt.timedelta(hours=rng.choice((0.5, 0.8, 1.2, 1.5, 1.8, 3.5)))
            fixed = responded + _dt.timedelta(hours=rng.choice((4, 6, 10, 18, 22, 30)))
            status = "closed" if fixed + _dt.timedelta(days=1) <= end else "fixed" if fixed <= end else \
                "responded" if responded <= end else "dispatched"
            x, y = m["geom"][1]
            angle, r = rng.uniform(0, 2 * math.pi), rng.uniform(0.2, 2.5)
            cases.append({
                "uid": new_uid(rng), "code": f"JG-{YEAR}-{code}{k + 1:05d}", "reported_at": _iso(at),
                "source": rng.choice(SOURCES), "problem": rng.choice(PROBLEMS), "description": None,
                "manhole_uid": m["uid"], "district": district, "unit_uid": unit["uid"], "status": status,
                "dispatched_at": _iso(dispatched), "responded_at": _iso(responded) if responded <= end else None,
                "fixed_at": _iso(fixed) if fixed <= end else None,
                "geom": ("Point", (round(x + r * math.cos(angle), 3), round(y + r * math.sin(angle), 3))),
            })
        return cases


CST = _dt.timezone(_dt.timedelta(hours=8))  # the city's clock (China Standard Time)


def _iso(t: _dt.datetime) -> str:
    """A local (Beijing) time as the store keeps date-times: UTC, ``YYYY-MM-DDTHH:MM:SS.sssZ``."""
    return format_datetime(t.replace(microsecond=0, tzinfo=CST))
