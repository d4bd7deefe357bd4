//! The board's dealings with the DOM that are not rendering: focus,
//! scrolling, and what an event happened inside. Kept apart from the
//! components so `board.rs` reads as the board, not as browser plumbing.
//! Each helper is called from event handlers only, so on the server they
//! are never run (the `hydrate` gates keep them compiling there).

use leptos::prelude::*;

/// Moves the keyboard focus to an element.
pub fn focus(el: web_sys::Element) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = el;
}

/// Focuses a card once it is rendered in its new place.
pub fn focus_card_later(id: i64) {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector(&format!("[data-deal-id=\"{id}\"]")) {
            focus(el);
        }
    });
}

/// Scrolls the drop placeholder (or the targeted zone) into view.
pub fn reveal_target_later() {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector("[data-placeholder], .zone--target") {
            el.scroll_into_view_with_bool(false);
        }
    });
}

/// Whether an event happened inside an element matching `selector`.
pub fn inside(e: &web_sys::Event, selector: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        e.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(selector).ok().flatten())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (e, selector);
        false
    }
}

/// The width of the element a pointer event's handler is on.
pub fn current_width(e: &web_sys::PointerEvent) -> f64 {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        e.current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map_or(0.0, |el| el.get_bounding_client_rect().width())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = e;
        0.0
    }
}

pub fn element(n: web_sys::Node) -> Option<web_sys::Element> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        n.dyn_into::<web_sys::Element>().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = n;
        None
    }
}

/// Near a column's top or bottom edge, or the board's sides, a drag
/// scrolls them, so any position can be reached without letting go.
pub fn auto_scroll(x: f64, y: f64) {
    const EDGE: f64 = 48.0;
    const STEP: f64 = 16.0;
    let doc = document();
    if let Ok(Some(board)) = doc.query_selector(".board") {
        let r = board.get_bounding_client_rect();
        if x < r.left() + EDGE {
            board.scroll_by_with_x_and_y(-STEP, 0.0);
        } else if x > r.right() - EDGE {
            board.scroll_by_with_x_and_y(STEP, 0.0);
        }
    }
    if let Ok(bodies) = doc.query_selector_all(".board-col__body") {
        for i in 0..bodies.length() {
            let Some(b) = bodies.item(i).and_then(element) else {
                continue;
            };
            let r = b.get_bounding_client_rect();
            if x < r.left() || x > r.right() {
                continue;
            }
            if y < r.top() + EDGE && y >= r.top() - EDGE {
                b.scroll_by_with_x_and_y(0.0, -STEP);
            } else if y > r.bottom() - EDGE && y <= r.bottom() + EDGE {
                b.scroll_by_with_x_and_y(0.0, STEP);
            }
        }
    }
}

pub fn move_focus_in_menu(down: bool) {
    #[cfg(feature = "hydrate")]
    {
        let doc = document();
        let Ok(items) = doc.query_selector_all(".menu [role=menuitem]") else {
            return;
        };
        let n = items.length();
        if n == 0 {
            return;
        }
        let active = doc.active_element();
        let mut at = None;
        for i in 0..n {
            if let (Some(item), Some(a)) = (items.item(i), active.as_ref())
                && item.is_same_node(Some(a))
            {
                at = Some(i);
            }
        }
        let next = match (at, down) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, _) => 0,
        };
        if let Some(el) = items.item(next).and_then(element) {
            focus(el);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = down;
}
