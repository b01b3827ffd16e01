"""Shared machinery of the grading engine: the result type, options, input checks, data files.

Every standard module (one per standard) declares a :class:`StandardDef` with its grade scale, its
named options and a ``run(data, options)`` function; the package ``__init__`` collects them. The
tables of a standard live in ``resources/standards/<CODE>-<EDITION>.json`` (STANDARDS.md: "put
every table in a versioned config file per standard ... keep the formulas in code"); they are read
once and cached.

Input errors are ``ValueError`` whose message starts with the path of the offending field, e.g.
``defects[2].grade: 5 is not a grade of PL (1-4)``. Pure Python: no QGIS or Qt import.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

DATA_DIR = Path(__file__).resolve().parents[2] / "resources" / "standards"

#: The office's four maintenance categories (STANDARDS.md §0), mildest first.
CATEGORIES = ("preventive", "minor", "corrective", "major")

#: Indices are rounded to this many decimals before they are graded or reported: it removes binary
#: noise (0.7 * 10 == 7.000000000000001) so that a value exactly on a threshold is graded as the
#: standard says, and changes nothing a person can see.
DIGITS = 9

#: Keys any list item (a defect, a distress, a span ...) may carry without affecting the result.
ITEM_EXTRA_KEYS = ("id", "note")


def clean(x: float) -> float:
    """``x`` rounded to :data:`DIGITS` decimals, with ``-0.0`` turned into ``0.0``."""
    return round(x, DIGITS) + 0.0


# --------------------------------------------------------------------------- result
@dataclass(frozen=True)
class Assessment:
    """The outcome of grading one facility by one standard.

    ``standard`` is the code with its edition (``"CJJ181-2012"``); ``index`` the named indices;
    ``grades`` every grade the standard defines for the facility; ``grade`` the controlling (worst)
    grade; ``category`` one of :data:`CATEGORIES`; ``action`` the standard's wording (Chinese) of
    the work the controlling grade calls for; ``details`` intermediate values, the options used with
    their values (``details["options"]``) and notes (``details["notes"]``).
    """

    standard: str
    index: dict
    grade: str
    grades: dict
    category: str
    action: str
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A plain, JSON-serialisable dict of all fields."""
        return {"standard": self.standard, "index": dict(self.index), "grade": self.grade,
                "grades": dict(self.grades), "category": self.category, "action": self.action,
                "details": self.details}


# --------------------------------------------------------------------------- options
@dataclass(frozen=True)
class Option:
    """A named interpretation or setting of a standard.

    ``tag`` is the evidence for the default, as in STANDARDS.md: ``"U"`` (unconfirmed), ``"C"``
    (third-party code only) or ``""`` (an engine setting, not a reading of the standard).
    """

    name: str
    default: Any
    tag: str
    doc: str
    parse: Callable[[Any, str], Any]


def one_of(*allowed: str) -> Callable[[Any, str], str]:
    def parse(value: Any, path: str) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"{path}: {value!r} is not one of {', '.join(allowed)}")
        return value
    parse.allowed = allowed  # type: ignore[attr-defined]
    return parse


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{path}: {value!r} is not true or false")
    return value


def opt_number(minimum: float = 0.0, allow_none: bool = False, positive: bool = False):
    def parse(value: Any, path: str) -> Optional[float]:
        if value is None and allow_none:
            return None
        return number(value, path, minimum=minimum, positive=positive)
    return parse


def resolve_options(code: str, defs: Sequence[Option], options: Optional[Mapping]) -> dict:
    """Every option of the standard with its value (the default unless ``options`` sets it).

    Tuple values come back as lists, so that ``details["options"]`` is plain JSON.
    """
    if not options:
        if options is None or isinstance(options, Mapping):
            return {o.name: (list(o.default) if type(o.default) is tuple else o.default) for o in defs}
    if not isinstance(options, Mapping):
        raise ValueError(f"options: must be a dict, got {type(options).__name__}")
    by_name = {o.name: o for o in defs}
    for name in options:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            raise ValueError(f"options.{name}: unknown option for {code} (known: {known})")
    out = {o.name: (o.parse(options[o.name], f"options.{o.name}") if o.name in options else o.default)
           for o in defs}
    return {k: (list(v) if type(v) is tuple else v) for k, v in out.items()}


# --------------------------------------------------------------------------- standards
@dataclass(frozen=True)
class StandardDef:
    """One standard (code with edition) as the engine knows it."""

    code: str
    title: str
    scale: tuple  # grades, best first
    categories: dict  # grade -> maintenance category
    options: tuple
    run: Callable[[Mapping, dict], Assessment]
    data_file: Optional[str] = None  # basename under resources/standards/

    def rank(self, grade: str) -> int:
        return self.scale.index(grade)

    def worst(self, grades: Iterable[str]) -> str:
        return max(grades, key=self.rank)

    def result(self, *, index: dict, grades: dict, grade: str, action: str, details: dict,
               options: dict, notes: list) -> Assessment:
        # ``details``, ``grades`` and ``options`` are built afresh for every call: no copies needed
        details["options"] = options
        details["notes"] = notes
        if self.data_file:
            details["edition"] = load_table(self.data_file)["edition"]
        return Assessment(self.code, {k: round(v, DIGITS) + 0.0 for k, v in index.items()}, grade, grades,
                          self.categories[grade], action, details)


