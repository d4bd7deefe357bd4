//! Leads: the list, capture, qualify / disqualify, and conversion into an
//! account and a contact with duplicate warnings.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{
    ConvertPlan, ConvertTarget, LeadInput, LeadStatus, LeadView, RecordKind,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_params_map};

use super::activity::{ActivityComposer, ActivityItem};
use super::{
    CustomerTabs, GradeBadge, Pager, day, field_error, parse_id, status_label, use_list_query,
};
use crate::api::customers::{
    ConvertLead, SaveLead, SetLeadDeleted, SetLeadStatus, customer_directory, get_lead,
    lead_matches, list_leads, record_activities,
};
use crate::api::marketing::campaign_options;
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::NotFound;

#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), |q| list_leads(q, false));
    view! {
        <Title text=i18n.t(T::Leads)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::Leads)}</h1>
                <div class="page__actions">
                    <crate::components::export_links::ExportLinks list="leads" query=Signal::derive(move || query.get().to_query_string())/>
                    <A href="/customers/leads/new" attr:class="btn btn--primary" attr:data-testid="new-lead">{i18n.t(T::NewLead)}</A>
                </div>
            </header>
            <CustomerTabs active="leads"/>
            <Form method="GET" action="/customers/leads" attr:class="filters">
                <input class="input filters__q" type="search" name="q" prop:value=move || query.get().q placeholder=i18n.t(T::FilterText) aria-label=i18n.t(T::FilterText)/>
                <select class="input input--sm" name="status" aria-label=i18n.t(T::LeadStatusLabel)>
                    <option value="">{i18n.t(T::AnyStatus)}</option>
                    {LeadStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() prop:selected=move || query.get().status == Some(s)>{i18n.t(status_label(s))}</option> }).collect_view()}
                </select>
                <label class="check"><input type="checkbox" name="mine" value="1" prop:checked=move || query.get().mine/>" "{i18n.t(T::OnlyMine)}</label>
                <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
                <A href="/customers/leads" attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{i18n.t(T::NothingHere)}</p> }.erase(),
                        Ok(p) => {
                            let rows = p.items.clone();
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="leads-table">
                                        <thead><tr>
                                            <th scope="col">{i18n.t(T::PersonName)}</th>
                                            <th scope="col">{i18n.t(T::Company)}</th>
                                            <th scope="col">{i18n.t(T::LeadStatusLabel)}</th>
                                            <th scope="col" class="hide-sm">{i18n.t(T::Source)}</th>
                                            <th scope="col" class="hide-sm">{i18n.t(T::Owner)}</th>
                                            <th scope="col" class="hide-sm">{i18n.t(T::Created)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {rows.into_iter().map(|l| { let key = l.name.clone(); view! {
                                                <tr data-lead=key>
                                                    <td><A href=format!("/customers/leads/{}", l.id) attr:class="link-strong">{l.name.clone()}</A></td>
                                                    <td>{l.company.clone()}</td>
                                                    <td><span class=format!("pill pill--{}", l.status.as_str())>{i18n.t(status_label(l.status))}</span></td>
                                                    <td class="hide-sm">{l.source.clone()}</td>
                                                    <td class="hide-sm">{l.owner.map(|o| o.name).unwrap_or_default()}</td>
                                                    <td class="hide-sm">{day(Some(l.created_at))}</td>
                                                </tr>
                                            }}).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager base="/customers/leads" query=query.get_untracked() page=p/>
                            }.erase()
                        }
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn LeadNewPage() -> impl IntoView {
    let i18n = use_i18n();
    // "New lead from this campaign" on a campaign's page.
    let campaign_id = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("campaign").and_then(|c| parse_id(&c)));
    view! {
        <Title text=i18n.t(T::NewLead)/>
        <section class="page page--narrow">
            <h1 class="page__title">{i18n.t(T::NewLead)}</h1>
            <LeadForm id=None version=0 start=LeadInput { campaign_id, ..Default::default() }/>
        </section>
    }
}

