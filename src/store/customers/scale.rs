//! `cairn seed --scale N`: N accounts, each with 3 contacts and 10
//! activities, realistic enough to click through and to measure the list,
//! search and 360° view against (benches/customers.rs).
//!
//! The services write one record at a time with its audit rows; at 100k
//! accounts that would take many minutes, so this writes multi-row INSERTs
//! instead. It fills every derived column (sort and match keys, grade,
//! `last_activity_at`) and the derived tables (`search_terms`,
//! `record_tags`) with the very functions the services use, so the result
//! is indistinguishable from data entered by hand. It is an operator's
//! bulk action: one audit row for the whole seed, none per record.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::{Alias, Expr, Query, Value, Values};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    Statement,
};

use super::common::tags_json;
use super::{grading, index};
use crate::domain::customer::fields::{company_key, domain_of, email_key, phone_key};
use crate::domain::customer::{GradeRules, Lifecycle, RecordKind};
use crate::domain::{AppError, AppResult, Role, search};
use crate::store::db::internal;
use crate::store::entity::user;
use crate::store::{Backend, Store, audit};

/// Contacts generated per account.
pub const CONTACTS_PER_ACCOUNT: usize = 3;
/// Activities generated per account.
pub const ACTIVITIES_PER_ACCOUNT: usize = 10;

/// Bound parameters per statement. SQLite allows 32766 (since 3.32) and
/// PostgreSQL 65535; staying under the smaller lets one code path serve
/// both.
const MAX_PARAMS: usize = 32_766;

/// Accounts per transaction. Each chunk commits whole accounts (with their
/// contacts, activities and index rows), so the database is consistent at
/// every commit, and a running server's writers get the SQLite write lock
/// between chunks instead of timing out behind one long transaction.
const CHUNK: u64 = 10_000;

/// The RNG's seed; mixed with the first id of each chunk, so a second
/// seed into the same database makes different (but reproducible) data.
const SEED: u64 = 0x00ca_1a5e_ed5c_a1e5;

/// What a scale seed wrote, and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleReport {
    pub accounts: u64,
    pub contacts: u64,
    pub activities: u64,
    pub search_terms: u64,
    pub tags: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for ScaleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seeded {} accounts, {} contacts, {} activities ({} search terms, {} tags) in {:.1} s",
            self.accounts,
            self.contacts,
            self.activities,
            self.search_terms,
            self.tags,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Who the generated records belong to: a user and that user's team (a
/// record's team is its owner's, as the services default it).
#[derive(Debug, Clone, Copy)]
struct Owner {
    user_id: i64,
    team_id: Option<i64>,
}

/// The users who own seeded records by default: the active sales people
/// and managers, or, if there are none, the first administrator.
pub async fn default_owners(store: &Store) -> AppResult<Vec<i64>> {
    let sellers: Vec<i64> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([Role::Sales.as_str(), Role::Manager.as_str()]))
        .order_by_asc(user::Column::Id)
        .all(store.conn())
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| u.id)
        .collect();
    if !sellers.is_empty() {
        return Ok(sellers);
    }
    let admin = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .order_by_asc(user::Column::Id)
        .one(store.conn())
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            AppError::invalid(
                "owner",
                "no user to own the records: create an administrator first",
            )
        })?;
    Ok(vec![admin.id])
}

/// The owners with their teams, read from the users table (so a record's
/// team is always its owner's); each must be an active user.
async fn load_owners(store: &Store, ids: &[i64]) -> AppResult<Vec<Owner>> {
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(store.conn())
        .await
        .map_err(internal)?;
    ids.iter()
        .map(|id| {
            users
                .iter()
                .find(|u| u.id == *id && u.active)
                .map(|u| Owner {
                    user_id: u.id,
                    team_id: u.team_id,
                })
                .ok_or_else(|| AppError::invalid("owner", format!("{id} is not an active user")))
        })
        .collect()
}

