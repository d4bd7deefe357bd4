//! Contacts: the list, a contact's page (details, edit, activities) and
//! the new-contact form (optionally at an account: `?account=ID`).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::fields::split_tags;
use cairn::domain::customer::{ContactInput, ContactRow, ContactView, ListQuery, Page, RecordKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::activity::{ActivityComposer, ActivityItem};
use super::{CustomerTabs, GradeBadge, Pager, field_error, parse_id, use_list_query};
use crate::api::customers::{
    Directory, SaveContact, SetContactDeleted, customer_directory, get_account, get_contact,
    list_contacts, record_activities,
};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::NotFound;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), |q| list_contacts(q, false, None));
    view! {
        <Title text=i18n.t(T::Contacts)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::Contacts)}</h1>
                <div class="page__actions">
                    <crate::components::export_links::ExportLinks list="contacts" query=Signal::derive(move || query.get().to_query_string())/>
                    <A href="/customers/contacts/new" attr:class="btn btn--primary">{i18n.t(T::NewContact)}</A>
                </div>
            </header>
            <CustomerTabs active="contacts"/>
            <Form method="GET" action="/customers/contacts" attr:class="filters">
                <input class="input filters__q" type="search" name="q" prop:value=move || query.get().q placeholder=i18n.t(T::FilterText) aria-label=i18n.t(T::FilterText)/>
                <input class="input input--sm filters__tag" name="tag" prop:value=move || query.get().tag.unwrap_or_default() placeholder=i18n.t(T::TagFilter) aria-label=i18n.t(T::TagFilter)/>
                <label class="check"><input type="checkbox" name="mine" value="1" prop:checked=move || query.get().mine/>" "{i18n.t(T::OnlyMine)}</label>
                <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
                <A href="/customers/contacts" attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <ContactTable query=query.get_untracked() page=p base="/customers/contacts"/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ContactTable(query: ListQuery, page: Page<ContactRow>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="empty">{i18n.t(T::NothingHere)}</p> }.erase();
    }
    let rows = page.items.clone();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="contacts-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::PersonName)}</th>
                        <th scope="col">{i18n.t(T::Account)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::JobTitle)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Email)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Phone)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Owner)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|c| { let key = c.name.clone(); view! {
                        <tr data-contact=key>
                            <td><A href=format!("/customers/contacts/{}", c.id) attr:class="link-strong">{c.name.clone()}</A></td>
                            <td>
                                {c.account_grade.map(|grade| view! { <GradeBadge grade/>" " })}
                                {c.account.map(|a| view! { <A href=format!("/customers/accounts/{}", a.id)>{a.name}</A> })}
                            </td>
                            <td class="hide-sm">{c.title.clone()}</td>
                            <td class="hide-sm">{c.email.clone()}</td>
                            <td class="hide-sm">{c.phone.clone()}</td>
                            <td class="hide-sm">{c.owner.map(|o| o.name).unwrap_or_default()}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager base query page/>
    }
    .erase()
}

/// `/customers/contacts/new[?account=ID]`.
#[component]
pub fn ContactNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let account_id = query
        .read_untracked()
        .get("account")
        .and_then(|s| parse_id(&s));
    let account = Resource::new(
        move || account_id,
        |id| async move {
            match id {
                Some(id) => get_account(id).await.ok().map(|a| (a.id, a.name)),
                None => None,
            }
        },
    );
    let directory = Resource::new(|| (), |_| customer_directory());
    view! {
        <Title text=i18n.t(T::NewContact)/>
        <section class="page page--narrow">
            <h1 class="page__title">{i18n.t(T::NewContact)}</h1>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let dir = directory.await.unwrap_or_default();
                    let acc = account.await;
                    let start = ContactInput { account_id: acc.as_ref().map(|a| a.0), ..Default::default() };
                    view! { <ContactForm id=None version=0 start account_name=acc.map(|a| a.1) dir/> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ContactForm(
    id: Option<i64>,
    version: i64,
    start: ContactInput,
    account_name: Option<String>,
    dir: Directory,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(start.name.clone());
    let title = RwSignal::new(start.title.clone());
    let email = RwSignal::new(start.email.clone());
    let phone = RwSignal::new(start.phone.clone());
    let address = RwSignal::new(start.address.clone());
    let owner = RwSignal::new(start.owner_id.map(|o| o.to_string()).unwrap_or_default());
    let tags = RwSignal::new(start.tags.join(", "));
    let notes = RwSignal::new(start.notes.clone());
    let account_id = start.account_id;
    let save = ServerAction::<SaveContact>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            let to = match (id, saved.account.as_ref()) {
                (None, Some(a)) => format!("/customers/accounts/{}", a.id),
                _ => format!("/customers/contacts/{}", saved.id),
            };
            if id.is_some() {
                crate::components::reload();
            } else {
                navigate(&to, Default::default());
            }
        }
    });
    let team_id = start.team_id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let input = ContactInput {
            account_id,
            name: name.get_untracked(),
            title: title.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            address: address.get_untracked(),
            owner_id: parse_id(&owner.get_untracked()),
            team_id,
            tags: split_tags(&tags.get_untracked()),
            notes: notes.get_untracked(),
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveContact { id, version, input });
    };
    view! {
        <form class="form form--grid panel" on:submit=on_submit data-testid="contact-form" novalidate>
            {account_name.map(|n| view! { <p class="field--wide muted">{i18n.t(T::Account)}": "<strong>{n}</strong></p> })}
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::PersonName)}" *"</span>
                <input class="input" name="name" bind:value=name autocomplete="name"/>
                {field_error(error, "name")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::JobTitle)}</span>
                <input class="input" name="title" bind:value=title/>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Email)}</span>
                <input class="input" name="email" type="email" bind:value=email/>
                {field_error(error, "email")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Phone)}</span>
                <input class="input" name="phone" type="tel" bind:value=phone/>
                {field_error(error, "phone")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Owner)}</span>
                <select class="input" name="owner" bind:value=owner>
                    <option value="">"—"</option>
                    {dir.people.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
                {field_error(error, "owner")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Tags)}</span>
                <input class="input" name="tags" bind:value=tags/>
                <span class="field__hint">{i18n.t(T::TagsHint)}</span>
                {field_error(error, "tags")}
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Address)}</span>
                <textarea class="input" name="address" rows="2" bind:value=address></textarea>
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Notes)}</span>
                <textarea class="input" name="notes" rows="3" bind:value=notes></textarea>
            </label>
            <div class="form__actions field--wide">
                <button type="submit" class="btn btn--primary" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || error.get().map(|error| {
                    let conflict = matches!(error, AppError::Conflict { .. });
                    view! {
                        <ErrorBanner error/>
                        {conflict.then(|| view! { <button type="button" class="btn btn--sm" on:click=|_| crate::components::reload()>{i18n.t(T::ReloadCurrent)}</button> })}
                    }
                })}
            </div>
        </form>
    }
}

