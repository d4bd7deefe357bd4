//! The import wizard (issue 7): file → columns → values → check → import,
//! with the history (and undo) below. One `Wizard` of signals is shared by
//! the steps; every rule is in `cairn::domain::import` and every decision
//! is the server's (each call sends the file again: see `api::import`).

mod history;
mod mapping;
mod review;
mod upload;
mod values;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::import::{Committed, Decisions, DryRun, Field, Kind, Mapping, Preview, Upload};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

/// Where the wizard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Upload,
    Mapping,
    Values,
    Review,
    Done,
}

impl Step {
    const ALL: [Step; 5] = [
        Step::Upload,
        Step::Mapping,
        Step::Values,
        Step::Review,
        Step::Done,
    ];

    fn label(self) -> T {
        match self {
            Step::Upload => T::StepUpload,
            Step::Mapping => T::StepMapping,
            Step::Values => T::StepValues,
            Step::Review => T::StepReview,
            Step::Done => T::StepDone,
        }
    }
}

/// The wizard's state, shared by the steps through context.
#[derive(Clone, Copy)]
pub struct Wizard {
    pub step: RwSignal<Step>,
    pub kind: RwSignal<Kind>,
    pub upload: RwSignal<Option<Upload>>,
    pub preview: RwSignal<Option<Preview>>,
    pub mapping: RwSignal<Option<Mapping>>,
    pub decisions: RwSignal<Decisions>,
    pub dry: RwSignal<Option<DryRun>>,
    pub committed: RwSignal<Option<Committed>>,
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
    /// Bumped after a commit or an undo: the history reloads.
    pub history: RwSignal<u32>,
}

impl Wizard {
    fn new(kind: Kind) -> Wizard {
        Wizard {
            step: RwSignal::new(Step::Upload),
            kind: RwSignal::new(kind),
            upload: RwSignal::new(None),
            preview: RwSignal::new(None),
            mapping: RwSignal::new(None),
            decisions: RwSignal::new(Decisions::default()),
            dry: RwSignal::new(None),
            committed: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            history: RwSignal::new(0),
        }
    }

    /// Back to an empty first step (after an import, or another file).
    fn reset(&self) {
        self.upload.set(None);
        self.preview.set(None);
        self.mapping.set(None);
        self.decisions.set(Decisions::default());
        self.dry.set(None);
        self.committed.set(None);
        self.error.set(None);
        self.step.set(Step::Upload);
    }

    fn go(&self, step: Step) {
        self.error.set(None);
        self.step.set(step);
        focus_step_heading();
    }
}

pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

/// Moves the focus to the new step's heading, so keyboard and screen
/// reader users start reading where the new step starts.
fn focus_step_heading() {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async {
        use wasm_bindgen::JsCast;
        if let Some(h) = gloo_utils::document()
            .query_selector(".wizard__step-title")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = h.focus();
        }
    });
}

/// The kinds the store can import, as `?kind=` names them.
pub const KINDS: [(Kind, &str); 6] = [
    (Kind::Accounts, "accounts"),
    (Kind::Contacts, "contacts"),
    (Kind::Leads, "leads"),
    (Kind::Deals, "deals"),
    (Kind::Users, "users"),
    (Kind::Activities, "activities"),
];

pub fn kind_text(kind: Kind) -> T {
    match kind {
        Kind::Accounts => T::Accounts,
        Kind::Contacts => T::Contacts,
        Kind::Leads => T::Leads,
        Kind::Deals => T::Deals,
        Kind::Users => T::KindUsers,
        Kind::Activities => T::Activities,
    }
}

/// Where the imported records are listed.
pub fn kind_list(kind: Kind) -> &'static str {
    match kind {
        Kind::Accounts => "/customers",
        Kind::Contacts => "/customers/contacts",
        Kind::Leads => "/customers/leads",
        Kind::Deals => "/sales/list",
        Kind::Users => "/admin/users",
        Kind::Activities => "/customers/my-day",
    }
}

