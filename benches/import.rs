//! Import speed against issue 7's budgets, on SQLite: the 8,800 deals of
//! the CRM sample (`sales_pipeline.csv`), dry run + commit, under 1 s; and
//! 100,000 generated contacts, dry run + commit, under 10 s with flat
//! memory: the same import of a quarter as many contacts (in a store of
//! its own) must take the same working memory, give or take
//! [`FLAT_BYTES_PER_ROW`] bytes a row.
//!
//! ```sh
//! cargo bench --features ssr --bench import
//! ```
//!
//! `CAIRN_BENCH_CONTACTS` changes the number of contacts (100000). Every
//! fiftieth contact shares the email of the one before: the dry run must
//! propose those groups (and, names differing only by their number, no
//! others).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cairn::domain::import::{Decisions, Field, Kind, Mapping, ReadOptions, Table, read_csv};
use cairn::domain::{Actor, Role};
use cairn::store::Store;
use cairn::store::import;

/// The Rust heap, counted exactly: bytes live now and the most live since
/// the last [`Counting::reset_peak`]. SQLite allocates with the C
/// allocator, so its page cache is not in these figures (it is in the
/// anonymous resident size, [`anon_mib`]).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static HEAP: Counting = Counting;

impl Counting {
    fn live_mib() -> f64 {
        LIVE.load(Ordering::Relaxed) as f64 / 1_048_576.0
    }

