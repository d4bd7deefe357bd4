//! Arguments for any server function, learned by asking it (issue 10's
//! authorization matrix). A function is called with a guess; while it
//! answers that the request does not decode (422, field `request`), the
//! decoder's own words say what to change: a missing field is added
//! where it is missing, a value of the wrong type gets one of the type
//! asked for, an unknown variant becomes the first one allowed. serde_json
//! says where (line 1, column N is where the offending value or the
//! object lacking a field ends), so nested inputs are learned too; a form
//! decoder does not, so there the last value changed is changed again.
//!
//! No table of argument shapes to keep up to date: a new function, or a
//! new field, is learned the same way. What is learned is a shape that
//! decodes; whether the values pass validation is the function's to say,
//! and the matrix records that answer like any other.

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::{Map, Value, json};

use super::idor::ID_NAMES;
use super::{TestApp, body_text};

/// How a function reads its arguments (`input = Json` or the default
/// form encoding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Codec {
    Json,
    Form,
}

/// Keys from the root to a value.
type Path = Vec<String>;

/// A learned argument shape; record ids go in when it is sent.
#[derive(Clone, Debug)]
pub(super) struct Arguments {
    pub(super) codec: Codec,
    template: Value,
    /// Whether the shape decoded when it was learned.
    pub(super) decodes: bool,
}

/// Values tried in turn at a path when the decoder's message does not
/// say which type it wants (a date string after "input contains invalid
/// characters", say).
fn candidates() -> Vec<Value> {
    vec![
        json!(1),
        json!("demo"),
        json!(true),
        json!("2026-12-01"),
        json!("2026-12-01T09:00:00"),
        json!("2026-12-01T09:00:00Z"),
        json!("100"),
        json!(1.5),
        json!("09:00"),
        json!([]),
        json!({}),
        Value::Null,
    ]
}

/// The id every learning call carries: a record that does not exist,
/// so that learning a shape changes nothing it would then be asked about.
const LEARNING_ID: i64 = 987_654_321;

/// Calls per function before giving up on a shape.
const ATTEMPTS: usize = 80;

impl Arguments {
    /// The first guess: every id name the app uses, a version and the
    /// binned flag, as in the IDOR sweep.
    fn first_guess(codec: Codec) -> Self {
        let mut root = Map::new();
        for name in ID_NAMES {
            root.insert((*name).to_owned(), json!(LEARNING_ID));
        }
        root.insert("version".into(), json!(1));
        root.insert("deleted".into(), json!(true));
        Self {
            codec,
            template: Value::Object(root),
            decodes: false,
        }
    }

    /// The arguments with `id` under every id name the IDOR sweep uses
    /// and as the one element of every list of ids (`ids`, `merged_ids`),
    /// and the demo's first record (id 1) for ids of other kinds (a
    /// project, a task, a campaign), at any depth.
    pub(super) fn with_id(&self, id: i64) -> Value {
        self.filled(id, 1)
    }

    fn filled(&self, id: i64, other: i64) -> Value {
        let mut v = self.template.clone();
        put_ids(&mut v, id, other);
        v
    }

    /// Content type and body of a call for record `id`.
    pub(super) fn body(&self, id: i64) -> (&'static str, String) {
        self.encode(&self.with_id(id))
    }

    fn encode(&self, v: &Value) -> (&'static str, String) {
        match self.codec {
            Codec::Json => ("application/json", v.to_string()),
            Codec::Form => ("application/x-www-form-urlencoded", form(v)),
        }
    }
}

fn put_ids(v: &mut Value, id: i64, other: i64) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if ID_NAMES.contains(&k.as_str()) && child.is_number() {
                    *child = json!(id);
                } else if (k == "ids" || k.ends_with("_ids")) && child.is_array() {
                    // A list of records (to merge, dismiss, add): the one.
                    *child = json!([id]);
                } else {
                    put_ids(child, id, other);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| put_ids(c, id, other)),
        n if n.as_i64() == Some(LEARNING_ID) => *n = json!(other),
        _ => {}
    }
}

/// The form encoding of `v` in the bracketed style serde_qs reads.
fn form(v: &Value) -> String {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}[{k}]")
                    };
                    walk(&key, child, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), child, out);
                }
            }
            Value::Null => {}
            Value::String(s) => out.push(format!("{}={}", escape(prefix), escape(s))),
            other => out.push(format!("{}={other}", escape(prefix))),
        }
    }
    fn escape(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'[' | b']' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    let mut out = Vec::new();
    walk("", v, &mut out);
    out.join("&")
}

/// Where each value of `v` lies in its compact JSON text: (path, start,
/// end) with `end` exclusive, which is the column serde_json names when
/// that value (or the object lacking a field) is what it stopped at.
fn spans(v: &Value) -> Vec<(Path, usize, usize)> {
    fn walk(v: &Value, path: &mut Path, at: &mut usize, out: &mut Vec<(Path, usize, usize)>) {
        let start = *at;
        match v {
            Value::Object(map) => {
                *at += 1;
                for (i, (k, child)) in map.iter().enumerate() {
                    if i > 0 {
                        *at += 1;
                    }
                    *at += Value::String(k.clone()).to_string().len() + 1;
                    path.push(k.clone());
                    walk(child, path, at, out);
                    path.pop();
                }
                *at += 1;
            }
            Value::Array(items) => {
                *at += 1;
                for (i, child) in items.iter().enumerate() {
                    if i > 0 {
                        *at += 1;
                    }
                    path.push(i.to_string());
                    walk(child, path, at, out);
                    path.pop();
                }
                *at += 1;
            }
            scalar => *at += scalar.to_string().len(),
        }
        out.push((path.clone(), start, *at));
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut 0, &mut out);
    out
}

