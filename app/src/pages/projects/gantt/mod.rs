//! `/projects/:id`: the project's Gantt chart — task grid on the left,
//! timeline on the right — with a task panel, baselines and the weekly
//! resource load.
//!
//! The plan lives in one [`Editor`] (domain code, unit-tested) held by
//! the page outside the reactive graph; a revision counter tells the
//! view it changed. Every edit is applied there first (the whole
//! schedule recomputed with the engine the server uses), drawn, then
//! saved in order, one batch at a time; the server's answer carries its
//! schedule's digest, which must equal ours.
//!
//! Only the rows in view and the stretch of time in view are in the
//! DOM, so 100,000 tasks cost what a screenful does.

mod bar;
mod changes;
mod chart;
mod costs;
mod grid;
mod live;
mod panel;
mod quality;
mod resources;
mod risks;
mod toolbar;

use std::collections::HashMap;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::editor::{Editor, Saved};
use cairn::domain::project::timeline::{self, Axis, Zoom};
use cairn::domain::project::{BaselineInfo, Change, Person, ProjectPlan, ProjectSummary};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::status_label;
use crate::api::projects::{edit_plan, load_project_plan};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, error_text, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// Height of a row, grid and chart alike (the CSS uses `--gantt-row`).
pub const ROW: f64 = 28.0;
/// Height of the sticky headers.
pub const HEAD: f64 = 44.0;
/// Width of the task grid.
pub const GRID_W: f64 = 760.0;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 6;

/// The rows drawn: the range in view and the pool of slots that shows
/// it (row `i` in slot `i % pool`, see `timeline::row_in_slot`).
#[derive(Clone, Copy)]
pub struct Rows {
    pub range: Memo<std::ops::Range<usize>>,
    pub pool: Memo<usize>,
    /// Each slot's row, a signal per slot shared by the grid and the
    /// chart. A memo per slot would do: but every scroll event marks every
    /// memo downstream of the range for checking, so each of the slots'
    /// hundreds of effects would wake to find nothing changed (most of a
    /// frame, measured). A signal set only when its row changes wakes only
    /// the slot that shows another row.
    slots: StoredValue<Vec<ArcRwSignal<Option<usize>>>>,
}

impl Rows {
    pub fn new(range: Memo<std::ops::Range<usize>>, pool: Memo<usize>) -> Rows {
        let rows = Rows {
            range,
            pool,
            slots: StoredValue::new(Vec::new()),
        };
        Effect::new(move |_| {
            let pool = rows.pool.get();
            rows.range.with(|r| {
                rows.slots.with_value(|slots| {
                    for (slot, row) in slots.iter().enumerate() {
                        let want = timeline::row_in_slot(r, slot, pool);
                        if row.get_untracked() != want {
                            row.set(want);
                        }
                    }
                })
            })
        });
        rows
    }

    /// The row a slot shows, if any.
    pub fn of_slot(self, slot: usize) -> RwSignal<Option<usize>> {
        let row = self
            .slots
            .try_update_value(|slots| {
                while slots.len() <= slot {
                    let pool = self.pool.get_untracked();
                    let at = self
                        .range
                        .with_untracked(|r| timeline::row_in_slot(r, slots.len(), pool));
                    slots.push(ArcRwSignal::new(at));
                }
                slots[slot].clone()
            })
            .unwrap_or_else(|| ArcRwSignal::new(None));
        RwSignal::from(row)
    }

    /// The slots, for a `For` keyed by slot: scrolling keeps every element
    /// and rewrites the values of the slots whose row changed.
    pub fn slots(self) -> impl Fn() -> std::ops::Range<usize> + Copy {
        move || 0..self.pool.get()
    }
}

/// What is on screen of the scrolling body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub top: f64,
    pub left: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    /// Saved, and the server's schedule equals the one shown.
    Saved,
    Failed,
}

