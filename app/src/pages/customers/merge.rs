//! The merge screen: the records of a group side by side, one column
//! each; the person picks the record to keep and, field by field, the
//! value that wins (the screen starts from the kept record, filling its
//! empty fields from the others). One click merges — in one transaction,
//! checked against the versions shown — and offers Undo at once.

use crate::erased::Erase;
use cairn::domain::customer::merge::{
    MergeColumn, MergeField, MergeInput, MergeKind, MergeOutcome, default_choices, differs,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::duplicates::{kind_of, record_href};
use super::parse_id;
use crate::api::merge::{MergeRecords, UndoMerge, merge_columns};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{I18n, T, field_label, use_i18n};

#[component]
pub fn MergePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = Memo::new(move |_| kind_of(&query.read()));
    let ids = Memo::new(move |_| {
        query
            .read()
            .get("ids")
            .map(|s| s.split(',').filter_map(parse_id).collect::<Vec<i64>>())
            .unwrap_or_default()
    });
    let columns = Resource::new(
        move || (kind.get(), ids.get()),
        |(k, ids)| merge_columns(k, ids),
    );
    view! {
        <Title text=i18n.t(T::MergeTitle)/>
        <section class="page">
            <header class="page__header">
                <div>
                    <p class="muted small"><A href=move || format!("/customers/duplicates?kind={}", kind.get().as_str())>{i18n.t(T::BackToDuplicates)}</A></p>
                    <h1 class="page__title">{i18n.t(T::MergeTitle)}</h1>
                    <p class="muted">{i18n.t(T::MergeIntro)}</p>
                </div>
            </header>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match columns.await {
                        Ok(columns) => view! { <MergeForm kind=kind.get_untracked() columns/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MergeForm(kind: MergeKind, columns: Vec<MergeColumn>) -> impl IntoView {
    let i18n = use_i18n();
    let merge = ServerAction::<MergeRecords>::new();
    let undo = ServerAction::<UndoMerge>::new();
    let first = columns.first().map_or(0, |c| c.id);
    let survivor = RwSignal::new(first);
    let choices = RwSignal::new(default_choices(kind, &columns, first));
    let cols = StoredValue::new(columns.clone());
    let keep = move |id: i64| {
        survivor.set(id);
        choices.set(cols.with_value(|c| default_choices(kind, c, id)));
    };
    let done = move || merge.value().with(|v| matches!(v, Some(Ok(_))));
    let submit = move |_| {
        let s = survivor.get_untracked();
        let input = cols.with_value(|c| MergeInput {
            kind,
            survivor_id: s,
            merged_ids: c.iter().map(|c| c.id).filter(|&i| i != s).collect(),
            choices: choices.get_untracked(),
            versions: c.iter().map(|c| (c.id, c.version)).collect(),
        });
        merge.dispatch(MergeRecords { input });
    };
    let n = columns.len();
    view! {
        <div class="table-wrap">
            <table class="table merge-table" data-testid="merge-table">
                <thead>
                    <tr>
                        <th>{i18n.t(T::FieldColumn)}</th>
                        {columns.iter().map(|c| {
                            let id = c.id;
                            view! {
                                <th data-col=id>
                                    <label class="merge-keep">
                                        <input type="radio" name="survivor" data-testid="keep" value=id
                                            prop:checked=move || survivor.get() == id
                                            disabled=done
                                            on:change=move |_| keep(id)/>
                                        " "{i18n.t(T::KeepThis)}
                                    </label>
                                    <A href=record_href(kind, id) attr:class="small muted merge-keep__link">{format!("#{id}")}</A>
                                </th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {kind.fields().iter().map(|&field| {
                        let differ = differs(&columns, field);
                        view! {
                            <tr class:merge-row--differs=differ data-field=field.as_str()>
                                <th scope="row">{i18n.t(field_label(field.as_str()))}</th>
                                {columns.iter().map(|c| {
                                    let id = c.id;
                                    let text = shown(i18n, field, c.value(field));
                                    view! {
                                        <td class:merge-cell--chosen=move || choices.with(|m| m.get(&field) == Some(&id))>
                                            <label>
                                                {differ.then(|| view! {
                                                    <input type="radio" name=format!("f-{}", field.as_str()) value=id
                                                        data-testid=format!("pick-{}-{id}", field.as_str())
                                                        prop:checked=move || choices.with(|m| m.get(&field) == Some(&id))
                                                        disabled=done
                                                        on:change=move |_| choices.update(|m| { m.insert(field, id); })/>
                                                })}
                                                " "<span>{text}</span>
                                            </label>
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || merge.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
        {move || undo.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
        {move || merge.value().get().and_then(Result::ok).map(|o| view! { <Outcome o undo/> })}
        <div class="form__actions">
            <button type="button" class="btn btn--primary" data-testid="merge-now"
                disabled=move || merge.pending().get() || done() || n < 2
                on:click=submit>
                {i18n.t(T::MergeNow).replace("{n}", &n.to_string())}
            </button>
        </div>
    }
}

/// What the merge did, a link to the record kept, and Undo.
#[component]
fn Outcome(o: MergeOutcome, undo: ServerAction<UndoMerge>) -> impl IntoView {
    let i18n = use_i18n();
    let moved = moved_text(i18n, &o);
    let id = o.merge_id;
    let undone = move || undo.value().with(|v| matches!(v, Some(Ok(_))));
    view! {
        <div class="banner banner--ok" role="status" data-testid="merge-done">
            {move || if undone() {
                i18n.t(T::MergeUndone).to_owned()
            } else if moved.is_empty() {
                i18n.t(T::MergedNothingMoved).to_owned()
            } else {
                i18n.t(T::MergedMoved).replace("{moved}", &moved)
            }}
            " "
            <A href=record_href(o.kind, o.survivor_id) attr:class="link-strong" attr:data-testid="survivor-link">{i18n.t(T::Open)}</A>
            " "
            {move || (!undone()).then(|| view! {
                <button type="button" class="btn btn--sm" data-testid="undo-merge"
                    disabled=move || undo.pending().get()
                    on:click=move |_| { undo.dispatch(UndoMerge { id }); }>{i18n.t(T::UndoMerge)}</button>
            })}
        </div>
    }
}

/// "2 deals, 3 activities" in the UI language.
fn moved_text(i18n: I18n, o: &MergeOutcome) -> String {
    o.moved
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(table, n)| {
            let label = match table.as_str() {
                "deals" | "deal_contacts" => i18n.t(T::Deals),
                "contacts" => i18n.t(T::Contacts),
                "activities" => i18n.t(T::Activities),
                "projects" => i18n.t(T::Projects),
                "leads" => i18n.t(T::Leads),
                other => return format!("{other} {n}"),
            };
            format!("{label} {n}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field's value as the person reads it (a lifecycle by its label).
fn shown(i18n: I18n, field: MergeField, value: &str) -> String {
    if field == MergeField::Lifecycle
        && let Some(l) = cairn::domain::customer::Lifecycle::parse(value)
    {
        return i18n.t(super::lifecycle_label(l)).to_owned();
    }
    if value.is_empty() {
        "—".to_owned()
    } else {
        value.to_owned()
    }
}
