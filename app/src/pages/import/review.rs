//! Step 4: the dry run (counts, row errors and their report, duplicate
//! groups with a choice each), then the commit (step 5) and its result.

use crate::erased::Erase;
use cairn::domain::import::{Choice, DuplicateGroup, GroupChoice};
use leptos::prelude::*;

use super::{Step, StepHead, Wizard, kind_list, use_wizard};
use crate::api::import::{import_commit, import_dry_run, import_error_report};
use crate::components::error_banner::OkBanner;
use crate::i18n::{T, use_i18n};

/// Errors listed on the page; the report has all of them.
const SHOWN_ERRORS: usize = 100;

async fn run_dry(w: Wizard) {
    let (Some(upload), Some(mapping)) = (w.upload.get_untracked(), w.mapping.get_untracked())
    else {
        return;
    };
    w.busy.set(true);
    match import_dry_run(upload, mapping, w.decisions.get_untracked()).await {
        Ok(d) => {
            w.dry.set(Some(d));
            w.error.set(None);
        }
        Err(e) => {
            w.dry.set(None);
            w.error.set(Some(e));
        }
    }
    w.busy.set(false);
}

async fn commit(w: Wizard) {
    let (Some(upload), Some(mapping)) = (w.upload.get_untracked(), w.mapping.get_untracked())
    else {
        return;
    };
    w.busy.set(true);
    w.committed.set(None);
    w.go(Step::Done);
    match import_commit(upload, mapping, w.decisions.get_untracked()).await {
        Ok(c) => {
            w.committed.set(Some(c));
            w.history.update(|n| *n += 1);
        }
        Err(e) => {
            w.error.set(Some(e));
            w.step.set(Step::Review);
        }
    }
    w.busy.set(false);
}

async fn download_report(w: Wizard) {
    let (Some(upload), Some(mapping)) = (w.upload.get_untracked(), w.mapping.get_untracked())
    else {
        return;
    };
    match import_error_report(upload, mapping, w.decisions.get_untracked()).await {
        Ok(csv) => save_file("import-errors.csv", &csv),
        Err(e) => w.error.set(Some(e)),
    }
}

/// Hands `text` to the browser as a download.
fn save_file(name: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let href = format!(
            "data:text/csv;charset=utf-8,{}",
            js_sys::encode_uri_component(text)
        );
        let doc = gloo_utils::document();
        if let Ok(a) = doc.create_element("a")
            && let Ok(a) = a.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = a.set_attribute("href", &href);
            let _ = a.set_attribute("download", name);
            a.click();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, text);
}

fn set_choice(w: Wizard, key: usize, choice: Choice) {
    w.decisions.update(|d| {
        d.groups.retain(|g| g.key != key);
        d.groups.push(GroupChoice { key, choice });
    });
    leptos::task::spawn_local(run_dry(w));
}

#[component]
pub fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    Effect::new(move |_| {
        if w.dry.get_untracked().is_none() {
            leptos::task::spawn_local(run_dry(w));
        }
    });
    let blocked = move || {
        w.busy.get()
            || w.dry.with(|d| {
                d.as_ref().is_none_or(|d| {
                    (d.counts.error > 0 && !w.decisions.with(|x| x.skip_errors))
                        || d.counts.create + d.counts.update == 0
                })
            })
    };
    view! {
        <div class="panel wizard__panel">
            <StepHead title=T::StepReview intro=T::ReviewIntro/>
            {move || (w.busy.get() && w.dry.with(Option::is_none)).then(|| view! {
                <p class="muted" role="status"><progress class="wizard__progress"></progress>" "{i18n.t(T::Checking)}</p>
            })}
            {move || w.dry.get().map(|d| {
                let counts = d.counts;
                view! {
                    <div class="kpis wizard__counts" data-testid="dry-counts" aria-live="polite">
                        {[(T::CountCreate, counts.create, "create"), (T::CountUpdate, counts.update, "update"),
                          (T::CountSkip, counts.skip, "skip"), (T::CountError, counts.error, "error")]
                            .into_iter().map(|(t, n, key)| view! {
                                <div class="kpi" data-count=key>
                                    <div class="kpi__label">{i18n.t(t)}</div>
                                    <div class="kpi__value">{n}</div>
                                </div>
                            }).collect_view()}
                    </div>
                    {(!d.also_created.is_empty()).then(|| view! {
                        <p class="muted">{i18n.t(T::AlsoCreated)}" "{d.also_created.join(", ")}</p>
                    })}
                    <Errors errors=d.errors.clone()/>
                    <Duplicates groups=d.duplicates.clone()/>
                }
            })}
            <div class="wizard__nav">
                <button type="button" class="btn" on:click=move |_| w.go(Step::Values)>{i18n.t(T::BackStep)}</button>
                {move || w.dry.with(|d| d.as_ref().is_some_and(|d| d.counts.error > 0)).then(|| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="skip-errors" prop:checked=move || w.decisions.with(|d| d.skip_errors)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                w.decisions.update(|d| d.skip_errors = on);
                                leptos::task::spawn_local(run_dry(w));
                            }/>
                        {i18n.t(T::SkipErrors)}
                    </label>
                })}
                <button type="button" class="btn btn--primary" data-testid="commit" disabled=blocked
                    on:click=move |_| leptos::task::spawn_local(commit(w))>
                    {move || {
                        let n = w.dry.with(|d| d.as_ref().map_or(0, |d| d.counts.create + d.counts.update));
                        i18n.t(T::CommitButton).replace("{n}", &n.to_string())
                    }}
                </button>
            </div>
            {move || w.dry.with(|d| d.as_ref().is_some_and(|d| d.counts.error > 0) && !w.decisions.with(|x| x.skip_errors)).then(|| view! {
                <p class="muted small">{i18n.t(T::CommitBlocked)}</p>
            })}
        </div>
    }
}

