#!/usr/bin/env bash
# Installs what Mosaic needs to build and run, only when it is missing.
# Non-interactive: safe on CI and on a fresh machine. Run by `make run` and `make test`.
set -euo pipefail

# systemd: its systemd-analyze checks deploy/mosaic.service in the tests.
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install-missing.sh" libcurl4-openssl-dev libsqlite3-dev libyaml-dev zlib1g-dev systemd

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (6.x) is not on PATH; install it from swift.org and run again" >&2
  exit 1
fi