#[component]
fn LeadForm(id: Option<i64>, version: i64, start: LeadInput) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(start.name.clone());
    let company = RwSignal::new(start.company.clone());
    let title = RwSignal::new(start.title.clone());
    let email = RwSignal::new(start.email.clone());
    let phone = RwSignal::new(start.phone.clone());
    let website = RwSignal::new(start.website.clone());
    let source = RwSignal::new(start.source.clone());
    let notes = RwSignal::new(start.notes.clone());
    let (owner_id, team_id) = (start.owner_id, start.team_id);
    let campaign_id = RwSignal::new(start.campaign_id);
    let save = ServerAction::<SaveLead>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            if id.is_some() {
                crate::components::reload();
            } else {
                navigate(
                    &format!("/customers/leads/{}", saved.id),
                    Default::default(),
                );
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let input = LeadInput {
            name: name.get_untracked(),
            company: company.get_untracked(),
            title: title.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            website: website.get_untracked(),
            source: source.get_untracked(),
            notes: notes.get_untracked(),
            owner_id,
            team_id,
            campaign_id: campaign_id.get_untracked(),
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveLead { id, version, input });
    };
    let fields = [
        (T::PersonName, "name", name, "text"),
        (T::Company, "company", company, "text"),
        (T::JobTitle, "title", title, "text"),
        (T::Email, "email", email, "email"),
        (T::Phone, "phone", phone, "tel"),
        (T::Website, "website", website, "text"),
        (T::Source, "source", source, "text"),
    ];
    view! {
        <form class="form form--grid panel" on:submit=on_submit data-testid="lead-form" novalidate>
            {fields.into_iter().map(|(label, field, sig, ty)| view! {
                <label class="field">
                    <span class="field__label">{i18n.t(label)}{(field == "name").then_some(" *")}</span>
                    <input class="input" name=field type=ty bind:value=sig/>
                    {field_error(error, field)}
                </label>
            }).collect_view()}
            <CampaignSelect campaign_id error/>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Notes)}</span>
                <textarea class="input" name="notes" rows="3" bind:value=notes></textarea>
            </label>
            <div class="form__actions field--wide">
                <button type="submit" class="btn btn--primary" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            </div>
        </form>
    }
}

/// The campaign a lead came from, for those who may read marketing (the
/// server sends no options to anyone else, and the field stays hidden).
#[component]
fn CampaignSelect(
    campaign_id: RwSignal<Option<i64>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = Resource::new(|| (), |_| campaign_options());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = options.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Campaign)}</span>
                        <select class="input" name="campaign" data-testid="lead-campaign"
                            on:change=move |ev| campaign_id.set(parse_id(&event_target_value(&ev)))>
                            <option value="">{i18n.t(T::NoCampaign)}</option>
                            {list.into_iter().map(|c| {
                                let cid = c.id;
                                view! { <option value=cid.to_string() selected=move || campaign_id.get() == Some(cid)>{c.name}</option> }
                            }).collect_view()}
                        </select>
                        {field_error(error, "campaign_id")}
                    </label>
                })
            })}
        </Transition>
    }
}

/// The campaign a lead came from, by name once the options load (they
/// are empty for those who may not read marketing: then no link).
#[component]
fn CampaignLink(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let options = LocalResource::new(campaign_options);
    // Read once mounted (see the bell): never while hydrating.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    move || {
        if !mounted.get() {
            return None;
        }
        let name = options
            .get()
            .and_then(|r| r.ok())
            .and_then(|l| l.into_iter().find(|c| c.id == id))
            .map(|c| c.name)?;
        Some(view! {
            <A href=format!("/marketing/{id}") attr:data-testid="lead-campaign-link">{i18n.t(T::Campaign)}": "{name}</A>
        })
    }
}

