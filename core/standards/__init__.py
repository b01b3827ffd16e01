"""The grading engine (体检): facilities graded by the national standards, pure Python.

Public API (a contract)::

    from safe_municipal.core.standards import assess, standards, grade_scale
    a = assess("CJJ181-2012", {"length_m": 40, ...}, options={"merge_cap": None})
    a.grade, a.grades, a.index, a.category, a.action, a.details

One module per standard; formulas in code, tables in ``resources/standards/<CODE>-<EDITION>.json``.
The methods and every figure come from ``STANDARDS.md`` (the shared spec); each open [U]
interpretation there is a named option with a documented default (``options(code)``). The input
schema of every standard is in ``docs/standards.md``.
"""
from __future__ import annotations

from typing import Mapping, Optional

from . import cjj36, cjj99, cjj181, gb51222, gbt23858, international, jtg5210, jtgh12
from .base import CATEGORIES, Assessment, Option, StandardDef, mapping, resolve_options

__all__ = ["Assessment", "CATEGORIES", "Option", "assess", "grade_scale", "options", "standards"]

_REGISTRY: dict = {s.code: s for s in (
    cjj181.STANDARD, cjj99.STANDARD, cjj36.STANDARD, jtgh12.STANDARD, gb51222.STANDARD,
    gbt23858.STANDARD, jtg5210.STANDARD, *international.STANDARDS)}


def _get(standard: str) -> StandardDef:
    try:
        return _REGISTRY[standard]
    except (KeyError, TypeError):
        raise ValueError(f"standard: {standard!r} is not a known standard "
                         f"({', '.join(_REGISTRY)})") from None


def standards() -> tuple:
    """The codes (with edition) of every standard the engine grades by, e.g. ``"CJJ181-2012"``."""
    return tuple(_REGISTRY)


def grade_scale(standard: str) -> tuple:
    """The grades of ``standard``, best first (``("A", "B", "C", "D")`` for CJJ36-2016)."""
    return _get(standard).scale


def options(standard: str) -> tuple:
    """The named options of ``standard`` (:class:`Option`: name, default, tag, doc)."""
    return _get(standard).options


def assess(standard: str, data: dict, options: Optional[Mapping] = None) -> Assessment:
    """Grade one facility by ``standard`` from ``data`` (schema per standard: docs/standards.md).

    ``options`` sets named interpretations (unknown names raise ``ValueError``). Invalid input raises
    ``ValueError`` whose message starts with the offending field, e.g. ``defects[2].grade: ...``.
    """
    std = _get(standard)
    mapping(data, "data")
    return std.run(data, resolve_options(std.code, std.options, options))
