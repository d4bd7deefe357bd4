//! The 360° view of one account: header with grade, owner and stage; the
//! details; its contacts; one timeline of activities and field changes;
//! sections for deals, tickets and projects as those modules arrive.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{
    AccountView, ContactRow, ListQuery, Page, TimelineItem, TimelinePage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::activity::{ActivityComposer, timeline_item};
use super::{GradeBadge, LifecycleBadge, day, parse_id, when};
use crate::api::customers::{
    Directory, SetAccountDeleted, account_timeline, customer_directory, get_account, list_contacts,
};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::NotFound;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let set_deleted = ServerAction::<SetAccountDeleted>::new();
    let account = Resource::new(
        move || (id.get(), set_deleted.version().get()),
        |(id, _)| get_account(id),
    );
    // Every resource of the page is created here, synchronously, never
    // inside a resolved Suspend: their creation order must be the same on
    // the server and in the browser, or hydration reads the wrong data.
    let saved = RwSignal::new(0u32);
    let directory = Resource::new(|| (), |_| customer_directory());
    let contacts = Resource::new(
        move || (id.get(), saved.get()),
        |(id, _)| {
            list_contacts(
                ListQuery {
                    per_page: 100,
                    ..Default::default()
                },
                false,
                Some(id),
            )
        },
    );
    let first = Resource::new(
        move || (id.get(), saved.get()),
        |(id, _)| account_timeline(id, None),
    );
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(a) => view! { <Title text=a.name.clone()/><Account360 account=a set_deleted saved directory contacts first/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Account360(
    account: AccountView,
    set_deleted: ServerAction<SetAccountDeleted>,
    saved: RwSignal<u32>,
    directory: Resource<Result<Directory, AppError>>,
    contacts: Resource<Result<Page<ContactRow>, AppError>>,
    first: Resource<Result<TimelinePage, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = account;
    let id = a.id;
    let version = a.version;
    let deleted = a.deleted_at.is_some();
    let me = use_session().user.map(|u| u.id).unwrap_or(0);
    let older = RwSignal::new(Vec::<TimelineItem>::new());
    let cursor = RwSignal::new(None);
    let more = Action::new(move |before: &chrono::DateTime<chrono::Utc>| {
        let before = *before;
        async move { account_timeline(id, Some(before)).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = more.value().get() {
            older.update(|o| o.extend(p.items.clone()));
            cursor.set(Some(p.next));
        }
    });
    Effect::new(move |_| {
        saved.track();
        older.set(Vec::new());
        cursor.set(None);
    });
    let facts = facts(&a, i18n);
    view! {
        <header class="record-head" data-testid="account-head">
            <div class="record-head__main">
                <p class="muted small"><A href="/customers">{i18n.t(T::Accounts)}</A></p>
                <h1 class="page__title">
                    <GradeBadge grade=a.grade/>" "<span data-testid="account-name">{a.name.clone()}</span>
                </h1>
                <div class="record-head__meta">
                    <LifecycleBadge lifecycle=a.lifecycle/>
                    <span>{i18n.t(T::Owner)}": "<strong>{a.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default()}</strong></span>
                    {a.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                </div>
            </div>
            <div class="record-head__actions">
                {(!deleted).then(|| view! { <A href=format!("/sales/deals/new?account={id}") attr:class="btn" attr:data-testid="new-deal-for-account">{i18n.t(T::NewDeal)}</A> })}
                {(!deleted).then(|| view! { <A href=format!("/customers/accounts/{id}/edit") attr:class="btn" attr:data-testid="edit-account">{i18n.t(T::Edit)}</A> })}
                <a href=format!("/customers/accounts/{id}/print") class="btn" data-testid="print-account">{i18n.t(T::PrintableView)}</a>
                <button type="button" class="btn" class:btn--danger=!deleted data-testid="trash-toggle"
                    on:click=move |_| { set_deleted.dispatch(SetAccountDeleted { id, version, deleted: !deleted }); }>
                    {if deleted { i18n.t(T::Restore) } else { i18n.t(T::MoveToTrash) }}
                </button>
            </div>
        </header>
        {move || set_deleted.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
        {deleted.then(|| view! { <p class="banner banner--warn" role="status">{i18n.t(T::InTrash)}</p> })}
        <div class="three-sixty">
            <div class="three-sixty__side">
                <section class="panel">
                    <h2 class="panel__title">{i18n.t(T::Details)}</h2>
                    <dl class="facts">
                        {facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <dt>{i18n.t(k)}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                    {(!a.notes.is_empty()).then(|| view! { <p class="notes">{a.notes.clone()}</p> })}
                </section>
                <section class="panel" data-testid="contacts-panel">
                    <div class="panel__head">
                        <h2 class="panel__title">{i18n.t(T::Contacts360)}</h2>
                        {(!deleted).then(|| view! { <A href=format!("/customers/contacts/new?account={id}") attr:class="btn btn--sm" attr:data-testid="add-contact">{i18n.t(T::AddContact)}</A> })}
                    </div>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = contacts.await.map(|p| p.items).unwrap_or_default();
                            if list.is_empty() {
                                view! { <p class="muted">{i18n.t(T::NoContacts)}</p> }.erase()
                            } else {
                                view! {
                                    <ul class="people">
                                        {list.into_iter().map(|c| { let key = c.name.clone(); view! {
                                            <li data-contact=key>
                                                <A href=format!("/customers/contacts/{}", c.id) attr:class="link-strong">{c.name.clone()}</A>
                                                <span class="muted small">{c.title.clone()}</span>
                                                <span class="small">{c.email.clone()}</span>
                                                <span class="small">{c.phone.clone()}</span>
                                            </li>
                                        }}).collect_view()}
                                    </ul>
                                }.erase()
                            }
                        })}
                    </Transition>
                </section>
                <AccountProjects account_id=id deleted/>
                <AccountDeals account_id=id/>
                <super::account_links::AccountTickets account_id=id deleted/>
                <super::account_links::AccountCampaigns account_id=id/>
            </div>
            <div class="three-sixty__main">
                {(!deleted).then(|| view! {
                    <section class="panel">
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let people = directory.await.map(|d| d.people).unwrap_or_default();
                                view! { <ActivityComposer account_id=Some(id) contact_id=None lead_id=None people me saved/> }
                            })}
                        </Suspense>
                    </section>
                })}
                <section class="panel" aria-labelledby="timeline-title">
                    <h2 id="timeline-title" class="panel__title">{i18n.t(T::Timeline)}</h2>
                    <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            match first.await {
                                Ok(page) => {
                                    let empty = page.items.is_empty();
                                    let first_next = page.next;
                                    view! {
                                        <ol class="timeline" data-testid="timeline">
                                            {page.items.into_iter().map(timeline_item).collect_view()}
                                            {move || older.get().into_iter().map(timeline_item).collect_view()}
                                        </ol>
                                        {empty.then(|| view! { <p class="muted">{i18n.t(T::TimelineEmpty)}</p> })}
                                        {move || {
                                            let next = cursor.get().unwrap_or(first_next);
                                            next.map(|before| view! {
                                                <button type="button" class="btn btn--sm" data-testid="show-older"
                                                    disabled=move || more.pending().get()
                                                    on:click=move |_| { more.dispatch(before); }>
                                                    {i18n.t(T::ShowOlder)}
                                                </button>
                                            })
                                        }}
                                    }.erase()
                                }
                                Err(error) => view! { <ErrorBanner error/> }.erase(),
                            }
                        })}
                    </Transition>
                </section>
            </div>
        </div>
    }
}

