//! The MSPDI reader and the import's planning never panic, whatever the
//! file: truncated at many points, bytes flipped, values replaced by
//! hostile ones, elements removed or repeated. A deterministic stand-in
//! for a fuzzer (a fixed seed, so a failure names the mutation and
//! reproduces), quick enough for every test run. The store's import of
//! mutated files is checked in `project_interchange.rs`.

#![cfg(not(target_arch = "wasm32"))]

use std::panic::{AssertUnwindSafe, catch_unwind};

use cairn::domain::project::interchange::read::{self, Candidate};
use cairn::domain::project::interchange::{ImportOptions, write};
use cairn::domain::schedule::mspdi::Document;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/testdata/mspdi/");
const ROLLOUT: &str = include_str!("data/mspdi/rollout.xml");

fn files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["sample.xml", "mspdirelations.xml"]
        .iter()
        .map(|f| {
            let path = format!("{SHARED}{f}");
            let xml = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("the shared test data must be present at {path}: {e}"));
            (f.to_string(), xml)
        })
        .collect();
    out.push(("rollout.xml".into(), ROLLOUT.into()));
    out
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HOSTILE: &[&str] = &[
    "",
    "-1",
    "0",
    "-65535",
    "99999999999999999999",
    "9223372036854775807",
    "NaN",
    "inf",
    "1e308",
    "-PT8H0M0S",
    "PT9999999999H0M0S",
    "P99999999D",
    "PT.H",
    "2003-02-30T08:00:00",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
    "1850-01-01T00:00:00",
    "24:00:00",
    "25:61:00",
    "&amp;&lt;",
    "<![CDATA[x]]>",
    "&#0;",
    "&#x110000;",
    "&undefined;",
    "<X>",
];

const BYTES: &[u8] = b"<>&/;\"'0-9 \n\0";

/// Char boundary at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(xml: &str, rng: &mut Rng) -> (String, String) {
    if xml.is_empty() || !xml.contains("</") || !xml.contains("<Task>") {
        return ("unchanged".into(), xml.to_owned());
    }
    match rng.below(5) {
        0 => {
            let at = floor(xml, rng.below(xml.len()));
            (format!("truncated at {at}"), xml[..at].to_owned())
        }
        1 => {
            let at = floor(xml, rng.below(xml.len()));
            let b = BYTES[rng.below(BYTES.len())] as char;
            let mut s = xml.to_owned();
            let end = floor(&s, at + 1).max(at);
            let end = if end == at {
                at + s[at..].chars().next().map_or(0, char::len_utf8)
            } else {
                end
            };
            s.replace_range(at..end, &b.to_string());
            (format!("byte {at} → {b:?}"), s)
        }
        2 => {
            // Replace the text of a random element with a hostile value.
            let starts: Vec<usize> = xml.match_indices("</").map(|(i, _)| i).collect();
            let end = starts[rng.below(starts.len())];
            let open = xml[..end].rfind('>').map_or(0, |i| i + 1);
            let v = HOSTILE[rng.below(HOSTILE.len())];
            let mut s = xml.to_owned();
            s.replace_range(open..end, v);
            (format!("text at {open} → {v:?}"), s)
        }
        3 => {
            // Remove one whole element (and what it holds).
            let names = [
                "<Task>",
                "<PredecessorLink>",
                "<Calendar>",
                "<Resource>",
                "<WeekDay>",
            ];
            let name = names[rng.below(names.len())];
            let hits: Vec<usize> = xml.match_indices(name).map(|(i, _)| i).collect();
            if hits.is_empty() {
                return ("nothing removed".into(), xml.to_owned());
            }
            let at = hits[rng.below(hits.len())];
            let close = format!("</{}", &name[1..]);
            let end = xml[at..]
                .find(&close)
                .map_or(xml.len(), |e| at + e + close.len());
            let mut s = xml.to_owned();
            s.replace_range(at..end, "");
            (format!("{name} at {at} removed"), s)
        }
        _ => {
            // Repeat one task (same UID twice, links to it twice).
            let hits: Vec<usize> = xml.match_indices("<Task>").map(|(i, _)| i).collect();
            let at = hits[rng.below(hits.len())];
            let end = xml[at..].find("</Task>").map_or(xml.len(), |e| at + e + 7);
            let mut s = xml.to_owned();
            s.insert_str(end, &xml[at..end]);
            (format!("task at {at} repeated"), s)
        }
    }
}

/// Reads, plans and — when it is a plan — writes the file again.
fn exercise(xml: &str, people: &[Candidate]) {
    let Ok(doc) = Document::parse(xml) else {
        return;
    };
    let _ = doc.to_plan();
    let _ = read::plan(&doc, people, &ImportOptions::default());
    let _ = read::decode(xml.as_bytes());
    let _ = write::baseline_numbers(&["Baseline 3", "x"]);
}

#[test]
fn mutated_files_never_panic_the_reader_or_the_import_plan() {
    let started = std::time::Instant::now();
    let people = [Candidate {
        id: 1,
        name: "First Resource".into(),
        username: "first".into(),
        email: "first@example.com".into(),
    }];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut tried = 0;
    let mut panics = Vec::new();
    for (name, xml) in files() {
        // Every truncation point on a coarse grid, then random mutations.
        let step = (xml.len() / 150).max(1);
        let mut cases: Vec<(String, String)> = (0..xml.len())
            .step_by(step)
            .map(|at| {
                let at = floor(&xml, at);
                (format!("truncated at {at}"), xml[..at].to_owned())
            })
            .collect();
        for _ in 0..300 {
            cases.push(mutate(&xml, &mut rng));
        }
        for _ in 0..40 {
            // Two mutations on top of each other.
            let (a, once) = mutate(&xml, &mut rng);
            let (b, twice) = mutate(&once, &mut rng);
            cases.push((format!("{a}, then {b}"), twice));
        }
        for (what, text) in cases {
            tried += 1;
            if catch_unwind(AssertUnwindSafe(|| exercise(&text, &people))).is_err() {
                panics.push(format!("{name}: {what}"));
            }
        }
    }
    println!(
        "{tried} mutated files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(panics.is_empty(), "panicked on:\n{}", panics.join("\n"));
}

#[test]
fn invalid_utf8_and_other_encodings_are_refused_or_read() {
    assert!(read::decode(b"<Project>\n\xff\xfe</Project>").is_err());
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("<Project/>".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(read::decode(&utf16).expect("utf-16"), "<Project/>");
    assert_eq!(
        read::decode(b"\xEF\xBB\xBF<Project/>").expect("utf-8 bom"),
        "<Project/>"
    );
}
