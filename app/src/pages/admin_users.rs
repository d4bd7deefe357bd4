use crate::erased::Erase;
use cairn::domain::user::{TeamView, UserView};
use cairn::domain::{AppError, Role};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use super::placeholder::AccessDenied;
use crate::api::users::{CreateUser, SetUserActive, SetUserRole, list_teams, list_users};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, role_label, use_i18n};

/// Admin › Users: list, create, change role, disable/enable. Every action
/// is checked by the server; a non-admin sees "Access denied" because the
/// server refused the list, not because a link was hidden.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    // Blocking: the server waits for the list before sending headers, so a
    // refusal is the page's HTTP status (403), not a 200 with a message.
    let users = Resource::new_blocking(
        move || {
            (
                create.version().get(),
                set_role.version().get(),
                set_active.version().get(),
            )
        },
        |_| list_users(),
    );
    let teams = Resource::new(|| (), |_| list_teams());
    let form_ref = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get()
            && let Some(form) = form_ref.get()
        {
            form.reset();
        }
    });
    let row_error = move || {
        let role_err = set_role.value().get().and_then(Result::err);
        let active_err = set_active.value().get().and_then(Result::err);
        role_err
            .or(active_err)
            .map(|error| view! { <ErrorBanner error/> })
    };

    view! {
        <Title text=i18n.t(T::UsersTitle)/>
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                        Ok(list) => {
                            let teams = teams.await.unwrap_or_default();
                            view! {
                                <header class="page__header">
                                    <div>
                                        <h1 class="page__title">{i18n.t(T::UsersTitle)}</h1>
                                        <p class="muted">{i18n.t(T::UsersIntro)}</p>
                                    </div>
                                </header>
                                <crate::pages::customers::grading::AdminTabs active="users"/>
                                {row_error}
                                <UserTable list set_role set_active/>
                                <CreateUserForm teams create form_ref/>
                            }
                            .erase()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UserTable(
    list: Vec<UserView>,
    set_role: ServerAction<SetUserRole>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::app::use_session().user.map(|u| u.id);
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="users-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(T::Username)}</th>
                        <th scope="col">{i18n.t(T::DisplayName)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Email)}</th>
                        <th scope="col">{i18n.t(T::RoleLabel)}</th>
                        <th scope="col" class="hide-sm">{i18n.t(T::Team)}</th>
                        <th scope="col">{i18n.t(T::Status)}</th>
                        <th scope="col"><span class="sr-only">{i18n.t(T::Status)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|u| {
                            let (id, version, active) = (u.id, u.version, u.active);
                            view! {
                                <tr data-username=u.username.clone()>
                                    <td class="mono">{u.username.clone()}</td>
                                    <td>{u.display_name.clone()}</td>
                                    <td class="hide-sm">{u.email.clone()}</td>
                                    <td>
                                        <select
                                            class="input input--sm"
                                            aria-label=format!("{} {}", i18n.t(T::ChangeRole), u.username)
                                            on:change=move |ev| {
                                                set_role.dispatch(SetUserRole { id, role: event_target_value(&ev), version });
                                            }
                                        >
                                            {Role::ALL
                                                .into_iter()
                                                .map(|r| view! {
                                                    <option value=r.as_str() selected=r == u.role>{i18n.t(role_label(r))}</option>
                                                })
                                                .collect_view()}
                                        </select>
                                    </td>
                                    <td class="hide-sm">{u.team_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>
                                        {if active {
                                            view! { <span class="badge badge--ok">{i18n.t(T::Active)}</span> }
                                        } else {
                                            view! { <span class="badge badge--muted">{i18n.t(T::Disabled)}</span> }
                                        }}
                                    </td>
                                    <td class="table__actions">
                                        <Show when=move || me != Some(id)>
                                        <button
                                            type="button"
                                            class="btn btn--sm"
                                            class:btn--danger=active
                                            data-testid="toggle-active"
                                            on:click=move |_| {
                                                set_active.dispatch(SetUserActive { id, active: !active, version });
                                            }
                                        >
                                            {if active { i18n.t(T::Disable) } else { i18n.t(T::Enable) }}
                                        </button>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CreateUserForm(
    teams: Vec<TeamView>,
    create: ServerAction<CreateUser>,
    form_ref: NodeRef<html::Form>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="new-user-title">
            <h2 id="new-user-title" class="panel__title">{i18n.t(T::NewUserTitle)}</h2>
            <ActionForm action=create node_ref=form_ref attr:class="form form--grid" attr:data-testid="create-user-form">
                <label class="field">
                    <span class="field__label">{i18n.t(T::Username)}</span>
                    <input class="input" name="username" required autocomplete="off"/>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::DisplayName)}</span>
                    <input class="input" name="display_name" required/>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Email)}</span>
                    <input class="input" type="email" name="email" required/>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::RoleLabel)}</span>
                    <select class="input" name="role">
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == Role::Sales>{i18n.t(role_label(r))}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Team)}</span>
                    <select class="input" name="team">
                        <option value="">{i18n.t(T::NoTeam)}</option>
                        {teams
                            .into_iter()
                            .map(|t| view! { <option value=t.id.to_string()>{t.name}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Password)}</span>
                    <input class="input" type="password" name="password" required minlength="12" autocomplete="new-password"/>
                    <span class="field__hint">{i18n.t(T::PasswordHint)}</span>
                </label>
                <div class="form__actions">
                    <button type="submit" class="btn btn--primary" disabled=move || create.pending().get()>
                        {i18n.t(T::Create)}
                    </button>
                    {move || match create.value().get() {
                        Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                        Some(Ok(_)) => view! { <OkBanner text=i18n.t(T::UserCreated)/> }.erase(),
                        None => ().erase(),
                    }}
                </div>
            </ActionForm>
        </section>
    }
}
