//! The task grid: outline number, name, duration, start, finish,
//! predecessors, resources and % complete, edited in place.
//!
//! Keyboard (as in desktop planners): arrows move between cells, Enter
//! or F2 (or typing) edits, Enter saves and Escape cancels the edit; Tab
//! and Shift+Tab indent and outdent the task, Insert adds a task below,
//! Delete removes it (with its subtasks). Ctrl+Z / Ctrl+Shift+Z undo and
//! redo (handled by the chart's root).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::cells;
use cairn::domain::project::editor::Editor;
use cairn::domain::project::editor::last_day;
use cairn::domain::project::{Change, Person, TaskField};
use leptos::prelude::*;

use super::{G, GRID_W, ROW, Rows, day};
use crate::i18n::{T, use_i18n};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Num,
    Name,
    Dur,
    Start,
    Finish,
    Pred,
    Res,
    Pct,
}

impl Col {
    pub const ALL: [Col; 8] = [
        Col::Num,
        Col::Name,
        Col::Dur,
        Col::Start,
        Col::Finish,
        Col::Pred,
        Col::Res,
        Col::Pct,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Col::Num => "num",
            Col::Name => "name",
            Col::Dur => "duration",
            Col::Start => "start",
            Col::Finish => "finish",
            Col::Pred => "predecessors",
            Col::Res => "resources",
            Col::Pct => "percent",
        }
    }

    fn label(self) -> T {
        match self {
            Col::Num => T::OutlineNumber,
            Col::Name => T::TaskName,
            Col::Dur => T::Duration,
            Col::Start => T::Start,
            Col::Finish => T::Finish,
            Col::Pred => T::Predecessors,
            Col::Res => T::Resources,
            Col::Pct => T::PercentShort,
        }
    }

    fn index(self) -> usize {
        Col::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// One row as drawn: plain values, so unchanged rows are kept as they are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RowData {
    ix: u32,
    id: i64,
    number: String,
    name: String,
    depth: u16,
    summary: bool,
    critical: bool,
    dur: String,
    start: String,
    finish: String,
    preds: String,
    res: String,
    pct: u8,
    pinned: bool,
}

/// Grid-wide state: the cell with the keyboard focus and the one being
/// edited (with its text).
#[derive(Clone, Copy)]
struct GridState {
    draft: RwSignal<String>,
    /// Editing began by typing: keep the typed character, caret after it.
    typed: RwSignal<bool>,
}

#[component]
pub fn Grid(rows: Rows) -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let gs = GridState {
        draft: RwSignal::new(String::new()),
        typed: RwSignal::new(false),
    };
    provide_context(gs);
    let count = move || g.with(|e| e.len()).unwrap_or(0);
    let keydown = move |ev: leptos::ev::KeyboardEvent| grid_key(g, gs, ev);
    view! {
        <div class="gantt__grid" role="grid" aria-rowcount=move || (count() + 1).to_string()
            aria-label=i18n.t(T::TaskGrid) on:keydown=keydown style=format!("width:{GRID_W}px")>
            <div class="gantt__gridhead" role="row">
                {Col::ALL.into_iter().map(|c| view! {
                    <div role="columnheader" class=format!("gc gc--{}", c.key())>{i18n.t(c.label())}</div>
                }).collect_view()}
            </div>
            <div class="gantt__rows" style:height=move || format!("{}px", count() as f64 * ROW)>
                <For each=rows.slots() key=|s| *s let:slot>
                    <GridRow at=rows.of_slot(slot)/>
                </For>
            </div>
        </div>
    }
}

/// One row's values, as drawn.
fn row_data(e: &Editor, ix: u32, critical: bool, people: &[Person]) -> RowData {
    let i = ix as usize;
    let s = e.task_at(ix);
    let id = e.id_at(ix);
    let row = e.state.task(id);
    RowData {
        ix,
        id,
        number: e.compiled.numbers[i].clone(),
        name: e.compiled.plan.tasks[i].name.clone(),
        depth: e.compiled.depth[i],
        summary: s.summary,
        critical: critical && s.critical,
        dur: cells::format_duration(
            if s.summary {
                e.schedule.duration(ix)
            } else {
                e.compiled.plan.tasks[i].duration_minutes
            },
            e.calendar(),
        ),
        start: day(s.start.date()),
        finish: day(if s.milestone {
            s.finish.date()
        } else {
            last_day(s.finish)
        }),
        preds: e.predecessors_text(ix),
        res: row
            .map(|r| cells::format_assignments(&r.assignments, people))
            .unwrap_or_default(),
        pct: s.percent.round() as u8,
        pinned: row.is_some_and(|r| r.constraint.is_some()),
    }
}

