//! The write step of `cargo xtask codegen` changes each generated directory all at once:
//! an injected failure, a leftover from a killed run, or a real kill of the process never
//! leaves a directory half old and half new.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::codegen::{apply, apply_with, old_path, plan, recover, staging_path};

type Tree = BTreeMap<String, String>;

/// Returns an empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("atomic_apply")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("old scratch directory is removable");
    }
    fs::create_dir_all(&dir).expect("scratch directory is creatable");
    dir
}

/// Reads every file below `dir`, dot directories included, keyed by relative path.
fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let text = fs::read_to_string(&path).unwrap_or_else(|e| format!("<{e}>"));
                out.insert(relative.display().to_string(), text);
            }
        }
    }
    out
}

fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (relative, text) in files {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folder");
        fs::write(path, text).expect("file is writable");
    }
}

/// Builds a `src/` with old generated models and client and one hand-written file, and
/// returns it with the new output: two changed files, one new, one removed.
fn old_src_and_new_output(name: &str) -> (PathBuf, Tree) {
    let src = scratch(name).join("src");
    write_tree(
        &src,
        &[
            (
                "models/mod.rs",
                "// @generated old\npub mod a;\npub mod b;\n",
            ),
            ("models/a.rs", "// @generated old a\n"),
            ("models/b.rs", "// @generated old b\n"),
            ("models/hand.rs", "// written by hand, kept\n"),
            ("client/mod.rs", "// @generated old client\n"),
            ("lib.rs", "pub mod models;\n"),
        ],
    );
    let new: Tree = [
        (
            "models/mod.rs",
            "// @generated new\npub mod a;\npub mod c;\n",
        ),
        ("models/a.rs", "// @generated new a\n"),
        ("models/c.rs", "// @generated new c\n"),
        ("client/mod.rs", "// @generated new client\n"),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.to_owned()))
    .collect();
    (src, new)
}

#[test]
fn failure_midway_leaves_tree_unchanged() {
    let (src, new) = old_src_and_new_output("failure_midway");
    let changes = plan(&src, &new).expect("plan");
    let before = tree(&src);

    let mut writes = 0;
    let result = apply_with(&src, &changes, &mut |_| {
        writes += 1;
        if writes == 2 {
            Err(io::Error::other("injected failure"))
        } else {
            Ok(())
        }
    });

    let error = result.expect_err("the injected failure stops the run");
    assert!(error.contains("injected failure"), "{error}");
    assert_eq!(writes, 2, "one file was written before the failure");
    assert_eq!(tree(&src), before, "no file changed and no staging is left");
}

#[test]
fn failure_in_second_directory_keeps_first_complete() {
    let (src, new) = old_src_and_new_output("failure_second_directory");
    let changes = plan(&src, &new).expect("plan");
    let before = tree(&src);

    let result = apply_with(&src, &changes, &mut |path| {
        if path.components().any(|c| c.as_os_str() == "client") {
            Err(io::Error::other("injected failure"))
        } else {
            Ok(())
        }
    });

    assert!(result.is_err());
    let after = tree(&src);
    assert_eq!(
        after["models/mod.rs"], new["models/mod.rs"],
        "models is new"
    );
    assert_eq!(after["models/c.rs"], new["models/c.rs"]);
    assert!(!after.contains_key("models/b.rs"), "models is complete");
    assert_eq!(
        after["client/mod.rs"], before["client/mod.rs"],
        "client is old"
    );
    assert!(
        after.keys().all(|k| !k.starts_with('.')),
        "no staging left: {after:?}"
    );
}

#[test]
fn success_replaces_generated_and_keeps_hand_written() {
    let (src, new) = old_src_and_new_output("success");
    let changes = plan(&src, &new).expect("plan");

    apply(&src, &changes).expect("apply");

    let mut expected = new.clone();
    expected.insert(
        "models/hand.rs".to_owned(),
        "// written by hand, kept\n".to_owned(),
    );
    expected.insert("lib.rs".to_owned(), "pub mod models;\n".to_owned());
    assert_eq!(tree(&src), expected);
    assert!(
        plan(&src, &new).expect("plan").is_empty(),
        "nothing left to do"
    );
}

