//! Helpers shared by the workspace tests: running the generator on fixtures, and
//! reading the optional corpus folders named by environment variables.

use std::path::{Path, PathBuf};

use generator::{EmitSettings, Selection, Settings, Source};

pub mod scratch;

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
            ..EmitSettings::default()
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

/// Compares two JSON values as payloads: `null` and absent properties are alike,
/// strings that both parse as date-times compare as instants, and other strings that
/// differ only in ASCII case are alike (enum member names are written canonically).
/// Returns the JSON path of the first difference.
pub fn payload_equivalent(
    expected: &serde_json::Value,
    actual: &serde_json::Value,
) -> Result<(), String> {
    compare_at("", expected, actual)
}

fn compare_at(
    path: &str,
    expected: &serde_json::Value,
    actual: &serde_json::Value,
) -> Result<(), String> {
    use serde_json::Value;
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let left = a.get(key).unwrap_or(&Value::Null);
                let right = b.get(key).unwrap_or(&Value::Null);
                compare_at(&format!("{path}.{key}"), left, right)?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{path}: {} items, then {}", a.len(), b.len()));
            }
            for (index, (left, right)) in a.iter().zip(b).enumerate() {
                compare_at(&format!("{path}[{index}]"), left, right)?;
            }
            Ok(())
        }
        (Value::String(a), Value::String(b)) if a == b || a.eq_ignore_ascii_case(b) => Ok(()),
        (Value::String(a), Value::String(b)) => {
            let instant = |s: &str| {
                s.parse::<graph_security::runtime::edm::DateTimeOffset>()
                    .ok()
            };
            match (instant(a), instant(b)) {
                (Some(x), Some(y)) if x.instant_eq(&y) => Ok(()),
                _ => Err(format!("{path}: {a:?} became {b:?}")),
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: {a} became {b}")),
    }
}
