//! Beside the chart: the selected task's details (dates, float,
//! constraint, assignments with units), the "Link to…" dialog (the
//! keyboard's way to link two tasks) and the menu of a clicked link
//! (type, lag, delete).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::cells;
use cairn::domain::project::editor::last_day;
use cairn::domain::project::{Assignment, Change, TaskField};
use cairn::domain::schedule::LinkKind;
use leptos::prelude::*;

use super::chart::{KINDS, kind_label};
use super::{G, day};
use crate::i18n::{T, use_i18n};

#[derive(Debug, Clone, PartialEq)]
struct Detail {
    id: i64,
    number: String,
    name: String,
    start: String,
    finish: String,
    duration: String,
    float: String,
    critical: bool,
    summary: bool,
    constraint: Option<String>,
    assignments: Vec<Assignment>,
    predecessors: String,
}

#[component]
pub fn TaskPanel() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    // Redrawn when the drag is dropped, not every frame of it (the grid
    // row shows the dates moving meanwhile).
    let detail = Memo::new(move |prev: Option<&Option<Detail>>| {
        let id = g.selected.get()?;
        if let Some(Some(p)) = prev
            && p.id == id
            && g.with(|e| e.previewing()) == Some(true)
        {
            return Some(p.clone());
        }
        g.with(|e| {
            let ix = e.ix_of(id)?;
            let s = e.task_at(ix);
            let row = e.state.task(id)?;
            Some(Detail {
                id,
                number: e.compiled.numbers[ix as usize].clone(),
                name: row.name.clone(),
                start: day(s.start.date()),
                finish: day(if s.milestone {
                    s.finish.date()
                } else {
                    last_day(s.finish)
                }),
                duration: cells::format_duration(e.schedule.duration(ix), e.calendar()),
                float: cells::format_duration(s.total_float.max(0), e.calendar()),
                critical: s.critical,
                summary: s.summary,
                constraint: row.constraint.map(|c| day(c.date.date())),
                assignments: row.assignments.clone(),
                predecessors: e.predecessors_text(ix),
            })
        })
        .flatten()
    });
    let person = RwSignal::new(String::new());
    let units = RwSignal::new("100".to_string());
    view! {
        {move || detail.get().map(|d| {
            let id = d.id;
            let people = g.people.with_value(|p| p.clone());
            let names = people.clone();
            let name_of = move |uid: i64| names.iter().find(|p| p.id == uid).map(|p| p.name.clone()).unwrap_or_default();
            let current = d.assignments.clone();
            let add_current = current.clone();
            let add = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Ok(uid) = person.get_untracked().parse::<i64>() else { return };
                let Ok(u) = units.get_untracked().trim().trim_end_matches('%').parse::<u16>() else {
                    g.say(&AppError::invalid("units", "must be 1 % to 1000 %"));
                    return;
                };
                let mut list: Vec<Assignment> = add_current.iter().filter(|a| a.user_id != uid).copied().collect();
                list.push(Assignment { user_id: uid, units: u });
                let c = g.update(|e| e.ix_of(id).map(|ix| e.edit(ix, TaskField::Assignments(list)))).flatten();
                g.act(c.unwrap_or_default());
            };
            view! {
                <aside class="task-panel card" data-testid="task-panel" aria-label=i18n.t(T::TaskDetails)>
                    <h2 class="task-panel__title">{d.number.clone()}" "{d.name.clone()}</h2>
                    <dl class="task-panel__facts">
                        <dt>{i18n.t(T::Start)}</dt><dd class="mono" data-testid="panel-start">{d.start.clone()}</dd>
                        <dt>{i18n.t(T::Finish)}</dt><dd class="mono" data-testid="panel-finish">{d.finish.clone()}</dd>
                        <dt>{i18n.t(T::Duration)}</dt><dd>{d.duration.clone()}</dd>
                        <dt>{i18n.t(T::TotalFloat)}</dt><dd data-testid="panel-float">{d.float.clone()}</dd>
                        <dt>{i18n.t(T::CriticalPath)}</dt><dd data-testid="panel-critical">{if d.critical { i18n.t(T::Yes) } else { i18n.t(T::No) }}</dd>
                        <dt>{i18n.t(T::Predecessors)}</dt><dd class="mono">{d.predecessors.clone()}</dd>
                        <dt>{i18n.t(T::Constraint)}</dt>
                        <dd>
                            {match d.constraint.clone() {
                                Some(c) => view! {
                                    <span>{i18n.t(T::StartNoEarlierThan)}" "{c}</span>
                                    {g.editable.then(|| view! {
                                        <button type="button" class="btn btn--sm btn--ghost" data-testid="clear-constraint"
                                            on:click=move |_| {
                                                let c = g.update(|e| e.ix_of(id).map(|ix| e.edit(ix, TaskField::Constraint(None)))).flatten();
                                                g.act(c.unwrap_or_default());
                                            }>{i18n.t(T::AsSoonAsPossible)}</button>
                                    })}
                                }.erase(),
                                None => view! { <span>{i18n.t(T::AsSoonAsPossible)}</span> }.erase(),
                            }}
                        </dd>
                    </dl>
                    {(!d.summary).then(|| view! {
                        <h3 class="small">{i18n.t(T::Resources)}</h3>
                        <ul class="task-panel__people" data-testid="assignments">
                            {current.iter().map(|a| {
                                let uid = a.user_id;
                                let rest: Vec<Assignment> = current.iter().filter(|x| x.user_id != uid).copied().collect();
                                view! {
                                    <li>{name_of(uid)}" "<span class="muted">{format!("{}%", a.units)}</span>
                                        {g.editable.then(|| {
                                            let rest = rest.clone();
                                            view! {
                                                <button type="button" class="btn btn--sm btn--ghost" aria-label=i18n.t(T::Remove)
                                                    on:click=move |_| {
                                                        let c = g.update(|e| e.ix_of(id).map(|ix| e.edit(ix, TaskField::Assignments(rest.clone())))).flatten();
                                                        g.act(c.unwrap_or_default());
                                                    }>"×"</button>
                                            }
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {g.editable.then(|| view! {
                            <form class="seg" on:submit=add data-testid="assign-form">
                                <select class="input input--sm" name="person" aria-label=i18n.t(T::Person) bind:value=person>
                                    <option value="">{i18n.t(T::ChoosePerson)}</option>
                                    {people.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                                </select>
                                <input class="input input--sm input--units" name="units" aria-label=i18n.t(T::Units) bind:value=units/>
                                <button type="submit" class="btn btn--sm">{i18n.t(T::Assign)}</button>
                            </form>
                        })}
                    })}
                </aside>
            }
        })}
    }
}

/// "Link to…": the selected task becomes the predecessor of the task
/// whose outline number is typed.
#[component]
pub fn LinkDialog() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let target = RwSignal::new(String::new());
    let kind = RwSignal::new("FS".to_string());
    let lag = RwSignal::new("0".to_string());
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if g.link_dialog.get()
            && let Some(el) = input.get()
        {
            let _ = el.focus();
        }
    });
    let close = move || {
        g.link_dialog.set(false);
        target.set(String::new());
        if let Some(id) = g.selected.get_untracked() {
            super::bar::focus_bar(id);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(from) = g.selected.get_untracked() else {
            return;
        };
        let text = format!(
            "{}{}{}",
            target.get_untracked().trim(),
            kind.get_untracked(),
            {
                let l = lag.get_untracked();
                let l = l.trim();
                if l.is_empty() || l == "0" {
                    String::new()
                } else if l.starts_with('-') || l.starts_with('+') {
                    format!("{l}d")
                } else {
                    format!("+{l}d")
                }
            }
        );
        let r = g.update(|e| -> Result<Vec<Change>, AppError> {
            let entries = cairn::domain::project::predecessors::parse(&text, e.calendar())?;
            let entry = entries
                .first()
                .ok_or_else(|| AppError::invalid("successor", "is required"))?;
            let to = e
                .compiled
                .by_number(&entry.number)
                .ok_or_else(|| AppError::invalid("successor", "is not a task's outline number"))?;
            let from_ix = e
                .ix_of(from)
                .ok_or_else(|| AppError::invalid("task", "is not in the plan"))?;
            let mut c = e.link(from_ix, to);
            if let Some(Change::AddLink {
                kind: k,
                lag_minutes,
                ..
            }) = c.first_mut()
            {
                *k = entry.kind;
                *lag_minutes = entry.lag_minutes;
            }
            Ok(c)
        });
        match r {
            Some(Ok(c)) => {
                g.act(c);
                close();
            }
            Some(Err(e)) => g.say(&e),
            None => {}
        }
    };
    view! {
        {move || g.link_dialog.get().then(|| view! {
            <div class="dialog-backdrop">
                <form class="dialog card" role="dialog" aria-modal="true" aria-labelledby="link-to-title"
                    data-testid="link-dialog" on:submit=submit
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { ev.prevent_default(); close(); }>
                    <h2 id="link-to-title">{i18n.t(T::LinkTo)}</h2>
                    <p class="small muted">{i18n.t(T::LinkToHint)}</p>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::SuccessorNumber)}</span>
                        <input class="input" node_ref=input name="successor" bind:value=target autocomplete="off" data-testid="link-target"/>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::LinkType)}</span>
                        <select class="input" name="kind" bind:value=kind>
                            {KINDS.into_iter().map(|k| view! { <option value=k.abbreviation()>{i18n.t(kind_label(k))}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::LagDays)}</span>
                        <input class="input" name="lag" bind:value=lag autocomplete="off"/>
                    </label>
                    <div class="form__actions">
                        <button type="button" class="btn" on:click=move |_| close()>{i18n.t(T::Cancel)}</button>
                        <button type="submit" class="btn btn--primary" data-testid="link-submit">{i18n.t(T::AddLink)}</button>
                    </div>
                </form>
            </div>
        })}
    }
}

/// The menu of a clicked link arrow.
#[component]
pub fn LinkMenu() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    view! {
        {move || g.link_menu.get().and_then(|(id, x, y)| {
            let l = g.with_untracked(|e| e.state.link(id).copied()).flatten()?;
            let per = g.with_untracked(|e| e.calendar().minutes_per_day).unwrap_or(480);
            let kind = RwSignal::new(l.kind.abbreviation().to_string());
            let lag = RwSignal::new(format!("{}", l.lag_minutes as f64 / f64::from(per)));
            let save = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let k = LinkKind::ALL.into_iter().find(|k| k.abbreviation() == kind.get_untracked()).unwrap_or(LinkKind::FinishToStart);
                let Ok(days) = lag.get_untracked().trim().parse::<f64>() else {
                    g.say(&AppError::invalid("lag", "is not a number"));
                    return;
                };
                let Some(cur) = g.with_untracked(|e| e.state.link(id).copied()).flatten() else { return };
                g.link_menu.set(None);
                g.act(vec![Change::EditLink { id, version: cur.version, kind: k, lag_minutes: (days * f64::from(per)).round() as i64 }]);
            };
            let delete = move |_| {
                let Some(cur) = g.with_untracked(|e| e.state.link(id).copied()).flatten() else { return };
                g.link_menu.set(None);
                g.act(vec![Change::DeleteLink { id, version: cur.version }]);
            };
            Some(view! {
                <form class="link-menu card" role="dialog" aria-label=i18n.t(T::LinkType) data-testid="link-menu"
                    style=format!("left:{x:.0}px;top:{y:.0}px") on:submit=save
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { g.link_menu.set(None); }>
                    <select class="input input--sm" name="kind" aria-label=i18n.t(T::LinkType) bind:value=kind data-testid="link-kind">
                        {KINDS.into_iter().map(|k| view! { <option value=k.abbreviation()>{i18n.t(kind_label(k))}</option> }).collect_view()}
                    </select>
                    <label class="small">{i18n.t(T::LagDays)}
                        <input class="input input--sm input--units" name="lag" bind:value=lag data-testid="link-lag"/>
                    </label>
                    <button type="submit" class="btn btn--sm btn--primary" disabled=!g.editable>{i18n.t(T::Save)}</button>
                    <button type="button" class="btn btn--sm btn--danger" disabled=!g.editable data-testid="link-delete" on:click=delete>{i18n.t(T::Delete)}</button>
                    <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| g.link_menu.set(None)>{i18n.t(T::Cancel)}</button>
                </form>
            })
        })}
    }
}