/// One contact: details, an edit form, activities and the composer.
#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let set_deleted = ServerAction::<SetContactDeleted>::new();
    let contact = Resource::new(
        move || (id.get(), set_deleted.version().get()),
        |(id, _)| get_contact(id),
    );
    let directory = Resource::new(|| (), |_| customer_directory());
    // Created here, not inside the Suspend: see `AccountPage`.
    let saved = RwSignal::new(0u32);
    let activities = Resource::new(
        move || (id.get(), saved.get()),
        |(id, _)| record_activities(RecordKind::Contact, id),
    );
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let dir = directory.await.unwrap_or_default();
                    match contact.await {
                        Ok(c) => view! { <Title text=c.name.clone()/><ContactDetail contact=c dir set_deleted saved activities/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ContactDetail(
    contact: ContactView,
    dir: Directory,
    set_deleted: ServerAction<SetContactDeleted>,
    saved: RwSignal<u32>,
    activities: Resource<Result<Vec<cairn::domain::customer::ActivityView>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = contact;
    let (id, version, deleted) = (c.id, c.version, c.deleted_at.is_some());
    let me = use_session().user.map(|u| u.id).unwrap_or(0);
    let editing = RwSignal::new(false);
    let people = dir.people.clone();
    let start = c.to_input();
    let account_name = c.account.as_ref().map(|a| a.name.clone());
    view! {
        <header class="record-head">
            <div class="record-head__main">
                <p class="muted small"><A href="/customers/contacts">{i18n.t(T::Contacts)}</A></p>
                <h1 class="page__title" data-testid="contact-name">{c.name.clone()}</h1>
                <div class="record-head__meta">
                    <span>{c.title.clone()}</span>
                    {c.account.clone().map(|a| view! {
                        {c.account_grade.map(|grade| view! { <GradeBadge grade/> })}
                        <A href=format!("/customers/accounts/{}", a.id) attr:class="link-strong">{a.name}</A>
                    })}
                    {c.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                </div>
            </div>
            <div class="record-head__actions">
                {(!deleted).then(|| view! { <button type="button" class="btn" on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button> })}
                <button type="button" class="btn" class:btn--danger=!deleted
                    on:click=move |_| { set_deleted.dispatch(SetContactDeleted { id, version, deleted: !deleted }); }>
                    {if deleted { i18n.t(T::Restore) } else { i18n.t(T::MoveToTrash) }}
                </button>
            </div>
        </header>
        {move || set_deleted.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
        {deleted.then(|| view! { <p class="banner banner--warn" role="status">{i18n.t(T::InTrash)}</p> })}
        <Show when=move || editing.get()>
            <ContactForm id=Some(id) version start=start.clone() account_name=account_name.clone() dir=dir.clone()/>
        </Show>
        <div class="three-sixty">
            <div class="three-sixty__side">
                <section class="panel">
                    <h2 class="panel__title">{i18n.t(T::Details)}</h2>
                    <dl class="facts">
                        {[(T::Email, c.email.clone()), (T::Phone, c.phone.clone()), (T::Address, c.address.clone()), (T::Owner, c.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default())]
                            .into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <dt>{i18n.t(k)}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                    {(!c.notes.is_empty()).then(|| view! { <p class="notes">{c.notes.clone()}</p> })}
                </section>
            </div>
            <div class="three-sixty__main">
                {(!deleted).then(|| view! {
                    <section class="panel">
                        <ActivityComposer account_id=None contact_id=Some(id) lead_id=None people=people.clone() me saved/>
                    </section>
                })}
                <section class="panel">
                    <h2 class="panel__title">{i18n.t(T::Activities)}</h2>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = activities.await.unwrap_or_default();
                            view! { <ol class="timeline">{list.into_iter().map(|activity| view! { <ActivityItem activity/> }).collect_view()}</ol> }
                        })}
                    </Transition>
                </section>
            </div>
        </div>
    }
}
