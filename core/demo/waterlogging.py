"""Waterlogging points (积水点) of one district and their rain events and remediation works.

The seed document's five points stand where it implies: 北汽贸城 at a low
corner of 伍家岗区, 三峡路跨高速桥下 under the 三峡路 overpass, 长江市场 at
the riverside of 西陵区, 金龙路朝阳路 at that crossing, 东湖大道 along it. The
first three were remediated (治理完成), the last two are sponge-city
demonstration projects in treatment. Larger scales add low spots of the
streets. Each rain event is an inspection under GB 51222-2017 with its rain,
greatest depth and duration; a depth over 15 cm marks a 内涝点.
"""
from __future__ import annotations

import math

from . import geography as G
from . import names as N
from .context import DIRECT_UNIT, FIRST_YEAR, LAST_YEAR, REFERENCE_DATE, in_year, new_uid, plus_days
from .records import Records, inspection, set_latest, work
from .roads import Road, Streets
from .structures import overpass_midpoint

REMEDIATED_IN = {"北汽贸城": 2021, "三峡路跨高速桥下": 2022, "长江市场": 2023}
STANDARD = "GB51222-2017"


class PointPlacer:
    """The district's waterlogging point rows."""

    def __init__(self, ctx, geo: G.Geography, district: G.District, nodes: dict, streets: Streets):
        self.ctx, self.geo, self.district, self.nodes, self.streets = ctx, geo, district, nodes, streets
        self.rng = ctx.rng(district.code, "waterlogging")
        self.used: set = set()

    def place(self, extra: int) -> list:
        rows = []
        for name, (district, where, status, sponge, desc) in N.NAMED_WATERLOGGING.items():
            if district == self.district.name:
                p, road = self._where(where)
                rows.append(self._row(name, p, road, status, sponge, desc, 50 if where == "overpass" else 30))
        base = self.district.ground
        low = sorted(self.nodes, key=lambda n: ((self.geo.ground(self.nodes[n], self.district) - base + 3.0) *
                                                self.rng.random(), n))
        low = [n for n in low if n not in self.used]
        for n in low[:extra]:
            roads = self.streets.node_roads[n]
            name = f"{roads[0].base_name}{roads[1].base_name}路口" if len(roads) > 1 else f"{roads[0].base_name}低洼路段"
            r = self.rng.random()
            status = "active" if r < 0.5 else "in_treatment" if r < 0.7 else "remediated"
            rows.append(self._row(name, self._near(self.nodes[n]), roads[0], status, self.rng.random() < 0.15,
                                  f"{self.district.name}{name}", 30))
        return rows

    def _near(self, p) -> tuple:
        a = self.rng.uniform(0, 2 * math.pi)
        return p[0] + 6 * math.cos(a), p[1] + 6 * math.sin(a)

    def _where(self, where: str):
        """(local point, road) of a named point."""
        named = self.streets.named
        if where == "overpass":
            return overpass_midpoint(named["三峡路"]), named["三峡路"]
        if where == "riverside":
            n = min(self.nodes, key=lambda n: (self.geo.river_distance(self.nodes[n]), n))
        elif "×" in where:
            a, b = (named[x] for x in where.split("×"))
            common = [n for n in a.nodes if n in b.nodes]
            n = common[0] if common else min(a.nodes, key=lambda n: min(math.dist(self.nodes[n], self.nodes[m])
                                                                          for m in b.nodes))
            self.used.add(n)
            return self._near(self.nodes[n]), a
        elif where in named:
            road = named[where]
            n = road.nodes[len(road.nodes) // 2]
            self.used.add(n)
            return self._near(self.nodes[n]), road
        else:  # the lowest corner, off the named roads if possible
            off = [n for n in self.nodes if not any(r.named for r in self.streets.node_roads[n])]
            n = min(off or self.nodes, key=lambda n: (self.geo.ground(self.nodes[n], self.district), n))
        self.used.add(n)
        return self._near(self.nodes[n]), self.streets.node_roads[n][0]

    def _row(self, name, p, road: Road, status, sponge, desc, period) -> dict:
        return {
            "uid": new_uid(self.rng), "code": self.ctx.code("waterlogging_point", self.district.code),
            "name": name, "district": self.district.name, "road_class": road.klass,
            "maintenance_unit": DIRECT_UNIT, "location_desc": desc, "status": status, "sponge_city": sponge,
            "design_return_period_yr": period, "road_uid": road.uid, "geom": ("Point", G.to_crs(p)),
        }


def point_records(rng, rows: list, inspectors: list) -> Records:
    out = Records.empty()
    for f in rows:
        name, status = f["name"], f["status"]
        fixed = REMEDIATED_IN.get(name) or (rng.randint(2020, 2024) if status == "remediated" else None)
        events = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if rng.random() > 0.65:
                continue
            on = in_year(rng, year, 5, 9)
            after = fixed is not None and year > fixed
            rain = round(rng.uniform(35, 140), 1)
            depth = round(rng.uniform(2, 12) if after else rng.uniform(16, 60) * min(1.3, rain / 70), 0)
            minutes = rng.randint(10, 40) if after else rng.randint(30, 240)
            verdict = "超过15cm，判定为内涝" if depth > 15 else "未超过15cm，达标"
            events.append(inspection(
                rng, f, "waterlogging_point", on, "special", rng.choice(inspectors), STANDARD,
                {"rain_mm": rain, "max_depth_cm": depth, "duration_min": minutes}, None,
                f"降雨{rain}mm，最大积水深度{depth:g}cm，持续{minutes}分钟，{verdict}。"))
        set_latest(f, events, STANDARD, 1.0)
        out.inspections.extend(events)
        _remediation(rng, out, f, fixed)
    return out


def _remediation(rng, out: Records, f: dict, fixed) -> None:
    name, status = f["name"], f["status"]
    contractor = rng.choice(N.CONTRACTORS)
    if status == "remediated":
        started = in_year(rng, fixed, 1, 3)
        finished = plus_days(started, rng.randint(60, 150))
        work(rng, out, f, "waterlogging_point", "major", started, finished,
             f"{name}内涝治理项目：雨水管网扩容改造、增设雨水口、排口改造", contractor, rng.uniform(8e5, 6e6),
             (("钢筋混凝土管", "m", rng.uniform(150, 800)), ("雨水口", "座", rng.randint(10, 60))))
    elif status == "in_treatment":
        started = in_year(rng, LAST_YEAR, 3, 6)
        finished = plus_days(REFERENCE_DATE, rng.randint(60, 200))
        text = "纳入海绵城市示范建设，" if f["sponge_city"] else ""
        work(rng, out, f, "waterlogging_point", "corrective", started, finished,
             f"{name}积水点整治（{text}“一点一策”）：透水铺装、下沉式绿地、雨水管网扩容", contractor,
             rng.uniform(1e6, 8e6), (("透水铺装", "m²", rng.uniform(800, 5000)),
                                     ("钢筋混凝土管", "m", rng.uniform(100, 600))))
    elif rng.random() < 0.5:
        started = plus_days(REFERENCE_DATE, rng.randint(30, 150))
        work(rng, out, f, "waterlogging_point", "corrective", started, plus_days(started, rng.randint(60, 150)),
             f"{name}内涝治理“一点一策”方案：排查成因，计划汛前实施雨水口增设及管网疏通", contractor,
             rng.uniform(2e5, 2e6))
