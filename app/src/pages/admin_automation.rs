//! Admin › Automation: the rules (trigger, conditions, actions) as a list
//! with on/off switches and how often each fired, and the editor. What a
//! rule may test and set comes from `domain::automation`, so the editor
//! offers nothing the server would refuse.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::automation::{
    Condition, Op, RuleAction, RuleChoices, RuleInput, RuleView, Subject, Trigger, Who,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::api::automation::{delete_rule, list_rules, load_rule_choices, save_rule};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::grading::AdminTabs;
use crate::pages::placeholder::AccessDenied;

pub fn subject_label(s: Subject) -> T {
    match s {
        Subject::Account => T::Account,
        Subject::Contact => T::Contact,
        Subject::Lead => T::Lead,
        Subject::Deal => T::Deal,
        Subject::Ticket => T::Ticket,
    }
}

fn op_label(o: Op) -> T {
    match o {
        Op::Is => T::OpIs,
        Op::IsNot => T::OpIsNot,
        Op::Contains => T::OpContains,
        Op::Above => T::OpAbove,
        Op::Below => T::OpBelow,
        Op::IsEmpty => T::OpIsEmpty,
        Op::IsSet => T::OpIsSet,
    }
}

/// The trigger kinds, as the editor's first select offers them.
const TRIGGERS: [(&str, T); 6] = [
    ("created", T::TrCreated),
    ("updated", T::TrUpdated),
    ("stage", T::TrDealEntersStage),
    ("campaign", T::TrLeadFromCampaign),
    ("sla", T::TrTicketSla),
    ("close", T::TrCloseDate),
];

fn trigger_kind(t: &Trigger) -> &'static str {
    match t {
        Trigger::Created(_) => "created",
        Trigger::Updated(_) => "updated",
        Trigger::DealEntersStage { .. } => "stage",
        Trigger::LeadFromCampaign { .. } => "campaign",
        Trigger::TicketSla { .. } => "sla",
        Trigger::CloseDateReached { .. } => "close",
    }
}

const ACTIONS: [(&str, T); 5] = [
    ("create_task", T::AcCreateTask),
    ("assign_round_robin", T::AcRoundRobin),
    ("set_field", T::AcSetField),
    ("add_to_campaign", T::AcAddToCampaign),
    ("notify", T::AcNotify),
];

fn name_of(list: &[(i64, String)], id: i64) -> String {
    list.iter()
        .find(|(i, _)| *i == id)
        .map_or_else(|| format!("#{id}"), |(_, n)| n.clone())
}

/// One line saying when the rule fires.
fn trigger_text(t: &Trigger, c: &RuleChoices, i18n: crate::i18n::I18n) -> String {
    let kind = TRIGGERS
        .iter()
        .find(|(k, _)| *k == trigger_kind(t))
        .map_or("", |(_, l)| i18n.t(*l));
    match t {
        Trigger::Created(s) | Trigger::Updated(s) => {
            format!("{kind}: {}", i18n.t(subject_label(*s)))
        }
        Trigger::DealEntersStage { stage_id } => {
            format!("{kind}: {}", name_of(&c.stages, *stage_id))
        }
        Trigger::LeadFromCampaign { campaign_id } => match campaign_id {
            Some(id) => format!("{kind}: {}", name_of(&c.campaigns, *id)),
            None => kind.to_owned(),
        },
        Trigger::TicketSla { breached } => format!(
            "{kind}: {}",
            i18n.t(if *breached {
                T::TrSlaBreached
            } else {
                T::TrSlaAtRisk
            })
        ),
        Trigger::CloseDateReached { days_before } => format!("{kind}: {days_before}"),
    }
}

/// The rule open in the editor: its id and version (none: a new rule),
/// and what the form starts from.
type Editing = RwSignal<Option<(Option<(i64, i64)>, RuleInput)>>;

