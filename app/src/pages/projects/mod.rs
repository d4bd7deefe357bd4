//! Projects: the list, the project form and the project page with its
//! Gantt chart (`gantt/`); the delivery project of a won deal (`start`)
//! and its figures on the deal and the account (`delivery`).

pub mod delivery;
pub mod form;
pub mod gantt;
pub mod import;
pub mod list;
pub mod report;
pub mod start;

use cairn::domain::project::{CalendarKey, ProjectStatus};
use chrono::NaiveDate;

use crate::i18n::T;

pub fn status_label(s: ProjectStatus) -> T {
    match s {
        ProjectStatus::Planned => T::ProjectPlanned,
        ProjectStatus::Active => T::ProjectActive,
        ProjectStatus::OnHold => T::ProjectOnHold,
        ProjectStatus::Completed => T::ProjectCompleted,
        ProjectStatus::Cancelled => T::ProjectCancelled,
    }
}

pub fn calendar_label(c: CalendarKey) -> T {
    match c {
        CalendarKey::Standard => T::CalendarStandard,
        CalendarKey::ChinaMainland => T::CalendarChina,
        CalendarKey::Custom => T::CalendarCustom,
    }
}

/// Today in the reader's time zone. In the browser from the JavaScript
/// clock: chrono's `Utc::now` is not available on wasm32-unknown-unknown
/// without its `wasmbind` feature, and the local date is what a person
/// means by "today" anyway.
pub fn today() -> NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Local::now().date_naive()
    }
}
