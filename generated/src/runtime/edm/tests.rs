//! Table tests for the Edm types: text forms, JSON forms and conversions.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::*;
use crate::runtime::json;

/// Parses `input`, checks the canonical text, and checks that the JSON
/// string form decodes and encodes the same way.
#[track_caller]
fn check_text<T>(input: &str, canonical: &str)
where
    T: FromStr<Err = ParseError> + Display + Debug + PartialEq + Serialize + DeserializeOwned,
{
    let value: T = input
        .parse()
        .unwrap_or_else(|e| panic!("parsing `{input}`: {e}"));
    assert_eq!(value.to_string(), canonical, "writing `{input}`");
    assert_eq!(
        canonical.parse::<T>().unwrap(),
        value,
        "reading `{canonical}` back"
    );
    let decoded: T = json::from_value(Value::String(input.to_owned())).unwrap();
    assert_eq!(decoded, value, "decoding JSON `{input}`");
    assert_eq!(
        json::to_value(&value).unwrap(),
        json!(canonical),
        "encoding `{input}`"
    );
}

#[track_caller]
fn check_rejected<T>(input: &str, reason: &str)
where
    T: FromStr<Err = ParseError> + Debug + DeserializeOwned,
{
    let error = input.parse::<T>().unwrap_err();
    assert_eq!(error.reason(), reason, "parsing `{input}`");
    assert_eq!(error.input(), input);
    let json_error = json::from_value::<T>(Value::String(input.to_owned())).unwrap_err();
    assert_eq!(
        json_error.message(),
        error.to_string(),
        "decoding JSON `{input}`"
    );
}

#[test]
fn date_time_offset_accepts() {
    let cases = [
        ("2024-05-01T13:45:00Z", "2024-05-01T13:45:00Z"),
        ("2024-05-01T13:45:00.1Z", "2024-05-01T13:45:00.1Z"),
        ("2024-05-01T13:45:00.12Z", "2024-05-01T13:45:00.12Z"),
        ("2024-05-01T13:45:00.123Z", "2024-05-01T13:45:00.123Z"),
        ("2024-05-01T13:45:00.123456Z", "2024-05-01T13:45:00.123456Z"),
        (
            "2024-05-01T13:45:00.1234567Z",
            "2024-05-01T13:45:00.1234567Z",
        ),
        ("2024-05-01T13:45:00.1000000Z", "2024-05-01T13:45:00.1Z"),
        ("2024-05-01T13:45:00.0000000Z", "2024-05-01T13:45:00Z"),
        (
            "2024-05-01T13:45:00.123456789Z",
            "2024-05-01T13:45:00.1234567Z",
        ),
        (
            "2024-05-01T13:45:00.999999999999Z",
            "2024-05-01T13:45:00.9999999Z",
        ),
        ("2024-05-01T13:45:00+05:30", "2024-05-01T13:45:00+05:30"),
        ("2024-05-01T13:45:00.5-08:00", "2024-05-01T13:45:00.5-08:00"),
        ("2024-05-01T13:45:00+00:00", "2024-05-01T13:45:00Z"),
        ("2024-05-01T13:45:00-00:00", "2024-05-01T13:45:00Z"),
        ("2024-05-01T13:45Z", "2024-05-01T13:45:00Z"),
        ("2024-05-01t13:45:00z", "2024-05-01T13:45:00Z"),
        (
            "2024-02-29T23:59:59.9999999+23:59",
            "2024-02-29T23:59:59.9999999+23:59",
        ),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        (
            "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T23:59:59.9999999Z",
        ),
        ("0001-01-01T05:00:00+05:00", "0001-01-01T05:00:00+05:00"),
    ];
    for (input, canonical) in cases {
        check_text::<DateTimeOffset>(input, canonical);
    }
}