    /// Starts a phase: its peak is measured from what is live now.
    fn reset_peak() {
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn peak_mib() -> f64 {
        PEAK.load(Ordering::Relaxed) as f64 / 1_048_576.0
    }
}

// SQLite is linked in (bundled); its own allocator statistics say how
// much of the anonymous resident size is its page cache and statements.
unsafe extern "C" {
    fn sqlite3_memory_used() -> i64;
    fn sqlite3_memory_highwater(reset: i32) -> i64;
}

/// SQLite's heap, MiB: `(now, highest since the last call)`; the
/// highest is reset to now.
fn sqlite_mib() -> (f64, f64) {
    // SAFETY: both only read (and reset) SQLite's memory counters, which
    // are safe to call from any thread at any time.
    let (now, high) = unsafe { (sqlite3_memory_used(), sqlite3_memory_highwater(1)) };
    (now as f64 / 1_048_576.0, high as f64 / 1_048_576.0)
}

const DEALS_BUDGET: Duration = Duration::from_secs(1);
const CONTACTS_BUDGET: Duration = Duration::from_secs(10);

fn testdata(relative: &str) -> Vec<u8> {
    let path = format!(
        "{}/../shared/testdata/{relative}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("test data {path} is missing ({e})"))
}

fn mapping(name: &str) -> Mapping {
    let path = format!(
        "{}/tests/data/import/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("mapping")).expect("json")
}

/// Peak and current resident memory of this process, in MiB (Linux).
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Anonymous resident memory (the heap, not the database file's pages
/// that SQLite's mmap makes resident, which VmHWM counts too), in MiB.
fn anon_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("RssAnon:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// The highest [`anon_mib`] seen while it runs, sampled every 10 ms.
struct AnonPeak {
    peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl AnonPeak {
    fn start() -> AnonPeak {
        use std::sync::atomic::Ordering;
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(anon_mib()));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, s) = (peak.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(anon_mib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        AnonPeak { peak, stop }
    }

    fn stop(self) -> u64 {
        use std::sync::atomic::Ordering;
        self.stop.store(true, Ordering::Relaxed);
        self.peak.load(Ordering::Relaxed).max(anon_mib())
    }
}

async fn import_all(
    store: &Store,
    admin: &Actor,
    kind: Kind,
    table: &Table,
    m: &Mapping,
) -> Outcome {
    let d = Decisions::default();
    Counting::reset_peak();
    sqlite_mib();
    let sampler = AnonPeak::start();
    let started = Instant::now();
    let dry = import::dry_run(store, admin, kind, table, m, &d)
        .await
        .expect("dry run");
    let dry_time = started.elapsed();
    let dry_peak = sampler.stop();
    let dry_heap = Counting::peak_mib();
    let dry_sqlite = sqlite_mib().1;
    assert_eq!(
        dry.counts.error,
        0,
        "{:?}",
        &dry.errors[..dry.errors.len().min(3)]
    );
    let groups = dry.duplicates.len();
    drop(dry);
    let between = anon_mib();
    let between_heap = Counting::live_mib();
    Counting::reset_peak();
    sqlite_mib();
    let sampler = AnonPeak::start();
    let started = Instant::now();
    let done = import::commit(store, admin, kind, "bench.csv", table, m, &d)
        .await
        .expect("commit");
    let commit_time = started.elapsed();
    Outcome {
        dry: dry_time,
        commit: commit_time,
        created: done.counts.create,
        groups,
        dry_peak,
        between,
        commit_peak: sampler.stop(),
        dry_heap,
        between_heap,
        commit_heap: Counting::peak_mib(),
        dry_sqlite,
        commit_sqlite: sqlite_mib().1,
    }
}

/// Times and heap peaks (MiB, anonymous resident) of one dry run + commit.
struct Outcome {
    dry: Duration,
    commit: Duration,
    created: u64,
    groups: usize,
    dry_peak: u64,
    between: u64,
    commit_peak: u64,
    /// The Rust heap (exact, MiB): dry run peak, live after it, commit peak.
    dry_heap: f64,
    between_heap: f64,
    commit_heap: f64,
    /// SQLite's own heap (MiB), highest during the dry run, the commit.
    dry_sqlite: f64,
    commit_sqlite: f64,
}

fn contacts_file(n: usize) -> Table {
    let mut text = String::with_capacity(n * 80);
    text.push_str("name,email,phone,account\n");
    let accounts = [
        "Acme Corporation",
        "Betatech",
        "Cancity",
        "Codehow",
        "Isdom",
    ];
    const FIRST: [&str; 8] = ["Ann", "Bo", "Chen", "Dana", "Eli", "Fei", "Gus", "Hua"];
    const LAST: [&str; 8] = [
        "Lee", "Wang", "Smith", "Garcia", "Liu", "Khan", "Brown", "Zhao",
    ];
    for i in 0..n {
        // Every fiftieth person is the one before under another name
        // (same email): real duplicates for the dry run to find.
        let email = if i % 50 == 49 { i - 1 } else { i };
        text.push_str(&format!(
            "{} {} {i},person{email}@example.com,+1 312 {:03} {:04},{}\n",
            FIRST[i % 8],
            LAST[(i / 8) % 8],
            (i / 10_000) % 1000,
            i % 10_000,
            accounts[i % accounts.len()]
        ));
    }
    read_csv(text.as_bytes(), &ReadOptions::default()).expect("contacts")
}

/// A store with the CRM sample's users and accounts imported (contacts
/// name those accounts). The directory must outlive the store.
async fn setup() -> (tempfile::TempDir, Store, cairn::domain::Actor) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&Store::sqlite_url_in(dir.path()).expect("url"))
        .await
        .expect("open");
    cairn::store::users::create_as_operator(
        &store,
        cairn::domain::user::NewUser {
            username: "admin".into(),
            display_name: "Admin".into(),
            email: "admin@example.com".into(),
            role: Role::Admin,
            team_id: None,
            password: "a long enough passphrase".into(),
        },
    )
    .await
    .expect("admin");
    let admin = cairn::store::users::operator_actor(&store, None)
        .await
        .expect("actor");
    for (file, kind, m) in [
        ("crm/sales_teams.csv", Kind::Users, "sales_teams"),
        ("crm/accounts.csv", Kind::Accounts, "accounts"),
    ] {
        let t = read_csv(&testdata(file), &ReadOptions::default()).expect("read");
        let mut d = Decisions::default();
        let dry = import::dry_run(&store, &admin, kind, &t, &mapping(m), &d)
            .await
            .expect("dry");
        d.groups = dry
            .duplicates
            .iter()
            .map(|g| cairn::domain::import::GroupChoice {
                key: g.key,
                choice: cairn::domain::import::Choice::Create,
            })
            .collect();
        import::commit(&store, &admin, kind, file, &t, &mapping(m), &d)
            .await
            .expect("setup import");
    }
    (dir, store, admin)
}

/// One import of `n` generated contacts, with the memory around it.
struct ContactsRun {
    n: usize,
    outcome: Outcome,
    anon_no_file: u64,
    anon_before: u64,
    heap_no_file: f64,
    heap_before: f64,
    peak_before: u64,
    peak_after: u64,
    rss_after: u64,
}

impl ContactsRun {
    /// The Rust heap over the file, MiB: dry run peak, commit peak.
    fn working(&self) -> (f64, f64) {
        (
            self.outcome.dry_heap - self.heap_before,
            self.outcome.commit_heap - self.heap_before,
        )
    }
}

async fn contacts_run(store: &Store, admin: &cairn::domain::Actor, n: usize) -> ContactsRun {
    let anon_no_file = anon_mib();
    let heap_no_file = Counting::live_mib();
    let contacts = contacts_file(n);
    let mut m = Mapping::suggested(Kind::Contacts, &contacts.headers);
    m.columns[3].field = Some(Field::Account);
    let (peak_before, _) = memory();
    let anon_before = anon_mib();
    let heap_before = Counting::live_mib();
    let outcome = import_all(store, admin, Kind::Contacts, &contacts, &m).await;
    let (peak_after, rss_after) = memory();
    assert_eq!(
        outcome.groups,
        n / 50,
        "one group per shared email, none from names that differ by a number"
    );
    ContactsRun {
        n,
        outcome,
        anon_no_file,
        anon_before,
        heap_no_file,
        heap_before,
        peak_before,
        peak_after,
        rss_after,
    }
}

/// Working memory may grow by this much a row and still count as flat:
/// the plan's index of valid rows and the duplicate finder's union-find
/// take four bytes a row each; everything else is a fixed budget.
const FLAT_BYTES_PER_ROW: f64 = 16.0;

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("CAIRN_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let (_dir, store, admin) = setup().await;
    let deals =
        read_csv(&testdata("crm/sales_pipeline.csv"), &ReadOptions::default()).expect("deals");
    let d = import_all(
        &store,
        &admin,
        Kind::Deals,
        &deals,
        &mapping("sales_pipeline"),
    )
    .await;
    let deals_total = d.dry + d.commit;

    // A quarter of the file first, in a store of its own, to see whether
    // working memory grows with the rows.
    let quarter = {
        let (_dir, store, admin) = setup().await;
        contacts_run(&store, &admin, n / 4).await
    };
    let full = contacts_run(&store, &admin, n).await;
    let c = &full.outcome;
    let contacts_total = c.dry + c.commit;

    println!();
    println!("operation                  rows     dry run    commit     total   budget  result");
    let line = |op: &str, o: &Outcome, t: Duration, b: Duration| {
        println!(
            "{op:<22} {:>8} {:>9.0}ms {:>7.0}ms {:>7.0}ms {:>6.0}s  {}",
            o.created,
            o.dry.as_secs_f64() * 1e3,
            o.commit.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e3,
            b.as_secs_f64(),
            if t < b { "PASS" } else { "FAIL" }
        )
    };
    line("deals (sqlite)", &d, deals_total, DEALS_BUDGET);
    line("contacts (sqlite)", c, contacts_total, CONTACTS_BUDGET);
    println!(
        "contacts: {} duplicate groups proposed by the dry run",
        c.groups
    );
    println!(
        "memory: peak {} MiB before the contacts, {} MiB after (resident now {} MiB)",
        full.peak_before, full.peak_after, full.rss_after
    );
    println!(
        "heap (anonymous resident, MiB): {} before the file was read, {} with the file read; \
         dry run peak {} (+{}), {} between, commit peak {} (+{})",
        full.anon_no_file,
        full.anon_before,
        c.dry_peak,
        c.dry_peak.saturating_sub(full.anon_before),
        c.between,
        c.commit_peak,
        c.commit_peak.saturating_sub(full.anon_before),
    );
    println!(
        "rust heap (exact, MiB): {:.1} before the file was read, {:.1} with the file read \
         (+{:.1}); dry run peak {:.1}, {:.1} between, commit peak {:.1}",
        full.heap_no_file,
        full.heap_before,
        full.heap_before - full.heap_no_file,
        c.dry_heap,
        c.between_heap,
        c.commit_heap,
    );
    let (q_dry, q_commit) = quarter.working();
    let (f_dry, f_commit) = full.working();
    let grown =
        |small: f64, large: f64| (large - small) * 1_048_576.0 / (full.n - quarter.n).max(1) as f64;
    let (dry_growth, commit_growth) = (grown(q_dry, f_dry), grown(q_commit, f_commit));
    let flat = dry_growth <= FLAT_BYTES_PER_ROW && commit_growth <= FLAT_BYTES_PER_ROW;
    println!(
        "working memory over the file (rust heap, MiB): {} rows: dry run +{q_dry:.1}, commit +{q_commit:.1}; \
         {} rows: dry run +{f_dry:.1}, commit +{f_commit:.1}; growth {dry_growth:.1} / {commit_growth:.1} B a row \
         (flat: at most {FLAT_BYTES_PER_ROW} B)  {}",
        quarter.n,
        full.n,
        if flat { "PASS" } else { "FAIL" }
    );
    println!(
        "sqlite heap (its own count, MiB): dry run peak {:.1}, commit peak {:.1} (page caches are bounded: cache_size)",
        c.dry_sqlite, c.commit_sqlite
    );
    if deals_total >= DEALS_BUDGET || contacts_total >= CONTACTS_BUDGET || !flat {
        std::process::exit(1);
    }
}
