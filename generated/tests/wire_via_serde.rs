//! Checks that `wire_via_serde!` works from a crate other than
//! `graph_security`, through `$crate` paths only.

use graph_security::runtime::{json, Decode, Encode};

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Foo {
    id: i32,
}

::graph_security::runtime::wire_via_serde!(Foo);

#[test]
fn foreign_type_is_wire() {
    let decoded: Option<Foo> = json::from_str(r#"{"id": 7}"#).unwrap();
    assert_eq!(decoded, Some(Foo { id: 7 }));

    let mut deserializer = serde_json::Deserializer::from_str(r#"[{"id": 1}, null]"#);
    let items = serde::de::DeserializeSeed::deserialize(
        Decode::<Vec<Option<Foo>>>::new(),
        &mut deserializer,
    )
    .unwrap();
    assert_eq!(items, [Some(Foo { id: 1 }), None]);
    assert_eq!(
        json::to_string(&Encode(&items)).unwrap(),
        r#"[{"id":1},null]"#
    );
}
