//! Summary tasks take everything from their subtasks: start (earliest),
//! finish (latest), late dates likewise, work (sum) and progress (mean
//! weighted by duration, so a week-long task counts five times a day-long
//! one; milestones count only when every subtask is one). Their floats
//! follow from those dates, as Microsoft Project computes them.

use super::calendar::Side;
use super::cpm::{EF, ES, LF, LS, Schedule, side_of, total_float};
use super::outline::Outline;

fn bit(side: Side, which: u8) -> u8 {
    if side == Side::Finish { which } else { 0 }
}

pub(super) fn roll_up(outline: &Outline, s: &mut Schedule) {
    let finish = s.finish_position();
    for &i in outline.preorder().iter().rev() {
        let children = outline.children(i);
        if children.is_empty() {
            continue;
        }
        let i = s.positions.of(i);
        let mut es = (i64::MAX, Side::Start);
        let mut ef = (i64::MIN, Side::Finish);
        let mut ls = (i64::MAX, Side::Start);
        let mut lf = (i64::MIN, Side::Finish);
        let mut work = 0;
        let mut weighted = 0.0;
        let mut weight = 0.0;
        let mut plain = 0.0;
        for &c in children {
            let c = s.positions.of(c);
            let [ces, cef] = s.early[c].map(i64::from);
            let [cls, clf] = s.late[c].map(i64::from);
            let bits = s.sides[c];
            es = min_shown(es, (ces, side_of(bits, ES)));
            ef = max_shown(ef, (cef, side_of(bits, EF)));
            ls = min_shown(ls, (cls, side_of(bits, LS)));
            lf = max_shown(lf, (clf, side_of(bits, LF)));
            work += s.work[c];
            let d = (cef - ces) as f64;
            weighted += s.percent[c] * d;
            weight += d;
            plain += s.percent[c];
        }
        // Children's positions are already in range, so these fit.
        s.early[i] = [es.0 as i32, ef.0 as i32];
        s.late[i] = [ls.0 as i32, lf.0 as i32];
        s.sides[i] = bit(es.1, ES) | bit(ef.1, EF) | bit(ls.1, LS) | bit(lf.1, LF);
        let tf = total_float(s.early[i], s.late[i]);
        s.free[i] = ((finish - ef.0) as i32).min(tf);
        s.work[i] = work;
        s.percent[i] = if weight > 0.0 {
            weighted / weight
        } else {
            plain / children.len() as f64
        };
    }
}

fn max_shown(a: (i64, Side), b: (i64, Side)) -> (i64, Side) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 == Side::Start) {
        b
    } else {
        a
    }
}

fn min_shown(a: (i64, Side), b: (i64, Side)) -> (i64, Side) {
    if b.0 < a.0 || (b.0 == a.0 && b.1 == Side::Finish) {
        b
    } else {
        a
    }
}