/// Adds `n` accounts (with 3 contacts and 10 activities each) owned by
/// `owner_ids` (empty: [`default_owners`]), in chunks of whole accounts.
pub async fn scale(store: &Store, n: u64, owner_ids: &[i64]) -> AppResult<ScaleReport> {
    let started = Instant::now();
    let ids = if owner_ids.is_empty() {
        default_owners(store).await?
    } else {
        owner_ids.to_vec()
    };
    let owners = load_owners(store, &ids).await?;
    let (rules, _) = grading::rules(store.conn()).await?;
    let now = Utc::now();
    let mut report = ScaleReport {
        accounts: 0,
        contacts: 0,
        activities: 0,
        search_terms: 0,
        tags: 0,
        elapsed: Duration::ZERO,
    };
    let mut domains = Domains::default();
    let postgres = store.backend() == Backend::Postgres;
    let mut done = 0;
    while done < n {
        let size = Ord::min(CHUNK, n - done);
        let txn = store.write().await?;
        // A bigger page cache for this connection while it writes: the
        // default 2 MB makes SQLite spill and re-read index pages for every
        // few thousand rows. Restored before the connection goes back to
        // the pool.
        let cache = if postgres {
            None
        } else {
            let before = pragma(&txn, "cache_size").await?;
            exec(&txn, &format!("PRAGMA cache_size = {SEED_CACHE_KIB}")).await?;
            Some(before)
        };
        let chunk = Chunk {
            n: size,
            total: n,
            first: done == 0,
            owner_ids: &ids,
            owners: &owners,
            rules: &rules,
            now,
            postgres,
        };
        let written = chunk.write(&txn, &mut domains, &mut report).await;
        if let Some(before) = cache {
            let restored = exec(&txn, &format!("PRAGMA cache_size = {before}")).await;
            if written.is_ok() {
                restored?;
            }
        }
        written?;
        txn.commit().await.map_err(internal)?;
        done += size;
    }
    if postgres {
        // The planner's statistics and the visibility map after a bulk
        // load (autovacuum would take its time): without the map, the
        // covering indexes' index-only scans still visit the table for
        // every row. (SQLite is never analyzed: its indexes are laid out
        // to be chosen from the schema alone, and a sampled ANALYZE
        // misleads it.)
        store
            .conn()
            .execute_unprepared(
                "VACUUM (ANALYZE) accounts, contacts, activities, search_terms, record_tags",
            )
            .await
            .map_err(internal)?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The page cache while seeding on SQLite (negative: KiB), 256 MiB.
const SEED_CACHE_KIB: i64 = -262_144;

/// One transaction's worth of accounts.
struct Chunk<'a> {
    n: u64,
    total: u64,
    first: bool,
    owner_ids: &'a [i64],
    owners: &'a [Owner],
    rules: &'a GradeRules,
    now: DateTime<Utc>,
    postgres: bool,
}

impl Chunk<'_> {
    async fn write(
        &self,
        txn: &DatabaseTransaction,
        domains: &mut Domains,
        report: &mut ScaleReport,
    ) -> AppResult<()> {
        if self.postgres {
            // Ids are assigned here, from MAX(id): no other writer may
            // insert into these tables until the chunk commits.
            exec(txn, "LOCK TABLE accounts, contacts IN EXCLUSIVE MODE").await?;
        }
        let first_account = max_id(txn, "accounts").await? + 1;
        let first_contact = max_id(txn, "contacts").await? + 1;
        let mut rng = StdRng::seed_from_u64(SEED ^ (first_account as u64).wrapping_mul(0x9e37));
        let generator = Generator {
            rng: &mut rng,
            owners: self.owners,
            rules: self.rules,
            now: self.now,
            domains,
        };
        let accounts = generator.accounts(first_account, first_contact, self.n);
        write_chunk(txn, &accounts, report).await?;
        if self.postgres {
            // Explicit ids do not advance a PostgreSQL sequence; without
            // this the next account created in the app would collide.
            for table in ["accounts", "contacts"] {
                exec(
                    txn,
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                         (SELECT MAX(id) FROM {table}))"
                    ),
                )
                .await?;
            }
        }
        if self.first {
            // Recorded with the first chunk, so whatever is committed is
            // covered by the audit log even if a later chunk fails.
            audit::record(
                txn,
                None,
                "database",
                "customers",
                "seed",
                None::<&()>,
                Some(&serde_json::json!({
                    "scale": self.total,
                    "contacts_per_account": CONTACTS_PER_ACCOUNT,
                    "activities_per_account": ACTIVITIES_PER_ACCOUNT,
                    "first_account_id": first_account,
                    "owners": self.owner_ids,
                })),
            )
            .await?;
        }
        Ok(())
    }
}

async fn pragma(txn: &DatabaseTransaction, name: &str) -> AppResult<i64> {
    let row = txn
        .query_one_raw(Statement::from_string(
            txn.get_database_backend(),
            format!("PRAGMA {name}"),
        ))
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::Internal(format!("PRAGMA {name} returned nothing")))?;
    row.try_get_by_index::<i64>(0).map_err(internal)
}

async fn exec(txn: &DatabaseTransaction, sql: &str) -> AppResult<()> {
    txn.execute_raw(Statement::from_string(txn.get_database_backend(), sql))
        .await
        .map_err(internal)?;
    Ok(())
}

async fn max_id(txn: &DatabaseTransaction, table: &str) -> AppResult<i64> {
    let row = txn
        .query_one_raw(Statement::from_string(
            txn.get_database_backend(),
            format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"),
        ))
        .await
        .map_err(internal)?;
    match row {
        Some(r) => r.try_get::<i64>("", "m").map_err(internal),
        None => Ok(0),
    }
}

/// A multi-row INSERT that executes itself whenever the next row would
/// exceed [`MAX_PARAMS`]. The SQL text (placeholders only) comes from
/// sea-query, once per statement size; the values are collected as plain
/// [`Value`]s and bound as they are, not wrapped in expressions and
/// cloned out of a statement tree again (a third of the seed's time).
struct Batch<'a> {
    txn: &'a DatabaseTransaction,
    table: &'static str,
    cols: &'static [&'static str],
    values: Vec<Value>,
    rows: usize,
    per_stmt: usize,
    full_sql: Option<String>,
    written: u64,
}

