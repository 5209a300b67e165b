"""Residents' page weight and load time on a throttled network (issue #17 item 8).

    .venv/bin/python benchmarks/web.py                  # starts `oylama demo --serve` itself
    .venv/bin/python benchmarks/web.py --runs 5 --profiles slow-3g,devtools-3g
    .venv/bin/python benchmarks/web.py --url http://127.0.0.1:8000 --election E  # a running one

What is measured: the real service of `oylama demo --serve --voters 12` (its second, open
election), opened in Debian's Chromium (headless, 360 x 780, a fresh browser context per run:
an empty cache, like a phone's first visit) with the network throttled by the DevTools
protocol (``Network.emulateNetworkConditions``: the latency is added to every request, the
throughput caps every transfer). Per run:

* **ready**: milliseconds from the navigation's start until the code field (``#code``) is on
  the page and enabled -- the moment a resident can type the letter's code (a
  MutationObserver in the page notes the time; no polling);
* **bytes**: what crossed the network, compressed as sent (``encodedDataLength`` of every
  finished request), split into the page's own files (``/``, ``/_web/…``) and the API's data
  (``/api/…``, ``/_web_config.json``).

Profiles (``--profiles``):

* ``slow-3g`` -- Lighthouse's mobile throttling (its "simulated slow 3G/4G" preset; DevTools'
  former "Fast 3G", now "Slow 4G"): 562.5 ms added to every request, 1.47 Mbit/s down,
  675 kbit/s up. This is the target's profile: ready in <= 2 s, <= 150 KB compressed.
* ``devtools-3g`` -- DevTools' harsher "3G" (formerly "Slow 3G"): 2 s per request, 400 kbit/s
  each way. Shown for information: at 2 s a request no page can be ready in 2 s.
* ``none`` -- loopback, no throttling.

Reported: the median and worst of ``--runs`` runs per profile, and the bytes. The last line is
one JSON object. The load average is printed: figures are only as good as the machine is idle.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROFILES: dict[str, dict[str, float] | None] = {
    "slow-3g": {"latency": 562.5, "down_kbps": 1474.56, "up_kbps": 675.0},
    "devtools-3g": {"latency": 2000.0, "down_kbps": 400.0, "up_kbps": 400.0},
    "none": None,
}
READY_SCRIPT = """
(() => {
  const seen = () => {
    const el = document.getElementById('code');
    if (el && !el.disabled && !window.__ready) { window.__ready = performance.now(); }
  };
  const all = { childList: true, subtree: true, attributes: true };
  new MutationObserver(seen).observe(document, all);
})();
"""


def start_demo(port: int, data: Path) -> tuple[subprocess.Popen[str], str, str]:
    """``oylama demo --serve``; answers (process, base URL, the open election's path + #fp)."""
    exe = Path(sys.executable).with_name("oylama")
    proc = subprocess.Popen(
        [str(exe), "demo", "--serve", "--voters", "12", "--data", str(data), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 300
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"(http://127\.0\.0\.1:\d+)(/elections/[^\s#]+#fp=[0-9a-f]+)", line)
        if m:
            return proc, m.group(1), m.group(2)
    proc.kill()
    raise SystemExit("the demo did not print its open election:\n" + "".join(lines[-30:]))


def one_run(browser: Any, base: str, path: str, profile: dict[str, float] | None) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 360, "height": 780}, base_url=base)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if profile:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile["latency"],
                "downloadThroughput": profile["down_kbps"] * 1000 / 8,
                "uploadThroughput": profile["up_kbps"] * 1000 / 8,
            },
        )
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {"page": 0, "data": 0}
    files: list[tuple[str, int]] = []

    def sent(ev: dict[str, Any]) -> None:
        urls[ev["requestId"]] = ev["request"]["url"]

    def done(ev: dict[str, Any]) -> None:
        url = urls.get(ev["requestId"], "")
        n = int(ev["encodedDataLength"])
        local = url.removeprefix(base)
        kind = "data" if local.startswith(("/api/", "/_web_config")) else "page"
        sizes[kind] += n
        files.append((local.split("#")[0], n))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", done)
    page.add_init_script(READY_SCRIPT)
    page.goto(path, wait_until="commit")
    page.wait_for_selector("#code:not([disabled])", timeout=120_000)
    ready = float(page.evaluate("window.__ready"))
    page.wait_for_load_state("networkidle")
    context.close()
    return {"ready_ms": ready, **sizes, "files": files}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profiles", default="slow-3g,devtools-3g,none")
    ap.add_argument("--url", help="a running service (default: start the demo)")
    ap.add_argument("--election", help="with --url: the open election's id")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()}")
    proc = None
    tmp = tempfile.TemporaryDirectory(prefix="oylama-bench-web-")
    try:
        if args.url:
            base, path = args.url.rstrip("/"), f"/elections/{args.election}"
        else:
            port = args.port
            if not port:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    port = s.getsockname()[1]
            proc, base, path = start_demo(port, Path(tmp.name) / "data")
        out: dict[str, Any] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            one_run(browser, base, path, None)  # warm the server (first requests, imports)
            for name in args.profiles.split(","):
                runs = [one_run(browser, base, path, PROFILES[name]) for _ in range(args.runs)]
                ready = sorted(r["ready_ms"] for r in runs)
                row = {
                    "ready_median_ms": round(statistics.median(ready)),
                    "ready_worst_ms": round(ready[-1]),
                    "page_bytes": runs[-1]["page"],
                    "data_bytes": runs[-1]["data"],
                }
                out[name] = row
                print(
                    f"{name:12} ready median {row['ready_median_ms']:6} ms, worst "
                    f"{row['ready_worst_ms']:6} ms; "
                    f"page files {row['page_bytes'] / 1024:7.1f} KiB, "
                    f"API data {row['data_bytes'] / 1024:6.1f} KiB (compressed as sent)"
                )
            print("\nfiles of the last run (bytes as sent):")
            for f, n in sorted(set(runs[-1]["files"]), key=lambda x: -x[1]):
                print(f"  {n:9,}  {f}")
            browser.close()
        print(f"load average: {os.getloadavg()}")
        print(json.dumps(out))
    finally:
        if proc is not None:
            proc.send_signal(2)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