/// The deepest value ending at serde_json's `column`.
fn at_column(v: &Value, column: usize) -> Option<Path> {
    spans(v)
        .into_iter()
        .filter(|(_, _, end)| *end == column)
        .max_by_key(|(p, _, _)| p.len())
        .map(|(p, _, _)| p)
}

fn column_of(reason: &str) -> Option<usize> {
    let (_, tail) = reason.rsplit_once(" column ")?;
    tail.trim_end_matches('…')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// The first name in backticks after `after` in `reason`.
fn quoted_after<'a>(reason: &'a str, after: &str) -> Option<&'a str> {
    let (_, tail) = reason.split_once(after)?;
    let (_, tail) = tail.split_once('`')?;
    tail.split('`').next()
}

fn get_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, k| match v {
        Value::Object(map) => map.get_mut(k),
        Value::Array(items) => k.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// The value a field's name suggests, before any answer says otherwise.
fn guess_for(name: &str) -> Value {
    match name {
        n if n.contains("email") => json!("probe@example.com"),
        n if n.contains("password") => json!("a long enough pass phrase 42"),
        n if n.ends_with("_on") || n.ends_with("date") || n == "day" => json!("2026-12-01"),
        n if n.ends_with("_at") => json!("2026-12-01T09:00:00Z"),
        n if n.ends_with("id") => json!(LEARNING_ID),
        "version" => json!(1),
        _ => json!("demo"),
    }
}

/// The value the decoder's message asks for, when it names a type.
fn asked_for(reason: &str) -> Option<Value> {
    let expected = reason.split_once("expected")?.1;
    if reason.contains("unknown variant") {
        return quoted_after(reason, "expected").map(|v| json!(v));
    }
    let e = expected.trim_start();
    let v = if e.starts_with("struct") || e.starts_with("a map") || e.starts_with("map") {
        json!({})
    } else if e.starts_with("a sequence") || e.starts_with("a tuple") || e.starts_with("tuple") {
        json!([])
    } else if e.starts_with("a boolean") || e.starts_with("bool") {
        json!(true)
    } else if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize",
    ]
    .iter()
    .any(|t| e.starts_with(t))
        || e.starts_with("an integer")
    {
        json!(1)
    } else if e.starts_with("f32") || e.starts_with("f64") || e.starts_with("a float") {
        json!(1.5)
    } else if e.contains("date and time") {
        json!("2026-12-01T09:00:00Z")
    } else if e.contains("date") {
        json!("2026-12-01")
    } else if e.starts_with("a string") || e.starts_with("a borrowed string") {
        json!("demo")
    } else if e.starts_with("unit") || e.starts_with("null") {
        Value::Null
    } else {
        return None;
    };
    Some(v)
}

/// Learns a shape of arguments `path` decodes, calling it as the holder
/// of `cookie`.
pub(super) async fn learn(app: &TestApp, cookie: &str, path: &str, codec: Codec) -> Arguments {
    let mut args = Arguments::first_guess(codec);
    let mut last_changed: Option<Path> = None;
    // Where a form decoder's missing fields go: the object last made.
    let mut last_object: Path = Vec::new();
    for _ in 0..ATTEMPTS {
        let sent = args.filled(LEARNING_ID, LEARNING_ID);
        let (ct, body) = args.encode(&sent);
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, ct)
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, cookie)
            .body(Body::from(body.clone()))
            .expect("request");
        let res = app.send(req).await;
        let status = res.status().as_u16();
        let text = body_text(res).await;
        if status != 422 || !text.contains(r#""field":"request""#) {
            args.decodes = true;
            return args;
        }
        let reason = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.pointer("/Validation/reason").cloned())
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or(text);
        if std::env::var_os("CAIRN_LEARN_TRACE").is_some() {
            eprintln!("{path}: {body}\n  → {reason}");
        }
        let here = match codec {
            Codec::Json => column_of(&reason).and_then(|c| at_column(&sent, c)),
            Codec::Form => None,
        };
        if let Some(field) = quoted_after(&reason, "missing field") {
            let object = here.unwrap_or_else(|| last_object.clone());
            let Some(Value::Object(map)) = get_mut(&mut args.template, &object) else {
                return args;
            };
            map.insert(field.to_owned(), guess_for(field));
            let mut at = object;
            at.push(field.to_owned());
            last_changed = Some(at);
            continue;
        }
        // serde_json names the end of the enclosing object for a variant
        // sent bare that carries data; the variant is what just changed.
        let target = if reason.contains("unit variant") {
            last_changed.clone().or(here)
        } else {
            here.or_else(|| last_changed.clone())
        };
        let Some(target) = target else {
            return args;
        };
        let Some(slot) = get_mut(&mut args.template, &target) else {
            return args;
        };
        // An enum variant with data, sent as its bare name: wrap it.
        if let (Some(variant), true) = (
            slot.as_str().map(str::to_owned),
            reason.contains("unit variant"),
        ) {
            let inner = if reason.contains("struct variant") {
                json!({})
            } else if reason.contains("tuple variant") {
                json!([])
            } else {
                json!(1)
            };
            *slot = json!({ variant.clone(): inner });
            last_object = target.clone();
            last_object.push(variant);
            last_changed = Some(last_object.clone());
            continue;
        }
        let next = match asked_for(&reason) {
            Some(v) if v != *slot => v,
            _ => {
                let all = candidates();
                let now = all.iter().position(|c| c == slot);
                match now.map_or(Some(0), |i| (i + 1 < all.len()).then_some(i + 1)) {
                    Some(i) => all[i].clone(),
                    None => return args,
                }
            }
        };
        if next.is_object() {
            last_object = target.clone();
        }
        *slot = next;
        last_changed = Some(target);
    }
    args
}

#[cfg(test)]
mod tests;