#[test]
fn date_time_offset_rejects() {
    let cases = [
        ("", "expected a four-digit year"),
        ("2024-05-01", "expected `T` between the date and the time"),
        (
            "2024-05-01T13:45:00",
            "missing offset: expected `Z` or an offset such as `+05:30`",
        ),
        (
            "2024-05-01 13:45:00Z",
            "expected `T` between the date and the time",
        ),
        ("24-05-01T13:45:00Z", "expected a four-digit year"),
        ("12024-05-01T13:45:00Z", "expected `-` after the year"),
        ("-2024-05-01T13:45:00Z", "expected a four-digit year"),
        ("0000-01-01T00:00:00Z", "year must be 0001 to 9999"),
        ("2024-13-01T13:45:00Z", "month must be 01 to 12"),
        ("2024-00-01T13:45:00Z", "month must be 01 to 12"),
        ("2023-02-29T13:45:00Z", "day does not exist in that month"),
        ("2024-04-31T13:45:00Z", "day does not exist in that month"),
        ("2024-05-01T24:00:00Z", "hour must be 00 to 23"),
        ("2024-05-01T13:60:00Z", "minutes must be 00 to 59"),
        ("2024-05-01T23:59:60Z", "seconds must be 00 to 59"),
        ("2024-05-01T13:45:00.Z", "expected digits after `.`"),
        (
            "2024-05-01T13:45:00.1234567890123Z",
            "too many fraction digits",
        ),
        ("2024-05-01T13:45:00+0530", "expected `:` in the offset"),
        ("2024-05-01T13:45:00+24:00", "offset must be at most 23:59"),
        ("2024-05-01T13:45:00+05:60", "offset must be at most 23:59"),
        (
            "2024-05-01T13:45:00Zjunk",
            "unexpected text after the offset",
        ),
        (
            "2024-05-01T13:45:00 Z",
            "expected `Z` or an offset such as `+05:30`",
        ),
        ("２０２４-05-01T13:45:00Z", "expected a four-digit year"),
        (
            "0001-01-01T00:00:00+00:01",
            "the UTC time is outside years 0001 to 9999",
        ),
        (
            "9999-12-31T23:59:59-00:01",
            "the UTC time is outside years 0001 to 9999",
        ),
    ];
    for (input, reason) in cases {
        check_rejected::<DateTimeOffset>(input, reason);
    }
}

#[test]
fn date_time_offset_rejects_non_strings() {
    let error = json::from_str::<DateTimeOffset>("20240501").unwrap_err();
    assert_eq!(
        error.message(),
        "invalid type: integer `20240501`, expected an Edm.DateTimeOffset string such as \
         `2024-05-01T13:45:00Z`"
    );
    let error = json::from_str::<DateTimeOffset>("null").unwrap_err();
    assert!(error.message().starts_with("invalid type: null"));
}

#[test]
fn date_time_offset_equality_keeps_offset() {
    let utc: DateTimeOffset = "2024-05-01T10:00:00Z".parse().unwrap();
    let india: DateTimeOffset = "2024-05-01T15:30:00+05:30".parse().unwrap();
    assert_ne!(utc, india);
    assert!(utc.instant_eq(&india));
    assert_eq!(india.to_utc(), utc);
    assert_eq!(utc.with_offset(330), Some(india));
    assert_eq!(utc.with_offset(24 * 60), None);
    assert!(utc < india, "equal instants order by offset");
    let later: DateTimeOffset = "2024-05-01T10:00:01+05:30".parse().unwrap();
    assert!(later < utc, "04:30:01Z is before 10:00:00Z");
}

#[test]
fn date_time_offset_parts() {
    let value: DateTimeOffset = "2024-05-01T01:02:03.0000004-08:00".parse().unwrap();
    assert_eq!(value.date(), Date::new(2024, 5, 1).unwrap());
    assert_eq!(value.time().hour(), 1);
    assert_eq!(value.time().subsecond_ticks(), 4);
    assert_eq!(value.offset_minutes(), -480);
    assert_eq!(value.to_utc().to_string(), "2024-05-01T09:02:03.0000004Z");
    let rebuilt = DateTimeOffset::new(value.date(), value.time(), -480).unwrap();
    assert_eq!(rebuilt, value);
    assert_eq!(DateTimeOffset::default(), DateTimeOffset::MIN);
    assert_eq!(
        DateTimeOffset::default().to_string(),
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        DateTimeOffset::MAX.to_string(),
        "9999-12-31T23:59:59.9999999Z"
    );
    assert_eq!(DateTimeOffset::from_utc_ticks(-1, 0), None);
    assert_eq!(
        DateTimeOffset::from_utc_ticks(DateTimeOffset::MAX.utc_ticks() + 1, 0),
        None
    );
}

