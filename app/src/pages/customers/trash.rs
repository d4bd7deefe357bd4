//! The Trash: deleted accounts, contacts and leads, restorable.

use crate::erased::Erase;
use cairn::domain::customer::ListQuery;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::CustomerTabs;
use super::accounts::AccountTable;
use super::contacts::ContactTable;
use crate::api::customers::{list_accounts, list_contacts, list_leads};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

#[component]
pub fn TrashPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = super::use_list_query();
    let accounts = Resource::new(move || query.get(), |q| list_accounts(q, true));
    let contacts = Resource::new(move || query.get(), |q| list_contacts(q, true, None));
    let leads = Resource::new(
        || (),
        |_| {
            list_leads(
                ListQuery {
                    per_page: 100,
                    ..Default::default()
                },
                true,
            )
        },
    );
    view! {
        <Title text=i18n.t(T::Trash)/>
        <section class="page">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::Trash)}</h1>
                    <p class="muted">{i18n.t(T::TrashIntro)}</p>
                </div>
            </header>
            <CustomerTabs active="trash"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (a, c, l) = (accounts.await, contacts.await, leads.await);
                    match (a, c, l) {
                        (Ok(a), Ok(c), Ok(l)) => {
                            let empty = a.items.is_empty() && c.items.is_empty() && l.items.is_empty();
                            view! {
                                {empty.then(|| view! { <p class="empty">{i18n.t(T::TrashEmpty)}</p> })}
                                {(!a.items.is_empty()).then(|| view! {
                                    <h2 class="panel__title">{i18n.t(T::Accounts)}</h2>
                                    <AccountTable query=query.get_untracked() page=a base="/customers/trash"/>
                                })}
                                {(!c.items.is_empty()).then(|| view! {
                                    <h2 class="panel__title">{i18n.t(T::Contacts)}</h2>
                                    <ContactTable query=query.get_untracked() page=c base="/customers/trash"/>
                                })}
                                {(!l.items.is_empty()).then(|| view! {
                                    <h2 class="panel__title">{i18n.t(T::Leads)}</h2>
                                    <ul class="people">
                                        {l.items.into_iter().map(|l| view! {
                                            <li><A href=format!("/customers/leads/{}", l.id) attr:class="link-strong">{l.name}</A>" "<span class="muted small">{l.company}</span></li>
                                        }).collect_view()}
                                    </ul>
                                })}
                            }.erase()
                        }
                        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}
