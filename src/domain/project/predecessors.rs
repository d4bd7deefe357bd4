//! The grid's predecessor cell: "3FS+2d, 5SS" — outline numbers, link
//! type (finish-to-start when omitted) and lag or lead in working days
//! (or hours with `h`, weeks with `w`), as Microsoft Project writes them.

use super::change::Change;
use super::compute::Compiled;
use super::state::ProjectState;
use crate::domain::AppError;
use crate::domain::schedule::{Calendar, LinkKind};

/// One parsed entry: the predecessor's outline number, the type, the lag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: String,
    pub kind: LinkKind,
    pub lag_minutes: i64,
}

fn bad(token: &str, why: &str) -> AppError {
    AppError::invalid("predecessors", format!("\"{token}\" {why}"))
}

/// Parses a cell. Separators: commas (ASCII or full-width) or
/// semicolons. An empty cell is no predecessors.
pub fn parse(text: &str, calendar: &Calendar) -> Result<Vec<Entry>, AppError> {
    let mut out: Vec<Entry> = Vec::new();
    for token in text.split([',', '，', ';', '；']) {
        let token = token.trim();
        if token.is_empty() {
            continue;
        }
        let compact: String = token.chars().filter(|c| !c.is_whitespace()).collect();
        let split = compact
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(compact.len());
        let (number, rest) = compact.split_at(split);
        let number = number.trim_end_matches('.');
        if number.is_empty() || number.starts_with('.') || number.contains("..") {
            return Err(bad(token, "must start with a task's outline number"));
        }
        let (kind, rest) = match rest.get(..2).map(|s| s.to_ascii_uppercase()) {
            Some(k) if LinkKind::ALL.iter().any(|x| x.abbreviation() == k) => {
                let kind = LinkKind::ALL
                    .into_iter()
                    .find(|x| x.abbreviation() == k)
                    .unwrap_or(LinkKind::FinishToStart);
                (kind, &rest[2..])
            }
            _ => (LinkKind::FinishToStart, rest),
        };
        let lag_minutes = if rest.is_empty() {
            0
        } else {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1.0,
                b'-' => -1.0,
                _ => {
                    return Err(bad(
                        token,
                        "has an unknown link type (use FS, SS, FF or SF)",
                    ));
                }
            };
            let body = &rest[1..];
            let unit_at = body
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(body.len());
            let (amount, unit) = body.split_at(unit_at);
            let amount: f64 = amount
                .parse()
                .map_err(|_| bad(token, "has a lag that is not a number"))?;
            let per = match unit.to_ascii_lowercase().as_str() {
                "" | "d" | "day" | "days" | "天" => f64::from(calendar.minutes_per_day),
                "h" | "hr" | "hrs" | "hour" | "hours" | "小时" => 60.0,
                "w" | "wk" | "week" | "weeks" | "周" => 5.0 * f64::from(calendar.minutes_per_day),
                _ => return Err(bad(token, "has a lag unit other than d, h or w")),
            };
            (sign * amount * per).round() as i64
        };
        if out.iter().any(|e| e.number == number) {
            return Err(bad(token, "names the same task twice"));
        }
        out.push(Entry {
            number: number.to_string(),
            kind,
            lag_minutes,
        });
    }
    Ok(out)
}

