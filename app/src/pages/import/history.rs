//! The import history, with undo. Undo is the store's to allow: when it
//! refuses (a record edited or used since), the reason is shown on the row.

use crate::erased::Erase;
use cairn::domain::import::ImportSummary;
use cairn::domain::{AppError, Language};
use leptos::prelude::*;

use super::{kind_text, use_wizard};
use crate::api::import::{import_history, import_undo};
use crate::components::error_banner::OkBanner;
use crate::i18n::{T, error_text, use_i18n};

/// Why undo was refused, as a sentence.
fn refusal(e: &AppError, lang: Language) -> String {
    let why = match e {
        AppError::Conflict { entity, .. } => T::UndoEdited.text(lang).replace("{entity}", entity),
        AppError::Validation { reason, .. } => crate::i18n::reason_text(reason, lang),
        other => error_text(other, lang),
    };
    format!("{} {why}", T::UndoRefused.text(lang))
}

#[component]
pub fn History() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let list = Resource::new(move || w.history.get(), |_| import_history());
    // (import id, outcome) of the last undo tried.
    let outcome = RwSignal::new(None::<(i64, Result<(), AppError>)>);
    let undo = move |id: i64| {
        leptos::task::spawn_local(async move {
            let r = import_undo(id).await.map(|_| ());
            if r.is_ok() {
                w.history.update(|n| *n += 1);
            }
            outcome.set(Some((id, r)));
        });
    };
    view! {
        <section class="panel wizard__history" aria-labelledby="import-history-title">
            <h2 class="panel__title" id="import-history-title">{i18n.t(T::HistoryTitle)}</h2>
            {move || outcome.get().and_then(|(_, r)| r.ok()).map(|_| view! { <OkBanner text=i18n.t(T::UndoneOk)/> })}
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(error) => view! { <crate::components::error_banner::ErrorBanner error/> }.erase(),
                        Ok(items) if items.is_empty() => view! { <p class="muted">{i18n.t(T::HistoryEmpty)}</p> }.erase(),
                        Ok(items) => view! {
                            <div class="table-wrap table-wrap--flat">
                                <table class="table table--numbers" data-testid="import-history">
                                    <thead><tr>
                                        <th scope="col">{i18n.t(T::ColWhen)}</th>
                                        <th scope="col">{i18n.t(T::ColFile)}</th>
                                        <th scope="col">{i18n.t(T::Kind)}</th>
                                        <th scope="col">{i18n.t(T::ColResult)}</th>
                                        <th scope="col"><span class="sr-only">{i18n.t(T::Undo)}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|s| view! { <HistoryRow s undo outcome/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn HistoryRow(
    s: ImportSummary,
    undo: impl Fn(i64) + Copy + Send + Sync + 'static,
    outcome: RwSignal<Option<(i64, Result<(), AppError>)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = s.id;
    let result = i18n
        .t(T::ImportDoneBody)
        .replace("{c}", &s.counts.create.to_string())
        .replace("{u}", &s.counts.update.to_string())
        .replace("{s}", &s.counts.skip.to_string());
    let label = i18n.t(T::UndoImportOf).replace("{file}", &s.file_name);
    view! {
        <tr data-testid="history-row" data-import=id>
            <td class="small">{s.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
            <td>{s.file_name.clone()}</td>
            <td>{i18n.t(kind_text(s.kind))}</td>
            <td class="small">{result}
                {move || outcome.get().and_then(|(i, r)| (i == id).then_some(r)).and_then(Result::err).map(|e| view! {
                    <p class="banner banner--error" role="alert" data-testid="undo-refused">{refusal(&e, i18n.lang())}</p>
                })}
            </td>
            <td class="table__actions">
                {if s.undone {
                    view! { <span class="badge badge--muted">{i18n.t(T::UndoneMark)}</span> }.erase()
                } else {
                    view! { <button type="button" class="btn btn--sm" aria-label=label on:click=move |_| undo(id)>{i18n.t(T::Undo)}</button> }.erase()
                }}
            </td>
        </tr>
    }
}
