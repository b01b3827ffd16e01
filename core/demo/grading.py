"""Grades of the demo records, from their indices, by the thresholds in STANDARDS.md.

This is not the plugin's assessment (that reads versioned standard tables); it
is the small subset the generator needs so that every demo inspection's grade
agrees with its indices. Generated index values keep clear of every threshold
(:func:`clear_of`), so the boundary inclusivity that STANDARDS.md leaves open
cannot change a grade.

- Roads, CJJ 36-2016: PCI grade (A if PCI ≥ a …) and RQI grade (A if RQI > a …,
  the 2016 thresholds) by road class; the road's grade is the worse of the two.
- Bridges, CJJ 99-2017: BCI and BSI on A 90 / B 80 / C 66 / D 50 / E; the worse.
- Drainage pipes, CJJ 181-2012: RI and MI on Ⅰ ≤1 / Ⅱ ≤4 / Ⅲ ≤7 / Ⅳ, written
  "I".."IV"; the worse of the repair and maintenance grades.
- Tunnels, JTG H12-2015: JGCI on 1类 ≥85 / 2类 ≥70 / 3类 ≥55 / 4类 ≥40 / 5类.
"""
from __future__ import annotations

ROAD_GRADES = ("A", "B", "C", "D")
BRIDGE_GRADES = ("A", "B", "C", "D", "E")
PIPE_GRADES = ("I", "II", "III", "IV")
TUNNEL_GRADES = ("1", "2", "3", "4", "5")

PCI_THRESHOLDS = {"expressway": (90.0, 75.0, 65.0), "arterial": (85.0, 70.0, 60.0),
                  "secondary": (85.0, 70.0, 60.0), "branch": (80.0, 65.0, 60.0), "lane": (80.0, 65.0, 60.0)}
RQI_THRESHOLDS = {"expressway": (4.1, 3.6, 2.5), "arterial": (3.6, 3.0, 2.4),
                  "secondary": (3.6, 3.0, 2.4), "branch": (3.4, 2.8, 2.2), "lane": (3.4, 2.8, 2.2)}
BRIDGE_THRESHOLDS = (90.0, 80.0, 66.0, 50.0)
TUNNEL_THRESHOLDS = (85.0, 70.0, 55.0, 40.0)
PIPE_THRESHOLDS = (1.0, 4.0, 7.0)


def clear_of(value: float, thresholds, step: float) -> float:
    """``value`` moved by ``step`` away from any threshold it equals (after rounding to ``step``)."""
    for t in thresholds:
        if abs(value - t) < step / 2:
            return round(t + step, 6)
    return value


def _descending(value: float, thresholds, grades, strict: bool = False) -> str:
    for t, g in zip(thresholds, grades):
        if value > t or (not strict and value == t):
            return g
    return grades[len(thresholds)]


def worse(a: str, b: str, order) -> str:
    return order[max(order.index(a), order.index(b))]


def pci_grade(pci: float, road_class: str) -> str:
    return _descending(pci, PCI_THRESHOLDS[road_class], ROAD_GRADES)


def rqi_grade(rqi: float, road_class: str) -> str:
    return _descending(rqi, RQI_THRESHOLDS[road_class], ROAD_GRADES, strict=True)


def road_grade(pci: float, rqi: float, road_class: str) -> str:
    return worse(pci_grade(pci, road_class), rqi_grade(rqi, road_class), ROAD_GRADES)


def bridge_index_grade(value: float) -> str:
    return _descending(value, BRIDGE_THRESHOLDS, BRIDGE_GRADES)


def bridge_grade(bci: float, bsi: float) -> str:
    return worse(bridge_index_grade(bci), bridge_index_grade(bsi), BRIDGE_GRADES)


def tunnel_grade(jgci: float) -> str:
    return _descending(jgci, TUNNEL_THRESHOLDS, TUNNEL_GRADES)


def pipe_index_grade(value: float) -> str:
    for t, g in zip(PIPE_THRESHOLDS, PIPE_GRADES):
        if value <= t:
            return g
    return PIPE_GRADES[-1]


def pipe_grade(ri: float, mi: float) -> str:
    return worse(pipe_index_grade(ri), pipe_index_grade(mi), PIPE_GRADES)


def road_indices(pci: float, rqi: float, road_class: str) -> dict:
    """Rounded, threshold-clear {"PCI", "RQI", "IRI"} with RQI = 4.98 − 0.34·IRI."""
    pci = clear_of(round(min(100.0, max(0.0, pci)), 1), PCI_THRESHOLDS[road_class], 0.1)
    iri = round(max(0.3, (4.98 - rqi) / 0.34), 2)
    rqi = round(max(0.0, 4.98 - 0.34 * iri), 2)
    while any(abs(rqi - t) < 0.005 for t in RQI_THRESHOLDS[road_class]):
        iri = round(iri + 0.03, 2)
        rqi = round(max(0.0, 4.98 - 0.34 * iri), 2)
    return {"PCI": pci, "RQI": rqi, "IRI": iri}


def bridge_indices(bci: float, bsi: float) -> dict:
    bci = clear_of(round(min(100.0, max(0.0, bci)), 1), BRIDGE_THRESHOLDS, 0.1)
    bsi = clear_of(round(min(100.0, max(0.0, bsi)), 1), BRIDGE_THRESHOLDS, 0.1)
    return {"BCI": bci, "BSI": bsi}


def tunnel_indices(jgci: float) -> dict:
    return {"JGCI": clear_of(round(min(100.0, max(0.0, jgci)), 1), TUNNEL_THRESHOLDS, 0.1)}


# CJJ 181 factors of a segment's setting
K_FACTOR = {"cbd": 10, "arterial": 6, "carriageway": 3, "other": 0}
T_FACTOR = {"ordinary": 0, "weak": 6, "medium": 8, "strong": 10}


def e_factor(diameter_mm: int) -> int:
    if diameter_mm > 1500:
        return 10
    if diameter_mm > 1000:
        return 6
    if diameter_mm >= 600:
        return 3
    return 0


def pipe_indices(f: float, g: float, area_class: str, soil_class: str, diameter_mm: int) -> dict:
    """{"RI", "MI"} from the structural and functional scores F and G (K counted only when F or G ≥ 4)."""
    e = e_factor(diameter_mm)
    k = K_FACTOR[area_class]
    ri = 0.7 * f + (0.1 * k if f >= 4 else 0.0) + 0.05 * e + (0.15 * T_FACTOR[soil_class] if f > 0 else 0.0)
    mi = 0.8 * g + (0.15 * k if g >= 4 else 0.0) + 0.05 * e
    return {"RI": clear_of(round(ri, 2), PIPE_THRESHOLDS, 0.01), "MI": clear_of(round(mi, 2), PIPE_THRESHOLDS, 0.01)}