@cache
def load_table(name: str) -> dict:
    """The JSON table ``resources/standards/<name>.json``, read once (treat it as read-only)."""
    path = DATA_DIR / f"{name}.json"
    with open(path, encoding="utf-8") as fh:
        table = json.load(fh)
    if not isinstance(table, dict) or "standard" not in table or "edition" not in table:
        raise ValueError(f"{path}: a standards table needs 'standard' and 'edition'")
    return table


# --------------------------------------------------------------------------- input checks
def at(path: str, key: Any) -> str:
    """``path`` extended by a key (``deck.铺装``) or an index (``defects[2]``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def mapping(value: Any, path: str) -> Mapping:
    if type(value) is dict:  # the common case, without the slower ABC check
        return value
    if not isinstance(value, Mapping):
        raise ValueError(f"{path or 'data'}: must be a dict, got {type(value).__name__}")
    return value


def sequence(value: Any, path: str, non_empty: bool = False) -> list:
    if type(value) is list and (value or not non_empty):
        return value
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise ValueError(f"{path}: must be a list, got {type(value).__name__}")
    if non_empty and not value:
        raise ValueError(f"{path}: must not be empty")
    return list(value)


def check_keys(obj: Mapping, path: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for key in obj:
        if key not in allowed:
            raise ValueError(f"{at(path, key)}: unknown input (expected {', '.join(allowed)})")


def required(obj: Mapping, key: str, path: str = "") -> Any:
    value = obj.get(key)
    if value is None:
        raise ValueError(f"{at(path, key)}: is required")
    return value


def number(value: Any, path: str, *, minimum: Optional[float] = 0.0, maximum: Optional[float] = None,
           positive: bool = False) -> float:
    """``value`` as a finite float; by default it may not be negative."""
    t = type(value)
    if (t is float or t is int) and minimum == 0.0 and maximum is None and 0 < value < math.inf:
        return float(value)  # the common case: a positive number with the default bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{path}: {value!r} is not a number")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{path}: {value!r} is not a finite number")
    if minimum is not None and x < minimum:
        raise ValueError(f"{path}: {value!r} is negative" if minimum == 0
                         else f"{path}: {value!r} is below the minimum {minimum:g}")
    if positive and x <= 0:
        raise ValueError(f"{path}: {value!r} must be greater than 0")
    if maximum is not None and x > maximum:
        raise ValueError(f"{path}: {value!r} is above the maximum {maximum:g}")
    return x


def integer(value: Any, path: str, lo: int, hi: int, what: str) -> int:
    """An integer in ``lo..hi`` (an integral float or a digit string is accepted)."""
    v = value
    if isinstance(v, str) and v.strip().isdigit():
        v = int(v.strip())
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise ValueError(f"{path}: {value!r} is not {what} ({lo}-{hi})")
    return v


def choice(value: Any, path: str, allowed: Iterable[str]) -> str:
    if type(value) is str and value in allowed:
        return value
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{path}: {value!r} is not one of {', '.join(allowed)}")
    return value


def flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{path}: {value!r} is not true or false")
    return value


# --------------------------------------------------------------------------- shared formulas
def grade_at_most(value: float, limits: Sequence, worst: str) -> str:
    """The first grade whose upper limit ``value`` does not exceed (``[[1, "I"], [3, "II"]]``)."""
    for limit, grade in limits:
        if value <= limit:
            return grade
    return worst


def grade_at_least(value: float, limits: Sequence, worst: str, strict: bool = False) -> str:
    """The first grade whose lower limit ``value`` reaches (``>=``, or ``>`` when ``strict``)."""
    for limit, grade in limits:
        if value > limit or (not strict and value == limit):
            return grade
    return worst


def weight(u: float, coeffs: Sequence[float]) -> float:
    """The weight function w(u) = c3·u³ + c2·u² + c1·u; CJJ 36 / CJJ 99 use 3, −5.5, 3.5 (§2, §3.1)."""
    c3, c2, c1 = coeffs
    return ((c3 * u + c2) * u + c1) * u


def _weighted(values: Sequence[float], coeffs: Sequence[float]) -> float:
    total = math.fsum(values)
    return math.fsum(v * weight(v / total, coeffs) for v in values)


def weighted_deduction(values: Iterable[float], coeffs: Sequence[float], monotone: bool = False) -> float:
    """Σ DPⱼ·w(uⱼ) with uⱼ = DPⱼ/ΣDP (STANDARDS.md §2 step 2, §3.1 steps 4-5).

    Literal formula by default. It is not monotone: for any set of deductions, adding a small one
    lowers the total (d/dδ at δ→0 is −Σu²(9u² − 11u + 3.5) < 0), e.g. [20] → 20 but [20, 1] →
    18.88. With ``monotone`` the result is the largest literal total over the k largest deductions,
    k = 1..n, which never drops when a deduction is added or raised (checked by property tests).
    """
    vals = sorted((v for v in values if v > 0), reverse=True)
    if not vals:
        return 0.0
    if not monotone:
        return _weighted(vals, coeffs)
    return max(_weighted(vals[:k], coeffs) for k in range(1, len(vals) + 1))
