//! The scheduling engine's fuzz body: bytes become a plan (calendars with
//! odd hours and exceptions, a WBS whose parents may loop or point
//! nowhere, links of every kind with leads and lags, constraints,
//! resource calendars), the engine schedules it, and a schedule it
//! returns must hold what a schedule means. Plans the engine refuses are
//! fine; a panic, or a returned schedule that breaks a link, is not.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use cairn::domain::schedule::{
    Calendar, CalendarException, ConstraintKind, DayHours, LinkKind, Plan, Scheduler, Task, presets,
};

/// Reads the input front to back; past its end every read is zero, so
/// every input is a plan.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    fn i16(&mut self) -> i16 {
        self.u16() as i16
    }

    fn chance(&mut self, one_in: u8) -> bool {
        self.u8() % one_in == 0
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[usize::from(self.u8()) % from.len()]
    }
}

/// Working periods of one day: up to three, in order (each after the
/// last), or — when the plan is hostile — in any order and possibly
/// overlapping (which the calendar must refuse).
fn day(b: &mut Bytes, hostile: bool) -> Result<DayHours, String> {
    match b.u8() % 4 {
        0 => Ok(DayHours::off()),
        1 => Ok(DayHours::standard()),
        _ if hostile => {
            let periods = (0..b.u8() % 4)
                .map(|_| (b.u16() % 1500, b.u16() % 1500))
                .collect();
            DayHours::new(periods).map_err(|e| format!("day hours: {e}"))
        }
        _ => {
            let mut periods = Vec::new();
            let mut at = u16::from(b.u8()) * 2;
            for _ in 0..b.u8() % 3 + 1 {
                let from = at + 1 + u16::from(b.u8() % 120);
                let to = from + 1 + u16::from(b.u8()) * 2;
                if to > 1440 {
                    break;
                }
                periods.push((from, to));
                at = to;
            }
            DayHours::new(periods).map_err(|e| format!("day hours: {e}"))
        }
    }
}

