//! One bar of the timeline (task bar, summary bracket or milestone
//! diamond, with its baseline ghost, link dot and label) and one link
//! arrow; both follow their values in the chart's memo. A focused bar
//! takes the keyboard: ←/→ move it by a unit of the zoom, Shift+←/→
//! change its duration, ↑/↓ go to the bar above or below, L opens
//! "Link to…", Enter goes to its row in the grid.

use crate::erased::Erase;
use cairn::domain::project::TaskField;
use leptos::prelude::*;

use cairn::domain::project::timeline::Axis;

use super::chart::{BarData, Kind, bar_data, link_data};
use super::grid::{Col, focus_cell, reveal_row};
use super::{G, ROW};

const BAR_H: f64 = 16.0;
const BAR_TOP: f64 = 6.0;

/// A link's arrow, kept while it is in view: its path follows the plan.
#[component]
pub fn Arrow(id: i64, k: u32, axis: Memo<Axis>) -> impl IntoView {
    let g = expect_context::<G>();
    let l = Memo::new(move |_| {
        let a = axis.get();
        let critical = g.critical.get();
        g.with(|e| link_data(e, id, k, &a, critical)).flatten()
    });
    let d = move || l.with(|l| l.as_ref().map(|l| l.d.clone()).unwrap_or_default());
    let critical = move || l.with(|l| l.as_ref().is_some_and(|l| l.critical));
    view! {
        <path class="gantt__link" class:gantt__link--critical=critical d=d
            marker-end=move || if critical() { "url(#gantt-arrow-crit)" } else { "url(#gantt-arrow)" }/>
        <path class="gantt__linkhit" d=d data-link-id=id data-testid="link"/>
    }
}

