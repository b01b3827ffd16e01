"""CJJ 99-2017 urban bridges: BCI and BSI by hierarchical weighted deduction (STANDARDS.md §2).

Steps (§2 "Method"):

1. element deduction MDP: given directly (0-100) or from its defect deductions DPⱼ (the appendix
   tables are [U], so deductions are inputs): MDP = Σ DPⱼ·w(uⱼ), uⱼ = DPⱼ/ΣDP,
   w(u) = 3u³ − 5.5u² + 3.5u, capped at 100;
2. each part instance (the deck, every span, every pier or abutment): BCI = Σ(100 − MDPᵢ)·ωᵢ over the
   elements present (weights of absent elements go to the others in proportion, step 7) and
   BSI = min(100 − MDPᵢ);
3. superstructure and substructure: BCI = mean over spans / over piers and abutments, BSI = worst
   element (option ``bsi_aggregation``);
4. whole bridge: BCI = ω_m·BCI_m + ω_s·BCI_s + ω_x·BCI_x by bridge type; BSI = min of the parts;
5. grades A-E for BCI and BSI (both reported); the controlling grade is the worse one, and a
   单项控制指标 (single-item control, step 8) sets the element's deduction to (at least) 80 and
   keeps the bridge at D or worse.

Elements not mentioned are present and intact (MDP 0). Element keys are the Chinese names of
STANDARDS.md or the English codes of the data file.

Monotonicity: raising an element's MDP never improves a grade, but adding a deduction DPⱼ to an
element's list can *lower* its MDP (w(u) makes a small extra deduction dilute the large ones:
[20] → 20, [20, 1] → 18.88). Literal by default; option ``monotone_deduction`` fixes it.
"""
from __future__ import annotations

import math
from typing import Mapping

from .base import (
    ITEM_EXTRA_KEYS,
    Assessment,
    Option,
    StandardDef,
    at,
    boolean,
    check_keys,
    choice,
    clean,
    grade_at_least,
    integer,
    load_table,
    mapping,
    number,
    one_of,
    required,
    sequence,
    weighted_deduction,
)

CODE = "CJJ99-2017"
BRIDGE_TYPES = ("beam", "arch", "pedestrian", "cable_stayed", "suspension")
SPECIAL_TYPES = ("cable_stayed", "suspension")
CLASSES = ("I", "II", "III", "IV", "V")
DATA_KEYS = ("bridge_type", "bridge_class", "deck", "superstructure", "substructure", "absent",
             "single_item_control")
PART_LABELS = {"deck": "deck system", "superstructure": "superstructure", "pier": "pier",
               "abutment": "abutment"}

OPTIONS = (
    Option("special_types", "error", "U",
           "Cable-stayed and suspension bridges: their element lists are not available (§2 [U]). "
           "'error' refuses them; 'general' grades them as a general beam bridge (with a note).",
           one_of("error", "general")),
    Option("arch_superstructure", "beam_elements", "U",
           "Arch superstructure elements are not available (§2 [U]). 'beam_elements' uses the beam list "
           "(主梁 0.60 for the main arch ring or ribs, 横向联系 0.40 for the bracing) with a note; "
           "'error' refuses arch bridges.", one_of("beam_elements", "error")),
    Option("bsi_aggregation", "worst", "U",
           "BSI of the superstructure and substructure: 'worst' = the worst element score of any span "
           "(pier, abutment), as STANDARDS.md says; 'mean_of_instances' = the mean over spans (piers "
           "and abutments) of each one's worst element.", one_of("worst", "mean_of_instances")),
    Option("monotone_deduction", False, "",
           "Engine option, not a reading of the standard. False: MDP = Σ DPⱼ·w(uⱼ) literally (adding a "
           "small deduction can lower MDP). True: MDP = the largest such total over the k largest "
           "deductions, which never drops when a deduction is added.", boolean),
)


def _table() -> dict:
    return load_table(CODE)


def grade_of(value: float) -> str:
    """A ≥90, B 80-<90, C 66-<80, D 50-<66, E <50 (same scale for BCI and BSI, §2)."""
    spec = _table()["grades"]
    return grade_at_least(clean(value), spec["at_least"], spec["worst"])


def element_deduction(dps, monotone: bool = False) -> float:
    """MDP of one element from its deductions: Σ DPⱼ·w(uⱼ), capped at 100 (§2 step 2)."""
    t = _table()
    return min(float(t["mdp_cap"]), weighted_deduction(dps, t["weight_function"], monotone))


