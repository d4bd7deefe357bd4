//! What the user sees when the app's wasm stops.
//!
//! A panic on wasm32 aborts the module: every handler after it throws, and
//! the page stays on screen looking alive while no button works. The
//! likeliest cause is not a bug but the network: a group of pages
//! ([`crate::page_modules`]) that failed to download, which wasm-split's
//! loader reports by panicking. So the panic hook, after logging as before,
//! puts a notice at the top of the page with a plain link that reloads it —
//! a link rather than a button because no wasm handler can run any more.

use cairn::domain::Language;
use wasm_bindgen::JsCast;

use crate::i18n::T;

/// Installs the hook; called once by [`crate::hydrate`].
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("crash-notice").is_some() {
        return;
    }
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Language::from_tag(&tag))
        .unwrap_or_default();
    let href = document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_else(|| "/".to_owned());
    let (Ok(notice), Ok(text), Ok(link)) = (
        document.create_element("div"),
        document.create_element("p"),
        document.create_element("a"),
    ) else {
        return;
    };
    notice.set_id("crash-notice");
    let _ = notice.set_attribute("role", "alert");
    notice.set_class_name("crash-notice");
    text.set_text_content(Some(T::AppStopped.text(lang)));
    link.set_text_content(Some(T::Reload.text(lang)));
    // `rel=external`: the router's click handler (wasm, now dead) leaves
    // it to the browser.
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("rel", "external");
    link.set_class_name("btn btn--primary");
    let _ = notice.append_child(&text);
    let _ = notice.append_child(&link);
    let _ = body.prepend_with_node_1(notice.unchecked_ref());
    if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
        let _ = link.focus();
    }
}