/// A lag as the cell shows it: "+2d", "-0.5d", "+3h" when not whole
/// half-days.
pub fn format_lag(minutes: i64, calendar: &Calendar) -> String {
    if minutes == 0 {
        return String::new();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let per = i64::from(calendar.minutes_per_day);
    let m = minutes.abs();
    if (2 * m) % per == 0 {
        let days = m as f64 / per as f64;
        format!("{sign}{days}d")
    } else if m % 60 == 0 {
        format!("{sign}{}h", m / 60)
    } else {
        format!("{sign}{:.2}h", m as f64 / 60.0)
    }
}

/// The cell of the task at index `i`.
pub fn format(c: &Compiled, i: u32) -> String {
    format_links(c, i, 0..c.plan.links.len() as u32)
}

/// The cell of the task at index `i`, looking only at the links given by
/// index (the editor keeps each task's links: a grid row then costs its
/// own links, not all of the plan's).
pub fn format_links(c: &Compiled, i: u32, links: impl IntoIterator<Item = u32>) -> String {
    let mut parts: Vec<(usize, String)> = links
        .into_iter()
        .filter_map(|k| c.plan.links.get(k as usize))
        .filter(|l| l.successor == i)
        .map(|l| {
            let p = l.predecessor as usize;
            let kind = if l.kind == LinkKind::FinishToStart && l.lag_minutes == 0 {
                ""
            } else {
                l.kind.abbreviation()
            };
            (
                p,
                format!(
                    "{}{kind}{}",
                    c.numbers[p],
                    format_lag(l.lag_minutes, &c.plan.calendar)
                ),
            )
        })
        .collect();
    parts.sort();
    parts
        .into_iter()
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The changes that make the links into `successor` what `text` says.
/// New links take temporary ids from `next_temp` (counting down).
pub fn changes(
    state: &ProjectState,
    c: &Compiled,
    successor: i64,
    text: &str,
    next_temp: &mut i64,
) -> Result<Vec<Change>, AppError> {
    let wanted = parse(text, &c.plan.calendar)?;
    let mut out = Vec::new();
    let mut keep = Vec::new();
    for e in &wanted {
        let p = c
            .by_number(&e.number)
            .ok_or_else(|| bad(&e.number, "is not a task's outline number"))?;
        let pred = c.ids[p as usize];
        if pred == successor {
            return Err(bad(&e.number, "is this task itself"));
        }
        keep.push(pred);
        match state
            .live_links()
            .find(|l| l.predecessor == pred && l.successor == successor)
        {
            Some(l) if l.kind == e.kind && l.lag_minutes == e.lag_minutes => {}
            Some(l) => out.push(Change::EditLink {
                id: l.id,
                version: l.version,
                kind: e.kind,
                lag_minutes: e.lag_minutes,
            }),
            None => {
                out.push(Change::AddLink {
                    temp: *next_temp,
                    predecessor: pred,
                    successor,
                    kind: e.kind,
                    lag_minutes: e.lag_minutes,
                });
                *next_temp -= 1;
            }
        }
    }
    for l in state.live_links() {
        if l.successor == successor && !keep.contains(&l.predecessor) {
            out.insert(
                0,
                Change::DeleteLink {
                    id: l.id,
                    version: l.version,
                },
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::presets;

    #[test]
    fn parses_what_project_writes() {
        let cal = presets::standard();
        let e = parse("3FS+2d, 5ss ,1.2FF-4h；7SF+1w, 8", &cal).expect("parses");
        let got: Vec<_> = e
            .iter()
            .map(|e| (e.number.as_str(), e.kind, e.lag_minutes))
            .collect();
        assert_eq!(
            got,
            [
                ("3", LinkKind::FinishToStart, 960),
                ("5", LinkKind::StartToStart, 0),
                ("1.2", LinkKind::FinishToFinish, -240),
                ("7", LinkKind::StartToFinish, 2400),
                ("8", LinkKind::FinishToStart, 0),
            ]
        );
        assert!(parse("", &cal).expect("empty").is_empty());
    }

    #[test]
    fn refuses_with_the_token_and_the_reason() {
        let cal = presets::standard();
        for (text, why) in [
            ("FS3", "outline number"),
            ("3XY", "link type"),
            ("3FS+zd", "not a number"),
            ("3FS+2m", "lag unit"),
            ("3, 3SS", "twice"),
        ] {
            let e = parse(text, &cal).expect_err(text);
            assert!(
                matches!(&e, AppError::Validation { field, reason } if field == "predecessors" && reason.contains(why)),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn lags_format_back() {
        let cal = presets::standard();
        assert_eq!(format_lag(960, &cal), "+2d");
        assert_eq!(format_lag(-240, &cal), "-0.5d");
        assert_eq!(format_lag(60, &cal), "+1h");
        assert_eq!(format_lag(0, &cal), "");
    }
}
