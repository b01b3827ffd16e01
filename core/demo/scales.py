"""The demo city's sizes.

A scale sets the street block and how many blocks each district's core spans
along and across the river; everything else (pipes, manholes, inlets, bridges,
records) follows from the streets. The figures the seed document quotes for
the whole city stay the same at every scale: 400,000 m³ of adjustable storage
and 15,000 m² of 生态地铺石 paving in 夷陵区.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    block_m: float  # street block (lattice spacing), metres
    half_along: int  # blocks either side of a district's seed, along the river (times the district weight)
    rows_inland: int  # blocks inland from the seed (times the district weight)
    rows_river: int  # blocks from the seed toward the river (the river setback trims them)
    max_road_blocks: int  # a street longer than this is split into numbered sections (一段, 二段 …)
    storage_facilities: int
    extra_waterlogging_points: int
    extra_tunnels: int
    description: str


SCALES: dict = {
    "tiny": ScaleSpec("tiny", 120.0, 1, 1, 0, 8, 5, 0, 0,
                      "five street cores of six blocks; ~200 pipes; for unit tests"),
    "small": ScaleSpec("small", 180.0, 1, 2, 0, 8, 6, 4, 0,
                       "five cores of nine blocks; a few hundred pipes; generated in a second"),
    "medium": ScaleSpec("medium", 220.0, 5, 9, 1, 8, 12, 15, 1,
                        "district centres; ~10,000 pipe segments"),
    "city": ScaleSpec("city", 250.0, 15, 28, 3, 8, 30, 60, 3,
                      "the whole urban area; over 100,000 pipe segments"),
}

TOTAL_STORAGE_M3 = 400_000.0  # 实现可调蓄空间40万立方米
ECO_PAVING_M2 = 15_000.0  # 生态地铺石铺装1.5万平方米 (夷陵区 pilot)
