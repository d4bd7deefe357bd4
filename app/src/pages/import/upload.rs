//! Step 1: what is imported, the file, how it was read (each detection
//! can be overridden), and its first rows.

use cairn::domain::import::{Encoding, Upload, Warning};
use leptos::prelude::*;

use super::{KINDS, Step, StepHead, StepNav, Wizard, kind_text, use_wizard};
use crate::api::import::import_preview;
use crate::i18n::{T, use_i18n};

/// Reads the current upload on the server and starts the mapping from its
/// suggestions.
pub async fn load_preview(w: Wizard) {
    let Some(upload) = w.upload.get_untracked() else {
        return;
    };
    w.busy.set(true);
    match import_preview(w.kind.get_untracked(), upload).await {
        Ok(p) => {
            w.mapping.set(Some(p.mapping.clone()));
            w.preview.set(Some(p));
            w.dry.set(None);
            w.error.set(None);
        }
        Err(e) => {
            w.preview.set(None);
            w.mapping.set(None);
            w.error.set(Some(e));
        }
    }
    w.busy.set(false);
}

fn reload(w: Wizard, change: impl FnOnce(&mut Upload)) {
    w.upload.update(|u| {
        if let Some(u) = u {
            change(u);
        }
    });
    leptos::task::spawn_local(load_preview(w));
}

const DELIMITERS: [(u8, T); 4] = [
    (b',', T::DelimComma),
    (b';', T::DelimSemicolon),
    (b'\t', T::DelimTab),
    (b'|', T::DelimPipe),
];

const ENCODINGS: [(Encoding, T, &str); 5] = [
    (Encoding::Utf8, T::EncUtf8, "utf8"),
    (Encoding::Utf8Bom, T::EncUtf8Bom, "utf8bom"),
    (Encoding::Utf16Le, T::EncUtf16, "utf16le"),
    (Encoding::Gb18030, T::EncGb18030, "gb18030"),
    (Encoding::Utf16Be, T::EncUtf16, "utf16be"),
];

#[component]
pub fn UploadStep() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let on_kind = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some((k, _)) = KINDS.iter().find(|(_, n)| *n == v) {
            w.kind.set(*k);
            if w.upload.with_untracked(Option::is_some) {
                leptos::task::spawn_local(load_preview(w));
            }
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let name = file.name();
            w.busy.set(true);
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => {
                        let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                        w.upload.set(Some(Upload::new(name, &bytes)));
                        load_preview(w).await;
                    }
                    Err(_) => {
                        w.error.set(Some(cairn::domain::AppError::invalid(
                            "file",
                            "could not be read",
                        )));
                    }
                }
                w.busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="panel wizard__panel">
            <StepHead title=T::StepUpload/>
            <div class="form form--grid">
                <label class="field">
                    <span class="field__label">{i18n.t(T::ImportKind)}</span>
                    <select class="input" name="kind" on:change=on_kind data-testid="import-kind">
                        {KINDS.iter().map(|(k, name)| view! {
                            <option value=*name selected=move || w.kind.get() == *k>{i18n.t(kind_text(*k))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::ImportFile)}</span>
                    <input class="input" type="file" name="file" accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv"
                        aria-describedby="import-file-hint" on:change=on_file data-testid="import-file"/>
                    <span class="field__hint" id="import-file-hint">{i18n.t(T::ImportFileHint)}</span>
                </label>
            </div>
            {move || w.busy.get().then(|| view! { <p class="muted" role="status">{i18n.t(T::ReadingFile)}</p> })}
            {move || w.preview.get().map(|_| view! { <Detected/> <PreviewTable/> })}
            <StepNav next_label=Signal::derive(move || i18n.t(T::NextStep).to_owned())
                next_disabled=Signal::derive(move || w.preview.with(Option::is_none))
                on_next=move || w.go(Step::Mapping) testid="to-mapping"/>
        </div>
    }
}

