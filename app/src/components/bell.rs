//! The notification bell in the top bar: the unread count, the newest
//! notifications with links, "mark all read". Live: an `EventSource` on
//! `/api/notifications/events` (the board's hub, filtered to this user)
//! says when to fetch again.

use crate::erased::Erase;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::automation::{mark_notifications_read, my_notifications};
use crate::i18n::{T, use_i18n};

#[component]
pub fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let tick = RwSignal::new(0u32);
    let open = RwSignal::new(false);
    // Loaded by the browser once hydrated: the count is per person and
    // changes under the page.
    let bell = LocalResource::new(move || {
        tick.get();
        my_notifications()
    });
    #[cfg(feature = "hydrate")]
    {
        let live = live::subscribe(move || tick.update(|n| *n += 1));
        let live = StoredValue::new_local(live);
        on_cleanup(move || live.update_value(|l| l.take().map(|l| l.close()).unwrap_or(())));
    }
    // Read only once mounted: a local resource read while the server
    // renders (or the browser hydrates) would suspend the frame around it.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let unread = move || {
        if !mounted.get() {
            return 0;
        }
        bell.get().and_then(|r| r.ok()).map_or(0, |b| b.unread)
    };
    let read_all = move |_| {
        leptos::task::spawn_local(async move {
            if mark_notifications_read(Vec::new()).await.is_ok() {
                tick.update(|n| *n += 1);
            }
        });
    };
    view! {
        <div class="bell">
            <button type="button" class="bell__button btn btn--ghost" data-testid="bell"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{} ({})", i18n.t(T::Notifications), unread())
                on:click=move |_| open.update(|o| *o = !*o)>
                // A drawn bell: not every system has an emoji font.
                <svg class="bell__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>
                    <path d="M9.5 19a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>
                </svg>
                <span class="bell__count" data-testid="bell-count" class:is-zero=move || unread() == 0>{unread}</span>
            </button>
            {move || open.get().then(|| view! {
                <div class="bell__panel" data-testid="bell-panel">
                    {move || match mounted.get().then(|| bell.get()).flatten().and_then(|r| r.ok()) {
                        Some(b) if !b.items.is_empty() => view! {
                            <ul class="bell__list">
                                {b.items.into_iter().map(|n| view! {
                                    <li class="bell__item" class:is-unread=!n.read data-testid="notification">
                                        <A href=n.link.clone() on:click=move |_| open.set(false)>
                                            <strong>{n.title}</strong>
                                            <span class="small">{n.body}</span>
                                        </A>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <button type="button" class="btn btn--sm" data-testid="read-all" on:click=read_all>{i18n.t(T::MarkAllRead)}</button>
                        }.erase(),
                        _ => view! { <p class="muted small">{i18n.t(T::NoNotifications)}</p> }.erase(),
                    }}
                </div>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{EventSource, MessageEvent};

    pub struct Live {
        source: EventSource,
        _on: Closure<dyn FnMut(MessageEvent)>,
    }

    impl Live {
        pub fn close(self) {
            self.source.close();
        }
    }

    /// Calls `changed` on every notification for this user, and on a
    /// `resync` (the stream fell behind or reconnected).
    pub fn subscribe(changed: impl Fn() + 'static) -> Option<Live> {
        let source = EventSource::new("/api/notifications/events").ok()?;
        let on = Closure::<dyn FnMut(MessageEvent)>::new(move |_| changed());
        for name in ["notify", "resync", "open"] {
            source
                .add_event_listener_with_callback(name, on.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(Live { source, _on: on })
    }
}
