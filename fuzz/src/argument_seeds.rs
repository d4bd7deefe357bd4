//! The corpus seeds of the `arguments` target (`src/arguments.rs`), kept
//! apart from it so that the stable runner writes them without building
//! the server.

/// Seeds for the corpus: each function (by index, for up to 160; the
/// index wraps) under each codec with the shapes the app's arguments have.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    const BODIES: [(u8, &str); 8] = [
        (0, "{}"),
        (0, r#"{"id":1}"#),
        (0, r#"{"id":1,"version":1}"#),
        (
            0,
            r#"{"input":{"name":"Acme","amount":"10.00","date":"2026-12-01"}}"#,
        ),
        (0, r#"{"query":"a","page":1,"limit":50}"#),
        (1, ""),
        (1, "id=1&version=1"),
        (1, "input[name]=Acme&input[ids][0]=1"),
    ];
    let mut out = Vec::new();
    for f in 0u16..160 {
        for (i, (ct, body)) in BODIES.iter().enumerate() {
            let mut bytes = f.to_be_bytes().to_vec();
            bytes.push(*ct);
            bytes.extend_from_slice(body.as_bytes());
            out.push((format!("fn{f:03}-{i}"), bytes));
        }
    }
    out
}
