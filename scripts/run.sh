#!/usr/bin/env bash
# Install (first time) and start the dashboard on its bundled data: http://localhost:8501
# It listens on this machine only (127.0.0.1) unless an editor password or editor logins are
# configured (SECURITY.md); arguments are passed to `streamlit run` and win (--server.address ...).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
.venv/bin/python -m analysis build
address="$(.venv/bin/python -m analysis serve-address)" || address=127.0.0.1
exec .venv/bin/python -m streamlit run app.py --server.address "$address" "$@"
