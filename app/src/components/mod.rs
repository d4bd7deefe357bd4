//! Reusable UI pieces.

pub mod bell;
pub mod dashboard_tiles;
pub mod error_banner;
pub mod export_links;
pub mod kanban;
pub mod kpi_tiles;
pub mod language_switch;
pub mod search_box;
pub mod top_bar;

/// Full page load to `href`: after sign-in, sign-out or a language switch
/// everything the server renders changes, so a fresh document is simplest
/// and always right.
pub fn go_to(href: &str) {
    #[cfg(feature = "hydrate")]
    let _ = gloo_utils::window().location().set_href(href);
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// Reloads the current page (see [`go_to`]).
pub fn reload() {
    #[cfg(feature = "hydrate")]
    let _ = gloo_utils::window().location().reload();
}