/// Everything the Gantt's parts share. Copy: signals and handles only.
#[derive(Clone, Copy)]
pub struct G {
    pub ed: StoredValue<Option<Editor>, LocalStorage>,
    pub rev: RwSignal<u64>,
    pub view: RwSignal<Viewport>,
    pub zoom: RwSignal<Zoom>,
    pub critical: RwSignal<bool>,
    pub selected: RwSignal<Option<i64>>,
    pub message: RwSignal<Option<String>>,
    pub save: RwSignal<SaveState>,
    pub baseline: RwSignal<Option<HashMap<i64, (NaiveDateTime, NaiveDateTime)>>>,
    pub baselines: RwSignal<Vec<BaselineInfo>>,
    pub people: StoredValue<Vec<Person>>,
    pub project: RwSignal<ProjectSummary>,
    pub editable: bool,
    /// The link whose popover is open.
    pub link_menu: RwSignal<Option<(i64, f64, f64)>>,
    /// The "Link to…" dialog, for the selected task.
    pub link_dialog: RwSignal<bool>,
    pub tab: RwSignal<Tab>,
    /// The grid cell with the keyboard focus.
    pub cursor: RwSignal<(i64, grid::Col)>,
    /// The grid cell being edited.
    pub editing: RwSignal<Option<(i64, grid::Col)>>,
    /// Captured once: answers arrive outside the component tree.
    pub i18n: crate::i18n::I18n,
    /// A reload was asked for while edits were on their way: it waits
    /// for the queue to drain, so none of them is lost.
    pub reload_after: StoredValue<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Gantt,
    Resources,
    Risks,
    Changes,
    Costs,
    Quality,
}

impl Tab {
    /// The `?tab=` of the page's address, so a reload (or a change of
    /// language, which reloads) shows the same tab.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Gantt => "gantt",
            Tab::Resources => "resources",
            Tab::Risks => "risks",
            Tab::Changes => "changes",
            Tab::Costs => "costs",
            Tab::Quality => "quality",
        }
    }

    pub fn parse(s: &str) -> Tab {
        match s {
            "resources" => Tab::Resources,
            "risks" => Tab::Risks,
            "changes" => Tab::Changes,
            "costs" => Tab::Costs,
            "quality" => Tab::Quality,
            _ => Tab::Gantt,
        }
    }
}

impl G {
    pub fn bump(&self) {
        self.rev.update(|r| *r += 1);
    }

    /// Reads the editor (tracking the revision).
    pub fn with<R>(&self, f: impl FnOnce(&Editor) -> R) -> Option<R> {
        self.rev.track();
        self.ed.with_value(|e| e.as_ref().map(f))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&Editor) -> R) -> Option<R> {
        self.ed.with_value(|e| e.as_ref().map(f))
    }

    pub fn update<R>(&self, f: impl FnOnce(&mut Editor) -> R) -> Option<R> {
        self.ed.try_update_value(|e| e.as_mut().map(f)).flatten()
    }

    /// The time axis: from a week before the project's first date.
    pub fn axis(&self) -> Axis {
        let origin = self
            .with(|e| {
                let first = (0..e.len() as u32)
                    .map(|i| e.schedule.start(i).date())
                    .min()
                    .unwrap_or(e.start);
                first.min(e.start)
            })
            .unwrap_or_else(super::today);
        Axis {
            origin: origin - Duration::days(7),
            zoom: self.zoom.get(),
        }
    }

    /// The chart's width: to a month after the last finish.
    pub fn chart_width(&self, axis: &Axis, base_last: Option<NaiveDate>) -> f64 {
        let last = self
            .with(|e| {
                if e.is_empty() {
                    e.start
                } else {
                    e.schedule.project_finish().date()
                }
            })
            .unwrap_or(axis.origin);
        let last = base_last.map_or(last, |b| b.max(last));
        axis.x_of_date(last + Duration::days(45))
    }

    pub fn say(&self, e: &AppError) {
        let lang = self.i18n.lang();
        self.message.set(Some(error_text(e, lang)));
    }

    /// One user action: applied and drawn at once, then saved.
    pub fn act(&self, changes: Vec<Change>) {
        if changes.is_empty() || !self.editable {
            return;
        }
        match self.update(|e| e.act(changes)) {
            Some(Ok(())) => {
                self.message.set(None);
                keep_focus(*self);
                self.bump();
                pump(*self);
            }
            Some(Err(e)) => {
                self.say(&e);
                self.bump();
            }
            None => {}
        }
    }

    pub fn undo(&self) {
        self.replay(true);
    }

    pub fn redo(&self) {
        self.replay(false);
    }

    fn replay(&self, undo: bool) {
        if !self.editable {
            return;
        }
        let r = self
            .update(|e| if undo { e.undo() } else { e.redo() })
            .flatten();
        match r {
            Some(Ok(())) => {
                self.message.set(None);
                keep_focus(*self);
                self.bump();
                pump(*self);
            }
            Some(Err(e)) => self.say(&e),
            None => {}
        }
    }

    /// Loads the plan again (after a refusal, a lag in the live stream,
    /// or a disagreement).
    pub fn reload(&self) {
        let g = *self;
        if g.with_untracked(|e| e.saving()) == Some(true) {
            g.reload_after.set_value(true);
            return;
        }
        g.reload_after.set_value(false);
        let id = self.project.with_untracked(|p| p.id);
        spawn_local(async move {
            match load_project_plan(id).await {
                Ok(plan) => {
                    if let Some(Err(e)) = g.update(|e| e.reset(&plan)) {
                        g.say(&e);
                    }
                    g.project.set(plan.project.clone());
                    g.baselines.set(plan.baselines);
                    g.bump();
                }
                Err(e) => g.say(&e),
            }
        });
    }

    pub fn selected_ix(&self) -> Option<u32> {
        let id = self.selected.get_untracked()?;
        self.with_untracked(|e| e.ix_of(id)).flatten()
    }
}