impl<'a> Batch<'a> {
    fn new(
        txn: &'a DatabaseTransaction,
        table: &'static str,
        cols: &'static [&'static str],
    ) -> Self {
        let per_stmt = MAX_PARAMS / cols.len();
        Batch {
            txn,
            table,
            cols,
            values: Vec::with_capacity(per_stmt * cols.len()),
            rows: 0,
            per_stmt,
            full_sql: None,
            written: 0,
        }
    }

    /// `INSERT INTO table (cols) VALUES (…), …` for `rows` rows.
    fn sql(&self, rows: usize) -> AppResult<String> {
        let mut q = Query::insert();
        q.into_table(Alias::new(self.table))
            .columns(self.cols.iter().map(|c| Alias::new(*c)));
        for _ in 0..rows {
            q.values(self.cols.iter().map(|_| Expr::val(Value::BigInt(None))))
                .map_err(internal)?;
        }
        let built = self.txn.get_database_backend().build(&q);
        // Every value must be a placeholder, in row order, for the values
        // bound below to land in their columns.
        if built.values.map(|v| v.0.len()) != Some(rows * self.cols.len()) {
            return Err(AppError::Internal(format!(
                "unexpected INSERT shape for {}",
                self.table
            )));
        }
        Ok(built.sql)
    }

    async fn push<const N: usize>(&mut self, row: [Value; N]) -> AppResult<()> {
        if N != self.cols.len() {
            return Err(AppError::Internal(format!(
                "{} takes {} columns",
                self.table,
                self.cols.len()
            )));
        }
        self.values.extend(row);
        self.rows += 1;
        if self.rows == self.per_stmt {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> AppResult<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let sql = if self.rows == self.per_stmt {
            match &self.full_sql {
                Some(s) => s.clone(),
                None => {
                    let s = self.sql(self.rows)?;
                    self.full_sql = Some(s.clone());
                    s
                }
            }
        } else {
            self.sql(self.rows)?
        };
        let values = std::mem::replace(
            &mut self.values,
            Vec::with_capacity(self.per_stmt * self.cols.len()),
        );
        self.txn
            .execute_raw(Statement {
                sql,
                values: Some(Values(values)),
                db_backend: self.txn.get_database_backend(),
            })
            .await
            .map_err(internal)?;
        self.written += self.rows as u64;
        self.rows = 0;
        Ok(())
    }

    /// Writes what is left; the number of rows written.
    async fn finish(mut self) -> AppResult<u64> {
        self.flush().await?;
        Ok(self.written)
    }
}

const ACCOUNT_COLS: &[&str] = &[
    "id",
    "name",
    "sort_key",
    "name_key",
    "industry",
    "source",
    "website",
    "domain",
    "phone",
    "phone_key",
    "email",
    "email_key",
    "address",
    "owner_id",
    "team_id",
    "tags",
    "lifecycle",
    "grade",
    "annual_revenue",
    "notes",
    "last_activity_at",
    "version",
    "created_at",
    "updated_at",
];

const CONTACT_COLS: &[&str] = &[
    "id",
    "account_id",
    "name",
    "sort_key",
    "title",
    "email",
    "email_key",
    "phone",
    "phone_key",
    "address",
    "owner_id",
    "team_id",
    "tags",
    "notes",
    "version",
    "created_at",
    "updated_at",
];

const ACTIVITY_COLS: &[&str] = &[
    "kind",
    "subject",
    "body",
    "account_id",
    "contact_id",
    "occurred_at",
    "due_on",
    "assignee_id",
    "author_id",
    "team_id",
    "done_at",
    "version",
    "created_at",
    "updated_at",
];

const TERM_COLS: &[&str] = &["term", "kind", "record_id", "owner_id", "team_id"];
const TAG_COLS: &[&str] = &["kind", "record_id", "tag_key"];

