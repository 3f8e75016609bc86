//! Compares our schema with Microsoft's published Graph v1.0 metadata, read from the
//! folder named by `CSDL_CORPUS_DIR` (the test skips without it).

use std::collections::BTreeSet;

use generator::{Selection, Source};
use tests::{corpus_dir, workspace_root};

const ROOT: &str = "microsoft.graph.security.alert";

fn official_source(test: &str) -> Option<Source> {
    let dir = corpus_dir("CSDL_CORPUS_DIR", test)?;
    let path = dir.join("graph/v1.0-Prod.csdl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(Source {
        name: "graph/v1.0-Prod.csdl".to_owned(),
        text,
    })
}

fn our_sources() -> Vec<Source> {
    let options = xtask::codegen::Options::default();
    xtask::codegen::read_sources(&workspace_root(), &options).expect("schema/ is readable")
}

/// Lists the lines only in `ours` and only in `theirs`, in order.
fn line_differences(ours: &str, theirs: &str) -> Vec<String> {
    let our_lines: BTreeSet<&str> = ours.lines().collect();
    let their_lines: BTreeSet<&str> = theirs.lines().collect();
    let mut out = Vec::new();
    for line in ours.lines().filter(|l| !their_lines.contains(l)) {
        out.push(format!("only in schema/:  {line}"));
    }
    for line in theirs.lines().filter(|l| !our_lines.contains(l)) {
        out.push(format!("only in official: {line}"));
    }
    out
}

#[test]
fn schema_matches_official_metadata() {
    let Some(official) = official_source("schema_matches_official_metadata") else {
        return;
    };
    let selection = Selection {
        roots: vec![ROOT.to_owned()],
        ..Selection::default()
    };
    let ours = generator::load(&our_sources(), &selection).unwrap_or_else(|f| panic!("{f}"));
    let theirs = generator::load(&[official], &selection).unwrap_or_else(|f| panic!("{f}"));

    let differences = line_differences(&ours.dump(), &theirs.dump());
    assert!(
        differences.is_empty(),
        "schema/ differs from the official metadata in {} line(s):\n{}",
        differences.len(),
        differences.join("\n")
    );
    let selected = ours.types.iter().filter(|t| t.selected).count();
    assert_eq!(selected, 92, "the alert closure has 92 types");
}

/// Generating from the official metadata with the alert root writes the committed crate.
/// The one permitted difference is the wording of deprecation notes, because schema/
/// words its descriptions itself instead of copying Microsoft's.
#[test]
fn official_metadata_generates_committed_models() {
    let Some(official) = official_source("official_metadata_generates_committed_models") else {
        return;
    };
    let options = xtask::codegen::Options {
        metadata: vec!["official".into()],
        roots: vec![ROOT.to_owned()],
        ..Default::default()
    };
    let settings = xtask::codegen::settings(&options);
    let output = generator::generate(&[official], &settings).unwrap_or_else(|f| panic!("{f}"));
    let src = workspace_root().join("generated/src");
    let mut differences = Vec::new();
    for (path, text) in &output.files {
        let committed = std::fs::read_to_string(src.join(path)).unwrap_or_default();
        for difference in line_differences(&committed, text) {
            let line = difference
                .split_once(": ")
                .map(|(_, l)| l.trim_start())
                .unwrap_or("");
            if !line.starts_with("note = ") {
                differences.push(format!("{path}: {difference}"));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "differences:\n{}",
        differences.join("\n")
    );
}

/// Graph keeps most descriptions and capabilities in `Annotations` blocks far from the
/// elements they describe, some targeting container paths: they must reach the IR.
#[test]
fn official_annotations_reach_the_model() {
    let Some(official) = official_source("official_annotations_reach_the_model") else {
        return;
    };
    let model =
        generator::load(&[official], &Selection::default()).unwrap_or_else(|f| panic!("{f}"));
    let type_named = |name: &str| model.get(model.by_name[name]);

    let record = type_named("microsoft.graph.security.alertSubmissionAuditRecord");
    assert_eq!(
        record.docs.description.as_deref(),
        Some("Audit data for Alert Submission events.")
    );
    let registration = type_named("microsoft.graph.androidManagedAppRegistration");
    assert!(registration.docs.long_description.is_some());

    let user = model
        .structured(model.by_name["microsoft.graph.user"])
        .unwrap();
    let limit = user
        .properties
        .iter()
        .find(|p| p.name == "deviceEnrollmentLimit")
        .expect("user has deviceEnrollmentLimit");
    assert!(limit
        .docs
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with("The limit on the maximum number of devices")));

    let container = model.container.as_ref().expect("Graph has a container");
    let entry = |name: &str| {
        container
            .entity_sets
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entry `{name}`"))
    };
    // `microsoft.graph.GraphService/employeeExperience` declares that it cannot be counted.
    assert_eq!(
        entry("employeeExperience").capabilities.countable,
        Some(false)
    );
    assert_eq!(entry("chats").capabilities.expandable, Some(true));
}