/// Sends the next queued batch, if none is on its way; on the answer,
/// the next. A refusal drops what was queued behind it and reloads.
pub fn pump(g: G) {
    let Some(batch) = g.update(|e| e.next_batch()).flatten() else {
        return;
    };
    g.save.set(SaveState::Saving);
    spawn_local(async move {
        match edit_plan(batch).await {
            Ok(r) => {
                // The new rows' stored ids replace the temporary ones.
                let renamed = |id: i64| r.new_tasks.iter().find(|(t, _)| *t == id).map(|(_, n)| *n);
                if let Some(n) = g.selected.get_untracked().and_then(renamed) {
                    g.selected.set(Some(n));
                }
                let (cid, col) = g.cursor.get_untracked();
                if let Some(n) = renamed(cid) {
                    g.cursor.set((n, col));
                }
                if let Some((eid, col)) = g.editing.get_untracked()
                    && let Some(n) = renamed(eid)
                {
                    g.editing.set(Some((n, col)));
                }
                match g.update(|e| e.saved(&r)) {
                    Some(Ok(Saved::Agreed)) => {
                        g.save.set(SaveState::Saved);
                        if g.reload_after.get_value() {
                            g.reload();
                        }
                    }
                    Some(Ok(Saved::Queued)) => {}
                    Some(Ok(Saved::Disagreed)) | Some(Err(_)) => {
                        g.save.set(SaveState::Failed);
                        g.message.set(Some(g.i18n.t(T::GanttDisagreed).to_string()));
                        g.reload();
                    }
                    None => {}
                }
                keep_focus(g);
                g.bump();
                pump(g);
            }
            Err(e) => {
                g.update(|ed| ed.refused());
                g.save.set(SaveState::Failed);
                let i18n = g.i18n;
                let text = match &e {
                    AppError::Conflict { .. } => i18n.t(T::GanttConflict).to_string(),
                    other => error_text(other, i18n.lang()),
                };
                g.message.set(Some(text));
                g.reload();
            }
        }
    });
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    // Loaded by the browser: the chart is drawn there, and the timing
    // of "data arrived → chart ready" is measured from this request.
    let plan = LocalResource::new(move || load_project_plan(id()));
    // Nothing of the chart is server-rendered: the first client render
    // matches the server's (a loading line), then the plan is drawn.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Title text=i18n.t(T::NavProjects)/>
        <section class="page page--gantt">
            {move || if mounted.get() {
                view! {
                    <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            match plan.await {
                                Ok(p) => view! { <ProjectView plan=p/> }.erase(),
                                Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                                Err(error) => view! { <ErrorBanner error/> }.erase(),
                            }
                        })}
                    </Suspense>
                }.erase()
            } else {
                view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase()
            }}
        </section>
    }
}

