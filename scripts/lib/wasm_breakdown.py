#!/usr/bin/env python3
"""Where the wasm's bytes go, by kind of code.

Reads `twiggy top -n 1000000 -f csv` of the wasm *before* wasm-opt (the
one cargo writes, which still has function names) on stdin and prints the
share of each kind: Leptos's async and sync hydration, DOM building and
updating, serde, drop glue, static data, the rest. It is how the async
hydration that `app/src/erased.rs` removes was found.

usage:
  cargo install twiggy --locked   # once, from crates.io
  twiggy top -n 1000000 -f csv \\
    "$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/cairn_app_split.wasm" \\
    | python3 scripts/lib/wasm_breakdown.py

`cairn_app_split.wasm` is the main module after `--split` (what every page
loads); `cairn_app.wasm` is the whole program before the split.
"""

import csv
import sys
from collections import Counter

# Checked in this order: a function is counted under the first kind whose
# marker its name contains.
KINDS = [
    ("async hydration (hydrate_async)", ("hydrate_async",)),
    ("hydration (hydrate)", ("::hydrate",)),
    ("DOM updates (rebuild)", ("rebuild",)),
    ("DOM building (build)", ("::build",)),
    ("serde (JSON and query decoding)", ("serde", "Deserialize", "Serialize")),
    ("drop glue", ("drop_in_place",)),
    ("static data", ("data segment",)),
]
# Not code or data the browser runs: names and wasm-bindgen's metadata,
# both gone after wasm-bindgen and wasm-opt.
SKIP = ("function names", "__wasm_bindgen_unstable")


def kind_of(name: str) -> str:
    for kind, markers in KINDS:
        if any(m in name for m in markers):
            return kind
    return "everything else (reactive graph, router, std, app logic)"


def main() -> int:
    sizes: Counter = Counter()
    for row in csv.DictReader(sys.stdin):
        name = row["Name"]
        if any(s in name for s in SKIP) or name.startswith("Σ"):
            continue
        if name.startswith("... and "):
            print("twiggy cut the list: pass -n 1000000", file=sys.stderr)
            return 1
        sizes[kind_of(name)] += int(row["ShallowSize"])
    total = sum(sizes.values())
    if total == 0:
        print("no rows on stdin", file=sys.stderr)
        return 1
    print(f"{'kind':<58} {'KiB':>8} {'share':>6}")
    for kind, size in sizes.most_common():
        print(f"{kind:<58} {size / 1024:>8,.0f} {100 * size / total:>5.1f}%")
    print(f"{'total (before wasm-opt)':<58} {total / 1024:>8,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
