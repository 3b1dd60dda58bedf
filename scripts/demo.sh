#!/usr/bin/env bash
# The main job on a fresh machine: create the environment, install newsdesk, ingest the bundled
# sample into ./newsdesk.db and show the desk it makes.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q .
export NEWSDESK_DB=${NEWSDESK_DB:-newsdesk.db}
nd="$VENV/bin/newsdesk"
"$nd" ingest examples/sample.jsonl examples/dump.txt || [ $? -eq 3 ]
echo; echo "## the desk"; "$nd" stats
echo; echo "## stories"; "$nd" stories --top 10 || true
echo; echo "## most-mentioned people"; "$nd" entities --type PERSON --top 10 || true
echo; echo "## who said what"; "$nd" quotes --limit 8 || true
echo; echo "## search: \"port strike\""; "$nd" search '"port strike" OR earthquake' --limit 5 || true
echo; echo "## watchlists (examples/watchlists.tsv), levels as of the evening of 2 March"
while IFS=$'\t' read -r name query; do
  "$nd" watchlist show "$name" --limit 0 >/dev/null 2>&1 || "$nd" watchlist add "$name" "$query" || true
done < examples/watchlists.tsv
"$nd" watchlist list --at 2026-03-02T23:00:00Z || true
"$nd" watchlist show port-strike --limit 3 || true
echo; echo "Open it in a browser: $nd serve   (then http://127.0.0.1:8000, Ctrl-C to stop)"
