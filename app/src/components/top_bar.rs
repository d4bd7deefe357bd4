use crate::erased::Erase;
use cairn::domain::{Action, Module, Resource, allowed};
use leptos::prelude::*;
use leptos_router::components::A;

use super::language_switch::LanguageSwitch;
use super::search_box::SearchBox;
use crate::api::auth::Logout;
use crate::app::use_session;
use crate::i18n::{T, role_label, use_i18n};

/// The navigation entries: path, label, module.
pub const NAV: [(&str, T, Module); 7] = [
    ("/customers", T::NavCustomers, Module::Customers),
    ("/sales", T::NavSales, Module::Sales),
    ("/marketing", T::NavMarketing, Module::Marketing),
    ("/service", T::NavService, Module::Service),
    ("/projects", T::NavProjects, Module::Projects),
    ("/reports", T::NavReports, Module::Reports),
    ("/admin/users", T::NavAdmin, Module::Admin),
];

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Some(user) = session.user else {
        return ().erase();
    };
    let actor = cairn::domain::Actor {
        user_id: user.id,
        role: user.role,
        team_id: user.team_id,
    };
    let open = RwSignal::new(false);
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            super::go_to("/login");
        }
    });
    let initials: String = user
        .display_name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">{i18n.t(T::SkipToContent)}</a>
            <A href="/" attr:class="brand">
                <span class="brand__mark" aria-hidden="true">"◭"</span>
                <span class="brand__name">{i18n.t(T::AppName)}</span>
            </A>
            <button
                type="button"
                class="topbar__menu"
                aria-controls="main-nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"☰"</span>
                <span class="sr-only">{i18n.t(T::Menu)}</span>
            </button>
            <nav id="main-nav" class="nav" class:is-open=move || open.get() aria-label=i18n.t(T::MainNavigation)>
                {NAV
                    .into_iter()
                    .filter(|(_, _, m)| allowed(&actor, Action::Read, Resource::Module(*m)))
                    .map(|(href, label, _)| {
                        view! {
                            <A href=href attr:class="nav__link" on:click=move |_| open.set(false)>
                                {i18n.t(label)}
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="topbar__right">
                {allowed(&actor, Action::Read, Resource::Module(Module::Customers)).then(|| view! { <SearchBox/> })}
                <crate::components::bell::Bell/>
                <LanguageSwitch/>
                <A href="/profile" attr:class="user-chip" attr:title=i18n.t(T::Profile)>
                    <span class="avatar" aria-hidden="true">{initials}</span>
                    <span class="user-chip__text">
                        <span class="user-chip__name" data-testid="user-name">{user.display_name.clone()}</span>
                        <span class="user-chip__role" data-testid="user-role">{i18n.t(role_label(user.role))}</span>
                    </span>
                </A>
                <button
                    type="button"
                    class="btn btn--ghost"
                    data-testid="sign-out"
                    on:click=move |_| {
                        logout.dispatch(Logout {});
                    }
                >
                    {i18n.t(T::SignOut)}
                </button>
            </div>
        </header>
    }
    .erase()
}
