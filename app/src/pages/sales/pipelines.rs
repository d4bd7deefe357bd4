//! Admin › Pipelines: a pipeline's name and its ordered stages (name,
//! default probability, rotting days). The whole pipeline is saved at once
//! through `save_pipeline` (compare-and-set on its version); the store
//! refuses removing a stage that still has deals, and that refusal is shown
//! as a sentence naming the stage.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::sales::pipeline::DEFAULT_STAGES;
use cairn::domain::sales::{Pipeline, PipelineInput, StageInput};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::sales::{SavePipeline, admin_pipelines};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, reason_text, use_i18n};
use crate::pages::customers::field_error;
use crate::pages::customers::grading::AdminTabs;
use crate::pages::placeholder::AccessDenied;

/// Which pipeline the editor shows, from `?pipeline=ID` or `?new=1`, so a
/// reload keeps it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Selected {
    First,
    Id(i64),
    New,
}

#[component]
pub fn PipelinesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let selected = Memo::new(move |_| {
        let q = params.get();
        if q.get("new").is_some() {
            Selected::New
        } else {
            q.get("pipeline")
                .and_then(|v| v.parse().ok())
                .map_or(Selected::First, Selected::Id)
        }
    });
    let save = ServerAction::<SavePipeline>::new();
    // Bumped after a save succeeds (not on every completion, as the
    // action's own version is, so a refused save keeps the user's edits).
    let reloads = RwSignal::new(0u32);
    // Blocking: a refusal is the page's HTTP status (403), as on Admin › Users.
    let list = Resource::new_blocking(move || reloads.get(), |_| admin_pipelines());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(p)) = save.value().get() {
            if selected.get_untracked() != Selected::Id(p.id) {
                navigate(
                    &format!("/admin/pipelines?pipeline={}", p.id),
                    Default::default(),
                );
            }
            reloads.update(|n| *n += 1);
        }
    });
    view! {
        <Title text=i18n.t(T::PipelinesTitle)/>
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || {
                    // Read before the await, so choosing another pipeline
                    // re-renders the editor.
                    let sel = selected.get();
                    Suspend::new(async move {
                    match list.await {
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                        Ok(pipelines) => {
                            let current = match sel {
                                Selected::New => None,
                                Selected::Id(id) => pipelines.iter().find(|p| p.id == id).cloned(),
                                Selected::First => pipelines.first().cloned(),
                            };
                            let active = current.as_ref().map(|p| p.id);
                            view! {
                                <header class="page__header">
                                    <div>
                                        <h1 class="page__title">{i18n.t(T::PipelinesTitle)}</h1>
                                        <p class="muted">{i18n.t(T::PipelinesIntro)}</p>
                                    </div>
                                </header>
                                <AdminTabs active="pipelines"/>
                                <div class="pipelines">
                                    <nav class="pipelines__list" aria-label=i18n.t(T::PipelinesTitle) data-testid="pipeline-list">
                                        {pipelines.into_iter().map(|p| {
                                            let current = active == Some(p.id);
                                            let stages = i18n.t(T::StagesCount).replace("{n}", &p.stages.len().to_string());
                                            let name = p.name.clone();
                                            view! {
                                                <A href=format!("/admin/pipelines?pipeline={}", p.id)
                                                    attr:class="pipelines__item"
                                                    attr:aria-current=current.then_some("page")
                                                    attr:data-pipeline=p.name
                                                    on:click=move |_| save.value().set(None)>
                                                    <span class="pipelines__name">{name}</span>
                                                    <span class="muted small">{stages}</span>
                                                </A>
                                            }
                                        }).collect_view()}
                                        <A href="/admin/pipelines?new=1" attr:class="btn btn--sm pipelines__new" attr:data-testid="new-pipeline" on:click=move |_| save.value().set(None)>
                                            {format!("+ {}", i18n.t(T::NewPipeline))}
                                        </A>
                                    </nav>
                                    <PipelineEditor pipeline=current save reloads/>
                                </div>
                            }
                            .erase()
                        }
                    }
                })}}
            </Transition>
        </section>
    }
}

/// One stage row being edited. `key` is stable across moves, so the rows
/// keep their DOM (and focus) when reordered.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    id: Option<i64>,
    name: RwSignal<String>,
    probability: RwSignal<String>,
    rotting: RwSignal<String>,
}

fn row(key: usize, id: Option<i64>, name: &str, probability: u8, rotting: Option<u32>) -> Row {
    Row {
        key,
        id,
        name: RwSignal::new(name.to_owned()),
        probability: RwSignal::new(probability.to_string()),
        rotting: RwSignal::new(rotting.map(|d| d.to_string()).unwrap_or_default()),
    }
}

