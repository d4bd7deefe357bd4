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
}
