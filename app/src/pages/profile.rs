use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::user::UserView;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::profile::{ChangePassword, UpdateProfile, my_profile};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, role_label, use_i18n};

/// The user's own profile: the versioned-edit pattern every later module
/// follows. The form carries the version it was rendered from; a save
/// after someone else's is refused with a conflict, and "Show the current
/// version" reloads the form from the server.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let reloads = RwSignal::new(0u32);
    let profile = Resource::new(
        move || (reloads.get(), update.version().get()),
        |_| my_profile(),
    );
    view! {
        <Title text=i18n.t(T::Profile)/>
        <section class="page page--narrow">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::ProfileTitle)}</h1>
                    <p class="muted">{i18n.t(T::ProfileIntro)}</p>
                </div>
            </header>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(user) => view! { <ProfileForm user update reloads/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
            <PasswordForm/>
        </section>
    }
}

#[component]
fn ProfileForm(
    user: UserView,
    update: ServerAction<UpdateProfile>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <dl class="facts facts--inline">
                <div><dt>{i18n.t(T::Username)}</dt><dd class="mono">{user.username.clone()}</dd></div>
                <div><dt>{i18n.t(T::RoleLabel)}</dt><dd>{i18n.t(role_label(user.role))}</dd></div>
            </dl>
            <ActionForm action=update attr:class="form" attr:data-testid="profile-form">
                <input type="hidden" name="version" value=user.version.to_string() prop:value=user.version.to_string()/>
                <label class="field">
                    <span class="field__label">{i18n.t(T::DisplayName)}</span>
                    <input class="input" name="display_name" value=user.display_name.clone() prop:value=user.display_name.clone() required/>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::Email)}</span>
                    <input class="input" type="email" name="email" value=user.email.clone() prop:value=user.email.clone() required/>
                </label>
                <div class="form__actions">
                    <button type="submit" class="btn btn--primary" disabled=move || update.pending().get()>
                        {i18n.t(T::Save)}
                    </button>
                    {move || match update.value().get() {
                        Some(Err(error @ AppError::Conflict { .. })) => view! {
                            <ErrorBanner error/>
                            <button type="button" class="btn" on:click=move |_| {
                                update.value().set(None);
                                reloads.update(|n| *n += 1);
                            }>{i18n.t(T::ReloadCurrent)}</button>
                        }.erase(),
                        Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                        Some(Ok(_)) => view! { <OkBanner text=i18n.t(T::Saved)/> }.erase(),
                        None => ().erase(),
                    }}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let form_ref = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get()
            && let Some(form) = form_ref.get()
        {
            form.reset();
        }
    });
    view! {
        <section class="panel" aria-labelledby="pw-title">
            <h2 id="pw-title" class="panel__title">{i18n.t(T::ChangePassword)}</h2>
            <ActionForm action=change node_ref=form_ref attr:class="form" attr:data-testid="password-form">
                <label class="field">
                    <span class="field__label">{i18n.t(T::CurrentPassword)}</span>
                    <input class="input" type="password" name="current_password" required autocomplete="current-password"/>
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::NewPassword)}</span>
                    <input class="input" type="password" name="new_password" required minlength="12" autocomplete="new-password"/>
                    <span class="field__hint">{i18n.t(T::PasswordHint)}</span>
                </label>
                <div class="form__actions">
                    <button type="submit" class="btn" disabled=move || change.pending().get()>{i18n.t(T::ChangePassword)}</button>
                    {move || match change.value().get() {
                        Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                        Some(Ok(())) => view! { <OkBanner text=i18n.t(T::PasswordChanged)/> }.erase(),
                        None => ().erase(),
                    }}
                </div>
            </ActionForm>
        </section>
    }
}
