#!/usr/bin/env bash
# `make test`: lint, type-check, then the whole suite against one shared demo-site server.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
WORKERS=${PYTEST_WORKERS:-2}

"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy"

# PostgreSQL: start the local cluster when it is installed but down (the tests that need it fail without it in CI).
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi

PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VENV/bin/ghosttab" demo-site --port "$PORT" >/tmp/ghosttab-test-site.log 2>&1 &
SITE=$!
trap 'kill $SITE 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done
export GHOSTTAB_DEMO_URL="http://127.0.0.1:$PORT"
"$VENV/bin/python" -m pytest -n "$WORKERS" --dist loadfile -q -p no:cacheprovider "$@"
