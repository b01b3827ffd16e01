"""GB/T 23858-2009 manhole covers: installed load class against the required one (STANDARDS.md §6).

The required class comes from where the cover lies (schema ``cover_zone``: green → A15, sidewalk →
B125, kerb → C250, carriageway → D400, heavy → E600 [U]) or is given. Compliant when the installed
class is at least the required one. Optional checks, off by default because no national value is
known [U]: settlement (frame-to-road height difference) against ``settlement_limit_mm`` and an
anti-fall grid (``require_anti_fall``).
"""
from __future__ import annotations

from typing import Mapping

from .base import (
    Assessment,
    Option,
    StandardDef,
    boolean,
    check_keys,
    choice,
    flag,
    load_table,
    mapping,
    number,
    opt_number,
    required,
)

CODE = "GBT23858-2009"
DATA_KEYS = ("load_class", "zone", "required_class", "settlement_mm", "anti_fall")

OPTIONS = (
    Option("settlement_limit_mm", None, "U",
           "Largest tolerated frame-to-road height difference in mm (absolute value of settlement_mm); "
           "None = not checked.", opt_number(allow_none=True)),
    Option("require_anti_fall", False, "U",
           "Whether a cover without an anti-fall grid (anti_fall false) is non-compliant.", boolean),
)


def _table() -> dict:
    return load_table(CODE)


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    t = _table()
    classes = t["load_classes_kN"]
    installed = choice(required(data, "load_class"), "load_class", classes)
    notes: list = []
    if data.get("required_class") is not None:
        needed = choice(data["required_class"], "required_class", classes)
        if data.get("zone") is not None:
            choice(data["zone"], "zone", t["zones"])
            notes.append("required_class given: zone not used")
    elif data.get("zone") is not None:
        needed = t["zones"][choice(data["zone"], "zone", t["zones"])]
    else:
        raise ValueError("zone: is required (or required_class)")
    reasons = []
    if classes[installed] < classes[needed]:
        reasons.append("load_class")
    index = {"installed_kN": float(classes[installed]), "required_kN": float(classes[needed])}
    if data.get("settlement_mm") is not None:
        settle = number(data["settlement_mm"], "settlement_mm", minimum=None)
        index["settlement_mm"] = settle
        limit = opts["settlement_limit_mm"]
        if limit is not None and abs(settle) > limit:
            reasons.append("settlement")
    anti_fall = data.get("anti_fall")
    if anti_fall is not None:
        flag(anti_fall, "anti_fall")
    if opts["require_anti_fall"] and anti_fall is not True:
        reasons.append("anti_fall")
    grade = "non_compliant" if reasons else "compliant"
    details = {"load_class": installed, "required_class": needed, "reasons": reasons}
    action = "；".join(t["actions"][r].format(required=needed) for r in reasons) or t["actions"]["compliant"]
    return STANDARD.result(index=index, grades={"cover": grade}, grade=grade, action=action,
                           details=details, options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="GB/T 23858-2009 检查井盖 (manhole covers)",
    scale=("compliant", "non_compliant"),
    categories={"compliant": "preventive", "non_compliant": "corrective"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)
