"""How roads, bridges and tunnels age, are graded and are repaired in the demo (see records.simulate).

Index bands come from STANDARDS.md through :mod:`grading`; works, materials
and costs are plausible, not sourced. The seed document's works are in
:data:`SEED_WORKS`.
"""
from __future__ import annotations

from . import grading as Gr
from .records import Profile, SeedWork

ROAD_DAMAGE = ("纵向裂缝", "横向裂缝", "网裂", "坑槽", "车辙", "沉陷", "拥包", "剥落", "啃边", "路框差")
BRIDGE_DAMAGE = ("伸缩缝堵塞", "伸缩装置橡胶条老化", "桥面铺装裂缝", "支座老化", "栏杆锈蚀", "泄水孔堵塞",
                 "主梁底板裂缝", "墩柱露筋", "桥头跳车")
TUNNEL_DAMAGE = ("衬砌裂缝", "衬砌渗漏水", "路面破损", "截水沟堵塞", "排水边沟破损", "灯具损坏", "装饰板脱落",
                 "检修道盖板破损")
ROAD_CONTRACTORS = ("宜昌市政建设工程有限公司", "宜昌城投市政养护有限公司", "湖北峡江市政工程有限公司",
                    "宜昌夷陵建设工程有限公司")
STRUCTURE_CONTRACTORS = ("三峡路桥养护工程有限公司", "宜昌楚道桥隧维修工程有限公司", "宜昌市政建设工程有限公司")
UHPC = "超高性能混凝土(UHPC)"
MGP = "磷镁混合料"


def _damages(rng, pool, grade_rank: int) -> str:
    if grade_rank == 0 and rng.random() < 0.6:
        return "无明显病害"
    k = min(len(pool), 1 + grade_rank + (rng.random() < 0.4))
    return "、".join(rng.sample(pool, k))


# ---------------------------------------------------------------- roads (CJJ 36-2016)
def _road_area(f) -> float:
    return f["length_m"] * f["width_m"]


def _road_start(rng, f, age):
    return {"pci": min(98.0, 96.0 - 1.2 * age + rng.uniform(-8, 4)),
            "rqi": min(4.85, 4.75 - 0.035 * age + rng.uniform(-0.35, 0.15))}


def _road_decay(rng, s):
    s["pci"] -= rng.uniform(0.8, 4.0)
    s["rqi"] -= rng.uniform(0.02, 0.12)
    s["pci"], s["rqi"] = max(35.0, s["pci"]), max(1.2, s["rqi"])


def _road_effect(rng, s, category):
    if category == "preventive":
        s["pci"] = min(98.0, s["pci"] + rng.uniform(1, 3))
    elif category == "minor":
        s["pci"] = min(97.0, s["pci"] + rng.uniform(1, 4))
    elif category == "corrective":
        s["pci"], s["rqi"] = rng.uniform(89, 95), max(s["rqi"], rng.uniform(4.1, 4.6))
    else:
        s["pci"], s["rqi"] = rng.uniform(93, 98.5), rng.uniform(4.4, 4.85)


def _road_force(rng, s, f, grade):
    a, b, c = Gr.PCI_THRESHOLDS[f["road_class"]]
    lo, hi = {"A": (a + 1, 97), "B": (b + 1, a - 1), "C": (c + 1, b - 1), "D": (c - 12, c - 2)}[grade]
    s["pci"] = rng.uniform(lo, hi)
    s["rqi"] = max(s["rqi"], Gr.RQI_THRESHOLDS[f["road_class"]][0] + 0.2)


def _road_job(rng, f, category):
    area = _road_area(f)
    if category == "preventive":
        return "预防性养护：微表处/雾封层", (("乳化沥青", "t", area * rng.uniform(0.0008, 0.0015)),), \
            area * rng.uniform(8, 15)
    if category == "minor":
        patch = rng.uniform(40, 400)
        return "保养小修：坑槽修补、裂缝灌缝", (("沥青混凝土", "t", patch * 0.05 * 2.4), ("灌缝胶", "kg", rng.uniform(50, 400))), \
            patch * rng.uniform(160, 260)
    share = rng.uniform(0.3, 0.8) if category == "corrective" else 1.0
    asphalt = area * share * (0.04 if category == "corrective" else 0.1) * 2.4
    mats = [("沥青混凝土", "t", asphalt)]
    if category == "major":
        mats.append(("水泥稳定碎石", "m³", area * 0.2))
        return "大修：面层及基层翻修", tuple(mats), area * rng.uniform(300, 450)
    return "中修：铣刨重铺沥青面层、局部基层处治", tuple(mats), area * share * rng.uniform(120, 180)


