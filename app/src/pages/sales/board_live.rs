//! The board's live updates in the browser: an `EventSource` on
//! `/api/sales/events?pipeline=ID` (see `server/src/live.rs`). `board`
//! events carry a `BoardEvent` as JSON; `resync` means this reader fell
//! behind and should load the board again. The browser's EventSource
//! reconnects by itself after a network hiccup; since events sent
//! meanwhile are lost, a reconnect also asks for a reload.

#[cfg(feature = "hydrate")]
pub use imp::*;

#[cfg(feature = "hydrate")]
mod imp {
    use cairn::domain::sales::BoardEvent;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{EventSource, MessageEvent};

    /// An open subscription; `close` ends it (the page is left).
    pub struct Live {
        source: EventSource,
        _board: Closure<dyn FnMut(MessageEvent)>,
        _resync: Closure<dyn FnMut(MessageEvent)>,
        _open: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl Live {
        pub fn close(self) {
            self.source.close();
        }
    }

    /// Subscribes to one pipeline's events; `None` when the browser
    /// refuses (the board then works without live updates).
    pub fn subscribe(
        pipeline_id: i64,
        on_event: impl Fn(BoardEvent) + 'static,
        on_resync: impl Fn() + 'static,
    ) -> Option<Live> {
        let source = EventSource::new(&format!("/api/sales/events?pipeline={pipeline_id}")).ok()?;
        let board = Closure::<dyn FnMut(MessageEvent)>::new(move |m: MessageEvent| {
            if let Some(text) = m.data().as_string()
                && let Ok(e) = serde_json::from_str::<BoardEvent>(&text)
            {
                on_event(e);
            }
        });
        let on_resync = std::rc::Rc::new(on_resync);
        let again = on_resync.clone();
        let resync = Closure::<dyn FnMut(MessageEvent)>::new(move |_| on_resync());
        // The first `open` is the subscription starting; a later one is a
        // reconnect after events may have been missed.
        let mut opened = false;
        let open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if opened {
                again();
            }
            opened = true;
        });
        source
            .add_event_listener_with_callback("board", board.as_ref().unchecked_ref())
            .ok()?;
        source
            .add_event_listener_with_callback("resync", resync.as_ref().unchecked_ref())
            .ok()?;
        source
            .add_event_listener_with_callback("open", open.as_ref().unchecked_ref())
            .ok()?;
        Some(Live {
            source,
            _board: board,
            _resync: resync,
            _open: open,
        })
    }
}
