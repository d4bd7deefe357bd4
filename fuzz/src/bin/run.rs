//! The stable stand-in for `cargo fuzz run`: for a bounded time per
//! target, runs the seed corpus and then mutations of it (a seeded
//! generator, printed, so a run reproduces) through the same bodies as
//! the libFuzzer targets. A panic writes the input to
//! `fuzz/artifacts/<target>/` and ends the run with status 1; an abort
//! (a failed allocation, a stack overflow) leaves its input there as
//! `last-input`. The slowest input of a run is kept as `slowest-input`.
//!
//! ```text
//! run [--seconds N] [--seed N] [--target csv|xlsx|mspdi|schedule]...
//! run --corpus DIR                 write the seeds to DIR/<target>/
//! run --reproduce TARGET FILE      run one input
//! ```

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cairn_fuzz::mutate::mutate;
use cairn_fuzz::seeds::{seeds, workbooks, zip_parts};
use cairn_fuzz::{Target, seeds as seed_files};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Panics seen, including those a reader catches itself (calamine's, in
/// `read_xlsx`): the hook keeps the last message instead of printing
/// every caught one.
static PANICS: AtomicU64 = AtomicU64::new(0);
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

const DEFAULT_SEED: u64 = 0xCA12_2026;

/// The stack of a tokio worker thread, where the server runs the readers.
const STACK: usize = 2 << 20;

struct Args {
    seconds: u64,
    seed: u64,
    targets: Vec<Target>,
    corpus: Option<PathBuf>,
    reproduce: Option<(Target, PathBuf)>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 20,
        seed: DEFAULT_SEED,
        targets: Vec::new(),
        corpus: None,
        reproduce: None,
    };
    let mut it = std::env::args().skip(1);
    let target = |name: Option<String>| {
        let name = name.ok_or("a target name is missing")?;
        Target::from_name(&name).ok_or(format!("no target is named {name}"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                args.seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seconds takes a whole number")?;
            }
            "--seed" => {
                let s = it.next().ok_or("--seed takes a number")?;
                args.seed = match s.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => s.parse(),
                }
                .map_err(|_| "--seed takes a number (decimal or 0x…)")?;
            }
            "--target" => args.targets.push(target(it.next())?),
            "--corpus" => args.corpus = Some(it.next().ok_or("--corpus takes a folder")?.into()),
            "--reproduce" => {
                let t = target(it.next())?;
                let file = it.next().ok_or("--reproduce takes a target and a file")?;
                args.reproduce = Some((t, file.into()));
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.targets.is_empty() {
        args.targets = Target::ALL.to_vec();
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("run: {e}");
            return ExitCode::from(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::Relaxed);
        let trace = std::backtrace::Backtrace::capture();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{info}\n{trace}");
        }
    }));
    std::thread::Builder::new()
        .name("fuzz".into())
        .stack_size(STACK)
        .spawn(move || run(&args))
        .expect("a thread can be started")
        .join()
        .unwrap_or(ExitCode::FAILURE)
}

fn run(args: &Args) -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Some((target, file)) = &args.reproduce {
        let data = match std::fs::read(file) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                return ExitCode::from(2);
            }
        };
        return match catch_unwind(AssertUnwindSafe(|| target.run(&data))) {
            Ok(outcome) => {
                println!("{outcome}");
                ExitCode::SUCCESS
            }
            Err(_) => {
                if let Ok(last) = LAST_PANIC.lock() {
                    eprintln!("{last}");
                }
                ExitCode::FAILURE
            }
        };
    }
    if let Some(dir) = &args.corpus {
        return write_corpus(&root, dir, &args.targets);
    }
    println!(
        "seed {:#x} ({} s per target; reproduce with --seed {:#x})",
        args.seed, args.seconds, args.seed
    );
    for &target in &args.targets {
        match fuzz(&root, target, args) {
            Ok(()) => {}
            Err(code) => return code,
        }
    }
    ExitCode::SUCCESS
}

