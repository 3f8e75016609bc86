//! Feeds malformed alert JSON to the generated `Alert` through `runtime::json`. Every
//! case must give a `DecodeError` naming the JSON path of the bad value, or a documented
//! lossless result, and no case may panic, overflow the stack or run for long.
//!
//! A broken evidence item never fails its alert: it becomes `AnyAlertEvidence::Invalid`,
//! which keeps the item's text and the error with the path inside the item.

use std::sync::mpsc;
use std::time::Duration;

use generator::ir::{Model, Primitive, Target, TypeKind, TypeUse};
use graph_security::models::security::{
    Alert, AlertSeverity, AnyAlertEvidence, KubernetesClusterEvidence,
};
use graph_security::runtime::json::{self, DecodeError};
use graph_security::runtime::Invalid;
use serde_json::{json, Value};
use tests::{load_schema, variant_name};

/// Decodes text that must fail, through both `from_str` and `from_slice`, and checks
/// that both report the same error.
#[track_caller]
fn decode_error(text: &str) -> DecodeError {
    let from_str = json::from_str::<Alert>(text).expect_err("the text must not decode");
    let from_slice =
        json::from_slice::<Alert>(text.as_bytes()).expect_err("the bytes must not decode");
    assert_eq!(from_slice, from_str, "from_slice and from_str disagree");
    from_str
}

/// Decodes text that must decode, through both `from_str` and `from_slice`.
#[track_caller]
fn decode_ok(text: &str) -> Alert {
    let alert = json::from_str::<Alert>(text).unwrap_or_else(|error| panic!("{error}"));
    let from_slice = json::from_slice::<Alert>(text.as_bytes()).expect("the bytes decode");
    assert_eq!(from_slice, alert, "from_slice and from_str disagree");
    alert
}

/// Returns the evidence item at `index`, which must be `Invalid`.
#[track_caller]
fn invalid_at(alert: &Alert, index: usize) -> &Invalid {
    match &alert.evidence[index] {
        AnyAlertEvidence::Invalid(invalid) => invalid,
        other => panic!("evidence[{index}] is {}, not Invalid", variant_name(other)),
    }
}

/// Runs `work` on a thread with a 2 MiB stack, the default of Rust threads and of tokio
/// worker threads, and fails when it does not finish within a minute.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || sender.send(work()))
        .expect("the thread starts");
    receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the work finishes within 60 s without a panic")
}

/// Returns a JSON value of a type that a property of type `ty` rejects.
fn wrong_value(model: &Model, ty: &TypeUse) -> Value {
    if ty.collection {
        return json!("a string, not an array");
    }
    match ty.target {
        Target::Primitive(Primitive::String) => json!(42),
        Target::Primitive(
            Primitive::DateTimeOffset | Primitive::Date | Primitive::Guid | Primitive::Duration,
        ) => json!(20260301),
        Target::Primitive(_) => json!(true),
        Target::Named(id) => match model.get(id).kind {
            // An open enum accepts any string and declared integers.
            TypeKind::Enum(_) => json!(true),
            TypeKind::Structured(_) => json!("a string, not an object"),
            TypeKind::Alias(_) | TypeKind::External => json!([]),
        },
    }
}

/// Returns the wire names and types of every property of a schema type, inherited ones
/// first.
fn properties(model: &Model, qualified_name: &str) -> Vec<(String, TypeUse)> {
    let id = model.by_name[qualified_name];
    model
        .all_properties(id)
        .into_iter()
        .map(|(_, property)| (property.name.clone(), property.ty))
        .collect()
}

#[test]
fn wrong_type_in_every_alert_property() {
    let model = load_schema();
    let alert_properties = properties(&model, "microsoft.graph.security.alert");
    assert_eq!(
        alert_properties.len(),
        36,
        "alert has 36 properties with id"
    );
    for (name, ty) in alert_properties {
        let wrong = wrong_value(&model, &ty);
        let mut body = json!({"id": "alert-1", "title": "wrong types"});
        body[&name] = wrong.clone();
        let error = decode_error(&body.to_string());
        assert_eq!(error.path(), name, "{name} = {wrong}: {error}");
        assert!(
            error.message().starts_with("invalid type"),
            "{name} = {wrong}: {error}"
        );
    }
}