/// One slot of the grid: it shows the row at `at` (none: hidden), and
/// rewrites its cells when scrolling hands it another row.
#[component]
fn GridRow(at: RwSignal<Option<usize>>) -> impl IntoView {
    let g = expect_context::<G>();
    let r = Memo::new(move |_| {
        let ix = at.get()?;
        let critical = g.critical.get();
        g.with(|e| {
            (ix < e.len()).then(|| g.people.with_value(|p| row_data(e, ix as u32, critical, p)))
        })
        .flatten()
    });
    let id = Memo::new(move |_| r.with(|r| r.as_ref().map_or(0, |r| r.id)));
    let get = move |f: fn(&RowData) -> String| {
        Signal::derive(move || r.with(|r| r.as_ref().map(f).unwrap_or_default()))
    };
    let flag = move |f: fn(&RowData) -> bool| move || r.with(|r| r.as_ref().is_some_and(f));
    let ix = move || r.with(|r| r.as_ref().map_or(0, |r| r.ix));
    let summary = Memo::new(move |_| flag(|r| r.summary)());
    let depth = move || r.with(|r| r.as_ref().map_or(0, |r| r.depth));
    let cell = |col: Col, text: Signal<String>| view! { <Cell id col text/> };
    view! {
        <div role="row" class="grow" aria-rowindex=move || (ix() + 2).to_string()
            hidden=move || r.with(Option::is_none)
            class:grow--summary=summary class:grow--critical=flag(|r| r.critical)
            class:grow--selected=move || g.selected.get() == Some(id.get())
            data-task-id=move || r.with(|r| r.as_ref().map(|r| r.id.to_string()))
            data-row=move || r.with(|r| r.as_ref().map(|r| r.ix.to_string())) style:top=move || format!("{}px", f64::from(ix()) * ROW)
            on:click=move |_| g.selected.set(Some(id.get_untracked()))>
            {cell(Col::Num, get(|r| r.number.clone()))}
            <div class="gc gc--name-wrap"
                style:padding-left=move || format!("{}px", 6 + 16 * u32::from(depth()))>
                {move || summary.get().then(|| view! { <span class="grow__caret" aria-hidden="true">"▾"</span> })}
                {cell(Col::Name, get(|r| r.name.clone()))}
            </div>
            {cell(Col::Dur, get(|r| r.dur.clone()))}
            <div class="gc-wrap" title=move || flag(|r| r.pinned)().then_some("Start no earlier than")>
                {cell(Col::Start, get(|r| r.start.clone()))}
            </div>
            {cell(Col::Finish, get(|r| r.finish.clone()))}
            {cell(Col::Pred, get(|r| r.preds.clone()))}
            {cell(Col::Res, get(|r| r.res.clone()))}
            {cell(Col::Pct, get(|r| format!("{}%", r.pct)))}
        </div>
    }
}

/// A cell of a grid slot; `id` is the task its slot shows now.
#[component]
fn Cell(id: Memo<i64>, col: Col, text: Signal<String>) -> impl IntoView {
    let g = expect_context::<G>();
    let gs = expect_context::<GridState>();
    let editing = Memo::new(move |_| g.editing.get() == Some((id.get(), col)));
    let focusable = move || g.cursor.get() == (id.get(), col);
    let start_edit = move |_| {
        let id = id.get_untracked();
        if g.editable && col != Col::Num {
            g.cursor.set((id, col));
            gs.draft.set(text.get_untracked());
            gs.typed.set(false);
            g.editing.set(Some((id, col)));
        }
    };
    view! {
        <div role="gridcell" class=format!("gc gc--{}", col.key())
            data-cell=move || format!("{}-{}", id.get(), col.key())
            data-col=col.key() data-task-id=id tabindex=move || if focusable() { "0" } else { "-1" }
            on:focus=move |_| { let id = id.get_untracked(); g.cursor.set((id, col)); g.selected.set(Some(id)); }
            on:dblclick=start_edit>
            {move || if editing.get() {
                view! { <CellInput id=id.get_untracked() col/> }.erase()
            } else {
                view! { <span class="gc__text" title=text>{text}</span> }.erase()
            }}
        </div>
    }
}

