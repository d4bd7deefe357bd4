//! `/projects`: every project the caller may read, with status, dates,
//! progress and the critical-late flag; filters live in the URL.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::{ProjectQuery, ProjectStatus, ProjectSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::status_label;
use crate::api::projects::list_projects;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::AccessDenied;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| ProjectQuery {
            q: p.get("q").unwrap_or_default(),
            status: p.get("status").and_then(|s| ProjectStatus::parse(&s)),
            account_id: p.get("account").and_then(|s| s.parse().ok()),
            page: p.get("page").and_then(|s| s.parse().ok()).unwrap_or(1),
        })
    });
    let rows = Resource::new(move || query.get(), list_projects);
    view! {
        <Title text=i18n.t(T::NavProjects)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::NavProjects)}</h1>
                <div class="page__actions">
                    <A href="/projects/import" attr:class="btn" attr:data-testid="import-project-link">{i18n.t(T::ImportProject)}</A>
                    <A href="/projects/new" attr:class="btn btn--primary" attr:data-testid="new-project">{i18n.t(T::NewProject)}</A>
                </div>
            </header>
            <Form method="GET" action="/projects" attr:class="filters">
                <input class="input input--sm" type="search" name="q" aria-label=i18n.t(T::SearchProjects)
                    placeholder=i18n.t(T::SearchProjects) value=move || query.get().q/>
                <select class="input input--sm" name="status" aria-label=i18n.t(T::Status)
                    on:change=|ev| {
                        let s: web_sys::HtmlSelectElement = event_target(&ev);
                        if let Some(f) = s.form() { let _ = f.request_submit(); }
                    }>
                    <option value="">{i18n.t(T::AnyStatus)}</option>
                    {ProjectStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || query.get().status == Some(s)>{i18n.t(status_label(s))}</option>
                    }).collect_view()}
                </select>
                <button class="btn btn--sm" type="submit">{i18n.t(T::Filter)}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="empty" data-testid="empty">{i18n.t(T::NothingHere)}</p>
                        }.erase(),
                        Ok(page) => view! { <ProjectTable items=page.items/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProjectTable(items: Vec<ProjectSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="projects-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::ProjectName)}</th>
                        <th scope="col">{i18n.t(T::Account)}</th>
                        <th scope="col">{i18n.t(T::Manager)}</th>
                        <th scope="col">{i18n.t(T::Status)}</th>
                        <th scope="col">{i18n.t(T::Start)}</th>
                        <th scope="col">{i18n.t(T::Finish)}</th>
                        <th scope="col">{i18n.t(T::PercentComplete)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let pct = p.percent_complete;
                        view! {
                            <tr data-testid="project-row" data-id=p.id>
                                <td>
                                    <A href=format!("/projects/{}", p.id)>{p.name.clone()}</A>
                                    {p.critical_late.then(|| view! {
                                        <span class="flag flag--late" data-testid="critical-late" title=i18n.t(T::CriticalLateHint)>{i18n.t(T::CriticalLate)}</span>
                                    })}
                                </td>
                                <td>{p.account_id.map(|a| view! { <A href=format!("/customers/accounts/{a}")>{p.account_name.clone().unwrap_or_default()}</A> })}</td>
                                <td>{p.manager_name.clone()}</td>
                                <td>
                                    <span class=format!("pill pill--{}", p.status.as_str())>{i18n.t(status_label(p.status))}</span>
                                    {p.archived.then(|| view! { " "<span class="badge badge--muted" data-testid="archived">{i18n.t(T::Archived)}</span> })}
                                </td>
                                <td class="mono">{p.start.to_string()}</td>
                                <td class="mono">{p.finish.map(|f| f.to_string()).unwrap_or_default()}</td>
                                <td>
                                    <span class="meter" role="img" aria-label=format!("{pct}%")>
                                        <span class="meter__fill" style=format!("width:{pct}%")></span>
                                    </span>
                                    <span class="small" data-testid="percent">{format!(" {pct}%")}</span>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
