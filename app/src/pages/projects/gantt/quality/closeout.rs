//! Closeout: the lessons learned (saved as a draft at any time) and the
//! archive, refused while deliverables wait for sign-off, defects are
//! open or change requests are pending (the list says which). Archived,
//! the project is read only; an admin can reopen it.

use cairn::domain::AppError;
use cairn::domain::project::quality::{Lessons, QualityView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::quality::{close_project, reopen_project};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, when};

/// The whole page follows the archive (every tab turns read only).
fn reload_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().reload();
    }
}

#[component]
pub fn Closeout(v: QualityView, set: Callback<QualityView>) -> impl IntoView {
    let i18n = use_i18n();
    let (project_id, version, editable) = (v.project_id, v.version, v.editable);
    let went_well = RwSignal::new(v.lessons.went_well.clone());
    let to_improve = RwSignal::new(v.lessons.to_improve.clone());
    let recommendations = RwSignal::new(v.lessons.recommendations.clone());
    let error = RwSignal::new(None::<AppError>);
    let send = move |archive: bool| {
        let lessons = Lessons {
            went_well: went_well.get_untracked(),
            to_improve: to_improve.get_untracked(),
            recommendations: recommendations.get_untracked(),
        };
        spawn_local(async move {
            match close_project(project_id, version, lessons, archive).await {
                Ok(v) => {
                    error.set(None);
                    set.run(v);
                    if archive {
                        reload_page();
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let reopen = move |_| {
        spawn_local(async move {
            match reopen_project(project_id, version).await {
                Ok(_) => reload_page(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let o = v.open;
    let pending: Vec<String> = [
        (o.unsigned_deliverables, T::UnsignedDeliverables),
        (o.open_defects, T::OpenDefects),
        (o.pending_changes, T::PendingChanges),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, t)| format!("{n} {}", i18n.t(t)))
    .collect();
    let area = move |label: T, key: &'static str, s: RwSignal<String>| {
        view! {
            <label class="field">
                <span class="field__label">{i18n.t(label)}</span>
                <textarea class="input" rows="3" maxlength="4000" data-testid=key disabled=!editable
                    prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev))></textarea>
                {field_error(error.into(), key)}
            </label>
        }
    };
    view! {
        <section class="panel closeout" aria-labelledby="closeout-title" data-testid="closeout">
            <h2 id="closeout-title" class="panel__title">{i18n.t(T::Closeout)}</h2>
            {v.closeout.clone().map(|c| view! {
                <p class="banner" role="status" data-testid="archived-banner">
                    {i18n.t(T::ArchivedReadOnly)}" · "{c.by.map(|b| b.name).unwrap_or_default()}" · "{when(c.at)}
                    {v.can_reopen.then(|| view! {
                        " "<button type="button" class="btn btn--sm" data-testid="reopen-project" on:click=reopen>{i18n.t(T::Reopen)}</button>
                    })}
                </p>
            })}
            {(v.closeout.is_none() && !pending.is_empty()).then(|| view! {
                <p class="small muted" data-testid="closeout-open">{i18n.t(T::BeforeCloseout)}" "{pending.join(" · ")}</p>
            })}
            <h3 class="closeout__lessons">{i18n.t(T::LessonsLearned)}</h3>
            {area(T::WentWell, "went_well", went_well)}
            {area(T::ToImprove, "to_improve", to_improve)}
            {area(T::Recommendations, "recommendations", recommendations)}
            {field_error(error.into(), "lessons")}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if ["lessons", "went_well", "to_improve", "recommendations"].contains(&field.as_str())))
                .map(|error| view! { <ErrorBanner error/> })}
            {editable.then(|| view! {
                <div class="form__actions">
                    <button type="button" class="btn" data-testid="save-lessons" on:click=move |_| send(false)>{i18n.t(T::SaveLessons)}</button>
                    <button type="button" class="btn btn--primary" data-testid="archive-project" on:click=move |_| send(true)>{i18n.t(T::ArchiveProject)}</button>
                </div>
            })}
        </section>
    }
}
