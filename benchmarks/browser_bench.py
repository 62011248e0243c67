"""Where the presenter waits (issue 14): page and interaction times in headless Chromium, the app
against a floor app (benchmarks/floor_app.py: a bare Streamlit page with one metric, one chart
and one table), interleaved, with the median and p95 of each and the load average recorded.

    .venv/bin/python benchmarks/browser_bench.py                 # 5 repeats; table into benchmarks/RESULTS.md
    .venv/bin/python benchmarks/browser_bench.py --repeat 1 --results /tmp/r.md --json /tmp/r.json

Each repeat starts both servers afresh, app and floor in turn (the order alternates), and times:
- first page after start: `goto` on the fresh server until the page is drawn (below);
- Tổng quan warm and So sánh warm: `goto` a page the server has drawn before (the map's shapes
  drawn, not only its frame); the floor's page stands for both;
- change province: pick a province not yet viewed in the sidebar select box (Tổng quan);
- a ledger row → its detail: click a row of the Phân tích table until "Chi tiết:" is drawn;
- `summary --json`: the whole process, against `python -c "import duckdb; ... select 1"`.
"Drawn" means: the script ran and is idle, the page's end sentinel ("Xong: ...") is shown, no
skeleton is left, every chart has its SVG and every table its cells. An interaction is timed
from the click to the end of the run it started (a watcher on the app's script state sees the
run start and end; `notRunning` right after a click is stale, TOOLCHAIN §4) and the drawing.

It builds the app database from data/ and the demo workspace in a temporary folder (var/ is
never touched); the app's pages are timed on the demo workspace, `summary` on the real data.
tests/e2e/test_bench_smoke.py runs it with one repeat (it must run, not be fast).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_test import CHROMIUM, CHROMIUM_ARGS, App, percentile  # noqa: E402

# (key, what, target ratio to the floor) in the order
ROWS = [("so_sanh", "So sánh page (map), warm", 1.3),
        ("province", "change province (not yet viewed)", 1.5),
        ("ledger_row", "click a ledger row → its detail", 1.5),
        ("tong_quan", "Tổng quan, warm", 1.2),
        ("first_page", "first page after start", 1.1),
        ("summary", "`summary --json` (process)", 2.0)]

IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
# Records every change of the app's script state, so a run started by a click can be told from
# the stale `notRunning` seen right after it.
WATCH_RUNS = """
window.__runs = [];
new MutationObserver(records => {
  for (const r of records) window.__runs.push(r.target.getAttribute('data-test-script-state'));
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
RUN_DONE = """n => { const s = window.__runs.slice(n); const i = s.indexOf('running');
                    return i >= 0 && s.slice(i + 1).includes('notRunning'); }"""
MAP_DRAWN = "() => document.querySelectorAll('svg [aria-roledescription=\"geoshape\"]').length >= 34"
TIMEOUT = 120_000

# The app on its demo workspace (every province scored, full criteria trees, agencies, targets),
# started as scripts/run.sh starts it (serve.py: app.py with its warm-up before the first request)
APP = {"name": "app", "script": "serve.py", "overview": ("/tong-quan?ws=demo&year=2024", "Xong: tổng quan"),
       "compare": ("/so-sanh?ws=demo&year=2024", "Xong: so sánh"),
       "drill": ("/phan-tich?ws=demo&year=2024", "Xong: phân tích")}
FLOOR = {"name": "floor", "script": "benchmarks/floor_app.py", "overview": ("/", "Xong: sàn"),
         "compare": ("/", "Xong: sàn"), "drill": ("/", "Xong: sàn")}


# ---- what "drawn" means -----------------------------------------------------------------------

def _drawn(page, sentinel: str, *, map_: bool = False) -> None:
    page.wait_for_selector(IDLE, timeout=TIMEOUT)
    page.get_by_text(sentinel, exact=True).first.wait_for(state="visible", timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=TIMEOUT)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                                .every(c => c.querySelector('svg'))""", timeout=TIMEOUT)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                                .every(g => g.querySelector('[role="gridcell"]'))""", timeout=TIMEOUT)
    if map_:
        page.wait_for_function(MAP_DRAWN, timeout=TIMEOUT)


def _visit(context, url: str, sentinel: str, *, map_: bool = False):
    """(seconds from goto to drawn, the open page)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT)
    _drawn(page, sentinel, map_=map_)
    return time.perf_counter() - start, page


def _interact(page, act, sentinel: str, ready=None) -> float:
    """Seconds from `act()` to the end of the run it started and the page drawn."""
    seen = page.evaluate("window.__runs.length")
    start = time.perf_counter()
    act()
    page.wait_for_function(RUN_DONE, arg=seen, timeout=TIMEOUT)
    if ready is not None:
        ready()
    _drawn(page, sentinel)
    return time.perf_counter() - start


# ---- one server's session -----------------------------------------------------------------------

def _pick_province(page) -> None:
    box = page.get_by_role("combobox", name="Tỉnh, thành phố")
    current = box.input_value()
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=TIMEOUT)
    for i in range(options.count()):
        if options.nth(i).inner_text().strip() != current:
            options.nth(i).click()
            return
    raise RuntimeError("no other province to pick")


def _click_row(page, row: int) -> None:
    box = page.get_by_test_id("stDataFrame").first.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17 + 35 * row)  # the row marker (TOOLCHAIN §4)


def session(browser, target: dict, home: Path, db: Path, warm: int, log: Path) -> dict[str, list[float]]:
    """Start the target's server, time every row once (warm rows `warm` times), stop it."""
    times: dict[str, list[float]] = {key: [] for key, *_ in ROWS if key != "summary"}
    server = App(home, db, log, script=target["script"])
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1700}, locale="vi-VN")
        context.add_init_script(WATCH_RUNS)
        path, sentinel = target["overview"]
        seconds, page = _visit(context, server.url + path, sentinel)
        times["first_page"].append(seconds)
        for _ in range(warm):
            page.close()
            seconds, page = _visit(context, server.url + path, sentinel)
            times["tong_quan"].append(seconds)
        for _ in range(warm):  # a province not yet viewed, each time
            times["province"].append(_interact(page, lambda: _pick_province(page), sentinel))
        page.close()
        path, sentinel = target["compare"]
        _, page = _visit(context, server.url + path, sentinel, map_=target is APP)  # the server draws it once
        for _ in range(warm):
            page.close()
            seconds, page = _visit(context, server.url + path, sentinel, map_=target is APP)
            times["so_sanh"].append(seconds)
        page.close()
        path, sentinel = target["drill"]
        for row in range(warm):  # a fresh page each time: nothing selected before the click
            _, page = _visit(context, server.url + path, sentinel)
            detail = page.get_by_role("heading", name="Chi tiết:").first
            times["ledger_row"].append(_interact(page, lambda: _click_row(page, row), sentinel,
                                                 ready=lambda: detail.wait_for(timeout=TIMEOUT)))
            page.close()
        context.close()
    finally:
        server.close()
    return times