def _road_summary(rng, ind, grade, f):
    pg, rg = Gr.pci_grade(ind["PCI"], f["road_class"]), Gr.rqi_grade(ind["RQI"], f["road_class"])
    return (f"路面状况指数PCI {ind['PCI']}（{pg}级），行驶质量指数RQI {ind['RQI']}（{rg}级），综合评定{grade}级；"
            f"主要病害：{_damages(rng, ROAD_DAMAGE, Gr.ROAD_GRADES.index(grade))}。")


ROAD = Profile(
    kind="road", standard="CJJ36-2016", months=(3, 6), start=_road_start, decay=_road_decay,
    indices=lambda s, f: Gr.road_indices(s["pci"], s["rqi"], f["road_class"]),
    grade=lambda ind, f: Gr.road_grade(ind["PCI"], ind["RQI"], f["road_class"]),
    policy={"A": ("preventive", 0.12), "B": ("minor", 0.35), "C": ("corrective", 0.45), "D": ("major", 0.6)},
    effect=_road_effect, force=_road_force, job=_road_job, summary=_road_summary, cycle_years=1.0,
    contractors=ROAD_CONTRACTORS,
)


# ---------------------------------------------------------------- bridges (CJJ 99-2017)
def _bridge_start(rng, f, age):
    bci = min(98.5, 97.0 - 0.45 * age + rng.uniform(-5, 2))
    return {"bci": bci, "bsi": min(98.0, bci - rng.uniform(0, 16))}


def _bridge_decay(rng, s):
    s["bci"] = max(40.0, s["bci"] - rng.uniform(0.3, 1.8))
    s["bsi"] = max(35.0, s["bsi"] - rng.uniform(0.3, 3.0))


def _bridge_effect(rng, s, category):
    if category == "preventive":
        s["bci"] = min(98.5, s["bci"] + 0.6)
    elif category == "minor":
        s["bci"], s["bsi"] = min(98.0, s["bci"] + rng.uniform(2, 5)), min(97.0, s["bsi"] + rng.uniform(3, 8))
    elif category == "corrective":
        s["bci"], s["bsi"] = rng.uniform(88, 93), rng.uniform(84, 92)
    else:
        s["bci"], s["bsi"] = rng.uniform(92, 96), rng.uniform(90, 95)


def _bridge_force(rng, s, f, grade):
    lo, hi = {"A": (91, 97), "B": (81, 89), "C": (67, 79), "D": (51, 65), "E": (40, 49)}[grade]
    s["bci"] = rng.uniform(lo, hi)
    s["bsi"] = max(s["bci"], 91.0)


def _bridge_job(rng, f, category):
    w = f["width_m"] or 10.0
    if category == "preventive":
        return "日常养护：桥面清扫、伸缩缝及泄水孔清理", (), rng.uniform(5e3, 3e4)
    if category == "minor":
        mat = (UHPC, "m³", w * rng.uniform(0.08, 0.2)) if rng.random() < 0.6 else (MGP, "t", w * rng.uniform(0.1, 0.3))
        return "保养小修：伸缩装置维修（新材料快速修复）、桥面铺装修补", (mat,), rng.uniform(3e4, 2e5)
    if category == "corrective":
        return "中修：支座更换、主梁裂缝封闭、伸缩缝更换", (
            (UHPC, "m³", w * rng.uniform(0.15, 0.4)), ("环氧树脂", "kg", rng.uniform(100, 800)),
            ("伸缩缝装置", "m", w)), rng.uniform(2e5, 1.5e6)
    return "大修加固：粘贴碳纤维布、增大截面加固", (
        ("碳纤维布", "m²", rng.uniform(200, 1500)), ("C50混凝土", "m³", rng.uniform(30, 300)),
        ("钢筋", "t", rng.uniform(5, 40))), rng.uniform(1e6, 8e6)


def _bridge_summary(rng, ind, grade, f):
    return (f"桥梁技术状况：BCI {ind['BCI']}（{Gr.bridge_index_grade(ind['BCI'])}级），BSI {ind['BSI']}"
            f"（{Gr.bridge_index_grade(ind['BSI'])}级），按较差者评定{grade}级；"
            f"主要病害：{_damages(rng, BRIDGE_DAMAGE, Gr.BRIDGE_GRADES.index(grade))}。")


def _bridge_inspection_type(rng, f, year):
    if f["bridge_class"] == "I" and year % 3 == 1:
        return "special"
    return "structural" if year == 2024 and rng.random() < 0.3 else "periodic"


BRIDGE = Profile(
    kind="bridge", standard="CJJ99-2017", months=(4, 9), start=_bridge_start, decay=_bridge_decay,
    indices=lambda s, f: Gr.bridge_indices(s["bci"], s["bsi"]),
    grade=lambda ind, f: Gr.bridge_grade(ind["BCI"], ind["BSI"]),
    policy={"A": ("preventive", 0.25), "B": ("minor", 0.5), "C": ("corrective", 0.5), "D": ("major", 0.6),
            "E": ("major", 0.9)},
    effect=_bridge_effect, force=_bridge_force, job=_bridge_job, summary=_bridge_summary, cycle_years=1.0,
    contractors=STRUCTURE_CONTRACTORS, inspection_type=_bridge_inspection_type,
)


