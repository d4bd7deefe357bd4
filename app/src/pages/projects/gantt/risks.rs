//! The project's risk register (a tab of the project page): the heat map
//! of open risks by probability and impact, the register ranked by score,
//! and the form that adds, changes or deletes a risk. Scores, bands,
//! EMV and the heat map's counts come from `cairn::domain::project::risk`;
//! the server checks every change (ratings, texts, owner, task, version).

use cairn::domain::AppError;
use cairn::domain::project::Person;
use cairn::domain::project::risk::{
    self, Band, Category, Rating, Response, RiskInput, RiskView, Status,
};
use cairn::domain::sales::money::{COMMON_CURRENCIES, format_amount, parse_amount};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::projects::{create_risk, delete_risk, project_risks, update_risk};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};
use crate::pages::sales::money;

pub fn band_label(b: Band) -> T {
    match b {
        Band::Low => T::BandLow,
        Band::Medium => T::BandMedium,
        Band::High => T::BandHigh,
    }
}

fn band_class(b: Band) -> &'static str {
    match b {
        Band::Low => "low",
        Band::Medium => "medium",
        Band::High => "high",
    }
}

fn rating_label(r: u8) -> T {
    match r {
        1 => T::RatingVeryLow,
        2 => T::RatingLow,
        3 => T::RatingMedium,
        4 => T::RatingHigh,
        _ => T::RatingVeryHigh,
    }
}

fn category_label(c: Category) -> T {
    match c {
        Category::Scope => T::RiskCategoryScope,
        Category::Schedule => T::RiskCategorySchedule,
        Category::Cost => T::RiskCategoryCost,
        Category::Technical => T::RiskCategoryTechnical,
        Category::Data => T::RiskCategoryData,
        Category::People => T::RiskCategoryPeople,
        Category::Vendor => T::RiskCategoryVendor,
        Category::Other => T::RiskCategoryOther,
    }
}

fn response_label(r: Response) -> T {
    match r {
        Response::Avoid => T::ResponseAvoid,
        Response::Accept => T::ResponseAccept,
        Response::Transfer => T::ResponseTransfer,
        Response::Mitigate => T::ResponseMitigate,
    }
}

fn status_label(s: Status) -> T {
    match s {
        Status::Open => T::RiskOpen,
        Status::Occurred => T::RiskOccurred,
        Status::Closed => T::RiskClosed,
    }
}

/// The cells of the heat map for the risks still open (closed ones no
/// longer threaten anything), `[impact - 1][probability - 1]`.
fn open_heat_map(risks: &[RiskView]) -> [[u32; 5]; 5] {
    risk::heat_map(
        risks
            .iter()
            .filter(|r| r.status != Status::Closed)
            .filter_map(|r| {
                let p = Rating::new("probability", i64::from(r.probability)).ok()?;
                let i = Rating::new("impact", i64::from(r.impact)).ok()?;
                Some((p, i))
            }),
    )
}

/// What the form is open for.
#[derive(Clone)]
enum Editing {
    New,
    Risk(Box<RiskView>),
}

