//! Customers: accounts, contacts, leads, the 360° view, My day, the Trash.
//! Pages fetch through `crate::api::customers`; every rule is in
//! `cairn::domain::customer` and every check on the server.

pub mod account_form;
pub mod account_links;
pub mod account_print;
pub mod account_view;
pub mod accounts;
pub mod activity;
pub mod contacts;
pub mod duplicates;
pub mod grading;
pub mod leads;
pub mod merge;
pub mod my_day;
pub mod trash;

use cairn::domain::AppError;
use cairn::domain::customer::{ActivityKind, Grade, LeadStatus, Lifecycle, ListQuery, Page};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::{T, use_i18n};

/// Tabs across the customer pages.
#[component]
pub fn CustomerTabs(active: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = [
        ("/customers", "accounts", T::Accounts),
        ("/customers/contacts", "contacts", T::Contacts),
        ("/customers/leads", "leads", T::Leads),
        ("/customers/my-day", "my-day", T::MyDay),
        ("/customers/duplicates", "duplicates", T::Duplicates),
        ("/customers/trash", "trash", T::Trash),
    ];
    view! {
        <nav class="tabs" aria-label=i18n.t(T::NavCustomers)>
            {tabs
                .into_iter()
                .map(|(href, key, label)| {
                    let current = key == active;
                    view! {
                        <A href=href exact=true attr:class="tabs__tab" attr:aria-current=current.then_some("page")>
                            {i18n.t(label)}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
pub fn GradeBadge(grade: Grade) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("grade grade--{}", grade.as_str().to_lowercase());
    view! {
        <span class=class title=format!("{} {}", i18n.t(T::Grade), grade.as_str()) data-grade=grade.as_str()>
            {grade.as_str()}
        </span>
    }
}

pub fn lifecycle_label(l: Lifecycle) -> T {
    match l {
        Lifecycle::Lead => T::LcLead,
        Lifecycle::Prospect => T::LcProspect,
        Lifecycle::Customer => T::LcCustomer,
        Lifecycle::Churned => T::LcChurned,
    }
}

pub fn status_label(s: LeadStatus) -> T {
    match s {
        LeadStatus::New => T::LsNew,
        LeadStatus::Qualified => T::LsQualified,
        LeadStatus::Disqualified => T::LsDisqualified,
        LeadStatus::Converted => T::LsConverted,
    }
}

pub fn kind_label(k: ActivityKind) -> T {
    match k {
        ActivityKind::Call => T::KindCall,
        ActivityKind::Meeting => T::KindMeeting,
        ActivityKind::Email => T::KindEmail,
        ActivityKind::Note => T::KindNote,
        ActivityKind::Task => T::KindTask,
    }
}

pub fn kind_icon(k: ActivityKind) -> &'static str {
    match k {
        ActivityKind::Call => "☎",
        ActivityKind::Meeting => "👥",
        ActivityKind::Email => "✉",
        ActivityKind::Note => "✎",
        ActivityKind::Task => "☐",
    }
}

#[component]
pub fn LifecycleBadge(lifecycle: Lifecycle) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("pill pill--{}", lifecycle.as_str())>{i18n.t(lifecycle_label(lifecycle))}</span> }
}

/// A timestamp as people read it (UTC until users have time zones).
pub fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".to_owned())
}

/// The list query in the current URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        let map = params.get();
        let pairs: Vec<(String, String)> =
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        ListQuery::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// Previous / next page links, keeping every filter.
#[component]
pub fn Pager<R: Clone + Send + Sync + 'static>(
    base: &'static str,
    query: ListQuery,
    page: Page<R>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page.pages();
    let link = move |p: u32| {
        let q = ListQuery {
            page: p,
            ..query.clone()
        };
        format!("{base}{}", q.to_query_string())
    };
    let text = i18n
        .t(T::PageOf)
        .replace("{p}", &page.page.to_string())
        .replace(
            "{n}",
            &if page.more {
                format!("{pages}+")
            } else {
                pages.to_string()
            },
        )
        .replace("{t}", &page.total_label());
    let label = text.clone();
    view! {
        <nav class="pager" aria-label=label>
            <span class="pager__info" data-testid="pager-info">{text}</span>
            {(page.page > 1).then(|| view! { <A href=link(page.page - 1) attr:class="btn btn--sm" attr:rel="prev">{i18n.t(T::Prev)}</A> })}
            {page.has_next().then(|| view! { <A href=link(page.page + 1) attr:class="btn btn--sm" attr:rel="next">{i18n.t(T::Next)}</A> })}
        </nav>
    }
}

/// The error of one field, under that field, when the server named it.
pub fn field_error(err: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || match err.get() {
        Some(AppError::Validation { field: f, reason }) if f == field => Some(view! {
            <span class="field__error" role="alert" data-testid=format!("error-{field}")>
                {crate::i18n::reason_text(&reason, i18n.lang())}
            </span>
        }),
        _ => None,
    }
}

/// Reads an optional whole number from a text box ("" is none; thousands
/// separators are allowed).
pub fn parse_amount(field: &str, s: &str) -> Result<Option<i64>, AppError> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '，'))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    cleaned
        .parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::invalid(field, "is not a number"))
}

pub fn parse_id(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}
