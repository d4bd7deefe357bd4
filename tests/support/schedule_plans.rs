//! Plans for the benchmarks and the native/wasm determinism check,
//! generated from a fixed seed by a tiny generator of our own (the same
//! numbers on every platform, no dependency).

#![allow(dead_code)]

use cairn::domain::schedule::{LinkKind, Plan, Schedule, Task, presets};
use chrono::NaiveDateTime;

/// SplitMix64: small, fast, and identical on every target.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn project_start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2025-01-02 09:00", "%Y-%m-%d %H:%M").expect("date")
}

/// `n` one-day tasks, each finish-to-start after the one before, on the
/// China calendar.
pub fn chain(n: usize) -> Plan {
    let mut plan = Plan::new(project_start(), presets::china_mainland());
    plan.tasks.reserve(n);
    plan.links.reserve(n);
    for i in 0..n {
        plan.add(Task::new(format!("T{i}"), 480));
        if i > 0 {
            plan.link(i as u32 - 1, i as u32, LinkKind::FinishToStart, 0);
        }
    }
    plan
}

/// `n` tasks of 0–5 days (in whole hours) and `m` links of random type
/// between random pairs (from the lower index to the higher, so no
/// loop), lags from −1 to +2 days, on the China calendar.
pub fn random(n: usize, m: usize, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let mut plan = Plan::new(project_start(), presets::china_mainland());
    plan.tasks.reserve(n);
    plan.links.reserve(m);
    for i in 0..n {
        let hours = rng.below(41) as i64;
        plan.add(Task::new(format!("T{i}"), hours * 60));
    }
    let mut made = 0;
    while made < m {
        let a = rng.below(n as u64) as u32;
        let b = rng.below(n as u64) as u32;
        if a == b {
            continue;
        }
        let kind = LinkKind::ALL[rng.below(4) as usize];
        let lag = (rng.below(25) as i64 - 8) * 60;
        plan.link(a.min(b), a.max(b), kind, lag);
        made += 1;
    }
    plan
}

/// `random(300, 600, seed)` with three phases (tasks 0, 100 and 200, each
/// holding the 99 tasks after it) with links and constraints on them:
/// phase 1 → phase 2 finish-to-start, phase 2 → phase 3 start-to-start
/// with a day's lag, start no earlier than on phase 2, finish no later
/// than on phase 3.
pub fn with_phases(seed: u64) -> Plan {
    use cairn::domain::schedule::ConstraintKind;
    let mut plan = random(300, 600, seed);
    let phases = [0u32, 100, 200];
    for &phase in &phases {
        for i in phase + 1..phase + 100 {
            plan.tasks[i as usize].parent = Some(phase);
        }
    }
    plan.links
        .retain(|l| !phases.contains(&l.successor) && !phases.contains(&l.predecessor));
    plan.link(0, 100, LinkKind::FinishToStart, 0);
    plan.link(100, 200, LinkKind::StartToStart, 480);
    let t = project_start();
    plan.tasks[100].constraint = Some(cairn::domain::schedule::Constraint {
        kind: ConstraintKind::StartNoEarlierThan,
        date: t + chrono::Duration::days(40),
    });
    plan.tasks[200].constraint = Some(cairn::domain::schedule::Constraint {
        kind: ConstraintKind::FinishNoLaterThan,
        date: t + chrono::Duration::days(90),
    });
    plan
}

/// The same plan with the task list reversed: every link then points
/// backwards, so the engine sorts the tasks itself.
pub fn reversed(plan: &Plan) -> Plan {
    let n = plan.tasks.len() as u32;
    let mut out = plan.clone();
    out.tasks.reverse();
    for l in &mut out.links {
        l.predecessor = n - 1 - l.predecessor;
        l.successor = n - 1 - l.successor;
    }
    out
}

/// FNV-1a over everything the schedule says about every task, dates as
/// shown included, so any difference between two runs changes it.
pub fn digest(s: &Schedule) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |v: i64| {
        for b in v.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
    };
    for i in 0..s.len() as u32 {
        let (es, ef) = s.early_positions(i);
        let (ls, lf) = s.late_positions(i);
        for v in [es, ef, ls, lf, s.total_float(i), s.free_float(i)] {
            eat(v);
        }
        eat(i64::from(s.is_critical(i)));
        for d in [
            s.early_start(i),
            s.early_finish(i),
            s.late_start(i),
            s.late_finish(i),
        ] {
            eat(d.and_utc().timestamp());
        }
    }
    eat(s.conflicts().len() as i64);
    eat(s.project_finish().and_utc().timestamp());
    h
}

/// The determinism check's input: a random plan, and Project's sample
/// file (compiled in, so the wasm test needs no file system).
pub const SAMPLE_XML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/testdata/mspdi/sample.xml"
));

/// Digests of `random(2_000, 4_000, 7)`, of it `reversed`, of
/// `SAMPLE_XML` and of `with_phases(3)`, produced by the native test
/// `schedule_golden` and checked there and in wasm.
pub const GOLDEN_RANDOM: u64 = 14_732_772_412_107_491_456;
pub const GOLDEN_REVERSED: u64 = 15_558_135_570_668_338_000;
pub const GOLDEN_SAMPLE: u64 = 18_278_006_176_644_187_218;
pub const GOLDEN_PHASES: u64 = 7_371_849_598_398_513_968;
