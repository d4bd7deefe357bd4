//! Summary tasks take everything from their subtasks: start (earliest),
//! finish (latest), late dates likewise, work (sum) and progress (mean
//! weighted by duration, so a week-long task counts five times a day-long
//! one; milestones count only when every subtask is one). Their floats
//! follow from those dates, as Microsoft Project computes them.

use super::calendar::Side;
use super::cpm::{EF, ES, LF, LS, Schedule, side_of};
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
        let i = s.rank[i as usize] as usize;
        let mut es = (i64::MAX, Side::Start);
        let mut ef = (i64::MIN, Side::Finish);
        let mut ls = (i64::MAX, Side::Start);
        let mut lf = (i64::MIN, Side::Finish);
        let mut work = 0;
        let mut weighted = 0.0;
        let mut weight = 0.0;
        let mut plain = 0.0;
        for &c in children {
            let c = s.rank[c as usize] as usize;
            let n = &s.nodes[c];
            es = min_shown(es, (n.es, side_of(n.sides, ES)));
            ef = max_shown(ef, (n.ef, side_of(n.sides, EF)));
            ls = min_shown(ls, (n.ls, side_of(n.sides, LS)));
            lf = max_shown(lf, (n.lf, side_of(n.sides, LF)));
            work += s.work[c];
            let d = (n.ef - n.es) as f64;
            weighted += s.percent[c] * d;
            weight += d;
            plain += s.percent[c];
        }
        let n = &mut s.nodes[i];
        n.es = es.0;
        n.ef = ef.0;
        n.ls = ls.0;
        n.lf = lf.0;
        n.sides = bit(es.1, ES) | bit(ef.1, EF) | bit(ls.1, LS) | bit(lf.1, LF);
        n.free_float = (finish - ef.0).min(n.total_float());
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
