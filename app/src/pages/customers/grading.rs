//! Admin › Grading: the thresholds behind the A/B/C/D badges.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::GradeRules;
use leptos::prelude::*;
use leptos_meta::Title;

use super::field_error;
use crate::api::customers::{SaveGradeRules, get_grade_rules};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// Users | Grading | Pipelines | Service levels | Import, across the admin pages.
#[component]
pub fn AdminTabs(active: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=i18n.t(T::NavAdmin)>
            {[("/admin/users", "users", T::NavUsers), ("/admin/grading", "grading", T::NavGrading), ("/admin/pipelines", "pipelines", T::NavPipelines), ("/admin/service", "service", T::NavServiceLevels), ("/admin/automation", "automation", T::Automation), ("/admin/targets", "targets", T::Targets), ("/admin/templates", "templates", T::ProjectTemplates), ("/import?kind=users", "import", T::NavImport)]
                .into_iter()
                .map(|(href, key, label)| view! {
                    <leptos_router::components::A href=href attr:class="tabs__tab" attr:aria-current=(key == active).then_some("page")>
                        {i18n.t(label)}
                    </leptos_router::components::A>
                })
                .collect_view()}
        </nav>
    }
}

#[component]
pub fn GradingPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveGradeRules>::new();
    // Blocking: a refusal is the page's HTTP status (403), as on Admin › Users.
    let rules = Resource::new_blocking(move || save.version().get(), |_| get_grade_rules(true));
    view! {
        <Title text=i18n.t(T::GradingTitle)/>
        <section class="page page--narrow">
            <h1 class="page__title">{i18n.t(T::GradingTitle)}</h1>
            <p class="muted">{i18n.t(T::GradingIntro)}</p>
            <AdminTabs active="grading"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match rules.await {
                        Ok((r, version)) => view! { <RulesForm rules=r version save/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RulesForm(rules: GradeRules, version: i64, save: ServerAction<SaveGradeRules>) -> impl IntoView {
    let i18n = use_i18n();
    let fields: [(T, &'static str, i64); 7] = [
        (T::GradeAFrom, "a_min_value", rules.a_min_value),
        (T::GradeBFrom, "b_min_value", rules.b_min_value),
        (T::GradeCFrom, "c_min_value", rules.c_min_value),
        (
            T::PipelineWeight,
            "pipeline_weight_pct",
            rules.pipeline_weight_pct,
        ),
        (
            T::PotentialWeight,
            "potential_weight_pct",
            rules.potential_weight_pct,
        ),
        (T::FreshDays, "fresh_days", rules.fresh_days),
        (T::StaleDays, "stale_days", rules.stale_days),
    ];
    let values: Vec<RwSignal<String>> = fields
        .iter()
        .map(|f| RwSignal::new(f.2.to_string()))
        .collect();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let vals = values.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let mut n = [0i64; 7];
        for (i, (_, field, _)) in fields.iter().enumerate() {
            match vals[i]
                .get_untracked()
                .trim()
                .replace(',', "")
                .parse::<i64>()
            {
                Ok(v) => n[i] = v,
                Err(_) => {
                    return local_error.set(Some(AppError::invalid(field, "is not a number")));
                }
            }
        }
        let rules = GradeRules {
            a_min_value: n[0],
            b_min_value: n[1],
            c_min_value: n[2],
            pipeline_weight_pct: n[3],
            potential_weight_pct: n[4],
            fresh_days: n[5],
            stale_days: n[6],
        };
        if let Err(e) = rules.validate() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveGradeRules { rules, version });
    };
    view! {
        <form class="form form--grid panel" on:submit=on_submit data-testid="grading-form" novalidate>
            {fields.into_iter().zip(values).map(|((label, field, _), sig)| view! {
                <label class="field">
                    <span class="field__label">{i18n.t(label)}</span>
                    <input class="input" name=field inputmode="numeric" bind:value=sig/>
                    {field_error(error, field)}
                </label>
            }).collect_view()}
            <div class="form__actions field--wide">
                <button type="submit" class="btn btn--primary" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || match (local_error.get(), save.value().get()) {
                    (None, Some(Ok(_))) => view! { <OkBanner text=i18n.t(T::GradingSaved)/> }.erase(),
                    (None, Some(Err(error))) => view! { <ErrorBanner error/> }.erase(),
                    _ => ().erase(),
                }}
            </div>
        </form>
    }
}
