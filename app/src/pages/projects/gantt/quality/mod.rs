//! Quality and closeout (a tab of the project page): the deliverables
//! with their acceptance checklists and sign-off, the defects found, and
//! the closeout — lessons learned and the archive that makes the project
//! read only. The rules are `domain::project::quality`'s, checked on the
//! server; the page shows what is still open.

mod closeout;
mod defects;
mod deliverables;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::quality::QualityView;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::quality::project_quality;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

#[component]
pub fn QualityTab(
    project_id: i64,
    /// The project's tasks, `(id, name)`, in plan order.
    tasks: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Result<QualityView, AppError>>);
    // In the browser only: the server renders the tab as loading, for it
    // has no local executor to spawn on (see `admin_slip::SlipForm`).
    Effect::new(move |_| {
        spawn_local(async move {
            data.set(Some(project_quality(project_id).await));
        });
    });
    let set = Callback::new(move |v: QualityView| data.set(Some(Ok(v))));
    let tasks = StoredValue::new(tasks);
    view! {
        <section class="quality" data-testid="quality">
            {move || match data.get() {
                None => view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase(),
                Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                Some(Ok(v)) => view! {
                    <deliverables::Deliverables v=v.clone() tasks=tasks.get_value() set/>
                    <defects::Defects v=v.clone() set/>
                    <closeout::Closeout v set/>
                }.erase(),
            }}
        </section>
    }
}