#[component]
pub fn RiskRegister(
    project_id: i64,
    /// The project's tasks, `(id, name)`, in plan order.
    tasks: Vec<(i64, String)>,
    people: Vec<Person>,
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let risks = RwSignal::new(None::<Result<Vec<RiskView>, AppError>>);
    let reload = move || {
        spawn_local(async move {
            risks.set(Some(project_risks(project_id).await));
        })
    };
    reload();
    // The heat-map cell whose risks are listed: (probability, impact).
    let cell = RwSignal::new(None::<(u8, u8)>);
    let editing = RwSignal::new(None::<Editing>);
    let tasks = StoredValue::new(tasks);
    let people = StoredValue::new(people);
    let list = move || {
        risks.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .cloned()
                .unwrap_or_default()
        })
    };
    let done = Callback::new(move |changed: bool| {
        editing.set(None);
        if changed {
            reload();
        }
    });
    view! {
        <div class="risks" data-testid="risk-register">
            <div class="risks__head">
                <h2 class="section__title">{i18n.t(T::RiskRegister)}</h2>
                {editable.then(|| view! {
                    <button type="button" class="btn btn--primary" data-testid="new-risk"
                        on:click=move |_| editing.set(Some(Editing::New))>{i18n.t(T::NewRisk)}</button>
                })}
            </div>
            {move || risks.with(|r| match r {
                Some(Err(error)) => Some(view! { <ErrorBanner error=error.clone()/> }),
                _ => None,
            })}
            {move || editing.get().map(|e| {
                let fallback_currency = list()
                    .first()
                    .map(|r| r.currency.clone())
                    .unwrap_or_else(|| if i18n.lang() == cairn::domain::Language::ZhCn { "CNY" } else { "USD" }.to_owned());
                view! {
                    <RiskForm project_id editing=e tasks=tasks.get_value() people=people.get_value() currency=fallback_currency done/>
                }
            })}
            <div class="risks__body">
                <HeatMap risks=Signal::derive(list) cell/>
                <div class="risks__list">
                    {move || {
                        let all = list();
                        let exposure = exposure(&all);
                        (!exposure.is_empty()).then(|| view! {
                            <p class="small muted" data-testid="risk-exposure" title=i18n.t(T::RiskEmvHint)>
                                {i18n.t(T::ExposureTotal)}": "{exposure}
                            </p>
                        })
                    }}
                    {move || cell.get().map(|_| view! {
                        <button type="button" class="btn btn--sm btn--ghost" data-testid="show-all-risks"
                            on:click=move |_| cell.set(None)>{i18n.t(T::ShowAllRisks)}</button>
                    })}
                    <RiskTable risks=Signal::derive(move || {
                        let c = cell.get();
                        list().into_iter().filter(|r| c.is_none_or(|(p, i)| r.probability == p && r.impact == i && r.status != Status::Closed)).collect::<Vec<_>>()
                    }) loaded=Signal::derive(move || risks.with(Option::is_some)) filtered=Signal::derive(move || cell.get().is_some()) editable editing/>
                </div>
            </div>
        </div>
    }
}

