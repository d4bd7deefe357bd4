//! The native half of the determinism check: the digests committed in
//! `support/schedule_plans.rs` are what this platform computes; the wasm
//! test (`schedule_wasm.rs`, run under Node) checks the same constants.

#[path = "support/schedule_plans.rs"]
mod plans;

use cairn::domain::schedule::mspdi::Document;
use cairn::domain::schedule::schedule;

#[test]
fn native_digests_match_the_committed_golden_values() {
    let plan = plans::random(2_000, 4_000, 7);
    let random = schedule(&plan).expect("schedules");
    let reversed = schedule(&plans::reversed(&plan)).expect("schedules");
    let plan = Document::parse(plans::SAMPLE_XML)
        .and_then(|d| d.to_plan())
        .expect("sample reads");
    let sample = schedule(&plan).expect("schedules");
    assert_eq!(
        (
            plans::digest(&random),
            plans::digest(&reversed),
            plans::digest(&sample)
        ),
        (
            plans::GOLDEN_RANDOM,
            plans::GOLDEN_REVERSED,
            plans::GOLDEN_SAMPLE
        ),
        "update GOLDEN_* only if the engine's output changed on purpose"
    );
    let phases = schedule(&plans::with_phases(3)).expect("schedules");
    assert_eq!(
        plans::digest(&phases),
        plans::GOLDEN_PHASES,
        "update GOLDEN_PHASES only if the engine's output changed on purpose"
    );
}

/// A `Scheduler` reused across plans of every shape (sorted or not,
/// with linked summaries, failing) gives exactly what a fresh
/// `schedule` gives: only memory is carried over.
#[test]
fn a_reused_scheduler_gives_what_a_fresh_schedule_gives() {
    use cairn::domain::schedule::{LinkKind, Scheduler, Task};
    let random = plans::random(2_000, 4_000, 7);
    let sample = Document::parse(plans::SAMPLE_XML)
        .and_then(|d| d.to_plan())
        .expect("sample reads");
    let summaries = plans::with_phases(3);
    let mut looped = plans::chain(50);
    looped.link(40, 10, LinkKind::FinishToStart, 0);
    let mut small = plans::chain(3);
    small.add(Task::new("extra", 60));
    let sequence = [
        &random,
        &plans::reversed(&random),
        &summaries,
        &looped,
        &sample,
        &small,
        &random,
        &summaries,
    ];
    let mut scheduler = Scheduler::default();
    for (k, plan) in sequence.into_iter().enumerate() {
        match (scheduler.schedule(plan), schedule(plan)) {
            (Ok(reused), Ok(fresh)) => {
                assert_eq!(plans::digest(&reused), plans::digest(&fresh), "plan {k}");
                assert_eq!(reused.conflicts(), fresh.conflicts(), "plan {k}");
                scheduler.recycle(reused);
            }
            (Err(a), Err(b)) => {
                assert_eq!(k, 3, "only the looped plan fails: {a}");
                assert_eq!(a, b, "plan {k}");
            }
            (a, b) => panic!("plan {k}: reused {:?}, fresh {:?}", a.err(), b.err()),
        }
    }
}
