//! The project's risk register (a tab of the project page): the heat map
//! of open risks by probability and impact, the register ranked by score,
//! and the form that adds, changes or deletes a risk. Scores, bands,
//! EMV and the heat map's counts come from `cairn::domain::project::risk`;
//! the server checks every change (ratings, texts, owner, task, version).
//! The form is `form.rs`.

mod form;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::Person;
use cairn::domain::project::risk::{self, Band, Category, Rating, Response, RiskView, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::projects::project_risks;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
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
                    <form::RiskForm project_id editing=e tasks=tasks.get_value() people=people.get_value() currency=fallback_currency done/>
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
            <div class="heat__grid" role="group" aria-label=i18n.t(T::HeatMap)>
                <span class="heat__axis heat__axis--y">{i18n.t(T::RiskImpact)}</span>
                {(1..=5u8).rev().map(|impact| view! {
                    <div class="heat__row">
                        <span class="heat__label">{impact}" "{i18n.t(rating_label(impact))}</span>
                        {(1..=5u8).map(|p| {
                            let band = risk::band(p * impact);
                            let count = move || counts.with(|c| c[usize::from(impact - 1)][usize::from(p - 1)]);
                            view! {
                                // Toggle buttons (aria-pressed), named by what they
                                // filter: the cell's count alone says nothing.
                                <button type="button"
                                    class=format!("heat__cell heat__cell--{}", band_class(band))
                                    data-testid=format!("heat-{p}-{impact}")
                                    aria-pressed=move || (cell.get() == Some((p, impact))).to_string()
                                    aria-label=move || format!("{} {p} × {} {impact} = {} · {}: {}", i18n.t(T::RiskProbability), i18n.t(T::RiskImpact), p * impact, i18n.t(band_label(band)), count())
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
                                            }.erase()
                                        } else {
                                            view! { <span>{r.title.clone()}</span> }.erase()
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