fn write_corpus(root: &Path, dir: &Path, targets: &[Target]) -> ExitCode {
    for &target in targets {
        let files = match seed_files::seeds(target, root) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("seeds of {}: {e}", target.name());
                return ExitCode::from(2);
            }
        };
        let out = dir.join(target.name());
        if let Err(e) = std::fs::create_dir_all(&out) {
            eprintln!("{}: {e}", out.display());
            return ExitCode::from(2);
        }
        for (name, bytes) in files {
            if let Err(e) = std::fs::write(out.join(&name), bytes) {
                eprintln!("{name}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    // The server-function target has no stable body here (its stable
    // counterpart is the server's `arguments_fuzz` test); its seeds are
    // written with the others for libFuzzer.
    let out = dir.join("arguments");
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::from(2);
    }
    for (name, bytes) in cairn_fuzz::argument_seeds::seeds() {
        if let Err(e) = std::fs::write(out.join(&name), bytes) {
            eprintln!("{name}: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn fuzz(root: &Path, target: Target, args: &Args) -> Result<(), ExitCode> {
    let corpus = seeds(target, root).map_err(|e| {
        eprintln!("seeds of {}: {e}", target.name());
        ExitCode::from(2)
    })?;
    // Workbooks are also mutated inside: one part's XML, zipped again.
    let parts = match target {
        Target::Xlsx => workbooks(&seeds(Target::Csv, root).unwrap_or_default()),
        _ => Vec::new(),
    };
    let bodies: Vec<&[u8]> = corpus.iter().map(|(_, b)| b.as_slice()).collect();
    // Each target its own stream, so one target's run does not shift another's.
    let index = Target::ALL.iter().position(|&t| t == target).unwrap_or(0) as u64;
    let mut rng = StdRng::seed_from_u64(args.seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let started = Instant::now();
    let budget = Duration::from_secs(args.seconds);
    let mut outcomes = BTreeMap::<String, u64>::new();
    let mut runs = 0u64;
    let mut slowest = (Duration::ZERO, 0usize);
    let xml = matches!(target, Target::Mspdi);
    let panics_before = PANICS.load(Ordering::Relaxed);
    let artifacts = root.join("fuzz/artifacts").join(target.name());
    if let Err(e) = std::fs::create_dir_all(&artifacts) {
        eprintln!("{}: {e}", artifacts.display());
        return Err(ExitCode::from(2));
    }
    let last = artifacts.join("last-input");
    let mut slowest_input = Vec::new();
    loop {
        let input = if (runs as usize) < corpus.len() {
            corpus[runs as usize].1.clone()
        } else if started.elapsed() >= budget {
            break;
        } else if !parts.is_empty() && rng.gen_bool(0.5) {
            let (_, book) = &parts[rng.gen_range(0..parts.len())];
            let mut book = book.clone();
            let k = rng.gen_range(0..book.len());
            let others: Vec<&[u8]> = Vec::new();
            book[k].1 = mutate(&mut rng, &book[k].1, &others, true);
            zip_parts(&book)
        } else {
            let seed = bodies[rng.gen_range(0..bodies.len())];
            mutate(&mut rng, seed, &bodies, xml)
        };
        // An abort (a failed allocation, a stack overflow) cannot be
        // caught: the input it died on is left here.
        let _ = std::fs::write(&last, &input);
        let one = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| target.run(&input)));
        let took = one.elapsed();
        if took > slowest.0 {
            slowest = (took, input.len());
            slowest_input.clone_from(&input);
        }
        runs += 1;
        match result {
            Ok(outcome) => *outcomes.entry(outcome).or_default() += 1,
            Err(_) => {
                let path = save(root, target, &input);
                if let Ok(last) = LAST_PANIC.lock() {
                    eprintln!("{last}");
                }
                eprintln!(
                    "{}: PANIC on input {runs} ({} bytes), saved to {}\n\
                     reproduce: cargo run --release --manifest-path fuzz/Cargo.toml --bin run -- --reproduce {} {}",
                    target.name(),
                    input.len(),
                    path.display(),
                    target.name(),
                    path.display(),
                );
                return Err(ExitCode::FAILURE);
            }
        }
    }
    let _ = std::fs::remove_file(&last);
    // Kept for a look at what is slow (libFuzzer's slow-unit files).
    let _ = std::fs::write(artifacts.join("slowest-input"), &slowest_input);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}: {runs} inputs in {seconds:.1} s ({} seeds, {:.0}/s), slowest {:.0} ms ({} bytes), {} distinct outcomes:",
        target.name(),
        corpus.len(),
        runs as f64 / seconds,
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1,
        outcomes.len()
    );
    let caught = PANICS.load(Ordering::Relaxed) - panics_before;
    if caught > 0 {
        println!("  ({caught} panics inside a dependency, caught by the reader and refused)");
    }
    let mut by_count: Vec<_> = outcomes.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (outcome, n) in by_count.iter().take(15) {
        println!("  {n:>8}  {outcome}");
    }
    if by_count.len() > 15 {
        println!("  … and {} more", by_count.len() - 15);
    }
    Ok(())
}

/// Writes a panicking input as cargo-fuzz would (`crash-<hash>`).
fn save(root: &Path, target: Target, input: &[u8]) -> PathBuf {
    let dir = root.join("fuzz/artifacts").join(target.name());
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("crash-{hash:016x}"));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, input)) {
        eprintln!("{}: {e}", path.display());
    }
    path
}
