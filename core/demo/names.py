"""Chinese names for the demo city: streets, people, contractors, and the seed document's named facilities.

Street names are composed from two characters (e.g. 桔 + 城 -> 桔城路); people
from a surname and one or two given-name characters. All generated names are
fictional; the facility names taken from the seed document are real places in
Yichang but their attributes and records here are invented.
"""
from __future__ import annotations

import random

STREET_FIRST = ("桔", "兴", "峡", "江", "夷", "珍", "港", "隆", "白", "桃", "云", "樵", "合", "新", "胜", "和",
                "东", "西", "南", "北", "龙", "凤", "金", "银", "青", "紫", "春", "秋", "明", "晓", "清", "松",
                "柏", "桂", "兰", "梅", "荷", "柳", "福", "寿", "安", "宁", "康", "泰", "平", "丰", "盛", "昌",
                "华", "光", "文", "武", "德", "义", "仁", "礼", "智", "信", "沙", "湖", "溪", "山", "岭", "坪",
                "桥", "滨", "望", "远", "长", "宏", "振", "育", "友", "谊", "红", "绿", "鸿", "嘉", "锦", "绣")
STREET_SECOND = ("城", "华", "兴", "发", "江", "峡", "陵", "湖", "山", "河", "园", "林", "阳", "明", "光", "安",
                 "平", "和", "宁", "康", "泰", "昌", "盛", "荣", "丰", "源", "泉", "溪", "岭", "坪", "桥", "台",
                 "苑", "府", "门", "关", "亭", "州", "津", "湾", "洲", "港", "塘", "岗", "坡", "冲", "垭", "坝")
STREET_SUFFIX = {"expressway": ("大道",), "arterial": ("大道", "路"), "secondary": ("路",),
                 "branch": ("路", "街"), "lane": ("街", "巷", "路")}
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭",
            "何", "罗", "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "彭", "向",
            "覃", "田", "万", "余")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀", "霞", "平", "刚", "桂", "英", "华", "玲", "斌", "波", "辉", "鹏", "宇", "浩", "晨", "露",
         "峰", "琳", "颖", "雪", "凯", "健", "俊", "帆")

CONTRACTORS = (
    "宜昌市政建设工程有限公司",
    "宜昌城投市政养护有限公司",
    "三峡路桥养护工程有限公司",
    "湖北峡江市政工程有限公司",
    "宜昌江城排水管网运营有限公司",
    "宜昌夷陵建设工程有限公司",
    "宜昌楚道桥隧维修工程有限公司",
    "宜昌清源管道检测修复有限公司",
)

# Roads the seed document names, by district: (name, lattice direction, offset from the seed line, class,
# what the road leads to beyond the streets: a tunnel name, "overpass" or None).
NAMED_ROADS = {
    "西陵区": (("东山大道", "v", 1, "arterial", "东山隧道"),
             ("云集路", "v", -1, "secondary", "云集隧道"),
             ("朝阳路", "v", 0, "branch", None),
             ("金龙路", "u", 0, "secondary", None)),
    "伍家岗区": (("城东大道", "v", -1, "arterial", "张家湾隧道"),
              ("三峡路", "v", 1, "secondary", "overpass"),
              ("东湖大道", "u", 0, "arterial", None)),
    "夷陵区": (("三峡大道", "v", 0, "arterial", None),),
    "猇亭区": (),
    "点军区": (),
}

# (name, length m, tubes, lanes, built year)
NAMED_TUNNELS = {
    "东山隧道": (1050.0, 2, 4, 2001),
    "云集隧道": (640.0, 2, 4, 2004),
    "张家湾隧道": (460.0, 2, 4, 2012),
}
EXTRA_TUNNEL_NAMES = ("桃花岭隧道", "磨基山隧道", "紫阳隧道", "樵湖岭隧道", "白沙隧道", "龙盘湖隧道")

OVERPASS_NAME = "三峡路跨高速桥"

# Yangtze bridges: (name, type, near which left-bank district, where along it: "seed" or a river vertex index)
YANGTZE_BRIDGES = (
    ("夷陵长江大桥", "cable_stayed", "西陵区", "seed", 2001),
    ("至喜长江大桥", "suspension", "伍家岗区", 7, 2016),
    ("伍家岗长江大桥", "suspension", "伍家岗区", "seed", 2021),
    ("宜昌长江公路大桥", "suspension", "猇亭区", "seed", 2001),
)

# Waterlogging points from the seed: name -> (district, where, status, sponge city, location text)
NAMED_WATERLOGGING = {
    "北汽贸城": ("伍家岗区", "node", "remediated", False, "伍家岗区北汽贸城门前道路"),
    "三峡路跨高速桥下": ("伍家岗区", "overpass", "remediated", False, "三峡路跨高速桥桥下通道"),
    "长江市场": ("西陵区", "riverside", "remediated", False, "西陵区长江市场周边道路"),
    "金龙路朝阳路": ("西陵区", "金龙路×朝阳路", "in_treatment", True, "金龙路与朝阳路交叉口"),
    "东湖大道": ("伍家岗区", "东湖大道", "in_treatment", True, "东湖大道低洼路段"),
}

# Storage facilities always present: (name, district, type)
NAMED_STORAGE = (
    ("运河调蓄池", "西陵区", "tank"),
    ("东湖调蓄区", "伍家岗区", "lake"),
    ("柏临河湿地调蓄区", "夷陵区", "pond"),
    ("沙河调蓄池", "猇亭区", "tank"),
    ("桥河调蓄塘", "点军区", "pond"),
)
STORAGE_NAME_STEMS = ("江南", "滨江", "青龙", "白沙", "金桥", "龙泉", "黄龙", "枫林", "桂溪", "望洲",
                      "桥边", "杨岔", "小溪", "共和", "车站", "万达", "紫阳", "桃花岭", "樵湖", "磨基山",
                      "东站", "花溪", "松湖", "柳林", "梅岭", "荷塘", "平湖", "清江", "望江", "白洋")


def street_name(rng: random.Random, road_class: str, used: set) -> str:
    """A new street name for the class, unused so far in this city."""
    suffixes = STREET_SUFFIX[road_class]
    for _ in range(200):
        name = rng.choice(STREET_FIRST) + rng.choice(STREET_SECOND) + rng.choice(suffixes)
        if name not in used and name[0] != name[1]:
            used.add(name)
            return name
    raise RuntimeError("ran out of street names")  # pragma: no cover - 3,800+ combinations


def section_names(name: str, count: int) -> list:
    if count == 1:
        return [name]
    return [f"{name}{SECTION_NUMBERS[k] if k < 10 else k + 1}段" for k in range(count)]


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def district_unit(district: str) -> str:
    return f"{district}市政设施养护中心"
