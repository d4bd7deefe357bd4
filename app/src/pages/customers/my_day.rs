//! My day: my tasks due today and overdue; complete them in place.

use crate::erased::Erase;
use leptos::prelude::*;
use leptos_meta::Title;

use super::CustomerTabs;
use super::activity::ActivityItem;
use crate::api::customers::my_day;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

#[component]
pub fn MyDayPage() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = Resource::new(|| (), |_| my_day());
    view! {
        <Title text=i18n.t(T::MyDay)/>
        <section class="page">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::MyDay)}</h1>
                    <p class="muted">{i18n.t(T::MyDayIntro)}</p>
                </div>
            </header>
            <CustomerTabs active="my-day"/>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok((_, list)) if list.is_empty() => view! { <p class="empty" data-testid="nothing-due">{i18n.t(T::NothingDue)}</p> }.erase(),
                        Ok((today, list)) => view! {
                            <ol class="timeline panel" data-testid="my-day">
                                {list.into_iter().map(|activity| view! { <ActivityItem activity today show_record=true/> }).collect_view()}
                            </ol>
                        }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Suspense>
        </section>
    }
}
