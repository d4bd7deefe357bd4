//! A row of KPI tiles (label, value, hint), as the forecast and the
//! service reports show them; `data-kpi` and `kpi-{key}` let tests and
//! styles find each tile.

use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

/// One tile: its key, label, value and the hint under it.
pub type Tile = (&'static str, T, String, String);

#[component]
pub fn KpiTiles(tiles: Vec<Tile>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="kpis" data-testid=testid>
            {tiles.into_iter().map(|(key, label, value, hint)| {
                let lines = value.contains('\n');
                view! {
                <li class="kpi" data-kpi=key>
                    <span class="kpi__label">{i18n.t(label)}</span>
                    // Several lines (one per currency) wrap instead of being cut.
                    <span class="kpi__value" class:kpi__value--lines=lines data-testid=format!("kpi-{key}")>{value}</span>
                    <span class="kpi__hint">{hint}</span>
                </li>
                }
            }).collect_view()}
        </ul>
    }
}
