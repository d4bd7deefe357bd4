//! Creating and editing an account. The domain's rules run here first
//! (instant feedback) and again on the server (authoritative).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::fields::split_tags;
use cairn::domain::customer::{AccountInput, AccountView, Lifecycle};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{field_error, lifecycle_label, parse_amount, parse_id};
use crate::api::customers::{Directory, SaveAccount, customer_directory, get_account};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

/// `/customers/accounts/new` and `/customers/accounts/:id/edit`.
#[component]
pub fn AccountEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| parse_id(&s));
    let existing = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_account(id).await.map(Some),
            None => Ok(None),
        }
    });
    let directory = Resource::new(|| (), |_| customer_directory());
    view! {
        <Title text=move || if id().is_some() { i18n.t(T::EditAccount) } else { i18n.t(T::NewAccount) }/>
        <section class="page page--narrow">
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let dir = directory.await.unwrap_or_default();
                    match existing.await {
                        Ok(acc) => view! { <AccountForm existing=acc dir/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountForm(existing: Option<AccountView>, dir: Directory) -> impl IntoView {
    let i18n = use_i18n();
    let start = existing
        .as_ref()
        .map(AccountView::to_input)
        .unwrap_or_default();
    let id = existing.as_ref().map(|a| a.id);
    let version = existing.as_ref().map(|a| a.version).unwrap_or(0);
    let name = RwSignal::new(start.name.clone());
    let industry = RwSignal::new(start.industry.clone());
    let source = RwSignal::new(start.source.clone());
    let website = RwSignal::new(start.website.clone());
    let phone = RwSignal::new(start.phone.clone());
    let email = RwSignal::new(start.email.clone());
    let address = RwSignal::new(start.address.clone());
    let owner = RwSignal::new(start.owner_id.map(|o| o.to_string()).unwrap_or_default());
    let team = RwSignal::new(start.team_id.map(|o| o.to_string()).unwrap_or_default());
    let tags = RwSignal::new(start.tags.join(", "));
    let lifecycle = RwSignal::new(
        start
            .lifecycle
            .unwrap_or(Lifecycle::Prospect)
            .as_str()
            .to_owned(),
    );
    let revenue = RwSignal::new(
        start
            .annual_revenue
            .map(|r| r.to_string())
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(start.notes.clone());
    let save = ServerAction::<SaveAccount>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(
                &format!("/customers/accounts/{}", saved.id),
                Default::default(),
            );
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let annual_revenue = match parse_amount("annual_revenue", &revenue.get_untracked()) {
            Ok(v) => v,
            Err(e) => return local_error.set(Some(e)),
        };
        let input = AccountInput {
            name: name.get_untracked(),
            industry: industry.get_untracked(),
            source: source.get_untracked(),
            website: website.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            address: address.get_untracked(),
            owner_id: parse_id(&owner.get_untracked()),
            team_id: parse_id(&team.get_untracked()),
            tags: split_tags(&tags.get_untracked()),
            lifecycle: Lifecycle::parse(&lifecycle.get_untracked()),
            annual_revenue,
            notes: notes.get_untracked(),
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveAccount { id, version, input });
    };
    let title = if id.is_some() {
        T::EditAccount
    } else {
        T::NewAccount
    };
    let cancel = id
        .map(|i| format!("/customers/accounts/{i}"))
        .unwrap_or_else(|| "/customers".to_owned());
    view! {
        <h1 class="page__title">{i18n.t(title)}</h1>
        <form class="form form--grid panel" on:submit=on_submit data-testid="account-form" novalidate>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Name)}" *"</span>
                <input class="input" name="name" required bind:value=name autocomplete="organization"/>
                {field_error(error, "name")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Industry)}</span>
                <input class="input" name="industry" list="industries" bind:value=industry/>
                <datalist id="industries">{dir.industries.into_iter().map(|i| view! { <option value=i/> }).collect_view()}</datalist>
                {field_error(error, "industry")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Source)}</span>
                <input class="input" name="source" bind:value=source/>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Website)}</span>
                <input class="input" name="website" bind:value=website placeholder="example.com"/>
                {field_error(error, "website")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Phone)}</span>
                <input class="input" name="phone" type="tel" bind:value=phone/>
                {field_error(error, "phone")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Email)}</span>
                <input class="input" name="email" type="email" bind:value=email/>
                {field_error(error, "email")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Lifecycle)}</span>
                <select class="input" name="lifecycle" bind:value=lifecycle>
                    {Lifecycle::ALL.into_iter().map(|l| view! { <option value=l.as_str()>{i18n.t(lifecycle_label(l))}</option> }).collect_view()}
                </select>
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
                <span class="field__label">{i18n.t(T::Team)}</span>
                <select class="input" name="team" bind:value=team>
                    <option value="">"—"</option>
                    {dir.teams.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                </select>
                {field_error(error, "team")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::AnnualRevenue)}</span>
                <input class="input" name="annual_revenue" inputmode="numeric" bind:value=revenue/>
                {field_error(error, "annual_revenue")}
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
                {field_error(error, "address")}
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Notes)}</span>
                <textarea class="input" name="notes" rows="4" bind:value=notes></textarea>
                {field_error(error, "notes")}
            </label>
            <div class="form__actions field--wide">
                <button type="submit" class="btn btn--primary" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                <a class="btn btn--ghost" href=cancel>{i18n.t(T::Cancel)}</a>
            </div>
            {move || error.get().map(|error| {
                let conflict = matches!(error, AppError::Conflict { .. });
                view! {
                    <div class="field--wide">
                        <ErrorBanner error/>
                        {conflict.then(|| view! {
                            <button type="button" class="btn btn--sm" on:click=|_| crate::components::reload()>{i18n.t(T::ReloadCurrent)}</button>
                        })}
                    </div>
                }
            })}
        </form>
    }
}
