//! Import speed against issue 7's budgets, on SQLite: the 8,800 deals of
//! the CRM sample (`sales_pipeline.csv`), dry run + commit, under 1 s; and
//! 100,000 generated contacts, dry run + commit, under 10 s with memory
//! that does not grow with the rows written (inserts go in batches; the
//! peak resident size is printed before and after).
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

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("CAIRN_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
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

    let anon_no_file = anon_mib();
    let heap_no_file = Counting::live_mib();
    let contacts = contacts_file(n);
    let mut m = Mapping::suggested(Kind::Contacts, &contacts.headers);
    m.columns[3].field = Some(Field::Account);
    let (peak_before, _) = memory();
    let anon_before = anon_mib();
    let heap_before = Counting::live_mib();
    let c = import_all(&store, &admin, Kind::Contacts, &contacts, &m).await;
    let (peak_after, rss_after) = memory();
    let contacts_total = c.dry + c.commit;
    assert_eq!(
        c.groups,
        n / 50,
        "one group per shared email, none from names that differ by a number"
    );

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
    line("contacts (sqlite)", &c, contacts_total, CONTACTS_BUDGET);
    println!(
        "contacts: {} duplicate groups proposed by the dry run",
        c.groups
    );
    println!(
        "memory: peak {peak_before} MiB before the contacts, {peak_after} MiB after (resident now {rss_after} MiB)"
    );
    println!(
        "heap (anonymous resident, MiB): {anon_no_file} before the file was read, {anon_before} with the file read; \
         dry run peak {} (+{}), {} between, commit peak {} (+{})",
        c.dry_peak,
        c.dry_peak.saturating_sub(anon_before),
        c.between,
        c.commit_peak,
        c.commit_peak.saturating_sub(anon_before),
    );
    println!(
        "rust heap (exact, MiB): {heap_no_file:.1} before the file was read, {heap_before:.1} with the file read \
         (+{:.1}); dry run peak {:.1} (+{:.1}), {:.1} between, commit peak {:.1} (+{:.1}); \
         working memory over the file: dry run {:.0} B/row, commit {:.0} B/row",
        heap_before - heap_no_file,
        c.dry_heap,
        c.dry_heap - heap_before,
        c.between_heap,
        c.commit_heap,
        c.commit_heap - heap_before,
        (c.dry_heap - heap_before) * 1_048_576.0 / n as f64,
        (c.commit_heap - heap_before) * 1_048_576.0 / n as f64,
    );
    println!(
        "sqlite heap (its own count, MiB): dry run peak {:.1}, commit peak {:.1} (page caches are bounded: cache_size)",
        c.dry_sqlite, c.commit_sqlite
    );
    if deals_total >= DEALS_BUDGET || contacts_total >= CONTACTS_BUDGET {
        std::process::exit(1);
    }
}
