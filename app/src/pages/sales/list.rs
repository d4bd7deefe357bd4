//! The list view: the board's deals (same filters, in the URL) as a
//! sortable table, with won and lost deals too.

use std::collections::HashMap;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::sales::board::DealSort;
use cairn::domain::sales::{BoardQuery, DealStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::board::BoardFilters;
use super::{SalesTabs, money, status_label, use_board_query};
use crate::api::customers::customer_directory;
use crate::api::sales::{list_deals, list_pipelines};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// Sorting, status and page of the list, beside the board's filters.
#[derive(Debug, Clone, PartialEq)]
struct ListState {
    status: Option<DealStatus>,
    sort: DealSort,
    desc: bool,
    page: u32,
}

impl ListState {
    /// The URL of this list with `self` and the board's filters.
    fn href(&self, q: &BoardQuery) -> String {
        let mut s = q.to_query_string();
        let mut add = |k: &str, v: String| {
            s.push(if s.is_empty() { '?' } else { '&' });
            s.push_str(&format!("{k}={v}"));
        };
        if let Some(st) = self.status {
            add("status", st.as_str().to_owned());
        }
        if self.sort != DealSort::Board {
            add("sort", self.sort.as_str().to_owned());
        }
        if self.desc {
            add("desc", "1".to_owned());
        }
        if self.page > 1 {
            add("page", self.page.to_string());
        }
        format!("/sales/list{s}")
    }
}

#[component]
pub fn DealListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_board_query();
    let params = use_query_map();
    let state = Memo::new(move |_| {
        params.with(|p| ListState {
            status: p.get("status").and_then(|s| DealStatus::parse(&s)),
            sort: p
                .get("sort")
                .and_then(|s| DealSort::parse(&s))
                .unwrap_or_default(),
            desc: p.get("desc").is_some_and(|v| v == "1"),
            page: p.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
        })
    });
    let rows = Resource::new(
        move || (query.get(), state.get()),
        |(q, s)| list_deals(q, s.status, s.sort, s.desc, s.page),
    );
    let pipelines = Resource::new(|| (), |_| list_pipelines());
    let directory = Resource::new(|| (), |_| customer_directory());
    let qs = Signal::derive(move || query.get().to_query_string());
    view! {
        <Title text=i18n.t(T::Deals)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::NavSales)}</h1>
                <div class="page__actions">
                    <crate::components::export_links::ExportLinks list="deals"
                        query=Signal::derive(move || state.get().href(&query.get()).trim_start_matches("/sales/list").to_owned())/>
                    <A href="/import?kind=deals" attr:class="btn" attr:data-testid="import-link">{i18n.t(T::NavImport)}</A>
                    <A href="/sales/deals/new" attr:class="btn btn--primary" attr:data-testid="new-deal">{i18n.t(T::NewDeal)}</A>
                </div>
            </header>
            <SalesTabs active="list" query=qs/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let people = directory.await.map(|d| d.people).unwrap_or_default();
                    let pipes = match pipelines.await {
                        Ok(p) => p,
                        Err(AppError::Forbidden) => return view! { <AccessDenied/> }.erase(),
                        Err(error) => return view! { <ErrorBanner error/> }.erase(),
                    };
                    let q = query.get_untracked();
                    let st = state.get_untracked();
                    let pipeline = q.pipeline.or_else(|| pipes.first().map(|p| p.id)).unwrap_or(0);
                    let stage_names: HashMap<i64, String> = pipes
                        .iter()
                        .flat_map(|p| p.stages.iter().map(|s| (s.id, s.name.clone())))
                        .collect();
                    let names = pipes.iter().map(|p| (p.id, p.name.clone())).collect();
                    let people = people.into_iter().map(|p| (p.id, p.name)).collect();
                    match rows.await {
                        Ok(page) => view! {
                            <BoardFilters query=q.clone() pipelines=names people action="/sales/list" pipeline/>
                            <StatusChips q=q.clone() st=st.clone()/>
                            <DealTable q st page stage_names/>
                        }
                        .erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StatusChips(q: BoardQuery, st: ListState) -> impl IntoView {
    let i18n = use_i18n();
    let options = [
        (None, T::AnyStatus),
        (Some(DealStatus::Open), T::StatusOpen),
        (Some(DealStatus::Won), T::StatusWon),
        (Some(DealStatus::Lost), T::StatusLost),
    ];
    view! {
        <nav class="chips" aria-label=i18n.t(T::Status)>
            {options.into_iter().map(|(s, label)| {
                let href = ListState { status: s, page: 1, ..st.clone() }.href(&q);
                let on = st.status == s;
                view! { <A href=href attr:class=if on { "chip chip--on" } else { "chip" } attr:aria-current=on.then_some("true")>{i18n.t(label)}</A> }
            }).collect_view()}
        </nav>
    }
}

#[component]
fn DealTable(
    q: BoardQuery,
    st: ListState,
    page: cairn::domain::customer::Page<cairn::domain::sales::DealCard>,
    stage_names: HashMap<i64, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="empty" data-testid="empty">{i18n.t(T::NothingHere)}</p> }.erase();
    }
    // A header sorts by its column; again, the other way round.
    let head = |sort: DealSort, label: T| {
        let on = st.sort == sort;
        let next = ListState {
            sort,
            desc: on && !st.desc,
            page: 1,
            ..st.clone()
        };
        let aria = match (on, st.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let arrow = match (on, st.desc) {
            (false, _) => "",
            (true, false) => " ▲",
            (true, true) => " ▼",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <A href=next.href(&q) attr:class="sort-link" attr:data-sort=sort.as_str()>{i18n.t(label)}{arrow}</A>
            </th>
        }
    };
    let prev = (page.page > 1).then(|| {
        ListState {
            page: page.page - 1,
            ..st.clone()
        }
        .href(&q)
    });
    let next = page.has_next().then(|| {
        ListState {
            page: page.page + 1,
            ..st.clone()
        }
        .href(&q)
    });
    let info = i18n
        .t(T::PageOf)
        .replace("{p}", &page.page.to_string())
        .replace("{n}", &page.pages().to_string())
        .replace("{t}", &page.total_label());
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="deals-table">
                <thead>
                    <tr>
                        {head(DealSort::Title, T::Deal)}
                        <th scope="col" class="hide-sm">{i18n.t(T::Account)}</th>
                        {head(DealSort::Board, T::StageLabel)}
                        {head(DealSort::Amount, T::AmountLabel)}
                        {head(DealSort::Probability, T::ProbabilityLabel)}
                        <th scope="col" class="hide-sm num">{i18n.t(T::WeightedLabel)}</th>
                        {head(DealSort::Close, T::ExpectedClose)}
                        <th scope="col" class="hide-sm">{i18n.t(T::Owner)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|d| {
                        let stage = match d.status {
                            DealStatus::Open => stage_names.get(&d.stage_id).cloned().unwrap_or_default(),
                            s => i18n.t(status_label(s)).to_owned(),
                        };
                        let key = d.title.clone();
                        let title = d.title.clone();
                        let weighted = money(d.weighted(), &d.currency);
                        view! {
                            <tr data-deal=key>
                                <td><A href=format!("/sales/deals/{}", d.id) attr:class="link-strong">{title}</A></td>
                                <td class="hide-sm">{d.account.as_ref().map(|a| a.name.clone()).unwrap_or_default()}</td>
                                <td><span class=format!("pill pill--{}", d.status.as_str())>{stage}</span></td>
                                <td class="num" data-testid="amount">{money(d.amount, &d.currency)}</td>
                                <td class="num">{format!("{} %", d.probability)}</td>
                                <td class="num hide-sm">{weighted}</td>
                                <td>{d.expected_close.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td class="hide-sm">{d.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager">
            <span class="pager__info" data-testid="pager-info">{info}</span>
            {prev.map(|h| view! { <A href=h attr:class="btn btn--sm" attr:rel="prev">{i18n.t(T::Prev)}</A> })}
            {next.map(|h| view! { <A href=h attr:class="btn btn--sm" attr:rel="next">{i18n.t(T::Next)}</A> })}
        </nav>
    }
    .erase()
}
