//! Criterion benchmarks of the scheduling engine (`scripts/bench-schedule`).
//! Each plan is on the China mainland calendar. "schedule" is the whole
//! computation (checks, topological order, both passes, floats, rollup)
//! into freshly allocated arrays; "reused memory" is the same full
//! recompute through a `Scheduler` whose arrays (and the previous
//! result's) are reused, as the browser does while a bar is dragged —
//! nothing of the previous result is read, only its memory is written
//! again, and the compiled calendar is kept because the calendar did not
//! change. "+ dates" also turns every task's four dates into instants,
//! which the UI does only for the rows it shows. "listed backwards" makes
//! every link point back in the task list, so the engine must sort the
//! tasks.

#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[path = "../tests/support/schedule_plans.rs"]
mod plans;

use cairn::domain::schedule::{Plan, Scheduler, schedule};
#[cfg(not(target_arch = "wasm32"))]
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn all_dates(plan: &Plan) -> i64 {
    let s = schedule(plan).expect("schedules");
    let mut sum = 0;
    for i in 0..s.len() as u32 {
        sum += s.early_start(i).and_utc().timestamp()
            ^ s.early_finish(i).and_utc().timestamp()
            ^ s.late_start(i).and_utc().timestamp()
            ^ s.late_finish(i).and_utc().timestamp();
    }
    sum
}

#[cfg(not(target_arch = "wasm32"))]
fn bench(c: &mut Criterion) {
    let big = plans::random(100_000, 200_000, 1);
    let cases = [
        ("chain 10k", plans::chain(10_000)),
        (
            "random 10k tasks / 20k links",
            plans::random(10_000, 20_000, 1),
        ),
        (
            "random 100k tasks / 200k links, listed backwards",
            plans::reversed(&big),
        ),
        ("random 100k tasks / 200k links", big),
    ];
    let mut g = c.benchmark_group("schedule");
    g.sample_size(20);
    for (name, plan) in &cases {
        g.bench_function(*name, |b| {
            b.iter(|| schedule(black_box(plan)).map(|s| s.len()))
        });
        let mut scheduler = Scheduler::default();
        g.bench_function(format!("{name}, reused memory"), |b| {
            b.iter(|| {
                let s = scheduler.schedule(black_box(plan)).expect("schedules");
                let len = s.len();
                scheduler.recycle(s);
                len
            })
        });
        g.bench_function(format!("{name} + dates"), |b| {
            b.iter(|| all_dates(black_box(plan)))
        });
    }
    g.finish();
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, bench);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);

/// In wasm the timings come from `tests/schedule_wasm.rs` instead.
#[cfg(target_arch = "wasm32")]
fn main() {}