#[component]
pub fn AutomationPage() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    // Blocking: a refusal is the page's HTTP status (403).
    let rules = Resource::new_blocking(move || changed.get(), |_| list_rules());
    let choices = Resource::new(|| (), |_| load_rule_choices());
    // The rule being edited: `Some((None, …))` is a new one.
    let editing: Editing = RwSignal::new(None);
    view! {
        <Title text=i18n.t(T::Automation)/>
        <section class="page">
            <h1 class="page__title">{i18n.t(T::Automation)}</h1>
            <p class="muted">{i18n.t(T::AutomationIntro)}</p>
            <AdminTabs active="automation"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let c = choices.await.unwrap_or_default();
                    match rules.await {
                        Ok(list) => view! {
                            <RuleList list=list.clone() choices=c.clone() editing changed/>
                            {move || editing.get().map(|(id, start)| view! {
                                <RuleEditor id start choices=c.clone() editing changed/>
                            })}
                        }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn input_of(r: &RuleView) -> RuleInput {
    RuleInput {
        name: r.name.clone(),
        enabled: r.enabled,
        trigger: r.trigger.clone(),
        conditions: r.conditions.clone(),
        actions: r.actions.clone(),
    }
}

#[component]
fn RuleList(
    list: Vec<RuleView>,
    choices: RuleChoices,
    editing: Editing,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let new_rule = move |_| {
        editing.set(Some((
            None,
            RuleInput {
                enabled: true,
                ..Default::default()
            },
        )))
    };
    let toggle = move |r: RuleView| {
        let input = RuleInput {
            enabled: !r.enabled,
            ..input_of(&r)
        };
        spawn_local(async move {
            match save_rule(Some(r.id), r.version, input).await {
                Ok(_) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64, version: i64| {
        let ok = window()
            .confirm_with_message(i18n.t(T::ConfirmDeleteRule))
            .unwrap_or(false);
        if ok {
            spawn_local(async move {
                match delete_rule(id, version).await {
                    Ok(()) => changed.update(|n| *n += 1),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    view! {
        <div class="page__actions">
            <button type="button" class="btn btn--primary" data-testid="new-rule" on:click=new_rule>{i18n.t(T::NewRule)}</button>
        </div>
        {move || error.get().map(|error| view! { <ErrorBanner error/> })}
        {if list.is_empty() {
            view! { <p class="empty">{i18n.t(T::NoRules)}</p> }.erase()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table" data-testid="rules-table">
                        <thead><tr>
                            <th scope="col">{i18n.t(T::Name)}</th>
                            <th scope="col">{i18n.t(T::RuleWhen)}</th>
                            <th scope="col" class="num">{i18n.t(T::RuleFired)}</th>
                            <th scope="col">{i18n.t(T::RuleOn)}</th>
                            <th scope="col"><span class="sr-only">{i18n.t(T::Edit)}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let when = trigger_text(&r.trigger, &choices, i18n);
                                let (id, version) = (r.id, r.version);
                                let for_edit = r.clone();
                                let for_toggle = r.clone();
                                view! {
                                    <tr data-testid="rule-row" data-rule=id>
                                        <td class="link-strong">{r.name.clone()}</td>
                                        <td>{when}</td>
                                        <td class="num" data-testid="rule-fired">{r.fired}</td>
                                        <td>
                                            <input type="checkbox" data-testid="rule-enabled" aria-label=i18n.t(T::RuleOn)
                                                prop:checked=r.enabled on:change=move |_| toggle(for_toggle.clone())/>
                                        </td>
                                        <td class="actions">
                                            <button type="button" class="btn btn--sm" data-testid="edit-rule"
                                                on:click=move |_| editing.set(Some((Some((id, version)), input_of(&for_edit))))>{i18n.t(T::Edit)}</button>
                                            <button type="button" class="btn btn--sm btn--danger" data-testid="delete-rule"
                                                on:click=move |_| remove(id, version)>{i18n.t(T::Delete)}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.erase()
        }}
    }
}

fn parse_i64(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

fn default_action(kind: &str, subject: Subject) -> RuleAction {
    match kind {
        "assign_round_robin" => RuleAction::AssignRoundRobin { team_id: 0 },
        "set_field" => RuleAction::SetField {
            field: subject.settable().first().copied().unwrap_or("").to_owned(),
            value: String::new(),
        },
        "add_to_campaign" => RuleAction::AddToCampaign { campaign_id: 0 },
        "notify" => RuleAction::Notify {
            user: Who::Owner,
            message: String::new(),
        },
        _ => RuleAction::CreateTask {
            subject: String::new(),
            due_in_days: 1,
            assignee: Who::Owner,
        },
    }
}

fn default_trigger(kind: &str, c: &RuleChoices) -> Trigger {
    match kind {
        "updated" => Trigger::Updated(Subject::Deal),
        "stage" => Trigger::DealEntersStage {
            stage_id: c.stages.first().map_or(0, |s| s.0),
        },
        "campaign" => Trigger::LeadFromCampaign { campaign_id: None },
        "sla" => Trigger::TicketSla { breached: true },
        "close" => Trigger::CloseDateReached { days_before: 7 },
        _ => Trigger::Created(Subject::Deal),
    }
}

/// `<option>`s for id/name pairs, the current one selected.
fn options(list: &[(i64, String)], current: i64) -> impl IntoView + use<> {
    list.iter()
        .map(|(id, name)| {
            let id = *id;
            view! { <option value=id.to_string() selected=id == current>{name.clone()}</option> }
        })
        .collect_view()
}

#[component]
fn RuleEditor(
    id: Option<(i64, i64)>,
    start: RuleInput,
    choices: RuleChoices,
    editing: Editing,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rule = RwSignal::new(start);
    let error = RwSignal::new(None::<AppError>);
    let choices = StoredValue::new(choices);
    let subject = move || rule.with(|r| r.trigger.subject());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = rule.get_untracked();
        if let Err(e) = input.validated() {
            return error.set(Some(e));
        }
        spawn_local(async move {
            let (rid, version) = id.map_or((None, 0), |(i, v)| (Some(i), v));
            match save_rule(rid, version, input).await {
                Ok(_) => {
                    editing.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let trigger_params = move || {
        let t = rule.with(|r| r.trigger.clone());
        let c = choices.get_value();
        match t {
            Trigger::Created(s) | Trigger::Updated(s) => view! {
                <select class="input" name="trigger-subject" aria-label=i18n.t(T::RuleRecord) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(s) = Subject::ALL.into_iter().find(|s| s.as_str() == v) {
                        rule.update(|r| {
                            r.trigger = match r.trigger { Trigger::Updated(_) => Trigger::Updated(s), _ => Trigger::Created(s) };
                            r.conditions.clear();
                        });
                    }
                }>
                    {Subject::ALL.into_iter().map(|x| view! { <option value=x.as_str() selected=x == s>{i18n.t(subject_label(x))}</option> }).collect_view()}
                </select>
            }.erase(),
            Trigger::DealEntersStage { stage_id } => view! {
                <select class="input" name="trigger-stage" aria-label=i18n.t(T::StageLabel) on:change=move |ev| {
                    if let Some(v) = parse_i64(&event_target_value(&ev)) { rule.update(|r| r.trigger = Trigger::DealEntersStage { stage_id: v }) }
                }>{options(&c.stages, stage_id)}</select>
            }.erase(),
            Trigger::LeadFromCampaign { campaign_id } => view! {
                <select class="input" name="trigger-campaign" aria-label=i18n.t(T::Campaign) on:change=move |ev| {
                    let v = parse_i64(&event_target_value(&ev));
                    rule.update(|r| r.trigger = Trigger::LeadFromCampaign { campaign_id: v });
                }>
                    <option value="">{i18n.t(T::AnyCampaign)}</option>
                    {options(&c.campaigns, campaign_id.unwrap_or(0))}
                </select>
            }.erase(),
            Trigger::TicketSla { breached } => view! {
                <select class="input" name="trigger-sla" aria-label=i18n.t(T::TrTicketSla) on:change=move |ev| {
                    let b = event_target_value(&ev) == "breached";
                    rule.update(|r| r.trigger = Trigger::TicketSla { breached: b });
                }>
                    <option value="at_risk" selected=!breached>{i18n.t(T::TrSlaAtRisk)}</option>
                    <option value="breached" selected=breached>{i18n.t(T::TrSlaBreached)}</option>
                </select>
            }.erase(),
            Trigger::CloseDateReached { days_before } => view! {
                <label class="inline">
                    <input class="input input--sm" type="number" min="0" max="365" name="trigger-days" prop:value=days_before.to_string()
                        on:change=move |ev| {
                            if let Ok(d) = event_target_value(&ev).trim().parse::<u16>() { rule.update(|r| r.trigger = Trigger::CloseDateReached { days_before: d }) }
                        }/>
                    " "{i18n.t(T::DaysBefore)}
                </label>
            }.erase(),
        }
    };
    // The rows are drawn again only when their number or kinds change,
    // not when a value is edited: a redraw would take the focus away from
    // the field the user is tabbing through.
    let condition_rows =
        Memo::new(move |_| rule.with(|r| (r.trigger.subject(), r.conditions.len())));
    let action_rows = Memo::new(move |_| {
        rule.with(|r| {
            (
                r.trigger.subject(),
                r.actions.iter().map(RuleAction::kind).collect::<Vec<_>>(),
            )
        })
    });
    let conditions = move || {
        let (s, _) = condition_rows.get();
        let list = rule.with_untracked(|r| r.conditions.clone());
        list.into_iter().enumerate().map(|(i, c)| {
            let set = move |f: Box<dyn Fn(&mut Condition)>| rule.update(|r| if let Some(c) = r.conditions.get_mut(i) { f(c) });
            view! {
                <div class="rule-row" data-testid="condition">
                    <select class="input input--sm" name="condition-field" aria-label=i18n.t(T::RuleField) on:change=move |ev| { let v = event_target_value(&ev); set(Box::new(move |c| c.field = v.clone())) }>
                        {s.fields().iter().map(|(f, _)| view! { <option value=*f selected=c.field == *f>{*f}</option> }).collect_view()}
                    </select>
                    <select class="input input--sm" name="condition-op" aria-label=i18n.t(T::RuleOp) on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(o) = Op::ALL.into_iter().find(|o| format!("{o:?}") == v) { set(Box::new(move |c| c.op = o)) }
                    }>
                        {Op::ALL.into_iter().map(|o| view! { <option value=format!("{o:?}") selected=c.op == o>{i18n.t(op_label(o))}</option> }).collect_view()}
                    </select>
                    <input class="input input--sm" name="condition-value" aria-label=i18n.t(T::RuleValue) prop:value=c.value.clone()
                        on:change=move |ev| { let v = event_target_value(&ev); set(Box::new(move |c| c.value = v.clone())) }/>
                    <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| rule.update(|r| { r.conditions.remove(i); })>{i18n.t(T::Remove)}</button>
                </div>
            }
        }).collect_view()
    };
    let actions = move || {
        let (s, _) = action_rows.get();
        let c = choices.get_value();
        let list = rule.with_untracked(|r| r.actions.clone());
        list.into_iter().enumerate().map(|(i, a)| {
            let put = move |a: RuleAction| rule.update(|r| if let Some(x) = r.actions.get_mut(i) { *x = a });
            // One field of the action changed in place: the row is not
            // drawn again, so what it captured of the others may be stale.
            let edit = move |f: Box<dyn Fn(&mut RuleAction)>| rule.update(|r| if let Some(x) = r.actions.get_mut(i) { f(x) });
            let kind = a.kind();
            let params = match a.clone() {
                RuleAction::CreateTask { subject: text, due_in_days, assignee } => {
                    view! {
                        <input class="input input--sm" name="task-subject" placeholder=i18n.t(T::Subject) aria-label=i18n.t(T::Subject) prop:value=text
                            on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |a| if let RuleAction::CreateTask { subject, .. } = a { subject.clone_from(&v) })) }/>
                        <label class="inline">{i18n.t(T::DueInDays)}" "
                            <input class="input input--sm input--num" type="number" min="0" max="365" name="task-due" prop:value=due_in_days.to_string()
                                on:change=move |ev| if let Some(d) = days(&event_target_value(&ev)) { edit(Box::new(move |a| if let RuleAction::CreateTask { due_in_days, .. } = a { *due_in_days = d })) }/>
                        </label>
                        <WhoSelect who=assignee people=c.people.clone() on_change=Callback::new(move |w| edit(Box::new(move |a| if let RuleAction::CreateTask { assignee, .. } = a { *assignee = w })))/>
                    }.erase()
                }
                RuleAction::AssignRoundRobin { team_id } => view! {
                    <select class="input input--sm" name="rr-team" aria-label=i18n.t(T::Team) on:change=move |ev| if let Some(t) = parse_i64(&event_target_value(&ev)) { put(RuleAction::AssignRoundRobin { team_id: t }) }>
                        <option value="">"—"</option>
                        {options(&c.teams, team_id)}
                    </select>
                }.erase(),
                RuleAction::SetField { field, value } => {
                    view! {
                        <select class="input input--sm" name="set-field" aria-label=i18n.t(T::RuleField)
                            on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |a| if let RuleAction::SetField { field, .. } = a { field.clone_from(&v) })) }>
                            {s.settable().iter().map(|f| view! { <option value=*f selected=field == *f>{*f}</option> }).collect_view()}
                        </select>
                        <input class="input input--sm" name="set-value" aria-label=i18n.t(T::RuleValue) prop:value=value
                            on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |a| if let RuleAction::SetField { value, .. } = a { value.clone_from(&v) })) }/>
                    }.erase()
                }
                RuleAction::AddToCampaign { campaign_id } => view! {
                    <select class="input input--sm" name="add-campaign" aria-label=i18n.t(T::Campaign) on:change=move |ev| if let Some(v) = parse_i64(&event_target_value(&ev)) { put(RuleAction::AddToCampaign { campaign_id: v }) }>
                        <option value="">"—"</option>
                        {options(&c.campaigns, campaign_id)}
                    </select>
                }.erase(),
                RuleAction::Notify { user, message } => {
                    view! {
                        <WhoSelect who=user people=c.people.clone() on_change=Callback::new(move |w| edit(Box::new(move |a| if let RuleAction::Notify { user, .. } = a { *user = w })))/>
                        <input class="input input--sm" name="notify-message" placeholder=i18n.t(T::RuleMessage) aria-label=i18n.t(T::RuleMessage) prop:value=message
                            on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |a| if let RuleAction::Notify { message, .. } = a { message.clone_from(&v) })) }/>
                    }.erase()
                }
            };
            view! {
                <div class="rule-row" data-testid="action">
                    <select class="input input--sm" name="action-kind" aria-label=i18n.t(T::RuleAction) on:change=move |ev| put(default_action(&event_target_value(&ev), s))>
                        {ACTIONS.into_iter().map(|(k, l)| view! { <option value=k selected=k == kind>{i18n.t(l)}</option> }).collect_view()}
                    </select>
                    {params}
                    <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| rule.update(|r| { r.actions.remove(i); })>{i18n.t(T::Remove)}</button>
                </div>
            }
        }).collect_view()
    };
    view! {
        <form class="panel form rule-editor" data-testid="rule-editor" on:submit=on_submit novalidate>
            <h2 class="panel__title">{move || if id.is_some() { i18n.t(T::EditRule) } else { i18n.t(T::NewRule) }}</h2>
            <label class="field">
                <span class="field__label">{i18n.t(T::Name)}</span>
                <input class="input" name="rule-name" prop:value=move || rule.with(|r| r.name.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); rule.update(|r| r.name = v) }/>
            </label>
            <fieldset class="rule-part">
                <legend>{i18n.t(T::RuleWhen)}</legend>
                <div class="rule-row">
                    <select class="input" name="trigger-kind" aria-label=i18n.t(T::RuleWhen) on:change=move |ev| {
                        let t = default_trigger(&event_target_value(&ev), &choices.get_value());
                        rule.update(|r| { r.trigger = t; r.conditions.clear(); });
                    }>
                        {TRIGGERS.into_iter().map(|(k, l)| view! {
                            <option value=k selected=move || rule.with(|r| trigger_kind(&r.trigger) == k)>{i18n.t(l)}</option>
                        }).collect_view()}
                    </select>
                    {trigger_params}
                </div>
            </fieldset>
            <fieldset class="rule-part">
                <legend>{i18n.t(T::RuleIf)}</legend>
                {conditions}
                <button type="button" class="btn btn--sm" data-testid="add-condition" on:click=move |_| {
                    let f = subject().fields().first().map(|(f, _)| (*f).to_owned()).unwrap_or_default();
                    rule.update(|r| r.conditions.push(Condition { field: f, op: Op::Is, value: String::new() }));
                }>{i18n.t(T::AddCondition)}</button>
            </fieldset>
            <fieldset class="rule-part">
                <legend>{i18n.t(T::RuleThen)}</legend>
                {actions}
                <button type="button" class="btn btn--sm" data-testid="add-action" on:click=move |_| {
                    let s = subject();
                    rule.update(|r| r.actions.push(default_action("create_task", s)));
                }>{i18n.t(T::AddAction)}</button>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="rule-enabled" prop:checked=move || rule.with(|r| r.enabled)
                    on:change=move |ev| { let v = event_target_checked(&ev); rule.update(|r| r.enabled = v) }/>
                " "{i18n.t(T::RuleOn)}
            </label>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" data-testid="save-rule">{i18n.t(T::Save)}</button>
                <button type="button" class="btn btn--ghost" on:click=move |_| editing.set(None)>{i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}

/// The record's owner, or a named person.
#[component]
fn WhoSelect(who: Who, people: Vec<(i64, String)>, on_change: Callback<Who>) -> impl IntoView {
    let i18n = use_i18n();
    let current = match who {
        Who::Owner => 0,
        Who::User(id) => id,
    };
    view! {
        <select class="input input--sm" name="who" aria-label=i18n.t(T::RuleWho) on:change=move |ev| {
            let w = parse_i64(&event_target_value(&ev)).map_or(Who::Owner, Who::User);
            on_change.run(w);
        }>
            <option value="" selected=current == 0>{i18n.t(T::RecordOwner)}</option>
            {options(&people, current)}
        </select>
    }
}

/// A number of days as typed ("3"); `None` when it is not one.
fn days(text: &str) -> Option<u16> {
    text.trim().parse().ok()
}
