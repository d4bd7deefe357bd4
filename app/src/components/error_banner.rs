use cairn::domain::AppError;
use leptos::prelude::*;

use crate::i18n::{error_text, use_i18n};

/// An error as a sentence, announced to screen readers.
#[component]
pub fn ErrorBanner(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = error_text(&error, i18n.lang());
    view! { <p class="banner banner--error" role="alert" data-testid="error">{text}</p> }
}

/// A success message, announced politely.
#[component]
pub fn OkBanner(text: &'static str) -> impl IntoView {
    view! { <p class="banner banner--ok" role="status" data-testid="ok">{text}</p> }
}