#[test]
fn date_time_offset_system_time() {
    use std::time::{Duration as StdDuration, SystemTime};

    let epoch = DateTimeOffset::try_from(SystemTime::UNIX_EPOCH).unwrap();
    assert_eq!(epoch.to_string(), "1970-01-01T00:00:00Z");
    let before = SystemTime::UNIX_EPOCH - StdDuration::from_nanos(150);
    let value = DateTimeOffset::try_from(before).unwrap();
    assert_eq!(value.to_string(), "1969-12-31T23:59:59.9999998Z");
    let india: DateTimeOffset = "2024-05-01T15:30:00.5+05:30".parse().unwrap();
    let system = SystemTime::try_from(india).unwrap();
    let since_epoch = system.duration_since(SystemTime::UNIX_EPOCH).unwrap();
    assert_eq!(since_epoch, StdDuration::new(1_714_557_600, 500_000_000));
    assert_eq!(DateTimeOffset::try_from(system).unwrap(), india.to_utc());
    let min = SystemTime::try_from(DateTimeOffset::MIN).unwrap();
    assert_eq!(DateTimeOffset::try_from(min).unwrap(), DateTimeOffset::MIN);
}

#[cfg(feature = "time")]
#[test]
fn date_time_offset_time_crate() {
    let value: DateTimeOffset = "2024-05-01T15:30:00.1234567+05:30".parse().unwrap();
    let converted = time::OffsetDateTime::try_from(value).unwrap();
    assert_eq!(converted.year(), 2024);
    assert_eq!(converted.hour(), 15);
    assert_eq!(converted.nanosecond(), 123_456_700);
    assert_eq!(converted.offset().whole_minutes(), 330);
    assert_eq!(DateTimeOffset::try_from(converted).unwrap(), value);
    let max = time::OffsetDateTime::try_from(DateTimeOffset::MAX).unwrap();
    assert_eq!(DateTimeOffset::try_from(max).unwrap(), DateTimeOffset::MAX);
    let odd_offset = converted.to_offset(time::UtcOffset::from_whole_seconds(30).unwrap());
    assert!(DateTimeOffset::try_from(odd_offset).is_err());
}

#[test]
fn date_text() {
    check_text::<Date>("2024-05-01", "2024-05-01");
    check_text::<Date>("2000-02-29", "2000-02-29");
    check_text::<Date>("0001-01-01", "0001-01-01");
    check_rejected::<Date>("1900-02-29", "day does not exist in that month");
    check_rejected::<Date>("2024-5-01", "expected a two-digit month");
    check_rejected::<Date>("2024-05-01T00:00Z", "unexpected text after the date");
    check_rejected::<Date>("2024/05/01", "expected `-` after the year");
    assert_eq!(Date::default().to_string(), "0001-01-01");
    assert_eq!(
        Date::from_day_number(Date::MAX.day_number()),
        Some(Date::MAX)
    );
    assert_eq!(Date::from_day_number(-1), None);
    assert_eq!(Date::new(2024, 2, 30), None);
    assert!(Date::new(2024, 1, 31).unwrap() < Date::new(2024, 2, 1).unwrap());
}

#[test]
fn time_of_day_text() {
    check_text::<TimeOfDay>("13:45:00.1234567", "13:45:00.1234567");
    check_text::<TimeOfDay>("13:45", "13:45:00");
    check_text::<TimeOfDay>("07:59:59.999", "07:59:59.999");
    check_text::<TimeOfDay>("23:59:59.999999999999", "23:59:59.9999999");
    check_text::<TimeOfDay>("00:00:00.000", "00:00:00");
    check_rejected::<TimeOfDay>("24:00:00", "hour must be 00 to 23");
    check_rejected::<TimeOfDay>("1:00:00", "expected a two-digit hour");
    check_rejected::<TimeOfDay>("12:00:00Z", "unexpected text after the time");
    check_rejected::<TimeOfDay>("12:00:00.", "expected digits after `.`");
    let time = TimeOfDay::new(13, 45, 1).unwrap();
    assert_eq!((time.hour(), time.minute(), time.second()), (13, 45, 1));
    assert_eq!(TimeOfDay::from_ticks(864_000_000_000), None);
    assert_eq!(TimeOfDay::default(), TimeOfDay::MIDNIGHT);
}

#[test]
fn duration_text() {
    let cases = [
        ("P1DT2H", "P1DT2H"),
        ("PT0.5S", "PT0.5S"),
        ("-P3D", "-P3D"),
        ("+P3D", "P3D"),
        ("PT36H", "P1DT12H"),
        ("PT90M", "PT1H30M"),
        ("PT0S", "PT0S"),
        ("P0D", "PT0S"),
        ("-PT0S", "PT0S"),
        ("P12DT23H59M59.999999999999S", "P12DT23H59M59.9999999S"),
        ("PT1H0.0000001S", "PT1H0.0000001S"),
        ("P1DT1M", "P1DT1M"),
        ("PT1.25S", "PT1.25S"),
        ("P10675199DT2H48M5.4775807S", "P10675199DT2H48M5.4775807S"),
        ("-P10675199DT2H48M5.4775808S", "-P10675199DT2H48M5.4775808S"),
    ];
    for (input, canonical) in cases {
        check_text::<Duration>(input, canonical);
    }
}

