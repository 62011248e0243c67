"""Where an interaction's time goes (issue 14): for the province switch and the ledger row click
of benchmarks/browser_bench.py, app and floor, the wall time from the click to drawn split into
the server's CPU (the server process's user + system time, /proc) and the browser's main-thread
busy time (Chromium's DevTools `Performance.getMetrics` TaskDuration). The two overlap (the
browser draws the first deltas while the script still runs, on the other core), so they do not
add up to the wall time.

    .venv/bin/python benchmarks/interaction_split.py --repeat 3
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_bench as bb  # noqa: E402
from load_test import CHROMIUM, CHROMIUM_ARGS, App  # noqa: E402


def _busy(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["TaskDuration"]


def _split(page, cdp, server: App, act, sentinel: str, ready=None) -> dict[str, float]:
    cpu, busy, start = server.cpu_seconds(), _busy(cdp), time.perf_counter()
    bb._interact(page, act, sentinel, ready)
    return {"wall": time.perf_counter() - start, "server_cpu": server.cpu_seconds() - cpu,
            "browser_busy": _busy(cdp) - busy}


def session(browser, target: dict, folder: Path, db: Path, warm: int) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"province": [], "ledger_row": []}
    server = App(folder, db, folder / f"split-{target['name']}.log", script=target["script"])
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1700}, locale="vi-VN")
        context.add_init_script(bb.WATCH_RUNS)
        path, sentinel = target["overview"]
        _, page = bb._visit(context, server.url + path, sentinel)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        for _ in range(warm):
            out["province"].append(_split(page, cdp, server, lambda: bb._pick_province(page), sentinel))
        page.close()
        path, sentinel = target["drill"]
        for row in range(warm):
            _, page = bb._visit(context, server.url + path, sentinel)
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            detail = page.get_by_role("heading", name="Chi tiết:").first
            out["ledger_row"].append(_split(page, cdp, server, lambda: bb._click_row(page, row), sentinel,
                                            ready=lambda: detail.wait_for(timeout=bb.TIMEOUT)))
            page.close()
        context.close()
    finally:
        server.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="server starts per app (default 3)")
    parser.add_argument("--warm", type=int, default=2, help="interactions of each kind per start")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from analysis import bundle, demo

    samples: dict[str, dict[str, list[dict]]] = {"app": {}, "floor": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folder = Path(tmp)
        db = folder / "dashboard.duckdb"
        bundle.ensure_app_database(db)
        demo.build_demo_database(folder / "demo.duckdb")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        loads = [os.getloadavg()[0]]
        for r in range(args.repeat):
            for target in (bb.APP, bb.FLOOR) if r % 2 == 0 else (bb.FLOOR, bb.APP):
                for key, rows in session(browser, target, folder, db, args.warm).items():
                    samples[target["name"]].setdefault(key, []).extend(rows)
                loads.append(os.getloadavg()[0])
        browser.close()
    print(f"1-minute load average: min {min(loads):.1f}, max {max(loads):.1f}\n")
    print("| interaction | who | wall | server CPU | browser main thread |")
    print("|---|---|---|---|---|")
    for key in ("province", "ledger_row"):
        for who in ("app", "floor"):
            rows = samples[who][key]
            med = {m: statistics.median(r[m] for r in rows) for m in ("wall", "server_cpu", "browser_busy")}
            print(f"| {key} | {who} | {med['wall']:.2f} s | {med['server_cpu']:.2f} s | "
                  f"{med['browser_busy']:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
