//! "Export CSV" and "Export Excel" beside a list's title: links to
//! `/api/export/{list}.{csv,xlsx}` with the list's current filters, so
//! the file holds what the page shows (every page of it).

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// `query` is the list's query string ("?q=…&sort=…" or empty).
#[component]
pub fn ExportLinks(list: &'static str, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |ext: &str| format!("/api/export/{list}.{ext}{}", query.get());
    view! {
        <span class="export-links">
            // `rel="external"`: a download, not a route of the app.
            <a class="btn btn--sm btn--ghost" href=move || href("csv") rel="external" download=""
                data-testid="export-csv">
                <span aria-hidden="true">"⤓ "</span>{i18n.t(T::ExportCsv)}
            </a>
            <a class="btn btn--sm btn--ghost" href=move || href("xlsx") rel="external" download=""
                data-testid="export-xlsx">
                <span aria-hidden="true">"⤓ "</span>{i18n.t(T::ExportXlsx)}
            </a>
        </span>
    }
}