#[component]
pub fn LeadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let status = ServerAction::<SetLeadStatus>::new();
    let deleted = ServerAction::<SetLeadDeleted>::new();
    let lead = Resource::new(
        move || (id.get(), status.version().get(), deleted.version().get()),
        |(id, _, _)| get_lead(id),
    );
    // Created here, not inside the Suspend: see `AccountPage`.
    let saved = RwSignal::new(0u32);
    let activities = Resource::new(
        move || (id.get(), saved.get()),
        |(id, _)| record_activities(RecordKind::Lead, id),
    );
    let directory = Resource::new(|| (), |_| customer_directory());
    let matches = Resource::new(move || id.get(), lead_matches);
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match lead.await {
                        Ok(l) => view! { <Title text=l.name.clone()/><LeadDetail lead=l status deleted saved activities directory matches/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LeadDetail(
    lead: LeadView,
    status: ServerAction<SetLeadStatus>,
    deleted: ServerAction<SetLeadDeleted>,
    saved: RwSignal<u32>,
    activities: Resource<Result<Vec<cairn::domain::customer::ActivityView>, AppError>>,
    directory: Resource<Result<crate::api::customers::Directory, AppError>>,
    matches: Resource<Result<cairn::domain::customer::ConversionMatches, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = lead;
    let (id, version) = (l.id, l.version);
    let in_trash = l.deleted_at.is_some();
    let open = !in_trash
        && matches!(
            l.status,
            LeadStatus::New | LeadStatus::Qualified | LeadStatus::Disqualified
        );
    let me = use_session().user.map(|u| u.id).unwrap_or(0);
    let editing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let start = LeadInput {
        name: l.name.clone(),
        company: l.company.clone(),
        title: l.title.clone(),
        email: l.email.clone(),
        phone: l.phone.clone(),
        website: l.website.clone(),
        source: l.source.clone(),
        notes: l.notes.clone(),
        owner_id: l.owner.as_ref().map(|o| o.id),
        team_id: l.team.as_ref().map(|t| t.id),
        campaign_id: l.campaign_id,
    };
    let facts = [
        (T::Company, l.company.clone()),
        (T::JobTitle, l.title.clone()),
        (T::Email, l.email.clone()),
        (T::Phone, l.phone.clone()),
        (T::Website, l.website.clone()),
        (T::Source, l.source.clone()),
        (
            T::Owner,
            l.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        ),
        (T::Reason, l.disqualify_reason.clone()),
    ];
    let can_convert = open && l.status != LeadStatus::Disqualified;
    let campaign = l.campaign_id;
    view! {
        <header class="record-head">
            <div class="record-head__main">
                <p class="muted small"><A href="/customers/leads">{i18n.t(T::Leads)}</A></p>
                <h1 class="page__title" data-testid="lead-name">{l.name.clone()}</h1>
                <div class="record-head__meta">
                    <span class=format!("pill pill--{}", l.status.as_str()) data-testid="lead-status">{i18n.t(status_label(l.status))}</span>
                    <span>{l.company.clone()}</span>
                    {campaign.map(|c| view! { <CampaignLink id=c/> })}
                </div>
            </div>
            <div class="record-head__actions">
                {(open && l.status != LeadStatus::Qualified).then(|| view! {
                    <button type="button" class="btn" data-testid="qualify"
                        on:click=move |_| { status.dispatch(SetLeadStatus { id, version, status: LeadStatus::Qualified, reason: String::new() }); }>
                        {i18n.t(T::Qualify)}
                    </button>
                })}
                {open.then(|| view! { <button type="button" class="btn" on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button> })}
                {(l.status != LeadStatus::Converted).then(|| view! {
                    <button type="button" class="btn" class:btn--danger=!in_trash
                        on:click=move |_| { deleted.dispatch(SetLeadDeleted { id, version, deleted: !in_trash }); }>
                        {if in_trash { i18n.t(T::Restore) } else { i18n.t(T::MoveToTrash) }}
                    </button>
                })}
            </div>
        </header>
        {move || status.value().get().and_then(Result::err).or_else(|| deleted.value().get().and_then(Result::err)).map(|error| view! { <ErrorBanner error/> })}
        {in_trash.then(|| view! { <p class="banner banner--warn" role="status">{i18n.t(T::InTrash)}</p> })}
        {l.converted_account_id.map(|acc| view! {
            <p class="banner banner--ok" role="status" data-testid="converted">
                {i18n.t(T::ConvertedTo)}" "
                <A href=format!("/customers/accounts/{acc}") attr:class="link-strong">{i18n.t(T::Account)}</A>
                {l.converted_contact_id.map(|c| view! { " · " <A href=format!("/customers/contacts/{c}") attr:class="link-strong">{i18n.t(T::Contact)}</A> })}
            </p>
        })}
        <Show when=move || editing.get()>
            <LeadForm id=Some(id) version start=start.clone()/>
        </Show>
        <div class="three-sixty">
            <div class="three-sixty__side">
                <section class="panel">
                    <h2 class="panel__title">{i18n.t(T::Details)}</h2>
                    <dl class="facts">
                        {facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <dt>{i18n.t(k)}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                    {(!l.notes.is_empty()).then(|| view! { <p class="notes">{l.notes.clone()}</p> })}
                </section>
                {(open && l.status != LeadStatus::Disqualified).then(|| view! {
                    <section class="panel">
                        <h2 class="panel__title">{i18n.t(T::Disqualify)}</h2>
                        <label class="field">
                            <span class="field__label">{i18n.t(T::Reason)}</span>
                            <input class="input" name="reason" bind:value=reason/>
                        </label>
                        <button type="button" class="btn btn--danger btn--sm" data-testid="disqualify"
                            on:click=move |_| { status.dispatch(SetLeadStatus { id, version, status: LeadStatus::Disqualified, reason: reason.get_untracked() }); }>
                            {i18n.t(T::Disqualify)}
                        </button>
                    </section>
                })}
            </div>
            <div class="three-sixty__main">
                {can_convert.then(|| view! { <ConvertPanel id version matches/> })}
                {(!in_trash && l.status != LeadStatus::Converted).then(|| view! {
                    <section class="panel">
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let people = directory.await.map(|d| d.people).unwrap_or_default();
                                view! { <ActivityComposer account_id=None contact_id=None lead_id=Some(id) people me saved/> }
                            })}
                        </Suspense>
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

/// Convert: choose a new or an existing account and contact (existing
/// ones that look like this lead are offered first), optionally a
/// follow-up, and convert in one step.
#[component]
fn ConvertPanel(
    id: i64,
    version: i64,
    matches: Resource<Result<cairn::domain::customer::ConversionMatches, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account_choice = RwSignal::new("new".to_owned());
    let contact_choice = RwSignal::new("new".to_owned());
    let follow_up = RwSignal::new(String::new());
    let convert = ServerAction::<ConvertLead>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(r)) = convert.value().get() {
            navigate(
                &format!("/customers/accounts/{}", r.account_id),
                Default::default(),
            );
        }
    });
    let target = |s: String| match parse_id(&s) {
        Some(id) => ConvertTarget::Existing(id),
        None => ConvertTarget::New,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = follow_up.get_untracked();
        let plan = ConvertPlan {
            version,
            account: target(account_choice.get_untracked()),
            contact: target(contact_choice.get_untracked()),
            follow_up: (!f.trim().is_empty()).then_some(f),
        };
        convert.dispatch(ConvertLead { id, plan });
    };
    view! {
        <section class="panel panel--accent" aria-labelledby="convert-title">
            <h2 id="convert-title" class="panel__title">{i18n.t(T::ConvertTitle)}</h2>
            <p class="muted small">{i18n.t(T::ConvertIntro)}</p>
            <form on:submit=on_submit data-testid="convert-form" class="form">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let m = matches.await.unwrap_or_default();
                        let dupes = !m.accounts.is_empty() || !m.contacts.is_empty();
                        view! {
                            {dupes.then(|| view! { <p class="banner banner--warn" role="status" data-testid="duplicates">{i18n.t(T::SimilarExist)}</p> })}
                            <fieldset class="choice">
                                <legend>{i18n.t(T::Account)}</legend>
                                <label class="check"><input type="radio" name="account" value="new" checked on:change=move |_| account_choice.set("new".into())/>" "{i18n.t(T::NewAccountFromLead)}</label>
                                {m.accounts.into_iter().map(|a| {
                                    let v = a.id.to_string();
                                    view! {
                                        <label class="check" data-testid="attach-account">
                                            <input type="radio" name="account" value=v.clone() on:change=move |_| account_choice.set(v.clone())/>
                                            " "{i18n.t(T::AttachTo)}" "<GradeBadge grade=a.grade/>" "<strong>{a.name}</strong>" "<span class="muted small">{a.domain}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <fieldset class="choice">
                                <legend>{i18n.t(T::Contact)}</legend>
                                <label class="check"><input type="radio" name="contact" value="new" checked on:change=move |_| contact_choice.set("new".into())/>" "{i18n.t(T::NewContactFromLead)}</label>
                                {m.contacts.into_iter().map(|c| {
                                    let v = c.id.to_string();
                                    view! {
                                        <label class="check" data-testid="attach-contact">
                                            <input type="radio" name="contact" value=v.clone() on:change=move |_| contact_choice.set(v.clone())/>
                                            " "{i18n.t(T::AttachTo)}" "<strong>{c.name}</strong>" "<span class="muted small">{c.email}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    })}
                </Suspense>
                <label class="field">
                    <span class="field__label">{i18n.t(T::FollowUp)}</span>
                    <input class="input" name="follow_up" bind:value=follow_up/>
                    <span class="field__hint">{i18n.t(T::FollowUpHint)}</span>
                </label>
                <div class="form__actions">
                    <button type="submit" class="btn btn--primary" data-testid="convert" disabled=move || convert.pending().get()>{i18n.t(T::Convert)}</button>
                    {move || convert.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
                </div>
            </form>
        </section>
    }
}
