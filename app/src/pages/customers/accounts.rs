//! The accounts list: server-side filters, sorting and pages, all in the
//! URL so a view can be bookmarked and shared.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{AccountRow, Grade, Lifecycle, ListQuery, Page, SortKey};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};

use super::{
    CustomerTabs, GradeBadge, LifecycleBadge, Pager, day, lifecycle_label, use_list_query,
};
use crate::api::customers::{Directory, customer_directory, list_accounts};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::AccessDenied;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), |q| list_accounts(q, false));
    let directory = Resource::new(|| (), |_| customer_directory());
    view! {
        <Title text=i18n.t(T::Accounts)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::Accounts)}</h1>
                <div class="page__actions">
                    <crate::components::export_links::ExportLinks list="accounts" query=Signal::derive(move || query.get().to_query_string())/>
                    <A href="/import?kind=accounts" attr:class="btn" attr:data-testid="import-link">{i18n.t(T::NavImport)}</A>
                    <A href="/customers/accounts/new" attr:class="btn btn--primary" attr:data-testid="new-account">{i18n.t(T::NewAccount)}</A>
                </div>
            </header>
            <CustomerTabs active="accounts"/>
            <Suspense fallback=|| ()>
                {move || {
                    // Read before the await, so a new URL (e.g. "Clear
                    // filters") re-renders the form with its values.
                    let q = query.get();
                    Suspend::new(async move {
                        let dir = directory.await.unwrap_or_default();
                        view! { <AccountFilters query=q dir/> }
                    })
                }}
            </Suspense>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <AccountTable query=query.get_untracked() page=p base="/customers"/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The filter bar: a GET form, so applying it is a navigation to the
/// filtered URL (and works before the page is interactive).
#[component]
fn AccountFilters(query: ListQuery, dir: Directory) -> impl IntoView {
    let i18n = use_i18n();
    // A choice in a select applies at once (the form's own submit, so the
    // router turns it into a client-side navigation).
    let submit = move |ev: leptos::ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(f) = select.form() {
            let _ = f.request_submit();
        }
    };
    let sel = |v: Option<String>, opt: &str| v.as_deref() == Some(opt);
    let owner = query.owner.map(|o| o.to_string());
    let team = query.team.map(|o| o.to_string());
    view! {
        <Form method="GET" action="/customers" attr:class="filters" attr:data-testid="filters">
            <input class="input filters__q" type="search" name="q" value=query.q.clone() placeholder=i18n.t(T::FilterText) aria-label=i18n.t(T::FilterText)/>
            <select class="input input--sm" name="grade" aria-label=i18n.t(T::Grade) on:change=submit>
                <option value="">{i18n.t(T::AnyGrade)}</option>
                {Grade::ALL.into_iter().map(|g| view! { <option value=g.as_str() selected=query.grade == Some(g)>{format!("{} {}", i18n.t(T::Grade), g.as_str())}</option> }).collect_view()}
            </select>
            <select class="input input--sm" name="lifecycle" aria-label=i18n.t(T::Lifecycle) on:change=submit>
                <option value="">{i18n.t(T::AnyStage)}</option>
                {Lifecycle::ALL.into_iter().map(|l| view! { <option value=l.as_str() selected=query.lifecycle == Some(l)>{i18n.t(lifecycle_label(l))}</option> }).collect_view()}
            </select>
            <select class="input input--sm" name="industry" aria-label=i18n.t(T::Industry) on:change=submit>
                <option value="">{i18n.t(T::AnyIndustry)}</option>
                {dir.industries.into_iter().map(|i| { let s = sel(query.industry.clone(), &i); view! { <option value=i.clone() selected=s>{i.clone()}</option> } }).collect_view()}
            </select>
            <select class="input input--sm" name="owner" aria-label=i18n.t(T::Owner) on:change=submit>
                <option value="">{i18n.t(T::AnyOwner)}</option>
                {dir.people.into_iter().map(|p| { let s = sel(owner.clone(), &p.id.to_string()); view! { <option value=p.id.to_string() selected=s>{p.name}</option> } }).collect_view()}
            </select>
            <select class="input input--sm" name="team" aria-label=i18n.t(T::Team) on:change=submit>
                <option value="">{i18n.t(T::AnyTeam)}</option>
                {dir.teams.into_iter().map(|t| { let s = sel(team.clone(), &t.id.to_string()); view! { <option value=t.id.to_string() selected=s>{t.name}</option> } }).collect_view()}
            </select>
            <input class="input input--sm filters__tag" name="tag" value=query.tag.clone().unwrap_or_default() placeholder=i18n.t(T::TagFilter) aria-label=i18n.t(T::TagFilter)/>
            <select class="input input--sm" name="sort" aria-label=i18n.t(T::SortBy) on:change=submit>
                {[(SortKey::Name, T::Name), (SortKey::Grade, T::Grade), (SortKey::Lifecycle, T::Lifecycle), (SortKey::LastActivity, T::LastActivity), (SortKey::Updated, T::Updated), (SortKey::Created, T::Created)]
                    .into_iter()
                    .map(|(k, label)| view! { <option value=k.as_str() selected=query.sort == k>{format!("{}: {}", i18n.t(T::SortBy), i18n.t(label))}</option> })
                    .collect_view()}
            </select>
            <select class="input input--sm" name="dir" aria-label=i18n.t(T::SortBy) on:change=submit>
                <option value="">{i18n.t(T::Ascending)}</option>
                <option value="desc" selected=query.desc>{i18n.t(T::Descending)}</option>
            </select>
            <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
            <A href="/customers" attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
        </Form>
    }
}

#[component]
pub fn AccountTable(query: ListQuery, page: Page<AccountRow>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="empty" data-testid="empty">{i18n.t(T::NothingHere)}</p> }.erase();
    }
    let rows = page.items.clone();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="accounts-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::Name)}</th>
                        <th scope="col">{i18n.t(T::Grade)}</th>
                        <th scope="col">{i18n.t(T::Lifecycle)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Industry)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Owner)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::LastActivity)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Tags)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| { let key = r.name.clone(); view! {
                            <tr data-account=key>
                                <td>
                                    <A href=format!("/customers/accounts/{}", r.id) attr:class="link-strong">{r.name.clone()}</A>
                                    <div class="muted small">{r.domain.clone()}</div>
                                </td>
                                <td><GradeBadge grade=r.grade/></td>
                                <td><LifecycleBadge lifecycle=r.lifecycle/></td>
                                <td class="hide-sm">{r.industry.clone()}</td>
                                <td class="hide-sm">{r.owner.map(|o| o.name).unwrap_or_default()}</td>
                                <td class="hide-sm">{day(r.last_activity_at)}</td>
                                <td class="hide-sm">{r.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}</td>
                            </tr>
                        }})
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <Pager base query page/>
    }
    .erase()
}
