//! Hand-worked cases: every link type × lag sign × constraint type, plus
//! loops, milestones, summaries and the China calendar.
//!
//! The set-up of the link × constraint table, on "Standard (Mon–Fri)",
//! 08:00–12:00 and 13:00–17:00, project start Monday 2026-03-02 08:00.
//! Positions are counted in working days from that instant: position p
//! starts on working day p at 08:00 and, as a finish, ends working day
//! p − 1 at 17:00 (so 4 = "Fri 03-06 08:00" as a start, "Thu 03-05 17:00"
//! as a finish).
//!
//! - A: 4 days, no predecessor → early 0–4 (Mon 08:00 – Thu 17:00).
//! - B: 2 days, linked from A with lag +3 days or lead −1 day, and one
//!   constraint on B: start constraints on Fri 03-06 08:00 (position 4),
//!   finish constraints on Fri 03-06 17:00 (position 5).
//!
//! Forward pass for B (no constraint):
//! - FS: start ≥ A.finish + lag: +3 → 7–9; −1 → 3–5.
//! - SS: start ≥ A.start + lag: +3 → 3–5; −1 → −1, but nothing starts
//!   before the project: 0–2.
//! - FF: finish ≥ A.finish + lag: +3 → 5–7; −1 → 3, so 1–3.
//! - SF: finish ≥ A.start + lag: +3 → 3, so 1–3 (and the finish is shown
//!   as Project shows a finish set by a start: "Thu 08:00", not
//!   "Wed 17:00"); −1 → −1 does not bind: 0–2.
//!
//! Constraints, with links always holding (a constraint they break is
//! reported as a conflict, never silently dropped):
//! - Start no earlier than 4 (SNET) raises the start to 4 unless the link
//!   gives later; finish no earlier than 5 (FNET) raises the finish to 5.
//! - Start no later than 4 (SNLT) lowers the *late* start to 4; finish no
//!   later than 5 (FNLT) lowers the late finish to 5; a conflict when the
//!   early date is already past it (negative float follows on B and A).
//! - Must start on = SNET + SNLT; must finish on = FNET + FNLT.
//!
//! Backward pass: the project finishes at max(4, B.finish); B has no
//! successor, so B's late finish is the project finish (or the constraint),
//! late start = late finish − 2. A's late dates come back through the
//! link: FS: A.finish ≤ B.late start − lag; SS: A.start ≤ B.late start −
//! lag; FF: A.finish ≤ B.late finish − lag; SF: A.start ≤ B.late finish −
//! lag; and A.finish ≤ the project finish. Each row's comment gives the
//! positions.

use cairn::domain::schedule::presets;
use cairn::domain::schedule::{ConstraintKind, LinkKind, Plan, ScheduleError, Task, schedule};
use chrono::NaiveDateTime;

const DAY: i64 = 480;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
}

use ConstraintKind::{
    FinishNoEarlierThan as Fnet, FinishNoLaterThan as Fnlt, MustFinishOn as Mfo,
    MustStartOn as Mso, StartNoEarlierThan as Snet, StartNoLaterThan as Snlt,
};
use LinkKind::{
    FinishToFinish as FF, FinishToStart as FS, StartToFinish as SF, StartToStart as SS,
};

