#!/usr/bin/env bash
# Installs what Mosaic needs to build and run, only when it is missing.
# Non-interactive: safe on CI and on a fresh machine. Run by `make run` and `make test`.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev libyaml-dev zlib1g-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: ${missing[*]} missing and not root; install them with apt-get as root" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (6.x) is not on PATH; install it from swift.org and run again" >&2
  exit 1
fi
