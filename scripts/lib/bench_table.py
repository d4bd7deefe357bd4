#!/usr/bin/env python3
"""Prints scripts/bench's one table from the files its steps wrote.

Usage: bench_table.py OUT_DIR ELAPSED_SECONDS
"""

import json
import os
import re
import sys

out, elapsed = sys.argv[1], int(sys.argv[2])
rows = []  # (area, measure, figure, budget, verdict)


def read(name):
    p = os.path.join(out, name)
    return open(p, encoding="utf-8", errors="replace").read() if os.path.exists(p) else None


def verdict(ok):
    return "" if ok is None else ("ok" if ok else "MISSED")


cpm = read("cpm.txt")
if cpm:
    for kind, label, best in re.findall(
            r"(native|wasm) timing ([^:]+): best ([0-9.]+) ms", cpm):
        budget = None
        if label == "chain 10k" and kind == "native":
            budget = 1.0
        if label == "random 100k/200k":
            budget = 10.0 if kind == "native" else 20.0
        rows.append(("CPM " + kind, label, f"{float(best):.2f} ms",
                     f"≤ {budget:g} ms" if budget else "",
                     verdict(None if budget is None else float(best) <= budget)))

for name, label in (("load-sqlite.json", "SQLite"), ("load-pg.json", "PostgreSQL")):
    text = read(name)
    if not text:
        continue
    j = json.loads(text)
    mixes = [m for m in j["mixes"] if m]
    rps = sum(m["rps"] for m in mixes)
    p99 = max(m["p99_ms"] for m in mixes)
    failed = sum(m["requests"] - m["ok"] for m in mixes)
    area = f"server, {label}"
    budget_ok = (rps >= 1000 and p99 < 50) if label == "SQLite" else None
    rows.append((area, f"mixed load ({j['seconds']} s, oha)",
                 f"{rps:,.0f} req/s, worst p99 {p99:.1f} ms, {failed} non-2xx",
                 "≥ 1,000 req/s at p99 < 50 ms" if label == "SQLite" else "",
                 verdict(budget_ok)))
    for m in mixes:
        rows.append((area, f"  {m['path']} ({m['connections']} conns)",
                     f"{m['rps']:,.0f} req/s, p50 {m['p50_ms']:.1f} / p95 {m['p95_ms']:.1f} "
                     f"/ p99 {m['p99_ms']:.1f} ms", "", ""))
    rows.append((area, "cold start to ready", f"{j['cold_start_ms']} ms", "", ""))
    rows.append((area, "resident memory", f"idle {j['rss_idle_mib']} MiB, after load "
                 f"{j['rss_after_load_mib']} MiB, peak {j['rss_peak_mib']} MiB", "", ""))

board = read("board.txt")
if board:
    m = re.search(r"BOARD TIMING (\{.*?\n\})", board, re.S)
    if m:
        b = json.loads(m.group(1))
        rows.append(("board, 10k deals", "first contentful paint (median / max)",
                     f"{b['first_contentful_paint_ms']} / {b['first_contentful_paint_max_ms']} ms",
                     "< 1,000 ms", verdict(b["first_contentful_paint_max_ms"] < 1000)))
        rows.append(("board, 10k deals", "drop to DOM (median / max)",
                     f"{b['drop_to_dom_ms_median']:.1f} / {b['drop_to_dom_ms_max']:.1f} ms, "
                     f"{b['drops_rendered_within_the_frame']} in the frame", "", ""))
    else:
        rows.append(("board, 10k deals", "run", "did not report", "", "MISSED"))

gantt = read("gantt.txt")
if gantt:
    m = re.search(r"GANTT COMPARISON\n(.*?)\n\n", gantt, re.S)
    if m:
        for line in m.group(1).splitlines()[2:]:
            parts = line.split()
            if len(parts) >= 8:
                rows.append(("Gantt, 10k tasks", parts[0],
                             f"interactive {parts[1]} ms, scroll p95 {parts[3]} ms, "
                             f"drag p95 {parts[7]} ms, {parts[6]} DOM nodes", "", ""))
    else:
        rows.append(("Gantt, 10k tasks", "run", "did not report", "", "MISSED"))

wasm = read("wasm.json")
if wasm:
    w = json.loads(wasm)
    rows.append(("wasm", "main module (every page loads it)",
                 f"{w['raw'] / 1024:,.0f} KiB raw, {w['brotli'] / 1024:,.0f} KiB brotli, "
                 f"{w['gzip'] / 1024:,.0f} KiB gzip", "≤ 300 KB brotli",
                 verdict(w["brotli"] <= 300_000)))
    for group, g in sorted(w.get("groups", {}).items()):
        rows.append(("", f"+ {group.removeprefix('render_')} pages' modules",
                     f"{g['chunks']} files, {g['raw'] / 1024:,.0f} KiB raw, "
                     f"{g['brotli'] / 1024:,.0f} KiB brotli", "", ""))

widths = [max(len(r[i]) for r in rows + [("area", "measure", "figure", "budget", "")])
          for i in range(5)]
print(f"\nCairn benchmarks ({os.cpu_count()} CPUs, {elapsed // 60} min {elapsed % 60} s)")
head = ("area", "measure", "figure", "budget", "")
for r in [head] + rows:
    print("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