#[test]
fn leftover_staging_removed_by_next_run() {
    let (src, new) = old_src_and_new_output("leftover_staging");
    write_tree(
        &src,
        &[
            (".models.codegen-new/a.rs", "// @generated half written"),
            (".client.codegen-old/mod.rs", "// @generated stale"),
        ],
    );

    recover(&src).expect("recover");
    let changes = plan(&src, &new).expect("plan");
    apply(&src, &changes).expect("apply");

    let after = tree(&src);
    assert!(after.keys().all(|k| !k.starts_with('.')), "{after:?}");
    assert_eq!(after["models/a.rs"], new["models/a.rs"]);
    assert!(!staging_path(&src, "models").exists());
}

#[test]
fn directory_moved_aside_is_restored() {
    let (src, _) = old_src_and_new_output("moved_aside");
    let before = tree(&src);
    // The state that a kill between the two renames of the fallback swap leaves behind.
    fs::rename(src.join("models"), old_path(&src, "models")).expect("rename");

    recover(&src).expect("recover");

    assert_eq!(tree(&src), before);
}

/// Runs the xtask binary on the crate's schema into `out`, with extra arguments.
fn codegen(out: &Path, extra: &[&str]) -> Command {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/security.xml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(["codegen", "--metadata"])
        .arg(schema)
        .arg("--out")
        .arg(out)
        .args(extra);
    command
}

fn generated_dirs(src: &Path) -> Vec<(String, Tree)> {
    ["models", "client"]
        .iter()
        .map(|dir| (dir.to_string(), tree(&src.join(dir))))
        .collect()
}

/// Kills a real codegen run at evenly spread moments and checks that each generated
/// directory is then exactly its old or exactly its new version.
#[test]
fn killed_run_leaves_old_or_new_directories() {
    let base = scratch("killed_run");
    let old_args = ["--root", "microsoft.graph.security.alert"];
    let (old_out, new_out, work) = (base.join("old"), base.join("new"), base.join("work"));
    for dir in [&old_out, &new_out] {
        fs::create_dir_all(dir.join("src")).expect("src");
    }
    assert!(codegen(&old_out, &old_args)
        .status()
        .expect("xtask runs")
        .success());
    let started = Instant::now();
    assert!(codegen(&new_out, &[])
        .status()
        .expect("xtask runs")
        .success());
    let full_run = started.elapsed();
    let old = generated_dirs(&old_out.join("src"));
    let new = generated_dirs(&new_out.join("src"));
    assert_ne!(
        old, new,
        "the two runs must differ for the test to mean anything"
    );

    let kill_points = 8;
    for point in 1..=kill_points {
        if work.exists() {
            fs::remove_dir_all(&work).expect("work is removable");
        }
        fs::create_dir_all(work.join("src")).expect("src");
        assert!(codegen(&work, &old_args)
            .status()
            .expect("xtask runs")
            .success());

        let mut child = codegen(&work, &[]).spawn().expect("xtask starts");
        std::thread::sleep(full_run.mul_f64(f64::from(point) / f64::from(kill_points + 1)));
        let _ = child.kill();
        let _ = child.wait();

        let src = work.join("src");
        for ((name, seen), ((_, before), (_, after))) in
            generated_dirs(&src).iter().zip(old.iter().zip(&new))
        {
            assert!(
                seen == before || seen == after,
                "kill point {point}: `{name}` is neither old nor new ({} files)",
                seen.len()
            );
        }
        recover(&src).expect("recover");
        assert!(codegen(&work, &[]).status().expect("xtask runs").success());
        assert_eq!(
            generated_dirs(&src),
            new,
            "kill point {point}: the next run completes"
        );
    }
    assert!(
        full_run < Duration::from_secs(300),
        "a full run took {full_run:?}"
    );
}
