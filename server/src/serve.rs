//! `cairn serve`: run the web server until SIGTERM / Ctrl-C, then drain.

use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use cairn::store::Store;

use crate::config::Settings;
use crate::state::AppState;

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let url = settings.database_url()?;
    let store = Store::open(&url).await.context("opening the database")?;
    if settings.cairn.demo {
        let seeded = cairn::store::seed::demo(&store)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tracing::info!(?seeded, "demo mode");
    }
    cairn::store::sales::events::spawn_listener(&store);
    cairn::store::projects::events::spawn_listener(&store);
    let addr = settings.site.site_addr;
    let state = AppState::new(settings, store.clone());
    let ready = state.ready.clone();
    let app = crate::router::build(state);

    let automation_store = store.clone();
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        // Grades depend on how long ago the last activity was, so they
        // move with the calendar even when nothing is edited.
        let mut graded_on = None;
        loop {
            tick.tick().await;
            if let Err(e) = cairn::store::sessions::delete_expired(&store).await {
                tracing::warn!(error = %e, "sweeping expired sessions");
            }
            let today = chrono::Utc::now().date_naive();
            if graded_on != Some(today) {
                match cairn::store::customers::grading::regrade_everything(&store).await {
                    Ok(n) => {
                        graded_on = Some(today);
                        tracing::info!(changed = n, "daily regrade");
                    }
                    Err(e) => tracing::warn!(error = %e, "daily regrade"),
                }
            }
        }
    });

    // Time-based automation (ticket clocks, close dates): once a minute.
    let automation = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match cairn::store::automation::sweep::sweep(&automation_store).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(fired = n, "automation sweep"),
                Err(e) => tracing::warn!(error = %e, "automation sweep"),
            }
        }
    });

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Readiness flips first; in-flight requests then finish.
            ready.store(false, Ordering::Relaxed);
            tracing::info!("shutting down: readiness off, draining");
            tokio::time::sleep(Duration::from_millis(500)).await;
        })
        .await?;
    sweeper.abort();
    automation.abort();
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
