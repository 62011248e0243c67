"""Where a page visit's time goes in the browser (issue 14): the app's Tổng quan and So sánh and
the first page after start, against the floor (benchmarks/floor_app.py), split into phases with
Chromium's DevTools protocol. Same servers, pages and "drawn" test as benchmarks/browser_bench.py.

    .venv/bin/python benchmarks/browser_profile.py                  # 3 rounds, app (serve.py) and floor interleaved
    .venv/bin/python benchmarks/browser_profile.py --also app.py    # + the app started without serve.py
    .venv/bin/python benchmarks/browser_profile.py --rounds 1 --cpu-profile   # + JS self time per bundle chunk

Per visit (a new tab in a context that has loaded the page before, as "warm" in the benchmark):
- phases on Chromium's monotonic clock (CDP Network and Performance timestamps): navigation start
  -> DOMContentLoaded (HTML and the JS bundle from the HTTP cache, parsed and run) -> websocket
  opened -> first message from the server -> last message (the script ran and its deltas came) ->
  drawn (the page test of browser_bench: idle, sentinel, every chart's SVG, every grid's cells);
- the forward messages: count and bytes (websocket frames received);
- the main thread: Performance.getMetrics ScriptDuration, LayoutDuration, RecalcStyleDuration and
  TaskDuration (all tasks), and the long tasks (> 50 ms) seen by a PerformanceObserver;
- with --cpu-profile (a separate visit, as profiling slows the page): the V8 sampling profile's self
  time per bundle chunk (embed.*.js is vega-embed/vega, DataFrame.*.js glide-data-grid,
  StreamlitMarkdown.*.js the markdown, index.*.js React and the app shell).
The numbers are medians over the rounds, in ms.
"""
from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_bench import APP, FLOOR, TIMEOUT, _drawn  # noqa: E402
from load_test import CHROMIUM, CHROMIUM_ARGS, App  # noqa: E402

LONG_TASKS = """
window.__long = [];
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
        .observe({type: 'longtask', buffered: true}); } catch (e) {}
"""
PHASES = ["to_dcl", "dcl_to_ws", "ws_to_first_msg", "first_to_last_msg", "last_msg_to_drawn", "total"]
MAIN = ["ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration"]


def _chunk(url: str) -> str:
    """'embed' for .../static/js/embed.CX5AQgxi.js; '(native)' for V8's own frames."""
    if not url:
        return "(native)"
    name = url.rsplit("/", 1)[-1]
    return re.sub(r"\.[\w-]{8}\.js$", "", name) or name


def profile_by_chunk(profile: dict, *, functions: bool = False) -> dict[str, float]:
    """Self time (ms) per bundle chunk (or per chunk:function) of a V8 CPU profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    self_us: collections.Counter = collections.Counter()
    # timeDeltas[i] is the time before sample i: charge it to the previous sample's node
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"][1:] + [0]):
        node = nodes[node_id]
        fn = node["callFrame"]["functionName"]
        key = fn if fn in ("(idle)", "(program)", "(garbage collector)") else _chunk(node["callFrame"]["url"])
        if functions and not fn.startswith("("):
            key = f"{key}:{fn or '(anonymous)'}:{node['callFrame']['lineNumber']}"
        self_us[key] += delta
    return {k: v / 1000 for k, v in self_us.most_common()}


def visit(context, url: str, sentinel: str, *, map_: bool, cpu_profile: bool = False) -> dict:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Performance.enable", {"timeDomain": "timeTicks"})
    frames, sent, opened, requests, encoded = [], [], [], {}, collections.Counter()

    def got(e):
        r = e["response"]
        n = len(base64.b64decode(r["payloadData"])) if r["opcode"] == 2 else len(r["payloadData"].encode())
        frames.append((e["timestamp"], n))

    cdp.on("Network.webSocketFrameReceived", got)
    cdp.on("Network.webSocketFrameSent", lambda e: sent.append(e["timestamp"]))
    cdp.on("Network.webSocketWillSendHandshakeRequest", lambda e: opened.append(e["timestamp"]))
    cdp.on("Network.requestWillBeSent", lambda e: requests.setdefault(e["requestId"], (e["timestamp"], e["request"]["url"])))
    cdp.on("Network.loadingFinished", lambda e: encoded.update({e["requestId"]: e["encodedDataLength"]}))
    if cpu_profile:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 250})
        cdp.send("Profiler.start")
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT)
    _drawn(page, sentinel, map_=map_)
    total = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
        return {dcl: n.domContentLoadedEventEnd, now: performance.now()}; }""")
    longs = page.evaluate("window.__long || []")
    out = {"total": total * 1000}
    t0 = metrics["NavigationStart"]
    first, last = (frames[0][0], frames[-1][0]) if frames else (None, None)
    out["to_dcl"] = nav["dcl"]
    ws = min(opened) if opened else None  # the websocket's handshake request (ticks, s)
    out["dcl_to_ws"] = (ws - t0) * 1000 - nav["dcl"] if ws else None
    out["ws_to_first_msg"] = (first - ws) * 1000 if ws and first else None
    out["first_to_last_msg"] = (last - first) * 1000 if first else None
    # drawn on the page's clock: performance.now() at the end, minus the last frame's offset
    out["last_msg_to_drawn"] = nav["now"] - (last - t0) * 1000 if last else None
    out["msgs"] = len(frames)
    out["msg_kb"] = sum(n for _, n in frames) / 1024
    out["http_requests"] = len(requests)
    out["http_kb"] = sum(encoded.values()) / 1024
    for name in MAIN:
        out[name] = metrics.get(name, 0) * 1000
    out["long_tasks"] = len(longs)
    out["long_ms"] = sum(d for _, d in longs)
    out["nodes"] = metrics.get("Nodes")
    if cpu_profile:
        profile = cdp.send("Profiler.stop")["profile"]
        out["chunks"] = profile_by_chunk(profile)
        out["functions"] = dict(list(profile_by_chunk(profile, functions=True).items())[:400])
    out["frame_sizes"] = sorted((n for _, n in frames), reverse=True)[:8]
    page.close()
    return out