/// One slot of the timeline: the bar of the row at `at` (none: not
/// drawn). Scrolling hands it another row and a drag frame changes its
/// values: both only rewrite attributes.
#[component]
pub fn Bar(at: RwSignal<Option<usize>>, axis: Memo<Axis>) -> impl IntoView {
    let g = expect_context::<G>();
    let b = Memo::new(move |_| {
        let ix = at.get()?;
        let a = axis.get();
        let critical = g.critical.get();
        g.baseline.with(|base| {
            g.with(|e| (ix < e.len()).then(|| bar_data(e, ix as u32, &a, critical, base.as_ref())))
                .flatten()
        })
    });
    let id = Memo::new(move |_| b.with(|b| b.as_ref().map_or(0, |b| b.id)));
    let val = move |f: fn(&BarData) -> f64| move || b.with(|b| b.as_ref().map_or(0.0, f));
    let kind = Memo::new(move |_| b.with(|b| b.as_ref().map_or(Kind::Task, |b| b.kind)));
    let y = val(|b| f64::from(b.y));
    let x0 = val(|b| f64::from(b.x0));
    let x1 = val(|b| f64::from(b.x1));
    let pct_x = val(|b| f64::from(b.pct_x));
    let top = move || y() + BAR_TOP;
    let mid = move || y() + ROW / 2.0;
    let name = move || b.with(|b| b.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let label = move || {
        b.with(|b| {
            b.as_ref()
                .map(|b| format!("{} {} – {}", b.name, b.start, b.last))
                .unwrap_or_default()
        })
    };
    let key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((ix, start, last)) =
            b.with_untracked(|b| b.as_ref().map(|b| (b.ix, b.start, b.last)))
        else {
            return;
        };
        let id = id.get_untracked();
        // Scrolled away, this slot shows another task than the one the
        // keyboard chose: act on nothing rather than on the wrong task.
        if g.selected.get_untracked() != Some(id) {
            return;
        }
        let zoom = g.zoom.get_untracked();
        let shift = ev.shift_key();
        let changes = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" if g.editable => {
                ev.prevent_default();
                let fwd = ev.key() == "ArrowRight";
                g.update(|e| {
                    if shift {
                        let new_last = zoom.step(last, fwd);
                        let m = e.duration_until(ix, new_last).max(0);
                        e.edit(ix, TaskField::Duration(m))
                    } else {
                        e.move_to(ix, zoom.step(start, fwd))
                    }
                })
                .unwrap_or_default()
            }
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                let next = if ev.key() == "ArrowDown" {
                    ix as i64 + 1
                } else {
                    ix as i64 - 1
                };
                if let Some(nid) = g
                    .with_untracked(|e| {
                        (next >= 0 && (next as usize) < e.len()).then(|| e.id_at(next as u32))
                    })
                    .flatten()
                {
                    g.selected.set(Some(nid));
                    reveal_row(g, next as u32);
                    focus_bar(nid);
                }
                Vec::new()
            }
            "l" | "L" if g.editable => {
                ev.prevent_default();
                g.selected.set(Some(id));
                g.link_dialog.set(true);
                Vec::new()
            }
            "Enter" => {
                ev.prevent_default();
                focus_cell(id, Col::Name);
                Vec::new()
            }
            _ => Vec::new(),
        };
        if !changes.is_empty() {
            g.act(changes);
            focus_bar(id);
        }
    };
    let body = move || {
        match kind.get() {
        Kind::Task => view! {
            <rect class="bar__body" data-part="move" x=x0 y=top width=move || (x1() - x0()).max(2.0) height=BAR_H rx="3"/>
            <rect class="bar__done" data-part="move" x=x0 y=top width=move || (pct_x() - x0()).max(0.0) height=BAR_H rx="3"/>
            <rect class="bar__end" data-part="resize" data-testid="bar-end" x=move || x1() - 5.0 y=top width="8" height=BAR_H/>
            <path class="bar__pct" data-part="progress" data-testid="bar-progress"
                d=move || format!("M{:.1},{:.1}l-5,6h10z", pct_x(), top() + BAR_H - 2.0)/>
        }
        .erase(),
        Kind::Milestone => view! {
            <path class="bar__diamond" data-part="move"
                d=move || format!("M{:.1},{:.1}l7,7l-7,7l-7,-7z", x0(), mid() - 7.0)/>
        }
        .erase(),
        Kind::Summary => view! {
            <path class="bar__summary" data-part="move"
                d=move || format!("M{:.1},{:.1}H{:.1}v12l-5,-5H{:.1}l-5,5z", x0(), top() + 2.0, x1(), x0() + 5.0)/>
        }
        .erase(),
    }
    };
    let end = move || {
        if kind.get() == Kind::Milestone {
            x0() + 7.0
        } else {
            x1()
        }
    };
    let flag = move |f: fn(&BarData) -> bool| move || b.with(|b| b.as_ref().is_some_and(f));
    let base = Memo::new(move |_| b.with(|b| b.as_ref().and_then(|b| Some((b.base?, b.y)))));
    view! {
        <g class="bar" class:bar--critical=flag(|b| b.critical) class:bar--summary=move || kind.get() == Kind::Summary
            class:bar--milestone=move || kind.get() == Kind::Milestone
            class:bar--selected=move || g.selected.get() == Some(id.get())
            display=move || if b.with(Option::is_none) { "none" } else { "inline" }
            data-testid="bar" data-task-id=move || b.with(|b| b.as_ref().map(|b| b.id.to_string()))
            data-row=move || b.with(|b| b.as_ref().map(|b| b.ix.to_string()))
            data-x0=move || b.with(|b| b.as_ref().map_or(0, |b| b.x0))
            data-x1=move || b.with(|b| b.as_ref().map_or(0, |b| b.x1))
            data-start=move || b.with(|b| b.as_ref().map(|b| b.start.to_string()).unwrap_or_default())
            data-critical=move || flag(|b| b.critical)().to_string()
            tabindex=move || if g.selected.get() == Some(id.get()) { "0" } else { "-1" }
            role="button" aria-label=label on:keydown=key
            on:focus=move |_| g.selected.set(Some(id.get_untracked()))>
            {move || base.get().map(|((bx0, bx1), y)| view! {
                <rect class="bar__baseline" data-testid="baseline-bar" x=f64::from(bx0) y=f64::from(y) + ROW - 5.0
                    width=(f64::from(bx1 - bx0)).max(2.0) height="3"/>
            })}
            {body}
            {g.editable.then(|| view! {
                <circle class="bar__link" data-part="link" data-testid="bar-link" cx=move || end() + 9.0 cy=mid r="4"/>
            })}
            <text class="bar__label" x=move || end() + 18.0 y=move || mid() + 4.0>{name}</text>
        </g>
    }
}

/// Focuses a bar once it is drawn again (a move re-creates it).
pub fn focus_bar(id: i64) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        request_animation_frame(move || {
            let sel = format!("[data-testid=bar][data-task-id=\"{id}\"]");
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&sel).ok().flatten())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(e).ok())
            {
                let _ = el.focus();
            }
        })
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