/// Puts a wrong value in each property of an evidence type, in the second item of an
/// alert, and checks that the alert still decodes with that item `Invalid`.
#[track_caller]
fn check_wrong_types_in_evidence(qualified_name: &str) {
    let model = load_schema();
    let type_name = format!("#{qualified_name}");
    for (name, ty) in properties(&model, qualified_name) {
        let wrong = wrong_value(&model, &ty);
        let mut broken = json!({"@odata.type": type_name});
        broken[&name] = wrong.clone();
        let body = json!({
            "id": "alert-1",
            "evidence": [{"@odata.type": "#microsoft.graph.security.urlEvidence"}, broken],
        });
        let alert = decode_ok(&body.to_string());
        let first = variant_name(&alert.evidence[0]);
        assert_eq!(first, "UrlEvidence", "{name}: the good item still decodes");
        let invalid = invalid_at(&alert, 1);
        assert!(
            invalid.error.starts_with(&format!("{name}: invalid type")),
            "{qualified_name}.{name} = {wrong}: {}",
            invalid.error
        );
        let written = json::to_value(&alert).expect("the alert encodes");
        assert_eq!(
            written["evidence"][1], broken,
            "{name}: the item is written back"
        );
    }
}

#[test]
fn wrong_type_in_device_evidence() {
    check_wrong_types_in_evidence("microsoft.graph.security.deviceEvidence");
}

#[test]
fn wrong_type_in_process_evidence() {
    check_wrong_types_in_evidence("microsoft.graph.security.processEvidence");
}

#[test]
fn wrong_type_in_kubernetes_pod_evidence() {
    check_wrong_types_in_evidence("microsoft.graph.security.kubernetesPodEvidence");
}

#[test]
fn evidence_with_bad_os_build_is_invalid() {
    let text = r##"{"id": "alert-1", "evidence": [
        {"@odata.type": "#microsoft.graph.security.deviceEvidence", "osBuild": 22631},
        {"@odata.type": "#microsoft.graph.security.deviceEvidence", "osBuild": "build-22631"}
    ]}"##;
    let alert = decode_ok(text);
    let first = variant_name(&alert.evidence[0]);
    assert_eq!(first, "DeviceEvidence", "the first item decodes");
    let invalid = invalid_at(&alert, 1);
    assert_eq!(
        invalid.error,
        "osBuild: invalid value: string \"build-22631\", expected Edm.Int64"
    );
    let located = format!("evidence[1].{}", invalid.error);
    assert!(
        located.starts_with("evidence[1].osBuild: "),
        "the item index and the error path name the value: {located}"
    );
    let written = json::to_string(&alert).expect("the alert encodes");
    assert!(
        written.contains(invalid.raw.get()),
        "the item is written back as it was read: {written}"
    );
}

#[test]
fn bad_os_build_in_typed_list_has_path() {
    let text = r#"[{"osBuild": 22631}, {"osBuild": "build-22631"}]"#;
    let error = json::from_str::<Vec<graph_security::models::security::DeviceEvidence>>(text)
        .expect_err("a typed list fails as a whole");
    assert_eq!(error.path(), "[1].osBuild");
}

#[test]
fn nested_bad_os_build_has_inner_path() {
    let text = r##"{"evidence": [{
        "@odata.type": "#microsoft.graph.security.hostLogonSessionEvidence",
        "host": {"hostName": "wks-1", "osBuild": {"major": 10}}
    }]}"##;
    let alert = decode_ok(text);
    let invalid = invalid_at(&alert, 0);
    assert!(
        invalid.error.starts_with("host.osBuild: invalid type: map"),
        "{}",
        invalid.error
    );
}

#[test]
fn deep_brackets_at_root_are_error() {
    let error = on_small_stack(|| decode_error(&"[".repeat(100_000)));
    assert_eq!(error.path(), ".");
    assert!(
        error.message().starts_with("invalid type: sequence"),
        "{error}"
    );
}

