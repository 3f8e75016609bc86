//! Helpers shared by the workspace tests: running the generator on fixtures, and
//! reading the optional corpus folders named by environment variables.

use std::path::{Path, PathBuf};

use generator::{EmitSettings, Selection, Settings, Source};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is a workspace member")
        .into()
}

/// Settings for a fixture whose output is compiled as module `case` of a scratch crate.
pub fn fixture_settings(case: &str) -> Settings {
    Settings {
        selection: Selection::default(),
        emit: EmitSettings {
            runtime_path: "::graph_security::runtime".to_owned(),
            models_path: format!("crate::{case}::models"),
        },
        command: "cargo test -p tests --test snapshots".to_owned(),
    }
}

/// Reads a fixture file as a generator source named by its path below `tests/`.
pub fn fixture_source(path: &Path) -> Source {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let name = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(path)
        .display()
        .to_string();
    Source { name, text }
}

/// The case name of a fixture: its file stem, usable as a module name.
pub fn case_name(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("fixture names are UTF-8")
        .to_owned()
}

/// Joins generated files into one text, each under a `// ==== path ====` line.
pub fn join_files(files: &std::collections::BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (path, text) in files {
        out.push_str(&format!("// ==== {path} ====\n{text}\n"));
    }
    out
}

/// Returns the folder named by the environment variable `name`, or prints why the
/// calling test is skipped and returns `None`.
pub fn corpus_dir(name: &str, test: &str) -> Option<PathBuf> {
    match std::env::var_os(name) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => {
            eprintln!("skipping {test}: set {name} to the folder it reads");
            None
        }
    }
}
