//! A throwaway crate that contains generated modules and is checked with `cargo check`, so
//! tests can prove that generated code compiles.
//!
//! The crate has its own `[workspace]`, depends on `graph-security` by path (for the
//! runtime) and reuses the workspace `Cargo.lock`, so `cargo check --offline` finds every
//! dependency already downloaded.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Output;

use crate::workspace_root;

/// A crate directory with one module per generated [`Output`].
pub struct ScratchCrate {
    dir: PathBuf,
    /// The target directory, shared by the scratch crates of one parent directory.
    target: PathBuf,
    modules: Vec<String>,
    /// A generated `[features]` table for the manifest.
    features_table: Option<String>,
}

impl ScratchCrate {
    /// Starts the crate `name` below `parent`, usually the test's `CARGO_TARGET_TMPDIR`.
    ///
    /// Files of an earlier run stay and are overwritten only when they change, and every
    /// scratch crate below `parent` shares the target directory `parent/scratch-target`,
    /// so dependencies are checked once and a rerun checks incrementally. A stale file
    /// that no module declares is never compiled.
    pub fn new(parent: &Path, name: &str) -> ScratchCrate {
        let dir = parent.join(name);
        ScratchCrate {
            target: parent.join("scratch-target"),
            dir,
            modules: Vec::new(),
            features_table: None,
        }
    }

    /// Returns the crate's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `output` as module `crate::<module>`: `models/` and, when generated,
    /// `client/`. The output must have been generated with `models_path` set to
    /// `crate::<module>::models`.
    pub fn add_module(&mut self, module: &str, output: &Output) {
        let root = self.dir.join("src").join(module);
        for (relative, text) in &output.files {
            write(&root.join(relative), text);
        }
        let mut declarations = String::from("pub mod models;\n");
        if output.files.contains_key("client/mod.rs") {
            declarations.push_str("pub mod client;\n");
        }
        write(&root.join("mod.rs"), &declarations);
        self.modules.push(module.to_owned());
        if let Some(table) = &output.features_table {
            assert!(
                self.features_table.is_none(),
                "only one module may bring a `[features]` table"
            );
            self.features_table = Some(table.clone());
        }
    }

    /// Writes the manifest and `lib.rs`, then runs `cargo check --offline` with the
    /// scratch target directory. Returns the compiler output when the check fails.
    pub fn check(&self) -> Result<(), String> {
        self.check_features(&[])
    }

    /// Like [`ScratchCrate::check`], with exactly these Cargo features enabled.
    pub fn check_features(&self, features: &[&str]) -> Result<(), String> {
        self.write_manifest();
        let mut lib = String::from("//! Generated modules under test.\n#![deny(warnings)]\n\n");
        for module in &self.modules {
            lib.push_str(&format!("pub mod {module};\n"));
        }
        write(&self.dir.join("src/lib.rs"), &lib);

        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .args(["check", "--offline", "--quiet", "--message-format", "short"])
            .args(["--no-default-features", "--features", &features.join(",")])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    fn write_manifest(&self) {
        let runtime = workspace_root().join("generated");
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().replace('_', "-"))
            .unwrap_or_default();
        let mut manifest = format!(
            r#"[package]
name = "scratch-{name}"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
graph-security = {{ path = {runtime:?}, default-features = false }}
serde = "1"
serde_json = "1"
"#
        );
        if let Some(table) = &self.features_table {
            manifest.push('\n');
            manifest.push_str(table);
        }
        write(&self.dir.join("Cargo.toml"), &manifest);
        let lock = fs::read_to_string(workspace_root().join("Cargo.lock"))
            .expect("the workspace has a Cargo.lock");
        write(&self.dir.join("Cargo.lock"), &lock);
    }
}

/// Writes a file only when its content differs, so cargo's fingerprints stay valid.
fn write(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
