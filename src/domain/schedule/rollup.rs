//! Summary tasks take everything from their subtasks: start (earliest),
//! finish (latest), late dates likewise, work (sum) and progress (mean
//! weighted by duration, so a week-long task counts five times a day-long
//! one; when every subtask is a milestone, the plain mean). Their floats
//! follow from those dates, as Microsoft Project computes them.

use serde::{Deserialize, Serialize};

use super::calendar::Side;
use super::cpm::{EF, ES, LF, LS, Schedule, bit, earlier, later, side_of, total_float};
use super::model::Plan;
use super::outline::Outline;

/// What a summary task shows besides its dates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    pub work_minutes: i64,
    /// 0–100.
    pub percent_complete: f64,
}

pub(super) fn roll_up(plan: &Plan, outline: &Outline, s: &mut Schedule) {
    let finish = s.finish_position();
    // Rolled-up values of the summaries done so far (children first).
    let mut done: Vec<Option<Rollup>> = vec![None; plan.tasks.len()];
    for &t in outline.preorder().iter().rev() {
        let children = outline.children(t);
        if children.is_empty() {
            continue;
        }
        let i = s.positions.of(t);
        let mut es = (i64::MAX, Side::Start);
        let mut ef = (i64::MIN, Side::Finish);
        let mut ls = (i64::MAX, Side::Start);
        let mut lf = (i64::MIN, Side::Finish);
        let mut work = 0;
        let mut weighted = 0.0;
        let mut weight = 0.0;
        let mut plain = 0.0;
        for &ct in children {
            let c = s.positions.of(ct);
            let (e, l, bits) = (s.early[c], s.late[c], s.sides[c]);
            let ([ces, cef], [cls, clf]) = (e, l.dates);
            es = earlier(es, (ces.into(), side_of(bits, ES)));
            ef = later(ef, (cef.into(), side_of(bits, EF)));
            ls = earlier(ls, (cls.into(), side_of(bits, LS)));
            lf = later(lf, (clf.into(), side_of(bits, LF)));
            let own = match done[ct as usize] {
                Some(r) => r,
                None => {
                    let task = &plan.tasks[ct as usize];
                    Rollup {
                        work_minutes: task.work_minutes,
                        percent_complete: f64::from(task.percent_complete),
                    }
                }
            };
            work += own.work_minutes;
            let d = f64::from(cef - ces);
            weighted += own.percent_complete * d;
            weight += d;
            plain += own.percent_complete;
        }
        // Children's positions are already in range, so these fit.
        s.early[i] = [es.0 as i32, ef.0 as i32];
        s.sides[i] = bit(es.1, ES) | bit(ef.1, EF) | bit(ls.1, LS) | bit(lf.1, LF);
        s.late[i].dates = [ls.0 as i32, lf.0 as i32];
        let tf = total_float(s.early[i], s.late[i].dates);
        // `free` holds the room the summary's own successor links leave
        // it, if any (`i32::MAX` otherwise).
        let l = &mut s.late[i];
        l.free = l.free.min((finish - ef.0) as i32).min(tf);
        done[t as usize] = Some(Rollup {
            work_minutes: work,
            percent_complete: if weight > 0.0 {
                weighted / weight
            } else {
                plain / children.len() as f64
            },
        });
    }
    s.rollups = done
        .into_iter()
        .enumerate()
        .filter_map(|(t, r)| r.map(|r| (t as u32, r)))
        .collect();
}
