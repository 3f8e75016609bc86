//! Hostile inputs too large to commit as fixtures, built in memory: deep nesting, long and
//! cyclic base-type chains, and thousands of names that collide. Each must end with a
//! diagnostic or with output, never a panic, a stack overflow or a hang.
//!
//! Each case runs on a thread with a 2 MiB stack, the default for a thread that Rust
//! spawns, so recursion that grows with the input overflows here.

use std::time::{Duration, Instant};

use generator::{Failure, Output, Settings, Source};

const EDMX_OPEN: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="h" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#;
const EDMX_CLOSE: &str = "</Schema></edmx:DataServices></edmx:Edmx>";

/// The stack of the thread that runs each case.
///
/// NOTE: in a debug build, XML annotations nested just under `MAX_DEPTH` need between 1 and
/// 2 MiB of stack (measured with this test on 1 MiB, which overflows); CSDL JSON at the same
/// depth fits in 1 MiB. A caller on a smaller stack should read such input elsewhere.
const STACK_SIZE: usize = 2 * 1024 * 1024;

/// The maximum time a case may take. A debug build runs each case in one or two seconds
/// when it has a core to itself (2-core machine). The limit leaves room for a loaded
/// machine, so it only catches work that grows much faster than the input, such as the
/// cubic base-type cycle check that this file first caught.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// Wraps schema content in a document with the namespace `h`.
fn schema(body: &str) -> String {
    format!("{EDMX_OPEN}{body}{EDMX_CLOSE}")
}

/// Runs the whole generator on `text` on a small stack and checks the time limit.
#[track_caller]
fn generate(text: String) -> Result<Output, Failure> {
    let started = Instant::now();
    let result = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let source = Source {
                name: "hostile.xml".to_owned(),
                text,
            };
            generator::generate(&[source], &Settings::default())
        })
        .expect("a thread starts")
        .join()
        .expect("the generator does not panic");
    let elapsed = started.elapsed();
    assert!(elapsed < TIME_LIMIT, "took {elapsed:?}");
    result
}

#[track_caller]
fn expect_failure(text: String) -> String {
    match generate(text) {
        Ok(output) => panic!("generated {} files but should fail", output.files.len()),
        Err(failure) => failure.to_string(),
    }
}

#[test]
fn xml_nested_10000_deep_rejected() {
    let depth = 10_000;
    let body = format!(
        r#"<ComplexType Name="t"><Annotation Term="Core.Description">{}{}</Annotation></ComplexType>"#,
        "<Collection>".repeat(depth),
        "</Collection>".repeat(depth)
    );

    let rendered = expect_failure(schema(&body));

    assert!(
        rendered.contains("elements are nested more than 256 levels deep"),
        "{rendered}"
    );
    assert!(rendered.ends_with("1 error\n"), "{rendered}");
}

#[test]
fn xml_nested_to_the_limit_reads() {
    // The schema and the annotation take four levels below `edmx:Edmx`.
    let depth = generator::read::MAX_DEPTH - 5;
    let body = format!(
        r#"<ComplexType Name="t"><Annotation Term="Core.Description">{}{}</Annotation></ComplexType>"#,
        "<Collection>".repeat(depth),
        "</Collection>".repeat(depth)
    );

    let result = generate(schema(&body));

    assert!(
        result.is_ok(),
        "{}",
        result.err().map(|f| f.to_string()).unwrap_or_default()
    );
}