/// Inserts one chunk: the accounts, then what refers to them.
async fn write_chunk(
    txn: &DatabaseTransaction,
    accounts: &[GenAccount],
    report: &mut ScaleReport,
) -> AppResult<()> {
    let mut b = Batch::new(txn, "accounts", ACCOUNT_COLS);
    for a in accounts {
        b.push([
            a.id.into(),
            a.name.clone().into(),
            search::sort_key(&a.name).into(),
            company_key(&a.name).into(),
            a.industry.into(),
            a.source.into(),
            a.website.clone().into(),
            domain_of(&a.website).into(),
            a.phone.clone().into(),
            phone_key(&a.phone).into(),
            a.email.clone().into(),
            email_key(&a.email).into(),
            a.address.clone().into(),
            a.owner.user_id.into(),
            a.owner.team_id.into(),
            tags_json(&a.tags).into(),
            a.lifecycle.as_str().into(),
            a.grade.into(),
            a.annual_revenue.into(),
            a.notes.into(),
            a.last_activity_at.into(),
            1i64.into(),
            a.created_at.into(),
            a.created_at.into(),
        ])
        .await?;
    }
    report.accounts += b.finish().await?;

    let mut b = Batch::new(txn, "contacts", CONTACT_COLS);
    for a in accounts {
        for c in &a.contacts {
            b.push([
                c.id.into(),
                a.id.into(),
                c.name.clone().into(),
                search::sort_key(&c.name).into(),
                c.title.into(),
                c.email.clone().into(),
                email_key(&c.email).into(),
                c.phone.clone().into(),
                phone_key(&c.phone).into(),
                "".into(),
                a.owner.user_id.into(),
                a.owner.team_id.into(),
                tags_json(&c.tags).into(),
                "".into(),
                1i64.into(),
                c.created_at.into(),
                c.created_at.into(),
            ])
            .await?;
        }
    }
    report.contacts += b.finish().await?;

    let mut b = Batch::new(txn, "activities", ACTIVITY_COLS);
    for a in accounts {
        for x in &a.activities {
            b.push([
                x.kind.into(),
                x.subject.into(),
                x.body.into(),
                a.id.into(),
                x.contact_id.into(),
                x.occurred_at.into(),
                x.due_on.into(),
                x.due_on.map(|_| a.owner.user_id).into(),
                a.owner.user_id.into(),
                a.owner.team_id.into(),
                x.done_at.into(),
                if x.done_at.is_some() { 2i64 } else { 1i64 }.into(),
                x.occurred_at.into(),
                x.done_at.unwrap_or(x.occurred_at).into(),
            ])
            .await?;
        }
    }
    report.activities += b.finish().await?;

    // All of the chunk's terms, in term order: the term index then grows
    // page by page instead of at random places (several times faster on
    // SQLite at millions of terms).
    let mut rows: Vec<(String, RecordKind, i64, &Owner)> = Vec::new();
    let mut tags = Batch::new(txn, "record_tags", TAG_COLS);
    for a in accounts {
        let account_terms = index::Terms {
            names: vec![a.name.clone()],
            emails: vec![a.email.clone()],
            domains: vec![domain_of(&a.website)],
            phones: vec![a.phone.clone()],
        };
        let records = std::iter::once((RecordKind::Account, a.id, account_terms, &a.tags)).chain(
            a.contacts.iter().map(|c| {
                let t = index::Terms {
                    names: vec![c.name.clone()],
                    emails: vec![c.email.clone()],
                    domains: vec![],
                    phones: vec![c.phone.clone()],
                };
                (RecordKind::Contact, c.id, t, &c.tags)
            }),
        );
        for (kind, id, t, record_tags) in records {
            rows.extend(t.build().into_iter().map(|term| (term, kind, id, &a.owner)));
            for tag in record_tags {
                tags.push([kind.as_str().into(), id.into(), tag.to_lowercase().into()])
                    .await?;
            }
        }
    }
    rows.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let mut terms = Batch::new(txn, "search_terms", TERM_COLS);
    for (term, kind, id, owner) in rows {
        terms
            .push([
                term.into(),
                kind.as_str().into(),
                id.into(),
                owner.user_id.into(),
                owner.team_id.into(),
            ])
            .await?;
    }
    report.search_terms += terms.finish().await?;
    report.tags += tags.finish().await?;
    Ok(())
}

struct GenAccount {
    id: i64,
    name: String,
    industry: &'static str,
    source: &'static str,
    website: String,
    phone: String,
    email: String,
    address: String,
    owner: Owner,
    tags: Vec<String>,
    lifecycle: Lifecycle,
    grade: &'static str,
    annual_revenue: Option<i64>,
    notes: &'static str,
    last_activity_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    contacts: Vec<GenContact>,
    activities: Vec<GenActivity>,
}

struct GenContact {
    id: i64,
    name: String,
    title: &'static str,
    email: String,
    phone: String,
    tags: Vec<String>,
    created_at: DateTime<Utc>,
}

struct GenActivity {
    kind: &'static str,
    subject: &'static str,
    body: &'static str,
    contact_id: Option<i64>,
    occurred_at: DateTime<Utc>,
    /// Set for tasks only (their assignee is the account's owner).
    due_on: Option<NaiveDate>,
    done_at: Option<DateTime<Utc>>,
}

/// Web domains handed out in this run: a second "Northwind Analytics"
/// gets `northwind-analytics2.example`, so domains stay unique within a
/// seed (the duplicate warning matches on them).
#[derive(Default)]
struct Domains(HashMap<String, u32>);

impl Domains {
    fn unique(&mut self, slug: String, tld: &str) -> String {
        let n = self.0.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!("{slug}.{tld}")
        } else {
            format!("{slug}{n}.{tld}")
        }
    }
}

struct Generator<'a> {
    rng: &'a mut StdRng,
    owners: &'a [Owner],
    rules: &'a GradeRules,
    now: DateTime<Utc>,
    domains: &'a mut Domains,
}

fn pick<'t, T>(rng: &mut StdRng, items: &'t [T]) -> &'t T {
    &items[rng.gen_range(0..items.len())]
}

const DAY: i64 = 86_400;