/// The account's delivery projects (those the reader may see) with their
/// forecast go-live and health, and "New project".
#[component]
fn AccountProjects(account_id: i64, deleted: bool) -> impl IntoView {
    let i18n = use_i18n();
    // Loaded by the browser once the page is hydrated: a panel streamed
    // in by the server could arrive after hydration began, which breaks it.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <section class="panel" data-testid="projects-panel">
            <div class="panel__head">
                <h2 class="panel__title">{i18n.t(T::Projects)}</h2>
                {(!deleted).then(|| view! {
                    <A href=format!("/projects/new?account={account_id}") attr:class="btn btn--sm" attr:data-testid="new-project-for-account">{i18n.t(T::NewProject)}</A>
                })}
            </div>
            {move || mounted.get().then(|| view! {
                <crate::pages::projects::delivery::AccountDelivery account_id/>
            })}
        </section>
    }
}

/// The account's deals (every pipeline) with totals per currency; hidden
/// from readers without access to sales.
#[component]
fn AccountDeals(account_id: i64) -> impl IntoView {
    // Not even asked for by readers without sales (a refused request is
    // an error in the browser's console).
    let may_read = super::account_links::may_read(cairn::domain::Module::Sales);
    if !may_read {
        return ().erase();
    }
    // Loaded by the browser once hydrated, as the projects panel is.
    let deals = LocalResource::new(move || crate::api::sales::account_deals(account_id));
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    (move || {
        mounted.get().then(|| {
            view! {
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match deals.await {
                            Ok(list) => view! { <DealsPanel account_id deals=list/> }.erase(),
                            Err(AppError::Forbidden) => ().erase(),
                            Err(error) => view! { <ErrorBanner error/> }.erase(),
                        }
                    })}
                </Transition>
            }
        })
    })
    .erase()
}

#[component]
fn DealsPanel(account_id: i64, deals: Vec<cairn::domain::sales::DealCard>) -> impl IntoView {
    let i18n = use_i18n();
    let totals = cairn::domain::customer::deal_totals(&deals);
    view! {
        <section class="panel" data-testid="deals-panel">
            <div class="panel__head">
                <h2 class="panel__title">{i18n.t(T::Deals)}</h2>
                <A href=format!("/sales/deals/new?account={account_id}") attr:class="btn btn--sm">{i18n.t(T::NewDeal)}</A>
            </div>
            {if deals.is_empty() {
                view! { <p class="muted small">{i18n.t(T::NoDeals)}</p> }.erase()
            } else {
                view! {
                    <super::account_print::DealTotalsLine totals/>
                    <ul class="people">
                        {deals.into_iter().map(|d| view! {
                            <li data-testid="account-deal">
                                <A href=format!("/sales/deals/{}", d.id) attr:class="link-strong">{d.title.clone()}</A>
                                <span class="small muted">{format!("{} · {}",
                                    super::account_print::money(d.amount, &d.currency),
                                    i18n.t(crate::pages::sales::status_label(d.status)))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}

/// The account's details as label and value (empty values included; the
/// views leave them out).
pub(super) fn facts(a: &AccountView, i18n: crate::i18n::I18n) -> Vec<(T, String)> {
    vec![
        (T::Industry, a.industry.clone()),
        (T::Source, a.source.clone()),
        (T::Website, a.website.clone()),
        (T::Phone, a.phone.clone()),
        (T::Email, a.email.clone()),
        (T::Address, a.address.clone()),
        (
            T::AnnualRevenue,
            a.annual_revenue.map(|r| r.to_string()).unwrap_or_default(),
        ),
        (
            T::Team,
            a.team.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
        ),
        (
            T::LastActivity,
            a.last_activity_at
                .map(when)
                .unwrap_or_else(|| i18n.t(T::Never).to_owned()),
        ),
        (T::Created, day(Some(a.created_at))),
    ]
}
