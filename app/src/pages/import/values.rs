//! Step 3: value maps for the mapped columns that have a fixed set of
//! values (stages, people, teams, sectors…), the date format when the
//! dates are ambiguous, number units and defaults.

use crate::erased::Erase;
use cairn::domain::Role;
use cairn::domain::customer::{ActivityKind, LeadStatus, Lifecycle};
use cairn::domain::import::{
    DateFormat, Field, Mapping, Multiplier, StageTarget, ValueMap, ambiguous_dates, value_fields,
};
use leptos::prelude::*;

use super::{Step, StepHead, StepNav, field_text, use_wizard};
use crate::api::sales::list_pipelines;
use crate::i18n::{T, role_label, use_i18n};
use crate::pages::customers::{kind_label as activity_kind_label, lifecycle_label, status_label};

fn date_text(f: DateFormat) -> T {
    match f {
        DateFormat::Ymd => T::DfYmd,
        DateFormat::Mdy => T::DfMdy,
        DateFormat::Dmy => T::DfDmy,
        DateFormat::ExcelSerial => T::DfSerial,
    }
}

fn replacement(m: &Mapping, field: Field, from: &str) -> String {
    m.values
        .iter()
        .find(|v| v.field == field)
        .and_then(|v| v.map.get(from))
        .cloned()
        .unwrap_or_default()
}

fn set_replacement(m: &mut Mapping, field: Field, from: &str, to: &str) {
    let to = to.trim();
    let i = match m.values.iter().position(|v| v.field == field) {
        Some(i) => i,
        None => {
            m.values.push(ValueMap {
                field,
                map: Default::default(),
            });
            m.values.len() - 1
        }
    };
    if to.is_empty() {
        m.values[i].map.remove(from);
    } else {
        m.values[i].map.insert(from.to_owned(), to.to_owned());
    }
    m.values.retain(|v| !v.map.is_empty());
}

/// Fields whose values are one of a fixed set: the wizard offers the set
/// (stored value, label) rather than a free text box, so a value maps to
/// something the import accepts. Converted is left out of lead statuses:
/// an import cannot convert.
fn choices(field: Field) -> Option<Vec<(&'static str, T)>> {
    Some(match field {
        Field::Status => [
            LeadStatus::New,
            LeadStatus::Qualified,
            LeadStatus::Disqualified,
        ]
        .into_iter()
        .map(|s| (s.as_str(), status_label(s)))
        .collect(),
        Field::ActivityKind => ActivityKind::ALL
            .into_iter()
            .map(|k| (k.as_str(), activity_kind_label(k)))
            .collect(),
        Field::Lifecycle => Lifecycle::ALL
            .into_iter()
            .map(|l| (l.as_str(), lifecycle_label(l)))
            .collect(),
        Field::Role => Role::ALL
            .into_iter()
            .map(|r| (r.as_str(), role_label(r)))
            .collect(),
        _ => return None,
    })
}

/// Number fields a unit (thousands, millions) applies to.
const SCALED: [Field; 2] = [Field::AnnualRevenue, Field::Amount];

/// A mapped column whose values can be replaced: the field, the column's
/// header, its distinct values with their counts, and how many there are.
type ValueColumn = (Field, String, Vec<(String, usize)>, usize);