#[component]
fn CellInput(id: i64, col: Col) -> impl IntoView {
    let g = expect_context::<G>();
    let gs = expect_context::<GridState>();
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            // The value first: selecting before the binding fills it in
            // would select nothing.
            el.set_value(&gs.draft.get_untracked());
            let _ = el.focus();
            if gs.typed.get_untracked() {
                let n = el.value().len() as u32;
                let _ = el.set_selection_range(n, n);
            } else {
                el.select();
            }
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        ev.stop_propagation();
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                let text = gs.draft.get_untracked();
                g.editing.set(None);
                commit(g, id, col, &text);
                move_cursor(g, 1, 0);
            }
            "Escape" => {
                ev.prevent_default();
                g.editing.set(None);
                focus_cell(id, col);
            }
            "Tab" => {
                ev.prevent_default();
                let text = gs.draft.get_untracked();
                g.editing.set(None);
                commit(g, id, col, &text);
                move_cursor(g, 0, if ev.shift_key() { -1 } else { 1 });
            }
            _ => {}
        }
    };
    let blur = move |_| {
        if g.editing.get_untracked() == Some((id, col)) {
            let text = gs.draft.get_untracked();
            g.editing.set(None);
            commit(g, id, col, &text);
        }
    };
    view! {
        <input class="gc__input" node_ref=input data-testid="cell-input" bind:value=gs.draft
            aria-label=use_i18n().t(col.label()) on:keydown=keydown on:blur=blur/>
    }
}

/// The changes an edited cell asks for (nothing when unchanged).
fn commit(g: G, id: i64, col: Col, text: &str) {
    let people = g.people.with_value(|p| p.clone());
    let result: Option<Result<Vec<Change>, AppError>> = g
        .update(|e| {
            let ix = e.ix_of(id)?;
            let row = e.state.task(id)?.clone();
            let summary = e.compiled.summary[ix as usize];
            let r = (|| -> Result<Vec<Change>, AppError> {
                Ok(match col {
                    Col::Num => Vec::new(),
                    Col::Name if text.trim() == row.name => Vec::new(),
                    Col::Name => e.edit(ix, TaskField::Name(text.to_string())),
                    Col::Dur if summary => {
                        return Err(AppError::invalid(
                            "duration",
                            "of a summary task comes from its subtasks",
                        ));
                    }
                    Col::Dur => {
                        let m = cells::parse_duration(text, e.calendar())?;
                        if m == row.duration_minutes {
                            Vec::new()
                        } else {
                            e.edit(ix, TaskField::Duration(m))
                        }
                    }
                    Col::Start => {
                        let d = cells::parse_date(text, "start")?;
                        if d == e.schedule.start(ix).date() {
                            Vec::new()
                        } else {
                            e.move_to(ix, d)
                        }
                    }
                    Col::Finish if summary => {
                        return Err(AppError::invalid(
                            "duration",
                            "of a summary task comes from its subtasks",
                        ));
                    }
                    Col::Finish => {
                        let d = cells::parse_date(text, "finish")?;
                        let m = e.duration_until(ix, d);
                        if m == row.duration_minutes {
                            Vec::new()
                        } else {
                            e.edit(ix, TaskField::Duration(m))
                        }
                    }
                    Col::Pred => e.set_predecessors(ix, text)?,
                    Col::Res => {
                        let a = cells::parse_assignments(text, &people)?;
                        if a == row.assignments {
                            Vec::new()
                        } else {
                            e.edit(ix, TaskField::Assignments(a))
                        }
                    }
                    Col::Pct => {
                        let p = cells::parse_percent(text)?;
                        if p == row.percent_complete {
                            Vec::new()
                        } else {
                            e.edit(ix, TaskField::PercentComplete(p))
                        }
                    }
                })
            })();
            Some(r)
        })
        .flatten();
    match result {
        Some(Ok(changes)) => g.act(changes),
        Some(Err(e)) => g.say(&e),
        None => {}
    }
}

