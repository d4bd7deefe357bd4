//! The timeline: shading of non-working days, the today line, bars,
//! summary brackets, milestone diamonds, link arrows, baseline ghosts and
//! the critical path — for the rows in view and the stretch of time in
//! view only.
//!
//! Mouse: drag a bar or a summary bracket to move it (start no earlier
//! than; a summary's holds for all its subtasks), a bar's right end
//! to change the duration, the triangle under it to change progress, the
//! dot after it onto another bar to link the two (finish-to-start).
//! While dragging, the whole plan is rescheduled in the browser every
//! frame, so successors move along; the drop is one saved edit. A click
//! on an arrow opens its type, lag and delete.
//!
//! Keyboard (WCAG 2.2 dragging movements): a focused bar moves by one
//! unit of the zoom with ←/→, changes duration with Shift+←/→, ↑/↓ go to
//! the bar above or below, L opens "Link to…".

use cairn::domain::project::TaskField;
use std::collections::HashMap;

use cairn::domain::project::editor::{Editor, last_day};
use cairn::domain::project::timeline::{Axis, Zoom};
use cairn::domain::schedule::LinkKind;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use leptos::prelude::*;

use super::{G, GRID_W, ROW, Rows};
use crate::i18n::{T, use_i18n};

/// Horizontal redraw block of the shading and the ticks (px).
const X_BLOCK: f64 = 512.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Task,
    Summary,
    Milestone,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct BarData {
    pub ix: u32,
    pub id: i64,
    pub y: i32,
    pub x0: i32,
    pub x1: i32,
    pub kind: Kind,
    pub critical: bool,
    pub pct_x: i32,
    pub pct: u8,
    pub name: String,
    pub base: Option<(i32, i32)>,
    pub start: NaiveDate,
    pub last: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct LinkData {
    pub id: i64,
    pub d: String,
    pub critical: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Move,
    Resize,
    Progress,
    Link,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    mode: Mode,
    ix: u32,
    x0: f64,
    start: NaiveDate,
    last: NaiveDate,
    bar_x0: f64,
    bar_x1: f64,
    moved: bool,
    date: NaiveDate,
    minutes: i64,
    pct: u8,
    pointer: i32,
}

#[component]
pub fn Chart(rows: Rows, axis: Memo<Axis>, width: Memo<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let svg: NodeRef<leptos::svg::Svg> = NodeRef::new();
    let drag = StoredValue::new(None::<Drag>);
    let band = RwSignal::new(None::<(f64, f64, f64, f64)>);
    let count = Memo::new(move |_| g.with(|e| e.len()).unwrap_or(0));
    let height = move || count.get() as f64 * ROW;
    // The chart's x range drawn: the range in view widened to whole
    // blocks of `X_BLOCK`, so horizontal scrolling redraws the shading
    // and ticks once a block, not every frame.
    let xs = Memo::new(move |_| {
        let v = g.view.get();
        let (l, r) = (v.left, v.left + (v.width - GRID_W).max(0.0));
        (
            ((l / X_BLOCK).floor() - 1.0) * X_BLOCK,
            ((r / X_BLOCK).ceil() + 1.0) * X_BLOCK,
        )
    });

    // The bars in view sit in a pool of slots (scrolling rewrites a
    // slot's attributes instead of building a bar); the links in view
    // are keyed by id, each arrow computing its own path.
    let link_keys = move || {
        let range = rows.range.get();
        g.with(|e| {
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            for i in range {
                for &k in &e.links_of[i] {
                    if seen.insert(k) {
                        out.push((e.compiled.link_ids[k as usize], k));
                    }
                }
            }
            out
        })
        .unwrap_or_default()
    };

    // Non-working days in the x range drawn, as whole-height columns:
    // vertical scrolling never redraws them. The calendar only changes
    // with a reload, so they are read untracked.
    let off_days = Memo::new(move |_| {
        let a = axis.get();
        let (x0, x1) = xs.get();
        g.with_untracked(|e| {
            a.days(x0, x1)
                .into_iter()
                .filter(|d| !e.calendar().hours_on(*d).is_working())
                .map(|d| a.x_of_date(d))
                .map(|x| x.round() as i32)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let shading = move || {
        let px = axis.with(|a| a.zoom.day_px());
        let h = height();
        off_days
            .get()
            .into_iter()
            .map(|x| view! { <rect class="gantt__off" x=x y="0" width=px height=h/> })
            .collect_view()
    };

    let today = move || {
        let x = axis.with(|a| a.x_of_date(crate::pages::projects::today()));
        view! { <line class="gantt__today" data-testid="today-line" x1=x x2=x y1="0" y2=height/> }
    };

    let point = move |ev: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let el = svg.get_untracked()?;
        let r = el.get_bounding_client_rect();
        Some((
            f64::from(ev.client_x()) - r.left(),
            f64::from(ev.client_y()) - r.top(),
        ))
    };

    let down = move |ev: web_sys::PointerEvent| {
        if !g.editable || ev.button() != 0 {
            return;
        }
        let Some(target) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        else {
            return;
        };
        let part = target.get_attribute("data-part");
        let Some(bar) = target.closest("[data-testid=bar]").ok().flatten() else {
            return;
        };
        let Some(id) = bar
            .get_attribute("data-task-id")
            .and_then(|v| v.parse::<i64>().ok())
        else {
            return;
        };
        let mode = match part.as_deref() {
            Some("move") => Mode::Move,
            Some("resize") => Mode::Resize,
            Some("progress") => Mode::Progress,
            Some("link") => Mode::Link,
            _ => return,
        };
        let Some((x, y)) = point(&ev) else { return };
        let a = axis.get_untracked();
        let Some(d) = g
            .with_untracked(|e| {
                let ix = e.ix_of(id)?;
                let s = e.task_at(ix);
                // A summary moves (start no earlier than, which holds for
                // every subtask); its length and progress come from them.
                if s.summary && matches!(mode, Mode::Resize | Mode::Progress) {
                    return None;
                }
                Some(Drag {
                    mode,
                    ix,
                    x0: x,
                    start: s.start.date(),
                    last: if s.milestone {
                        s.finish.date()
                    } else {
                        last_day(s.finish)
                    },
                    bar_x0: xw(&a, e.calendar(), s.start),
                    bar_x1: xw(&a, e.calendar(), s.finish),
                    moved: false,
                    date: s.start.date(),
                    minutes: e.compiled.plan.tasks[ix as usize].duration_minutes,
                    pct: e.compiled.plan.tasks[ix as usize].percent_complete,
                    pointer: ev.pointer_id(),
                })
            })
            .flatten()
        else {
            return;
        };
        ev.prevent_default();
        if let Some(el) = svg.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        g.selected.set(Some(id));
        drag.set_value(Some(d));
        if mode == Mode::Link {
            band.set(Some((d.bar_x1, f64::from(d.ix) * ROW + ROW / 2.0, x, y)));
        }
    };

    let moved = move |ev: web_sys::PointerEvent| {
        let Some(mut d) = drag.get_value() else {
            return;
        };
        if ev.pointer_id() != d.pointer {
            return;
        }
        let Some((x, y)) = point(&ev) else { return };
        let dx = x - d.x0;
        if !d.moved && dx.abs() < 3.0 && d.mode != Mode::Link {
            return;
        }
        d.moved = true;
        let px = axis.get_untracked().zoom.day_px();
        let days = (dx / px).round() as i64;
        match d.mode {
            Mode::Move => {
                let date = d.start + chrono::Duration::days(days);
                if date != d.date {
                    d.date = date;
                    g.update(|e| e.preview_move(d.ix, date));
                    g.bump();
                }
            }
            Mode::Resize => {
                let last = (d.last + chrono::Duration::days(days)).max(d.start);
                let minutes = g
                    .with_untracked(|e| {
                        e.duration_until(d.ix, last)
                            .max(i64::from(e.calendar().minutes_per_day))
                    })
                    .unwrap_or(d.minutes);
                if minutes != d.minutes {
                    d.minutes = minutes;
                    g.update(|e| e.preview_duration(d.ix, minutes));
                    g.bump();
                }
            }
            Mode::Progress => {
                let w = (d.bar_x1 - d.bar_x0).max(1.0);
                let pct = (((x - d.bar_x0) / w) * 100.0).round().clamp(0.0, 100.0) as u8;
                if pct != d.pct {
                    d.pct = pct;
                    g.update(|e| e.preview_percent(d.ix, pct));
                    g.bump();
                }
            }
            Mode::Link => {
                band.set(Some((d.bar_x1, f64::from(d.ix) * ROW + ROW / 2.0, x, y)));
            }
        }
        drag.set_value(Some(d));
    };

    let up = move |ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_value() else { return };
        drag.set_value(None);
        band.set(None);
        let Some((_, y)) = point(&ev) else { return };
        if !d.moved {
            g.update(|e| e.end_preview());
            return;
        }
        let changes = g
            .update(|e| {
                let c = match d.mode {
                    Mode::Move if d.date != d.start => e.move_to(d.ix, d.date),
                    Mode::Resize => e.edit(d.ix, TaskField::Duration(d.minutes)),
                    Mode::Progress => e.edit(d.ix, TaskField::PercentComplete(d.pct)),
                    Mode::Link => {
                        let target = (y / ROW).floor();
                        if target >= 0.0 && (target as usize) < e.len() && target as u32 != d.ix {
                            e.link(d.ix, target as u32)
                        } else {
                            Vec::new()
                        }
                    }
                    _ => Vec::new(),
                };
                e.end_preview();
                c
            })
            .unwrap_or_default();
        if changes.is_empty() {
            g.bump();
        }
        g.act(changes);
    };

    let cancel = move |_: web_sys::PointerEvent| {
        if drag.get_value().is_some() {
            drag.set_value(None);
            band.set(None);
            g.update(|e| e.end_preview());
            g.bump();
        }
    };

    let key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && drag.get_value().is_some() {
            drag.set_value(None);
            band.set(None);
            g.update(|e| e.end_preview());
            g.bump();
        }
    };

    let click_link = move |ev: leptos::ev::MouseEvent| {
        let Some(id) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.get_attribute("data-link-id"))
            .and_then(|v| v.parse::<i64>().ok())
        else {
            return;
        };
        g.link_menu.set(Some((
            id,
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
        )));
    };

    view! {
        <div class="gantt__chart" style:width=move || format!("{}px", width.get())>
            <div class="gantt__timehead" aria-hidden="true">
                {move || {
                    let a = axis.get();
                    let (x0, x1) = xs.get();
                    a.ticks(x0 - 200.0, x1).into_iter().map(|t| {
                        let label = tick_label(a.zoom, t.date, t.major);
                        view! {
                            <span class="tick" class:tick--major=t.major style=format!("left:{:.1}px", t.x)>{label}</span>
                        }
                    }).collect_view()
                }}
            </div>
            <svg class="gantt__svg" node_ref=svg width=move || width.get() height=height
                aria-label=i18n.t(T::Timeline) role="group"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=cancel
                on:keydown=key on:click=click_link>
                <defs>
                    <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" class="gantt__arrowhead"/>
                    </marker>
                    <marker id="gantt-arrow-crit" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M0,0 L8,4 L0,8 z" class="gantt__arrowhead gantt__arrowhead--crit"/>
                    </marker>
                </defs>
                <g>{shading}</g>
                {today}
                <g class="gantt__links">
                    <For each=link_keys key=|k| *k let:k>
                        <super::bar::Arrow id=k.0 k=k.1 axis/>
                    </For>
                </g>
                <g class="gantt__bars">
                    <For each=rows.slots() key=|s| *s let:slot>
                        <super::bar::Bar at=rows.of_slot(slot) axis/>
                    </For>
                </g>
                {move || band.get().map(|(x1, y1, x2, y2)| view! {
                    <line class="gantt__band" x1=x1 y1=y1 x2=x2 y2=y2/>
                })}
            </svg>
        </div>
    }
}

/// An instant's x, a working day filling its column.
fn xw(a: &Axis, cal: &cairn::domain::schedule::Calendar, t: chrono::NaiveDateTime) -> f64 {
    a.x_work(t, cal.hours_on(t.date()).periods())
}

fn tick_label(zoom: Zoom, d: NaiveDate, major: bool) -> String {
    match zoom {
        Zoom::Day if major || d.day() == 1 => d.format("%m-%d").to_string(),
        Zoom::Day => d.day().to_string(),
        Zoom::Week => d.format("%m-%d").to_string(),
        Zoom::Month if major => d.format("%Y-%m").to_string(),
        Zoom::Month => d.format("%m").to_string(),
        Zoom::Quarter => format!("{} Q{}", d.year(), d.month0() / 3 + 1),
    }
}

/// The link types in menu order.
pub const KINDS: [LinkKind; 4] = LinkKind::ALL;

/// A link's label in the menu.
pub fn kind_label(k: LinkKind) -> T {
    match k {
        LinkKind::FinishToStart => T::LinkFS,
        LinkKind::StartToStart => T::LinkSS,
        LinkKind::FinishToFinish => T::LinkFF,
        LinkKind::StartToFinish => T::LinkSF,
    }
}

/// A bar's values, as drawn.
pub(super) fn bar_data(
    e: &Editor,
    ix: u32,
    a: &Axis,
    critical: bool,
    base: Option<&HashMap<i64, (NaiveDateTime, NaiveDateTime)>>,
) -> BarData {
    let s = e.task_at(ix);
    let id = e.id_at(ix);
    let cal = e.calendar();
    let x0 = xw(a, cal, s.start);
    let x1 = xw(a, cal, s.finish).max(x0 + 2.0);
    let kind = if s.summary {
        Kind::Summary
    } else if s.milestone {
        Kind::Milestone
    } else {
        Kind::Task
    };
    BarData {
        ix,
        id,
        y: (f64::from(ix) * ROW) as i32,
        x0: x0.round() as i32,
        x1: x1.round() as i32,
        kind,
        critical: critical && s.critical,
        pct_x: (x0 + (x1 - x0) * s.percent / 100.0).round() as i32,
        pct: s.percent.round() as u8,
        name: e.compiled.plan.tasks[ix as usize].name.clone(),
        base: base.and_then(|b| b.get(&id)).map(|(bs, bf)| {
            (
                xw(a, cal, *bs).round() as i32,
                xw(a, cal, *bf).round() as i32,
            )
        }),
        start: s.start.date(),
        last: if s.milestone {
            s.finish.date()
        } else {
            last_day(s.finish)
        },
    }
}

/// A link's arrow path, by its index in the compiled plan; `None` once
/// that index holds another link (the list is about to drop it).
pub(super) fn link_data(e: &Editor, id: i64, k: u32, a: &Axis, critical: bool) -> Option<LinkData> {
    if e.compiled.link_ids.get(k as usize) != Some(&id) {
        return None;
    }
    let l = e.compiled.plan.links.get(k as usize)?;
    let (p, s) = (l.predecessor, l.successor);
    let cal = e.calendar();
    let at = |t| xw(a, cal, t);
    let px = if l.kind.from_finish() {
        at(e.schedule.finish(p))
    } else {
        at(e.schedule.start(p))
    };
    let sx = if l.kind.to_finish() {
        at(e.schedule.finish(s))
    } else {
        at(e.schedule.start(s))
    };
    let py = f64::from(p) * ROW + ROW / 2.0;
    let sy = f64::from(s) * ROW + ROW / 2.0;
    let out_dir = if l.kind.from_finish() { 1.0 } else { -1.0 };
    let in_dir = if l.kind.to_finish() { 1.0 } else { -1.0 };
    let x1 = px + 6.0 * out_dir;
    let x2 = sx + 6.0 * in_dir;
    let d = if (in_dir < 0.0 && x2 >= x1) || (in_dir > 0.0 && x2 <= x1) {
        format!("M{px:.1},{py:.1}H{x1:.1}V{sy:.1}H{sx:.1}")
    } else {
        let mid = if sy > py {
            sy - ROW / 2.0
        } else {
            sy + ROW / 2.0
        };
        format!("M{px:.1},{py:.1}H{x1:.1}V{mid:.1}H{x2:.1}V{sy:.1}H{sx:.1}")
    };
    Some(LinkData {
        id,
        d,
        critical: critical && e.schedule.is_critical(p) && e.schedule.is_critical(s),
    })
}
