//! Step 2: each column to a field (the header's suggestion preselected),
//! with its transforms.

use crate::erased::Erase;
use cairn::domain::import::{Case, Field, Mapping};
use leptos::prelude::*;

use super::{Step, StepHead, StepNav, field_text, use_wizard};
use crate::i18n::{T, use_i18n};

const CASES: [(Option<Case>, T, &str); 4] = [
    (None, T::CaseKeep, ""),
    (Some(Case::Upper), T::CaseUpper, "upper"),
    (Some(Case::Lower), T::CaseLower, "lower"),
    (Some(Case::Title), T::CaseTitle, "title"),
];

/// What stops the mapping from working: a required field with no column,
/// a field fed twice. (The server checks the same and more.)
fn problems(m: &Mapping) -> Vec<(T, Field)> {
    let mut out = Vec::new();
    let mapped: Vec<Field> = m.columns.iter().filter_map(|c| c.field).collect();
    let name_like = [
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::DisplayName,
    ];
    for &f in m.kind.required() {
        let ok = mapped.contains(&f)
            || (f == Field::Name && mapped.iter().any(|m| name_like.contains(m)))
            || (f == Field::Username && mapped.contains(&Field::DisplayName));
        if !ok {
            out.push((T::RequiredMissing, f));
        }
    }
    for (i, f) in mapped.iter().enumerate() {
        if mapped[..i].contains(f) && !out.iter().any(|(t, g)| *t == T::FieldTwice && g == f) {
            out.push((T::FieldTwice, *f));
        }
    }
    out
}

#[component]
pub fn MappingStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let Some(preview) = w.preview.get_untracked() else {
        return ().erase();
    };
    let kind = w.kind.get_untracked();
    let suggested = preview.mapping.clone();
    let blocked = Signal::derive(move || {
        w.mapping
            .with(|m| m.as_ref().is_none_or(|m| !problems(m).is_empty()))
    });
    let rows = preview
        .table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let samples = preview.columns[i]
                .values
                .iter()
                .take(3)
                .map(|(v, _)| v.clone())
                .collect::<Vec<_>>()
                .join(" · ");
            let suggestion = suggested.columns.get(i).and_then(|c| c.field);
            let field = move || w.mapping.with(|m| m.as_ref().and_then(|m| m.columns.get(i)).and_then(|c| c.field));
            let trim = move || w.mapping.with(|m| m.as_ref().and_then(|m| m.columns.get(i)).is_none_or(|c| c.trim));
            let case = move || w.mapping.with(|m| m.as_ref().and_then(|m| m.columns.get(i)).and_then(|c| c.case));
            let set = move |f: &dyn Fn(&mut cairn::domain::import::ColumnMap)| {
                w.mapping.update(|m| {
                    if let Some(c) = m.as_mut().and_then(|m| m.columns.get_mut(i)) {
                        f(c);
                    }
                });
                w.dry.set(None);
            };
            let on_field = move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                let f = kind.fields().iter().copied().find(|f| format!("{f:?}") == v);
                set(&|c| c.field = f);
            };
            let on_trim = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                set(&|c| c.trim = on);
            };
            let on_case = move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                let case = CASES.iter().find(|c| c.2 == v).and_then(|c| c.0);
                set(&|c| c.case = case);
            };
            let select_id = format!("map-field-{i}");
            let header_id = format!("map-col-{i}");
            view! {
                <tr data-testid="mapping-row">
                    <th scope="row" id=header_id.clone()>{header.clone()}</th>
                    <td class="muted small wizard__samples">{samples}</td>
                    <td>
                        <label class="sr-only" for=select_id.clone()>{format!("{} — {}", i18n.t(T::CairnField), header)}</label>
                        <select class="input input--sm" id=select_id name=format!("field-{i}") on:change=on_field>
                            <option value="" selected=move || field().is_none()>{i18n.t(T::IgnoreColumn)}</option>
                            {kind.fields().iter().map(|&f| view! {
                                <option value=format!("{f:?}") selected=move || field() == Some(f)>
                                    {i18n.t(field_text(f))}
                                    {(suggestion == Some(f)).then(|| format!(" ({})", i18n.t(T::SuggestedMark)))}
                                </option>
                            }).collect_view()}
                        </select>
                        {move || (suggestion.is_some() && field() == suggestion).then(|| view! {
                            <span class="badge wizard__suggested">{i18n.t(T::SuggestedMark)}</span>
                        })}
                    </td>
                    <td>
                        <label class="check">
                            <input type="checkbox" prop:checked=trim on:change=on_trim aria-describedby=header_id.clone()/>
                            {i18n.t(T::TrimLabel)}
                        </label>
                    </td>
                    <td>
                        <select class="input input--sm" aria-label=format!("{} — {}", i18n.t(T::CaseLabel), header) on:change=on_case>
                            {CASES.iter().map(|(c, label, v)| {
                                let c = *c;
                                view! { <option value=*v selected=move || case() == c>{i18n.t(*label)}</option> }
                            }).collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="panel wizard__panel">
            <StepHead title=T::StepMapping intro=T::MappingIntro/>
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid="import-mapping">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::ColumnInFile)}</th>
                            <th scope="col">{i18n.t(T::SampleValues)}</th>
                            <th scope="col">{i18n.t(T::CairnField)}</th>
                            <th scope="col">{i18n.t(T::TrimLabel)}</th>
                            <th scope="col">{i18n.t(T::CaseLabel)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || {
                let list = w.mapping.with(|m| m.as_ref().map(problems).unwrap_or_default());
                (!list.is_empty()).then(|| view! {
                    <ul class="banner banner--warn" role="status">
                        {list.into_iter().map(|(t, f)| view! {
                            <li>{i18n.t(t).replace("{field}", i18n.t(field_text(f)))}</li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <StepNav back=Step::Upload next_label=Signal::derive(move || i18n.t(T::NextStep).to_owned())
                next_disabled=blocked on_next=move || w.go(Step::Values) testid="to-values"/>
        </div>
    }
    .erase()
}