#[component]
fn ProjectView(plan: ProjectPlan) -> impl IntoView {
    let i18n = use_i18n();
    let editor = Editor::new(&plan);
    let task_names: Vec<(i64, String)> = plan
        .tasks
        .iter()
        .filter(|t| !t.deleted)
        .map(|t| (t.id, t.name.clone()))
        .collect();
    let load_error = editor.as_ref().err().cloned();
    let g = G {
        ed: StoredValue::new_local(editor.ok()),
        rev: RwSignal::new(0),
        view: RwSignal::new(Viewport {
            top: 0.0,
            left: 0.0,
            width: 1200.0,
            height: 640.0,
        }),
        zoom: RwSignal::new(Zoom::Week),
        critical: RwSignal::new(true),
        selected: RwSignal::new(None),
        message: RwSignal::new(None),
        save: RwSignal::new(SaveState::Idle),
        baseline: RwSignal::new(None),
        baselines: RwSignal::new(plan.baselines.clone()),
        people: StoredValue::new(plan.people.clone()),
        project: RwSignal::new(plan.project.clone()),
        editable: plan.editable,
        link_menu: RwSignal::new(None),
        link_dialog: RwSignal::new(false),
        tab: RwSignal::new(Tab::parse(
            &use_query_map().with_untracked(|q| q.get("tab").unwrap_or_default()),
        )),
        cursor: RwSignal::new((0, grid::Col::Name)),
        editing: RwSignal::new(None),
        i18n,
        reload_after: StoredValue::new(false),
    };
    provide_context(g);
    live::connect(g);
    let editing = RwSignal::new(false);
    let p = move || g.project.get();
    let done = Callback::new(move |saved: Option<ProjectSummary>| {
        editing.set(false);
        if let Some(n) = saved {
            // A new start or calendar moves every date: the plan is read
            // again (the server has rescheduled it).
            let moved = g
                .project
                .with_untracked(|o| o.start != n.start || o.calendar != n.calendar);
            g.project.set(n);
            if moved {
                g.reload();
            }
        }
    });
    view! {
        <header class="page__header">
            <div>
                <p class="small muted"><A href="/projects">{i18n.t(T::NavProjects)}</A></p>
                <h1 class="page__title" data-testid="project-name">{move || p().name}</h1>
                <p class="small muted" data-testid="project-facts">
                    {move || p().account_name.unwrap_or_default()}
                    {move || p().account_name.is_some().then_some(" · ")}
                    {move || p().manager_name}" · "{move || i18n.t(status_label(p().status))}
                    {move || p().archived.then(|| view! { " · "<span class="badge" data-testid="project-archived">{i18n.t(T::Archived)}</span> })}
                    " · "{i18n.t(T::Start)}" "<span class="mono">{move || day(p().start)}</span>
                </p>
            </div>
            <div class="page__actions">
                <leptos_router::components::A href=format!("/projects/{}/report", g.project.get_untracked().id) attr:class="btn" attr:data-testid="status-report-link">{i18n.t(T::StatusReport)}</leptos_router::components::A>
                <ProjectExports id=g.project.get_untracked().id/>
                {g.editable.then(|| view! {
                    <button type="button" class="btn" data-testid="edit-project" aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button>
                })}
            </div>
        </header>
        {move || editing.get().then(|| {
            let existing = g.project.get_untracked();
            let account = existing.account_id.map(|id| cairn::domain::customer::Named {
                id,
                name: existing.account_name.clone().unwrap_or_default(),
            });
            let people = g.people.with_value(|v| v.iter().map(|p| (p.id, p.name.clone())).collect::<Vec<_>>());
            view! {
                <div class="project-edit">
                    <super::form::ProjectForm people account existing=Some(existing) done/>
                </div>
            }
        })}
        {load_error.map(|error| view! { <ErrorBanner error/> })}
        <toolbar::Toolbar/>
        {move || g.message.get().map(|m| view! {
            <p class="banner banner--error" role="alert" data-testid="gantt-message">
                {m}
                <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| g.message.set(None)>{i18n.t(T::Dismiss)}</button>
            </p>
        })}
        {move || match g.tab.get() {
            Tab::Gantt => view! { <Gantt/> <panel::TaskPanel/> }.erase(),
            Tab::Resources => view! { <resources::LoadView/> }.erase(),
            Tab::Risks => view! {
                <risks::RiskRegister project_id=g.project.get_untracked().id tasks=task_names.clone()
                    people=g.people.get_value() editable=g.editable/>
            }.erase(),
            Tab::Changes => view! {
                <changes::ChangeLog project_id=g.project.get_untracked().id tasks=task_names.clone() editable=g.editable/>
            }.erase(),
            Tab::Costs => view! { <costs::CostsTab project_id=g.project.get_untracked().id/> }.erase(),
            Tab::Quality => view! { <quality::QualityTab project_id=g.project.get_untracked().id tasks=task_names.clone()/> }.erase(),
        }}
        <panel::LinkDialog/>
        <panel::LinkMenu/>
    }
}

