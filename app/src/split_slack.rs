//! Room for wasm-split to lay out the main module's read-only data.
//!
//! `cargo leptos build --split` moves each piece of static data (strings,
//! HTML templates, tables) to the module whose code uses it, then lays the
//! pieces out again inside the original data segment. Re-aligning them can
//! make the segment a few hundred bytes longer than the linker's, and then
//! wasm-split gives up and keeps *all* data in the main module: every
//! page's templates, about 40 KB brotli, which alone breaks the main
//! module's budget (seen 2026-12-05: "Overlong segment 0 by 221").
//!
//! This block sits in the same segment but nothing reads it, so no module
//! receives it: it only leaves the re-laid-out data room to fit. The
//! browser test on the main module's size fails if the room ever runs out.

/// Non-zero, so it lands in `.rodata` (zeros would go to `.bss`), and
/// `#[used]` so the linker keeps it although nothing refers to it.
#[used]
static SPLIT_SLACK: [u8; 16 * 1024] = [0xA5; 16 * 1024];
