//! The deal page's payment terms (回款): instalments as shares of the
//! amount, each tied to a milestone of the delivery project (due when the
//! plan forecasts it) or to the signing. Read by the deal's readers,
//! edited by those who may change the deal; checked in the browser with
//! `domain::sales::payments::validate`, again on the server.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::sales::money::format_amount;
use cairn::domain::sales::payments::{PaymentPlan, PaymentTerm, validate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::sales::{deal_payments, save_deal_payments};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

#[component]
pub fn PaymentTermsPanel(deal_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let plan = LocalResource::new(move || deal_payments(deal_id));
    let editing = RwSignal::new(false);
    let done = Callback::new(move |_: ()| {
        editing.set(false);
        plan.refetch();
    });
    view! {
        <section class="panel" data-testid="payments-panel">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match plan.await {
                        Ok(p) => {
                            let can_edit = p.editable && p.project.is_some();
                            view! {
                                <div class="panel__head">
                                    <h2 class="panel__title">{i18n.t(T::PaymentTerms)}</h2>
                                    {(can_edit && !editing.get()).then(|| view! {
                                        <button type="button" class="btn btn--sm" on:click=move |_| editing.set(true) data-testid="edit-payments">{i18n.t(T::Edit)}</button>
                                    })}
                                </div>
                                {if editing.get() {
                                    view! { <TermsEditor plan=p done/> }.erase()
                                } else {
                                    view! { <TermsTable plan=p/> }.erase()
                                }}
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
fn TermsTable(plan: PaymentPlan) -> impl IntoView {
    let i18n = use_i18n();
    if plan.terms.is_empty() {
        let text = if plan.project.is_some() {
            T::NoPaymentTerms
        } else {
            T::PaymentTermsNeedProject
        };
        return view! { <p class="muted small">{i18n.t(text)}</p> }.erase();
    }
    let cur = plan.currency.clone();
    view! {
        <table class="table table--numbers" data-testid="payment-terms">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(T::Milestone)}</th>
                    <th scope="col" class="num">"%"</th>
                    <th scope="col" class="num">{format!("{} ({})", i18n.t(T::ColAmount), cur)}</th>
                    <th scope="col">{i18n.t(T::ForecastDate)}</th>
                </tr>
            </thead>
            <tbody>
                {plan.terms.iter().map(|t| {
                    let name = match (&t.milestone, t.task_id) {
                        (Some(m), _) => m.clone(),
                        (None, None) => i18n.t(T::OnSigning).to_owned(),
                        (None, Some(_)) => "—".to_owned(),
                    };
                    view! {
                        <tr data-testid="payment-term">
                            <td>{name}</td>
                            <td class="num">{format!("{} %", t.percent)}</td>
                            <td class="num" data-col="amount">{format_amount(t.amount, &cur)}</td>
                            <td data-col="due">{t.due.map_or_else(|| "—".to_owned(), |d| d.to_string())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {plan.project.map(|p| view! {
            <p class="small muted"><A href=format!("/projects/{}", p.id)>{p.name}</A></p>
        })}
    }
    .erase()
}

/// One instalment being edited.
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    percent: RwSignal<String>,
    task: RwSignal<String>,
}

#[component]
fn TermsEditor(plan: PaymentPlan, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let next = StoredValue::new(0u64);
    let row = move |percent: String, task: String| {
        let key = next.get_value();
        next.set_value(key + 1);
        Row {
            key,
            percent: RwSignal::new(percent),
            task: RwSignal::new(task),
        }
    };
    let rows = RwSignal::new(
        plan.terms
            .iter()
            .map(|t| {
                row(
                    t.percent.to_string(),
                    t.task_id.map(|i| i.to_string()).unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>(),
    );
    if plan.terms.is_empty() {
        rows.update(|r| r.push(row("100".into(), String::new())));
    }
    let milestones = StoredValue::new(plan.milestones.clone());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let (deal_id, version) = (plan.deal_id, plan.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed: Result<Vec<PaymentTerm>, AppError> = rows.with_untracked(|rs| {
            rs.iter()
                .map(|r| {
                    let percent = r
                        .percent
                        .get_untracked()
                        .trim()
                        .parse::<u8>()
                        .map_err(|_| {
                            AppError::invalid("payment_terms", "a percentage is 1 to 100")
                        })?;
                    Ok(PaymentTerm {
                        percent,
                        task_id: r.task.get_untracked().parse().ok(),
                    })
                })
                .collect()
        });
        let terms = match typed.and_then(|t| {
            milestones.with_value(|m| validate(&t, m))?;
            Ok(t)
        }) {
            Ok(t) => t,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match save_deal_payments(deal_id, version, terms).await {
                Ok(_) => done.run(()),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form" on:submit=submit data-testid="payments-editor" novalidate>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <For each=move || rows.get() key=|r| r.key let:r>
                <div class="payment-row" data-testid="payment-row">
                    <select class="input" name="milestone" aria-label=i18n.t(T::Milestone) bind:value=r.task>
                        <option value="" selected=move || r.task.with(String::is_empty)>{i18n.t(T::OnSigning)}</option>
                        {milestones.get_value().into_iter().map(|m| {
                            let v = m.id.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || r.task.with(|t| *t == v2)>{format!("{} · {}", m.name, m.finish)}</option> }
                        }).collect_view()}
                    </select>
                    <input class="input input--num" name="percent" inputmode="numeric" aria-label="%" bind:value=r.percent/>
                    <span aria-hidden="true">"%"</span>
                    <button type="button" class="btn btn--sm btn--ghost btn--danger" aria-label=i18n.t(T::RemoveRow) on:click=move |_| rows.update(|rs| rs.retain(|x| x.key != r.key))>"✕"</button>
                </div>
            </For>
            {field_error(err, "payment_terms")}
            <div class="form__actions">
                <button type="button" class="btn" on:click=move |_| rows.update(|rs| rs.push(row(String::new(), String::new()))) data-testid="add-payment">{i18n.t(T::AddPayment)}</button>
                <button type="submit" class="btn btn--primary" disabled=move || busy.get() data-testid="save-payments">{i18n.t(T::Save)}</button>
                <button type="button" class="btn btn--ghost" on:click=move |_| done.run(())>{i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}
