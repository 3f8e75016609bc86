//! Per-namespace Cargo features: the generated `[features]` table and `#[cfg]` gates are
//! snapshotted, and the generated crate must compile with each feature alone, with none
//! and with all of them, so every feature enables what its namespace needs.

use tests::scratch::ScratchCrate;
use tests::{fixture_settings, fixture_source, join_files, workspace_root};

const MODULE: &str = "features";

#[test]
fn features_compile_alone_and_together() {
    let source = fixture_source(&workspace_root().join("tests/fixtures/features.xml"));
    let mut settings = fixture_settings(MODULE);
    settings.emit.namespace_features = true;
    settings.command = "cargo test -p tests --test namespace_features".to_owned();
    let output = generator::generate(&[source], &settings).unwrap_or_else(|f| panic!("{f}"));
    let table = output
        .features_table
        .clone()
        .expect("namespace features write a table");
    insta::assert_snapshot!(format!(
        "// ==== features.toml ====\n{table}\n{}",
        join_files(&output.files)
    ));

    let mut scratch = ScratchCrate::new(env!("CARGO_TARGET_TMPDIR").as_ref(), "features");
    scratch.add_module(MODULE, &output);
    let mut failures = Vec::new();
    let combinations: &[&[&str]] = &[
        &[],
        &["contoso"],
        &["sub"],
        &["extra"],
        &["client"],
        &["contoso", "sub", "extra", "client"],
    ];
    for features in combinations {
        if let Err(compiler) = scratch.check_features(features) {
            failures.push(format!("features {features:?}:\n{compiler}"));
        }
    }
    assert!(
        failures.is_empty(),
        "crate at {}:\n{}",
        scratch.dir().display(),
        failures.join("\n")
    );
}