impl Generator<'_> {
    fn accounts(mut self, first_account: i64, first_contact: i64, n: u64) -> Vec<GenAccount> {
        (0..n as i64)
            .map(|i| {
                self.account(
                    first_account + i,
                    first_contact + i * CONTACTS_PER_ACCOUNT as i64,
                )
            })
            .collect()
    }

    fn secs(&mut self, lo: i64, hi: i64) -> chrono::Duration {
        chrono::Duration::seconds(self.rng.gen_range(lo..hi))
    }

    fn account(&mut self, id: i64, first_contact: i64) -> GenAccount {
        let rng = &mut *self.rng;
        let owner = *pick(rng, self.owners);
        let industry = pick(rng, INDUSTRIES);
        let chinese = rng.gen_bool(0.2);
        let (name, website, phone, email_local, address);
        if chinese {
            let (city, area) = *pick(rng, CN_CITIES);
            let (brand, brand_py) = *pick(rng, CN_BRANDS);
            let word = pick(rng, industry.zh);
            let suffix = match rng.gen_range(0..100) {
                0..70 => "有限公司",
                70..85 => "股份有限公司",
                _ => "集团有限公司",
            };
            name = format!("{city}{brand}{word}{suffix}");
            website = format!(
                "https://www.{}",
                self.domains.unique(brand_py.to_owned(), "example.cn")
            );
            phone = format!(
                "+86 {area} {} {:04}",
                rng.gen_range(5000..9000),
                rng.gen_range(0..10_000)
            );
            email_local = *pick(rng, &["info", "contact", "sales", "service"]);
            address = format!("{city}市{}{}号", pick(rng, CN_ROADS), rng.gen_range(1..400));
        } else {
            let prefix = pick(rng, EN_PREFIXES);
            let noun = pick(rng, industry.en);
            let suffix = pick(rng, EN_SUFFIXES);
            name = if suffix.is_empty() {
                format!("{prefix} {noun}")
            } else {
                format!("{prefix} {noun} {suffix}")
            };
            let slug = format!("{prefix}-{noun}").to_lowercase().replace(' ', "");
            website = format!("https://www.{}", self.domains.unique(slug, "example"));
            phone = us_phone(rng);
            email_local = *pick(rng, &["info", "hello", "sales", "contact"]);
            let (city, state) = *pick(rng, US_CITIES);
            address = format!(
                "{} {} {}, {city}, {state}",
                rng.gen_range(10..9999),
                pick(rng, EN_STREETS),
                pick(rng, &["St", "Ave", "Blvd", "Rd"]),
            );
        }
        let domain = domain_of(&website);
        let email = if rng.gen_bool(0.6) {
            format!("{email_local}@{domain}")
        } else {
            String::new()
        };
        let lifecycle = match rng.gen_range(0..100) {
            0..10 => Lifecycle::Lead,
            10..50 => Lifecycle::Prospect,
            50..90 => Lifecycle::Customer,
            _ => Lifecycle::Churned,
        };
        // Log-uniform from 100k to ~500M: many small companies, few large.
        let annual_revenue = rng
            .gen_bool(0.85)
            .then(|| (10f64.powf(rng.gen_range(5.0..8.7)) as i64) / 1000 * 1000);
        let mut tags = Vec::new();
        if rng.gen_bool(0.06) {
            tags.push("vip".to_owned());
        }
        if rng.gen_bool(0.08) {
            tags.push("partner".to_owned());
        }
        if rng.gen_bool(if chinese { 0.2 } else { 0.03 }) {
            tags.push("重点".to_owned());
        }
        if rng.gen_bool(0.05) {
            tags.push("trial".to_owned());
        }
        let notes = if rng.gen_bool(0.1) {
            *pick(rng, NOTES)
        } else {
            ""
        };
        let source = *pick(rng, SOURCES);
        let created_at = self.now - self.secs(60 * DAY, 1095 * DAY);
        let mut contacts: Vec<GenContact> = Vec::with_capacity(CONTACTS_PER_ACCOUNT);
        for i in 0..CONTACTS_PER_ACCOUNT as i64 {
            let mut c = self.contact(first_contact + i, chinese, &domain, created_at);
            // Two people of the same name at one company get distinct
            // addresses, as their mail server would insist.
            if !c.email.is_empty() && contacts.iter().any(|o| o.email == c.email) {
                c.email = c.email.replacen('@', &format!("{}@", i + 1), 1);
            }
            contacts.push(c);
        }
        let activities = self.activities(chinese, lifecycle, created_at, &contacts);
        let last_activity_at = activities
            .iter()
            // As the services keep it: logging touches the account, and so
            // does completing a task (setting one does not).
            .filter_map(|a| {
                if a.kind == "task" {
                    a.done_at
                } else {
                    Some(a.occurred_at)
                }
            })
            .max();
        let grade = grading::grade_of(
            self.rules,
            lifecycle.as_str(),
            annual_revenue,
            last_activity_at,
            self.now,
        )
        .as_str();
        GenAccount {
            id,
            name,
            industry: industry.name,
            source,
            website,
            phone,
            email,
            address,
            owner,
            tags,
            lifecycle,
            grade,
            annual_revenue,
            notes,
            last_activity_at,
            created_at,
            contacts,
            activities,
        }
    }

    fn contact(
        &mut self,
        id: i64,
        chinese_account: bool,
        domain: &str,
        account_created: DateTime<Utc>,
    ) -> GenContact {
        let rng = &mut *self.rng;
        let chinese = rng.gen_bool(if chinese_account { 0.85 } else { 0.08 });
        let (name, local, title, phone);
        if chinese {
            let (sur, sur_py) = *pick(rng, CN_SURNAMES);
            let (given, given_py) = *pick(rng, CN_GIVEN);
            name = format!("{sur}{given}");
            local = format!("{given_py}.{sur_py}");
            title = *pick(rng, CN_TITLES);
            phone = cn_mobile(rng);
        } else {
            let first = pick(rng, EN_FIRST);
            let last = pick(rng, EN_LAST);
            name = format!("{first} {last}");
            local = format!("{first}.{last}").to_lowercase();
            title = *pick(rng, EN_TITLES);
            phone = if chinese_account {
                cn_mobile(rng)
            } else {
                us_phone(rng)
            };
        }
        let email = if rng.gen_bool(0.9) {
            format!("{local}@{domain}")
        } else {
            String::new()
        };
        let phone = if rng.gen_bool(0.8) {
            phone
        } else {
            String::new()
        };
        let tags = if rng.gen_bool(0.1) {
            vec![
                if chinese {
                    "决策人"
                } else {
                    "decision-maker"
                }
                .to_owned(),
            ]
        } else {
            Vec::new()
        };
        let created_at = Ord::min(
            account_created + self.secs(0, 30 * DAY),
            self.now - chrono::Duration::days(1),
        );
        GenContact {
            id,
            name,
            title,
            email,
            phone,
            tags,
            created_at,
        }
    }

    /// Ten activities at distinct times within the last two years (after
    /// the account was created; long ago for churned accounts). Tasks are
    /// due a few days after they were set; most past ones are done.
    fn activities(
        &mut self,
        chinese: bool,
        lifecycle: Lifecycle,
        created_at: DateTime<Utc>,
        contacts: &[GenContact],
    ) -> Vec<GenActivity> {
        let start = Ord::max(created_at, self.now - chrono::Duration::days(730));
        let quiet = match lifecycle {
            Lifecycle::Churned => self.secs(200 * DAY, 400 * DAY),
            _ => self.secs(0, 60 * DAY),
        };
        // Leave room for the per-activity second offsets before `now`.
        let end = Ord::max(
            self.now - quiet,
            start + chrono::Duration::seconds(ACTIVITIES_PER_ACCOUNT as i64 * 60),
        );
        let end = Ord::min(end, self.now - chrono::Duration::seconds(60));
        let span = Ord::max((end - start).num_seconds(), 1);
        let mut times: Vec<DateTime<Utc>> = (0..ACTIVITIES_PER_ACCOUNT)
            .map(|_| start + chrono::Duration::seconds(self.rng.gen_range(0..span)))
            .collect();
        times.sort();
        for i in 1..times.len() {
            if times[i] <= times[i - 1] {
                times[i] = times[i - 1] + chrono::Duration::seconds(1);
            }
        }
        let now = self.now;
        let today = now.date_naive();
        times
            .into_iter()
            .map(|at| {
                let rng = &mut *self.rng;
                let (kind, en, zh) = *pick(rng, KINDS);
                let subject = if chinese {
                    *pick(rng, zh)
                } else {
                    *pick(rng, en)
                };
                let body = if rng.gen_bool(0.5) {
                    *pick(rng, if chinese { CN_BODIES } else { EN_BODIES })
                } else {
                    ""
                };
                let contact_id = rng.gen_bool(0.7).then(|| pick(rng, contacts).id);
                let (due_on, done_at) = if kind == "task" {
                    let due = at + chrono::Duration::days(rng.gen_range(1..15));
                    let done = (due.date_naive() < today && rng.gen_bool(0.85)).then(|| {
                        let worked =
                            chrono::Duration::seconds(rng.gen_range(0..(due - at).num_seconds()));
                        Ord::min(at + worked, now)
                    });
                    (Some(due.date_naive()), done)
                } else {
                    (None, None)
                };
                GenActivity {
                    kind,
                    subject,
                    body,
                    contact_id,
                    occurred_at: at,
                    due_on,
                    done_at,
                }
            })
            .collect()
    }
}

