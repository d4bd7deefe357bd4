//! Admin › Project templates: the plans new projects (and won deals'
//! delivery projects) start from. An outline editor: each row a phase,
//! task or milestone with its level (indent, outdent), names in both
//! languages, working days and predecessors written as in the Gantt grid;
//! one milestone marked as the go-live. The browser checks a template
//! with the domain's own rule (it builds and schedules the plan) before
//! sending it; the server checks again.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::template::{
    TemplateBody, TemplateInput, TemplateRow, TemplateView, numbers, summaries,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::api::delivery::{admin_project_templates, delete_template, save_template};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;
use crate::pages::customers::grading::AdminTabs;
use crate::pages::placeholder::AccessDenied;
use crate::pages::sales::fill;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    // Blocking: a refusal is the page's HTTP status (403).
    let list = Resource::new_blocking(move || changed.get(), |_| admin_project_templates());
    // `Some(None)`: a new template; `Some(Some(t))`: editing `t`.
    let editing = RwSignal::new(None::<Option<TemplateView>>);
    let saved = RwSignal::new(false);
    let done = Callback::new(move |ok: bool| {
        editing.set(None);
        saved.set(ok);
        if ok {
            changed.update(|c| *c += 1);
        }
    });
    view! {
        <Title text=i18n.t(T::ProjectTemplates)/>
        <section class="page">
            <h1 class="page__title">{i18n.t(T::ProjectTemplates)}</h1>
            <p class="muted">{i18n.t(T::TemplatesIntro)}</p>
            <AdminTabs active="templates"/>
            {move || saved.get().then(|| view! { <OkBanner text=i18n.t(T::Saved)/> })}
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! {
                            <Show when=move || editing.with(Option::is_none) fallback=move || {
                                let t = editing.get().flatten();
                                view! { <TemplateEditor existing=t done/> }
                            }>
                                <crate::pages::admin_slip::SlipForm/>
                                <TemplateList list=list.clone() editing changed saved/>
                            </Show>
                        }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TemplateList(
    list: Vec<TemplateView>,
    editing: RwSignal<Option<Option<TemplateView>>>,
    changed: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    view! {
        {move || error.get().map(|error| view! { <ErrorBanner error/> })}
        <div class="page__actions">
            <button type="button" class="btn btn--primary" on:click=move |_| { saved.set(false); editing.set(Some(None)); } data-testid="new-template">{i18n.t(T::NewTemplate)}</button>
        </div>
        <ul class="templates" data-testid="templates">
            {list.into_iter().map(|t| {
                let edit = t.clone();
                let (id, version) = (t.id, t.version);
                let remove = move |_| {
                    let ok = window().confirm_with_message(i18n.t(T::ConfirmDeleteTemplate)).unwrap_or(false);
                    if !ok {
                        return;
                    }
                    spawn_local(async move {
                        match delete_template(id, version).await {
                            Ok(()) => changed.update(|c| *c += 1),
                            Err(e) => error.set(Some(e)),
                        }
                    });
                };
                let rows = fill(i18n.t(T::TemplateRows), &[("n", &t.body.rows.len().to_string())]);
                view! {
                    <li class="templates__item panel" data-testid="template">
                        <div>
                            <strong class="templates__name">{t.name_in(i18n.lang()).to_owned()}</strong>
                            {t.builtin.then(|| view! { " " <span class="pill">{i18n.t(T::BuiltIn)}</span> })}
                            <div class="small muted">{rows}</div>
                        </div>
                        <div class="templates__actions">
                            <button type="button" class="btn btn--sm" on:click=move |_| { saved.set(false); editing.set(Some(Some(edit.clone()))); } data-testid="edit-template">{i18n.t(T::Edit)}</button>
                            <button type="button" class="btn btn--sm btn--ghost btn--danger" on:click=remove data-testid="delete-template">{i18n.t(T::Delete)}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// One row being edited: a signal per field, so typing in a cell does
/// not redraw the table (and the focus stays put).
#[derive(Clone, Copy)]
struct RowState {
    key: u64,
    level: RwSignal<u8>,
    name: RwSignal<String>,
    name_zh: RwSignal<String>,
    days: RwSignal<String>,
    predecessors: RwSignal<String>,
    go_live: RwSignal<bool>,
}

impl RowState {
    fn new(key: u64, r: &TemplateRow) -> Self {
        RowState {
            key,
            level: RwSignal::new(r.level),
            name: RwSignal::new(r.name.clone()),
            name_zh: RwSignal::new(r.name_zh.clone()),
            days: RwSignal::new(r.days.to_string()),
            predecessors: RwSignal::new(r.predecessors.clone()),
            go_live: RwSignal::new(r.go_live),
        }
    }

    /// The row as typed; days that are not a number are the row's error.
    fn row(&self, index: usize) -> Result<TemplateRow, AppError> {
        let days = self.days.get_untracked();
        let days = if days.trim().is_empty() {
            0
        } else {
            days.trim().parse::<u16>().map_err(|_| {
                AppError::invalid(
                    "rows",
                    format!("row {}: at most 1000 working days", index + 1),
                )
            })?
        };
        Ok(TemplateRow {
            level: self.level.get_untracked(),
            name: self.name.get_untracked(),
            name_zh: self.name_zh.get_untracked(),
            days,
            predecessors: self.predecessors.get_untracked(),
            go_live: self.go_live.get_untracked(),
        })
    }
}

#[component]
fn TemplateEditor(existing: Option<TemplateView>, done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let next_key = StoredValue::new(0u64);
    let key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let start_rows = existing
        .as_ref()
        .map(|t| t.body.rows.clone())
        .unwrap_or_else(|| {
            vec![TemplateRow {
                name: String::new(),
                days: 1,
                ..Default::default()
            }]
        });
    let rows = RwSignal::new(
        start_rows
            .iter()
            .map(|r| RowState::new(key(), r))
            .collect::<Vec<_>>(),
    );
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
    );
    let name_zh = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.name_zh.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let (id, version) = existing
        .as_ref()
        .map_or((None, 0), |t| (Some(t.id), t.version));
    // Outline numbers and phases follow the levels as they are edited.
    let shape = Memo::new(move |_| {
        let levels: Vec<TemplateRow> = rows.with(|rs| {
            rs.iter()
                .map(|r| TemplateRow {
                    level: r.level.get(),
                    ..Default::default()
                })
                .collect()
        });
        (numbers(&levels), summaries(&levels))
    });
    let position = move |k: u64| rows.with_untracked(|rs| rs.iter().position(|r| r.key == k));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed: Result<Vec<TemplateRow>, AppError> =
            rows.with_untracked(|rs| rs.iter().enumerate().map(|(i, r)| r.row(i)).collect());
        let body = match typed {
            Ok(rows) => TemplateBody { rows },
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let input = TemplateInput {
            name: name.get_untracked(),
            name_zh: name_zh.get_untracked(),
            body,
        };
        if let Err(e) = input.validated() {
            error.set(Some(e));
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match save_template(id, version, input).await {
                Ok(_) => done.run(true),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let add = move |_| {
        let level = rows.with_untracked(|rs| rs.last().map_or(0, |r| r.level.get_untracked()));
        let r = RowState::new(
            key(),
            &TemplateRow {
                level,
                days: 1,
                ..Default::default()
            },
        );
        rows.update(|rs| rs.push(r));
    };
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form card template-editor" on:submit=submit data-testid="template-editor" novalidate>
            <h2 class="panel__title">{i18n.t(if id.is_some() { T::EditTemplate } else { T::NewTemplate })}</h2>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <div class="form__row">
                <label class="field">
                    <span class="field__label">{i18n.t(T::Name)}</span>
                    <input class="input" name="name" bind:value=name autocomplete="off"/>
                    {field_error(err, "name")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::NameZh)}</span>
                    <input class="input" name="name_zh" bind:value=name_zh autocomplete="off"/>
                </label>
            </div>
            {field_error(err, "rows")}
            <div class="table-wrap">
                <table class="table template-rows" data-testid="template-rows">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{i18n.t(T::Name)}</th>
                            <th scope="col">{i18n.t(T::NameZh)}</th>
                            <th scope="col">{i18n.t(T::WorkingDays)}</th>
                            <th scope="col">{i18n.t(T::Predecessors)}</th>
                            <th scope="col">{i18n.t(T::GoLive)}</th>
                            <th scope="col"><span class="sr-only">{i18n.t(T::Edit)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.key let:r>
                            {
                                let k = r.key;
                                let index = move || position(k).unwrap_or(0);
                                let number = move || shape.with(|(n, _)| n.get(index()).cloned().unwrap_or_default());
                                let summary = move || shape.with(|(_, s)| s.get(index()).copied().unwrap_or(false));
                                let indent = move |_| {
                                    let i = index();
                                    let above = rows.with_untracked(|rs| (i > 0).then(|| rs[i - 1].level.get_untracked()));
                                    if let Some(above) = above && r.level.get_untracked() <= above {
                                        r.level.update(|l| *l += 1);
                                    }
                                };
                                let outdent = move |_| r.level.update(|l| *l = l.saturating_sub(1));
                                let up = move |_| {
                                    let i = index();
                                    if i > 0 {
                                        rows.update(|rs| rs.swap(i, i - 1));
                                    }
                                };
                                let down = move |_| {
                                    let i = index();
                                    rows.update(|rs| if i + 1 < rs.len() { rs.swap(i, i + 1) });
                                };
                                let remove = move |_| rows.update(|rs| rs.retain(|x| x.key != k));
                                let pick_live = move |_| {
                                    let on = !r.go_live.get_untracked();
                                    rows.with_untracked(|rs| rs.iter().for_each(|x| x.go_live.set(false)));
                                    r.go_live.set(on);
                                };
                                view! {
                                    <tr class:template-rows__phase=summary data-testid="template-row">
                                        <td class="num">{number}</td>
                                        <td>
                                            <input class="input input--cell" style=move || format!("margin-inline-start:{}rem", f32::from(r.level.get()) * 1.25)
                                                aria-label=i18n.t(T::Name) name="row-name" bind:value=r.name autocomplete="off"/>
                                        </td>
                                        <td><input class="input input--cell" aria-label=i18n.t(T::NameZh) name="row-name-zh" bind:value=r.name_zh autocomplete="off"/></td>
                                        <td><input class="input input--cell input--num" aria-label=i18n.t(T::WorkingDays) name="row-days" inputmode="numeric" bind:value=r.days disabled=summary/></td>
                                        <td><input class="input input--cell" aria-label=i18n.t(T::Predecessors) name="row-predecessors" bind:value=r.predecessors autocomplete="off" placeholder="2FS+1d"/></td>
                                        <td><input type="checkbox" aria-label=i18n.t(T::GoLive) name="row-go-live" prop:checked=move || r.go_live.get() on:change=pick_live disabled=summary/></td>
                                        <td class="template-rows__tools">
                                            <button type="button" class="btn btn--sm btn--ghost" title=i18n.t(T::Outdent) aria-label=i18n.t(T::Outdent) on:click=outdent>"⇤"</button>
                                            <button type="button" class="btn btn--sm btn--ghost" title=i18n.t(T::Indent) aria-label=i18n.t(T::Indent) on:click=indent data-testid="indent">"⇥"</button>
                                            <button type="button" class="btn btn--sm btn--ghost" title=i18n.t(T::MoveUp) aria-label=i18n.t(T::MoveUp) on:click=up>"↑"</button>
                                            <button type="button" class="btn btn--sm btn--ghost" title=i18n.t(T::MoveDown) aria-label=i18n.t(T::MoveDown) on:click=down>"↓"</button>
                                            <button type="button" class="btn btn--sm btn--ghost btn--danger" title=i18n.t(T::RemoveRow) aria-label=i18n.t(T::RemoveRow) on:click=remove>"✕"</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <div class="form__actions">
                <button type="button" class="btn" on:click=add data-testid="add-row">{i18n.t(T::AddRow)}</button>
                <button type="submit" class="btn btn--primary" disabled=move || busy.get() data-testid="save-template">{i18n.t(T::Save)}</button>
                <button type="button" class="btn btn--ghost" on:click=move |_| done.run(false)>{i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}
