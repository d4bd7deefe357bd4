//! Other editors' saved changes, live: an `EventSource` on
//! `/api/projects/{id}/events`. A `plan` event carries the rows a save
//! wrote; rows newer than ours replace them and the schedule is
//! recomputed. `resync` (this reader fell behind) and a reconnect (events
//! may have been missed) reload the plan.

use super::G;

#[cfg(feature = "hydrate")]
pub fn connect(g: G) {
    use cairn::domain::project::PlanEvent;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{EventSource, MessageEvent};

    let id = g.project.with_untracked(|p| p.id);
    let Ok(source) = EventSource::new(&format!("/api/projects/{id}/events")) else {
        return;
    };
    let on_plan = Closure::<dyn FnMut(MessageEvent)>::new(move |m: MessageEvent| {
        if let Some(text) = m.data().as_string()
            && let Ok(e) = serde_json::from_str::<PlanEvent>(&text)
        {
            // Too big for a notification, or a change of the project's
            // start or calendar: the event names no rows. Reload unless
            // it is our own save (same schedule).
            if e.tasks.is_empty() && e.links.is_empty() {
                if g.with_untracked(|ed| ed.digest()) != Some(e.digest) {
                    g.reload();
                }
                return;
            }
            match g.update(|ed| ed.receive(&e)) {
                Some(Ok(true)) => g.bump(),
                Some(Err(_)) => g.reload(),
                _ => {}
            }
        }
    });
    let on_resync = Closure::<dyn FnMut(MessageEvent)>::new(move |_| g.reload());
    let mut opened = false;
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if opened {
            g.reload();
        }
        opened = true;
    });
    let _ = source.add_event_listener_with_callback("plan", on_plan.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref());
    let held = StoredValue::new_local(Some((source, on_plan, on_resync, on_open)));
    on_cleanup(move || {
        held.update_value(|h| {
            if let Some((source, ..)) = h.take() {
                source.close();
            }
        })
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn connect(_: G) {}