fn us_phone(rng: &mut StdRng) -> String {
    format!(
        "+1 ({}) {} {:04}",
        pick(rng, US_AREAS),
        rng.gen_range(200..1000),
        rng.gen_range(0..10_000)
    )
}

fn cn_mobile(rng: &mut StdRng) -> String {
    format!(
        "+86 1{}{} {:04} {:04}",
        rng.gen_range(3..10),
        rng.gen_range(0..10),
        rng.gen_range(0..10_000),
        rng.gen_range(0..10_000)
    )
}

/// An industry with the words its companies are named with.
struct Industry {
    name: &'static str,
    en: &'static [&'static str],
    zh: &'static [&'static str],
}

const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "Technology",
        en: &[
            "Software",
            "Systems",
            "Data",
            "Networks",
            "Analytics",
            "Labs",
        ],
        zh: &["科技", "信息技术", "软件", "网络科技"],
    },
    Industry {
        name: "Manufacturing",
        en: &[
            "Manufacturing",
            "Engineering",
            "Instruments",
            "Materials",
            "Robotics",
        ],
        zh: &["机械", "精密制造", "电子", "新材料"],
    },
    Industry {
        name: "Retail",
        en: &["Retail", "Outfitters", "Stores", "Furniture"],
        zh: &["商贸", "百货", "零售"],
    },
    Industry {
        name: "Healthcare",
        en: &["Health", "Pharma", "Medical", "Biotech"],
        zh: &["医疗器械", "生物科技", "医药"],
    },
    Industry {
        name: "Finance",
        en: &["Capital", "Insurance", "Financial"],
        zh: &["投资", "融资租赁", "保险代理"],
    },
    Industry {
        name: "Education",
        en: &["Learning", "Academy", "Education"],
        zh: &["教育科技", "培训", "文化教育"],
    },
    Industry {
        name: "Logistics",
        en: &["Logistics", "Freight", "Shipping"],
        zh: &["物流", "供应链", "货运"],
    },
    Industry {
        name: "Energy",
        en: &["Energy", "Solar", "Power"],
        zh: &["新能源", "光伏", "电力"],
    },
    Industry {
        name: "Media",
        en: &["Media", "Studios", "Printing", "Design"],
        zh: &["文化传媒", "广告", "影视"],
    },
    Industry {
        name: "Construction",
        en: &["Construction", "Builders", "Realty"],
        zh: &["建设工程", "建材", "装饰工程"],
    },
    Industry {
        name: "Hospitality",
        en: &["Hospitality", "Hotels", "Foods"],
        zh: &["酒店管理", "餐饮", "食品"],
    },
    Industry {
        name: "Agriculture",
        en: &["Farms", "Agritech", "Seeds"],
        zh: &["农业科技", "生态农业", "种业"],
    },
];

