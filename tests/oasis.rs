//! Runs the whole pipeline on the OASIS CSDL examples, read from `oasis/` of the folder
//! named by `CSDL_CORPUS_DIR` (the tests skip without it).
//!
//! Each example comes as an XML and a JSON file that describe the same model, so both
//! must resolve to the same IR and generate the same code. Every counterexample must be
//! rejected by `generator::generate` with a diagnostic that names the problem and points
//! at a line and column.

use std::path::{Path, PathBuf};

use generator::{Selection, Settings, Source};
use tests::corpus_dir;

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

fn source(path: &Path) -> Source {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Source { name, text }
}

fn settings() -> Settings {
    Settings {
        command: "cargo test -p tests --test oasis".to_owned(),
        ..Settings::default()
    }
}

#[test]
fn pairs_resolve_and_generate_equal() {
    let Some(dir) = corpus_dir("CSDL_CORPUS_DIR", "pairs_resolve_and_generate_equal") else {
        return;
    };
    let pairs: Vec<(PathBuf, PathBuf)> = files_with_extension(&dir.join("oasis"), "xml")
        .into_iter()
        .map(|xml| (xml.with_extension("json"), xml))
        .filter(|(json, _)| json.exists())
        .map(|(json, xml)| (xml, json))
        .collect();
    assert!(!pairs.is_empty(), "no XML and JSON pairs in oasis/");

    let mut failures = Vec::new();
    for (xml, json) in &pairs {
        let (xml, json) = (source(xml), source(json));
        let load = |s: &Source| generator::load(std::slice::from_ref(s), &Selection::default());
        match (load(&xml), load(&json)) {
            (Ok(from_xml), Ok(from_json)) => {
                if from_xml.dump() != from_json.dump() {
                    failures.push(format!(
                        "{} and {} resolve differently:\n--- xml\n{}--- json\n{}",
                        xml.name,
                        json.name,
                        from_xml.dump(),
                        from_json.dump()
                    ));
                }
                eprintln!("{}: {} resolved types", xml.name, from_xml.types.len());
            }
            (xml_result, json_result) => {
                for (name, result) in [(&xml.name, xml_result), (&json.name, json_result)] {
                    if let Err(failure) = result {
                        failures.push(format!("{name} does not resolve:\n{failure}"));
                    }
                }
                continue;
            }
        }
        let generated_xml = generator::generate(std::slice::from_ref(&xml), &settings());
        let generated_json = generator::generate(std::slice::from_ref(&json), &settings());
        match (generated_xml, generated_json) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => failures.push(format!(
                "{} and {} generate different code",
                xml.name, json.name
            )),
            (a, b) => failures.push(format!(
                "{} or {} does not generate: {:?} {:?}",
                xml.name,
                json.name,
                a.err().map(|f| f.to_string()),
                b.err().map(|f| f.to_string())
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The diagnostics each counterexample must produce: a fragment of the message, and the
/// line it must point at.
const COUNTEREXAMPLES: &[(&str, &str, u32)] = &[
    ("annotationtarget1.xml", "target", 5),
    ("test1.xml", "`Key`", 9),
    ("test2.xml", "`LastName`", 11),
];

#[test]
fn counterexamples_are_rejected() {
    let Some(dir) = corpus_dir("CSDL_CORPUS_DIR", "counterexamples_are_rejected") else {
        return;
    };
    let dir = dir.join("oasis/counterexamples");
    let mut files = files_with_extension(&dir, "xml");
    files.extend(files_with_extension(&dir, "json"));
    assert!(
        !files.is_empty(),
        "no counterexamples in oasis/counterexamples"
    );

    let mut failures = Vec::new();
    for path in &files {
        let source = source(path);
        let failure = match generator::generate(std::slice::from_ref(&source), &settings()) {
            Ok(_) => {
                failures.push(format!("{} was accepted", source.name));
                continue;
            }
            Err(failure) => failure,
        };
        let rendered = failure.to_string();
        eprintln!("{rendered}");
        let Some((_, fragment, line)) = COUNTEREXAMPLES.iter().find(|c| c.0 == source.name) else {
            failures.push(format!(
                "{} has no expected diagnostic in COUNTEREXAMPLES:\n{rendered}",
                source.name
            ));
            continue;
        };
        let location = format!("{}:{line}:", source.name);
        let first = rendered.lines().next().unwrap_or_default();
        if !first.starts_with(&location) || !first.contains(fragment) {
            failures.push(format!(
                "{}: expected a diagnostic at `{location}` naming {fragment}, got:\n{rendered}",
                source.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
