"""GB 51222-2017 waterlogging: one rain event at a point judged against the design standard (§5).

Rule (STANDARDS.md §5, [U], every threshold an option): when the rain's return period is at or below
the design return period for waterlogging control (by city size, or given), the point is
``waterlogged`` (内涝点) if water entered buildings, or if the depth on a traffic lane exceeded the
depth limit (15 cm) for at least the duration limit (30 min). A rain above the design standard
cannot show a shortfall: ``compliant`` with a note.
"""
from __future__ import annotations

from typing import Mapping

from .base import (
    Assessment,
    Option,
    StandardDef,
    check_keys,
    clean,
    flag,
    load_table,
    mapping,
    number,
    one_of,
    opt_number,
    required,
)

CODE = "GB51222-2017"
DATA_KEYS = ("return_period_yr", "max_depth_cm", "duration_min", "building_ingress")

OPTIONS = (
    Option("city_size", "large", "U",
           "City size for the design return period: 'super' 超大城市 100 yr, 'mega' 特大城市 50, 'large' "
           "大城市 30, 'medium_small' 中小城市 20 (the lower end of each band). Default 'large' (Yichang).",
           one_of("super", "mega", "large", "medium_small")),
    Option("design_return_period_yr", None, "U",
           "The design return period in years, overriding city_size (None = by city size).",
           opt_number(allow_none=True, positive=True)),
    Option("depth_limit_cm", 15.0, "U", "Water depth on a traffic lane above which a lane is flooded.",
           opt_number()),
    Option("duration_limit_min", 30.0, "U",
           "How long (minutes) the depth must stay above the limit; 30 min or 1 h are common local "
           "choices; 0 = depth alone.", opt_number()),
)


def _table() -> dict:
    return load_table(CODE)


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    t = _table()
    rp = number(required(data, "return_period_yr"), "return_period_yr", positive=True)
    depth = number(required(data, "max_depth_cm"), "max_depth_cm")
    duration = number(required(data, "duration_min"), "duration_min")
    ingress = data.get("building_ingress")
    ingress = False if ingress is None else flag(ingress, "building_ingress")
    design = opts["design_return_period_yr"]
    if design is None:
        design = float(t["design_return_period_yr"][opts["city_size"]])
    notes: list = []
    flooded_lane = clean(depth) > opts["depth_limit_cm"] and clean(duration) >= opts["duration_limit_min"]
    within = clean(rp) <= design
    if not within:
        grade = "compliant"
        notes.append(f"rain exceeded the design standard ({rp:g} yr > {design:g} yr): no shortfall shown")
    else:
        grade = "waterlogged" if (ingress or flooded_lane) else "compliant"
    reasons = []
    if within and ingress:
        reasons.append("building_ingress")
    if within and flooded_lane:
        reasons.append("lane_depth")
    details = {"design_return_period_yr": design, "within_design": within, "lane_flooded": flooded_lane,
               "building_ingress": ingress, "reasons": reasons}
    index = {"return_period_yr": rp, "design_return_period_yr": design, "max_depth_cm": depth,
             "duration_min": duration}
    return STANDARD.result(index=index, grades={"event": grade}, grade=grade, action=t["actions"][grade],
                           details=details, options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="GB 51222-2017 城镇内涝防治技术规范 (waterlogging events)",
    scale=("compliant", "waterlogged"),
    categories={"compliant": "preventive", "waterlogged": "corrective"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)
