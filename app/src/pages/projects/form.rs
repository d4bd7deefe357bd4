//! The project form: name, account, manager, calendar, start, status and,
//! for a new project, the template its plan starts from.
//! `/projects/new` creates (`?account=ID`, the account's "New project",
//! picks the account); the project page opens the same form to edit.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::Named;
use cairn::domain::project::{CalendarKey, ProjectInput, ProjectStatus, ProjectSummary};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{calendar_label, status_label};
use crate::api::customers::{customer_directory, get_account};
use crate::api::delivery::project_templates;
use crate::api::projects::{create_project, update_project};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};
use crate::pages::sales::deal_form::AccountPicker;

#[component]
pub fn ProjectNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let account_id = params.with_untracked(|p| p.get("account").and_then(|a| parse_id(&a)));
    let directory = LocalResource::new(customer_directory);
    let account = LocalResource::new(move || async move {
        match account_id {
            Some(id) => get_account(id).await.ok().map(|a| Named {
                id: a.id,
                name: a.name,
            }),
            None => None,
        }
    });
    // Drawn in the browser only, like the deal form: the account
    // picker's server-rendered markup does not hydrate on a direct load.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Title text=i18n.t(T::NewProject)/>
        <section class="page page--narrow">
            <header class="page__header"><h1 class="page__title">{i18n.t(T::NewProject)}</h1></header>
            {move || if mounted.get() {
                view! {
                    <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            let people = directory.await.map(|d| d.people).unwrap_or_default();
                            let account = account.await;
                            view! { <ProjectForm people=people.into_iter().map(|p| (p.id, p.name)).collect() account existing=None/> }
                        })}
                    </Suspense>
                }.erase()
            } else {
                view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase()
            }}
        </section>
    }
}

/// Creates (`existing` is `None`, then opens the new project) or edits
/// (then `done` gets the stored project, or `None` on cancel).
#[component]
pub fn ProjectForm(
    people: Vec<(i64, String)>,
    account: Option<Named>,
    existing: Option<ProjectSummary>,
    #[prop(optional)] done: Option<Callback<Option<ProjectSummary>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = existing.clone();
    let is_new = existing.is_none();
    let old = existing.clone();
    let name = RwSignal::new(old.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let account = RwSignal::new(account);
    let manager = RwSignal::new(
        old.as_ref()
            .map(|p| p.manager_id.to_string())
            .unwrap_or_default(),
    );
    let calendar = RwSignal::new(
        old.as_ref()
            .map_or(CalendarKey::Standard, |p| p.calendar)
            .as_str()
            .to_string(),
    );
    let start = RwSignal::new(
        old.as_ref()
            .map_or_else(super::today, |p| p.start)
            .to_string(),
    );
    let status = RwSignal::new(
        old.as_ref()
            .map_or(ProjectStatus::Planned, |p| p.status)
            .as_str()
            .to_string(),
    );
    // A new project may start from a template (empty plan by default).
    let template = RwSignal::new(String::new());
    let templates = LocalResource::new(move || async move {
        if is_new {
            project_templates().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = NaiveDate::parse_from_str(&start.get_untracked(), "%Y-%m-%d") else {
            error.set(Some(AppError::invalid("start", "is not a date")));
            return;
        };
        let input = ProjectInput {
            name: name.get_untracked(),
            account_id: account.get_untracked().map(|a| a.id),
            deal_id: editing.as_ref().and_then(|p| p.deal_id),
            manager_id: parse_id(&manager.get_untracked()),
            calendar: CalendarKey::parse(&calendar.get_untracked())
                .unwrap_or(CalendarKey::Standard),
            start,
            status: ProjectStatus::parse(&status.get_untracked()).unwrap_or(ProjectStatus::Planned),
        };
        if let Err(e) = input.validate() {
            error.set(Some(e));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let editing = editing.clone();
        spawn_local(async move {
            let r = match &editing {
                Some(p) => update_project(p.id, p.version, input).await,
                None => create_project(input, parse_id(&template.get_untracked())).await,
            };
            match r {
                Ok(p) => match (editing, done) {
                    (Some(_), Some(done)) => done.run(Some(p)),
                    _ => navigate(&format!("/projects/{}", p.id), Default::default()),
                },
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let is_edit = existing.is_some();
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form card" on:submit=submit data-testid="project-form" novalidate>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <label class="field">
                <span class="field__label">{i18n.t(T::ProjectName)}</span>
                <input class="input" name="name" required bind:value=name autocomplete="off"/>
                {field_error(err, "name")}
            </label>
            <div class="field">
                <span class="field__label">{i18n.t(T::Account)}</span>
                <AccountPicker account/>
            </div>
            <label class="field">
                <span class="field__label">{i18n.t(T::Manager)}</span>
                <select class="input" name="manager" bind:value=manager>
                    {(!is_edit).then(|| view! { <option value="">{i18n.t(T::Me)}</option> })}
                    {people.into_iter().map(|(id, n)| {
                        let v = id.to_string();
                        let v2 = v.clone();
                        view! { <option value=v selected=move || manager.with(|m| *m == v2)>{n}</option> }
                    }).collect_view()}
                </select>
                {field_error(err, "manager_id")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::WorkCalendar)}</span>
                <select class="input" name="calendar" bind:value=calendar>
                    {CalendarKey::choices(old.as_ref().map(|p| p.calendar)).into_iter().map(|c| view! { <option value=c.as_str() selected=move || calendar.with(|v| v == c.as_str())>{i18n.t(calendar_label(c))}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Start)}</span>
                <input class="input" name="start" type="date" required bind:value=start/>
                {field_error(err, "start")}
            </label>
            {is_new.then(|| view! {
                <label class="field">
                    <span class="field__label">{i18n.t(T::Template)}</span>
                    <select class="input" name="template" bind:value=template>
                        <option value="">{i18n.t(T::EmptyPlan)}</option>
                        {move || templates.get().unwrap_or_default().into_iter().map(|t| {
                            let name = t.name_in(i18n.lang()).to_owned();
                            view! { <option value=t.id.to_string()>{name}</option> }
                        }).collect_view()}
                    </select>
                    {field_error(err, "template_id")}
                    {field_error(err, "rows")}
                </label>
            })}
            <label class="field">
                <span class="field__label">{i18n.t(T::Status)}</span>
                <select class="input" name="status" bind:value=status>
                    {ProjectStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=move || status.with(|v| v == s.as_str())>{i18n.t(status_label(s))}</option> }).collect_view()}
                </select>
            </label>
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || busy.get() data-testid="save-project">
                    {i18n.t(if is_edit { T::Save } else { T::CreateProject })}
                </button>
                {done.map(|done| view! {
                    <button class="btn" type="button" on:click=move |_| done.run(None)>{i18n.t(T::Cancel)}</button>
                })}
            </div>
        </form>
    }
}
