//! What every handler can reach.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::FromRef;
use cairn::store::Store;
use leptos::config::LeptosOptions;

use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub settings: Arc<Settings>,
    /// False once shutdown began: `/readyz` answers 503 so a load balancer
    /// stops sending new requests while in-flight ones finish.
    pub ready: Arc<AtomicBool>,
    /// Set once at least one user exists (it never goes back), so the
    /// first-run check stops costing a query.
    pub setup_done: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(settings: Settings, store: Store) -> Self {
        AppState {
            leptos_options: settings.leptos_options(),
            store,
            settings: Arc::new(settings),
            ready: Arc::new(AtomicBool::new(true)),
            setup_done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// True while no user exists (the setup page is offered).
    pub async fn needs_setup(&self) -> bool {
        if self.setup_done.load(Ordering::Relaxed) {
            return false;
        }
        match cairn::store::users::count(&self.store).await {
            Ok(0) => true,
            Ok(_) => {
                self.setup_done.store(true, Ordering::Relaxed);
                false
            }
            Err(_) => false,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
