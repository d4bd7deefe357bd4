//! Cairn's Leptos UI. Rendered on the server (feature `ssr`) and hydrated in
//! the browser (feature `hydrate`). No business rules here: components call
//! server functions in [`api`], which call `cairn::store`.

// Leptos views are deeply nested types; the record pages exceed the default.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
#[cfg(feature = "hydrate")]
mod crash_notice;
pub mod erased;
pub mod i18n;
pub mod page_modules;
pub mod pages;
#[cfg(feature = "hydrate")]
mod split_slack;

pub use app::{App, shell};

/// The wasm entry: hydrate the server-rendered page.
///
/// Hydration is asynchronous because most pages live in split modules
/// ([`page_modules`]): the router first loads the modules of the matched
/// routes, then hydrates. `data-hydrated` is set once that is done.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    crash_notice::install();
    // An `Err` means the executor is already set, which is fine.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = gloo_utils::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        // Lets tests (and anyone curious) know the page is interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