#[test]
fn duration_rejects() {
    let calendar = "years, months and weeks are not allowed, because they have no fixed length";
    let cases = [
        ("", "expected `P` at the start"),
        ("1D", "expected `P` at the start"),
        (
            "P",
            "expected at least one of days, hours, minutes or seconds",
        ),
        ("PT", "expected hours, minutes or seconds after `T`"),
        ("P1DT", "expected hours, minutes or seconds after `T`"),
        ("P1Y", calendar),
        ("P2M", calendar),
        ("P1W", calendar),
        ("P1D2M", "unexpected text in the duration"),
        ("P1H", "expected `T` before hours and seconds"),
        ("P1", "expected `D` after the number of days"),
        (
            "PT1M1H",
            "hours, minutes and seconds must appear once each, in that order",
        ),
        (
            "PT1H1H",
            "hours, minutes and seconds must appear once each, in that order",
        ),
        ("PT1.5H", "only seconds may have a fraction"),
        ("PT1.S", "expected digits after `.`"),
        ("PT1", "expected `H`, `M` or `S` after the number"),
        ("PT1X", "expected `H`, `M` or `S` after the number"),
        ("pt1s", "expected `P` at the start"),
        ("P10675199DT2H48M5.4775808S", "duration out of range"),
        ("P99999999999999999999999D", "duration out of range"),
        ("P1D ", "unexpected text in the duration"),
    ];
    for (input, reason) in cases {
        check_rejected::<Duration>(input, reason);
    }
}

#[test]
fn duration_conversions() {
    let half = "PT0.5S".parse::<Duration>().unwrap();
    assert_eq!(half.ticks(), 5_000_000);
    assert_eq!(half.to_std(), Some(std::time::Duration::from_millis(500)));
    let negative = "-P3D".parse::<Duration>().unwrap();
    assert!(negative.is_negative());
    assert_eq!(negative.to_std(), None);
    assert!(std::time::Duration::try_from(negative).is_err());
    let from_std = Duration::try_from(std::time::Duration::new(90, 150)).unwrap();
    assert_eq!(from_std.to_string(), "PT1M30.0000001S");
    assert!(Duration::try_from(std::time::Duration::MAX).is_err());
    assert_eq!(Duration::default(), Duration::ZERO);
}

