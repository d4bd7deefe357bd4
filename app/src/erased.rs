//! Type erasure for views that keeps async hydration out of the wasm.
//!
//! Leptos erases a view (`into_any()`, and the router for every route)
//! into an `AnyView` whose vtable holds *every* way to render it,
//! including `hydrate_async`. That one exists for lazy routes, yet because
//! it sits in the vtable the compiler cannot drop it, and for each erased
//! type it instantiates an async state machine over the whole subtree: 19%
//! of the wasm's code before this module (measured with twiggy, see
//! docs/EVIDENCE.md). Cairn hydrates asynchronously only down to the
//! router, which loads the modules of the matched pages
//! (`page_modules.rs`) and then hydrates everything below it
//! synchronously (Leptos 0.8's nested router), so the async path of a page
//! or of anything inside one is never taken.
//!
//! [`SyncHydrated`] forwards everything to the view it wraps except
//! `hydrate_async`, which it answers with the synchronous hydration (the
//! trait's own default). Erasing through [`Erase::erase`] instead of
//! `into_any()` therefore renders, hydrates and updates exactly as before,
//! and only the unused async copy of the subtree disappears.

use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// A view that hydrates synchronously even when asked to hydrate async.
pub struct SyncHydrated<T>(pub T);

impl<T: Render> Render for SyncHydrated<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<T: RenderHtml> RenderHtml for SyncHydrated<T> {
    // Wrapped again, so a view resolved on the server and erased keeps
    // the same shape as the one erased in the browser.
    type AsyncOutput = SyncHydrated<T::AsyncOutput>;
    type Owned = SyncHydrated<T::Owned>;

    const MIN_LENGTH: usize = T::MIN_LENGTH;
    const EXISTS: bool = T::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        SyncHydrated(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    // `hydrate_async` is deliberately not forwarded: the trait's default
    // runs `hydrate`, the point of this type.

    fn into_owned(self) -> Self::Owned {
        SyncHydrated(self.0.into_owned())
    }
}

impl<T: AddAnyAttr> AddAnyAttr for SyncHydrated<T> {
    type Output<SomeNewAttr: Attribute> = SyncHydrated<T::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        SyncHydrated(self.0.add_any_attr(attr))
    }
}

/// `into_any()` without the async hydration of the erased subtree.
pub trait Erase {
    fn erase(self) -> AnyView;
}

impl<T: RenderHtml + Send + 'static> Erase for T {
    // The one place allowed to erase directly (see clippy.toml).
    #[allow(clippy::disallowed_methods)]
    fn erase(self) -> AnyView {
        SyncHydrated(self).into_any()
    }
}

/// A route's view, erased by the router without its async hydration:
/// `view=page(home::HomePage)`.
pub fn page<F, V>(view: F) -> impl Fn() -> SyncHydrated<V> + Clone + Send + 'static
where
    F: Fn() -> V + Clone + Send + 'static,
    V: IntoView + 'static,
{
    move || SyncHydrated(view())
}