#[component]
fn Errors(errors: Vec<cairn::domain::import::RowError>) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    if errors.is_empty() {
        return ().erase();
    }
    let more = errors.len().saturating_sub(SHOWN_ERRORS);
    view! {
        <section class="wizard__errors" aria-labelledby="import-errors-title">
            <div class="panel__head">
                <h3 class="panel__title" id="import-errors-title">{i18n.t(T::RowErrors)}</h3>
                <button type="button" class="btn btn--sm" data-testid="error-report"
                    on:click=move |_| leptos::task::spawn_local(download_report(w))>
                    {i18n.t(T::DownloadErrors)}
                </button>
            </div>
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid="row-errors">
                    <thead><tr>
                        <th scope="col" class="num">{i18n.t(T::ColRow)}</th>
                        <th scope="col">{i18n.t(T::ColColumn)}</th>
                        <th scope="col">{i18n.t(T::ColReason)}</th>
                    </tr></thead>
                    <tbody>
                        {errors.into_iter().take(SHOWN_ERRORS).map(|e| view! {
                            <tr>
                                <td class="num">{e.row}</td>
                                <td>{e.column}</td>
                                <td>{crate::i18n::reason_text(&e.reason, i18n.lang())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0).then(|| view! { <p class="muted small">{i18n.t(T::MoreErrors).replace("{n}", &more.to_string())}</p> })}
        </section>
    }
    .erase()
}

#[component]
fn Duplicates(groups: Vec<DuplicateGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    view! {
        <section class="wizard__dupes" aria-labelledby="import-dupes-title">
            <h3 class="panel__title" id="import-dupes-title">{i18n.t(T::DuplicatesTitle)}</h3>
            {if groups.is_empty() {
                view! { <p class="muted">{i18n.t(T::NoDuplicates)}</p> }.erase()
            } else {
                view! {
                    <p class="muted">{i18n.t(T::DuplicatesIntro)}</p>
                    <ul class="wizard__groups">
                        {groups.into_iter().map(|g| {
                            let rows = g.rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                            let key = g.key;
                            let mut options = vec![(Choice::Create, i18n.t(T::ChoiceCreate).to_owned()), (Choice::Skip, i18n.t(T::ChoiceSkip).to_owned())];
                            options.extend(g.existing.iter().map(|e| (Choice::Update { id: e.id }, i18n.t(T::ChoiceUpdate).replace("{name}", &e.name))));
                            let current = g.choice;
                            view! {
                                <li class="wizard__group" data-testid="dup-group">
                                    <fieldset>
                                        <legend>{i18n.t(T::GroupChoiceLabel).replace("{rows}", &rows)}</legend>
                                        <p class="small">
                                            <strong>{i18n.t(T::GroupRows).replace("{rows}", &rows)}</strong>
                                            {(!g.existing.is_empty()).then(|| view! {
                                                " · "{i18n.t(T::GroupExisting)}" "
                                                {g.existing.iter().map(|e| e.name.clone()).collect::<Vec<_>>().join(", ")}
                                            })}
                                            <span class="muted">" · "{g.reasons.join("; ")}</span>
                                        </p>
                                        <div class="wizard__choices">
                                            {options.into_iter().map(|(choice, label)| view! {
                                                <label class="check">
                                                    <input type="radio" name=format!("group-{key}") checked=current == choice
                                                        on:change=move |_| set_choice(w, key, choice)/>
                                                    {label}
                                                </label>
                                            }).collect_view()}
                                        </div>
                                    </fieldset>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.erase()
            }}
        </section>
    }
}

/// Step 5: the commit under way, then what it wrote.
#[component]
pub fn DoneStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let rows = w
        .preview
        .with_untracked(|p| p.as_ref().map_or(0, |p| p.total_rows));
    let list = kind_list(w.kind.get_untracked());
    view! {
        <div class="panel wizard__panel">
            <StepHead title=T::StepDone/>
            {move || match w.committed.get() {
                None => view! {
                    <div role="status" data-testid="import-progress">
                        <progress class="wizard__progress" aria-label=i18n.t(T::StepDone)></progress>
                        <p class="muted">{i18n.t(T::Importing).replace("{n}", &rows.to_string())}</p>
                    </div>
                }.erase(),
                Some(c) => {
                    let text = i18n.t(T::ImportDoneBody)
                        .replace("{c}", &c.counts.create.to_string())
                        .replace("{u}", &c.counts.update.to_string())
                        .replace("{s}", &c.counts.skip.to_string());
                    view! {
                        <div data-testid="import-done">
                            <OkBanner text=i18n.t(T::ImportDone)/>
                            <p>{text}</p>
                            <div class="wizard__nav">
                                <a class="btn btn--primary" href=list>{i18n.t(T::ViewImported)}</a>
                                <button type="button" class="btn" on:click=move |_| w.reset()>{i18n.t(T::ImportAnother)}</button>
                            </div>
                        </div>
                    }.erase()
                }
            }}
        </div>
    }
}