#[test]
fn guid_text() {
    let canonical = "01234567-89ab-cdef-0123-456789abcdef";
    check_text::<Guid>(canonical, canonical);
    check_text::<Guid>("01234567-89AB-CDEF-0123-456789ABCDEF", canonical);
    check_text::<Guid>(
        "00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-000000000000",
    );
    let shape = "expected 36 characters in the form 8-4-4-4-12";
    check_rejected::<Guid>("0123456789abcdef0123456789abcdef", shape);
    check_rejected::<Guid>("{01234567-89ab-cdef-0123-456789abcdef}", shape);
    check_rejected::<Guid>(
        "012345678-9ab-cdef-0123-456789abcdef",
        "expected `-` after groups of 8, 4, 4 and 4 hex digits",
    );
    check_rejected::<Guid>(
        "01234567-89ab-cdef-0123-456789abcdeg",
        "expected hex digits",
    );
    check_rejected::<Guid>("01234567-89ab-cdef-0123-456789abcdé", "expected hex digits");
    let guid: Guid = canonical.parse().unwrap();
    assert_eq!(guid.to_u128(), 0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    assert_eq!(guid.to_bytes()[0], 0x01);
    assert_eq!(Guid::from_bytes(guid.to_bytes()), guid);
    assert_eq!(Guid::default(), Guid::NIL);
}

#[test]
fn binary_text() {
    check_text::<Binary>("T0RhdGE", "T0RhdGE");
    check_text::<Binary>("T0RhdGE=", "T0RhdGE");
    check_text::<Binary>("", "");
    check_text::<Binary>("-_8", "-_8");
    check_text::<Binary>("+/8=", "-_8");
    check_text::<Binary>("+/8", "-_8");
    assert_eq!("T0RhdGE".parse::<Binary>().unwrap().as_bytes(), b"OData");
    assert_eq!("-_8".parse::<Binary>().unwrap().into_vec(), [0xfb, 0xff]);
    for input in ["T0Rh dGE", "T0RhdGE==", "-/8", "A", "T0RhdG!="] {
        check_rejected::<Binary>(input, "expected base64url text");
    }
    assert_eq!(Binary::from(vec![0xfb, 0xff]).to_string(), "-_8");
}

#[test]
fn decimal_forms() {
    let exact = "123456789012345678901234567890.123";
    let cases = [
        (json!(exact), exact),
        (json!("-0.5"), "-0.5"),
        (json!("1e-3"), "1e-3"),
        (json!("1.50"), "1.50"),
        (json!("0"), "0"),
        (json!(42), "42"),
        (json!(-42), "-42"),
        (json!(18446744073709551615u64), "18446744073709551615"),
        (json!(34.95), "34.95"),
        (json!(1e300), "1e+300"),
        (json!(0.1), "0.1"),
    ];
    for (input, text) in cases {
        let decimal: Decimal = json::from_value(input.clone()).unwrap();
        assert_eq!(decimal.as_str(), text, "decoding {input}");
        let from_text: Decimal = json::from_str(&input.to_string()).unwrap();
        assert_eq!(from_text, decimal, "decoding text {input}");
        assert_eq!(json::to_string(&decimal).unwrap(), text, "encoding {input}");
    }
    let cases = [
        (exact, exact),
        (
            "-0.1000000000000000000000000001",
            "-0.1000000000000000000000000001",
        ),
        ("1.50", "1.50"),
        ("1E400", "1e+400"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
    ];
    for (number, text) in cases {
        let from_text: Decimal = json::from_str(number).unwrap();
        assert_eq!(
            from_text.as_str(),
            text,
            "decoding the JSON number {number}"
        );
        let value: Value = serde_json::from_str(number).unwrap();
        let from_value: Decimal = json::from_value(value).unwrap();
        assert_eq!(from_value, from_text, "decoding {number} from a Value");
    }
    let decimal: Decimal = exact.parse().unwrap();
    let value = json::to_value(&decimal).unwrap();
    assert!(value.is_number(), "a Decimal encodes as a JSON number");
    assert_eq!(decimal.to_f64(), 1.2345678901234568e29);
    assert_eq!(Decimal::default().as_str(), "0");
    assert_eq!(Decimal::from(7u8).as_str(), "7");
    assert_eq!(Decimal::try_from(2.5).unwrap().as_str(), "2.5");
    assert!(Decimal::try_from(f64::NAN).is_err());
}

#[test]
fn decimal_rejects() {
    let reason = "expected a decimal number such as `-12.50` or `1e-3`";
    for input in [
        "", "+1", "01", ".5", "1.", "1e", "--1", "NaN", "INF", "1,5", " 1",
    ] {
        check_rejected::<Decimal>(input, reason);
    }
    let error = json::from_str::<Decimal>("true").unwrap_err();
    assert!(error.message().starts_with("invalid type: boolean `true`"));
}

#[test]
fn json_value_types_keep_json() {
    let point = json!({"type": "Point", "coordinates": [142.1, 64.1]});
    let geography: Geography = json::from_value(point.clone()).unwrap();
    assert_eq!(geography.0, point);
    assert_eq!(json::to_value(&geography).unwrap(), point);
    let geometry: Geometry = point.to_string().parse().unwrap();
    assert_eq!(geometry.to_string(), point.to_string());
    let stream: Stream = json::from_str(r#""T0RhdGE""#).unwrap();
    assert_eq!(stream, Stream(json!("T0RhdGE")));
    assert_eq!(Stream::default().0, Value::Null);
    let untyped: Untyped = json::from_str("[1, {\"a\": null}]").unwrap();
    assert_eq!(untyped, json!([1, {"a": null}]));
}

#[test]
fn edm_types_are_wire() {
    use crate::runtime::wire::{Decode, Encode};
    use serde::de::DeserializeSeed;

    let input = json!(["2024-05-01T13:45:00Z", null]);
    let decoded = Decode::<Vec<Option<DateTimeOffset>>>::new()
        .deserialize(input.clone())
        .unwrap();
    assert_eq!(decoded[1], None);
    assert_eq!(serde_json::to_value(Encode(&decoded)).unwrap(), input);
}

#[test]
fn parse_error_cuts_long_input() {
    let input = "x".repeat(100);
    let error = input.parse::<Guid>().unwrap_err();
    assert_eq!(error.input(), format!("{}...", "x".repeat(64)));
    assert_eq!(error.edm_type(), "Edm.Guid");
    let multibyte = "é".repeat(40);
    let error = multibyte.parse::<Guid>().unwrap_err();
    assert_eq!(error.input(), format!("{}...", "é".repeat(32)));
}
