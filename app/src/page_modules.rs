//! Which wasm module holds each page.
//!
//! The browser used to download every page's code before the first page
//! became interactive. Pages are now grouped into modules that
//! `cargo leptos build --split` cuts out of the main wasm and the browser
//! loads when a page of the group is first shown. The main module holds
//! what every page needs: the framework, the frame (top bar, search,
//! notifications) and the translations. A group is one split point whose
//! function renders any page of the group, so code the group's pages
//! share is downloaded once and a page costs a handful of requests, not
//! hundreds (one split point per page made 1,674 chunks, see
//! docs/EVIDENCE.md).
//!
//! Each group is a [`ChooseView`] for the router. On the first load of a
//! page the router awaits `preload` (the group's module) for every matched
//! route before it hydrates, and `choose` then finds the code loaded and
//! resolves at once, so the synchronous hydration below the session frame
//! sees the same view the server rendered. On the server, `choose` renders
//! directly and records the group so the page's `<head>` preloads it.

use cairn::domain::Module;
use leptos::prelude::*;
use leptos_router::ChooseView;

use crate::erased::Erase;
use crate::pages::{
    admin_automation, admin_targets, admin_templates, admin_users, customers, home, import, login,
    marketing, placeholder, profile, projects, sales, service, setup,
};

/// Declares a group: the page enum (the route's view), the split function
/// rendering any of its pages, and how the router loads and chooses it.
macro_rules! page_module {
    (
        $(#[$doc:meta])*
        $group:ident, $render:ident, $preload:ident {
            $($page:ident => $view:path,)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $group {
            $($page,)*
        }

        #[leptos::lazy]
        fn $render(page: $group) -> AnyView {
            match page {
                $($group::$page => $view().erase(),)*
            }
        }

        impl ChooseView for $group {
            async fn choose(self) -> AnyView {
                $render(self).await
            }

            async fn preload(&self) {
                // In the browser, fetch and instantiate the module; on the
                // server there is nothing to load.
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    };
}

page_module! {
    /// The way in and the user's own pages: signing in, first-run set-up,
    /// the home dashboard (where signing in lands, its code already
    /// loaded), the profile and modules still to come.
    Home, render_home, __preload_render_home {
        Login => login::LoginPage,
        Dashboard => home::HomePage,
        Profile => profile::ProfilePage,
        Setup => setup::SetupPage,
        Reports => reports_page,
    }
}

fn reports_page() -> impl IntoView {
    view! { <placeholder::ComingSoon module=Module::Reports/> }
}

page_module! {
    /// Accounts, contacts, leads, imports, deals, campaigns and tickets:
    /// the CRM pages share their list, form and record components.
    Crm, render_crm, __preload_render_crm {
        Accounts => customers::accounts::AccountsPage,
        AccountEdit => customers::account_form::AccountEditPage,
        Account => customers::account_view::AccountPage,
        AccountPrint => customers::account_print::AccountPrintPage,
        Contacts => customers::contacts::ContactsPage,
        ContactNew => customers::contacts::ContactNewPage,
        Contact => customers::contacts::ContactPage,
        Leads => customers::leads::LeadsPage,
        LeadNew => customers::leads::LeadNewPage,
        Lead => customers::leads::LeadPage,
        MyDay => customers::my_day::MyDayPage,
        Trash => customers::trash::TrashPage,
        Duplicates => customers::duplicates::DuplicatesPage,
        Merge => customers::merge::MergePage,
        Import => import::ImportPage,
        Board => sales::board::BoardPage,
        Deals => sales::list::DealListPage,
        DealEdit => sales::deal_form::DealEditPage,
        Deal => sales::deal_view::DealPage,
        Forecast => sales::forecast::ForecastPage,
        Campaigns => marketing::list::CampaignsPage,
        CampaignNew => marketing::form::CampaignNewPage,
        Campaign => marketing::campaign::CampaignPage,
        Tickets => service::queue::TicketsPage,
        ServiceBoard => service::board::ServiceBoardPage,
        ServiceReports => service::reports::ServiceReportsPage,
        TicketNew => service::form::TicketNewPage,
        Ticket => service::ticket::TicketPage,
    }
}

page_module! {
    /// Projects: the list, the Gantt chart with its scheduling engine, the
    /// MS Project import and the status report.
    Projects, render_projects, __preload_render_projects {
        List => projects::list::ProjectsPage,
        New => projects::form::ProjectNewPage,
        Import => projects::import::ProjectImportPage,
        Plan => projects::gantt::ProjectPage,
        Report => projects::report::StatusReportPage,
    }
}

page_module! {
    /// The administrator's settings pages.
    Admin, render_admin, __preload_render_admin {
        Users => admin_users::AdminUsersPage,
        Grading => customers::grading::GradingPage,
        Pipelines => sales::pipelines::PipelinesPage,
        ServiceLevels => service::levels::ServiceLevelsPage,
        Automation => admin_automation::AutomationPage,
        Targets => admin_targets::TargetsPage,
        Templates => admin_templates::TemplatesPage,
    }
}
