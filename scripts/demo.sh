#!/usr/bin/env bash
# `make demo`: serve the bundled demo site, run the example batch against it, stop the site.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PORT=${GHOSTTAB_DEMO_PORT:-8765}
TASKS=${1:-examples/demo-tasks.jsonl}

"$VENV/bin/ghosttab" demo-site --port "$PORT" >/tmp/ghosttab-demo-site.log 2>&1 &
SITE=$!
trap 'kill $SITE 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done

rm -f demo.db
rm -rf artifacts
"$VENV/bin/ghosttab" run "$TASKS" --concurrency 4 --db demo.db --out results.jsonl
echo "downloaded files:"
find artifacts -path '*downloads*' -type f | sort | sed 's/^/  /'
