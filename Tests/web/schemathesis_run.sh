#!/usr/bin/env bash
# Runs Tests/web/schemathesis_run.py with the test venv; arguments are passed on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/.venv-test/bin/python" "$root/Tests/web/schemathesis_run.py" "$@"
