//! Table tests for the [`Wire`] impls of Rust primitives and containers.

use std::fmt::Debug;

use serde_json::{json, Value};

use super::*;

/// Decodes `text` as a `T` through [`Wire`], from both JSON text and a
/// `serde_json::Value`, and checks that both paths agree.
#[track_caller]
fn decode<T: Wire + Debug + PartialEq>(text: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let from_text = Decode::<T>::new()
        .deserialize(&mut deserializer)
        .map_err(|e| e.to_string());
    let value: Value = serde_json::from_str(text).unwrap();
    let from_value = Decode::<T>::new()
        .deserialize(value)
        .map_err(|e| e.to_string());
    match (&from_text, &from_value) {
        // Debug output compares NaN equal to itself.
        (Ok(a), Ok(b)) => assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "text and value decoding differ for {text}"
        ),
        (Err(_), Err(_)) => {}
        _ => panic!("text and value decoding differ for {text}: {from_text:?} {from_value:?}"),
    }
    from_text
}

#[track_caller]
fn encode<T: Wire>(value: &T) -> String {
    serde_json::to_string(&Encode(value)).unwrap()
}

#[track_caller]
fn check_ok<T: Wire + Debug + PartialEq>(text: &str, expected: T, written: &str) {
    assert_eq!(decode::<T>(text), Ok(expected), "decoding {text}");
    let value = decode::<T>(text).unwrap();
    assert_eq!(encode(&value), written, "encoding {text}");
}

#[track_caller]
fn check_err<T: Wire + Debug + PartialEq>(text: &str, message: &str) {
    let error = decode::<T>(text).unwrap_err();
    assert!(
        error.starts_with(message),
        "decoding {text}: got `{error}`, expected `{message}`"
    );
}

