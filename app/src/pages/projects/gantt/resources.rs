//! The resource load: each person's assigned work per week against the
//! working time of their calendar (their own where they have one in the
//! project, else the project's), overloaded weeks marked (computed from the
//! schedule on screen, so it follows every edit at once).

use std::collections::BTreeSet;

use crate::erased::Erase;
use cairn::domain::project::load;
use leptos::prelude::*;

use super::G;
use crate::i18n::{T, use_i18n};

#[component]
pub fn LoadView() -> impl IntoView {
    let i18n = use_i18n();
    let g = expect_context::<G>();
    let data = move || {
        g.with(|e| {
            let own: Vec<(i64, String)> = e
                .person_calendars
                .iter()
                .map(|p| (p.user_id, p.calendar.name.clone()))
                .collect();
            (
                load::weekly(&e.state, &e.compiled, &e.schedule, &e.person_calendars),
                own,
            )
        })
        .unwrap_or_default()
    };
    view! {
        {move || {
            let (loads, own) = data();
            if loads.is_empty() {
                return view! { <p class="empty" data-testid="load-empty">{i18n.t(T::NoAssignments)}</p> }.erase();
            }
            let weeks: Vec<chrono::NaiveDate> = loads
                .iter()
                .flat_map(|p| p.weeks.iter().map(|w| w.week))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let people = g.people.with_value(|p| p.clone());
            view! {
                <div class="table-wrap load">
                    <table class="table table--load" data-testid="load-table">
                        <thead><tr>
                            <th scope="col">{i18n.t(T::Person)}</th>
                            {weeks.iter().map(|w| view! { <th scope="col" class="mono small">{w.format("%m-%d").to_string()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {loads.into_iter().map(|p| {
                                let name = people.iter().find(|x| x.id == p.user_id).map(|x| x.name.clone()).unwrap_or_else(|| format!("#{}", p.user_id));
                                // Someone on their own calendar (kept from Project): named, so
                                // a longer bar or a smaller capacity is explained.
                                let calendar = own.iter().find(|(id, _)| *id == p.user_id).map(|(_, c)| c.clone());
                                view! {
                                    <tr data-testid="load-row" data-user=p.user_id>
                                        <th scope="row">{name}
                                            {calendar.map(|c| view! {
                                                <span class="load__calendar small muted" data-testid="own-calendar">{i18n.t(T::OwnCalendar)}": "{c}</span>
                                            })}
                                        </th>
                                        {weeks.iter().map(|w| match p.weeks.iter().find(|x| x.week == *w) {
                                            Some(x) => {
                                                let pct = x.percent();
                                                let text = if pct.is_finite() { format!("{pct:.0}%") } else { "∞".into() };
                                                view! {
                                                    <td class="load__cell" class:load__cell--over=x.overloaded()
                                                        data-over=x.overloaded().to_string()
                                                        title=format!("{:.1} h / {:.1} h", x.load_minutes as f64 / 60.0, x.capacity_minutes as f64 / 60.0)>
                                                        {text}
                                                    </td>
                                                }.erase()
                                            }
                                            None => view! { <td class="load__cell"></td> }.erase(),
                                        }).collect_view()}
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
