//! The risk form: adds a risk or changes or deletes one, with the
//! domain's checks in the browser first (`RiskInput::validated`) and the
//! server's answer (a field error, a conflict) shown in place.

use cairn::domain::AppError;
use cairn::domain::project::Person;
use cairn::domain::project::risk::{self, Category, Response, RiskInput, RiskView, Status};
use cairn::domain::sales::money::{COMMON_CURRENCIES, format_amount, parse_amount};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Editing, category_label, rating_label, response_label, status_label};
use crate::api::projects::{create_risk, delete_risk, update_risk};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};

#[component]
pub(super) fn RiskForm(
    project_id: i64,
    editing: Editing,
    tasks: Vec<(i64, String)>,
    people: Vec<Person>,
    /// For a new risk.
    currency: String,
    /// Called with whether anything was saved.
    done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let old = match &editing {
        Editing::Risk(r) => Some((**r).clone()),
        Editing::New => None,
    };
    let text = |f: fn(&RiskView) -> String| RwSignal::new(old.as_ref().map(f).unwrap_or_default());
    let title = text(|r| r.title.clone());
    let description = text(|r| r.description.clone());
    let plan = text(|r| r.plan.clone());
    let trigger = text(|r| r.trigger.clone());
    let category = RwSignal::new(
        old.as_ref()
            .map_or(Category::Other, |r| r.category)
            .as_str()
            .to_owned(),
    );
    let probability = RwSignal::new(old.as_ref().map_or(3, |r| r.probability).to_string());
    let impact = RwSignal::new(old.as_ref().map_or(3, |r| r.impact).to_string());
    let response = RwSignal::new(
        old.as_ref()
            .map_or(Response::Mitigate, |r| r.response)
            .as_str()
            .to_owned(),
    );
    let status = RwSignal::new(
        old.as_ref()
            .map_or(Status::Open, |r| r.status)
            .as_str()
            .to_owned(),
    );
    let owner = RwSignal::new(
        old.as_ref()
            .and_then(|r| r.owner.as_ref())
            .map(|o| o.id.to_string())
            .unwrap_or_default(),
    );
    let task = RwSignal::new(
        old.as_ref()
            .and_then(|r| r.task_id)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    );
    let currency = RwSignal::new(old.as_ref().map_or(currency, |r| r.currency.clone()));
    let cost = RwSignal::new(
        old.as_ref()
            .filter(|r| r.cost_impact > 0)
            .map(|r| format_amount(r.cost_impact, &r.currency))
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let existing = old.as_ref().map(|r| (r.id, r.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cur = currency.get_untracked();
        let cost_impact = match cost.get_untracked().trim() {
            "" => 0,
            text => match parse_amount("cost_impact", text, &cur) {
                Ok(v) => v,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            },
        };
        let input = RiskInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            category: Category::parse(&category.get_untracked()).unwrap_or(Category::Other),
            probability: probability.get_untracked().parse().unwrap_or(0),
            impact: impact.get_untracked().parse().unwrap_or(0),
            response: Response::parse(&response.get_untracked()).unwrap_or(Response::Mitigate),
            plan: plan.get_untracked(),
            owner_id: parse_id(&owner.get_untracked()),
            trigger: trigger.get_untracked(),
            status: Status::parse(&status.get_untracked()).unwrap_or(Status::Open),
            cost_impact,
            currency: cur,
            task_id: parse_id(&task.get_untracked()),
        };
        if let Err(e) = input.validated() {
            error.set(Some(e));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = match existing {
                Some((id, version)) => update_risk(id, version, input).await,
                None => create_risk(project_id, input).await,
            };
            busy.set(false);
            match r {
                Ok(_) => done.run(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |_| {
        let Some((id, version)) = existing else {
            return;
        };
        let ok = window()
            .confirm_with_message(i18n.t(T::ConfirmDeleteRisk))
            .unwrap_or(false);
        if !ok {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = delete_risk(id, version).await;
            busy.set(false);
            match r {
                Ok(()) => done.run(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let err = Signal::derive(move || error.get());
    let rating_options = move |selected: RwSignal<String>, percent: bool| {
        (1..=5u8)
            .map(|v| {
                let label = match risk::percent_of(v).filter(|_| percent) {
                    Some(pct) => format!("{v} · {} ({pct} %)", i18n.t(rating_label(v))),
                    None => format!("{v} · {}", i18n.t(rating_label(v))),
                };
                view! { <option value=v.to_string() selected=move || selected.with(|s| *s == v.to_string())>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="form card risks__form" on:submit=submit data-testid="risk-form" novalidate>
            <h3 class="section__title">{i18n.t(if existing.is_some() { T::EditRisk } else { T::NewRisk })}</h3>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <label class="field">
                <span class="field__label">{i18n.t(T::RiskTitle)}</span>
                <input class="input" name="title" required bind:value=title autocomplete="off"/>
                {field_error(err, "title")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Description)}</span>
                <textarea class="input" name="description" rows="2" bind:value=description></textarea>
                {field_error(err, "description")}
            </label>
            <div class="form__row">
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskCategory)}</span>
                    <select class="input" name="category" bind:value=category>
                        {Category::ALL.iter().map(|&c| view! { <option value=c.as_str() selected=move || category.with(|v| v == c.as_str())>{i18n.t(category_label(c))}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskProbability)}</span>
                    <select class="input" name="probability" bind:value=probability>{rating_options(probability, true)}</select>
                    {field_error(err, "probability")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskImpact)}</span>
                    <select class="input" name="impact" bind:value=impact>{rating_options(impact, false)}</select>
                    {field_error(err, "impact")}
                </label>
            </div>
            <div class="form__row">
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskResponse)}</span>
                    <select class="input" name="response" bind:value=response>
                        {Response::ALL.iter().map(|&r| view! { <option value=r.as_str() selected=move || response.with(|v| v == r.as_str())>{i18n.t(response_label(r))}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Owner)}</span>
                    <select class="input" name="owner" bind:value=owner>
                        <option value="">{i18n.t(T::Nobody)}</option>
                        {people.into_iter().map(|p| {
                            let v = p.id.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || owner.with(|o| *o == v2)>{p.name}</option> }
                        }).collect_view()}
                    </select>
                    {field_error(err, "owner_id")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Status)}</span>
                    <select class="input" name="status" bind:value=status>
                        {Status::ALL.iter().map(|&s| view! { <option value=s.as_str() selected=move || status.with(|v| v == s.as_str())>{i18n.t(status_label(s))}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <label class="field">
                <span class="field__label">{i18n.t(T::RiskPlan)}</span>
                <textarea class="input" name="plan" rows="2" bind:value=plan></textarea>
                {field_error(err, "plan")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::RiskTrigger)}</span>
                <input class="input" name="trigger" bind:value=trigger autocomplete="off"/>
                {field_error(err, "trigger")}
            </label>
            <div class="form__row">
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskCostImpact)}</span>
                    <input class="input mono" name="cost_impact" inputmode="decimal" bind:value=cost autocomplete="off"/>
                    {field_error(err, "cost_impact")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                    <select class="input" name="currency" bind:value=currency>
                        {COMMON_CURRENCIES.iter().map(|&c| view! { <option value=c selected=move || currency.with(|v| v == c)>{c}</option> }).collect_view()}
                    </select>
                    {field_error(err, "currency")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::RiskTask)}</span>
                    <select class="input" name="task" bind:value=task>
                        <option value="">{i18n.t(T::RiskNoTask)}</option>
                        {tasks.into_iter().map(|(id, name)| {
                            let v = id.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || task.with(|t| *t == v2)>{name}</option> }
                        }).collect_view()}
                    </select>
                    {field_error(err, "task_id")}
                </label>
            </div>
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || busy.get() data-testid="save-risk">{i18n.t(T::Save)}</button>
                <button class="btn" type="button" on:click=move |_| done.run(false)>{i18n.t(T::Cancel)}</button>
                {existing.is_some().then(|| view! {
                    <button class="btn btn--danger" type="button" data-testid="delete-risk" disabled=move || busy.get() on:click=remove>{i18n.t(T::Delete)}</button>
                })}
            </div>
        </form>
    }
}
