#!/usr/bin/env bash
# Installs, only when missing, everything the build and the browser tests need.
# Sourced by scripts/dev and scripts/test. Every step is idempotent and is a
# no-op (a version check) when the tool is already there. Nothing here
# downloads from anywhere but the package registries (crates.io, npm, Debian).
# The recipe and its reasons are in ../shared/TOOLCHAIN.md and ARCHITECTURE.md.
set -euo pipefail

CAIRN_ROOT="${CAIRN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
CARGO_LEPTOS_VERSION="0.3.11"
# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml (a test checks it).
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$CAIRN_ROOT/Cargo.toml")"

export PATH="$HOME/.cargo/bin:$CAIRN_ROOT/end2end/node_modules/.bin:$PATH"

log() { printf '\033[1;34m[cairn]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION from source (about 11 minutes, once)"
  # `--locked` fails on rustc 1.95 (its lockfile pins cargo-util-schemas
  # 0.14.2, which needs 1.96); this first call only brings the source down.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked >/dev/null 2>&1 || true
  local src tmp
  src="$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-"$CARGO_LEPTOS_VERSION" | head -1)"
  tmp="$(mktemp -d)"
  cp -r "$src" "$tmp/cl"
  (cd "$tmp/cl" && cargo update -p cargo-util-schemas --precise 0.14.1 && cargo install --path . --locked)
  rm -rf "$tmp"
}

ensure_wasm_bindgen() {
  if wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then return; fi
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Not --locked: the crate's lockfile names a webpki-roots the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
}

# cargo-fuzz drives libFuzzer for scripts/fuzz (never scripts/test).
CARGO_FUZZ_VERSION="0.13.2"
ensure_cargo_fuzz() {
  if cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then return; fi
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log "installing Debian's chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# npm packages of end2end/: Playwright (driving Debian's chromium, never its
# own download) and binaryen, whose wasm-opt 132 the release build uses
# (Debian's binaryen 108 silently breaks hydration).
ensure_npm_packages() {
  local dir="$CAIRN_ROOT/end2end"
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     cmp -s "$dir/package-lock.json" "$dir/node_modules/.cairn-lock-stamp"; then return; fi
  log "installing npm packages in end2end/"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$dir/node_modules/.cairn-lock-stamp"
}

ensure_toolchain() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_cargo_leptos
  ensure_npm_packages
}
