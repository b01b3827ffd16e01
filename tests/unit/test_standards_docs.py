"""docs/standards.md: every example (an input block with "standard", then its output block) runs as documented."""
import json
import re
from pathlib import Path

import pytest

from safe_municipal.core.standards import assess, options, standards

DOC = Path(__file__).resolve().parents[2] / "docs" / "standards.md"
BLOCKS = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)]
EXAMPLES = [(b, BLOCKS[i + 1]) for i, b in enumerate(BLOCKS) if "standard" in b and "data" in b]


def test_every_standard_has_an_example():
    assert sorted(b["standard"] for b, _ in EXAMPLES) == sorted(standards())


@pytest.mark.parametrize("given, expected", EXAMPLES, ids=[b["standard"] for b, _ in EXAMPLES])
def test_documented_example(given, expected):
    a = assess(given["standard"], given["data"], given["options"])
    assert (a.grade, a.grades, a.category, a.action) == (expected["grade"], expected["grades"], expected["category"],
                                                         expected["action"])
    assert set(a.index) == set(expected["index"])
    for k, v in expected["index"].items():
        assert a.index[k] == pytest.approx(v, abs=0.00005), k


def test_every_option_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for code in standards():
        for o in options(code):
            assert f"| `{o.name}` |" in text, (code, o.name)
