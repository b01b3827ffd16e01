"""The demo city, generated district by district as (table, rows) batches.

:class:`DemoCity` is an iterable: each step builds one district (its streets,
tunnels, bridges, drainage network, storage, waterlogging points and all
their records), yields its rows table by table and forgets them, so at most
one district is in memory; the Yangtze bridges, which join districts, come
last. Batches hold at most BATCH_ROWS rows; ``progress`` (0..1) says how far
the iteration has got (the share of the batches already handed out).

Rows are plain dicts keyed by the schema's field names, with geometries as
``("Point", (x, y))`` / ``("LineString", [...])`` / ``("Polygon", [[...]])``
in EPSG:4546 and JSON fields as strings: ready for ``GpkgStore.insert``.
"""
from __future__ import annotations

from typing import Iterator

from . import geography as G
from . import names as N
from .context import Context, in_year, plus_days
from .details import DETAIL_TABLES, details_for
from .drainage_records import PipeRecords, inlet_records, manhole_records
from .network import NetworkBuilder
from .profiles import BRIDGE, ROAD, SEED_WORKS, TUNNEL
from .programmes import Programmes
from .records import Records, simulate, work
from .roads import StreetBuilder, tunnel_on
from .scales import ECO_PAVING_M2, SCALES
from .sites import StoragePlacer, plan_storage, storage_records
from .structures import BridgeBuilder, yangtze_bridges
from .waterlogging import PointPlacer, point_records

BATCH_ROWS = 5000  # rows per yielded batch: bounds the time between progress reports and cancel checks
# The order in which a district's tables are yielded (facilities before the records that point at them).
TABLE_ORDER = ("road", "tunnel", "bridge", "manhole", "drain_pipe", "rain_inlet", "storage_facility",
               "waterlogging_point", "outfall", "inspection") + DETAIL_TABLES + ("maintenance", "maintenance_material",
                                                                     "cover_replacement", "waterlogging_plan")


