//! The Gantt page's toolbar: view (chart, resource load or risk
//! register; only the view buttons show with the register), zoom, the
//! critical path toggle, add task, "Link to…", undo and redo, baselines
//! (choose one to show as ghosts, save a new one) and the save state.

use cairn::domain::project::Change;
use cairn::domain::project::timeline::Zoom;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{G, SaveState, Tab};
use crate::api::projects::{baseline_bars, save_baseline};
use crate::i18n::{T, use_i18n};

#[component]
pub fn Toolbar() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let navigate = leptos_router::hooks::use_navigate();
    // The tab goes into the address (replacing it: tabs are not pages to
    // go back through), so a reload keeps it.
    let show = Callback::new(move |t: Tab| {
        g.tab.set(t);
        let id = g.project.with_untracked(|p| p.id);
        let url = match t {
            Tab::Gantt => format!("/projects/{id}"),
            t => format!("/projects/{id}?tab={}", t.as_str()),
        };
        navigate(
            &url,
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let can_undo = move || g.with(|e| e.history.can_undo()).unwrap_or(false);
    let can_redo = move || g.with(|e| e.history.can_redo()).unwrap_or(false);
    let add = move |_| {
        let after = g.selected_ix();
        let name = g.i18n.t(T::NewTask).to_string();
        if let Some(Ok(c)) = g.update(|e| e.add_after(after, &name)) {
            let temp = match c.first() {
                Some(Change::AddTask { temp, .. }) => Some(*temp),
                _ => None,
            };
            g.act(c);
            if let Some(t) = temp {
                g.selected.set(Some(t));
            }
        }
    };
    let baseline_name = RwSignal::new(String::new());
    let save_base = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = baseline_name.get_untracked();
        let id = g.project.with_untracked(|p| p.id);
        spawn_local(async move {
            match save_baseline(id, name).await {
                Ok(b) => {
                    baseline_name.set(String::new());
                    g.baselines.update(|v| v.push(b));
                }
                Err(e) => g.say(&e),
            }
        });
    };
    let choose_base = move |ev: leptos::ev::Event| {
        let s: web_sys::HtmlSelectElement = event_target(&ev);
        match s.value().parse::<i64>() {
            Ok(bid) => {
                spawn_local(async move {
                    match baseline_bars(bid).await {
                        Ok(bars) => g.baseline.set(Some(
                            bars.into_iter()
                                .map(|b| (b.task_id, (b.start, b.finish)))
                                .collect(),
                        )),
                        Err(e) => g.say(&e),
                    }
                });
            }
            Err(_) => g.baseline.set(None),
        }
    };
    view! {
        <div class="gantt-toolbar" class:gantt-toolbar--register=move || matches!(g.tab.get(), Tab::Risks | Tab::Changes | Tab::Costs | Tab::Quality)
            role="toolbar" aria-label=i18n.t(T::GanttTools)>
            <div class="seg" role="group" aria-label=i18n.t(T::View)>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Gantt).to_string()
                    on:click=move |_| show.run(Tab::Gantt)>{i18n.t(T::Gantt)}</button>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Resources).to_string()
                    data-testid="tab-resources" on:click=move |_| show.run(Tab::Resources)>{i18n.t(T::ResourceLoad)}</button>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Risks).to_string()
                    data-testid="tab-risks" on:click=move |_| show.run(Tab::Risks)>{i18n.t(T::Risks)}</button>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Changes).to_string()
                    data-testid="tab-changes" on:click=move |_| show.run(Tab::Changes)>{i18n.t(T::Changes)}</button>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Costs).to_string()
                    data-testid="tab-costs" on:click=move |_| show.run(Tab::Costs)>{i18n.t(T::Costs)}</button>
                <button type="button" class="btn btn--sm" aria-pressed=move || (g.tab.get() == Tab::Quality).to_string()
                    data-testid="tab-quality" on:click=move |_| show.run(Tab::Quality)>{i18n.t(T::Quality)}</button>
            </div>
            <div class="seg" role="group" aria-label=i18n.t(T::Zoom)>
                {Zoom::ALL.into_iter().map(|z| {
                    let label = match z { Zoom::Day => T::ZoomDay, Zoom::Week => T::ZoomWeek, Zoom::Month => T::ZoomMonth, Zoom::Quarter => T::ZoomQuarter };
                    view! {
                        <button type="button" class="btn btn--sm" data-zoom=z.as_str() aria-pressed=move || (g.zoom.get() == z).to_string()
                            on:click=move |_| g.zoom.set(z)>{i18n.t(label)}</button>
                    }
                }).collect_view()}
            </div>
            <label class="check">
                <input type="checkbox" data-testid="toggle-critical" prop:checked=move || g.critical.get()
                    on:change=move |ev| g.critical.set(event_target_checked(&ev))/>
                {i18n.t(T::CriticalPath)}
            </label>
            {g.editable.then(|| view! {
                <div class="seg">
                    <button type="button" class="btn btn--sm" data-testid="add-task" on:click=add>{i18n.t(T::AddTask)}</button>
                    <button type="button" class="btn btn--sm" data-testid="link-to" disabled=move || g.selected.get().is_none()
                        on:click=move |_| g.link_dialog.set(true)>{i18n.t(T::LinkTo)}</button>
                    <button type="button" class="btn btn--sm" data-testid="undo" title="Ctrl+Z" disabled=move || !can_undo()
                        on:click=move |_| g.undo()>{i18n.t(T::Undo)}</button>
                    <button type="button" class="btn btn--sm" data-testid="redo" title="Ctrl+Shift+Z" disabled=move || !can_redo()
                        on:click=move |_| g.redo()>{i18n.t(T::Redo)}</button>
                </div>
            })}
            <label class="check">
                <span class="small">{i18n.t(T::Baseline)}</span>
                <select class="input input--sm" data-testid="baseline-select" on:change=choose_base>
                    <option value="">{i18n.t(T::NoBaseline)}</option>
                    {move || g.baselines.get().into_iter().map(|b| view! {
                        <option value=b.id.to_string()>{b.name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            {g.editable.then(|| view! {
                <form class="seg" on:submit=save_base data-testid="baseline-form">
                    <input class="input input--sm" name="baseline" required placeholder=i18n.t(T::BaselineName)
                        aria-label=i18n.t(T::BaselineName) bind:value=baseline_name/>
                    <button type="submit" class="btn btn--sm">{i18n.t(T::SaveBaseline)}</button>
                </form>
            })}
            <span class="gantt-toolbar__status small" data-testid="save-status" aria-live="polite"
                data-state=move || match g.save.get() { SaveState::Idle => "idle", SaveState::Saving => "saving", SaveState::Saved => "saved", SaveState::Failed => "failed" }>
                {move || match g.save.get() {
                    SaveState::Idle => "",
                    SaveState::Saving => i18n.t(T::Saving),
                    SaveState::Saved => i18n.t(T::AllSaved),
                    SaveState::Failed => i18n.t(T::NotSaved),
                }}
            </span>
        </div>
    }
}