pub fn field_text(field: Field) -> T {
    use Field::*;
    match field {
        Name => T::Name,
        FirstName => T::FirstName,
        LastName => T::LastName,
        JobTitle => T::JobTitle,
        Company => T::Company,
        Account => T::Account,
        Contact => T::Contact,
        Industry => T::Industry,
        Source => T::Source,
        Website => T::Website,
        Phone => T::Phone,
        Email => T::Email,
        Address => T::Address,
        Owner => T::Owner,
        Team => T::Team,
        Tags => T::Tags,
        Lifecycle => T::Lifecycle,
        AnnualRevenue => T::AnnualRevenue,
        Employees => T::Employees,
        Status => T::Status,
        Notes => T::Notes,
        ExternalId => T::ExternalId,
        DealTitle => T::DealTitle,
        Amount => T::AmountLabel,
        Currency => T::CurrencyLabel,
        CloseDate => T::ExpectedClose,
        OpenedOn => T::OpenedOn,
        Pipeline => T::PipelineLabel,
        Stage => T::StageLabel,
        Probability => T::ProbabilityLabel,
        Username => T::Username,
        DisplayName => T::DisplayName,
        Manager => T::Manager,
        Role => T::RoleLabel,
        ActivityKind => T::Kind,
        Subject => T::Subject,
        Body => T::Body,
        OccurredAt => T::OccurredAt,
        DueOn => T::DueOn,
        Assignee => T::Assignee,
    }
}

/// `/import?kind=accounts|contacts|leads|deals|users|activities`.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = query.with_untracked(|q| {
        let k = q.get("kind").unwrap_or_default();
        KINDS
            .iter()
            .find(|(_, name)| *name == k)
            .map_or(Kind::Accounts, |(k, _)| *k)
    });
    let w = Wizard::new(kind);
    provide_context(w);
    view! {
        <Title text=i18n.t(T::ImportTitle)/>
        <section class="page wizard">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::ImportTitle)}</h1>
                    <p class="muted">{i18n.t(T::ImportIntro)}</p>
                </div>
            </header>
            <Steps/>
            {move || w.error.get().map(|error| view! { <ErrorBanner error/> })}
            {move || match w.step.get() {
                Step::Upload => view! { <upload::UploadStep/> }.erase(),
                Step::Mapping => view! { <mapping::MappingStep/> }.erase(),
                Step::Values => view! { <values::ValuesStep/> }.erase(),
                Step::Review => view! { <review::ReviewStep/> }.erase(),
                Step::Done => view! { <review::DoneStep/> }.erase(),
            }}
            <history::History/>
        </section>
    }
}

/// The step list: where one is, and a way back to earlier steps.
#[component]
fn Steps() -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    view! {
        <nav aria-label=i18n.t(T::ImportSteps)>
            <ol class="wizard__steps">
                {Step::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(n, step)| {
                        let current = move || w.step.get() == step;
                        // Earlier steps can be revisited; later ones are reached with Next.
                        let reachable = move || {
                            step < w.step.get() && w.step.get() != Step::Done && w.preview.with(Option::is_some)
                        };
                        view! {
                            <li class="wizard__stepitem" class:wizard__stepitem--current=current class:wizard__stepitem--past=move || step < w.step.get()>
                                <button type="button" class="wizard__stepbtn" aria-current=move || current().then_some("step")
                                    disabled=move || !reachable() on:click=move |_| w.go(step)>
                                    <span class="wizard__stepn">{n + 1}</span>
                                    {i18n.t(step.label())}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A step's heading (focused when the step opens) and its intro.
#[component]
fn StepHead(title: T, #[prop(optional)] intro: Option<T>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 class="wizard__step-title" tabindex="-1">{i18n.t(title)}</h2>
        {intro.map(|t| view! { <p class="muted">{i18n.t(t)}</p> })}
    }
}

/// Back / Next under a step.
#[component]
fn StepNav(
    #[prop(optional)] back: Option<Step>,
    #[prop(into)] next_label: Signal<String>,
    #[prop(into)] next_disabled: Signal<bool>,
    on_next: impl Fn() + 'static,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let w = use_wizard();
    view! {
        <div class="wizard__nav">
            {back.map(|b| view! {
                <button type="button" class="btn" on:click=move |_| w.go(b)>{i18n.t(T::BackStep)}</button>
            })}
            <button type="button" class="btn btn--primary" data-testid=testid
                disabled=move || next_disabled.get() || w.busy.get() on:click=move |_| on_next()>
                {move || next_label.get()}
            </button>
        </div>
    }
}