#[test]
fn json_nested_to_the_limit_reads() {
    let depth = generator::read::MAX_DEPTH - 5;
    let text = format!(
        r#"{{"$Version":"4.01","h":{{"t":{{"$Kind":"ComplexType","@Core.Description":{}0{}}}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );

    let result = generate(text);

    assert!(
        result.is_ok(),
        "{}",
        result.err().map(|f| f.to_string()).unwrap_or_default()
    );
}

#[test]
fn xml_unclosed_10000_deep_rejected() {
    let text = format!("{EDMX_OPEN}{}", "<ComplexType Name=\"t\">".repeat(10_000));

    let rendered = expect_failure(text);

    assert!(
        rendered.contains("nested more than 256 levels"),
        "{rendered}"
    );
}

#[test]
fn json_nested_10000_deep_rejected() {
    let depth = 10_000;
    let text = format!(
        r#"{{"$Version":"4.01","h":{{"t":{{"$Kind":"ComplexType","@Core.Description":{}0{}}}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );

    let rendered = expect_failure(text);

    assert!(rendered.contains("256"), "{rendered}");
}

#[test]
fn base_type_chain_10000_long_rejected() {
    let mut body = String::from(
        r#"<ComplexType Name="t0"><Property Name="p" Type="Edm.String" /></ComplexType>"#,
    );
    for i in 1..10_000 {
        let base = i - 1;
        body.push_str(&format!(
            r#"<ComplexType Name="t{i}" BaseType="h.t{base}"><Property Name="p{i}" Type="h.t{base}" /></ComplexType>"#
        ));
    }

    let rendered = expect_failure(schema(&body));

    assert!(
        rendered.contains(
            "the chain of base types of `h.t64` is 65 types long, more than the 64 supported"
        ),
        "{}",
        &rendered[..rendered.len().min(2000)]
    );
    assert!(
        rendered.ends_with("1 error\n"),
        "one error per chain: {}",
        &rendered[..500]
    );
}

#[test]
fn base_type_chain_at_limit_generates() {
    let mut body = String::from(
        r#"<ComplexType Name="t0"><Property Name="p" Type="Edm.String" /></ComplexType>"#,
    );
    for i in 1..64 {
        let base = i - 1;
        body.push_str(&format!(
            r#"<ComplexType Name="t{i}" BaseType="h.t{base}"><Property Name="p{i}" Type="h.t{base}" /></ComplexType>"#
        ));
    }

    let output = generate(schema(&body)).unwrap_or_else(|failure| panic!("{failure}"));

    let text = &output.files["models/mod.rs"];
    assert!(
        text.contains("pub struct T63 {"),
        "the deepest type is generated"
    );
    assert!(text.contains("pub p63: "), "with its own property");
}

#[test]
fn base_type_cycle_of_10000_reported_once() {
    let count = 10_000;
    let body: String = (0..count)
        .map(|i| {
            let base = (i + 1) % count;
            format!(r#"<ComplexType Name="t{i}" BaseType="h.t{base}" />"#)
        })
        .collect();

    let rendered = expect_failure(schema(&body));

    assert_eq!(
        rendered.lines().next().unwrap_or_default(),
        "hostile.xml:1:169: error: base types form a cycle: h.t0 -> h.t1 -> h.t2 -> h.t3 \
         -> h.t4 -> h.t5 -> ... -> h.t9998 -> h.t9999 -> h.t0 (10000 types)"
    );
    assert!(rendered.ends_with("1 error\n"), "{}", &rendered[..500]);
}

#[test]
fn names_colliding_10000_times_get_suffixes() {
    // 100 stems, and for each `aa`, `aa_`, `aa__`, ...: all of one stem become one field name.
    let properties: String = (0..10_000u32)
        .map(|i| {
            let stem = i / 100;
            let first = char::from(b'a' + (stem / 26) as u8);
            let second = char::from(b'a' + (stem % 26) as u8);
            let underscores = "_".repeat((i % 100) as usize);
            format!(r#"<Property Name="{first}{second}{underscores}" Type="Edm.Int32" />"#)
        })
        .collect();
    let body = format!(r#"<ComplexType Name="wide">{properties}</ComplexType>"#);

    let output = generate(schema(&body)).unwrap_or_else(|failure| panic!("{failure}"));

    let text = &output.files["models/mod.rs"];
    assert!(text.contains("pub aa: "), "the first keeps its name");
    assert!(
        text.contains("pub aa_100: "),
        "the 100th of one stem gets suffix 100"
    );
    assert!(!text.contains("pub aa_101: "), "a stem has 100 names");
    assert!(text.contains("pub dv_100: "), "each stem counts on its own");
}

#[test]
fn namespace_in_two_documents_rejected() {
    let sources: Vec<Source> = ["one.xml", "two.xml"]
        .iter()
        .map(|name| Source {
            name: (*name).to_owned(),
            text: schema(r#"<ComplexType Name="t" />"#),
        })
        .collect();

    let failure = generator::generate(&sources, &Settings::default())
        .expect_err("one namespace in two documents");

    let rendered = failure.to_string();
    assert!(
        rendered.starts_with("two.xml:1:"),
        "reported in the second document: {rendered}"
    );
    assert!(
        rendered.contains("namespace `h` is declared by two schemas"),
        "{rendered}"
    );
}