def summary_times(home: Path, db: Path, order: tuple[str, str]) -> tuple[float, float]:
    """(seconds of `python -m analysis summary --json`, of `import duckdb; select 1`), one each,
    run in `order`."""
    env = {**os.environ, "PARDASH_HOME": str(home), "PARDASH_DB": str(db)}
    runs = {"app": [sys.executable, "-m", "analysis", "summary", "--index", "PAR_INDEX", "--year", "2024",
                    "--unit", "31", "--json"],
            "floor": [sys.executable, "-c", "import duckdb; duckdb.connect().execute('select 1')"]}
    out = {}
    for name in order:
        cmd = runs[name]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        out[name] = time.perf_counter() - start
    return out["app"], out["floor"]


# ---- the run --------------------------------------------------------------------------------------

def run(repeat: int, warm: int, folder: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from analysis import bundle, demo

    db = folder / "dashboard.duckdb"
    bundle.ensure_app_database(db)
    demo.build_demo_database(folder / "demo.duckdb")  # where load_test.App points the app
    samples = {name: {key: [] for key, *_ in ROWS} for name in ("app", "floor")}
    loads = [os.getloadavg()[0]]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for r in range(repeat):
            for target in (APP, FLOOR) if r % 2 == 0 else (FLOOR, APP):
                got = session(browser, target, folder, db, warm, folder / f"{target['name']}-{r}.log")
                for key, values in got.items():
                    samples[target["name"]][key].extend(values)
                loads.append(os.getloadavg()[0])
            for _ in range(warm):
                app, floor = summary_times(folder, db, ("app", "floor") if r % 2 == 0 else ("floor", "app"))
                samples["app"]["summary"].append(app)
                samples["floor"]["summary"].append(floor)
            loads.append(os.getloadavg()[0])
        browser.close()
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "repeat": repeat, "warm": warm,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "load_average": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
            "samples": samples}


def table(result: dict) -> str:
    load = result["load_average"]
    lines = [f"Run {result['date']}, {result['machine']}, {result['repeat']} repeat(s) x {result['warm']} "
             f"per row; 1-minute load average during the run: min {load['min']:.1f}, median {load['median']:.1f}, "
             f"max {load['max']:.1f}.", "",
             "| what | app median | app p95 | floor median | floor p95 | ratio (medians) | target | met |",
             "|---|---|---|---|---|---|---|---|"]
    for key, what, target in ROWS:
        app, floor = result["samples"]["app"][key], result["samples"]["floor"][key]
        if not app or not floor:
            continue
        ratio = statistics.median(app) / statistics.median(floor)
        lines.append(f"| {what} | {statistics.median(app):.2f} s | {percentile(app, 95):.2f} s | "
                     f"{statistics.median(floor):.2f} s | {percentile(floor, 95):.2f} s | {ratio:.2f}× | "
                     f"≤ {target}× | {'yes' if ratio <= target else 'no'} |")
    return "\n".join(lines)


START, END = "<!-- browser-bench:start -->", "<!-- browser-bench:end -->"


def write_results(path: Path, text: str, note: str = "") -> None:
    """Replace the browser section of RESULTS.md (or append it) with this run's table."""
    section = (f"{START}\n## Where the presenter waits: app vs floor in Chromium (issue 14)\n\n"
               f"`benchmarks/browser_bench.py`; the floor is `benchmarks/floor_app.py`.{note}\n\n{text}\n{END}")
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + section + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="server starts per app (default 5)")
    parser.add_argument("--warm", type=int, default=2, help="timings per row and start (default 2)")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--note", default="", help="a sentence added under the section title (e.g. the machine's state)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw timings here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pardash-browser-bench-") as folder:
        result = run(args.repeat, args.warm, Path(folder))
    text = table(result)
    print(text)
    write_results(args.results, text, f" {args.note}" if args.note else "")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
