//! `/marketing/:id`: a campaign's figures (the definitions are in
//! `domain::marketing::metrics`), its details with an edit panel, its
//! members and the leads it brought.

use crate::erased::Erase;
use cairn::domain::marketing::{CampaignDetail, CampaignInput};
use cairn::domain::{Action, AppError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::form::CampaignForm;
use super::members::{AddMembers, MembersTable};
use super::{kind_label, may, money, rate, status_label, totals};
use crate::api::marketing::{SaveCampaign, delete_campaign, load_campaign};
use crate::components::error_banner::ErrorBanner;
use crate::components::kpi_tiles::{KpiTiles, Tile};
use crate::i18n::{T, use_i18n};
use crate::pages::customers::parse_id;
use crate::pages::placeholder::NotFound;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    // Bumped by every change on the page: the figures follow.
    let changed = RwSignal::new(0u32);
    let save = ServerAction::<SaveCampaign>::new();
    let campaign = Resource::new(
        move || (id.get(), changed.get(), save.version().get()),
        |(id, _, _)| load_campaign(id),
    );
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match campaign.await {
                        Ok(d) => view! { <Title text=d.campaign.name.clone()/><Campaign detail=d changed save/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn tiles(d: &CampaignDetail) -> Vec<Tile> {
    let (c, m) = (&d.campaign, &d.metrics);
    let [sent, responded, converted] = m.by_status;
    vec![
        (
            "members",
            T::Members,
            m.members.to_string(),
            format!("{sent} · {responded} · {converted}"),
        ),
        (
            "response",
            T::ResponseRate,
            rate(m.response_rate),
            String::new(),
        ),
        (
            "conversion",
            T::ConversionRate,
            rate(m.conversion_rate),
            String::new(),
        ),
        ("leads", T::Leads, m.leads.to_string(), String::new()),
        (
            "cost-per-lead",
            T::CostPerLead,
            m.cost_per_lead
                .map_or_else(|| "—".to_owned(), |v| money(v, &c.currency)),
            String::new(),
        ),
        (
            "pipeline",
            T::InfluencedPipeline,
            totals(&m.pipeline),
            m.influenced_deals.to_string(),
        ),
        ("won", T::WonRevenue, totals(&m.won), String::new()),
        (
            "roi",
            T::Roi,
            rate(m.roi),
            money(c.actual_cost, &c.currency),
        ),
        (
            "spent",
            T::BudgetSpent,
            rate(m.spent),
            money(c.budget, &c.currency),
        ),
    ]
}

#[component]
fn Campaign(
    detail: CampaignDetail,
    changed: RwSignal<u32>,
    save: ServerAction<SaveCampaign>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = detail.campaign.clone();
    let leads = detail.leads.clone();
    let (id, version) = (c.id, c.version);
    let can_write = may(Action::Create);
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let delete = move |_| {
        let ok = window()
            .confirm_with_message(i18n.t(T::ConfirmDeleteCampaign))
            .unwrap_or(false);
        if !ok {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match delete_campaign(id, version).await {
                Ok(()) => navigate("/marketing", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let start = CampaignInput {
        name: c.name.clone(),
        kind: c.kind,
        status: c.status,
        start_on: c.start_on,
        end_on: c.end_on,
        budget: c.budget,
        actual_cost: c.actual_cost,
        currency: c.currency.clone(),
        description: c.description.clone(),
        owner_id: c.owner.as_ref().map(|o| o.id),
    };
    let dates = match (c.start_on, c.end_on) {
        (None, None) => String::new(),
        (s, e) => format!(
            "{} – {}",
            s.map(|d| d.to_string()).unwrap_or_default(),
            e.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    view! {
        <p class="muted small"><A href="/marketing">{i18n.t(T::Campaigns)}</A></p>
        <header class="record-head" data-testid="campaign-head">
            <div>
                <h1 class="page__title" data-testid="campaign-name">{c.name.clone()}</h1>
                <div class="record-head__meta">
                    <span class="pill">{i18n.t(kind_label(c.kind))}</span>
                    <span class=format!("pill pill--{}", c.status.as_str()) data-testid="campaign-status">{i18n.t(status_label(c.status))}</span>
                    <span>{dates}</span>
                    {c.owner.clone().map(|o| view! { <span class="muted">{i18n.t(T::Owner)}": "{o.name}</span> })}
                </div>
            </div>
            <div class="record-head__actions">
                <A href=format!("/customers/leads/new?campaign={id}") attr:class="btn" attr:data-testid="campaign-new-lead">{i18n.t(T::NewLeadFromCampaign)}</A>
                {can_write.then(|| view! {
                    <button type="button" class="btn" data-testid="edit-campaign" on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button>
                    <button type="button" class="btn btn--danger" data-testid="delete-campaign" on:click=delete.clone()>{i18n.t(T::Delete)}</button>
                })}
            </div>
        </header>
        {move || error.get().map(|error| view! { <ErrorBanner error/> })}
        {move || editing.get().then(|| view! { <CampaignForm id=Some(id) version start=start.clone() save/> })}
        {(!c.description.is_empty()).then(|| view! { <p class="prose">{c.description.clone()}</p> })}
        <KpiTiles tiles=tiles(&detail) testid="campaign-kpis"/>
        <div class="campaign-grid">
            <section class="panel" aria-labelledby="members-title">
                <h2 class="panel__title" id="members-title">{i18n.t(T::Members)}</h2>
                <MembersTable members=detail.members.clone() changed can_write/>
            </section>
            <div>
                {can_write.then(|| view! { <AddMembers campaign=c.clone() changed/> })}
                <section class="panel" aria-labelledby="leads-title">
                    <h2 class="panel__title" id="leads-title">{i18n.t(T::LeadsFromCampaign)}</h2>
                    {if leads.is_empty() {
                        view! { <p class="muted">"—"</p> }.erase()
                    } else {
                        view! {
                            <ul class="plain-list" data-testid="campaign-leads">
                                {leads.into_iter().map(|l| view! {
                                    <li><A href=format!("/customers/leads/{}", l.id)>{l.name}</A></li>
                                }).collect_view()}
                            </ul>
                        }.erase()
                    }}
                </section>
            </div>
        </div>
    }
}
