#!/usr/bin/env python3
"""Qt6 / QGIS 4 readiness check over the plugin's Python files (tests excluded).

Flags what breaks under PyQt6: PyQt5 imports, exec_(), QVariant() as NULL, QRegExp, qApp,
QDesktopWidget, the activated[str] overload, QFontMetrics.width, compiled resources, and tr() of an
f-string (never translatable). Exits 1 when anything is found.
"""
import re
import sys
from pathlib import Path

RULES = [
    (re.compile(r"^\s*(from|import)\s+PyQt5"), "import from qgis.PyQt, not PyQt5"),
    (re.compile(r"\.exec_\("), "use exec(), not exec_()"),
    (re.compile(r"QVariant\(\)"), "use NULL, not QVariant()"),
    (re.compile(r"\bQRegExp\b"), "use QRegularExpression"),
    (re.compile(r"\bqApp\b"), "use QgsApplication.instance()"),
    (re.compile(r"\bQDesktopWidget\b"), "use QScreen"),
    (re.compile(r"activated\[str\]"), "use textActivated"),
    (re.compile(r"fontMetrics\(\)\.width\("), "use horizontalAdvance"),
    (re.compile(r"resources_rc|pyrcc5"), "no compiled resources: load files by path"),
    (re.compile(r"\btr\(\s*f[\"']"), "tr() of an f-string is never translated: translate first, format after"),
]
SKIP = {".venv", ".build", "tests", "dist", "demo-output", ".git"}


def main(root: str) -> int:
    found = 0
    for path in sorted(Path(root).rglob("*.py")):
        if SKIP & set(path.relative_to(root).parts) or path.name == "qt6_check.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for rx, advice in RULES:
                if rx.search(line):
                    print(f"{path}:{n}: {advice}: {line.strip()}")
                    found += 1
    print(f"qt6-check: {found} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
