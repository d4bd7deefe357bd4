//! Service (issue 8): the ticket queue, a ticket's page (status moves,
//! comments, service-level clocks, rating), the form to open one, the
//! service reports and Admin › Service levels.

pub mod board;
pub mod form;
pub mod levels;
pub mod queue;
pub mod reports;
pub mod ticket;

use cairn::domain::service::{Priority, SlaClock, SlaState, TicketKind, TicketStatus};
use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// Tickets (the queue), the board and Reports.
#[component]
pub fn ServiceTabs(active: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let tab = move |href: &'static str, key: &'static str, label: T| {
        view! {
            <leptos_router::components::A href=href exact=true
                attr:class="tabs__tab" attr:aria-current=(key == active).then_some("page") attr:data-testid=format!("tab-{key}")>
                {i18n.t(label)}
            </leptos_router::components::A>
        }
    };
    view! {
        <nav class="tabs" aria-label=i18n.t(T::ServiceTabsLabel)>
            {tab("/service", "tickets", T::Tickets)}
            {tab("/service/board", "board", T::ServiceBoard)}
            {tab("/service/reports", "reports", T::ServiceReports)}
        </nav>
    }
}

pub fn kind_label(k: TicketKind) -> T {
    match k {
        TicketKind::Complaint => T::TkComplaint,
        TicketKind::ServiceRequest => T::TkServiceRequest,
        TicketKind::Question => T::TkQuestion,
    }
}

pub fn priority_label(p: Priority) -> T {
    match p {
        Priority::Low => T::PrLow,
        Priority::Normal => T::PrNormal,
        Priority::High => T::PrHigh,
        Priority::Urgent => T::PrUrgent,
    }
}

pub fn status_label(s: TicketStatus) -> T {
    match s {
        TicketStatus::New => T::TsNew,
        TicketStatus::Assigned => T::TsAssigned,
        TicketStatus::InProgress => T::TsInProgress,
        TicketStatus::Waiting => T::TsWaiting,
        TicketStatus::Resolved => T::TsResolved,
        TicketStatus::Closed => T::TsClosed,
    }
}

fn sla_label(s: SlaState) -> T {
    match s {
        SlaState::OnTrack => T::SlaOnTrack,
        SlaState::AtRisk => T::SlaAtRisk,
        SlaState::Breached => T::SlaBreached,
        SlaState::Met => T::SlaMet,
        SlaState::Missed => T::SlaMissed,
        SlaState::Paused => T::SlaPaused,
    }
}

/// Working minutes as "2 h 05 min" / "2 小时 05 分钟" (hours can run past
/// a working day).
pub(super) fn span(i18n: crate::i18n::I18n, minutes: i64) -> String {
    let m = minutes.abs();
    if m >= 60 {
        i18n.t(T::SpanHoursMinutes)
            .replace("{h}", &(m / 60).to_string())
            .replace("{m}", &format!("{:02}", m % 60))
    } else {
        i18n.t(T::SpanMinutes).replace("{m}", &m.to_string())
    }
}

/// A clock as a badge: its state, and while running the working time
/// left or how late it is; the due time in the title.
#[component]
pub fn SlaBadge(clock: Option<SlaClock>, label: T) -> impl IntoView {
    let i18n = use_i18n();
    clock.map(|c| {
        let running = matches!(
            c.state,
            SlaState::OnTrack | SlaState::AtRisk | SlaState::Breached | SlaState::Paused
        );
        let detail = if running {
            let key = if c.remaining_minutes < 0 {
                T::SlaLate
            } else {
                T::SlaLeft
            };
            format!(
                " · {}",
                i18n.t(key).replace("{t}", &span(i18n, c.remaining_minutes))
            )
        } else {
            String::new()
        };
        let title = format!(
            "{} {}: {} UTC ({})",
            i18n.t(label),
            i18n.t(T::DueAt),
            c.due.format("%Y-%m-%d %H:%M"),
            i18n.t(T::WorkingTime)
        );
        view! {
            <span class=format!("sla sla--{}", c.state.as_str()) title=title data-sla=c.state.as_str()>
                <span class="sla__what">{i18n.t(label)}</span>": "{i18n.t(sla_label(c.state))}{detail}
            </span>
        }
    })
}
