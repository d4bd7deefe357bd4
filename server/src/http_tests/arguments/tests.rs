//! The learner's pure parts: where serde_json points, what its words ask
//! for, where record ids go, how a form is written.

use super::*;

/// The columns serde_json reports (checked against its messages for
/// a missing field, a wrong type and an unknown variant).
#[test]
fn a_column_names_the_value_or_object_it_ends() {
    // Keys in alphabetical order: the text is the same whether or not
    // serde_json keeps insertion order.
    let v = json!({"id": 1, "input": {"n": {}, "name": []}});
    let text = v.to_string();
    assert_eq!(text, r#"{"id":1,"input":{"n":{},"name":[]}}"#);
    assert_eq!(at_column(&v, 7), Some(vec!["id".to_owned()]));
    assert_eq!(
        at_column(&v, 23),
        Some(vec!["input".to_owned(), "n".to_owned()])
    );
    assert_eq!(
        at_column(&v, 33),
        Some(vec!["input".to_owned(), "name".to_owned()])
    );
    assert_eq!(at_column(&v, 34), Some(vec!["input".to_owned()]));
    assert_eq!(at_column(&v, 35), Some(vec![]));
}

#[test]
fn the_decoders_words_say_what_to_send() {
    assert_eq!(
        asked_for("unknown variant `z`, expected `Alpha` or `Beta` at line 1 column 42"),
        Some(json!("Alpha"))
    );
    assert_eq!(
        asked_for("invalid type: integer `5`, expected struct Inner at line 1 column 17"),
        Some(json!({}))
    );
    assert_eq!(
        asked_for("invalid type: string \"x\", expected i64 at line 1 column 9"),
        Some(json!(1))
    );
    assert_eq!(
        quoted_after("missing field `name` at line 1 column 18", "missing field"),
        Some("name")
    );
    assert_eq!(
        column_of("missing field `name` at line 1 column 18"),
        Some(18)
    );
}

#[test]
fn record_ids_go_where_ids_are_named() {
    let learned = Arguments {
        codec: Codec::Json,
        template: json!({
            "id": LEARNING_ID,
            "input": {
                "account_id": LEARNING_ID,
                "project_id": LEARNING_ID,
                "merged_ids": [],
                "name": "demo",
                "limit": 1
            }
        }),
        decodes: true,
    };
    assert_eq!(
        learned.with_id(7),
        json!({
            "id": 7,
            "input": {
                "account_id": 7,
                "project_id": 1,
                "merged_ids": [7],
                "name": "demo",
                "limit": 1
            }
        })
    );
}

#[test]
fn forms_nest_in_brackets() {
    let v = json!({"id": 3, "input": {"name": "a b", "tags": ["x"]}, "none": null});
    assert_eq!(form(&v), "id=3&input[name]=a%20b&input[tags][0]=x");
}