# --------------------------------------------------------------------------- input
def _element(part: str, key, path: str) -> str:
    table = _table()["elements"][part]
    for code, spec in table.items():
        if key == code or key == spec["name"]:
            return code
    names = ", ".join(f"{s['name']} ({c})" for c, s in table.items())
    raise ValueError(f"{path}: {key!r} is not an element of the {PART_LABELS[part]} ({names})")


def _mdp(raw, path: str, monotone: bool):
    """(MDP, deductions or None) of one element value: a number or ``{"dp": [...]}``."""
    if isinstance(raw, Mapping):
        check_keys(raw, path, ("dp",))
        dps = [number(v, at(at(path, "dp"), j), maximum=100)
               for j, v in enumerate(sequence(required(raw, "dp", path), at(path, "dp")))]
        return element_deduction(dps, monotone), sorted(dps, reverse=True)
    return number(raw, path, maximum=100), None


def _instance(obj, path: str, part: str, meta_keys: tuple, absent_all: set, monotone: bool) -> dict:
    obj = mapping(obj, path)
    values, dps, absent = {}, {}, set(absent_all)
    for key, raw in obj.items():
        if key in meta_keys:
            continue
        code = _element(part, key, at(path, key))
        if code in values:
            raise ValueError(f"{at(path, key)}: {_table()['elements'][part][code]['name']} is given twice")
        values[code], dps[code] = _mdp(raw, at(path, key), monotone)
    if obj.get("absent") is not None:
        for j, key in enumerate(sequence(obj["absent"], at(path, "absent"))):
            absent.add(_element(part, key, at(at(path, "absent"), j)))
    for code in values:
        if code in absent:
            raise ValueError(f"{at(path, code)}: the element is listed as absent but has a deduction")
    return {"part": part, "path": path, "values": values, "dps": dps, "absent": absent, "sic": set()}


def _score(inst: dict) -> dict:
    """BCI and BSI of one part instance; absent elements' weights go to the others (§2 step 7)."""
    t = _table()
    table = t["elements"][inst["part"]]
    present = [c for c in table if c not in inst["absent"]]
    if not present:
        raise ValueError(f"{inst['path']}: every element is absent")
    total_w = math.fsum(table[c]["weight"] for c in present)
    elements, bci, bsi = {}, [], []
    for c in present:
        mdp = inst["values"].get(c, 0.0)
        if c in inst["sic"]:
            mdp = max(mdp, float(t["single_item_control"]["deduction"]))
        w = table[c]["weight"] / total_w
        elements[c] = {"name": table[c]["name"], "mdp": clean(mdp), "weight": clean(w),
                       "score": clean(100 - mdp)}
        if inst["dps"].get(c) is not None:
            elements[c]["dp"] = inst["dps"][c]
        bci.append((100 - mdp) * w)
        bsi.append(100 - mdp)
    return {"BCI": math.fsum(bci), "BSI": min(bsi), "elements": elements,
            "absent": sorted(inst["absent"])}


