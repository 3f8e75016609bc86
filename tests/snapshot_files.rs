//! Fails when a snapshot file has no fixture, so a removed or renamed fixture cannot
//! leave a stale snapshot behind.

use std::path::Path;

#[test]
fn every_snapshot_has_a_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(root.join("snapshots")).expect("tests/snapshots exists") {
        let name = entry
            .expect("directory entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(rest) = name.strip_suffix(".snap") else {
            continue;
        };
        // Snapshot names look like `snapshots__<test>@<fixture file>`.
        // Snapshots without `@` belong to tests that name them directly, not to a fixture.
        let Some((test, fixture)) = rest.split_once('@') else {
            continue;
        };
        let folder = if test.contains("err_fixtures") {
            "err"
        } else {
            "ok"
        };
        if !root.join("fixtures").join(folder).join(fixture).exists() {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}
