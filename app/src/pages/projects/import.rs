//! `/projects/import`: a Microsoft Project file (MSPDI XML, "Save as XML"
//! in Project) becomes a new project. The page sends the file and the
//! few choices Project does not hold (name, account, manager); the store
//! decides what the file becomes. The answer says what came across and
//! what did not (unmatched resources, warnings), then links the project.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::Named;
use cairn::domain::import::Upload;
use cairn::domain::project::interchange::{ImportOptions, ImportedProject, MatchedBy};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;

use super::calendar_label;
use crate::api::customers::customer_directory;
use crate::api::projects::import_project_file;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};
use crate::pages::sales::deal_form::AccountPicker;

#[component]
pub fn ProjectImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let directory = LocalResource::new(customer_directory);
    // The account picker is drawn in the browser only (see the project form).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Title text=i18n.t(T::ImportProject)/>
        <section class="page page--narrow">
            <header class="page__header">
                <div>
                    <p class="small muted"><A href="/projects">{i18n.t(T::NavProjects)}</A></p>
                    <h1 class="page__title">{i18n.t(T::ImportProject)}</h1>
                </div>
            </header>
            <p class="muted">{i18n.t(T::ImportProjectHint)}</p>
            {move || if mounted.get() {
                view! {
                    <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            let people = directory.await.map(|d| d.people).unwrap_or_default();
                            view! { <ImportForm people=people.into_iter().map(|p| (p.id, p.name)).collect()/> }
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
fn ImportForm(people: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let upload = RwSignal::new(None::<Upload>);
    let name = RwSignal::new(String::new());
    let account = RwSignal::new(None::<Named>);
    let manager = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<ImportedProject>);
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                upload.set(None);
                return;
            };
            let file_name = file.name();
            spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => {
                        let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                        upload.set(Some(Upload::new(file_name, &bytes)));
                        error.set(None);
                    }
                    Err(_) => error.set(Some(AppError::invalid("file", "could not be read"))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = upload.get_untracked() else {
            error.set(Some(AppError::invalid(
                "file",
                "choose a Microsoft Project XML file",
            )));
            return;
        };
        let options = ImportOptions {
            name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
            account_id: account.get_untracked().map(|a| a.id),
            manager_id: parse_id(&manager.get_untracked()),
            ..Default::default()
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match import_project_file(file, options).await {
                Ok(p) => done.set(Some(p)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form panel" on:submit=submit data-testid="project-import-form" novalidate
            hidden=move || done.with(Option::is_some)>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <label class="field">
                <span class="field__label">{i18n.t(T::ProjectFile)}</span>
                <input class="input" type="file" name="file" accept=".xml,application/xml,text/xml"
                    on:change=on_file data-testid="project-file"/>
                {field_error(err, "file")}
                // The reader's refusals name the element that is wrong.
                {move || error.get().and_then(|e| match e {
                    AppError::Validation { field, reason } if !matches!(field.as_str(), "file" | "name" | "manager_id" | "account_id") =>
                        Some(view! { <span class="field__error" role="alert" data-testid="file-error">{field}": "{reason}</span> }),
                    _ => None,
                })}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ProjectName)}</span>
                <input class="input" name="name" bind:value=name autocomplete="off"
                    placeholder=i18n.t(T::NameFromFile)/>
                {field_error(err, "name")}
            </label>
            <div class="field">
                <span class="field__label">{i18n.t(T::Account)}</span>
                <AccountPicker account/>
            </div>
            <label class="field">
                <span class="field__label">{i18n.t(T::Manager)}</span>
                <select class="input" name="manager" bind:value=manager>
                    <option value="">{i18n.t(T::Me)}</option>
                    {people.into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                </select>
                {field_error(err, "manager_id")}
            </label>
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || busy.get() data-testid="import-project">
                    {move || i18n.t(if busy.get() { T::ImportingFile } else { T::ImportProject })}
                </button>
            </div>
        </form>
        {move || done.get().map(|p| view! { <Imported p/> })}
    }
}

/// What the file became.
#[component]
fn Imported(p: ImportedProject) -> impl IntoView {
    let i18n = use_i18n();
    let by = move |b: MatchedBy| {
        i18n.t(match b {
            MatchedBy::Email => T::Email,
            MatchedBy::Name => T::Name,
            MatchedBy::Username => T::Username,
        })
    };
    let facts = [
        (T::Tasks, p.tasks, "tasks"),
        (T::SummaryTasks, p.summary_tasks, "summaries"),
        (T::Milestones, p.milestones, "milestones"),
        (T::Links, p.links, "links"),
        (T::Assignments, p.assignments, "assignments"),
        (T::Baselines, p.baselines, "baselines"),
        (T::OwnCalendars, p.person_calendars, "person-calendars"),
    ];
    view! {
        <div class="panel project-imported" data-testid="project-imported" role="status">
            <h2 class="panel__title">{i18n.t(T::ProjectImported)}": "{p.project.name.clone()}</h2>
            <dl class="facts-grid">
                {facts.into_iter().map(|(label, n, key)| view! {
                    <div class="facts-grid__item"><dt>{i18n.t(label)}</dt><dd class="mono" data-fact=key>{n}</dd></div>
                }).collect_view()}
                <div class="facts-grid__item">
                    <dt>{i18n.t(T::WorkCalendar)}</dt>
                    <dd data-fact="calendar">{i18n.t(calendar_label(p.calendar))}
                        {(p.calendar_exceptions > 0).then(|| format!(" · {} {}", p.calendar_exceptions, i18n.t(T::CalendarExceptions)))}
                    </dd>
                </div>
            </dl>
            {(!p.resources_matched.is_empty()).then(|| view! {
                <h3 class="small">{i18n.t(T::ResourcesMatched)}</h3>
                <ul class="plain-list small" data-testid="resources-matched">
                    {p.resources_matched.iter().map(|m| view! {
                        <li>{m.resource.clone()}" → "<strong>{m.user_name.clone()}</strong>" ("{by(m.by)}")"</li>
                    }).collect_view()}
                </ul>
            })}
            {(!p.resources_unmatched.is_empty()).then(|| view! {
                <h3 class="small">{i18n.t(T::ResourcesUnmatched)}</h3>
                <ul class="plain-list small" data-testid="resources-unmatched">
                    {p.resources_unmatched.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                </ul>
            })}
            {(!p.warnings.is_empty()).then(|| view! {
                <h3 class="small">{i18n.t(T::ImportWarnings)}</h3>
                <ul class="plain-list small" data-testid="import-warnings">
                    {p.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                </ul>
            })}
            <div class="form__actions">
                <A href=format!("/projects/{}", p.id) attr:class="btn btn--primary" attr:data-testid="open-imported">{i18n.t(T::OpenProject)}</A>
            </div>
        </div>
    }
}
