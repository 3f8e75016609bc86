//! Helpers shared by the workspace tests: running the generator on fixtures, reading
//! the optional corpus folders named by environment variables, reading the schema, and
//! round-tripping alert payloads through the generated models.

use std::path::{Path, PathBuf};

use generator::ir::{Model, TypeKind};
use generator::{EmitSettings, Selection, Settings, Source};
use graph_security::models::security::{Alert, AnyAlertEvidence};
use graph_security::runtime::json;
use serde_json::Value;

pub mod scratch;

/// Returns the workspace root.
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

/// Reads `schema/` and resolves it as `cargo xtask codegen` does.
pub fn load_schema() -> Model {
    let options = xtask::codegen::Options::default();
    let sources =
        xtask::codegen::read_sources(&workspace_root(), &options).expect("schema/ is readable");
    let selection = xtask::codegen::settings(&options).selection;
    generator::load(&sources, &selection).unwrap_or_else(|failure| panic!("{failure}"))
}

/// One type derived from `microsoft.graph.security.alertEvidence`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EvidenceType {
    /// The qualified name, such as `microsoft.graph.security.deviceEvidence`.
    pub qualified_name: String,
    /// The name of its `AnyAlertEvidence` variant, such as `DeviceEvidence`.
    pub variant: String,
}

/// Returns every type of the schema derived from `alertEvidence`, in declaration order.
pub fn evidence_types(model: &Model) -> Vec<EvidenceType> {
    let base = model.by_name["microsoft.graph.security.alertEvidence"];
    model
        .all_derived(base)
        .into_iter()
        .map(|id| {
            let type_def = model.get(id);
            EvidenceType {
                qualified_name: type_def.qualified_name.clone(),
                variant: type_def.rust_name.clone(),
            }
        })
        .collect()
}

/// Returns true when the named type of the schema is an enum type.
pub fn is_enum(model: &Model, qualified_name: &str) -> bool {
    model
        .by_name
        .get(qualified_name)
        .is_some_and(|id| matches!(model.get(*id).kind, TypeKind::Enum(_)))
}

/// Returns the name of the `AnyAlertEvidence` variant of `evidence`, such as
/// `DeviceEvidence`, `Unknown` or `Invalid`.
pub fn variant_name(evidence: &AnyAlertEvidence) -> String {
    // The derived `Debug` of a tuple variant starts with the variant name and `(`, which
    // saves a hand-written list of 51 match arms that would drift from the schema.
    let debug = format!("{evidence:?}");
    debug
        .split_once('(')
        .map_or(debug.as_str(), |(name, _)| name)
        .to_owned()
}

/// Reads every `.json` file in `dir`, sorted by file name, as its name and JSON value.
pub fn read_json_files(dir: &Path) -> Vec<(String, Value)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let body: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, body)
        })
        .collect()
}

/// Returns every alert object in a payload: the body itself when it has `severity` or
/// `evidence` and no `value`, or each such item of a `value` array.
pub fn alerts_in(body: &Value) -> Vec<&Value> {
    let is_alert = |item: &&Value| item.get("severity").is_some() || item.get("evidence").is_some();
    match body.get("value") {
        Some(Value::Array(items)) => items.iter().filter(is_alert).collect(),
        _ if is_alert(&body) => vec![body],
        _ => Vec::new(),
    }
}

/// An alert decoded from a payload and encoded back to JSON.
#[derive(Debug, Clone)]
pub struct RoundTrip {
    pub alert: Alert,
    pub written: Value,
}

/// Decodes `input` as an `Alert` and encodes it back, or returns why either step failed.
pub fn round_trip_alert(input: &Value) -> Result<RoundTrip, String> {
    let alert: Alert =
        json::from_value(input.clone()).map_err(|error| format!("does not decode: {error}"))?;
    let written = json::to_value(&alert).map_err(|error| format!("does not encode: {error}"))?;
    Ok(RoundTrip { alert, written })
}

/// Compares two JSON values as payloads. Returns the JSON path of the first difference.
///
/// Some differences are allowed, because the models write values in their canonical
/// form. A `null` and an absent property are alike. Strings that both parse as
/// date-times compare as instants, and other strings that differ only in ASCII case
/// (enum member names) are alike. Numbers compare by value. An `Edm.Int64` written as a
/// string of digits (the `IEEE754Compatible` form) matches the same integer written as a
/// number.
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
        (Value::Number(a), Value::Number(b)) if a == b || same_f64(a, b) => Ok(()),
        (Value::String(text), Value::Number(number)) if same_integer(text, number) => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: {a} became {b}")),
    }
}

/// Returns true when both numbers are finite `f64` values and equal.
fn same_f64(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// Returns true when `text` is an optional sign and digits naming the integer `number`.
fn same_integer(text: &str, number: &serde_json::Number) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let is_integer_text = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    is_integer_text && text.parse::<i64>().ok() == number.as_i64()
}
