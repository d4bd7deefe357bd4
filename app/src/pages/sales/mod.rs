//! Sales: the pipeline board, the list view, the deal pages. Pages fetch
//! through `crate::api::sales`; a drop's arithmetic is
//! `cairn::domain::sales::local`, every check is on the server.

pub mod board;
pub mod board_dom;
pub mod board_live;
pub mod cash_chart;
pub mod deal_form;
pub mod deal_view;
pub mod forecast;
pub mod list;
pub mod payments;
pub mod pipelines;

use cairn::domain::sales::money::format_amount;
use cairn::domain::sales::{BoardQuery, ColumnTotals, DealStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::{T, use_i18n};

/// Board, List and Forecast, keeping the filters between board and list.
#[component]
pub fn SalesTabs(active: &'static str, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let tab = move |href: &'static str, key: &'static str, label: T, keep: bool| {
        let current = key == active;
        view! {
            <A href=move || if keep { format!("{href}{}", query.get()) } else { href.to_owned() } exact=true
                attr:class="tabs__tab" attr:aria-current=current.then_some("page") attr:data-testid=format!("tab-{key}")>
                {i18n.t(label)}
            </A>
        }
    };
    view! {
        <nav class="tabs" aria-label=i18n.t(T::SalesTabsLabel)>
            {tab("/sales", "board", T::SalesBoard, true)}
            {tab("/sales/list", "list", T::SalesList, true)}
            {tab("/sales/forecast", "forecast", T::SalesForecastTab, false)}
        </nav>
    }
}

/// The board's filters in the current URL.
pub fn use_board_query() -> Memo<BoardQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        let map = params.get();
        let pairs: Vec<(String, String)> =
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        BoardQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// "USD 12,500.00" — the currency first, as finance people read it.
pub fn money(minor: i64, currency: &str) -> String {
    format!("{currency} {}", format_amount(minor, currency))
}

/// One line of a column's totals, shortened for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalLine {
    pub currency: String,
    /// Exact minor units, for the tests and the title tooltip.
    pub amount: i64,
    pub weighted: i64,
    pub amount_text: String,
    pub weighted_text: String,
}

/// One line per currency of a column's totals: amount and weighted.
pub fn totals_lines(t: &ColumnTotals) -> Vec<TotalLine> {
    use cairn::domain::sales::money::format_compact;
    t.0.iter()
        .map(|l| TotalLine {
            currency: l.currency.clone(),
            amount: l.amount,
            weighted: l.weighted,
            amount_text: format!("{} {}", l.currency, format_compact(l.amount, &l.currency)),
            weighted_text: format!("{} {}", l.currency, format_compact(l.weighted, &l.currency)),
        })
        .collect()
}

pub fn status_label(s: DealStatus) -> T {
    match s {
        DealStatus::Open => T::StatusOpen,
        DealStatus::Won => T::StatusWon,
        DealStatus::Lost => T::StatusLost,
    }
}

/// `{key}` placeholders filled in, for the catalogue's sentences.
pub fn fill(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(text.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}
