//! One deal: its facts, its stage history, and what can be done to it
//! (edit, reopen a closed deal, delete).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::sales::{DealStatus, DealView, MoveRequest, MoveTo, Pipeline};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{money, status_label};
use crate::api::sales::{delete_deal, get_deal, list_pipelines, move_deal};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{parse_id, when};

/// `/sales/deals/:id`.
#[component]
pub fn DealPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| parse_id(&s));
    let deal = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_deal(id).await,
            None => Err(AppError::not_found("deal")),
        }
    });
    let pipelines = Resource::new(|| (), |_| list_pipelines());
    view! {
        <Title text=i18n.t(T::Deal)/>
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let pipes = pipelines.await.unwrap_or_default();
                    match deal.await {
                        Ok(d) => {
                            let pipeline = pipes.into_iter().find(|p| p.id == d.pipeline_id);
                            view! { <DealDetails d pipeline reload=Callback::new(move |_: ()| deal.refetch())/> }.erase()
                        }
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DealDetails(d: DealView, pipeline: Option<Pipeline>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let id = d.id;
    let version = d.version;
    let closed = d.status != DealStatus::Open;
    let stages = pipeline.map(|p| p.stages).unwrap_or_default();
    let reopen_stage = RwSignal::new(stages.first().map(|s| s.id.to_string()).unwrap_or_default());
    let reopen = move |_| {
        let Some(stage_id) = parse_id(&reopen_stage.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            let req = MoveRequest {
                deal_id: id,
                version,
                to: MoveTo::Reopen { stage_id },
            };
            match move_deal(req).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let delete = move |_| {
        let ok = window()
            .confirm_with_message(i18n.t(T::ConfirmDeleteDeal))
            .unwrap_or(false);
        if !ok {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match delete_deal(id, version).await {
                Ok(()) => navigate("/sales", Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let stage_text = if closed {
        i18n.t(status_label(d.status)).to_owned()
    } else {
        d.stage_name.clone()
    };
    let weighted = money(
        cairn::domain::sales::money::weighted(d.amount, d.probability),
        &d.currency,
    );
    view! {
        <header class="record-head" data-testid="deal-head">
            <div>
                <h1 class="page__title" data-testid="deal-title">{d.title.clone()}</h1>
                <div class="record-head__meta">
                    <span class=format!("pill pill--{}", d.status.as_str()) data-testid="deal-stage">{stage_text}</span>
                    {d.account.clone().map(|a| view! { <A href=format!("/customers/accounts/{}", a.id)>{a.name}</A> })}
                </div>
            </div>
            <div class="record-head__actions">
                <A href=format!("/sales/deals/{id}/edit") attr:class="btn" attr:data-testid="edit-deal">{i18n.t(T::Edit)}</A>
                <button type="button" class="btn btn--ghost btn--danger" on:click=delete data-testid="delete-deal">{i18n.t(T::DeleteDeal)}</button>
            </div>
        </header>
        {move || error.get().map(|error| view! { <ErrorBanner error/> })}
        <div class="three-sixty">
            <div class="three-sixty__side">
                <section class="panel">
                    <dl class="facts">
                        <dt>{i18n.t(T::AmountLabel)}</dt><dd data-testid="deal-amount">{money(d.amount, &d.currency)}</dd>
                        <dt>{i18n.t(T::ProbabilityLabel)}</dt><dd>{format!("{} %", d.probability)}</dd>
                        <dt>{i18n.t(T::WeightedLabel)}</dt><dd>{weighted}</dd>
                        <dt>{i18n.t(T::ExpectedClose)}</dt><dd>{d.expected_close.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{i18n.t(T::Owner)}</dt><dd>{d.owner.clone().map(|o| o.name).unwrap_or_default()}</dd>
                        <dt>{i18n.t(T::Team)}</dt><dd>{d.team.clone().map(|t| t.name).unwrap_or_default()}</dd>
                        <dt>{i18n.t(T::CreatedOn)}</dt><dd>{when(d.created_at)}</dd>
                        {d.closed_at.map(|c| view! { <dt>{i18n.t(T::ClosedOn)}</dt><dd>{when(c)}</dd> })}
                        {(d.status == DealStatus::Lost).then(|| view! { <dt>{i18n.t(T::LostReasonLabel)}</dt><dd data-testid="lost-reason">{d.lost_reason.clone()}</dd> })}
                        <dt>{i18n.t(T::Contacts)}</dt>
                        <dd>{d.contacts.clone().into_iter().map(|c| view! { <A href=format!("/customers/contacts/{}", c.id)>{c.name.clone()}</A>" " }).collect_view()}</dd>
                    </dl>
                </section>
                {closed.then(|| view! {
                    <section class="panel">
                        <label class="field">
                            <span class="field__label">{i18n.t(T::ReopenIn)}</span>
                            <select class="input" bind:value=reopen_stage>
                                {stages.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button type="button" class="btn" on:click=reopen data-testid="reopen">{i18n.t(T::Reopen)}</button>
                    </section>
                })}
            </div>
            <div class="three-sixty__main">
                <crate::pages::projects::delivery::DealDelivery deal_id=id won=d.status == DealStatus::Won/>
                <super::payments::PaymentTermsPanel deal_id=id/>
                {(!d.notes.is_empty()).then(|| view! { <section class="panel"><p class="notes">{d.notes.clone()}</p></section> })}
                <section class="panel">
                    <h2 class="panel__title">{i18n.t(T::StageHistory)}</h2>
                    <table class="table" data-testid="stage-history">
                        <thead><tr><th scope="col">{i18n.t(T::StageLabel)}</th><th scope="col">{i18n.t(T::Entered)}</th><th scope="col">{i18n.t(T::LeftAt)}</th></tr></thead>
                        <tbody>
                            {d.history.iter().map(|v| view! {
                                <tr><td>{v.stage_name.clone()}</td><td>{when(v.entered_at)}</td><td>{v.left_at.map(when).unwrap_or_else(|| "—".into())}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            </div>
        </div>
    }
}
