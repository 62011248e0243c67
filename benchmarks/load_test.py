"""Bounded load test (issue 9, acceptance): headless Chromium sessions on 127.0.0.1 against a
running app while `python -m analysis load` and `undo` cycle on its database.

Every session opens the overview and the data page in turn (a fresh page load each time) and
checks what it sees:
- errors: a page that does not finish, a Streamlit exception box, a JavaScript error, or a
  traceback in the server log;
- stale figures: the data version the page shows (its "Phiên bản dữ liệu: lô N" caption) must
  have been live at some moment while the page loaded (the writer records when each version
  became live), and the overview's figures must match that version (the load adds an index,
  LOADTEST, whose card is on the overview exactly when the load is in force).
Page time is from `goto` to the page's end sentinel ("Xong: ...") with the script idle.

    .venv/bin/python benchmarks/load_test.py                      # 12 sessions x 120 s, then 1 session x 60 s
    .venv/bin/python benchmarks/load_test.py --sessions 3 --seconds 20 --solo-seconds 0

It builds its own database from data/ in a temporary folder (the developer's var/ is never
touched), starts `streamlit run app.py` on a free port, prints a Markdown table and writes the
raw numbers as JSON (--json). tests/e2e/test_load_smoke.py runs a small version of it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--disable-extensions"]
LOAD_INDEX = "LOADTEST"
# (name, path, end sentinel); the overview selection is fixed so the LOADTEST card shows when loaded
VIEWS = [("overview", "/?ws=real&year=2024&unit=20", "Xong: tổng quan"),
         ("data", "/du-lieu?ws=real", "Xong: dữ liệu")]
VERSION = re.compile(r"Phiên bản dữ liệu: lô (\d+)")
PAGE_TIMEOUT_MS = 90_000


# ---- the writer: load, undo, load, undo ... and when each version became live ------------------

@dataclass
class Switch:
    started: float  # the command started (the version may change from here) ...
    ended: float    # ... and had certainly changed when it returned
    version: int


@dataclass
class Timeline:
    """The versions the database went through; version i is live somewhere in
    [switch i started, switch i+1 ended]."""
    initial: int
    switches: list[Switch] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, switch: Switch) -> None:
        with self.lock:
            self.switches.append(switch)

    def was_live(self, version: int, start: float, end: float) -> bool:
        """Could `version` have been the live one at some moment in [start, end]?"""
        with self.lock:
            spans, since = [], float("-inf")
            current = self.initial
            for s in self.switches:
                spans.append((current, since, s.ended))
                current, since = s.version, s.started
            spans.append((current, since, float("inf")))
        return any(v == version and lo <= end and hi >= start for v, lo, hi in spans)


def live_version(db: Path) -> int:
    from analysis import importer

    return next(b["batch_id"] for b in importer.history(db) if not b["undone"])


def writer(db: Path, files: list[Path], timeline: Timeline, stop: threading.Event, pause: float, errors: list) -> None:
    python = sys.executable
    commands = [[python, "-m", "analysis", "load", "--db", str(db), "--source", "load test", *map(str, files)],
                [python, "-m", "analysis", "undo", "--db", str(db)]]
    step = 0
    while not stop.wait(pause):
        command = commands[step % 2]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        ended = time.monotonic()
        if done.returncode != 0:
            errors.append(f"writer: {' '.join(command[2:4])} exit {done.returncode}: {done.stderr.strip()[-300:]}")
        timeline.add(Switch(started, ended, live_version(db)))
        step += 1


# ---- the sessions -----------------------------------------------------------------------------

@dataclass
class View:
    session: int
    view: str
    started: float
    seconds: float
    version: int | None
    loadtest_shown: bool | None
    error: str | None = None
    stale: str | None = None
    mixed: str | None = None


async def _visit(page, url: str, sentinel: str) -> tuple[int | None, str]:
    await page.goto(url, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
    await page.get_by_text(sentinel, exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                 timeout=PAGE_TIMEOUT_MS)
    text = await page.locator('[data-testid="stMain"]').inner_text()
    found = VERSION.search(text)
    return (int(found.group(1)) if found else None), text


async def session(number: int, browser, base: str, deadline: float, views: list[View], solo_views: int | None = None):
    context = await browser.new_context(viewport={"width": 1280, "height": 1200}, locale="vi-VN")
    page = await context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    turn = number  # sessions start on different pages
    try:
        while time.monotonic() < deadline:
            name, path, sentinel = VIEWS[turn % len(VIEWS)]
            turn += 1
            started = time.monotonic()
            try:
                version, text = await _visit(page, base + path, sentinel)
                error = None
            except Exception as exc:  # noqa: BLE001 - a page that does not finish is an error, counted
                version, text, error = None, "", f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            seconds = time.monotonic() - started
            if error is None and await page.locator('[data-testid="stException"]').count():
                error = "exception box: " + (await page.locator('[data-testid="stException"]').first.inner_text())[:200]
            if error is None and js_errors:
                error = "javascript: " + js_errors.pop()[:200]
            if error is None and version is None:
                error = "no data version caption"
            shown = (LOAD_INDEX in text) if name == "overview" and error is None else None
            views.append(View(number, name, started, seconds, version, shown, error))
    finally:
        await context.close()


async def _sessions(base: str, count: int, seconds: float) -> list[View]:
    from playwright.async_api import async_playwright

    views: list[View] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm = await browser.new_page()  # the first visit pays for imports: not measured
            for _name, path, sentinel in VIEWS:
                await _visit(warm, base + path, sentinel)
            await warm.close()
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(session(i, browser, base, deadline, views) for i in range(count)))
        finally:
            await browser.close()
    return views


# ---- the app ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """`streamlit run app.py` (or another `script`) on 127.0.0.1 against the given database, its
    log in `log`."""

    def __init__(self, home: Path, db: Path, log: Path, script: str = "app.py"):
        self.port, self.log = _free_port(), log
        env = {**os.environ, "PARDASH_HOME": str(home), "PARDASH_DB": str(db),
               "PARDASH_DEMO_DB": str(home / "demo.duckdb")}
        for name in ("PARDASH_EDITOR_PASSWORD", "PARDASH_EDITOR_PASSWORD_HASH"):
            env.pop(name, None)
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self._out = open(log, "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 90
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {log}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("streamlit did not become healthy in 90 s")
            time.sleep(0.3)

    def cpu_seconds(self) -> float:
        """CPU time the app server has used so far (user + system), from /proc."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def tracebacks(self) -> list[str]:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [block[:300] for block in text.split("Traceback (most recent call last)")[1:]]

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


