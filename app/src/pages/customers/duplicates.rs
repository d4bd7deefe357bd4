//! The review queue of duplicates: groups of accounts or contacts that
//! look like one organisation or person, why (same email, phone, address,
//! names so alike), and per group "Review and merge" or "Not duplicates";
//! below it, the "not duplicates" marks and the recent merges, each with
//! a way to take it back.

use crate::erased::Erase;
use cairn::domain::customer::merge::{Dismissal, MergeKind, MergeSummary, ReviewGroup, ReviewLink};
use cairn::domain::import::dedupe::Reason;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::CustomerTabs;
use crate::api::merge::{
    DismissDuplicates, UndoDismissal, UndoMerge, duplicate_groups, list_dismissals, merge_history,
};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{I18n, T, use_i18n};

/// Groups shown at first (and added by "Show more"): a big file proposes
/// hundreds.
const PAGE: usize = 50;

/// `?kind=contact` (accounts otherwise).
pub fn kind_of(q: &leptos_router::params::ParamsMap) -> MergeKind {
    q.get("kind")
        .and_then(|k| MergeKind::parse(&k))
        .unwrap_or(MergeKind::Account)
}

#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = Memo::new(move |_| kind_of(&query.read()));
    let dismiss = ServerAction::<DismissDuplicates>::new();
    let undo = ServerAction::<UndoMerge>::new();
    let undismiss = ServerAction::<UndoDismissal>::new();
    let shown = RwSignal::new(PAGE);
    let groups = Resource::new(
        move || {
            (
                kind.get(),
                shown.get(),
                dismiss.version().get(),
                undo.version().get(),
                undismiss.version().get(),
            )
        },
        |(k, n, ..)| duplicate_groups(k, n),
    );
    let dismissals = Resource::new(
        move || {
            (
                kind.get(),
                dismiss.version().get(),
                undismiss.version().get(),
            )
        },
        |(k, ..)| list_dismissals(k),
    );
    let history = Resource::new(
        move || (kind.get(), undo.version().get()),
        |(k, _)| merge_history(k),
    );
    view! {
        <Title text=i18n.t(T::Duplicates)/>
        <section class="page">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::Duplicates)}</h1>
                    <p class="muted">{i18n.t(T::DuplicatesQueueIntro)}</p>
                </div>
            </header>
            <CustomerTabs active="duplicates"/>
            <nav class="chips" aria-label=i18n.t(T::Duplicates)>
                {MergeKind::ALL.into_iter().map(|k| view! {
                    // A plain link (the router still handles it): `<A>` marks
                    // every link to this path current, whatever its query.
                    <a href=format!("/customers/duplicates?kind={}", k.as_str())
                        class="chip" aria-current=move || (kind.get() == k).then_some("page")
                        data-testid=format!("kind-{}", k.as_str())>
                        {i18n.t(kind_label(k))}
                    </a>
                }).collect_view()}
            </nav>
            {move || dismiss.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
            {move || undo.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
            {move || undismiss.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
            {move || undismiss.value().get().and_then(Result::ok).map(|_| view! {
                <p class="banner banner--ok" role="status" data-testid="dismissal-undone">{i18n.t(T::NotDuplicatesUndone)}</p>
            })}
            {move || undo.value().get().and_then(Result::ok).map(|_| view! {
                <p class="banner banner--ok" role="status" data-testid="merge-undone">{i18n.t(T::MergeUndone)}</p>
            })}
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(page) if page.groups.is_empty() => view! { <p class="empty">{i18n.t(T::NoDuplicates)}</p> }.erase(),
                        Ok(page) => {
                            let more = page.groups.len() < page.total;
                            view! {
                                <p class="muted" data-testid="groups-found">{i18n.t(T::GroupsFound).replace("{n}", &page.total.to_string())}</p>
                                <ol class="dup-groups">
                                    {page.groups.into_iter().map(|g| view! { <GroupCard g dismiss/> }).collect_view()}
                                </ol>
                                {more.then(|| view! {
                                    <button type="button" class="btn" data-testid="more-groups"
                                        on:click=move |_| shown.update(|n| *n += PAGE)>{i18n.t(T::ShowMore)}</button>
                                })}
                            }.erase()
                        }
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
            <h2 class="panel__title">{i18n.t(T::MarkedNotDuplicates)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match dismissals.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted small">{i18n.t(T::NothingHere)}</p> }.erase(),
                        Ok(list) => view! {
                            <ul class="merge-history" data-testid="dismissals">
                                {list.into_iter().map(|d| view! { <DismissalRow d undismiss/> }).collect_view()}
                            </ul>
                        }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
            <h2 class="panel__title">{i18n.t(T::MergeHistory)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted small">{i18n.t(T::NothingHere)}</p> }.erase(),
                        Ok(list) => view! {
                            <ul class="merge-history" data-testid="merge-history">
                                {list.into_iter().map(|m| view! { <HistoryRow m undo/> }).collect_view()}
                            </ul>
                        }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

pub fn kind_label(k: MergeKind) -> T {
    match k {
        MergeKind::Account => T::Accounts,
        MergeKind::Contact => T::Contacts,
    }
}

/// Where a record of `kind` lives.
pub fn record_href(kind: MergeKind, id: i64) -> String {
    match kind {
        MergeKind::Account => format!("/customers/accounts/{id}"),
        MergeKind::Contact => format!("/customers/contacts/{id}"),
    }
}

#[component]
fn GroupCard(g: ReviewGroup, dismiss: ServerAction<DismissDuplicates>) -> impl IntoView {
    let i18n = use_i18n();
    let ids = g.ids();
    let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let kind = g.kind;
    // The suggested survivor first: the merge screen keeps the first.
    let mut order = ids.clone();
    if let Some(s) = g.suggested_survivor() {
        order.retain(|&i| i != s);
        order.insert(0, s);
    }
    let merge_href = format!(
        "/customers/duplicates/merge?kind={}&ids={}",
        kind.as_str(),
        order
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let names: std::collections::HashMap<i64, String> =
        g.records.iter().map(|r| (r.id, r.name.clone())).collect();
    let links: Vec<String> = g.links.iter().map(|l| link_text(i18n, l, &names)).collect();
    view! {
        <li class="dup-group panel" data-testid="dup-group" data-ids=id_list>
            <table class="table table--compact">
                <tbody>
                    {g.records.into_iter().map(|r| view! {
                        <tr data-record=r.id>
                            <td><A href=record_href(kind, r.id) attr:class="link-strong">{r.name.clone()}</A></td>
                            <td>{r.email.clone()}</td>
                            <td>{r.phone.clone()}</td>
                            <td>{r.address.clone()}</td>
                            <td>{r.account.as_ref().map(|a| a.name.clone()).or_else(|| r.owner.as_ref().map(|o| o.name.clone())).unwrap_or_default()}</td>
                            <td class="small muted">{i18n.t(T::RelatedCounts)
                                .replace("{d}", &r.deals.to_string())
                                .replace("{a}", &r.activities.to_string())
                                .replace("{c}", &r.contacts.to_string())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <ul class="dup-group__why small muted">
                {links.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
            <div class="dup-group__actions">
                <A href=merge_href attr:class="btn btn--primary" attr:data-testid="review-merge">{i18n.t(T::ReviewMerge)}</A>
                <button type="button" class="btn" data-testid="not-duplicates"
                    disabled=move || dismiss.pending().get()
                    on:click=move |_| { dismiss.dispatch(DismissDuplicates { kind, ids: ids.clone() }); }>
                    {i18n.t(T::NotDuplicates)}
                </button>
            </div>
        </li>
    }
}

/// "Acme Inc ↔ ACME: same phone, names 92% alike".
fn link_text(i18n: I18n, l: &ReviewLink, names: &std::collections::HashMap<i64, String>) -> String {
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let why = l
        .reasons
        .iter()
        .map(|r| reason_text(i18n, r))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{} ↔ {}: {why}", name(l.a), name(l.b))
}

pub fn reason_text(i18n: I18n, r: &Reason) -> String {
    match r {
        Reason::SameEmail => i18n.t(T::ReasonSameEmail).to_owned(),
        Reason::SamePhone => i18n.t(T::ReasonSamePhone).to_owned(),
        Reason::SameAddress => i18n.t(T::ReasonSameAddress).to_owned(),
        Reason::SimilarName(s) => i18n
            .t(T::ReasonSimilarName)
            .replace("{n}", &format!("{:.0}", s * 100.0)),
    }
}

#[component]
fn HistoryRow(m: MergeSummary, undo: ServerAction<UndoMerge>) -> impl IntoView {
    let i18n = use_i18n();
    let id = m.id;
    let merged = m
        .merged
        .iter()
        .map(|n| n.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li data-testid="merge-row" data-merge-id=id>
            <span>{merged}" "<span class="muted">{i18n.t(T::MergedInto)}</span>" "
                <A href=record_href(m.kind, m.survivor.id) attr:class="link-strong">{m.survivor.name.clone()}</A></span>
            <span class="small muted">{format!(" · {} · {}", m.actor.as_ref().map(|a| a.name.clone()).unwrap_or_default(), super::when(m.created_at))}</span>
            {m.undone_at.map(|_| view! {
                <span class="small muted">" · "{i18n.t(T::UndoneByWhom).replace("{who}", &m.undone_by.as_ref().map(|u| u.name.clone()).unwrap_or_default())}</span>
            })}
            {m.undoable.then(|| view! {
                <button type="button" class="btn btn--sm" data-testid="undo-merge"
                    disabled=move || undo.pending().get()
                    on:click=move |_| { undo.dispatch(UndoMerge { id }); }>{i18n.t(T::UndoMerge)}</button>
            })}
        </li>
    }
}

#[component]
fn DismissalRow(d: Dismissal, undismiss: ServerAction<UndoDismissal>) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, ids) = (d.kind, d.ids());
    let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let last = d.records.len().saturating_sub(1);
    view! {
        <li data-testid="dismissal" data-ids=id_list>
            <span>
                {d.records.into_iter().enumerate().map(|(i, r)| view! {
                    <A href=record_href(kind, r.id) attr:class="link-strong">{r.name}</A>
                    {(i < last).then_some(" ≠ ")}
                }).collect_view()}
            </span>
            <span class="small muted">{format!(" · {} · {}", d.actor.map(|a| a.name).unwrap_or_default(), super::when(d.created_at))}</span>
            <button type="button" class="btn btn--sm" data-testid="undo-dismissal"
                disabled=move || undismiss.pending().get()
                on:click=move |_| { undismiss.dispatch(UndoDismissal { kind, ids: ids.clone() }); }>{i18n.t(T::UndoNotDuplicates)}</button>
        </li>
    }
}