/// The EMV of the open risks, per currency ("USD 12,000.00 · CNY 3,000.00").
fn exposure(risks: &[RiskView]) -> String {
    let mut totals: Vec<(String, i64)> = Vec::new();
    for r in risks
        .iter()
        .filter(|r| r.status != Status::Closed && r.emv > 0)
    {
        match totals.iter_mut().find(|(c, _)| *c == r.currency) {
            Some((_, t)) => *t += r.emv,
            None => totals.push((r.currency.clone(), r.emv)),
        }
    }
    totals
        .iter()
        .map(|(c, t)| money(*t, c))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Five by five: impact up the side (high at the top), probability along
/// the bottom; each cell in its band's colour with its count of open
/// risks. Choosing a cell lists its risks; choosing it again lists all.
#[component]
fn HeatMap(risks: Signal<Vec<RiskView>>, cell: RwSignal<Option<(u8, u8)>>) -> impl IntoView {
    let i18n = use_i18n();
    let counts = Memo::new(move |_| risks.with(|r| open_heat_map(r)));
    view! {
        <figure class="heat" data-testid="heat-map">
            <figcaption class="heat__caption">
                <strong>{i18n.t(T::HeatMap)}</strong>
                <span class="small muted">{i18n.t(T::HeatMapHint)}</span>
            </figcaption>
            <div class="heat__grid" role="grid" aria-label=i18n.t(T::HeatMap)>
                <span class="heat__axis heat__axis--y">{i18n.t(T::RiskImpact)}</span>
                {(1..=5u8).rev().map(|impact| view! {
                    <div class="heat__row" role="row">
                        <span class="heat__label" role="rowheader">{impact}" "{i18n.t(rating_label(impact))}</span>
                        {(1..=5u8).map(|p| {
                            let band = risk::band(p * impact);
                            let count = move || counts.with(|c| c[usize::from(impact - 1)][usize::from(p - 1)]);
                            view! {
                                <button type="button" role="gridcell"
                                    class=format!("heat__cell heat__cell--{}", band_class(band))
                                    data-testid=format!("heat-{p}-{impact}")
                                    aria-pressed=move || (cell.get() == Some((p, impact))).to_string()
                                    title=move || format!("{} {p} × {} {impact} = {} · {}", i18n.t(T::RiskProbability), i18n.t(T::RiskImpact), p * impact, i18n.t(band_label(band)))
                                    on:click=move |_| cell.update(|c| *c = if *c == Some((p, impact)) { None } else { Some((p, impact)) })>
                                    {move || match count() { 0 => String::new(), n => n.to_string() }}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
                <div class="heat__row heat__row--foot">
                    <span class="heat__label"></span>
                    {(1..=5u8).map(|p| view! {
                        <span class="heat__label heat__label--x">{p}" "{i18n.t(rating_label(p))}</span>
                    }).collect_view()}
                </div>
                <span class="heat__axis heat__axis--x">{i18n.t(T::RiskProbability)}</span>
            </div>
        </figure>
    }
}

#[component]
fn RiskTable(
    risks: Signal<Vec<RiskView>>,
    loaded: Signal<bool>,
    filtered: Signal<bool>,
    editable: bool,
    editing: RwSignal<Option<Editing>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || (loaded.get() && risks.with(Vec::is_empty)).then(|| view! {
            <p class="muted" data-testid="no-risks">{i18n.t(if filtered.get() { T::NoRisksInCell } else { T::NoRisks })}</p>
        })}
        {move || (!risks.with(Vec::is_empty)).then(|| view! {
            <table class="table risks__table" data-testid="risk-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::RiskScore)}</th>
                        <th scope="col">{i18n.t(T::RiskTitle)}</th>
                        <th scope="col">{i18n.t(T::RiskProbability)}</th>
                        <th scope="col">{i18n.t(T::RiskImpact)}</th>
                        <th scope="col">{i18n.t(T::RiskResponse)}</th>
                        <th scope="col">{i18n.t(T::Owner)}</th>
                        <th scope="col">{i18n.t(T::Status)}</th>
                        <th scope="col" class="num" title=i18n.t(T::RiskEmvHint)>{i18n.t(T::RiskEmv)}</th>
                        <th scope="col">{i18n.t(T::RiskTask)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || risks.get() key=|r| (r.id, r.version) let:r>
                        {
                            let view_of = r.clone();
                            view! {
                                <tr data-testid="risk-row" data-id=r.id.to_string() data-score=r.score.to_string()
                                    class=if r.status == Status::Closed { "risks__row risks__row--closed" } else { "risks__row" }>
                                    <td><span class=format!("band band--{}", band_class(r.band)) data-testid="risk-score">{r.score}" "{i18n.t(band_label(r.band))}</span></td>
                                    <td>
                                        {if editable {
                                            view! {
                                                <button type="button" class="link" data-testid="edit-risk"
                                                    on:click=move |_| editing.set(Some(Editing::Risk(Box::new(view_of.clone()))))>{r.title.clone()}</button>
                                            }.into_any()
                                        } else {
                                            view! { <span>{r.title.clone()}</span> }.into_any()
                                        }}
                                        <div class="small muted">{i18n.t(category_label(r.category))}</div>
                                    </td>
                                    <td class="num">{r.probability}{risk::percent_of(r.probability).map(|p| format!(" ({p} %)"))}</td>
                                    <td class="num">{r.impact}</td>
                                    <td>{i18n.t(response_label(r.response))}</td>
                                    <td>{r.owner.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| i18n.t(T::Nobody).to_owned())}</td>
                                    <td>{i18n.t(status_label(r.status))}</td>
                                    <td class="num mono" data-testid="risk-emv">{(r.emv > 0).then(|| money(r.emv, &r.currency))}</td>
                                    <td>{r.task_name.clone()}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        })}
    }
}

#[component]
fn RiskForm(
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