fn grid_key(g: G, gs: GridState, ev: leptos::ev::KeyboardEvent) {
    if g.editing.get_untracked().is_some() {
        return;
    }
    let (id, col) = g.cursor.get_untracked();
    let ctrl = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
    match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            move_cursor(g, 1, 0);
        }
        "ArrowUp" => {
            ev.prevent_default();
            move_cursor(g, -1, 0);
        }
        "ArrowRight" => {
            ev.prevent_default();
            move_cursor(g, 0, 1);
        }
        "ArrowLeft" => {
            ev.prevent_default();
            move_cursor(g, 0, -1);
        }
        "Enter" | "F2" if g.editable && col != Col::Num => {
            ev.prevent_default();
            let text = current_text(id, col);
            gs.draft.set(text);
            gs.typed.set(false);
            g.editing.set(Some((id, col)));
        }
        "Tab" if g.editable => {
            ev.prevent_default();
            let r = g.update(|e| {
                let ix = e.ix_of(id)?;
                Some(if ev.shift_key() {
                    e.outdent(ix)
                } else {
                    e.indent(ix)
                })
            });
            match r.flatten() {
                Some(Ok(c)) => {
                    g.act(c);
                    focus_cell(id, col);
                }
                Some(Err(e)) => g.say(&e),
                None => {}
            }
        }
        "Insert" if g.editable => {
            ev.prevent_default();
            let name = g.i18n.t(T::NewTask).to_string();
            let r = g.update(|e| {
                let ix = e.ix_of(id);
                e.add_after(ix, &name)
            });
            if let Some(Ok(c)) = r {
                let temp = match c.first() {
                    Some(Change::AddTask { temp, .. }) => *temp,
                    _ => 0,
                };
                g.cursor.set((temp, Col::Name));
                g.selected.set(Some(temp));
                g.act(c);
                focus_cursor(g);
            }
        }
        "Delete" if g.editable => {
            ev.prevent_default();
            let next = g
                .with_untracked(|e| {
                    let ix = e.ix_of(id)?;
                    let n = e.len() as u32;
                    (ix + 1 < n)
                        .then(|| e.id_at(ix + 1))
                        .or_else(|| (ix > 0).then(|| e.id_at(ix - 1)))
                })
                .flatten();
            let c = g
                .update(|e| e.ix_of(id).map(|ix| e.delete(ix)))
                .flatten()
                .unwrap_or_default();
            g.act(c);
            if let Some(n) = next {
                g.cursor.set((n, col));
                g.selected.set(Some(n));
                focus_cell(n, col);
            }
        }
        k if g.editable && !ctrl && col != Col::Num && k.chars().count() == 1 => {
            ev.prevent_default();
            // Keys that arrive before the new input has the focus (fast
            // typing, a busy frame) land here too: they add to the edit
            // they started rather than start it again.
            if g.editing.get_untracked() == Some((id, col)) && gs.typed.get_untracked() {
                gs.draft.update(|d| d.push_str(k));
            } else {
                gs.draft.set(k.to_string());
                gs.typed.set(true);
                g.editing.set(Some((id, col)));
            }
        }
        _ => {}
    }
}

fn current_text(id: i64, col: Col) -> String {
    #[cfg(feature = "hydrate")]
    {
        let sel = format!("[data-cell=\"{id}-{}\"] .gc__text", col.key());
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&sel).ok().flatten())
            .and_then(|el| el.text_content())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (id, col);
        String::new()
    }
}

/// Moves the keyboard cursor by rows and columns, scrolling the row into
/// view first (rows outside the view are not in the DOM).
fn move_cursor(g: G, drow: i64, dcol: i64) {
    let (id, col) = g.cursor.get_untracked();
    let Some((nid, nix)) = g
        .with_untracked(|e| {
            let ix = i64::from(e.ix_of(id)?);
            let n = e.len() as i64;
            let t = (ix + drow).clamp(0, (n - 1).max(0));
            (n > 0).then(|| (e.id_at(t as u32), t as u32))
        })
        .flatten()
    else {
        return;
    };
    let ci = (col.index() as i64 + dcol).clamp(0, Col::ALL.len() as i64 - 1) as usize;
    let ncol = Col::ALL[ci];
    g.cursor.set((nid, ncol));
    g.selected.set(Some(nid));
    reveal_row(g, nix);
    focus_cell(nid, ncol);
}

/// Scrolls the body so row `ix` is in view.
pub fn reveal_row(g: G, ix: u32) {
    let v = g.view.get_untracked();
    let top = f64::from(ix) * ROW;
    let visible = (v.height - super::HEAD).max(ROW);
    let target = if top < v.top {
        Some(top)
    } else if top + ROW > v.top + visible {
        Some(top + ROW - visible)
    } else {
        None
    };
    #[cfg(feature = "hydrate")]
    if let Some(t) = target
        && let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=gantt-body]").ok().flatten())
    {
        el.set_scroll_top(t as i32);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = target;
}

/// Focuses the cell under the grid cursor once it is drawn, read when
/// the frame comes: a new task's temporary id may have been replaced by
/// its stored one meanwhile.
pub fn focus_cursor(g: G) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        request_animation_frame(move || {
            let (id, col) = g.cursor.get_untracked();
            focus_now(id, col);
        })
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = g;
}

#[cfg(feature = "hydrate")]
fn focus_now(id: i64, col: Col) {
    let sel = format!("[data-cell=\"{id}-{}\"]", col.key());
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&sel).ok().flatten())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// Focuses a cell once it is drawn (after the next frame).
pub fn focus_cell(id: i64, col: Col) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || request_animation_frame(move || focus_now(id, col)));
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, col);
}