class DemoCity:
    """Iterate to get ``(table, rows)`` batches; see the module docstring."""

    def __init__(self, scale: str = "small", seed: int = 1):
        if scale not in SCALES:
            raise ValueError(f"unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}")
        self.scale, self.seed = scale, int(seed)
        self.spec = SCALES[scale]
        self.progress = 0.0

    def __iter__(self) -> Iterator:
        """A fresh pass over the city (every pass gives the same rows)."""
        self.ctx = ctx = Context(self.scale, self.spec, self.seed)
        self.geo = G.Geography(self.spec, ctx.rng("geography"))
        self.progress = 0.0
        used_names: set = set()
        storage = plan_storage(ctx)
        self.programmes = Programmes(ctx, G.DISTRICTS)
        named, tunnels = self._named_plan(used_names)
        all_nodes = {d.name: self.geo.nodes(d) for d in G.DISTRICTS}
        total = sum(len(n) for n in all_nodes.values()) or 1
        done = 0
        for d in G.DISTRICTS:
            tables = self._district(d, all_nodes[d.name], used_names, named[d.name], tunnels, storage[d.name])
            share = len(all_nodes[d.name]) / total
            rows_total = sum(len(rows) for rows in tables.values()) or 1
            rows_done = 0
            for table in TABLE_ORDER:
                rows = tables.get(table) or []
                for k in range(0, len(rows), BATCH_ROWS):
                    yield table, rows[k:k + BATCH_ROWS]
                    rows_done += min(BATCH_ROWS, len(rows) - k)
                    self.progress = 0.97 * (done + share * rows_done / rows_total)
            done += share
        for table, rows in self._yangtze(all_nodes, used_names):
            yield table, rows
        for table, rows in self.programmes.finish():
            for k in range(0, len(rows), BATCH_ROWS):
                yield table, rows[k:k + BATCH_ROWS]
        self.progress = 1.0

    # ---- planning
    def _named_plan(self, used_names: set):
        """Named road specs per district (the seed's, plus extra tunnel roads) and tunnel specs by name."""
        rng = self.ctx.rng("tunnel-plan")
        named = {d.name: list(N.NAMED_ROADS[d.name]) for d in G.DISTRICTS}
        tunnels = dict(N.NAMED_TUNNELS)
        order = ("夷陵区", "点军区", "猇亭区", "伍家岗区", "西陵区")
        for k in range(self.ctx.spec.extra_tunnels):
            name = N.EXTRA_TUNNEL_NAMES[k]
            tunnels[name] = (round(rng.uniform(280, 900), -1), 2, 4, rng.randint(2005, 2019))
            road = N.street_name(rng, "arterial", used_names)
            offset = (4 + 3 * (k // len(order))) * (1 if k % 2 == 0 else -1)
            named[order[k % len(order)]].append((road, "v", offset, "arterial", name))
        return named, tunnels

    # ---- one district
    def _district(self, d: G.District, nodes: dict, used_names: set, named: list, tunnel_specs: dict,
                  storage_items: list) -> dict:
        ctx, spec = self.ctx, self.ctx.spec
        lengths = {name: t[0] for name, t in tunnel_specs.items()}
        streets = StreetBuilder(ctx, self.geo, d, nodes, used_names, tuple(named), lengths).build()
        tunnels = [tunnel_on(ctx, streets.named[road_name], leads_to, *tunnel_specs[leads_to])
                   for road_name, _, _, _, leads_to in named if leads_to in tunnel_specs]
        bridges = BridgeBuilder(ctx, self.geo, d, nodes, streets).build()
        old_centre = d.seed if d.code == "XL" else None
        old_radius = max(1.1 * spec.block_m, 0.5 * spec.half_along * d.along * spec.block_m)
        net = NetworkBuilder(ctx, self.geo, d, nodes, streets, old_centre, old_radius).build()
        stores = StoragePlacer(ctx, self.geo, d, nodes, streets).place(storage_items)
        points = PointPlacer(ctx, self.geo, d, nodes, streets).place(self._extra_points(d))
        inspectors = self._inspectors(d)
        roads = [r.row for r in streets.roads]

        records = Records.empty()
        rng = ctx.rng(d.code, "records", "roads")
        for row in roads:
            records.extend(simulate(ROAD, rng, row, inspectors, SEED_WORKS.get(("road", row["name"]))))
        if d.name == "夷陵区":
            records.extend(self._eco_paving(d, roads))
        rng = ctx.rng(d.code, "records", "structures")
        for row in tunnels:
            records.extend(simulate(TUNNEL, rng, row, inspectors, SEED_WORKS.get(("tunnel", row["name"]))))
        for row in bridges:
            records.extend(simulate(BRIDGE, rng, row, inspectors))
        pipes = PipeRecords(ctx.rng(d.code, "records", "pipes"), inspectors)
        for row in net.pipes:
            pipes.add(row)
        records.extend(pipes.out)
        records.extend(manhole_records(ctx.rng(d.code, "records", "manholes"), net.manholes))
        records.extend(inlet_records(ctx.rng(d.code, "records", "inlets"), net.inlets))
        records.extend(storage_records(ctx.rng(d.code, "records", "storage"), stores))
        records.extend(point_records(ctx.rng(d.code, "records", "waterlogging"), points, inspectors))
        facilities = {f["uid"]: f for rows in (roads, tunnels, bridges, net.pipes, points) for f in rows}
        programmes = self.programmes.district(d, net.pipes, net.manholes, net.inlets, points, records.works)
        return {"road": roads, "tunnel": tunnels, "bridge": bridges, "manhole": net.manholes,
                "drain_pipe": net.pipes, "rain_inlet": net.inlets, "storage_facility": stores,
                "waterlogging_point": points, "outfall": net.outfall_rows, "inspection": records.inspections, "maintenance": records.works,
                "maintenance_material": records.materials, **details_for(records.inspections, facilities),
                "cover_replacement": programmes["cover_replacement"],
                "waterlogging_plan": programmes["waterlogging_plan"]}

    def _extra_points(self, d: G.District) -> int:
        extra = self.ctx.spec.extra_waterlogging_points
        k = G.DISTRICTS.index(d)
        return extra // len(G.DISTRICTS) + (1 if k < extra % len(G.DISTRICTS) else 0)

    def _inspectors(self, d: G.District) -> list:
        rng = self.ctx.rng(d.code, "people")
        return sorted({N.person(rng) for _ in range(10)})

    def _eco_paving(self, d: G.District, roads: list) -> Records:
        """夷陵区's 生态地铺石 pilot: sidewalk works on a few of its roads, 15,000 m² in all."""
        rng = self.ctx.rng(d.code, "records", "eco-paving")
        out = Records.empty()
        chosen = sorted(rng.sample(roads, min(len(roads), 1 + len(roads) // 25)), key=lambda r: r["code"])
        weights = [rng.uniform(0.5, 1.5) for _ in chosen]
        areas = [round(ECO_PAVING_M2 * w / sum(weights)) for w in weights]
        areas[0] += round(ECO_PAVING_M2) - sum(areas)
        for k, (road, area) in enumerate(zip(chosen, areas)):
            started = in_year(rng, 2022 + min(2, k // 3), 3, 9)
            text = "（夷陵区率先试点）" if k == 0 else "（试点推广）"
            work(rng, out, road, "road", "minor", started, plus_days(started, rng.randint(20, 60)),
                 f"人行道改造：生态地铺石铺装{text}", "宜昌夷陵建设工程有限公司", area * rng.uniform(180, 260),
                 (("生态地铺石", "m²", area),))
        return out

    # ---- the Yangtze bridges
    def _yangtze(self, all_nodes: dict, used_names: set):
        roads, bridges = yangtze_bridges(self.ctx, all_nodes, used_names)
        records = Records.empty()
        rng = self.ctx.rng("yangtze", "records")
        inspectors = self._inspectors(G.DISTRICTS[0])
        for row in roads:
            records.extend(simulate(ROAD, rng, row, inspectors))
        for row in bridges:
            records.extend(simulate(BRIDGE, rng, row, inspectors))
        details = details_for(records.inspections, {f["uid"]: f for f in roads + bridges})
        return [("road", roads), ("bridge", bridges), ("inspection", records.inspections),
                *details.items(), ("maintenance", records.works), ("maintenance_material", records.materials)]


def generate(scale: str = "small", seed: int = 1) -> DemoCity:
    """The demo city of ``scale`` (a key of SCALES) for ``seed``: an iterable of ``(table, rows)`` batches."""
    return DemoCity(scale, seed)
