use crate::erased::Erase;
use cairn::domain::{Action, Actor, Resource, allowed};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::app::use_session;
use crate::components::top_bar::NAV;
use crate::i18n::{T, role_label, use_i18n};

fn description(label: T) -> T {
    match label {
        T::NavCustomers => T::DescCustomers,
        T::NavSales => T::DescSales,
        T::NavMarketing => T::DescMarketing,
        T::NavService => T::DescService,
        T::NavProjects => T::DescProjects,
        T::NavReports => T::DescReports,
        _ => T::DescAdmin,
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(user) = use_session().user else {
        return ().erase();
    };
    let actor = Actor {
        user_id: user.id,
        role: user.role,
        team_id: user.team_id,
    };
    view! {
        <Title text=i18n.t(T::NavHome)/>
        <section class="page">
            <header class="page__header">
                <div>
                    <h1 class="page__title" data-testid="welcome">
                        {i18n.t(T::Welcome)}", "{user.display_name.clone()}
                    </h1>
                    <p class="muted">{i18n.t(T::HomeIntro)}</p>
                </div>
                <dl class="facts">
                    <div><dt>{i18n.t(T::YourRole)}</dt><dd><span class="badge">{i18n.t(role_label(user.role))}</span></dd></div>
                    <div><dt>{i18n.t(T::YourTeam)}</dt><dd>{user.team_name.clone().unwrap_or_else(|| i18n.t(T::NoTeam).to_owned())}</dd></div>
                </dl>
            </header>
            <crate::components::dashboard_tiles::DashboardTiles/>
            <h2 class="section__title">{i18n.t(T::YourModules)}</h2>
            <ul class="cards" role="list">
                {NAV
                    .into_iter()
                    .filter(|(_, _, m)| allowed(&actor, Action::Read, Resource::Module(*m)))
                    .map(|(href, label, _)| view! {
                        <li class="card">
                            <A href=href attr:class="card__link">
                                <span class="card__title">{i18n.t(label)}</span>
                                <span class="card__desc">{i18n.t(description(label))}</span>
                            </A>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .erase()
}