/// One row: the link, its lag in days, B's constraint; expected B early
/// start/finish and late start/finish, A's late start/finish, and whether
/// B's constraint is reported as unmet.
fn case(
    kind: LinkKind,
    lag_days: i64,
    constraint: Option<ConstraintKind>,
    b: [&str; 4],
    a_late: [&str; 2],
    conflict: bool,
) {
    let label = format!("{} {lag_days:+}d {constraint:?}", kind.abbreviation());
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let a = plan.add(Task::new("A", 4 * DAY));
    let mut task_b = Task::new("B", 2 * DAY);
    if let Some(k) = constraint {
        let date = if k.on_start() {
            "2026-03-06 08:00"
        } else {
            "2026-03-06 17:00"
        };
        task_b = task_b.with_constraint(k, at(date));
    }
    let b_ix = plan.add(task_b);
    plan.link(a, b_ix, kind, lag_days * DAY);
    let s = schedule(&plan).unwrap_or_else(|e| panic!("{label}: {e}"));
    let got = [
        s.early_start(b_ix),
        s.early_finish(b_ix),
        s.late_start(b_ix),
        s.late_finish(b_ix),
    ];
    assert_eq!(
        got,
        b.map(at),
        "{label}: B early start/finish, late start/finish"
    );
    assert_eq!(
        [s.late_start(a), s.late_finish(a)],
        a_late.map(at),
        "{label}: A late start/finish"
    );
    assert_eq!(
        s.early_start(a),
        at("2026-03-02 08:00"),
        "{label}: A starts with the project"
    );
    let reported = s.conflicts().iter().any(|c| c.task == b_ix);
    assert_eq!(
        reported,
        conflict,
        "{label}: conflict reported {:?}",
        s.conflicts()
    );
    if !conflict {
        assert!(
            s.total_float(a) >= 0 && s.total_float(b_ix) >= 0,
            "{label}: float"
        );
    } else {
        assert!(
            s.total_float(b_ix) < 0,
            "{label}: an unmet constraint shows as negative float"
        );
    }
}