/// How many frames the chart waits for its body to be laid out.
const LAYOUT_WAIT_FRAMES: u8 = 120;

/// Reads the body's scroll position and size into `g.view`, which decides
/// the rows drawn. A body built before it is on the page (the page's code
/// loaded asynchronously, a suspense resolving) has no size yet: reading
/// it then would draw the overscan rows only, so the last size is kept and
/// the body looked at again on the next frames until it has one.
fn measure_viewport(body: NodeRef<leptos::html::Div>, g: G, frames: u8) {
    let Some(el) = body.get_untracked() else {
        return;
    };
    if el.client_height() == 0 {
        if frames > 0 {
            request_animation_frame(move || measure_viewport(body, g, frames - 1));
        }
        return;
    }
    let v = Viewport {
        top: f64::from(el.scroll_top()),
        left: f64::from(el.scroll_left()),
        width: f64::from(el.client_width()),
        height: f64::from(el.client_height()),
    };
    if g.view.get_untracked() != v {
        g.view.set(v);
    }
}

/// The grid and the chart in one scrolling body (the grid sticks to the
/// left, the headers to the top).
#[component]
fn Gantt() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let body: NodeRef<leptos::html::Div> = NodeRef::new();
    let measure = move || measure_viewport(body, g, LAYOUT_WAIT_FRAMES);
    Effect::new(move |_| {
        if body.get().is_some() {
            measure();
            mark_ready();
        }
    });
    let _resize = window_event_listener(leptos::ev::resize, move |_| measure());
    let count = Memo::new(move |_| g.with(|e| e.len()).unwrap_or(0));
    let count = move || count.get();
    let range = Memo::new(move |_| {
        let v = g.view.get();
        timeline::visible_rows(v.top, (v.height - HEAD).max(0.0), ROW, count(), OVERSCAN)
    });
    let pool = Memo::new(move |_| {
        timeline::row_pool((g.view.get().height - HEAD).max(0.0), ROW, OVERSCAN)
    });
    let rows = Rows::new(range, pool);
    // A drag preview does not move the axis (its origin scans every
    // task), nor the digest the tests read: both wait for the drop.
    let axis = Memo::new(move |prev: Option<&Axis>| match prev {
        Some(p) if g.with(|e| e.previewing()) == Some(true) && p.zoom == g.zoom.get() => *p,
        _ => g.axis(),
    });
    let digest = Memo::new(move |prev: Option<&String>| match prev {
        Some(p) if g.with(|e| e.previewing()) == Some(true) => p.clone(),
        _ => g.with(|e| e.digest().to_string()).unwrap_or_default(),
    });
    let base_last = Memo::new(move |_| {
        g.baseline.with(|b| {
            b.as_ref()
                .and_then(|b| b.values().map(|(_, f)| f.date()).max())
        })
    });
    let width = Memo::new(move |_| g.chart_width(&axis.get(), base_last.get()));
    // Undo and redo anywhere on the page but in a text box (where the
    // browser's own text undo applies).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let in_input = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if in_input || !ctrl {
            return;
        }
        match ev.key().as_str() {
            "z" | "Z" if ev.shift_key() => {
                ev.prevent_default();
                g.redo();
            }
            "z" | "Z" => {
                ev.prevent_default();
                g.undo();
            }
            "y" | "Y" => {
                ev.prevent_default();
                g.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <div class="gantt" data-testid="gantt" data-ready="false"
            data-task-count=move || count().to_string()
            data-digest=digest
            style=format!("--gantt-row:{ROW}px;--gantt-head:{HEAD}px;--gantt-grid:{GRID_W}px")>
            // Focusable, so keyboard users can scroll the chart with the
            // arrow keys like any other scrolling region.
            <div class="gantt__viewport" data-testid="gantt-body" node_ref=body on:scroll=move |_| measure()
                tabindex="0" aria-label=i18n.t(T::Gantt)>
                <div class="gantt__canvas" style:width=move || format!("{}px", GRID_W + width.get())
                    style:height=move || format!("{}px", HEAD + count() as f64 * ROW)>
                    <grid::Grid rows/>
                    <chart::Chart rows axis width/>
                </div>
            </div>
        </div>
    }
}