def session(browser, target: dict, home: Path, db: Path, log: Path, cpu_profile: bool) -> dict[str, list[dict]]:
    app_like = target["name"] != "floor"
    got = {"first": [], "overview": [], "compare": []}
    server = App(home, db, log, script=target["script"])
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1700}, locale="vi-VN")
        context.add_init_script(LONG_TASKS)
        path, sentinel = target["overview"]
        got["first"].append(visit(context, server.url + path, sentinel, map_=False))
        for _ in range(2):
            got["overview"].append(visit(context, server.url + path, sentinel, map_=False))
        if cpu_profile:
            got.setdefault("overview_cpu", []).append(
                visit(context, server.url + path, sentinel, map_=False, cpu_profile=True))
        path, sentinel = target["compare"]
        visit(context, server.url + path, sentinel, map_=app_like)  # the server draws it once
        for _ in range(2):
            got["compare"].append(visit(context, server.url + path, sentinel, map_=app_like))
        if cpu_profile:
            got.setdefault("compare_cpu", []).append(
                visit(context, server.url + path, sentinel, map_=app_like, cpu_profile=True))
        context.close()
    finally:
        server.close()
    return got


def median(rows: list[dict], key: str):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


def report(results: dict) -> str:
    keys = PHASES + ["msgs", "msg_kb", "http_requests", "http_kb"] + MAIN + ["long_tasks", "long_ms", "nodes"]
    names = [n for n in results if n != "floor"] + ["floor"]
    lines = []
    for view, title in (("overview", "Tổng quan, warm"), ("compare", "So sánh, warm"), ("first", "first page after start")):
        lines += [f"\n{title} (median ms unless stated)", "", "| phase | " + " | ".join(names) + " | app − floor |",
                  "|---" * (len(names) + 2) + "|"]
        for key in keys:
            values = [median(results[n][view], key) for n in names]
            if any(v is None for v in values):
                continue
            lines.append(f"| {key} | " + " | ".join(f"{v:.0f}" for v in values) + f" | {values[0] - values[-1]:+.0f} |")
    for view in ("overview_cpu", "compare_cpu"):
        if results["app"].get(view):
            lines += [f"\n{view}: JS self time per chunk, ms, median of the visits ({' | '.join(names)})"]
            per = {n: _median_chunks(results[n][view]) for n in names}
            for k in sorted(set().union(*per.values()), key=lambda k: -per["app"].get(k, 0))[:18]:
                lines.append(f"  {k:28s} " + " | ".join(f"{per[n].get(k, 0):8.0f}" for n in names))
    return "\n".join(lines)


def _median_chunks(rows: list[dict]) -> dict[str, float]:
    keys = set().union(*(r["chunks"] for r in rows))
    return {k: statistics.median(r["chunks"].get(k, 0) for r in rows) for k in keys}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu-profile", action="store_true")
    parser.add_argument("--home", type=Path, default=None, help="a folder with dashboard.duckdb and demo.duckdb")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                        help="also time the app started from SCRIPT (e.g. app.py, to compare with serve.py)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pardash-browser-profile-") as tmp:
        home = args.home or Path(tmp)
        db = home / "dashboard.duckdb"
        if args.home is None:
            from analysis import bundle, demo

            bundle.ensure_app_database(db)
            demo.build_demo_database(home / "demo.duckdb")
        targets = [APP, *({**APP, "name": script, "script": script} for script in args.also), FLOOR]
        results = {t["name"]: collections.defaultdict(list) for t in targets}
        loads = [os.getloadavg()[0]]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for r in range(args.rounds):
                for target in targets if r % 2 == 0 else targets[::-1]:
                    got = session(browser, target, home, db, Path(tmp) / f"{target['name']}-{r}.log", args.cpu_profile)
                    for view, rows in got.items():
                        results[target["name"]][view].extend(rows)
                    loads.append(os.getloadavg()[0])
            browser.close()
    print(f"rounds {args.rounds}; 1-minute load average min {min(loads):.1f} max {max(loads):.1f}")
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=list), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