/// Encoding, delimiter, header row (and sheet), each changeable.
#[component]
fn Detected() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    let table = move || w.preview.with(|p| p.as_ref().map(|p| p.table.clone()));
    let workbook = move || {
        w.upload
            .with(|u| u.as_ref().is_some_and(Upload::is_workbook))
    };
    let on_encoding = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let enc = ENCODINGS.iter().find(|(_, _, n)| *n == v).map(|e| e.0);
        reload(w, |u| u.options.encoding = enc);
    };
    let on_delimiter = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let d = DELIMITERS.iter().map(|d| d.0).find(|d| d.to_string() == v);
        reload(w, |u| u.options.delimiter = d);
    };
    let on_header = move |ev: leptos::ev::Event| {
        if let Ok(line) = event_target_value(&ev).trim().parse::<usize>()
            && line >= 1
        {
            reload(w, |u| u.options.header_row = Some(line - 1));
        }
    };
    let on_sheet = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        reload(w, |u| {
            u.sheet = Some(v);
            u.options.header_row = None;
        });
    };
    view! {
        <fieldset class="wizard__detected">
            <legend>{i18n.t(T::Detected)}</legend>
            <div class="form form--grid">
                {move || (!workbook()).then(|| view! {
                    <label class="field">
                        <span class="field__label">{i18n.t(T::EncodingLabel)}</span>
                        <select class="input" name="encoding" on:change=on_encoding data-testid="import-encoding">
                            {ENCODINGS.iter().filter(|e| e.0 != Encoding::Utf16Be || table().is_some_and(|t| t.encoding == Encoding::Utf16Be))
                                .map(|(e, label, name)| {
                                let e = *e;
                                view! { <option value=*name selected=move || table().is_some_and(|t| t.encoding == e)>{i18n.t(*label)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::DelimiterLabel)}</span>
                        <select class="input" name="delimiter" on:change=on_delimiter data-testid="import-delimiter">
                            {DELIMITERS.iter().map(|(d, label)| {
                                let d = *d;
                                view! { <option value=d.to_string() selected=move || table().is_some_and(|t| t.delimiter == Some(d))>{i18n.t(*label)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                {move || workbook().then(|| {
                    let sheets = w.preview.with(|p| p.as_ref().map(|p| p.sheets.clone()).unwrap_or_default());
                    let current = w.upload.with(|u| u.as_ref().and_then(|u| u.sheet.clone()));
                    view! {
                        <label class="field">
                            <span class="field__label">{i18n.t(T::SheetLabel)}</span>
                            <select class="input" name="sheet" on:change=on_sheet>
                                {sheets.into_iter().enumerate().map(|(i, s)| {
                                    let selected = current.as_deref().map_or(i == 0, |c| c == s);
                                    view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })}
                <label class="field">
                    <span class="field__label">{i18n.t(T::HeaderRowLabel)}</span>
                    <input class="input" type="number" min="1" name="header_row" data-testid="import-header-row"
                        prop:value=move || table().map(|t| (t.header_row + 1).to_string()).unwrap_or_default()
                        on:change=on_header/>
                </label>
            </div>
            <p class="muted" data-testid="import-rows">{move || {
                let n = w.preview.with(|p| p.as_ref().map_or(0, |p| p.total_rows));
                i18n.t(T::RowsInFile).replace("{n}", &n.to_string())
            }}</p>
            {move || {
                let warnings = table().map(|t| t.warnings).unwrap_or_default();
                (!warnings.is_empty()).then(|| view! {
                    <ul class="banner banner--warn wizard__warnings">
                        {warnings.into_iter().map(|wn| view! { <li>{warning_text(&wn, i18n.lang())}</li> }).collect_view()}
                    </ul>
                })
            }}
        </fieldset>
    }
}

fn warning_text(w: &Warning, lang: cairn::domain::Language) -> String {
    match w {
        Warning::Undecodable => T::WarnUndecodable.text(lang).to_owned(),
        Warning::RaggedRow {
            row,
            cells,
            expected,
        } => T::WarnRagged
            .text(lang)
            .replace("{row}", &row.to_string())
            .replace("{cells}", &cells.to_string())
            .replace("{expected}", &expected.to_string()),
        Warning::MoreRaggedRows { count } => {
            T::WarnMore.text(lang).replace("{n}", &count.to_string())
        }
        Warning::Truncated { limit } => T::WarnTruncated
            .text(lang)
            .replace("{n}", &limit.to_string()),
    }
}

/// The header and the first rows, numbered as the file's lines.
#[component]
fn PreviewTable() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    move || {
        w.preview.get().map(|p| {
            let first = p.table.header_row + 2;
            view! {
                <div class="table-wrap wizard__preview">
                    <table class="table table--numbers" data-testid="import-preview">
                        <caption class="sr-only">{i18n.t(T::PreviewTable)}</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="num">"#"</th>
                                {p.table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {p.table.rows.iter().enumerate().map(|(i, row)| view! {
                                <tr>
                                    <td class="num muted">{first + i}</td>
                                    {row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}
