#!/usr/bin/env bash
# Install what the tests need (first time) and run every test tier: unit, AppTest, browser.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q chromium fonts-dejavu-core
fi
exec .venv/bin/python -m pytest "$@"
