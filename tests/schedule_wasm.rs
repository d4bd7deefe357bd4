//! The same engine in wasm32, under Node (wasm-bindgen-test-runner):
//! the digests must equal the native ones committed in
//! `support/schedule_plans.rs`, and the large plan is timed.
//!
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!  cargo test --release --target wasm32-unknown-unknown --test schedule_wasm`

#![cfg(target_arch = "wasm32")]

#[path = "support/schedule_plans.rs"]
mod plans;

use cairn::domain::schedule::mspdi::Document;
use cairn::domain::schedule::{Scheduler, schedule};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen_test]
fn wasm_digests_match_native() {
    let plan = plans::random(2_000, 4_000, 7);
    let random = schedule(&plan).expect("schedules");
    assert_eq!(plans::digest(&random), plans::GOLDEN_RANDOM);
    let reversed = schedule(&plans::reversed(&plan)).expect("schedules");
    assert_eq!(plans::digest(&reversed), plans::GOLDEN_REVERSED);
    let plan = Document::parse(plans::SAMPLE_XML)
        .and_then(|d| d.to_plan())
        .expect("sample reads");
    let sample = schedule(&plan).expect("schedules");
    assert_eq!(plans::digest(&sample), plans::GOLDEN_SAMPLE);
    let phases = schedule(&plans::with_phases(3)).expect("schedules");
    assert_eq!(plans::digest(&phases), plans::GOLDEN_PHASES);
}

/// Best of several runs, in milliseconds (Date.now() has 1 ms
/// resolution, so each sample runs the schedule `reps` times).
fn time(label: &str, plan: &cairn::domain::schedule::Plan, reps: u32, samples: u32) {
    let mut best = f64::MAX;
    for _ in 0..samples {
        let t0 = js_sys::Date::now();
        for _ in 0..reps {
            let s = schedule(plan).expect("schedules");
            assert!(!s.is_empty());
        }
        best = best.min((js_sys::Date::now() - t0) / f64::from(reps));
    }
    // The same full recompute, in a reused `Scheduler`'s memory (and
    // with its compiled calendar, the calendar being unchanged).
    let mut scheduler = Scheduler::default();
    let mut reused = f64::MAX;
    for _ in 0..samples {
        let t0 = js_sys::Date::now();
        for _ in 0..reps {
            let s = scheduler.schedule(plan).expect("schedules");
            assert!(!s.is_empty());
            scheduler.recycle(s);
        }
        reused = reused.min((js_sys::Date::now() - t0) / f64::from(reps));
    }
    console_log!(
        "wasm timing {label}: best {best:.3} ms per schedule, {reused:.3} ms with reused memory"
    );
}

#[wasm_bindgen_test]
fn wasm_timing() {
    if option_env!("CAIRN_WASM_TIMING").is_none() {
        return;
    }
    time("chain 10k", &plans::chain(10_000), 20, 10);
    time("random 10k/20k", &plans::random(10_000, 20_000, 1), 10, 10);
    let big = plans::random(100_000, 200_000, 1);
    time("random 100k/200k", &big, 2, 10);
    time(
        "random 100k/200k listed backwards",
        &plans::reversed(&big),
        2,
        10,
    );
}
