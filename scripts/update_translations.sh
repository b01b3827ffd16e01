#!/usr/bin/env bash
# Refresh resources/i18n/*.ts from the code (pylupdate5; existing translations kept) and list
# what still needs translating. Then translate (Qt Linguist, or: ts_tool.py todo -> edit -> fill)
# and build the .qm files with `make translations`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
ts=resources/i18n/safe_municipal_zh_CN.ts
"$PY" scripts/ts_tool.py update "$ts"
"$PY" scripts/ts_tool.py check "$ts" || {
  echo "Untranslated messages above: translate them in $ts (or: $PY scripts/ts_tool.py todo $ts > todo.tsv," \
       "fill the third column, $PY scripts/ts_tool.py fill $ts todo.tsv)." >&2
  exit 1
}