/// Rows and bars are slots that show whichever task is at their place:
/// when an edit moves the task with the focus to another slot (a task
/// inserted or removed above it, a stored id replacing a temporary one),
/// the focus follows it — to the cell under the grid cursor, or the
/// selected bar — so the keyboard carries on where it was.
pub fn keep_focus(g: G) {
    #[cfg(feature = "hydrate")]
    {
        let Some(active) = document().active_element() else {
            return;
        };
        let on_cell = active.has_attribute("data-cell");
        let on_bar = active.get_attribute("data-testid").as_deref() == Some("bar");
        if !on_cell && !on_bar {
            return;
        }
        request_animation_frame(move || {
            request_animation_frame(move || {
                // The person may have opened a dialog since the edit
                // ("Link to…", the link type menu): the focus is theirs.
                let in_dialog = document()
                    .active_element()
                    .and_then(|a| a.closest("[role=dialog]").ok().flatten())
                    .is_some();
                if in_dialog {
                    return;
                }
                if on_cell {
                    // The cursor may have moved on (a new row) or been
                    // renamed (a stored id): follow it.
                    let (id, col) = g.cursor.get_untracked();
                    let want = format!("{id}-{}", col.key());
                    let here = document()
                        .active_element()
                        .and_then(|a| a.get_attribute("data-cell"));
                    if active.is_connected() && here.as_deref() == Some(want.as_str()) {
                        return;
                    }
                    grid::focus_cell(id, col);
                } else if let Some(id) = g.selected.get_untracked() {
                    // A slot keeps its element but may show another task.
                    let shows = active.get_attribute("data-task-id");
                    if !active.is_connected() || shows != Some(id.to_string()) {
                        bar::focus_bar(id);
                    }
                }
            })
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = g;
}

/// Marks the chart drawn (for the browser timing tests): `data-ready` on
/// the root and `window.__ganttReadyAt`, after the next frame is painted
/// with the chart in the document. A chart rendered inside a `Suspense`
/// that is still waiting is not in the document yet when its effects
/// run, so the mark waits (a frame at a time, up to about two seconds)
/// until it is.
fn mark_ready() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || mark_when_attached(120));
}

#[cfg(feature = "hydrate")]
fn mark_when_attached(frames_left: u32) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let root = w
        .document()
        .and_then(|doc| doc.query_selector("[data-testid=gantt]").ok().flatten())
        .filter(|el| el.is_connected());
    match root {
        Some(el) => {
            let _ = el.set_attribute("data-ready", "true");
            let now = w.performance().map(|p| p.now()).unwrap_or(0.0);
            let _ = js_sys::Reflect::set(&w, &"__ganttReadyAt".into(), &now.into());
        }
        None if frames_left > 0 => {
            request_animation_frame(move || mark_when_attached(frames_left - 1));
        }
        None => {}
    }
}

/// A date as the grid shows it.
pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The plan as files: Microsoft Project XML (opens in Project 2010 and
/// later), the schedule as CSV, the milestones as iCalendar. Downloads
/// from the server's endpoints, which check read access again.
#[component]
fn ProjectExports(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let files = [
        ("export.xml", T::ExportMspdi, "export-mspdi"),
        ("schedule.csv", T::ExportScheduleCsv, "export-schedule-csv"),
        (
            "milestones.ics",
            T::ExportMilestonesIcs,
            "export-milestones-ics",
        ),
    ];
    view! {
        <details class="dropdown" data-testid="project-exports">
            <summary class="btn">{i18n.t(T::ExportProject)}</summary>
            <div class="dropdown__list" role="menu">
                // `rel="external"`: a download, not a route of the app.
                {files.into_iter().map(|(file, label, testid)| view! {
                    <a class="menu__item" role="menuitem" href=format!("/api/projects/{id}/{file}")
                        rel="external" download="" data-testid=testid>
                        <span aria-hidden="true">"⤓ "</span>{i18n.t(label)}
                    </a>
                }).collect_view()}
            </div>
        </details>
    }
}
