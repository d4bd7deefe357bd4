#!/usr/bin/env python3
"""The server half of scripts/bench: cold start, a mixed read/write load
from oha (crates.io) on loopback, and the memory it took, on a database
already seeded with 100k accounts. Prints one JSON object.

Usage: load.py BIN DATA_DIR PORT SECONDS [DATABASE_URL]
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time


def request(port, method, path, body=None, cookie=None, form=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = (
            "application/x-www-form-urlencoded" if form else "application/json"
        )
    try:
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        return r.status, r.read(), r.getheaders()
    finally:
        c.close()


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def oha(port, seconds, conns, method, path, body, content_type, cookie):
    cmd = [
        "oha", "-z", f"{seconds}s", "-c", str(conns), "--no-tui",
        "--output-format", "json", "-m", method,
        "-H", f"Cookie: {cookie}", "-H", "Accept: application/json",
        "-T", content_type, "-d", body,
        f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    j = json.loads(out)
    lat = j.get("latencyPercentiles", {})
    codes = j.get("statusCodeDistribution", {})
    total = sum(codes.values())
    return {
        "path": path,
        "connections": conns,
        "requests": total,
        "ok": sum(v for k, v in codes.items() if k.startswith("2")),
        "rps": j["summary"]["requestsPerSec"],
        "p50_ms": lat.get("p50", 0) * 1e3,
        "p95_ms": lat.get("p95", 0) * 1e3,
        "p99_ms": lat.get("p99", 0) * 1e3,
        "codes": codes,
    }


def main():
    binary, data_dir, port, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    db_url = sys.argv[5] if len(sys.argv) > 5 else ""
    env = dict(os.environ)
    env.update(CAIRN_DATA_DIR=data_dir, DATABASE_URL=db_url, CAIRN_DATABASE_URL=db_url,
               LEPTOS_SITE_ADDR=f"127.0.0.1:{port}", RUST_LOG="warn", CAIRN_DEMO="false")
    log = open(os.path.join(data_dir, "load-server.log"), "ab")
    t0 = time.time()
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=log)
    while True:
        try:
            if request(port, "GET", "/readyz")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() - t0 > 60:
            raise SystemExit("server did not start")
        time.sleep(0.005)
    cold_start_ms = (time.time() - t0) * 1e3
    rss_idle = rss_kib(proc.pid, "VmRSS")
    try:
        status, _, headers = request(port, "POST", "/api/login",
                                     "username=admin&password=cairn-admin-demo", form=True)
        assert status == 200, status
        cookie = next(v.split(";")[0] for k, v in headers
                      if k.lower() == "set-cookie" and v.startswith("cairn_session="))
        status, body, _ = request(port, "POST", "/api/list_accounts",
                                  json.dumps({"query": {"per_page": 1},
                                              "trash": False}), cookie=cookie)
        assert status == 200, body
        some_id = json.loads(body)["items"][0]["id"]
        new_account = json.dumps({"id": None, "version": 0, "input": {
            "name": "Load test Ltd", "industry": "", "source": "", "website": "",
            "phone": "", "email": "", "address": "", "owner_id": None, "team_id": None,
            "tags": [], "lifecycle": None, "annual_revenue": None, "notes": ""}})
        mixes = [
            ("POST", "/api/get_account", f"id={some_id}", "application/x-www-form-urlencoded", 8),
            ("POST", "/api/list_accounts",
             json.dumps({"query": {"per_page": 25}, "trash": False}), "application/json", 6),
            ("POST", "/api/save_account", new_account, "application/json", 2),
        ]
        results = [None] * len(mixes)

        def run(i, m):
            method, path, body, ct, conns = m
            results[i] = oha(port, seconds, conns, method, path, body, ct, cookie)

        threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(mixes)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(json.dumps({
            "cold_start_ms": round(cold_start_ms),
            "rss_idle_mib": round(rss_idle / 1024, 1),
            "rss_after_load_mib": round(rss_kib(proc.pid, "VmRSS") / 1024, 1),
            "rss_peak_mib": round(rss_kib(proc.pid, "VmHWM") / 1024, 1),
            "seconds": seconds,
            "mixes": results,
        }))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