#[test]
fn int64_forms() {
    check_ok::<i64>("123", 123, "123");
    check_ok::<i64>("-123", -123, "-123");
    check_ok::<i64>(r#""123""#, 123, "123");
    check_ok::<i64>(r#""-42""#, -42, "-42");
    check_ok::<i64>(r#""+42""#, 42, "42");
    check_ok::<i64>(r#""9223372036854775807""#, i64::MAX, "9223372036854775807");
    check_ok::<i64>(
        r#""-9223372036854775808""#,
        i64::MIN,
        "-9223372036854775808",
    );
    check_ok::<i64>("9223372036854775807", i64::MAX, "9223372036854775807");
}

#[test]
fn int64_rejects() {
    check_err::<i64>(
        r#""12.5""#,
        "invalid value: string \"12.5\", expected Edm.Int64",
    );
    check_err::<i64>(
        "12.5",
        "invalid type: floating point `12.5`, expected Edm.Int64",
    );
    check_err::<i64>(r#""9223372036854775808""#, "invalid value: string");
    check_err::<i64>(
        "9223372036854775808",
        "invalid value: integer `9223372036854775808`",
    );
    check_err::<i64>(r#""""#, "invalid value: string \"\", expected Edm.Int64");
    check_err::<i64>(r#""-""#, "invalid value: string \"-\"");
    check_err::<i64>(r#"" 1""#, "invalid value: string \" 1\"");
    check_err::<i64>(r#""1e3""#, "invalid value: string \"1e3\"");
    check_err::<i64>("true", "invalid type: boolean `true`, expected Edm.Int64");
    check_err::<i64>("null", "invalid type: null, expected Edm.Int64");
}

#[test]
fn small_integers_check_range() {
    check_ok::<u8>("255", 255, "255");
    check_err::<u8>("300", "invalid value: integer `300`, expected Edm.Byte");
    check_err::<u8>("-1", "invalid value: integer `-1`, expected Edm.Byte");
    check_err::<u8>(
        r#""256""#,
        "invalid value: integer `256`, expected Edm.Byte",
    );
    check_ok::<i8>("-128", -128, "-128");
    check_err::<i8>("128", "invalid value: integer `128`, expected Edm.SByte");
    check_ok::<i16>(r#""-32768""#, -32768, "-32768");
    check_err::<i16>(
        "32768",
        "invalid value: integer `32768`, expected Edm.Int16",
    );
    check_ok::<i32>("2147483647", i32::MAX, "2147483647");
    check_err::<i32>(
        "2147483648",
        "invalid value: integer `2147483648`, expected Edm.Int32",
    );
    check_err::<i32>(
        "-2147483649",
        "invalid value: integer `-2147483649`, expected Edm.Int32",
    );
}

#[test]
fn double_special_values() {
    assert!(decode::<f64>(r#""NaN""#).unwrap().is_nan());
    check_ok::<f64>(r#""INF""#, f64::INFINITY, r#""INF""#);
    check_ok::<f64>(r#""-INF""#, f64::NEG_INFINITY, r#""-INF""#);
    assert_eq!(encode(&f64::NAN), r#""NaN""#);
    assert_eq!(encode(&-f64::NAN), r#""NaN""#);
    check_err::<f64>(
        r#""inf""#,
        "invalid value: string \"inf\", expected Edm.Double",
    );
    check_err::<f64>(r#""Infinity""#, "invalid value: string \"Infinity\"");
    check_err::<f64>(r#""nan""#, "invalid value: string \"nan\"");
}

#[test]
fn double_numbers() {
    check_ok::<f64>("1.5", 1.5, "1.5");
    check_ok::<f64>("-0.0", -0.0, "-0.0");
    check_ok::<f64>("3", 3.0, "3.0");
    check_ok::<f64>(r#""1.5""#, 1.5, "1.5");
    check_ok::<f64>(r#""-2e3""#, -2000.0, "-2000.0");
    check_ok::<f64>("0.1", 0.1, "0.1");
    check_ok::<f64>(
        "3.1415926535897931",
        std::f64::consts::PI,
        "3.141592653589793",
    );
    check_ok::<f64>(
        "1.7976931348623157e308",
        f64::MAX,
        "1.7976931348623157e+308",
    );
    check_err::<f64>(r#""1e400""#, "invalid value: string \"1e400\"");
    check_err::<f64>(r#""""#, "invalid value: string \"\"");
    check_err::<f64>(r#""1.5x""#, "invalid value: string \"1.5x\"");
    check_err::<f64>("null", "invalid type: null, expected Edm.Double");
}

#[test]
fn numbers_beyond_64_bits() {
    let forty_digits = "1234567890123456789012345678901234567890";
    check_err::<i64>(
        forty_digits,
        "invalid type: floating point `1.2345678901234568e+39`, expected Edm.Int64",
    );
    check_ok::<f64>("1000000000000000000000000000000", 1e30, "1e+30");
    check_ok::<f64>("1E+2", 100.0, "100.0");
    check_err::<f64>(
        "1e400",
        "invalid value: number beyond the range of f64, expected Edm.Double",
    );
    check_err::<f64>("-1e400", "invalid value: number beyond the range of f64");
    check_err::<i64>("1e400", "invalid value: number beyond the range of f64");
}

#[test]
fn object_where_number_expected() {
    check_err::<f64>(r#"{"a": 1}"#, "invalid type: map, expected Edm.Double");
    check_err::<f64>("{}", "invalid type: map, expected Edm.Double");
    check_err::<i32>(r#"{"a": 1.5}"#, "invalid type: map, expected Edm.Int32");
    let error = crate::runtime::json::from_str::<Vec<f64>>(r#"[1, {"a": 1}]"#).unwrap_err();
    assert_eq!(error.path(), "[1]", "the path stops at the object");
}

#[test]
fn single_forms() {
    check_ok::<f32>("1.5", 1.5, "1.5");
    check_ok::<f32>(r#""0.1""#, 0.1, "0.1");
    check_ok::<f32>(r#""-INF""#, f32::NEG_INFINITY, r#""-INF""#);
    assert!(decode::<f32>(r#""NaN""#).unwrap().is_nan());
    assert_eq!(encode(&f32::NAN), r#""NaN""#);
    check_err::<f32>(
        "1e300",
        "invalid value: floating point `1e+300`, expected Edm.Single",
    );
    check_err::<f32>(
        r#""1e300""#,
        "invalid value: string \"1e300\", expected Edm.Single",
    );
}

#[test]
fn option_and_vec() {
    check_ok::<Option<i64>>("null", None, "null");
    check_ok::<Option<i64>>(r#""7""#, Some(7), "7");
    check_ok::<Vec<i64>>(r#"[1, "2", 3]"#, vec![1, 2, 3], "[1,2,3]");
    check_ok::<Vec<Option<i64>>>("[1, null]", vec![Some(1), None], "[1,null]");
    check_ok::<Vec<String>>("[]", vec![], "[]");
    check_err::<Vec<i64>>("[1, null]", "invalid type: null, expected Edm.Int64");
    check_err::<Vec<i64>>("null", "invalid type: null, expected a JSON array");
    check_err::<Vec<i64>>("{}", "invalid type: map, expected a JSON array");
    check_ok::<Option<Vec<f64>>>(r#"["INF"]"#, Some(vec![f64::INFINITY]), r#"["INF"]"#);
}

#[test]
fn other_impls() {
    check_ok::<String>(r#""a\"b""#, "a\"b".to_owned(), r#""a\"b""#);
    check_err::<String>("1", "invalid type: integer `1`, expected a string");
    check_ok::<bool>("true", true, "true");
    check_err::<bool>(
        r#""true""#,
        "invalid type: string \"true\", expected a boolean",
    );
    check_ok::<Box<i32>>(r#""5""#, Box::new(5), "5");
    check_ok::<Value>(
        r#"{"a":[1,null]}"#,
        json!({"a": [1, null]}),
        r#"{"a":[1,null]}"#,
    );
    let map = json!({"b": 1}).as_object().unwrap().clone();
    check_ok::<Map<String, Value>>(r#"{"b":1}"#, map, r#"{"b":1}"#);
    check_err::<Map<String, Value>>("[]", "invalid type: sequence, expected a map");
}

#[test]
fn key_borrows_when_possible() {
    use serde::de::MapAccess;

    struct KeysVisitor;

    impl<'de> Visitor<'de> for KeysVisitor {
        type Value = Vec<(String, bool)>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                let borrowed = key.is_borrowed();
                keys.push((key.into_string(), borrowed));
            }
            Ok(keys)
        }
    }

    struct Keys(Vec<(String, bool)>);

    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(KeysVisitor).map(Keys)
        }
    }

    let text = r#"{"plain": 1, "esc\u0061ped": 2}"#;
    let expected = vec![("plain".to_owned(), true), ("escaped".to_owned(), false)];
    let keys: Keys = serde_json::from_str(text).unwrap();
    assert_eq!(keys.0, expected);
    let keys: Keys = crate::runtime::json::from_str(text).unwrap();
    assert_eq!(keys.0, expected, "through serde_path_to_error");
    let keys: Keys = serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
    assert!(keys.0.iter().all(|(_, borrowed)| !borrowed));
    assert_eq!(Key(Cow::Borrowed("a")).as_str(), "a");
}

/// A type outside the runtime that gets [`Wire`] from the exported macro.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Point {
    x: i32,
}

crate::runtime::wire_via_serde!(Point);

#[test]
fn wire_via_serde_delegates() {
    check_ok::<Point>(r#"{"x":1}"#, Point { x: 1 }, r#"{"x":1}"#);
    check_ok::<Vec<Option<Point>>>(
        r#"[null,{"x":2}]"#,
        vec![None, Some(Point { x: 2 })],
        r#"[null,{"x":2}]"#,
    );
}
