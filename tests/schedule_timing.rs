//! Best-of-N timings of the benchmark plans, natively — the same
//! measurement as the wasm harness in `schedule_wasm.rs`, and robust to
//! a busy machine (criterion's mean is not). Ignored by default; run by
//! `scripts/bench-schedule`:
//! `cargo test --release --test schedule_timing -- --ignored --nocapture`

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/schedule_plans.rs"]
mod plans;

use std::time::Instant;

use cairn::domain::schedule::{Plan, Scheduler, schedule};

fn best(label: &str, plan: &Plan, samples: u32) {
    let mut best = f64::MAX;
    for _ in 0..samples {
        let t0 = Instant::now();
        let s = schedule(plan).expect("schedules");
        best = best.min(t0.elapsed().as_secs_f64() * 1e3);
        assert!(!s.is_empty());
    }
    // The same full recompute, in a reused `Scheduler`'s memory (and
    // with its compiled calendar, the calendar being unchanged).
    let mut scheduler = Scheduler::default();
    let mut reused = f64::MAX;
    for _ in 0..samples {
        let t0 = Instant::now();
        let s = scheduler.schedule(plan).expect("schedules");
        reused = reused.min(t0.elapsed().as_secs_f64() * 1e3);
        assert!(!s.is_empty());
        scheduler.recycle(s);
    }
    println!(
        "native timing {label}: best {best:.3} ms per schedule, {reused:.3} ms with reused memory"
    );
}

#[test]
#[ignore = "a timing run, not a check"]
fn native_timing() {
    best("chain 10k", &plans::chain(10_000), 200);
    best("random 10k/20k", &plans::random(10_000, 20_000, 1), 100);
    let big = plans::random(100_000, 200_000, 1);
    best("random 100k/200k", &big, 30);
    best(
        "random 100k/200k listed backwards",
        &plans::reversed(&big),
        30,
    );
}
