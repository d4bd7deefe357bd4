//! Cairn's Leptos UI. Rendered on the server (feature `ssr`) and hydrated in
//! the browser (feature `hydrate`). No business rules here: components call
//! server functions in [`api`], which call `cairn::store`.

// Leptos views are deeply nested types; the record pages exceed the default.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod erased;
pub mod i18n;
pub mod pages;

pub use app::{App, shell};

/// The wasm entry: hydrate the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests (and anyone curious) know the page is interactive.
    if let Some(body) = gloo_utils::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
