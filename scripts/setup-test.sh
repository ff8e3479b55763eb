#!/usr/bin/env bash
# Installs what the web tests (`make test-web`, Tests/web/) need, only when it is missing:
# Debian's chromium, chromium-driver, wrk and python3-venv, then a Python virtual environment in
# .venv-test with the pinned packages of scripts/requirements-test.txt.
# Non-interactive and quiet when everything is there: safe on CI and on a fresh machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-test"
requirements="$root/scripts/requirements-test.txt"

SETUP_NAME=setup-test bash "$root/scripts/apt-install-missing.sh" chromium chromium-driver wrk python3-venv

# Debian's python3 (the one python3-venv belongs to), else whatever python3 is on PATH.
python=/usr/bin/python3
[ -x "$python" ] || python="$(command -v python3)"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "setup-test: creating $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

# Reinstall only when the requirements changed since the last successful install.
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "setup-test: installing the Python test packages into .venv-test"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
  echo "$wanted" >"$stamp"
fi