#[test]
fn deep_unknown_property_is_error() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = on_small_stack(move || decode_error(&format!(r#"{{"futureData": {nested}}}"#)));
    assert!(
        error.path().starts_with("futureData[0][0]"),
        "{}",
        error.path()
    );
    assert_eq!(error.message(), "recursion limit exceeded");
}

#[test]
fn deep_open_brackets_in_evidence_are_error() {
    let text = format!(r#"{{"evidence": [{}"#, "[".repeat(100_000));
    let error = on_small_stack(move || decode_error(&text));
    assert_eq!(error.path(), "evidence[0]", "{error}");
    assert_eq!(error.message(), "EOF while parsing a list");
}

#[test]
fn deep_array_in_evidence_is_invalid() {
    let item = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(r#"{{"evidence":[{item}]}}"#);
    let (alert, written) = on_small_stack(move || {
        let alert = decode_ok(&text);
        let written = json::to_string(&alert).expect("the alert encodes");
        (alert, written)
    });
    let invalid = invalid_at(&alert, 0);
    assert_eq!(invalid.error, "invalid type: array, expected a JSON object");
    assert_eq!(invalid.raw.get(), item, "the item's text is kept");
    assert_eq!(
        written,
        format!(r#"{{"evidence":[{item}]}}"#),
        "the item is written back"
    );
}

#[test]
fn deep_object_in_evidence_is_invalid() {
    let nested = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let item = format!(
        r##"{{"@odata.type":"#microsoft.graph.security.ipEvidence","futureData":{nested}}}"##
    );
    let text = format!(r#"{{"evidence":[{item}]}}"#);
    let alert = on_small_stack(move || decode_ok(&text));
    let invalid = invalid_at(&alert, 0);
    assert_eq!(
        invalid.error,
        "recursion limit exceeded: more than 128 nested arrays and objects"
    );
    assert_eq!(invalid.raw.get(), item, "the item's text is kept");
}

/// Returns an alert whose one evidence item nests `levels` clusters through the
/// polymorphic `cloudResource`, each with `extra` members, around an empty object.
fn nested_clusters(levels: usize, extra: &str) -> String {
    let open = r##"{"@odata.type":"#microsoft.graph.security.kubernetesClusterEvidence","cloudResource":"##;
    let close = format!("{extra}}}");
    format!(
        r#"{{"evidence":[{}{{}}{}]}}"#,
        open.repeat(levels),
        close.repeat(levels)
    )
}

/// Counts the clusters nested in `cluster` through `cloudResource`, itself included.
fn cluster_depth(cluster: &KubernetesClusterEvidence) -> usize {
    let mut depth = 1;
    let mut current = cluster;
    while let Some(AnyAlertEvidence::KubernetesClusterEvidence(inner)) =
        current.cloud_resource.as_deref()
    {
        depth += 1;
        current = inner;
    }
    depth
}

#[test]
fn nested_cloud_resources_within_limit_decode() {
    // 127 clusters and the innermost empty object make 128 nested objects.
    let alert = on_small_stack(|| decode_ok(&nested_clusters(127, "")));
    let AnyAlertEvidence::KubernetesClusterEvidence(cluster) = &alert.evidence[0] else {
        panic!("evidence[0] is {}", variant_name(&alert.evidence[0]));
    };
    assert_eq!(cluster_depth(cluster), 127, "every level decodes typed");
}

#[test]
fn nested_cloud_resources_do_not_overflow() {
    let text = nested_clusters(100_000, "");
    let alert = on_small_stack(move || decode_ok(&text));
    let invalid = invalid_at(&alert, 0);
    assert_eq!(
        invalid.error,
        "recursion limit exceeded: more than 128 nested arrays and objects"
    );
}

#[test]
fn nested_invalid_items_take_linear_time() {
    // Each level also fails on its own `name`. Finding each level's error path used to
    // decode the levels inside it again, so the time tripled with every level.
    let text = nested_clusters(100, r#","name":5"#);
    let alert = on_small_stack(move || decode_ok(&text));
    let invalid = invalid_at(&alert, 0);
    assert_eq!(
        invalid.error,
        "name: invalid type: integer `5`, expected a string"
    );
}

#[test]
fn huge_numbers_in_enum_are_error() {
    for number in [
        "1e400",
        "1234567890123456789012345678901234567890",
        "-1e400",
    ] {
        let error = decode_error(&format!(r#"{{"severity": {number}}}"#));
        assert_eq!(error.path(), "severity", "severity = {number}: {error}");
    }
    let error = decode_error(r#"{"severity": 1e400}"#);
    assert!(
        error
            .message()
            .starts_with("invalid value: number beyond the range of f64"),
        "{error}"
    );
}

#[test]
fn huge_numbers_in_typed_evidence_are_invalid() {
    let cases = [
        (
            "deviceEvidence",
            r#""osBuild": 1234567890123456789012345678901234567890"#,
            "osBuild: invalid type: floating point",
        ),
        (
            "deviceEvidence",
            r#""osBuild": 1e400"#,
            "osBuild: invalid value: number beyond the range of f64",
        ),
        (
            "deviceEvidence",
            r#""rbacGroupId": 2147483648"#,
            "rbacGroupId: invalid value: integer `2147483648`",
        ),
        (
            "ipEvidence",
            r#""location": {"latitude": 1e400}"#,
            "location.latitude: invalid value: number beyond the range of f64",
        ),
        (
            "ipEvidence",
            r#""location": {"longitude": -1e400}"#,
            "location.longitude: invalid value: number beyond the range of f64",
        ),
    ];
    for (evidence_type, member, message) in cases {
        let item =
            format!(r##"{{"@odata.type":"#microsoft.graph.security.{evidence_type}",{member}}}"##);
        let alert = decode_ok(&format!(r#"{{"evidence":[{item}]}}"#));
        let invalid = invalid_at(&alert, 0);
        assert!(
            invalid.error.starts_with(message),
            "{member}: {}",
            invalid.error
        );
        let written = json::to_string(&alert).expect("the alert encodes");
        assert_eq!(written, format!(r#"{{"evidence":[{item}]}}"#), "{member}");
    }
}

#[test]
fn huge_numbers_in_unknown_positions_are_kept() {
    let forty_digits = "1234567890123456789012345678901234567890";
    let text = format!(
        r##"{{"futureCount": {forty_digits}, "futureLimit": 1e400,
        "additionalData": {{"count": {forty_digits}, "ratio": 0.1000000000000000000000000001}},
        "evidence": [
            {{"@odata.type": "#microsoft.graph.security.ipEvidence", "futureCount": {forty_digits}}},
            {{"@odata.type": "#microsoft.graph.security.futureEvidence", "futureCount": {forty_digits}}}
        ]}}"##
    );

    let alert = decode_ok(&text);
    let written = json::to_value(&alert).expect("the alert encodes");
    let pointers = [
        "/futureCount",
        "/additionalData/count",
        "/evidence/0/futureCount",
        "/evidence/1/futureCount",
    ];
    for pointer in pointers {
        let number = written.pointer(pointer).map(Value::to_string);
        assert_eq!(
            number.as_deref(),
            Some(forty_digits),
            "{pointer} keeps every digit"
        );
    }

    let ratio = written
        .pointer("/additionalData/ratio")
        .map(Value::to_string);
    assert_eq!(ratio.as_deref(), Some("0.1000000000000000000000000001"));

    // serde_json writes an exponent with its sign, so `1e400` is written `1e+400`.
    let limit = written.pointer("/futureLimit").map(Value::to_string);
    assert_eq!(limit.as_deref(), Some("1e+400"));

    assert_eq!(variant_name(&alert.evidence[1]), "Unknown");
}

/// Returns a JSON string literal of `length` letters.
fn long_string(length: usize) -> String {
    format!("\"{}\"", "a".repeat(length))
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn ten_mb_string_is_kept() {
    let text = format!(
        r#"{{"title": {big}, "futureNote": {big}, "evidence": [{{"detailedRoles": [{big}]}}]}}"#,
        big = long_string(TEN_MB)
    );
    let alert = on_small_stack(move || decode_ok(&text));
    let title = alert.title.as_deref().unwrap_or_default();
    assert_eq!(title.len(), TEN_MB, "the title keeps every byte");
    let note = alert.additional_properties["futureNote"].as_str();
    assert_eq!(note.map(str::len), Some(TEN_MB), "the unknown property too");
    let AnyAlertEvidence::AlertEvidence(item) = &alert.evidence[0] else {
        panic!("evidence[0] is {}", variant_name(&alert.evidence[0]));
    };
    assert_eq!(
        item.detailed_roles[0].len(),
        TEN_MB,
        "the evidence string too"
    );
}

#[test]
fn ten_mb_string_before_type_is_scanned() {
    let text = format!(
        r##"{{"evidence": [{{"futureNote": {}, "@odata.type": "#microsoft.graph.security.urlEvidence"}}]}}"##,
        long_string(TEN_MB)
    );
    let alert = on_small_stack(move || decode_ok(&text));
    assert_eq!(variant_name(&alert.evidence[0]), "UrlEvidence");
}

#[test]
fn ten_mb_date_time_error_is_short() {
    let text = format!(r#"{{"createdDateTime": {}}}"#, long_string(TEN_MB));
    let error = on_small_stack(move || decode_error(&text));
    assert_eq!(error.path(), "createdDateTime");
    assert!(
        error.to_string().len() < 300,
        "the message quotes at most 64 bytes of the input: {} bytes",
        error.to_string().len()
    );
}

#[test]
fn duplicate_keys_last_wins() {
    let text = r#"{"severity": "low", "title": "first", "futureNote": 1,
        "severity": "high", "title": null, "futureNote": 2}"#;
    let alert = decode_ok(text);
    assert_eq!(
        alert.severity,
        AlertSeverity::High,
        "the last severity wins"
    );
    assert_eq!(alert.title, None, "the last title, null, wins");
    assert_eq!(alert.additional_properties["futureNote"], json!(2));
}

#[test]
fn duplicate_evidence_list_last_wins() {
    let text = r##"{"evidence": [{"@odata.type": "#microsoft.graph.security.urlEvidence"}],
        "evidence": []}"##;
    let alert = decode_ok(text);
    assert!(alert.evidence.is_empty(), "the last evidence list wins");
}

#[test]
fn duplicate_odata_type_last_wins() {
    let text = r##"{"evidence": [{
        "@odata.type": "#microsoft.graph.security.deviceEvidence",
        "hostName": "wks-1",
        "@odata.type": "#microsoft.graph.security.fileEvidence"
    }]}"##;
    let alert = decode_ok(text);
    let AnyAlertEvidence::FileEvidence(file) = &alert.evidence[0] else {
        panic!("evidence[0] is {}", variant_name(&alert.evidence[0]));
    };
    assert_eq!(file.additional_properties["hostName"], json!("wks-1"));
    let written = json::to_string(&alert).expect("the alert encodes");
    let again = decode_ok(&written);
    assert_eq!(again, alert, "the written item reads back as the same type");
}

#[test]
fn lone_surrogate_in_string_is_error() {
    let cases = [
        (r#"{"title": "\ud800"}"#, "title"),
        (r#"{"title": "\udc00 trailing"}"#, "title"),
        (r#"{"futureNote": "a\ud800b"}"#, "futureNote"),
        (
            r#"{"mitreTechniques": ["T1", "\udbff"]}"#,
            "mitreTechniques[1]",
        ),
        (r#"{"additionalData": {"k": "\ud800"}}"#, "additionalData.k"),
    ];
    for (text, path) in cases {
        let error = decode_error(text);
        assert_eq!(error.path(), path, "{text}: {error}");
    }
}

#[test]
fn lone_surrogate_in_evidence_is_kept() {
    let cases = [
        r##"{"@odata.type":"#microsoft.graph.security.deviceEvidence","hostName":"\ud800"}"##,
        r##"{"@odata.type":"#microsoft.graph.security.futureEvidence","name":"\ud800"}"##,
    ];
    for item in cases {
        let text = format!(r#"{{"evidence":[{item}]}}"#);
        let alert = decode_ok(&text);
        let invalid = invalid_at(&alert, 0);
        assert_eq!(invalid.raw.get(), item, "the item's text is kept");
        let written = json::to_string(&alert).expect("text encoding copies the item");
        assert_eq!(written, text, "the item is written back");
        let error = json::to_value(&alert).expect_err("a Value cannot hold the item");
        assert_eq!(error.path(), "evidence[0]", "{error}");
    }
}

#[test]
fn surrogate_pair_decodes() {
    let alert = decode_ok(r#"{"title": "\ud83d\ude00"}"#);
    assert_eq!(alert.title.as_deref(), Some("\u{1f600}"));
}

#[test]
fn invalid_utf8_bytes_are_error() {
    let mut bytes = br#"{"id": "alert-1", "title": "caf"#.to_vec();
    bytes.extend_from_slice(&[0xe9, b'"', b'}']);
    let error = json::from_slice::<Alert>(&bytes).expect_err("Latin-1 bytes are not UTF-8");
    assert_eq!(error.path(), "title");
    assert!(error.message().contains("unicode"), "{error}");
}

#[test]
fn null_in_string_list_is_error() {
    let error = decode_error(r#"{"mitreTechniques": ["T1", null]}"#);
    assert_eq!(error.path(), "mitreTechniques[1]");
    assert_eq!(error.message(), "invalid type: null, expected a string");
}

#[test]
fn null_in_comments_is_error() {
    let error = decode_error(r#"{"comments": [null]}"#);
    assert_eq!(error.path(), "comments[0]");
}

#[test]
fn null_list_is_error() {
    let error = decode_error(r#"{"categories": null}"#);
    assert_eq!(error.path(), "categories");
    assert_eq!(error.message(), "invalid type: null, expected a JSON array");
}

#[test]
fn null_evidence_item_is_invalid() {
    let text = r#"{"evidence":[null]}"#;
    let alert = decode_ok(text);
    let invalid = invalid_at(&alert, 0);
    assert_eq!(invalid.error, "invalid type: null, expected a JSON object");
    let written = json::to_string(&alert).expect("the alert encodes");
    assert_eq!(written, text, "null is written back");
}

#[test]
fn null_in_evidence_roles_is_invalid() {
    let text = r##"{"evidence":[{"@odata.type":"#microsoft.graph.security.urlEvidence","roles":["source",null]}]}"##;
    let alert = decode_ok(text);
    let invalid = invalid_at(&alert, 0);
    assert!(
        invalid.error.starts_with("roles[1]: invalid type: null"),
        "{}",
        invalid.error
    );
}

#[test]
fn single_object_for_list_is_error() {
    let cases = [
        (
            r##"{"evidence": {"@odata.type": "#microsoft.graph.security.urlEvidence"}}"##,
            "evidence",
        ),
        (r#"{"comments": {"comment": "one"}}"#, "comments"),
        (r#"{"mitreTechniques": "T1059"}"#, "mitreTechniques"),
    ];
    for (text, path) in cases {
        let error = decode_error(text);
        assert_eq!(error.path(), path, "{text}");
        assert!(
            error.message().contains("expected a JSON array"),
            "{text}: {error}"
        );
    }
}

#[test]
fn non_object_alert_is_error() {
    for text in ["[]", r#""alert""#, "42", "true", "null", "[{}]"] {
        let error = decode_error(text);
        assert_eq!(error.path(), ".", "{text}");
        assert!(
            error
                .message()
                .ends_with("expected a `microsoft.graph.security.alert` object"),
            "{text}: {error}"
        );
    }
}

#[test]
fn empty_or_truncated_text_is_error() {
    let cases = [
        ("", ".", "EOF while parsing a value"),
        (r#"{"id": "alert-1""#, ".", "EOF while parsing an object"),
        (r#"{"id": "alert-1"} {}"#, ".", "trailing characters"),
        (
            r##"{"evidence": [{"@odata.type": "#x"}"##,
            "evidence",
            "EOF while parsing a list",
        ),
    ];
    for (text, path, message) in cases {
        let error = decode_error(text);
        assert_eq!(error.path(), path, "{text:?}");
        assert_eq!(error.message(), message, "{text:?}");
        assert!(error.line() > 0, "{text:?}: the error has a line");
    }
}

#[test]
fn list_body_as_alert_keeps_value() {
    let text = r#"{"@odata.context": "x", "value": [{"id": "alert-1"}]}"#;
    let alert = decode_ok(text);
    assert_eq!(
        alert.additional_properties["value"],
        json!([{"id": "alert-1"}])
    );
    assert!(
        alert.absent_properties.contains("id"),
        "the list body has no id"
    );
}

#[test]
fn enum_number_forms() {
    let alert = decode_ok(r#"{"severity": 256, "status": "4"}"#);
    assert_eq!(alert.severity, AlertSeverity::High, "256 is high");
    let written = json::to_value(&alert).expect("the alert encodes");
    assert_eq!(written["severity"], json!("high"), "the name is written");
    assert_eq!(
        written["status"],
        json!("inProgress"),
        "\"4\" is inProgress"
    );

    let error = decode_error(r#"{"severity": 7}"#);
    assert_eq!(error.path(), "severity");
    assert!(
        error.message().starts_with("invalid value: integer `7`"),
        "{error}"
    );
}
