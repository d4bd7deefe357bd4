//! A campaign's members: the table (status moved in place, removal) and
//! the panel that adds people by hand or from a filter saved on the
//! campaign as its audience.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::ListQuery;
use cairn::domain::marketing::{
    AddedMembers, Audience, AudienceKind, CampaignView, MemberRef, MemberStatus, MemberView,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::member_label;
use crate::api::customers::{list_contacts, list_leads};
use crate::api::marketing::{
    add_campaign_audience, add_campaign_members, preview_audience, remove_campaign_member,
    set_member_status,
};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

fn href(m: MemberRef) -> String {
    match m {
        MemberRef::Contact(id) => format!("/customers/contacts/{id}"),
        MemberRef::Lead(id) => format!("/customers/leads/{id}"),
    }
}

#[component]
pub fn MembersTable(
    members: Vec<MemberView>,
    changed: RwSignal<u32>,
    can_write: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    if members.is_empty() {
        return view! { <p class="empty" data-testid="no-members">{i18n.t(T::NoMembers)}</p> }
            .erase();
    }
    let set = move |id: i64, version: i64, status: MemberStatus| {
        spawn_local(async move {
            match set_member_status(id, version, status).await {
                Ok(_) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64| {
        spawn_local(async move {
            match remove_campaign_member(id).await {
                Ok(()) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || error.get().map(|error| view! { <ErrorBanner error/> })}
        <div class="table-wrap">
            <table class="table" data-testid="members-table">
                <thead><tr>
                    <th scope="col">{i18n.t(T::Name)}</th>
                    <th scope="col" class="hide-sm">{i18n.t(T::Email)}</th>
                    <th scope="col">{i18n.t(T::Status)}</th>
                    {can_write.then(|| view! { <th scope="col"><span class="sr-only">{i18n.t(T::Remove)}</span></th> })}
                </tr></thead>
                <tbody>
                    {members.into_iter().map(|m| {
                        let (id, version) = (m.id, m.version);
                        let kind = match m.member {
                            MemberRef::Contact(_) => T::Contact,
                            MemberRef::Lead(_) => T::Lead,
                        };
                        let name = m.name.clone();
                        view! {
                            <tr data-testid="member-row" data-member=id>
                                <td>
                                    {match name {
                                        Some(n) => view! { <A href=href(m.member) attr:class="link-strong">{n}</A> }.erase(),
                                        None => view! { <span class="muted">{i18n.t(T::NotVisibleToYou)}</span> }.erase(),
                                    }}
                                    <div class="small muted">{i18n.t(kind)}{(!m.company.is_empty()).then(|| format!(" · {}", m.company))}</div>
                                </td>
                                <td class="hide-sm">{m.email.clone()}</td>
                                <td>
                                    <select class="input input--sm" data-testid="member-status" aria-label=i18n.t(T::Status)
                                        disabled=!can_write
                                        on:change=move |ev| {
                                            if let Some(s) = MemberStatus::parse(&event_target_value(&ev)) { set(id, version, s) }
                                        }>
                                        {MemberStatus::ALL.into_iter().map(|s| view! {
                                            <option value=s.as_str() selected=m.status == s>{i18n.t(member_label(s))}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                {can_write.then(|| view! {
                                    <td><button type="button" class="btn btn--sm btn--ghost" data-testid="remove-member" on:click=move |_| remove(id)>{i18n.t(T::Remove)}</button></td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .erase()
}

/// A found person, ready to add.
#[derive(Clone)]
struct Found {
    member: MemberRef,
    name: String,
    detail: String,
}

async fn find(a: Audience) -> Result<Vec<Found>, AppError> {
    let q = ListQuery {
        per_page: 8,
        ..a.query
    };
    Ok(match a.kind {
        AudienceKind::Contacts => list_contacts(q, false, None)
            .await?
            .items
            .into_iter()
            .map(|c| Found {
                member: MemberRef::Contact(c.id),
                detail: c.account.map(|a| a.name).unwrap_or(c.email),
                name: c.name,
            })
            .collect(),
        AudienceKind::Leads => list_leads(q, false)
            .await?
            .items
            .into_iter()
            .map(|l| Found {
                member: MemberRef::Lead(l.id),
                detail: if l.company.is_empty() {
                    l.email
                } else {
                    l.company
                },
                name: l.name,
            })
            .collect(),
    })
}

fn audience_text(a: &Audience, i18n: crate::i18n::I18n) -> String {
    let mut parts = vec![
        match a.kind {
            AudienceKind::Contacts => i18n.t(T::Contacts),
            AudienceKind::Leads => i18n.t(T::Leads),
        }
        .to_owned(),
    ];
    if !a.query.q.is_empty() {
        parts.push(format!("“{}”", a.query.q));
    }
    if let Some(t) = &a.query.tag {
        parts.push(format!("#{t}"));
    }
    parts.join(" · ")
}

#[component]
pub fn AddMembers(campaign: CampaignView, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let (cid, version) = (campaign.id, campaign.version);
    let kind = RwSignal::new(AudienceKind::Contacts);
    let text = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let found = RwSignal::new(None::<(Audience, Vec<Found>, u32)>);
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<AddedMembers>);
    let audience = move || Audience {
        kind: kind.get_untracked(),
        query: ListQuery {
            q: text.get_untracked().trim().to_owned(),
            tag: Some(tag.get_untracked().trim().to_owned()).filter(|t| !t.is_empty()),
            ..Default::default()
        },
    };
    let on_find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let a = audience();
        spawn_local(async move {
            let result = async {
                let list = find(a.clone()).await?;
                let n = preview_audience(cid, a.clone()).await?;
                Ok::<_, AppError>((a, list, n))
            }
            .await;
            match result {
                Ok(f) => found.set(Some(f)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let finish = move |r: Result<AddedMembers, AppError>| match r {
        Ok(a) => {
            done.set(Some(a));
            changed.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(e)),
    };
    let add_one = move |m: MemberRef| {
        spawn_local(async move { finish(add_campaign_members(cid, vec![m]).await) });
    };
    let add_all = move |a: Audience| {
        spawn_local(async move { finish(add_campaign_audience(cid, version, a).await) });
    };
    let saved = campaign.audience.clone();
    view! {
        <section class="panel" aria-labelledby="add-members-title" data-testid="add-members">
            <h2 class="panel__title" id="add-members-title">{i18n.t(T::AddMembers)}</h2>
            {saved.map(|a| {
                let label = audience_text(&a, i18n);
                view! {
                    <p class="small" data-testid="saved-audience">
                        {i18n.t(T::SavedAudience)}": "{label}" "
                        <button type="button" class="btn btn--sm" data-testid="add-new-matches" on:click=move |_| add_all(a.clone())>{i18n.t(T::AddNewMatches)}</button>
                    </p>
                }
            })}
            <form class="filters" on:submit=on_find>
                <select class="input input--sm" name="audience-kind" aria-label=i18n.t(T::Kind) on:change=move |ev| {
                    kind.set(if event_target_value(&ev) == "leads" { AudienceKind::Leads } else { AudienceKind::Contacts });
                }>
                    <option value="contacts">{i18n.t(T::Contacts)}</option>
                    <option value="leads">{i18n.t(T::Leads)}</option>
                </select>
                <input class="input input--sm" name="audience-q" type="search" placeholder=i18n.t(T::Search) bind:value=text/>
                <input class="input input--sm" name="audience-tag" placeholder=i18n.t(T::Tags) bind:value=tag/>
                <button type="submit" class="btn btn--sm" data-testid="find-members">{i18n.t(T::Filter)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || done.get().map(|a| view! {
                <p class="banner banner--ok" role="status" data-testid="members-added">
                    {i18n.t(T::MembersAdded)}": "{a.added}
                    {(a.already > 0).then(|| format!(" · {} {}", a.already, i18n.t(T::AlreadyMembers)))}
                </p>
            })}
            {move || found.get().map(|(a, list, n)| view! {
                <ul class="plain-list" data-testid="found-people">
                    {list.into_iter().map(|f| {
                        let m = f.member;
                        view! {
                            <li class="found">
                                <span>{f.name}<span class="small muted">" · "{f.detail}</span></span>
                                <button type="button" class="btn btn--sm" data-testid="add-member" on:click=move |_| add_one(m)>{i18n.t(T::Add)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <button type="button" class="btn btn--primary btn--sm" data-testid="add-all-matches" disabled=n == 0
                    on:click=move |_| add_all(a.clone())>
                    {i18n.t(T::AddAllMatches)}" ("{n}")"
                </button>
            })}
        </section>
    }
}
