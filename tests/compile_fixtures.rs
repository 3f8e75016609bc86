//! Builds the generated code of every `fixtures/ok` case, so a snapshot cannot hold code
//! that does not compile.
//!
//! The test writes each case's files into one scratch crate below `CARGO_TARGET_TMPDIR`,
//! one module per case at `crate::<case>` (the path [`tests::fixture_settings`] gives the
//! generator), and runs `cargo check --offline` there. The scratch crate is its own
//! workspace with its own target directory. It depends on `graph-security` by path without
//! default features and starts from a copy of the workspace `Cargo.lock`, so it needs no
//! network and builds the dependency versions that the workspace locks.
//!
//! Warnings are errors: generated files must allow, at their top, every lint that generated
//! code cannot satisfy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tests::{case_name, fixture_settings, fixture_source, workspace_root};

/// Generates every `ok` fixture and returns its files by case name.
fn generate_ok_fixtures() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ok");
    let mut cases = BTreeMap::new();
    for entry in fs::read_dir(&dir).expect("tests/fixtures/ok exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let case = case_name(&path);
        let output = generator::generate(&[fixture_source(&path)], &fixture_settings(&case))
            .unwrap_or_else(|failure| panic!("fixture {case} failed:\n{failure}"));
        cases.insert(case, output.files);
    }
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    cases
}

/// Writes the scratch crate, replacing any sources of an earlier run but keeping its
/// target directory, so a second run only rebuilds the generated modules.
fn write_scratch_crate(root: &Path, cases: &BTreeMap<String, BTreeMap<String, String>>) {
    let src = root.join("src");
    if src.exists() {
        fs::remove_dir_all(&src).expect("old scratch sources are removable");
    }
    fs::create_dir_all(&src).expect("scratch src is creatable");

    let generated = workspace_root().join("generated");
    let manifest = format!(
        r#"[package]
name = "ok-fixture-outputs"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
graph-security = {{ path = {generated:?}, default-features = false }}
serde = "1"
serde_json = "1"

[workspace]
"#
    );
    fs::write(root.join("Cargo.toml"), manifest).expect("scratch manifest is writable");
    fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock"))
        .expect("the workspace Cargo.lock is copyable");

    let mut lib = String::from("//! Generated code of the `tests/fixtures/ok` cases.\n");
    for (case, files) in cases {
        let mut top_modules: Vec<&str> = Vec::new();
        for (relative, text) in files {
            let path = src.join(case).join(relative);
            fs::create_dir_all(path.parent().expect("a file has a folder"))
                .expect("scratch module folder is creatable");
            fs::write(&path, text).expect("generated file is writable");
            let top = relative.split('/').next().expect("a relative path");
            let top = top.strip_suffix(".rs").unwrap_or(top);
            if !top_modules.contains(&top) {
                top_modules.push(top);
            }
        }
        let modules: String = top_modules
            .iter()
            .map(|m| format!("pub mod {m}; "))
            .collect();
        writeln!(lib, "pub mod {case} {{ {modules}}}").expect("writing to a String");
    }
    fs::write(src.join("lib.rs"), lib).expect("scratch lib.rs is writable");
}

#[test]
fn ok_fixture_outputs_compile() {
    let cases = generate_ok_fixtures();
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ok-fixture-outputs");
    write_scratch_crate(&root, &cases);

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("check")
        .arg("--offline")
        .arg("--message-format=short")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");

    assert!(
        output.status.success(),
        "the generated code of the ok fixtures ({}) does not compile:\n{}",
        cases.keys().cloned().collect::<Vec<_>>().join(", "),
        String::from_utf8_lossy(&output.stderr)
    );
}
