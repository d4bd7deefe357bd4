//! `GET /api/sales/forecast.csv?<the forecast page's parameters>`: the
//! forecast's tables as one CSV file, for spreadsheets.
//!
//! A plain GET endpoint rather than a server function: a link downloads
//! it (the browser keeps the file name from `Content-Disposition`), and
//! the same URL works from `curl` with a session cookie. Permission is the
//! store's (`store::sales::forecast::report`), as for the page.
//!
//! The file holds several tables (report, months, owners, stages, funnel),
//! each with its own header row, separated by an empty line. Amounts are
//! plain decimals in major units ("15000.00"): no thousands separators,
//! so spreadsheets read them as numbers. It starts with a UTF-8 byte order
//! mark, without which Excel shows Chinese names as mojibake.

use app::api::server::CurrentUser;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cairn::domain::AppError;
use cairn::domain::sales::forecast::{ForecastQuery, ForecastReport};
use cairn::domain::sales::money::format_amount;

use crate::state::AppState;

pub async fn forecast_csv(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentUser>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let Some((actor, _)) = current.0 else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let query = ForecastQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let report = match cairn::store::sales::forecast::report(&state.store, &actor, &query).await {
        Ok(r) => r,
        Err(e) => return refusal(&e),
    };
    match to_csv(&report) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"forecast-{}-{}.csv\"",
                        report.currency, report.today
                    ),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "forecast csv");
            refusal(&AppError::Internal("csv".into()))
        }
    }
}

/// The error's status with a short text body; internal details stay in
/// the log.
pub(crate) fn refusal(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = match e {
        AppError::Internal(_) => "internal error".to_owned(),
        other => other.to_string(),
    };
    (status, text).into_response()
}

/// Minor units as a spreadsheet number.
fn amount(minor: i64, currency: &str) -> String {
    format_amount(minor, currency).replace(',', "")
}

fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}")).unwrap_or_default()
}

fn table(rows: Vec<Vec<String>>) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The report's tables, in the page's order.
pub fn to_csv(r: &ForecastReport) -> Result<Vec<u8>, csv::Error> {
    let f = &r.forecast;
    let cur = r.currency.as_str();
    let name_of = |list: &[(i64, String)], id: Option<i64>| -> String {
        id.and_then(|id| list.iter().find(|(i, _)| *i == id))
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let s = |v: &str| v.to_owned();
    let pipeline = name_of(&r.pipelines, Some(r.pipeline_id));
    let mut tables = vec![table(vec![
        vec![
            s("pipeline"),
            s("currency"),
            s("from"),
            s("to"),
            s("as_of"),
            s("weighted"),
            s("commit"),
            s("best_case"),
            s("won"),
            s("lost"),
            s("win_rate_pct"),
            s("average_won"),
            s("average_cycle_days"),
            s("undated_open"),
        ],
        vec![
            pipeline,
            s(cur),
            r.period.from.to_string(),
            r.period.to.to_string(),
            r.today.to_string(),
            amount(f.weighted_total, cur),
            amount(f.commit, cur),
            amount(f.best_case, cur),
            f.won.to_string(),
            f.lost.to_string(),
            pct(f.win_rate_pct),
            f.average_won_amount
                .map(|a| amount(a, cur))
                .unwrap_or_default(),
            f.average_cycle_days
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default(),
            f.undated_open.to_string(),
        ],
    ])?];
    let mut months = vec![vec![
        s("month"),
        s("open_deals"),
        s("amount"),
        s("weighted"),
        s("commit"),
        s("best_case"),
        s("closed_won"),
    ]];
    months.extend(f.months.iter().map(|m| {
        vec![
            m.month.format("%Y-%m").to_string(),
            m.open_deals.to_string(),
            amount(m.amount, cur),
            amount(m.weighted, cur),
            amount(m.commit, cur),
            amount(m.best_case, cur),
            amount(m.closed, cur),
        ]
    }));
    tables.push(table(months)?);
    for (head, rows, names) in [
        ("owner", &f.by_owner, &r.owners),
        ("stage", &f.by_stage, &r.stages),
    ] {
        let mut t = vec![vec![s(head), s("open_deals"), s("amount"), s("weighted")]];
        t.extend(rows.iter().map(|g| {
            vec![
                name_of(names, g.key),
                g.deals.to_string(),
                amount(g.amount, cur),
                amount(g.weighted, cur),
            ]
        }));
        tables.push(table(t)?);
    }
    let mut funnel = vec![vec![s("funnel_step"), s("reached"), s("to_next_pct")]];
    funnel.extend(f.funnel.iter().map(|step| {
        vec![
            match step.stage_id {
                Some(id) => name_of(&r.stages, Some(id)),
                None => s("Won"),
            },
            step.reached.to_string(),
            pct(step.to_next_pct),
        ]
    }));
    tables.push(table(funnel)?);
    let mut out = "\u{feff}".as_bytes().to_vec();
    for (i, t) in tables.into_iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend(t);
    }
    Ok(out)
}