# ---------------------------------------------------------------- tunnels (JTG H12-2015)
def _tunnel_start(rng, f, age):
    return {"jgci": min(97.0, 93.0 - 0.55 * age + rng.uniform(-4, 3))}


def _tunnel_decay(rng, s):
    s["jgci"] = max(30.0, s["jgci"] - rng.uniform(0.8, 2.6))


def _tunnel_effect(rng, s, category):
    gain = {"preventive": (0.5, 1.5), "minor": (2, 5)}.get(category)
    if gain:
        s["jgci"] = min(96.0, s["jgci"] + rng.uniform(*gain))
    else:
        s["jgci"] = rng.uniform(86, 91) if category == "corrective" else rng.uniform(89, 95)


def _tunnel_force(rng, s, f, grade):
    s["jgci"] = rng.uniform(*{"1": (86, 94), "2": (71, 84), "3": (56, 69), "4": (41, 54), "5": (32, 39)}[grade])


def _tunnel_job(rng, f, category):
    if category == "preventive":
        return "正常养护：洞内清洗、排水沟清淤", (), rng.uniform(2e4, 8e4)
    if category == "minor":
        return "保养维修：截水沟修补、灯具更换", ((MGP, "t", rng.uniform(0.5, 3)),), rng.uniform(5e4, 3e5)
    if category == "corrective":
        return "局部病害处治：衬砌裂缝注浆、渗漏水处治", (
            (UHPC, "m³", rng.uniform(3, 15)), ("环氧树脂", "kg", rng.uniform(300, 1500))), rng.uniform(3e5, 2e6)
    return "整治：衬砌加固、防排水系统改造", (("防水卷材", "m²", rng.uniform(800, 3000)),
                                       ("C30混凝土", "m³", rng.uniform(100, 600))), rng.uniform(2e6, 1.2e7)


def _tunnel_summary(rng, ind, grade, f):
    return (f"土建结构技术状况评分JGCI {ind['JGCI']}，评定为{grade}类；"
            f"主要病害：{_damages(rng, TUNNEL_DAMAGE, int(grade) - 1)}。")


TUNNEL = Profile(
    kind="tunnel", standard="JTGH12-2015", months=(5, 8), start=_tunnel_start, decay=_tunnel_decay,
    indices=lambda s, f: Gr.tunnel_indices(s["jgci"]), grade=lambda ind, f: Gr.tunnel_grade(ind["JGCI"]),
    policy={"1": ("preventive", 0.3), "2": ("minor", 0.6), "3": ("corrective", 0.8), "4": ("major", 1.0),
            "5": ("major", 1.0)},
    effect=_tunnel_effect, force=_tunnel_force, job=_tunnel_job, summary=_tunnel_summary, cycle_years=1.0,
    contractors=STRUCTURE_CONTRACTORS,
)

# ---------------------------------------------------------------- the seed's works: (kind, name) -> work
SEED_WORKS = {
    ("tunnel", "东山隧道"): SeedWork(
        2021, "corrective", (9, 6), 98,
        "东山隧道病害维修工程：衬砌裂缝注浆修补、渗漏水处治，截水沟维修试点华新超高性能混凝土(UHPC)",
        ((UHPC, "m³", 18.5), ("环氧树脂", "kg", 1260.0), ("防水卷材", "m²", 860.0)), 3_860_000.0, "3"),
    ("tunnel", "云集隧道"): SeedWork(
        2022, "corrective", (9, 13), 75,
        "云集隧道病害维修工程：衬砌剥落修补、截水沟及排水边沟维修（试点贵州磷镁混合料快速修补）",
        ((MGP, "t", 12.6), ("环氧树脂", "kg", 640.0)), 2_150_000.0, "3"),
    ("tunnel", "张家湾隧道"): SeedWork(
        2023, "major", (9, 11), 216,
        "城东大道张家湾隧道整治提升工程：衬砌加固、路面改造、防排水及照明消防设施更新",
        (("沥青混凝土", "t", 620.0), (UHPC, "m³", 26.0), ("防水卷材", "m²", 2400.0)), 9_680_000.0, "4"),
    ("road", "三峡大道"): SeedWork(
        2023, "corrective", (7, 3), 118,
        "三峡大道中修工程：铣刨重铺沥青面层、病害基层处治、检查井井盖更换为新型宽边防沉降井盖",
        (("沥青混凝土", "t", 5200.0), ("乳化沥青", "t", 38.0), ("宽边防沉降井盖", "套", 126.0)), 12_400_000.0, "C"),
}
