//! Defects found in the project: reported against a deliverable (which
//! then cannot be signed off while any is open) or the project at large,
//! with a severity; resolved and reopened in place.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::quality::{
    DefectInput, DefectStatus, DefectView, QualityView, Severity,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::quality::save_defect;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, when};

fn severity_label(s: Severity) -> T {
    match s {
        Severity::Low => T::SeverityLow,
        Severity::Medium => T::SeverityMedium,
        Severity::High => T::SeverityHigh,
        Severity::Critical => T::SeverityCritical,
    }
}

#[component]
pub fn Defects(v: QualityView, set: Callback<QualityView>) -> impl IntoView {
    let i18n = use_i18n();
    let (project_id, editable) = (v.project_id, v.editable);
    let deliverables: Vec<(i64, String)> = v
        .deliverables
        .iter()
        .filter(|d| d.signed.is_none())
        .map(|d| (d.id, d.input.name.clone()))
        .collect();
    let title = RwSignal::new(String::new());
    let severity = RwSignal::new(Severity::Medium.as_str().to_owned());
    let deliverable = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DefectInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            severity: Severity::parse(&severity.get_untracked()).unwrap_or_default(),
            status: DefectStatus::Open,
            deliverable_id: deliverable.get_untracked().parse().ok(),
        };
        spawn_local(async move {
            match save_defect(project_id, None, 0, input).await {
                Ok(v) => {
                    title.set(String::new());
                    description.set(String::new());
                    error.set(None);
                    set.run(v);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let known = ["title", "description", "deliverable_id"];
    view! {
        <section class="panel" aria-labelledby="defects-title" data-testid="defects">
            <h2 id="defects-title" class="panel__title">{i18n.t(T::Defects)}</h2>
            {editable.then(|| view! {
                <form class="cost-entry-form" on:submit=submit novalidate data-testid="defect-form">
                    <label class="field field--grow">
                        <span class="field__label">{i18n.t(T::DefectTitle)}</span>
                        <input class="input" maxlength="200" data-testid="defect-title" prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev))/>
                        {field_error(error.into(), "title")}
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Severity)}</span>
                        <select class="input" data-testid="defect-severity" on:change=move |ev| severity.set(event_target_value(&ev))>
                            {Severity::ALL.into_iter().map(|s| view! {
                                <option value=s.as_str() selected=move || severity.get() == s.as_str()>{i18n.t(severity_label(s))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Deliverable)}</span>
                        <select class="input" data-testid="defect-deliverable" on:change=move |ev| deliverable.set(event_target_value(&ev))>
                            <option value="" selected=move || deliverable.get().is_empty()>"—"</option>
                            {deliverables.into_iter().map(|(id, n)| {
                                let id = id.to_string();
                                view! { <option value=id.clone() selected=move || deliverable.get() == id>{n}</option> }
                            }).collect_view()}
                        </select>
                        {field_error(error.into(), "deliverable_id")}
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">{i18n.t(T::Description)}</span>
                        <input class="input" data-testid="defect-description" prop:value=move || description.get()
                            on:input=move |ev| description.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="btn btn--primary" data-testid="report-defect">{i18n.t(T::ReportDefect)}</button>
                </form>
            })}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if known.contains(&field.as_str())))
                .map(|error| view! { <ErrorBanner error/> })}
            {if v.defects.is_empty() {
                view! { <p class="muted">{i18n.t(T::NoDefects)}</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap table-wrap--flat">
                        <table class="table" data-testid="defect-list">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t(T::DefectTitle)}</th>
                                    <th scope="col">{i18n.t(T::Severity)}</th>
                                    <th scope="col">{i18n.t(T::Deliverable)}</th>
                                    <th scope="col">{i18n.t(T::Status)}</th>
                                    <th scope="col">{i18n.t(T::FoundBy)}</th>
                                    <th scope="col"><span class="sr-only">{i18n.t(T::Status)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {v.defects.into_iter().map(|f| view! { <DefectRow f project_id editable set error/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
    }
}

#[component]
fn DefectRow(
    f: DefectView,
    project_id: i64,
    editable: bool,
    set: Callback<QualityView>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = f.input.status == DefectStatus::Open;
    let (id, version) = (f.id, f.version);
    let input = StoredValue::new(f.input.clone());
    let flip = move |_| {
        let mut next = input.get_value();
        next.status = if open {
            DefectStatus::Resolved
        } else {
            DefectStatus::Open
        };
        spawn_local(async move {
            match save_defect(project_id, Some(id), version, next).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <tr data-testid="defect" data-title=f.input.title.clone() data-status=f.input.status.as_str()>
            <td>{f.input.title.clone()}{(!f.input.description.is_empty()).then(|| view! { <div class="small muted">{f.input.description.clone()}</div> })}</td>
            <td><span class=format!("badge badge--sev-{}", f.input.severity.as_str())>{i18n.t(severity_label(f.input.severity))}</span></td>
            <td>{f.deliverable_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td>{i18n.t(if open { T::DefectOpen } else { T::DefectResolved })}</td>
            <td class="small">{f.found_by.clone().map(|n| n.name).unwrap_or_default()}" · "{when(f.found_at)}</td>
            <td>{editable.then(|| view! {
                <button type="button" class="btn btn--sm" data-testid=if open { "resolve-defect" } else { "reopen-defect" } on:click=flip>
                    {i18n.t(if open { T::Resolve } else { T::Reopen })}
                </button>
            })}</td>
        </tr>
    }
}