def _apply_sic(raw, deck: dict, spans: list, supports: list) -> list:
    controls = []
    for i, item in enumerate(sequence(raw, "single_item_control")):
        path = at("single_item_control", i)
        item = mapping(item, path)
        check_keys(item, path, ("part", "element", "index") + ITEM_EXTRA_KEYS)
        part = choice(required(item, "part", path), at(path, "part"),
                      ("deck", "superstructure", "substructure"))
        group = [deck] if part == "deck" else spans if part == "superstructure" else supports
        if part == "deck":
            idx = 0
        elif item.get("index") is None:
            if len(group) > 1:
                raise ValueError(f"{at(path, 'index')}: is required, the {part} has {len(group)} entries")
            idx = 0
        else:
            idx = integer(item["index"], at(path, "index"), 0, len(group) - 1, f"an index of the {part}")
        inst = group[idx]
        code = _element(inst["part"], required(item, "element", path), at(path, "element"))
        if code in inst["absent"]:
            raise ValueError(f"{at(path, 'element')}: the element is listed as absent")
        inst["sic"].add(code)
        controls.append({"part": part, "index": idx, "element": code})
    return controls


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    t = _table()
    notes = []
    btype = choice(required(data, "bridge_type"), "bridge_type", BRIDGE_TYPES)
    weights_type = btype
    if btype in SPECIAL_TYPES:
        if opts["special_types"] == "error":
            raise ValueError(f"bridge_type: element lists for {btype} bridges are not available "
                             "(STANDARDS.md §2 [U]); options.special_types='general' grades it as a "
                             "general beam bridge")
        weights_type = "beam"
        notes.append(f"{btype} bridge graded as a general beam bridge (options.special_types='general'): "
                     "its own element lists are not available [U]")
    if btype == "arch":
        if opts["arch_superstructure"] == "error":
            raise ValueError("bridge_type: arch superstructure elements are not available (STANDARDS.md "
                             "§2 [U]); options.arch_superstructure='beam_elements' uses the beam list")
        notes.append("arch superstructure graded with the beam element list (主梁 = main arch ring or "
                     "ribs, 横向联系 = bracing) [U]")
    bclass = data.get("bridge_class")
    if bclass is not None:
        choice(bclass, "bridge_class", CLASSES)
        if bclass == "I":
            notes.append(t["class_I_note"])

    absent = mapping(data.get("absent") or {}, "absent")
    check_keys(absent, "absent", ("deck", "superstructure", "pier", "abutment"))
    absent_sets = {}
    for part in ("deck", "superstructure", "pier", "abutment"):
        lst = sequence(absent.get(part) or [], at("absent", part))
        absent_sets[part] = {_element(part, k, at(at("absent", part), j)) for j, k in enumerate(lst)}

    mono = opts["monotone_deduction"]
    deck = _instance(required(data, "deck"), "deck", "deck", ("absent",), absent_sets["deck"], mono)
    spans = [_instance(s, at("superstructure", i), "superstructure", ("absent",) + ITEM_EXTRA_KEYS,
                       absent_sets["superstructure"], mono)
             for i, s in enumerate(sequence(required(data, "superstructure"), "superstructure", True))]
    supports = []
    for i, s in enumerate(sequence(required(data, "substructure"), "substructure", True)):
        path = at("substructure", i)
        kind = choice(required(mapping(s, path), "kind", path), at(path, "kind"), ("pier", "abutment"))
        supports.append(_instance(s, path, kind, ("kind", "absent") + ITEM_EXTRA_KEYS, absent_sets[kind],
                                  mono))
    controls = _apply_sic(data.get("single_item_control") or [], deck, spans, supports)

    d = _score(deck)
    s_scores = [_score(x) for x in spans]
    x_scores = [_score(x) for x in supports]
    mean = opts["bsi_aggregation"] == "mean_of_instances"

    def agg(scores: list) -> tuple:
        bci = math.fsum(s["BCI"] for s in scores) / len(scores)
        bsis = [s["BSI"] for s in scores]
        return bci, (math.fsum(bsis) / len(bsis) if mean else min(bsis))

    bci_s, bsi_s = agg(s_scores)
    bci_x, bsi_x = agg(x_scores)
    w = t["bridge_weights"][weights_type]
    bci = w["deck"] * d["BCI"] + w["superstructure"] * bci_s + w["substructure"] * bci_x
    bsi = min(d["BSI"], bsi_s, bsi_x)

    grades = {"BCI": grade_of(bci), "BSI": grade_of(bsi)}
    worst = STANDARD.worst(grades.values())
    if controls:
        floor = t["single_item_control"]["grade_no_better_than"]
        notes.append(f"单项控制指标: the element deduction is at least "
                     f"{t['single_item_control']['deduction']} and the bridge is graded {floor} or worse")
        worst = STANDARD.worst((worst, floor))
    actions = {k: t["actions"][k][g] for k, g in grades.items()}
    wording = [actions[k] for k in ("BCI", "BSI") if grades[k] == worst] or [t["actions"]["BSI"][worst]]
    action = "；".join(dict.fromkeys(wording))
    details = {
        "bridge_type": btype, "bridge_class": bclass, "weights": dict(w),
        "deck": d,
        "spans": s_scores,
        "supports": [dict(sc, kind=inst["part"]) for sc, inst in zip(x_scores, supports)],
        "single_item_control": controls,
        "grade_names": {k: t["grade_names"][g] for k, g in grades.items()},
        "actions": actions,
    }
    index = {"BCI": bci, "BSI": bsi, "BCI_m": d["BCI"], "BSI_m": d["BSI"], "BCI_s": bci_s, "BSI_s": bsi_s,
             "BCI_x": bci_x, "BSI_x": bsi_x}
    return STANDARD.result(index=index, grades=grades, grade=worst, action=action, details=details,
                           options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="CJJ 99-2017 城市桥梁养护技术标准 (urban bridges)",
    scale=("A", "B", "C", "D", "E"),
    categories={"A": "preventive", "B": "minor", "C": "corrective", "D": "major", "E": "major"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)