#[component]
pub fn ValuesStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let (Some(preview), Some(mapping)) = (w.preview.get_untracked(), w.mapping.get_untracked())
    else {
        return ().erase();
    };
    let kind = mapping.kind;
    let update = move |f: Box<dyn FnOnce(&mut Mapping)>| {
        w.mapping.update(|m| {
            if let Some(m) = m {
                f(m);
            }
        });
        w.dry.set(None);
    };
    let mapped: Vec<ValueColumn> = value_fields(kind)
        .iter()
        .filter_map(|&f| {
            let cm = mapping.columns.iter().find(|c| c.field == Some(f))?;
            let i = preview.table.headers.iter().position(|h| *h == cm.column)?;
            let p = &preview.columns[i];
            (!p.values.is_empty()).then(|| (f, cm.column.clone(), p.values.clone(), p.distinct))
        })
        .collect();
    let dates = ambiguous_dates(&preview, &mapping);
    let needs_date = dates.is_some();
    let pipelines = LocalResource::new(move || async move {
        if kind == cairn::domain::import::Kind::Deals {
            list_pipelines().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let stage_names = move || {
        let chosen = w
            .mapping
            .with(|m| m.as_ref().and_then(|m| m.defaults.pipeline.clone()));
        pipelines
            .get()
            .map(|ps| {
                ps.iter()
                    .find(|p| chosen.as_deref().is_none_or(|c| c == p.name))
                    .map(|p| p.stages.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    };
    let groups = if mapped.is_empty() {
        view! { <p class="muted">{i18n.t(T::NoValuesToMap)}</p> }.erase()
    } else {
        mapped
            .into_iter()
            .map(|(field, column, values, distinct)| {
                let listed = values.len();
                let rows = values
                    .into_iter()
                    .enumerate()
                    .map(|(n, (value, count))| {
                        let label_id = format!("val-{field:?}-{n}");
                        let v2 = value.clone();
                        let control = if field == Field::Stage {
                            let v3 = value.clone();
                            let current = Memo::new(move |_| {
                                w.mapping.with(|m| {
                                    m.as_ref().and_then(|m| m.stages.get(&v3)).map(|t| match t {
                                        StageTarget::Stage(s) => format!("stage:{s}"),
                                        StageTarget::Won => "won".to_owned(),
                                        StageTarget::Lost => "lost".to_owned(),
                                    })
                                })
                                .unwrap_or_default()
                            });
                            let on = move |ev: leptos::ev::Event| {
                                let v = event_target_value(&ev);
                                let from = v2.clone();
                                update(Box::new(move |m| {
                                    let target = match v.as_str() {
                                        "won" => Some(StageTarget::Won),
                                        "lost" => Some(StageTarget::Lost),
                                        s => s.strip_prefix("stage:").map(|s| StageTarget::Stage(s.to_owned())),
                                    };
                                    match target {
                                        Some(t) => m.stages.insert(from, t),
                                        None => m.stages.remove(&from),
                                    };
                                }));
                            };
                            view! {
                                <select class="input input--sm" aria-labelledby=label_id.clone() on:change=on>
                                    <option value="">{i18n.t(T::KeepValue)}</option>
                                    {move || {
                                        let cur = current.get();
                                        stage_names().into_iter().map(|s| {
                                            let v = format!("stage:{s}");
                                            let sel = cur == v;
                                            view! { <option value=v selected=sel>{s}</option> }
                                        }).collect_view()
                                    }}
                                    <option value="won" selected=move || current.get() == "won">{i18n.t(T::StatusWon)}</option>
                                    <option value="lost" selected=move || current.get() == "lost">{i18n.t(T::StatusLost)}</option>
                                </select>
                            }
                            .erase()
                        } else if let Some(options) = choices(field) {
                            let v3 = value.clone();
                            let current = Memo::new(move |_| {
                                w.mapping.with(|m| m.as_ref().map(|m| replacement(m, field, &v3)).unwrap_or_default())
                            });
                            let on = move |ev: leptos::ev::Event| {
                                let to = event_target_value(&ev);
                                let from = v2.clone();
                                update(Box::new(move |m| set_replacement(m, field, &from, &to)));
                            };
                            view! {
                                <select class="input input--sm" aria-labelledby=label_id.clone() on:change=on>
                                    <option value="">{i18n.t(T::KeepValue)}</option>
                                    {options.into_iter().map(|(v, t)| view! {
                                        <option value=v selected=move || current.get() == v>{i18n.t(t)}</option>
                                    }).collect_view()}
                                </select>
                            }
                            .erase()
                        } else {
                            let v3 = value.clone();
                            let current = move || {
                                w.mapping.with(|m| m.as_ref().map(|m| replacement(m, field, &v3)).unwrap_or_default())
                            };
                            let on = move |ev: leptos::ev::Event| {
                                let to = event_target_value(&ev);
                                let from = v2.clone();
                                update(Box::new(move |m| set_replacement(m, field, &from, &to)));
                            };
                            view! {
                                <input class="input input--sm" aria-labelledby=label_id.clone()
                                    placeholder=i18n.t(T::KeepValue) prop:value=current on:change=on/>
                            }
                            .erase()
                        };
                        view! {
                            <tr>
                                <th scope="row" id=label_id>{value}</th>
                                <td class="num">{count}</td>
                                <td>{control}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="wizard__values" data-testid=format!("values-{field:?}")>
                        <h3 class="panel__title">{format!("{} ← {}", i18n.t(field_text(field)), column)}</h3>
                        <div class="table-wrap table-wrap--flat">
                            <table class="table table--numbers">
                                <thead><tr>
                                    <th scope="col">{i18n.t(T::ValueInFile)}</th>
                                    <th scope="col" class="num">{i18n.t(T::RowsCount)}</th>
                                    <th scope="col">{i18n.t(T::BecomesLabel)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(distinct > listed).then(|| view! {
                            <p class="muted small">{i18n.t(T::MoreValues).replace("{n}", &(distinct - listed).to_string())}</p>
                        })}
                    </section>
                }
            })
            .collect_view()
            .erase()
    };
    let date_choice = dates.map(|guess| {
        let on = move |f: DateFormat| update(Box::new(move |m| m.date_format = Some(f)));
        view! {
            <fieldset class="wizard__dates" data-testid="date-format">
                <legend>{i18n.t(T::DateFormatLabel)}</legend>
                <p>{i18n.t(T::DateAmbiguous)}</p>
                {guess.candidates.into_iter().map(|f| view! {
                    <label class="check">
                        <input type="radio" name="date_format" prop:checked=move || w.mapping.with(|m| m.as_ref().and_then(|m| m.date_format) == Some(f))
                            on:change=move |_| on(f)/>
                        {i18n.t(date_text(f))}
                    </label>
                }).collect_view()}
            </fieldset>
        }
    });
    let scaled: Vec<Field> = SCALED
        .into_iter()
        .filter(|f| mapping.columns.iter().any(|c| c.field == Some(*f)))
        .collect();
    let units = scaled
        .into_iter()
        .map(|field| {
            let current = move || {
                w.mapping.with(|m| m.as_ref().map_or(1, |m| m.multipliers.iter().find(|x| x.field == field).map_or(1, |x| x.by)))
            };
            let on = move |ev: leptos::ev::Event| {
                let by = event_target_value(&ev).parse::<i64>().unwrap_or(1);
                update(Box::new(move |m| {
                    m.multipliers.retain(|x| x.field != field);
                    if by != 1 {
                        m.multipliers.push(Multiplier { field, by });
                    }
                }));
            };
            view! {
                <label class="field">
                    <span class="field__label">{i18n.t(T::MultiplierLabel).replace("{field}", i18n.t(field_text(field)))}</span>
                    <select class="input" on:change=on data-testid=format!("unit-{field:?}")>
                        {[(1i64, T::TimesOne), (1_000, T::TimesThousand), (1_000_000, T::TimesMillion)].into_iter().map(|(by, t)| view! {
                            <option value=by.to_string() selected=move || current() == by>{i18n.t(t)}</option>
                        }).collect_view()}
                    </select>
                </label>
            }
        })
        .collect_view();
    let defaults = match kind {
        cairn::domain::import::Kind::Deals => view! {
            <label class="field">
                <span class="field__label">{i18n.t(T::PipelineLabel)}</span>
                <select class="input" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    update(Box::new(move |m| m.defaults.pipeline = (!v.is_empty()).then_some(v)));
                }>
                    {move || pipelines.get().unwrap_or_default().into_iter().map(|p| {
                        let name = p.name;
                        let sel = w.mapping.with(|m| m.as_ref().and_then(|m| m.defaults.pipeline.clone())).is_some_and(|c| c == name);
                        let value = name.clone();
                        view! { <option value=value selected=sel>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::DefaultCurrency)}</span>
                <input class="input" maxlength="3" placeholder="USD"
                    prop:value=move || w.mapping.with(|m| m.as_ref().and_then(|m| m.defaults.currency.clone()).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_uppercase();
                        update(Box::new(move |m| m.defaults.currency = (!v.is_empty()).then_some(v)));
                    }/>
            </label>
        }
        .erase(),
        cairn::domain::import::Kind::Users => view! {
            <label class="field">
                <span class="field__label">{i18n.t(T::DefaultRole)}</span>
                <select class="input" on:change=move |ev| {
                    let r = Role::parse(&event_target_value(&ev));
                    update(Box::new(move |m| m.defaults.role = r));
                }>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || w.mapping.with(|m| m.as_ref().and_then(|m| m.defaults.role).unwrap_or(Role::Sales) == r)>
                            {i18n.t(role_label(r))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        }
        .erase(),
        _ => ().erase(),
    };
    let date_missing = Signal::derive(move || {
        needs_date
            && w.mapping
                .with(|m| m.as_ref().and_then(|m| m.date_format).is_none())
    });
    view! {
        <div class="panel wizard__panel">
            <StepHead title=T::StepValues intro=T::ValuesIntro/>
            {date_choice}
            {groups}
            <fieldset class="wizard__defaults">
                <legend>{i18n.t(T::DefaultsLabel)}</legend>
                <div class="form form--grid">{units}{defaults}</div>
            </fieldset>
            {move || date_missing.get().then(|| view! { <p class="banner banner--warn" role="status">{i18n.t(T::ChooseDateFormat)}</p> })}
            <StepNav back=Step::Mapping next_label=Signal::derive(move || i18n.t(T::NextStep).to_owned())
                next_disabled=date_missing on_next=move || w.go(Step::Review) testid="to-review"/>
        </div>
    }
    .erase()
}
