//! `/marketing`: every campaign the reader may see, with its figures.

use crate::erased::Erase;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{kind_label, lines, may, money, rate, status_label};
use crate::api::marketing::list_campaigns;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use cairn::domain::Action;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let i18n = use_i18n();
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    let can_create = may(Action::Create);
    view! {
        <Title text=i18n.t(T::Campaigns)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::Campaigns)}</h1>
                <div class="page__actions">
                    {can_create.then(|| view! {
                        <A href="/marketing/new" attr:class="btn btn--primary" attr:data-testid="new-campaign">{i18n.t(T::NewCampaign)}</A>
                    })}
                </div>
            </header>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match campaigns.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{i18n.t(T::NoCampaigns)}</p> }.erase(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="campaigns-table">
                                    <thead><tr>
                                        <th scope="col">{i18n.t(T::Campaign)}</th>
                                        <th scope="col">{i18n.t(T::Status)}</th>
                                        <th scope="col" class="hide-sm">{i18n.t(T::StartOn)}</th>
                                        <th scope="col" class="num">{i18n.t(T::Members)}</th>
                                        <th scope="col" class="num">{i18n.t(T::ResponseRate)}</th>
                                        <th scope="col" class="num">{i18n.t(T::ConversionRate)}</th>
                                        <th scope="col" class="num">{i18n.t(T::Leads)}</th>
                                        <th scope="col" class="num hide-sm">{i18n.t(T::CostPerLead)}</th>
                                        <th scope="col" class="num hide-sm">{i18n.t(T::InfluencedPipeline)}</th>
                                        <th scope="col" class="num">{i18n.t(T::Roi)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|row| {
                                            let c = row.campaign;
                                            let m = row.metrics;
                                            view! {
                                                <tr data-testid="campaign-row" data-campaign=c.id>
                                                    <td>
                                                        <A href=format!("/marketing/{}", c.id) attr:class="link-strong">{c.name.clone()}</A>
                                                        <div class="small muted">{i18n.t(kind_label(c.kind))}</div>
                                                    </td>
                                                    <td><span class=format!("pill pill--{}", c.status.as_str())>{i18n.t(status_label(c.status))}</span></td>
                                                    <td class="hide-sm nowrap">{c.start_on.map(|d| d.to_string()).unwrap_or_default()}</td>
                                                    <td class="num" data-col="members">{m.members}</td>
                                                    <td class="num" data-col="response">{rate(m.response_rate)}</td>
                                                    <td class="num" data-col="conversion">{rate(m.conversion_rate)}</td>
                                                    <td class="num" data-col="leads">{m.leads}</td>
                                                    <td class="num hide-sm">{m.cost_per_lead.map_or_else(|| "—".to_owned(), |v| money(v, &c.currency))}</td>
                                                    <td class="num hide-sm">{lines(&m.pipeline)}</td>
                                                    <td class="num" data-col="roi">{rate(m.roi)}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.erase(),
                        Err(e) => view! { <ErrorBanner error=e/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}