# ---- one run ----------------------------------------------------------------------------------

def prepare(folder: Path) -> tuple[Path, Path]:
    """The app database built from data/ (as a deployment would) and the file the writer loads."""
    from analysis import bundle

    db = folder / "dashboard.duckdb"
    bundle.ensure_app_database(db)
    csv = folder / "scores_loadtest.csv"
    csv.write_text(f"index_code,year,unit_code,score\n{LOAD_INDEX},2024,20,55.5\n{LOAD_INDEX},2024,01,60\n",
                   encoding="utf-8")
    # a made-up index brings its tree in the same load (an unknown index code is refused)
    tree = folder / "criteria_loadtest.csv"
    tree.write_text(f"index_code,valid_from,criterion_code,name\n{LOAD_INDEX},2024,1,Tổng hợp\n", encoding="utf-8")
    return db, [tree, csv]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def judge(views: list[View], timeline: Timeline, base_version: int) -> None:
    """Mark a view stale when the version it names, or the version its figures belong to, was
    not live at any moment while it loaded. (A page whose reads straddle a switch may name one
    live version and show figures of the other: that is a mixed page, counted apart, not stale.)"""
    load_versions = {s.version for s in timeline.switches if s.version != base_version}
    for v in views:
        if v.error or v.version is None:
            continue
        end = v.started + v.seconds
        if not timeline.was_live(v.version, v.started, end):
            v.stale = f"shows lô {v.version}, which was not live while the page loaded"
            continue
        if v.loadtest_shown is None or v.loadtest_shown == (v.version != base_version):
            continue
        figures = load_versions if v.loadtest_shown else {base_version}
        if any(timeline.was_live(f, v.started, end) for f in figures):
            v.mixed = f"names lô {v.version}; its {LOAD_INDEX} card belongs to the other version live then"
        else:
            v.stale = (f"shows lô {v.version} with the {LOAD_INDEX} card "
                       f"{'present' if v.loadtest_shown else 'missing'}: figures of a version not live then")


