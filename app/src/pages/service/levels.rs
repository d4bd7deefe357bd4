//! Admin › Service levels: response and resolution targets per priority
//! (in working hours), the calendar whose hours count, and the desk's
//! offset from UTC.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::CalendarKey;
use cairn::domain::service::{Priority, ServiceLevels, SlaPolicy, SlaTargets};
use leptos::prelude::*;
use leptos_meta::Title;

use super::priority_label;
use crate::api::service::{SaveServiceLevels, get_service_levels};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;
use crate::pages::customers::grading::AdminTabs;
use crate::pages::placeholder::AccessDenied;

#[component]
pub fn ServiceLevelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveServiceLevels>::new();
    // Blocking: a refusal is the page's HTTP status (403).
    let levels = Resource::new_blocking(move || save.version().get(), |_| get_service_levels(true));
    view! {
        <Title text=i18n.t(T::ServiceLevels)/>
        <section class="page page--narrow">
            <h1 class="page__title">{i18n.t(T::ServiceLevels)}</h1>
            <p class="muted">{i18n.t(T::ServiceLevelsIntro)}</p>
            <AdminTabs active="service"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match levels.await {
                        Ok((l, version)) => view! { <LevelsForm levels=l version save/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Hours as the form shows them ("1.5" for 90 minutes).
fn hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.2}", minutes as f64 / 60.0)
    }
}

fn minutes(text: &str) -> Option<i64> {
    let h: f64 = text.trim().replace(',', ".").parse().ok()?;
    (h.is_finite() && h > 0.0 && h < 10_000.0).then(|| (h * 60.0).round() as i64)
}

/// "+08:00" ↔ 480.
fn offset_text(m: i32) -> String {
    let sign = if m < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
}

fn offset_of(text: &str) -> Option<i32> {
    let t = text.trim();
    let (sign, rest) = match t.chars().next()? {
        '-' => (-1, &t[1..]),
        '+' => (1, &t[1..]),
        _ => (1, t),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}

#[component]
fn LevelsForm(
    levels: ServiceLevels,
    version: i64,
    save: ServerAction<SaveServiceLevels>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<(Priority, RwSignal<String>, RwSignal<String>)> = Priority::ALL
        .into_iter()
        .rev()
        .map(|p| {
            let t = levels.targets(p);
            (
                p,
                RwSignal::new(hours(t.first_response_minutes)),
                RwSignal::new(hours(t.resolution_minutes)),
            )
        })
        .collect();
    let calendar = RwSignal::new(levels.calendar);
    let offset = RwSignal::new(offset_text(levels.utc_offset_minutes));
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let read = rows.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let mut policies = Vec::new();
        for (p, first, resolve) in &read {
            let (Some(f), Some(r)) = (
                minutes(&first.get_untracked()),
                minutes(&resolve.get_untracked()),
            ) else {
                return local_error.set(Some(AppError::invalid("policies", "is not a number")));
            };
            policies.push(SlaPolicy {
                priority: *p,
                targets: SlaTargets {
                    first_response_minutes: f,
                    resolution_minutes: r,
                },
            });
        }
        let Some(utc_offset_minutes) = offset_of(&offset.get_untracked()) else {
            return local_error.set(Some(AppError::invalid(
                "utc_offset_minutes",
                "is not a number",
            )));
        };
        let levels = ServiceLevels {
            policies,
            calendar: calendar.get_untracked(),
            utc_offset_minutes,
        };
        if let Err(e) = levels.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveServiceLevels { levels, version });
    };
    view! {
        <form class="form panel" on:submit=on_submit data-testid="levels-form" novalidate>
            <table class="table table--numbers">
                <thead><tr>
                    <th scope="col">{i18n.t(T::PriorityLabel)}</th>
                    <th scope="col">{i18n.t(T::FirstResponseHours)}</th>
                    <th scope="col">{i18n.t(T::ResolutionHours)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(p, first, resolve)| {
                        let label = i18n.t(priority_label(p));
                        view! {
                            <tr data-priority=p.as_str()>
                                <th scope="row">{label}</th>
                                <td><input class="input input--sm" name=format!("first-{}", p.as_str()) inputmode="decimal"
                                    aria-label=format!("{} · {}", label, i18n.t(T::FirstResponseHours)) bind:value=first/></td>
                                <td><input class="input input--sm" name=format!("resolve-{}", p.as_str()) inputmode="decimal"
                                    aria-label=format!("{} · {}", label, i18n.t(T::ResolutionHours)) bind:value=resolve/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {field_error(error, "policies")}
            {field_error(error, "resolution_minutes")}
            <div class="form form--grid">
                <label class="field">
                    <span class="field__label">{i18n.t(T::ServiceCalendar)}</span>
                    <select class="input" name="calendar" on:change=move |ev| {
                        if let Some(k) = CalendarKey::parse(&event_target_value(&ev)) { calendar.set(k) }
                    }>
                        {CalendarKey::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || calendar.get() == k>{i18n.t(crate::pages::projects::calendar_label(k))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::UtcOffset)}</span>
                    <input class="input" name="utc_offset" placeholder="+08:00" bind:value=offset/>
                    {field_error(error, "utc_offset_minutes")}
                </label>
            </div>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" data-testid="save-levels" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || match (local_error.get(), save.value().get()) {
                    (None, Some(Ok(_))) => view! { <OkBanner text=i18n.t(T::ServiceLevelsSaved)/> }.erase(),
                    (None, Some(Err(error))) => view! { <ErrorBanner error/> }.erase(),
                    _ => ().erase(),
                }}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_offsets_read_back() {
        assert_eq!(hours(90), "1.50");
        assert_eq!(minutes("1.5"), Some(90));
        assert_eq!(minutes("8"), Some(480));
        assert_eq!(minutes("0"), None);
        assert_eq!(minutes("abc"), None);
        assert_eq!(offset_text(480), "+08:00");
        assert_eq!(offset_text(-330), "-05:30");
        assert_eq!(offset_of("+08:00"), Some(480));
        assert_eq!(offset_of("-05:30"), Some(-330));
        assert_eq!(offset_of("8"), Some(480));
        assert_eq!(offset_of("x"), None);
    }
}