/// The rows as the server expects them; a number that does not read is a
/// validation error on its field, as the server would name it.
fn input_of(name: &str, rows: &[Row]) -> Result<PipelineInput, AppError> {
    let mut stages = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let p = r.probability.get_untracked();
        let probability = p.trim().parse::<u8>().map_err(|_| {
            AppError::invalid(
                &format!("stages.{i}.probability"),
                "must be between 0 and 100",
            )
        })?;
        let rot = r.rotting.get_untracked();
        let rotting_days = match rot.trim() {
            "" => None,
            t => Some(t.parse::<u32>().map_err(|_| {
                AppError::invalid(&format!("stages.{i}.rotting_days"), "is not a number")
            })?),
        };
        stages.push(StageInput {
            id: r.id,
            name: r.name.get_untracked(),
            probability,
            rotting_days,
        });
    }
    let input = PipelineInput {
        name: name.to_owned(),
        stages,
    };
    input.validated()?;
    Ok(input)
}

/// The store's "“Proposal” still has 3 deals; move them first", read back
/// into its parts so it can be said in the user's language.
fn stage_with_deals(reason: &str) -> Option<(String, String)> {
    let rest = reason.strip_prefix('“')?;
    let (name, rest) = rest.split_once("” still has ")?;
    let (n, _) = rest.split_once(" deals")?;
    Some((name.to_owned(), n.to_owned()))
}

/// The error under one stage field (`stages.{i}.{field}`), following the
/// row when it moves.
fn stage_error(
    err: Signal<Option<AppError>>,
    index: Signal<usize>,
    field: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match err.get() {
        Some(AppError::Validation { field: f, reason })
            if f == format!("stages.{}.{field}", index.get()) =>
        {
            Some(view! {
                <span class="field__error" role="alert" data-testid=format!("error-stage-{field}")>
                    {reason_text(&reason, i18n.lang())}
                </span>
            })
        }
        _ => None,
    }
}