def run(sessions: int, seconds: float, *, pause: float = 2.0, folder: Path | None = None) -> dict:
    """One measured run: `sessions` browsers for `seconds` while the writer cycles. Returns the
    summary (and the raw views)."""
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="pardash-load-")) if own else folder
    load_before = os.getloadavg()[0]
    try:
        db, files = prepare(folder)
        base_version = live_version(db)
        timeline, stop, writer_errors = Timeline(base_version), threading.Event(), []
        app = App(folder, db, folder / "streamlit.log")
        try:
            thread = threading.Thread(target=writer, args=(db, files, timeline, stop, pause, writer_errors), daemon=True)
            thread.start()
            cpu_before = app.cpu_seconds()
            views = asyncio.run(_sessions(app.url, sessions, seconds))
            server_cpu = app.cpu_seconds() - cpu_before
            stop.set()
            thread.join(180)
            tracebacks = app.tracebacks()
        finally:
            stop.set()
            app.close()
        judge(views, timeline, base_version)
        times = [v.seconds for v in views if not v.error]
        return {
            "sessions": sessions, "seconds": seconds, "views": len(views),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # other work on the machine
            "errors": [f"session {v.session} {v.view}: {v.error}" for v in views if v.error] + writer_errors
            + [f"server log: {t}" for t in tracebacks],
            "stale": [f"session {v.session} {v.view}: {v.stale}" for v in views if v.stale],
            "mixed": [f"session {v.session} {v.view}: {v.mixed}" for v in views if v.mixed],
            "timeline": {"initial": timeline.initial, "switches": [asdict(s) for s in timeline.switches]},
            "switches": len(timeline.switches),
            "server_cpu_s_per_view": round(server_cpu / max(1, len(views)), 2),
            "versions_seen": sorted({v.version for v in views if v.version is not None}),
            "p50": percentile(times, 50), "p95": percentile(times, 95),
            "by_view": {name: {"n": len(ts), "p50": percentile(ts, 50), "p95": percentile(ts, 95)}
                        for name in [n for n, _, _ in VIEWS]
                        for ts in [[v.seconds for v in views if v.view == name and not v.error]]},
            "raw": [asdict(v) for v in views],
        }
    finally:
        if own:
            shutil.rmtree(folder, ignore_errors=True)


def _row(label: str, r: dict) -> str:
    def s(x, places=2):
        return "–" if x is None else f"{x:.{places}f}".replace(".", ",")
    per = "; ".join(f"{k} {s(v['p50'])} / {s(v['p95'])} (n={v['n']})" for k, v in r["by_view"].items())
    before, after = r["load_average"]
    cells = [label, f"{r['sessions']} × {r['seconds']:.0f} s", f"{s(before, 1)} → {s(after, 1)}", r["views"],
             s(r["server_cpu_s_per_view"]), r["switches"], len(r["errors"]), len(r["stale"]), len(r["mixed"]),
             s(r["p50"]), s(r["p95"]), per]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--solo-seconds", type=float, default=60, help="one session alone, for comparison (0: skip)")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between the writer's load and undo")
    parser.add_argument("--json", type=Path, default=None, help="write every view's numbers here")
    args = parser.parse_args(argv)
    results = {}
    if args.solo_seconds > 0:
        results["solo"] = run(1, args.solo_seconds, pause=args.pause)
    results["load"] = run(args.sessions, args.seconds, pause=args.pause)
    print(f"{platform.node()} · {os.cpu_count()} cores · "
          f"python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| run | sessions | load average | page views | server CPU s per view | load/undo switches | errors | stale | mixed | p50 s | p95 s "
          "| per page p50 / p95 s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, r in results.items():
        print(_row(label, r))
    for label, r in results.items():
        for line in r["errors"][:20] + r["stale"][:20] + r["mixed"][:5]:
            print(f"{label}: {line}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(not r["errors"] and not r["stale"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