const SOURCES: &[&str] = &[
    "Referral",
    "Web form",
    "Trade show",
    "Cold call",
    "Partner",
    "Webinar",
    "Advertising",
];

const EN_PREFIXES: &[&str] = &[
    "Northwind",
    "Blue Harbor",
    "Summit",
    "Silverline",
    "Redwood",
    "Ironbridge",
    "Lakeside",
    "Brightpath",
    "Evergreen",
    "Granite",
    "Harbor Point",
    "Keystone",
    "Lighthouse",
    "Maple",
    "Meridian",
    "Oakridge",
    "Pinnacle",
    "Riverbend",
    "Sapphire",
    "Stonegate",
    "Sunrise",
    "Tidewater",
    "Trailhead",
    "Westfield",
    "Windmill",
    "Aurora",
    "Beacon",
    "Cascade",
    "Clearwater",
    "Copper",
    "Crescent",
    "Falcon",
    "Fairview",
    "Highland",
    "Horizon",
    "Juniper",
    "Liberty",
    "Magnolia",
    "Northstar",
    "Orchard",
    "Pioneer",
    "Quarry",
    "Ridgeline",
    "Sterling",
    "Timber",
    "Union",
    "Vanguard",
    "Willow",
    "Atlas",
    "Bluebird",
    "Cedar",
    "Driftwood",
    "Emerald",
    "Foxglove",
    "Golden Gate",
    "Hawthorne",
    "Ivy",
    "Kingfisher",
    "Lantern",
    "Mosaic",
];

const EN_SUFFIXES: &[&str] = &[
    "Ltd", "Inc.", "LLC", "GmbH", "Group", "Corp.", "Co.", "", "", "Ltd", "Inc.",
];

const EN_FIRST: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Matthew",
    "Nancy",
    "Anthony",
    "Lisa",
    "Mark",
    "Emily",
    "Steven",
    "Olivia",
    "Andrew",
    "Sophia",
    "Joshua",
    "Emma",
    "Kevin",
    "Grace",
    "Brian",
    "Chloe",
    "Ethan",
    "Hannah",
    "Lucas",
    "Maria",
    "Noah",
    "Zoe",
];

const EN_LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Fuller",
];

const EN_TITLES: &[&str] = &[
    "CEO",
    "CTO",
    "CFO",
    "VP Sales",
    "Head of Purchasing",
    "Procurement Manager",
    "IT Director",
    "Operations Manager",
    "Marketing Lead",
    "Office Manager",
    "Project Manager",
    "Engineer",
];

const EN_STREETS: &[&str] = &[
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Market",
    "Mission",
    "Harbor",
    "Broadway",
];

const US_CITIES: &[(&str, &str)] = &[
    ("Seattle", "WA"),
    ("New York", "NY"),
    ("Los Angeles", "CA"),
    ("Denver", "CO"),
    ("Miami", "FL"),
    ("Chicago", "IL"),
    ("San Francisco", "CA"),
    ("Portland", "OR"),
    ("Austin", "TX"),
    ("Boston", "MA"),
    ("Las Vegas", "NV"),
    ("Houston", "TX"),
    ("Salt Lake City", "UT"),
    ("San Diego", "CA"),
    ("Raleigh", "NC"),
    ("Dallas", "TX"),
];

const US_AREAS: &[&str] = &[
    "206", "212", "213", "303", "305", "312", "415", "425", "503", "512", "617", "646", "650",
    "702", "713", "718", "801", "858", "919", "972",
];

/// (city, telephone area code).
const CN_CITIES: &[(&str, &str)] = &[
    ("北京", "10"),
    ("上海", "21"),
    ("广州", "20"),
    ("深圳", "755"),
    ("杭州", "571"),
    ("南京", "25"),
    ("苏州", "512"),
    ("成都", "28"),
    ("武汉", "27"),
    ("西安", "29"),
    ("重庆", "23"),
    ("天津", "22"),
    ("厦门", "592"),
    ("青岛", "532"),
    ("长沙", "731"),
    ("合肥", "551"),
    ("宁波", "574"),
    ("郑州", "371"),
    ("济南", "531"),
    ("大连", "411"),
];