fn calendar(b: &mut Bytes, start: NaiveDate, hostile: bool) -> Result<Calendar, String> {
    match b.u8() % 4 {
        0 => Ok(presets::standard()),
        1 => Ok(presets::china_mainland()),
        _ => {
            let mut week = std::array::from_fn(|_| DayHours::off());
            for d in &mut week {
                *d = day(b, hostile)?;
            }
            let exceptions = (0..b.u8() % 6)
                .map(|_| {
                    Ok(CalendarException {
                        date: start + Duration::days(i64::from(b.i16() % 400)),
                        hours: day(b, hostile)?,
                        name: "fuzz".into(),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let per_day = if hostile {
                b.u16() % 1441
            } else {
                b.u16() % 1440 + 1
            };
            Calendar::new("fuzz", week, exceptions, u32::from(per_day))
                .map_err(|e| format!("calendar: {e}"))
        }
    }
}

fn start(b: &mut Bytes) -> NaiveDateTime {
    let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()
        + Duration::days(i64::from(b.u16() % 30_000));
    date.and_hms_opt(u32::from(b.u8() % 24), u32::from(b.u8() % 60), 0)
        .unwrap_or_default()
}

/// A plan from the bytes, or why the bytes make no calendar.
pub fn plan(data: &[u8]) -> Result<Plan, String> {
    let b = &mut Bytes { data, at: 0 };
    // One plan in four is hostile: malformed hours, negative durations,
    // parents and links that name no task or loop. The rest are plans a
    // user could make, so the checks of a schedule get exercised.
    let hostile = b.chance(4);
    let start = start(b);
    let mut plan = Plan::new(start, calendar(b, start.date(), hostile)?);
    for _ in 0..b.u8() % 3 {
        plan.resource_calendars
            .push(calendar(b, start.date(), hostile)?);
    }
    let spans = plan.resource_calendars.len() as u8 + u8::from(hostile);
    let n = u32::from(b.u8() % 64) + 1;
    let unit = [1i64, 15, 60, 480, 2400];
    for i in 0..n {
        let mut task = Task::new(format!("T{i}"), i64::from(b.u16() % 200) * b.pick(&unit));
        if hostile && b.chance(16) {
            task.duration_minutes = -task.duration_minutes - 1;
        }
        task.milestone = b.chance(8);
        task.percent_complete = b.u8() % 101;
        task.work_minutes = i64::from(b.u16());
        if b.chance(3) {
            // Mostly an earlier task (a tree); now and then anything,
            // itself or a task that does not exist.
            let parent = if hostile && b.chance(8) {
                u32::from(b.u8()) % (n + 2)
            } else {
                u32::from(b.u8()) % i.max(1)
            };
            task.parent = (parent != i || hostile).then_some(parent);
        }
        if b.chance(5) {
            let kind = b.pick(&ConstraintKind::ALL);
            let date = start + Duration::minutes(i64::from(b.i16()) * 60);
            task = task.with_constraint(kind, date);
        }
        if spans > 0 && b.chance(10) {
            for _ in 0..b.u8() % 3 + 1 {
                task.resource_spans
                    .push(cairn::domain::schedule::ResourceSpan {
                        calendar: u32::from(b.u8() % spans),
                        minutes: i64::from(b.u16() % 5000),
                    });
            }
        }
        plan.add(task);
    }
    for _ in 0..u32::from(b.u8()) % (2 * n + 1) {
        let bound = if hostile { n + 1 } else { n };
        let from = u32::from(b.u16()) % bound;
        let to = u32::from(b.u16()) % bound;
        let kind = b.pick(&LinkKind::ALL);
        let lag = i64::from(b.i16() % 100) * b.pick(&unit);
        plan.link(from, to, kind, lag);
    }
    if !hostile {
        // What the editor would refuse before scheduling: links of a task
        // to itself, finish links into a summary, and constraints a
        // summary cannot carry.
        let summary: Vec<bool> = (0..n)
            .map(|i| plan.tasks.iter().any(|t| t.parent == Some(i)))
            .collect();
        plan.links.retain(|l| {
            l.predecessor != l.successor && !(summary[l.successor as usize] && l.kind.to_finish())
        });
        for (i, t) in plan.tasks.iter_mut().enumerate() {
            if summary[i]
                && t.constraint.is_some_and(|c| {
                    !matches!(
                        c.kind,
                        ConstraintKind::StartNoEarlierThan | ConstraintKind::FinishNoLaterThan
                    )
                })
            {
                t.constraint = None;
            }
        }
    }
    Ok(plan)
}

/// Schedules the plan twice (the second time in the first's memory, as
/// the Gantt does while a bar is dragged), checks the result, and names
/// the outcome.
pub fn run(data: &[u8]) -> String {
    let plan = match plan(data) {
        Ok(plan) => plan,
        Err(e) => return e.split(':').next().unwrap_or_default().to_owned(),
    };
    let mut scheduler = Scheduler::default();
    let first = match scheduler.schedule(&plan) {
        Ok(s) => s,
        Err(e) => return format!("refused: {}", variant(&format!("{e:?}"))),
    };
    check(&plan, &first);
    scheduler.recycle(first.clone());
    match scheduler.schedule(&plan) {
        Ok(again) => {
            for i in 0..plan.tasks.len() as u32 {
                assert_eq!(
                    (first.early_positions(i), first.late_positions(i)),
                    (again.early_positions(i), again.late_positions(i)),
                    "task {i}: the same plan scheduled twice differs"
                );
            }
        }
        Err(e) => panic!("the same plan scheduled, then refused: {e}"),
    }
    if first.conflicts().is_empty() {
        "ok".to_owned()
    } else {
        "ok, with conflicts".to_owned()
    }
}

fn variant(debug: &str) -> &str {
    debug.split(['(', ' ', '{']).next().unwrap_or_default()
}

/// What every schedule holds, whatever the plan.
fn check(plan: &Plan, s: &cairn::domain::schedule::Schedule) {
    assert_eq!(s.len(), plan.tasks.len(), "one row per task");
    let constrained = |mut i: u32| loop {
        let t = &plan.tasks[i as usize];
        if t.constraint.is_some() {
            return true;
        }
        match t.parent {
            Some(p) => i = p,
            None => return false,
        }
    };
    let plain = |i: u32| {
        let t = &plan.tasks[i as usize];
        !s.is_summary(i) && t.resource_spans.is_empty()
    };
    for i in 0..plan.tasks.len() as u32 {
        let (es, ef) = s.early_positions(i);
        let (ls, lf) = s.late_positions(i);
        assert!(
            es <= ef,
            "task {i}: early start {es} after early finish {ef}"
        );
        assert!(ls <= lf, "task {i}: late start {ls} after late finish {lf}");
        if plain(i) && !plan.tasks[i as usize].milestone {
            assert_eq!(
                ef - es,
                plan.tasks[i as usize].duration_minutes,
                "task {i}: duration"
            );
        }
    }
    // Every link holds on the early dates, unless a constraint (which
    // wins over links, the conflict reported) or a summary sits between.
    for l in &plan.links {
        let (p, q) = (l.predecessor, l.successor);
        if !plain(p) || !plain(q) || constrained(q) {
            continue;
        }
        let (ps, pf) = s.early_positions(p);
        let (qs, qf) = s.early_positions(q);
        let from = if l.kind.from_finish() { pf } else { ps };
        let to = if l.kind.to_finish() { qf } else { qs };
        assert!(
            to >= from + l.lag_minutes,
            "link {p}→{q} {:?} lag {}: {to} < {from} + lag",
            l.kind,
            l.lag_minutes
        );
    }
    // Without constraints nothing can be late: no negative float.
    if plan.tasks.iter().all(|t| t.constraint.is_none()) {
        for i in 0..plan.tasks.len() as u32 {
            assert!(s.total_float(i) >= 0, "task {i}: negative float");
        }
    }
}

/// Seeds: plans of a few shapes, from bytes a fixed generator made.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(0x5C4E_D01E);
    [16usize, 64, 256, 1024, 4096]
        .into_iter()
        .map(|len| {
            let bytes: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
            (format!("random-{len}"), bytes)
        })
        .collect()
}
