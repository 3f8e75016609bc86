//! Reads the real metadata corpus named by `CSDL_CORPUS_DIR`, when that variable is set.
//!
//! The corpus lives outside the repository: the Microsoft Graph v1.0 metadata, the OASIS
//! CSDL examples in both formats with their counterexamples, and a few other services.
//! Without the variable each test prints why it skipped and passes.

use std::path::{Path, PathBuf};

use generator::csdl::{Document, SchemaItem};
use generator::read::{dump, read_document};

fn corpus_dir() -> Option<PathBuf> {
    match std::env::var_os("CSDL_CORPUS_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            eprintln!("skipped: set CSDL_CORPUS_DIR to the metadata corpus to run this test");
            None
        }
    }
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a file that must produce no diagnostics.
#[track_caller]
fn read_clean(path: &Path) -> Document {
    match read_document(0, &read_text(path)) {
        Ok(document) => document,
        Err(diagnostics) => panic!("{}", diagnostics.render(&[path.display().to_string()])),
    }
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

#[derive(Default, Debug, PartialEq)]
struct Counts {
    schemas: usize,
    entity_types: usize,
    complex_types: usize,
    enum_types: usize,
    actions: usize,
    functions: usize,
    annotation_blocks: usize,
}

fn count(document: &Document) -> Counts {
    let mut counts = Counts {
        schemas: document.schemas.len(),
        ..Counts::default()
    };
    for schema in &document.schemas {
        counts.annotation_blocks += schema.annotation_blocks.len();
        for item in &schema.items {
            match item {
                SchemaItem::EntityType(_) => counts.entity_types += 1,
                SchemaItem::ComplexType(_) => counts.complex_types += 1,
                SchemaItem::EnumType(_) => counts.enum_types += 1,
                SchemaItem::Action(_) => counts.actions += 1,
                SchemaItem::Function(_) => counts.functions += 1,
                _ => {}
            }
        }
    }
    counts
}

#[test]
fn graph_metadata_reads_cleanly() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("graph/v1.0-Prod.csdl");
    let text = read_text(&path);
    let started = std::time::Instant::now();
    let result = read_document(0, &text);
    // Printed for `cargo test --release -- --nocapture`; a debug build is several times slower.
    eprintln!("read {} in {:?}", file_name(&path), started.elapsed());
    let document = match result {
        Ok(document) => document,
        Err(diagnostics) => panic!("{}", diagnostics.render(&[path.display().to_string()])),
    };
    let expected = Counts {
        schemas: 11,
        entity_types: 1_182,
        complex_types: 1_779,
        enum_types: 861,
        actions: 857,
        functions: 326,
        annotation_blocks: 4_878,
    };
    assert_eq!(count(&document), expected);
    assert_eq!(document.version, "4.0");
    assert_eq!(
        document.entity_container.as_deref(),
        Some("microsoft.graph.GraphService")
    );
}

#[test]
fn services_read_cleanly() {
    let Some(dir) = corpus_dir() else { return };
    let files = files_with_extension(&dir.join("services"), "xml");
    assert!(!files.is_empty(), "no services found");
    for path in files {
        let document = read_clean(&path);
        assert!(
            !document.schemas.is_empty(),
            "{} has no schemas",
            path.display()
        );
    }
}

#[test]
fn oasis_pairs_dump_equal() {
    let Some(dir) = corpus_dir() else { return };
    let dir = dir.join("oasis");
    let xml_files = files_with_extension(&dir, "xml");
    assert!(!xml_files.is_empty(), "no XML examples found");
    let mut failures = Vec::new();
    for xml_path in xml_files {
        let json_path = xml_path.with_extension("json");
        if !json_path.exists() {
            continue;
        }
        let from_xml = dump(&read_clean(&xml_path));
        let from_json = dump(&read_clean(&json_path));
        if from_xml != from_json {
            failures.push(format!(
                "{} and {} differ:\n{}",
                file_name(&xml_path),
                file_name(&json_path),
                line_diff(&from_xml, &from_json)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn oasis_counterexamples_are_rejected() {
    let Some(dir) = corpus_dir() else { return };
    let dir = dir.join("oasis/counterexamples");
    let mut files = files_with_extension(&dir, "xml");
    files.extend(files_with_extension(&dir, "json"));
    assert!(!files.is_empty(), "no counterexamples found");
    for path in files {
        let name = file_name(&path);
        match read_document(0, &read_text(&path)) {
            Ok(_) => panic!("{name} was accepted"),
            Err(diagnostics) => {
                let rendered = diagnostics.render(std::slice::from_ref(&name));
                eprintln!("{rendered}");
                // Every diagnostic names the file with a line and column.
                assert!(rendered.starts_with(&format!("{name}:")), "{rendered}");
            }
        }
    }
}

/// Lists the lines of `expected` and `actual` that differ, `-` for the first and `+` for the
/// second, with the line numbers, in the manner of a unified diff without context.
fn line_diff(expected: &str, actual: &str) -> String {
    let left: Vec<&str> = expected.lines().collect();
    let right: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for i in 0..left.len().max(right.len()) {
        let (l, r) = (left.get(i), right.get(i));
        if l != r {
            if let Some(l) = l {
                out.push_str(&format!("{:>5} - {l}\n", i + 1));
            }
            if let Some(r) = r {
                out.push_str(&format!("{:>5} + {r}\n", i + 1));
            }
        }
    }
    out
}
