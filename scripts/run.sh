#!/usr/bin/env bash
# Install (first time) and start the dashboard on its bundled data: http://localhost:8501
# It listens on this machine only (127.0.0.1) unless an editor password or editor logins are
# configured (SECURITY.md); arguments are passed to `streamlit run` and win (--server.address ...).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the Python environment (.venv)"
  python3 -m venv .venv
fi
# Install only when requirements.txt changed since the last successful install (a stamp in .venv),
# and say so: the first install takes one to two minutes on a small machine.
stamp=.venv/.pardash-requirements
wanted=$(cksum < requirements.txt)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installing the Python packages (first time: about 2 minutes; progress below)"
  start=$SECONDS
  # pip names each package as it fetches it; its long silent step is unpacking and compiling,
  # so a line every 15 s says it is still working
  ( while sleep 15 </dev/null >/dev/null 2>&1; do echo "    ... still installing ($((SECONDS - start)) s)"; done ) &
  ticker=$!
  trap 'kill "$ticker" 2>/dev/null || true' EXIT
  .venv/bin/pip install --disable-pip-version-check --progress-bar off -r requirements.txt \
    | { grep --line-buffered -E '^(Collecting|Installing|Successfully|ERROR)' || true; } | sed -u 's/^/    /'
  kill "$ticker" 2>/dev/null || true
  trap - EXIT
  echo "$wanted" > "$stamp"
  echo "==> Packages installed in $((SECONDS - start)) s"
fi
echo "==> Building the database from data/ (first time: a few seconds)"
.venv/bin/python -m analysis build
address="$(.venv/bin/python -m analysis serve-address)" || address=127.0.0.1
echo "==> Starting the app on http://localhost:8501 (Ctrl+C to stop)"
exec .venv/bin/python -m streamlit run serve.py --server.address "$address" "$@"
