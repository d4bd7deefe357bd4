use cairn::domain::Module;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::top_bar::NAV;
use crate::i18n::{T, use_i18n};

/// A module that later issues fill in.
#[component]
pub fn ComingSoon(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    let label = NAV
        .iter()
        .find(|(_, _, m)| *m == module)
        .map(|(_, l, _)| *l)
        .unwrap_or(T::NavHome);
    view! {
        <Title text=i18n.t(label)/>
        <section class="page">
            <header class="page__header"><h1 class="page__title">{i18n.t(label)}</h1></header>
            <div class="empty">
                <span class="badge badge--soon">{i18n.t(T::ComingSoon)}</span>
                <p>{i18n.t(T::ComingSoonBody)}</p>
            </div>
        </section>
    }
}

/// Shown when the server refused the data behind a page.
#[component]
pub fn AccessDenied() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(T::AccessDenied)/>
        <div class="empty empty--denied" data-testid="access-denied">
            <h2>{i18n.t(T::AccessDenied)}</h2>
            <p>{i18n.t(T::AccessDeniedBody)}</p>
            <A href="/" attr:class="btn">{i18n.t(T::BackHome)}</A>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(T::NotFoundTitle)/>
        <section class="page">
            <div class="empty">
                <h1>{i18n.t(T::NotFoundTitle)}</h1>
                <A href="/" attr:class="btn">{i18n.t(T::BackHome)}</A>
            </div>
        </section>
    }
}
