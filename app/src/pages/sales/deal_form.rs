//! Creating and editing a deal. The domain's `DealInput::validated` runs
//! here first (feedback before the round trip) and again on the server.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{ListQuery, Named, RecordKind};
use cairn::domain::sales::money::{COMMON_CURRENCIES, format_amount};
use cairn::domain::sales::{DealInput, DealView, Pipeline};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::customers::{Directory, customer_directory, get_account, list_contacts, search};
use crate::api::sales::{SaveDeal, get_deal, list_pipelines};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};

/// `/sales/deals/new[?account=ID&stage=ID]` and `/sales/deals/:id/edit`.
#[component]
pub fn DealEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| parse_id(&s));
    let existing = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_deal(id).await.map(Some),
            None => Ok(None),
        }
    });
    // A new deal from an account's page starts attached to it.
    let account_param = move || query.read().get("account").and_then(|s| parse_id(&s));
    let start_account = Resource::new(account_param, |a| async move {
        match a {
            Some(a) => get_account(a).await.ok().map(|a| Named {
                id: a.id,
                name: a.name,
            }),
            None => None,
        }
    });
    let pipelines = Resource::new(|| (), |_| list_pipelines());
    let directory = Resource::new(|| (), |_| customer_directory());
    // The form is drawn in the browser only (it needs the wasm to save
    // anyway): its server-rendered markup failed to hydrate when the page
    // was opened directly, and a form that reaches the screen a few
    // milliseconds later beats one that breaks the page.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <Title text=move || if id().is_some() { i18n.t(T::EditDeal) } else { i18n.t(T::NewDeal) }/>
        <section class="page page--narrow">
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || {
                    let ready = mounted.get();
                    Suspend::new(async move {
                    let dir = directory.await.unwrap_or_default();
                    let account = start_account.await;
                    if !ready {
                        return view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase();
                    }
                    let pipes = match pipelines.await {
                        Ok(p) => p,
                        Err(error) => return view! { <ErrorBanner error/> }.erase(),
                    };
                    match existing.await {
                        Ok(d) => view! { <DealForm existing=d pipes dir account/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}}
            </Suspense>
        </section>
    }
}

#[component]
fn DealForm(
    existing: Option<DealView>,
    pipes: Vec<Pipeline>,
    dir: Directory,
    account: Option<Named>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = existing.as_ref().map(|d| d.id);
    let version = existing.as_ref().map(|d| d.version).unwrap_or(0);
    let first = pipes.first().cloned();
    let pipes = StoredValue::new(pipes);
    let e = existing.as_ref();
    let title = RwSignal::new(e.map(|d| d.title.clone()).unwrap_or_default());
    let account = RwSignal::new(e.and_then(|d| d.account.clone()).or(account));
    let contacts = RwSignal::new(
        e.map(|d| d.contacts.iter().map(|c| c.id).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let amount = RwSignal::new(
        e.map(|d| format_amount(d.amount, &d.currency).replace(',', ""))
            .unwrap_or_default(),
    );
    let currency = RwSignal::new(
        e.map(|d| d.currency.clone())
            .unwrap_or_else(|| "CNY".into()),
    );
    let close = RwSignal::new(
        e.and_then(|d| d.expected_close)
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let pipeline = RwSignal::new(
        e.map(|d| d.pipeline_id)
            .or(first.as_ref().map(|p| p.id))
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let stage = RwSignal::new(
        e.map(|d| d.stage_id)
            .or(first.as_ref().and_then(|p| p.stages.first().map(|s| s.id)))
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let probability = RwSignal::new(
        e.filter(|d| d.probability_overridden)
            .map(|d| d.probability.to_string())
            .unwrap_or_default(),
    );
    let owner = RwSignal::new(
        e.and_then(|d| d.owner.as_ref().map(|o| o.id.to_string()))
            .unwrap_or_default(),
    );
    let notes = RwSignal::new(e.map(|d| d.notes.clone()).unwrap_or_default());

    let stages_of = move |p: &str| {
        let p = parse_id(p);
        pipes.with_value(|ps| {
            ps.iter()
                .find(|x| Some(x.id) == p)
                .map(|x| x.stages.clone())
                .unwrap_or_default()
        })
    };
    // Another pipeline: its first stage.
    let on_pipeline = move |_| {
        let first = stages_of(&pipeline.get_untracked())
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default();
        stage.set(first);
    };
    let stage_default = move || {
        let s = parse_id(&stage.get());
        stages_of(&pipeline.get())
            .into_iter()
            .find(|x| Some(x.id) == s)
            .map(|x| x.probability)
            .unwrap_or(0)
    };

    let save = ServerAction::<SaveDeal>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(&format!("/sales/deals/{}", saved.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let p = probability.get_untracked();
        let probability = if p.trim().is_empty() {
            None
        } else {
            match p.trim().parse::<u8>() {
                Ok(v) => Some(v),
                Err(_) => {
                    return local_error.set(Some(AppError::invalid(
                        "probability",
                        "must be between 0 and 100",
                    )));
                }
            }
        };
        let expected_close = match close.get_untracked().trim() {
            "" => None,
            s => match s.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    return local_error
                        .set(Some(AppError::invalid("expected_close", "is not a date")));
                }
            },
        };
        let input = DealInput {
            title: title.get_untracked(),
            account_id: account.get_untracked().map(|a| a.id),
            contact_ids: contacts.get_untracked(),
            amount: amount.get_untracked(),
            currency: currency.get_untracked(),
            expected_close,
            owner_id: parse_id(&owner.get_untracked()),
            team_id: None,
            pipeline_id: parse_id(&pipeline.get_untracked()).unwrap_or(0),
            stage_id: parse_id(&stage.get_untracked()).unwrap_or(0),
            probability,
            notes: notes.get_untracked(),
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveDeal { id, version, input });
    };
    let heading = if id.is_some() {
        T::EditDeal
    } else {
        T::NewDeal
    };
    let cancel = id
        .map(|i| format!("/sales/deals/{i}"))
        .unwrap_or_else(|| "/sales".to_owned());
    let closed = existing
        .as_ref()
        .is_some_and(|d| d.status != cairn::domain::sales::DealStatus::Open);
    view! {
        <h1 class="page__title">{i18n.t(heading)}</h1>
        <form class="form form--grid panel" on:submit=on_submit data-testid="deal-form" novalidate>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::DealTitle)}" *"</span>
                <input class="input" name="title" required bind:value=title/>
                {field_error(error, "title")}
            </label>
            <div class="field field--wide">
                <span class="field__label">{i18n.t(T::Account)}</span>
                <AccountPicker account/>
                {field_error(error, "account_id")}
            </div>
            <ContactChoice account contacts/>
            <label class="field">
                <span class="field__label">{i18n.t(T::AmountLabel)}" *"</span>
                <input class="input" name="amount" inputmode="decimal" bind:value=amount placeholder="12500"/>
                {field_error(error, "amount")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                <input class="input" name="currency" list="currencies" bind:value=currency maxlength="3"/>
                <datalist id="currencies">{COMMON_CURRENCIES.into_iter().map(|c| view! { <option value=c/> }).collect_view()}</datalist>
                {field_error(error, "currency")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::PipelineLabel)}</span>
                <select class="input" name="pipeline" bind:value=pipeline on:change=on_pipeline disabled=closed>
                    {pipes.with_value(|ps| ps.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view())}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::StageLabel)}</span>
                <select class="input" name="stage" bind:value=stage disabled=closed>
                    {move || stages_of(&pipeline.get()).into_iter().map(|s| {
                        let sid = s.id.to_string();
                        let selected = stage.get_untracked() == sid;
                        view! { <option value=sid selected=selected>{format!("{} · {} %", s.name, s.probability)}</option> }
                    }).collect_view()}
                </select>
                {closed.then(|| view! { <span class="field__hint">{i18n.t(T::NoStageYet)}</span> })}
                {field_error(error, "stage_id")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ProbabilityLabel)}</span>
                <input class="input" name="probability" inputmode="numeric" bind:value=probability placeholder=move || stage_default().to_string()/>
                <span class="field__hint">{move || i18n.t(T::ProbabilityHint).replace("{p}", &stage_default().to_string())}</span>
                {field_error(error, "probability")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ExpectedClose)}</span>
                <input class="input" name="expected_close" type="date" bind:value=close/>
                {field_error(error, "expected_close")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Owner)}</span>
                <select class="input" name="owner" bind:value=owner>
                    <option value="">"—"</option>
                    {dir.people.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
                {field_error(error, "owner")}
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

/// Finds an account by typing (the search box's index, accounts only).
#[component]
pub(crate) fn AccountPicker(account: RwSignal<Option<Named>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    // Local: typed in the browser, never rendered by the server.
    let hits = LocalResource::new(move || {
        let q = text.get();
        async move {
            if q.trim().chars().count() < 1 {
                return Vec::new();
            }
            search(q)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|h| h.kind == RecordKind::Account)
                .collect::<Vec<_>>()
        }
    });
    view! {
        {move || match account.get() {
            Some(a) => view! {
                <div class="picked">
                    <strong data-testid="picked-account">{a.name}</strong>
                    <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| account.set(None)>{i18n.t(T::ClearChoice)}</button>
                </div>
            }.erase(),
            None => view! {
                <div class="picker">
                    <input class="input" type="search" name="account_search" placeholder=i18n.t(T::FindAccount)
                        aria-label=i18n.t(T::FindAccount) bind:value=text autocomplete="off"/>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let hits = hits.await;
                            (!hits.is_empty()).then(|| view! {
                                <ul class="picker__hits" data-testid="account-hits">
                                    {hits.into_iter().map(|h| {
                                        let named = Named { id: h.id, name: h.title.clone() };
                                        view! {
                                            <li><button type="button" class="picker__hit" on:click=move |_| account.set(Some(named.clone()))>
                                                {h.title.clone()}<span class="muted small">" "{h.detail.clone()}</span>
                                            </button></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })
                        })}
                    </Transition>
                </div>
            }.erase(),
        }}
    }
}

/// The chosen account's contacts, as checkboxes.
#[component]
fn ContactChoice(account: RwSignal<Option<Named>>, contacts: RwSignal<Vec<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    // Fetched in the browser once the form is there (the server renders
    // the form without them, so hydration has nothing to disagree on).
    let people = LocalResource::new(move || {
        let a = account.get().map(|a| a.id);
        async move {
            match a {
                Some(a) => list_contacts(ListQuery::default(), false, Some(a))
                    .await
                    .map(|p| p.items)
                    .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let people = people.await;
                (!people.is_empty()).then(|| view! {
                    <fieldset class="field field--wide choice">
                        <legend class="field__label">{i18n.t(T::ContactsOfAccount)}</legend>
                        {people.into_iter().map(|p| {
                            let pid = p.id;
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="contacts" value=pid.to_string()
                                        prop:checked=move || contacts.with(|c| c.contains(&pid))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            contacts.update(|c| {
                                                c.retain(|x| *x != pid);
                                                if on { c.push(pid); }
                                            });
                                        }/>
                                    {p.name.clone()}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })
            })}
        </Transition>
    }
}
