//! Projects: the list, the project form and the project page with its
//! Gantt chart (`gantt/`).

pub mod form;
pub mod gantt;
pub mod list;

use cairn::domain::project::{CalendarKey, ProjectStatus};

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
    }
}
