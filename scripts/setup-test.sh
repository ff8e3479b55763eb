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

# axe-core 4.x for the accessibility checks. axe-selenium-python 2.1.6 (the newest that installs on
# Python 3.11) bundles axe-core 3.1.1; axe-core's own home is npm, which this machine cannot reach.
# The PyPI wheel axe-playwright-python 0.1.8 carries axe.min.js 4.12.1: it is downloaded without its
# dependencies (Playwright is not used), checked against its pinned sha256, and only that file is kept.
axe_js="$venv/axe-core/axe.min.js"
axe_wheel="axe_playwright_python-0.1.8-py3-none-any.whl"
axe_sha256="fdd263c998388f1a8e67cad02677e612d946248bd44d163be5e8650ea31f95f8"
if [ ! -f "$axe_js" ]; then
  echo "setup-test: fetching axe-core 4.12.1 (from the PyPI wheel $axe_wheel)"
  tmp="$(mktemp -d)"
  "$venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-input --no-deps --only-binary=:all: \
    --dest "$tmp" axe-playwright-python==0.1.8
  echo "$axe_sha256  $tmp/$axe_wheel" | sha256sum --check --quiet
  mkdir -p "$(dirname "$axe_js")"
  "$venv/bin/python" -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("axe_playwright_python/axe.min.js"))' \
    "$tmp/$axe_wheel" "$axe_js.part"
  mv "$axe_js.part" "$axe_js"
  rm -rf "$tmp"
fi