#[component]
fn PipelineEditor(
    pipeline: Option<Pipeline>,
    save: ServerAction<SavePipeline>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = pipeline
        .as_ref()
        .map_or((None, 0), |p| (Some(p.id), p.version));
    let name = RwSignal::new(
        pipeline
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    );
    let initial: Vec<Row> = match &pipeline {
        Some(p) => p
            .stages
            .iter()
            .enumerate()
            .map(|(k, s)| row(k, Some(s.id), &s.name, s.probability, s.rotting_days))
            .collect(),
        // A new pipeline starts from the common sequence, to edit.
        None => DEFAULT_STAGES
            .iter()
            .enumerate()
            .map(|(k, (n, p, r))| row(k, None, n, *p, *r))
            .collect(),
    };
    let next_key = StoredValue::new(initial.len());
    let rows = RwSignal::new(initial);
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        save.value().set(None);
        match input_of(&name.get_untracked(), &rows.get_untracked()) {
            Ok(input) => {
                save.dispatch(SavePipeline { id, version, input });
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(row(key, None, "", 50, None)));
    };
    let shift = move |key: usize, by: isize| {
        rows.update(|r| {
            if let Some(i) = r.iter().position(|x| x.key == key) {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < r.len() {
                    r.swap(i, j as usize);
                }
            }
        });
    };
    let remove = move |key: usize| rows.update(|r| r.retain(|x| x.key != key));
    // Errors that belong to no single field: a conflict, a refusal, a
    // stage that still has deals.
    let general = move || {
        match error.get() {
        None => None,
        Some(AppError::Validation { field, .. }) if field == "name" || field.starts_with("stages.") => None,
        Some(AppError::Validation { field, reason }) if field == "stages" => Some(
            match stage_with_deals(&reason) {
                Some((stage, n)) => view! {
                    <p class="banner banner--error" role="alert" data-testid="error">
                        {i18n.t(T::StageHasDeals).replace("{name}", &stage).replace("{n}", &n)}
                    </p>
                }
                .erase(),
                None => view! { <p class="banner banner--error" role="alert" data-testid="error">{reason_text(&reason, i18n.lang())}</p> }.erase(),
            },
        ),
        Some(error) => {
            let conflict = matches!(error, AppError::Conflict { .. });
            Some(
                view! {
                    <ErrorBanner error/>
                    {conflict.then(|| view! {
                        <button type="button" class="btn btn--sm" on:click=move |_| {
                            save.value().set(None);
                            reloads.update(|n| *n += 1);
                        }>{i18n.t(T::ReloadCurrent)}</button>
                    })}
                }
                .erase(),
            )
        }
    }
    };
    let count = move || rows.with(Vec::len);
    view! {
        <form class="panel form pipeline-editor" on:submit=on_submit novalidate data-testid="pipeline-form">
            <label class="field">
                <span class="field__label">{i18n.t(T::PipelineName)}</span>
                <input class="input" name="name" bind:value=name autocomplete="off"/>
                {field_error(error, "name")}
            </label>
            <div class="stages" role="group" aria-label=i18n.t(T::ColStage)>
                <div class="stages__head" aria-hidden="true">
                    <span>"#"</span>
                    <span>{i18n.t(T::StageName)}</span>
                    <span>{i18n.t(T::StageProbability)}</span>
                    <span>{i18n.t(T::RottingDays)}</span>
                    <span></span>
                </div>
                <ol class="stages__list" data-testid="stage-rows">
                    <For each=move || rows.get() key=|r| r.key let:r>
                        {
                            let key = r.key;
                            let index = Signal::derive(move || rows.with(|v| v.iter().position(|x| x.key == key).unwrap_or(0)));
                            let n = move || index.get() + 1;
                            let label = move |t: T| format!("{} {}", i18n.t(t), n());
                            view! {
                                <li class="stage-row" data-stage=move || r.name.get()>
                                    <span class="stage-row__n" aria-hidden="true">{n}</span>
                                    <span class="stage-row__field">
                                        <input class="input input--sm" name="stage_name" bind:value=r.name aria-label=move || label(T::StageName) placeholder=i18n.t(T::StageNew)/>
                                        {stage_error(error, index, "name")}
                                    </span>
                                    <span class="stage-row__field">
                                        <input class="input input--sm" name="stage_probability" inputmode="numeric" bind:value=r.probability aria-label=move || label(T::StageProbability)/>
                                        {stage_error(error, index, "probability")}
                                    </span>
                                    <span class="stage-row__field">
                                        <input class="input input--sm" name="stage_rotting" inputmode="numeric" bind:value=r.rotting aria-label=move || label(T::RottingDays) placeholder=i18n.t(T::RottingHint)/>
                                        {stage_error(error, index, "rotting_days")}
                                    </span>
                                    <span class="stage-row__actions">
                                        <button type="button" class="btn btn--sm btn--icon" aria-label=move || label(T::MoveUp) title=i18n.t(T::MoveUp) disabled=move || index.get() == 0 on:click=move |_| shift(key, -1)>"↑"</button>
                                        <button type="button" class="btn btn--sm btn--icon" aria-label=move || label(T::MoveDown) title=i18n.t(T::MoveDown) disabled={move || index.get() + 1 >= count()} on:click=move |_| shift(key, 1)>"↓"</button>
                                        <button type="button" class="btn btn--sm btn--icon btn--danger" aria-label=move || label(T::RemoveStage) title=i18n.t(T::RemoveStage) data-testid="remove-stage" on:click=move |_| remove(key)>"✕"</button>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ol>
                <button type="button" class="btn btn--sm" data-testid="add-stage" on:click=add>{format!("+ {}", i18n.t(T::AddStage))}</button>
            </div>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <OkBanner text=i18n.t(T::PipelineSaved)/> })}
                {general}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stores_refusal_is_read_back() {
        assert_eq!(
            stage_with_deals("“Proposal” still has 3 deals; move them first"),
            Some(("Proposal".to_owned(), "3".to_owned()))
        );
        assert_eq!(stage_with_deals("needs at least one stage"), None);
    }

    #[test]
    fn every_pipeline_reason_has_a_translation() {
        use cairn::domain::Language;
        let stage = |name: &str, probability: u8, rotting_days: Option<u32>| StageInput {
            id: None,
            name: name.into(),
            probability,
            rotting_days,
        };
        let inputs = [
            vec![],
            (0..21).map(|i| stage(&format!("S{i}"), 10, None)).collect(),
            vec![stage("A", 10, None), stage("a", 20, None)],
            vec![stage("A", 101, None)],
            vec![stage("A", 10, Some(0))],
            vec![stage("", 10, None)],
        ];
        for stages in inputs {
            let err = PipelineInput {
                name: "P".into(),
                stages,
            }
            .validated();
            let Err(AppError::Validation { reason, .. }) = err else {
                panic!("expected a validation error")
            };
            let zh = reason_text(&reason, Language::ZhCn);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "untranslated: {reason}"
            );
        }
    }
}