/// (trade name, its pinyin for the web domain).
const CN_BRANDS: &[(&str, &str)] = &[
    ("云帆", "yunfan"),
    ("星河", "xinghe"),
    ("青禾", "qinghe"),
    ("云杉", "yunshan"),
    ("华信", "huaxin"),
    ("恒通", "hengtong"),
    ("联创", "lianchuang"),
    ("博远", "boyuan"),
    ("智联", "zhilian"),
    ("盛达", "shengda"),
    ("金桥", "jinqiao"),
    ("天成", "tiancheng"),
    ("鼎新", "dingxin"),
    ("汇通", "huitong"),
    ("中科", "zhongke"),
    ("瑞丰", "ruifeng"),
    ("海纳", "haina"),
    ("新锐", "xinrui"),
    ("宏图", "hongtu"),
    ("远航", "yuanhang"),
    ("长风", "changfeng"),
    ("明德", "mingde"),
    ("嘉禾", "jiahe"),
    ("锦程", "jincheng"),
    ("东方", "dongfang"),
    ("南山", "nanshan"),
    ("北辰", "beichen"),
    ("同创", "tongchuang"),
    ("卓越", "zhuoyue"),
    ("泰和", "taihe"),
    ("安信", "anxin"),
    ("润泽", "runze"),
    ("启明", "qiming"),
    ("凯瑞", "kairui"),
    ("华美", "huamei"),
    ("万象", "wanxiang"),
    ("鸿运", "hongyun"),
    ("光华", "guanghua"),
    ("永信", "yongxin"),
    ("易达", "yida"),
];

const CN_ROADS: &[&str] = &[
    "文三路",
    "中山路",
    "人民路",
    "建设路",
    "解放路",
    "科技园路",
    "长江路",
    "南京路",
    "学院路",
    "高新大道",
];

/// (surname, pinyin).
const CN_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
];

/// (given name, pinyin).
const CN_GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("军", "jun"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("雪梅", "xuemei"),
    ("文博", "wenbo"),
    ("子涵", "zihan"),
    ("思远", "siyuan"),
    ("佳怡", "jiayi"),
    ("浩然", "haoran"),
    ("欣怡", "xinyi"),
    ("宇轩", "yuxuan"),
    ("梓萱", "zixuan"),
];

const CN_TITLES: &[&str] = &[
    "总经理",
    "技术总监",
    "采购经理",
    "财务总监",
    "销售总监",
    "运营经理",
    "项目经理",
    "工程师",
    "市场经理",
    "行政主管",
];

/// (kind, English subjects, Chinese subjects), weighted by repetition.
type Kind = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const CALLS: Kind = (
    "call",
    &[
        "Intro call",
        "Quarterly check-in",
        "Pricing discussion",
        "Support escalation follow-up",
        "Renewal call",
    ],
    &["电话回访", "需求沟通电话", "报价沟通", "续约电话"],
);
const EMAILS: Kind = (
    "email",
    &[
        "Sent the product overview",
        "Sent the proposal",
        "Answered the security questionnaire",
        "Shared the case study",
    ],
    &["发送产品介绍", "发送报价单", "发送合同草案"],
);
const MEETINGS: Kind = (
    "meeting",
    &[
        "Requirements workshop",
        "Product demo",
        "On-site visit",
        "Executive briefing",
        "Contract negotiation",
    ],
    &["需求研讨会", "产品演示", "上门拜访", "高层会谈"],
);
const NOTES_KIND: Kind = (
    "note",
    &[
        "Budget approved for next quarter",
        "Competitor is also bidding",
        "Decision expected next month",
        "Prefers video calls",
    ],
    &["预算已批准", "竞争对手也在投标", "下月决策", "倾向微信沟通"],
);
const TASKS: Kind = (
    "task",
    &[
        "Send the renewal quote",
        "Follow up on the proposal",
        "Prepare the contract",
        "Book the next review",
    ],
    &["发送续约报价", "跟进方案", "准备合同", "安排下次回顾"],
);

/// Calls and emails 30% each, meetings, notes and tasks ~13% each.
const KINDS: &[Kind] = &[
    CALLS, CALLS, CALLS, CALLS, EMAILS, EMAILS, EMAILS, EMAILS, MEETINGS, MEETINGS, NOTES_KIND,
    NOTES_KIND, TASKS, TASKS,
];

const EN_BODIES: &[&str] = &[
    "Walked through the roadmap; they want a follow-up with their IT team.",
    "Asked for a discount on a three-year term.",
    "Happy with support response times this quarter.",
    "Waiting on legal review before signing.",
    "Interested in the analytics add-on.",
];

const CN_BODIES: &[&str] = &[
    "客户希望下周安排技术交流。",
    "对三年期合同的折扣有兴趣。",
    "本季度对售后服务满意。",
    "合同在法务审核中。",
    "对数据分析模块感兴趣。",
];

const NOTES: &[&str] = &[
    "Prefers email over phone.",
    "Fiscal year ends in March.",
    "Reference customer for the healthcare vertical.",
    "需要开具增值税专用发票。",
];
