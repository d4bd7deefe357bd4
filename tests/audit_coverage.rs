//! Audit coverage (issue 10): every function of the store that opens a
//! write transaction (`store.write()`) must write an audit row, itself or
//! through a function it calls. The list comes from the source itself
//! (parsed with `syn`), so a new write path that forgets the audit log
//! fails here without anyone having to remember to add it.
//!
//! The few write paths that are not user changes are listed in `EXEMPT`
//! with the reason; the test also fails when an exemption goes stale (the
//! function is gone, or audits after all), so the list stays true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Write paths without an audit row, and why that is right: (function,
/// reason). None today: even the daily regrade and the scale seeders write
/// one audit row for their whole batch.
const EXEMPT: &[(&str, &str)] = &[];

#[derive(Debug, Default)]
struct FnFacts {
    opens_write: bool,
    audits: bool,
    /// A method of an `impl` block (reached by `x.name()`), not a free
    /// function (reached by `path::name()`).
    method: bool,
    /// Names called: `(true, name)` for method calls, `(false, name)` for
    /// path calls, so `txn.commit()` is not taken for `import::commit`.
    calls: BTreeSet<(bool, String)>,
}

#[derive(Default)]
struct Body {
    facts: FnFacts,
}

impl<'ast> Visit<'ast> for Body {
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if m.method == "write" && m.args.is_empty() {
            self.facts.opens_write = true;
        }
        self.facts.calls.insert((true, m.method.to_string()));
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*c.func {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if segs.iter().any(|s| s == "audit") {
                self.facts.audits = true;
            }
            if let Some(last) = segs.last() {
                self.facts.calls.insert((false, last.clone()));
            }
        }
        syn::visit::visit_expr_call(self, c);
    }
}

/// Every function of one file, keyed `module::path::name`.
struct Collector<'a> {
    module: Vec<String>,
    out: &'a mut BTreeMap<String, FnFacts>,
}

impl Collector<'_> {
    fn add(&mut self, name: &syn::Ident, block: &syn::Block, method: bool) {
        let mut body = Body::default();
        body.visit_block(block);
        let mut key = self.module.clone();
        key.push(name.to_string());
        // Same-named functions in one module (trait impls): merge.
        let e = self.out.entry(key.join("::")).or_default();
        e.opens_write |= body.facts.opens_write;
        e.audits |= body.facts.audits;
        e.method = method;
        e.calls.extend(body.facts.calls);
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.add(&f.sig.ident, &f.block, false);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let method = f.sig.receiver().is_some();
        self.add(&f.sig.ident, &f.block, method);
    }
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.ident == "tests" {
            return;
        }
        self.module.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.module.pop();
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/store")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).expect("under src/store");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

fn store_functions() -> BTreeMap<String, FnFacts> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        // The entity definitions and migrations hold no services.
        let rel = file.strip_prefix(&root).expect("under root");
        if rel.starts_with("entity") || rel.starts_with("migration") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        Collector {
            module: module_of(&root, &file),
            out: &mut out,
        }
        .visit_file(&parsed);
    }
    out
}

/// Whether `key` audits, directly or through the functions it calls. A
/// call is matched by name: to the function of that name in the same
/// module when there is one, else to every store function of that name
/// (all of which must audit, so a common name cannot vouch for another).
fn audits(fns: &BTreeMap<String, FnFacts>, key: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(key.to_owned()) {
        return false;
    }
    let Some(f) = fns.get(key) else { return false };
    if f.audits {
        return true;
    }
    let module = key.rsplit_once("::").map(|(m, _)| m).unwrap_or("");
    f.calls.iter().any(|(is_method, callee)| {
        let local = format!("{module}::{callee}");
        if fns.get(&local).is_some_and(|g| g.method == *is_method) {
            return audits(fns, &local, seen);
        }
        let named: Vec<&String> = fns
            .iter()
            .filter(|(k, g)| {
                g.method == *is_method && k.rsplit("::").next() == Some(callee.as_str())
            })
            .map(|(k, _)| k)
            .collect();
        !named.is_empty() && named.iter().all(|k| audits(fns, k, &mut seen.clone()))
    })
}

#[test]
fn every_write_transaction_writes_an_audit_row() {
    let fns = store_functions();
    let exempt: BTreeMap<&str, &str> = EXEMPT.iter().copied().collect();
    let writers: Vec<&String> = fns
        .iter()
        .filter(|(k, f)| f.opens_write && k.as_str() != "db::write")
        .map(|(k, _)| k)
        .collect();
    assert!(
        writers.len() > 50,
        "the scan found the store's write paths ({} found)",
        writers.len()
    );
    let mut missing = Vec::new();
    let mut stale = Vec::new();
    let mut audited = 0;
    for k in &writers {
        let ok = audits(&fns, k, &mut BTreeSet::new());
        match (ok, exempt.contains_key(k.as_str())) {
            (true, true) => stale.push(format!("{k} audits now")),
            (true, false) => audited += 1,
            (false, true) => {}
            (false, false) => missing.push(k.as_str()),
        }
    }
    for k in exempt.keys() {
        if !writers.iter().any(|w| w.as_str() == *k) {
            stale.push(format!("{k} no longer opens a write transaction"));
        }
    }
    assert!(
        stale.is_empty(),
        "take these off EXEMPT: {stale:#?}\nmissing: {missing:#?}"
    );
    println!(
        "audit coverage: {} write paths, {audited} audited, {} exempt with a reason, {} missing",
        writers.len(),
        exempt.len(),
        missing.len()
    );
    assert!(
        missing.is_empty(),
        "write paths without an audit row: {missing:#?}"
    );
}