#[test]
fn every_link_type_lag_sign_and_constraint() {
    case(
        FS,
        3,
        None,
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-11 08:00",
            "2026-03-12 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 7–9, late 7–9; A late 0–4
    case(
        FS,
        3,
        Some(Snet),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-11 08:00",
            "2026-03-12 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 7–9, late 7–9; A late 0–4
    case(
        FS,
        3,
        Some(Snlt),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-02-25 08:00", "2026-03-02 17:00"],
        true,
    ); // days: B 7–9, late 4–6; A late -3–1
    case(
        FS,
        3,
        Some(Fnet),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-11 08:00",
            "2026-03-12 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 7–9, late 7–9; A late 0–4
    case(
        FS,
        3,
        Some(Fnlt),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-02-24 08:00", "2026-02-27 17:00"],
        true,
    ); // days: B 7–9, late 3–5; A late -4–0
    case(
        FS,
        3,
        Some(Mso),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-02-25 08:00", "2026-03-02 17:00"],
        true,
    ); // days: B 7–9, late 4–6; A late -3–1
    case(
        FS,
        3,
        Some(Mfo),
        [
            "2026-03-11 08:00",
            "2026-03-12 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-02-24 08:00", "2026-02-27 17:00"],
        true,
    ); // days: B 7–9, late 3–5; A late -4–0
    case(
        FS,
        -1,
        None,
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        FS,
        -1,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 1–5
    case(
        FS,
        -1,
        Some(Snlt),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        FS,
        -1,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        FS,
        -1,
        Some(Fnlt),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        FS,
        -1,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 1–5
    case(
        FS,
        -1,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        3,
        None,
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        3,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 1–5
    case(
        SS,
        3,
        Some(Snlt),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        3,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        3,
        Some(Fnlt),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        3,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 1–5
    case(
        SS,
        3,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 0–4
    case(
        SS,
        -1,
        None,
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SS,
        -1,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SS,
        -1,
        Some(Snlt),
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SS,
        -1,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        SS,
        -1,
        Some(Fnlt),
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SS,
        -1,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SS,
        -1,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        FF,
        3,
        None,
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-09 08:00",
            "2026-03-10 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 5–7, late 5–7; A late 0–4
    case(
        FF,
        3,
        Some(Snet),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-09 08:00",
            "2026-03-10 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 5–7, late 5–7; A late 0–4
    case(
        FF,
        3,
        Some(Snlt),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-02-27 08:00", "2026-03-04 17:00"],
        true,
    ); // days: B 5–7, late 4–6; A late -1–3
    case(
        FF,
        3,
        Some(Fnet),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-09 08:00",
            "2026-03-10 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 5–7, late 5–7; A late 0–4
    case(
        FF,
        3,
        Some(Fnlt),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-02-26 08:00", "2026-03-03 17:00"],
        true,
    ); // days: B 5–7, late 3–5; A late -2–2
    case(
        FF,
        3,
        Some(Mso),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-02-27 08:00", "2026-03-04 17:00"],
        true,
    ); // days: B 5–7, late 4–6; A late -1–3
    case(
        FF,
        3,
        Some(Mfo),
        [
            "2026-03-09 08:00",
            "2026-03-10 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-02-26 08:00", "2026-03-03 17:00"],
        true,
    ); // days: B 5–7, late 3–5; A late -2–2
    case(
        FF,
        -1,
        None,
        [
            "2026-03-03 08:00",
            "2026-03-04 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        FF,
        -1,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        FF,
        -1,
        Some(Snlt),
        [
            "2026-03-03 08:00",
            "2026-03-04 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        FF,
        -1,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        FF,
        -1,
        Some(Fnlt),
        [
            "2026-03-03 08:00",
            "2026-03-04 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        FF,
        -1,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        FF,
        -1,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        SF,
        3,
        None,
        [
            "2026-03-03 08:00",
            "2026-03-05 08:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        SF,
        3,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SF,
        3,
        Some(Snlt),
        [
            "2026-03-03 08:00",
            "2026-03-05 08:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        SF,
        3,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        SF,
        3,
        Some(Fnlt),
        [
            "2026-03-03 08:00",
            "2026-03-05 08:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 1–3, late 2–4; A late 0–4
    case(
        SF,
        3,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SF,
        3,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        SF,
        -1,
        None,
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SF,
        -1,
        Some(Snet),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SF,
        -1,
        Some(Snlt),
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SF,
        -1,
        Some(Fnet),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
    case(
        SF,
        -1,
        Some(Fnlt),
        [
            "2026-03-02 08:00",
            "2026-03-03 17:00",
            "2026-03-04 08:00",
            "2026-03-05 17:00",
        ],
        ["2026-03-02 08:00", "2026-03-05 17:00"],
        false,
    ); // days: B 0–2, late 2–4; A late 0–4
    case(
        SF,
        -1,
        Some(Mso),
        [
            "2026-03-06 08:00",
            "2026-03-09 17:00",
            "2026-03-06 08:00",
            "2026-03-09 17:00",
        ],
        ["2026-03-04 08:00", "2026-03-09 17:00"],
        false,
    ); // days: B 4–6, late 4–6; A late 2–6
    case(
        SF,
        -1,
        Some(Mfo),
        [
            "2026-03-05 08:00",
            "2026-03-06 17:00",
            "2026-03-05 08:00",
            "2026-03-06 17:00",
        ],
        ["2026-03-03 08:00", "2026-03-06 17:00"],
        false,
    ); // days: B 3–5, late 3–5; A late 1–5
}

#[test]
fn a_loop_is_refused_naming_its_tasks_in_order() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let design = plan.add(Task::new("Design", DAY));
    let build = plan.add(Task::new("Build", DAY));
    let test = plan.add(Task::new("Test", DAY));
    let start = plan.add(Task::new("Kick-off", 0));
    plan.link(start, design, FS, 0);
    plan.link(design, build, FS, 0);
    plan.link(build, test, SS, DAY);
    plan.link(test, design, FF, 0);
    match schedule(&plan) {
        Err(ScheduleError::Cycle { names, .. }) => {
            // Any rotation of the loop names it; ours starts where the
            // search found it. Check the order around the loop.
            assert_eq!(names.len(), 4, "{names:?}");
            assert_eq!(names.first(), names.last());
            let ring = ["Design", "Build", "Test"];
            let at0 = ring.iter().position(|n| *n == names[0]).expect("in ring");
            for (k, n) in names.iter().take(3).enumerate() {
                assert_eq!(n, ring[(at0 + k) % 3], "{names:?}");
            }
            let message = schedule(&plan).expect_err("loop").to_string();
            assert!(message.contains("→"), "{message}");
        }
        other => panic!("expected a cycle, got {other:?}"),
    }
}

#[test]
fn a_milestone_after_a_task_sits_on_its_finish() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let work = plan.add(Task::new("Work", 5 * DAY));
    let done = plan.add(Task::new("Done", 0));
    plan.link(work, done, FS, 0);
    let s = schedule(&plan).expect("schedules");
    // As Project shows it: the milestone is on Friday 17:00, not Monday.
    assert_eq!(s.early_start(done), at("2026-03-06 17:00"));
    assert_eq!(s.early_finish(done), at("2026-03-06 17:00"));
    assert!(s.is_critical(done) && s.is_critical(work));
}

#[test]
fn summaries_roll_up_dates_work_and_progress() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let phase = plan.add(Task::new("Phase", 0));
    let mut a = Task::new("A", 4 * DAY).with_parent(phase);
    a.percent_complete = 100;
    a.work_minutes = 32 * 60;
    let a = plan.add(a);
    let mut b = Task::new("B", DAY).with_parent(phase);
    b.work_minutes = 8 * 60;
    let b = plan.add(b);
    let other = plan.add(Task::new("Other", 10 * DAY));
    plan.link(a, b, FS, 0);
    let s = schedule(&plan).expect("schedules");
    assert!(s.is_summary(phase));
    assert_eq!(s.start(phase), at("2026-03-02 08:00"));
    assert_eq!(s.finish(phase), at("2026-03-06 17:00"));
    assert_eq!(s.duration(phase), 5 * DAY);
    let rolled = s.rollup(phase).expect("a summary");
    assert_eq!(rolled.work_minutes, 40 * 60);
    // 100 % of 4 days and 0 % of 1 day: 80 %.
    assert!((rolled.percent_complete - 80.0).abs() < 1e-9);
    assert_eq!(s.rollup(a), None);
    // "Other" (10 days) sets the finish: the phase has 5 days of float.
    assert_eq!(s.total_float(phase), 5 * DAY);
    assert!(s.is_critical(other));
}

// Links and constraints on summary tasks, as Microsoft Project applies
// them. Same set-up as the table above: "Standard", project start Monday
// 2026-03-02 08:00, positions in working days (position p starts on
// working day p at 08:00 and, as a finish, ends day p − 1 at 17:00):
// 0 = Mon 03-02, 1 = Tue 03-03, 2 = Wed 03-04, 3 = Thu 03-05,
// 4 = Fri 03-06, 5 = Mon 03-09, 6 = Tue 03-10, 7 = Wed 03-11.

#[test]
fn a_link_into_a_summary_holds_back_every_subtask() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let a = plan.add(Task::new("A", 3 * DAY));
    let phase = plan.add(Task::new("Phase", 0));
    let b = plan.add(Task::new("B", 2 * DAY).with_parent(phase));
    let c = plan.add(Task::new("C", 4 * DAY).with_parent(phase));
    plan.link(a, phase, FS, 0);
    let s = schedule(&plan).expect("schedules");
    // A: 0–3 (Mon 08:00 – Wed 17:00). The link A → Phase holds for each
    // subtask's start, though neither B nor C is linked itself:
    // B 3–5 (Thu 08:00 – Fri 17:00), C 3–7 (Thu 08:00 – Tue 17:00), so
    // Phase runs 3–7 and the project finishes at 7.
    assert_eq!(s.finish(a), at("2026-03-04 17:00"));
    assert_eq!(
        [s.start(b), s.finish(b)],
        [at("2026-03-05 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!(
        [s.start(c), s.finish(c)],
        [at("2026-03-05 08:00"), at("2026-03-10 17:00")]
    );
    assert_eq!(
        [s.start(phase), s.finish(phase)],
        [at("2026-03-05 08:00"), at("2026-03-10 17:00")]
    );
    // Backward: C ends the project (late 3–7, critical). B may finish by
    // 7: late 5–7 (Mon 08:00 – Tue 17:00), 2 days of float, all of it
    // free. The phase's late start is its subtasks' earliest, 3, so A
    // must finish by 3: A is critical, with no free float (the phase
    // starts the moment A finishes).
    assert!(s.is_critical(c));
    assert_eq!(
        [s.late_start(b), s.late_finish(b)],
        [at("2026-03-09 08:00"), at("2026-03-10 17:00")]
    );
    assert_eq!((s.total_float(b), s.free_float(b)), (2 * DAY, 2 * DAY));
    assert_eq!(
        [s.late_start(phase), s.late_finish(phase)],
        [at("2026-03-05 08:00"), at("2026-03-10 17:00")]
    );
    assert_eq!(s.total_float(phase), 0);
    assert_eq!(
        [s.late_start(a), s.late_finish(a)],
        [at("2026-03-02 08:00"), at("2026-03-04 17:00")]
    );
    assert!(s.is_critical(a));
    assert_eq!(s.free_float(a), 0);
    assert!(s.conflicts().is_empty());
}

#[test]
fn a_summary_as_predecessor_finishes_with_its_last_subtask() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let phase = plan.add(Task::new("Phase", 0));
    let b = plan.add(Task::new("B", 2 * DAY).with_parent(phase));
    let c = plan.add(Task::new("C", DAY).with_parent(phase));
    let d = plan.add(Task::new("D", 2 * DAY));
    let e = plan.add(Task::new("E", 6 * DAY));
    plan.link(b, c, FS, 0);
    plan.link(phase, d, FS, 0);
    let s = schedule(&plan).expect("schedules");
    // B 0–2, C 2–3 (Wed): the phase is 0–3 and finishes Wed 17:00 with
    // its last subtask, C — not with B, its first. D follows the phase:
    // 3–5 (Thu 08:00 – Fri 17:00). E (0–6) sets the finish, Mon 17:00.
    assert_eq!(
        [s.start(phase), s.finish(phase)],
        [at("2026-03-02 08:00"), at("2026-03-04 17:00")]
    );
    assert_eq!(
        [s.start(d), s.finish(d)],
        [at("2026-03-05 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!(s.project_finish(), at("2026-03-09 17:00"));
    // Backward: D late 4–6, 1 day of float. The phase must finish by D's
    // late start, 4, and so must every subtask: C late 3–4 (Thu), then B
    // by C's late start: late 1–3. Each has 1 day of float, as has the
    // phase (late 1–4: Tue 08:00 – Thu 17:00).
    assert_eq!(
        [s.late_start(d), s.late_finish(d)],
        [at("2026-03-06 08:00"), at("2026-03-09 17:00")]
    );
    assert_eq!(
        [s.late_start(c), s.late_finish(c)],
        [at("2026-03-05 08:00"), at("2026-03-05 17:00")]
    );
    assert_eq!(
        [s.late_start(b), s.late_finish(b)],
        [at("2026-03-03 08:00"), at("2026-03-04 17:00")]
    );
    assert_eq!(
        [s.late_start(phase), s.late_finish(phase)],
        [at("2026-03-03 08:00"), at("2026-03-05 17:00")]
    );
    for t in [b, c, d, phase] {
        assert_eq!(s.total_float(t), DAY, "task {t}");
    }
    assert!(s.is_critical(e));
    // Free float: D starts the moment the phase finishes, so the phase
    // and C (which sets its finish) have none; B has none either (C
    // follows at once). D has 1 day before the project finish.
    assert_eq!(
        [
            s.free_float(phase),
            s.free_float(c),
            s.free_float(b),
            s.free_float(d)
        ],
        [0, 0, 0, DAY]
    );
}

#[test]
fn start_no_earlier_than_on_a_summary_holds_for_every_subtask() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let a = plan.add(Task::new("A", DAY));
    let phase = plan.add(Task::new("Phase", 0).with_constraint(Snet, at("2026-03-04 08:00")));
    let sub = plan.add(Task::new("Sub", 0).with_parent(phase));
    let b = plan.add(Task::new("B", 2 * DAY).with_parent(sub));
    let c = plan.add(Task::new("C", DAY).with_parent(phase));
    let d = plan.add(Task::new("D", DAY).with_parent(phase));
    plan.link(b, c, FS, 0);
    let s = schedule(&plan).expect("schedules");
    // Start no earlier than Wed 08:00 (position 2) on Phase holds for
    // each subtask, however deep: B (in Sub) 2–4, C after B 4–5, D 2–3,
    // although none of them has a predecessor or constraint of its own.
    // A, outside the phase, still starts Monday.
    assert_eq!(
        [s.start(b), s.finish(b)],
        [at("2026-03-04 08:00"), at("2026-03-05 17:00")]
    );
    assert_eq!(
        [s.start(sub), s.finish(sub)],
        [at("2026-03-04 08:00"), at("2026-03-05 17:00")]
    );
    assert_eq!(
        [s.start(c), s.finish(c)],
        [at("2026-03-06 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!(
        [s.start(d), s.finish(d)],
        [at("2026-03-04 08:00"), at("2026-03-04 17:00")]
    );
    assert_eq!(
        [s.start(phase), s.finish(phase)],
        [at("2026-03-04 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!(s.start(a), at("2026-03-02 08:00"));
    // The project finishes with C (5, Fri 17:00): B, C and the phase are
    // critical; D may slip to 4–5 (2 days); A to 4–5 (4 days). The
    // constraint is met, so nothing is reported.
    for t in [b, sub, c, phase] {
        assert!(s.is_critical(t), "task {t}");
    }
    assert_eq!(
        [s.late_start(d), s.late_finish(d)],
        [at("2026-03-06 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!((s.total_float(d), s.total_float(a)), (2 * DAY, 4 * DAY));
    assert!(s.conflicts().is_empty());
}

#[test]
fn finish_no_later_than_on_a_summary_bounds_every_subtask() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let phase = plan.add(Task::new("Phase", 0).with_constraint(Fnlt, at("2026-03-05 17:00")));
    let b = plan.add(Task::new("B", 2 * DAY).with_parent(phase));
    let c = plan.add(Task::new("C", 3 * DAY).with_parent(phase));
    let d = plan.add(Task::new("D", DAY).with_parent(phase));
    let e = plan.add(Task::new("E", 8 * DAY));
    plan.link(b, c, FS, 0);
    let s = schedule(&plan).expect("schedules");
    // B 0–2, C 2–5, D 0–1: the phase finishes at 5 (Fri 17:00), a day
    // past its finish no later than Thu 17:00 (4). Links hold, so the
    // phase is reported, and every subtask must finish by 4: C late 1–4
    // (−1 day of float), B by C's late start, late −1–1 (−1 day); D late
    // 3–4 (3 days). E is not in the phase: late 0–8, no float.
    assert_eq!(s.finish(phase), at("2026-03-06 17:00"));
    assert_eq!(s.conflicts().len(), 1);
    let conflict = &s.conflicts()[0];
    assert_eq!((conflict.task, conflict.kind), (phase, Fnlt));
    assert_eq!(conflict.scheduled, at("2026-03-06 17:00"));
    assert_eq!(s.late_finish(c), at("2026-03-05 17:00"));
    assert_eq!((s.total_float(c), s.total_float(b)), (-DAY, -DAY));
    assert_eq!(s.total_float(d), 3 * DAY);
    assert_eq!(s.total_float(e), 0);
    assert_eq!(s.total_float(phase), -DAY);
}

#[test]
fn a_start_to_start_link_out_of_a_summary_binds_the_subtasks_that_start_it() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let phase = plan.add(Task::new("Phase", 0));
    let b = plan.add(Task::new("B", 2 * DAY).with_parent(phase));
    let c = plan.add(Task::new("C", DAY).with_parent(phase));
    let d = plan.add(Task::new("D", 3 * DAY));
    let e = plan.add(Task::new("E", 5 * DAY));
    plan.link(b, c, FS, 0);
    plan.link(phase, d, SS, DAY);
    let s = schedule(&plan).expect("schedules");
    // Phase 0–3 (B 0–2, C 2–3); D starts a day after the phase: 1–4.
    // E (0–5) sets the finish. Backward: D late 2–5, so the phase must
    // start by 1 — only B starts when the phase does, so only B is bound
    // by it: late start 1 (late 1–3, 1 day of float, none free: D starts
    // as early as the link allows). C is not: late 4–5, 2 days of float,
    // all free.
    assert_eq!(
        [s.start(d), s.finish(d)],
        [at("2026-03-03 08:00"), at("2026-03-05 17:00")]
    );
    assert_eq!(
        [s.late_start(b), s.late_finish(b)],
        [at("2026-03-03 08:00"), at("2026-03-04 17:00")]
    );
    assert_eq!((s.total_float(b), s.free_float(b)), (DAY, 0));
    assert_eq!(
        [s.late_start(c), s.late_finish(c)],
        [at("2026-03-06 08:00"), at("2026-03-06 17:00")]
    );
    assert_eq!((s.total_float(c), s.free_float(c)), (2 * DAY, 2 * DAY));
    assert_eq!((s.total_float(d), s.free_float(phase)), (DAY, 0));
    assert!(s.is_critical(e));
}

#[test]
fn a_loop_through_a_summary_is_refused_naming_its_tasks() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let a = plan.add(Task::new("A", DAY));
    let phase = plan.add(Task::new("Phase", 0));
    let b = plan.add(Task::new("B", DAY).with_parent(phase));
    plan.add(Task::new("X", DAY).with_parent(phase));
    // A → Phase holds back B; B → A: a loop A → Phase → B → A, which
    // names the summary it passes through.
    plan.link(a, phase, FS, 0);
    plan.link(b, a, FS, 0);
    match schedule(&plan) {
        Err(ScheduleError::Cycle { names, tasks }) => {
            assert_eq!(names.len(), 4, "{names:?}");
            assert_eq!(names.first(), names.last());
            assert_eq!(tasks.first(), tasks.last());
            let ring = ["A", "Phase", "B"];
            let at0 = ring.iter().position(|n| *n == names[0]).expect("in ring");
            for (k, n) in names.iter().take(3).enumerate() {
                assert_eq!(n, ring[(at0 + k) % 3], "{names:?}");
            }
        }
        other => panic!("expected a loop, got {other:?}"),
    }
    // A summary linked to its own subtask is a loop too (Project refuses
    // it): the phase cannot finish before B does, nor B start after it.
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let phase = plan.add(Task::new("Phase", 0));
    let b = plan.add(Task::new("B", DAY).with_parent(phase));
    plan.link(phase, b, FS, 0);
    match schedule(&plan) {
        Err(ScheduleError::Cycle { names, .. }) => {
            assert_eq!(names.len(), 3, "{names:?}");
            assert!(names.contains(&"Phase".to_string()) && names.contains(&"B".to_string()));
        }
        other => panic!("expected a loop, got {other:?}"),
    }
}

#[test]
fn what_project_refuses_on_summaries_is_refused() {
    // A finish-to-finish or start-to-finish link into a summary: its
    // finish belongs to its subtasks.
    for kind in [FF, SF] {
        let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
        let phase = plan.add(Task::new("Phase", 0));
        plan.add(Task::new("Child", DAY).with_parent(phase));
        let other = plan.add(Task::new("Other", DAY));
        plan.link(other, phase, kind, 0);
        assert_eq!(
            schedule(&plan).err(),
            Some(ScheduleError::SummaryFinishLink("Phase".into()))
        );
    }
    // Constraints other than start no earlier than / finish no later than.
    for kind in [Snlt, Fnet, Mso, Mfo] {
        let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
        let phase = plan.add(Task::new("Phase", 0).with_constraint(kind, at("2026-03-04 08:00")));
        plan.add(Task::new("Child", DAY).with_parent(phase));
        assert_eq!(
            schedule(&plan).err(),
            Some(ScheduleError::SummaryConstraint("Phase".into())),
            "{kind:?}"
        );
    }
}

#[test]
fn the_china_calendar_skips_spring_festival_and_works_make_up_saturdays() {
    // 2026: 春节 15–23 February off; Saturday 14 and Saturday 28 February
    // are working days. 09:00–12:00, 13:00–18:00.
    let mut plan = Plan::new(at("2026-02-12 09:00"), presets::china_mainland());
    // Thu 12, Fri 13, Sat 14 (make-up) = 3 days; then nothing until
    // Tue 24 February (Mon 23 is still a holiday): day 4 is Tue 24.
    let t = plan.add(Task::new("Across the festival", 4 * DAY));
    let next = plan.add(Task::new("After", 4 * DAY));
    plan.link(t, next, FS, 0);
    let s = schedule(&plan).expect("schedules");
    assert_eq!(s.finish(t), at("2026-02-24 18:00"));
    // Wed 25, Thu 26, Fri 27, Sat 28 (make-up).
    assert_eq!(s.start(next), at("2026-02-25 09:00"));
    assert_eq!(s.finish(next), at("2026-02-28 18:00"));
}

#[test]
fn free_float_is_the_room_before_a_successor_moves() {
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    let short = plan.add(Task::new("Short", DAY));
    let long = plan.add(Task::new("Long", 3 * DAY));
    let join = plan.add(Task::new("Join", DAY));
    plan.link(short, join, FS, 0);
    plan.link(long, join, FS, 0);
    let s = schedule(&plan).expect("schedules");
    assert_eq!(s.free_float(short), 2 * DAY);
    assert_eq!(s.total_float(short), 2 * DAY);
    assert_eq!(s.free_float(long), 0);
    assert!(s.is_critical(long) && s.is_critical(join) && !s.is_critical(short));
}

/// A calendar working only on Saturdays, 08:00–12:00 and 13:00–17:00.
fn saturdays() -> cairn::domain::schedule::Calendar {
    use cairn::domain::schedule::{Calendar, DayHours};
    let mut week: [DayHours; 7] = std::array::from_fn(|_| DayHours::off());
    week[5] = DayHours::standard();
    Calendar::new("Saturdays", week, Vec::new(), 480).expect("a calendar")
}

#[test]
fn a_task_its_resource_does_on_a_day_off_has_no_negative_float() {
    // Found by the `schedule` fuzz target. The work is done on Saturday
    // 03-07, when the plan's calendar does not work: the task finishes at
    // the plan's position "end of Friday" = "start of Monday". Counting
    // the late start back from Friday 17:00 put it on the Saturday
    // before the project began: a lone task with negative float.
    use cairn::domain::schedule::ResourceSpan;
    let mut plan = Plan::new(at("2026-03-06 08:00"), presets::standard());
    plan.resource_calendars.push(saturdays());
    let mut task = Task::new("Weekend migration", DAY);
    task.resource_spans.push(ResourceSpan {
        calendar: 0,
        minutes: DAY,
    });
    let t = plan.add(task);
    let s = schedule(&plan).expect("schedules");
    let (es, ef) = s.early_positions(t);
    assert_eq!(ef - es, DAY, "Friday's working day passes meanwhile");
    assert_eq!(s.finish(t), at("2026-03-06 17:00"));
    assert_eq!(s.total_float(t), 0, "the only task is critical, not late");
    let (ls, lf) = s.late_positions(t);
    assert!(ls >= es, "late start {ls} before early start {es}");
    assert_eq!(lf, ef);
}

#[test]
fn late_dates_pulled_before_the_calendar_keep_start_before_finish() {
    // Found by the `schedule` fuzz target: a must-finish-on years before
    // the project start pulls a resource task's late finish before the
    // calendar's first day; its late start stopped at that first day,
    // after its late finish.
    use cairn::domain::schedule::ResourceSpan;
    let mut plan = Plan::new(at("2026-03-02 08:00"), presets::standard());
    plan.resource_calendars.push(saturdays());
    let mut task = Task::new("Weekend work", DAY);
    task.resource_spans.push(ResourceSpan {
        calendar: 0,
        minutes: DAY,
    });
    let a = plan.add(task);
    let b = plan.add(Task::new("Due long ago", DAY).with_constraint(Mfo, at("2022-03-04 17:00")));
    // The link's lag reaches back before the calendar's first day.
    plan.link(a, b, FF, 400 * DAY);
    let s = schedule(&plan).expect("schedules");
    assert!(!s.conflicts().is_empty(), "the constraint cannot be met");
    for t in [a, b] {
        let (ls, lf) = s.late_positions(t);
        assert!(ls <= lf, "task {t}: late start {ls} after late finish {lf}");
        assert!(s.total_float(t) < 0, "task {t} is late");
    }
}
