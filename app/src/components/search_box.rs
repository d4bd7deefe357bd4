//! The search box in the top bar: accounts, contacts and leads as you
//! type, as an ARIA combobox (arrows move, Enter opens, Escape closes).

use crate::erased::Erase;
use cairn::domain::customer::{RecordKind, SearchHit};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::customers::search;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::GradeBadge;

fn kind_label(k: RecordKind) -> T {
    match k {
        RecordKind::Account => T::Account,
        RecordKind::Contact => T::Contact,
        RecordKind::Lead => T::Lead,
    }
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let hits = RwSignal::new(Vec::<SearchHit>::new());
    let searched = RwSignal::new(false);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Answers can arrive out of order; only the one for the current text
    // is shown.
    let lookup = Action::new(|q: &String| {
        let q = q.clone();
        async move { (q.clone(), search(q).await) }
    });
    Effect::new(move |_| {
        if let Some((q, result)) = lookup.value().get()
            && q == query.get_untracked()
        {
            hits.set(result.unwrap_or_default());
            searched.set(true);
            active.set(None);
        }
    });
    let navigate = use_navigate();
    let go = move |hit: &SearchHit| {
        open.set(false);
        query.set(String::new());
        hits.set(Vec::new());
        navigate(&hit.kind.href(hit.id), Default::default());
    };
    let go_key = go.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = hits.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                ev.prevent_default();
                let pick = active.get_untracked().unwrap_or(0);
                if let Some(hit) = hits.with_untracked(|h| h.get(pick).cloned()) {
                    go_key(&hit);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let option_id = |i: usize| format!("search-hit-{i}");
    view! {
        <div class="search" role="search">
            <label class="sr-only" for="global-search">{i18n.t(T::Search)}</label>
            <input
                id="global-search"
                class="input search__input"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-results"
                aria-expanded=move || (open.get() && searched.get()).to_string()
                aria-activedescendant=move || active.get().map(option_id)
                placeholder=i18n.t(T::SearchPlaceholder)
                title=i18n.t(T::SearchHint)
                data-testid="search"
                prop:value=move || query.get()
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    query.set(q.clone());
                    open.set(true);
                    if q.trim().is_empty() {
                        hits.set(Vec::new());
                        searched.set(false);
                    } else {
                        lookup.dispatch(q);
                    }
                }
                on:keydown=on_key
                on:focus=move |_| open.set(true)
                on:blur=move |_| {
                    // Lets a click on a result land before the list closes.
                    set_timeout(move || open.set(false), std::time::Duration::from_millis(200));
                }
            />
            <ul id="search-results" class="search__results" role="listbox" aria-label=i18n.t(T::Search)
                hidden=move || !(open.get() && searched.get())>
                {move || {
                    let list = hits.get();
                    if list.is_empty() {
                        return view! { <li class="search__empty muted" role="option" aria-disabled="true">{i18n.t(T::NoResults)}</li> }.erase();
                    }
                    list.into_iter()
                        .enumerate()
                        .map(|(i, hit)| {
                            let go = go.clone();
                            let h = hit.clone();
                            view! {
                                <li id=option_id(i) role="option" class="search__hit"
                                    class:is-active=move || active.get() == Some(i)
                                    aria-selected=move || (active.get() == Some(i)).to_string()
                                    data-kind=hit.kind.as_str()
                                    on:mousedown=move |ev| { ev.prevent_default(); go(&h); }>
                                    <span class="search__kind">{i18n.t(kind_label(hit.kind))}</span>
                                    {hit.grade.map(|grade| view! { <GradeBadge grade/> })}
                                    <span class="search__title">{hit.title.clone()}</span>
                                    <span class="search__detail muted small">{hit.detail.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view()
                        .erase()
                }}
            </ul>
        </div>
    }
}
