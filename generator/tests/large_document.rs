//! A 100 MB CSDL document, built in memory, reads and resolves in memory proportional to
//! its size. This is the only test in its binary, so the process's peak resident set is
//! this test's.

use generator::{Selection, Source};

/// Builds a schema of about `bytes` bytes: complex types of four properties and a
/// description each, the shape of real metadata.
fn large_schema(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 4096);
    text.push_str(
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices>
<Schema Namespace="big" xmlns="http://docs.oasis-open.org/odata/ns/edm">
"#,
    );
    let mut index = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            r#"<ComplexType Name="t{index}">
  <Property Name="name" Type="Edm.String" />
  <Property Name="count" Type="Edm.Int64" Nullable="false" />
  <Property Name="when" Type="Edm.DateTimeOffset" />
  <Property Name="tags" Type="Collection(Edm.String)" />
  <Annotation Term="Core.Description" String="Type number {index} of a large generated schema." />
</ComplexType>
"#
        ));
        index += 1;
    }
    text.push_str("</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
    text
}

/// Returns the peak resident set size of this process in bytes, from `/proc`.
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn document_of_100_mb_loads_in_bounded_memory() {
    let text = large_schema(100 * 1024 * 1024);
    let size = text.len();
    let source = Source {
        name: "large.xml".to_owned(),
        text,
    };
    let selection = Selection {
        roots: vec!["big.t0".to_owned()],
        ..Selection::default()
    };

    let model = generator::load(&[source], &selection).unwrap_or_else(|f| panic!("{f}"));

    assert!(model.types.len() > 290_000, "{} types", model.types.len());
    if let Some(peak) = peak_rss() {
        eprintln!("peak resident set: {peak} bytes for a {size}-byte document");
        // Measured at 13.4 times the input, in release and debug builds alike (BENCHMARKS.md).
        // The bound leaves room for allocator slack. Memory that grew with the square of the
        // input would exceed it.
        assert!(
            peak < 20 * size,
            "peak resident set {peak} bytes for a {size}-byte document"
        );
    }
}
