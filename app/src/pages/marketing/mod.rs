//! Marketing (issue 8): the campaign list with each campaign's figures,
//! the campaign form, and a campaign's page (figures, members, audience).

pub mod campaign;
pub mod form;
pub mod list;
mod members;

use cairn::domain::marketing::{CampaignKind, CampaignStatus, MemberStatus, Rate};
use cairn::domain::sales::ColumnTotals;
use cairn::domain::sales::money::format_amount;
use cairn::domain::{Action, Actor, Module, Resource, allowed};

use crate::i18n::T;

pub fn kind_label(k: CampaignKind) -> T {
    match k {
        CampaignKind::Email => T::CkEmail,
        CampaignKind::Event => T::CkEvent,
        CampaignKind::Webinar => T::CkWebinar,
        CampaignKind::Ad => T::CkAd,
        CampaignKind::Other => T::CkOther,
    }
}

pub fn status_label(s: CampaignStatus) -> T {
    match s {
        CampaignStatus::Planned => T::CsPlanned,
        CampaignStatus::Active => T::CsActive,
        CampaignStatus::Completed => T::CsCompleted,
        CampaignStatus::Cancelled => T::CsCancelled,
    }
}

pub fn member_label(s: MemberStatus) -> T {
    match s {
        MemberStatus::Sent => T::MsSent,
        MemberStatus::Responded => T::MsResponded,
        MemberStatus::Converted => T::MsConverted,
    }
}

/// "62.5 %", or a dash when there is nothing to divide by.
pub fn rate(r: Option<Rate>) -> String {
    r.map_or_else(|| "—".to_owned(), Rate::percent)
}

/// One line per currency ("CNY 50,000.00", "USD 3,000.00": amounts in
/// different currencies are never added), a dash when empty; a KPI tile
/// shows each on its own line.
pub fn totals(t: &ColumnTotals) -> String {
    if t.0.is_empty() {
        return "—".to_owned();
    }
    t.0.iter()
        .map(|c| money(c.amount, &c.currency))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the signed-in user may do `action` in marketing (to hide what
/// the server would refuse anyway).
pub fn may(action: Action) -> bool {
    crate::app::use_session().user.is_some_and(|u| {
        let actor = Actor {
            user_id: u.id,
            role: u.role,
            team_id: u.team_id,
        };
        allowed(&actor, action, Resource::Module(Module::Marketing))
    })
}

/// "CNY 12,500.00".
pub fn money(minor: i64, currency: &str) -> String {
    format!("{currency} {}", format_amount(minor, currency))
}

/// One line per currency, for a table cell (amounts in different
/// currencies are never added, and never run together on one line).
pub fn lines(t: &ColumnTotals) -> impl leptos::IntoView + use<> {
    use crate::erased::Erase;
    use leptos::prelude::*;
    if t.0.is_empty() {
        return "—".erase();
    }
    t.0.iter()
        .map(|c| view! { <span class="nowrap block">{money(c.amount, &c.currency)}</span> })
        .collect_view()
        .erase()
}
