//! Writes a codegen plan so that each generated directory changes all at once.
//!
//! The new contents of a directory such as `src/models` are staged in a sibling,
//! `src/.models.codegen-new`. Every file that the plan keeps is copied there, and every new
//! or changed file is written there and synced. Then the staged directory replaces the old
//! one by a rename.
//!
//! # Guarantee
//!
//! On Linux the replacement is one `renameat2(RENAME_EXCHANGE)` call, which swaps the two
//! directory entries atomically. A failed write or a kill at any moment before it leaves
//! the old directory untouched; after it, the directory is complete and new. The old tree,
//! now in the staging path, is then deleted. Files and the parent directory are synced
//! before and after the swap, so the guarantee also holds across a power loss on a
//! file system that orders metadata updates (ext4 and XFS do).
//!
//! # Limits
//!
//! - Atomicity is per directory. When `models` and `client` both change, a kill between
//!   their two swaps leaves `models` new and `client` old; the next run (or `--check`)
//!   finds the difference.
//! - Where the exchange is not available (other systems, or a file system that rejects
//!   it), the swap is two renames: the old directory to `src/.models.codegen-old`, then the
//!   staged one into place. A kill between them leaves no `src/models` at all, and
//!   [`recover`] at the start of the next run renames the old directory back.
//! - Files that the plan writes outside a generated directory are replaced one at a time,
//!   each through a temporary file and a rename.
//! - Leftover staging directories from a killed run are deleted by [`recover`] and never
//!   read.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use super::{Change, GENERATED_DIRS};

/// The hook [`apply_with`] calls before it writes each file, with the file's final path.
pub type BeforeWrite<'h> = dyn FnMut(&Path) -> io::Result<()> + 'h;

/// Applies the plan; see the module documentation for what a failure leaves behind.
pub fn apply(src: &Path, changes: &[Change]) -> Result<(), String> {
    apply_with(src, changes, &mut |_| Ok(()))
}

/// Applies the plan, calling `before_write` before each file is written. An error from the
/// hook stops the run like a failed write, which lets tests inject a failure midway.
pub fn apply_with(
    src: &Path,
    changes: &[Change],
    before_write: &mut BeforeWrite<'_>,
) -> Result<(), String> {
    recover(src)?;
    for dir in GENERATED_DIRS {
        let inside: Vec<&Change> = changes
            .iter()
            .filter(|c| top_directory(src, c.path()) == Some(*dir))
            .collect();
        if !inside.is_empty() {
            replace_directory(src, dir, &inside, before_write)?;
        }
    }
    for change in changes {
        let in_generated =
            top_directory(src, change.path()).is_some_and(|top| GENERATED_DIRS.contains(&top));
        if !in_generated {
            apply_single(change, before_write)?;
        }
    }
    Ok(())
}

/// Cleans up after a run that was killed while writing: restores a generated directory
/// that was moved aside but not replaced, and deletes staging leftovers.
pub fn recover(src: &Path) -> Result<(), String> {
    for dir in GENERATED_DIRS {
        let target = src.join(dir);
        let staged = staging_path(src, dir);
        let old = old_path(src, dir);
        if !target.exists() && old.is_dir() {
            fs::rename(&old, &target).map_err(|e| {
                format!(
                    "cannot restore `{}` from `{}`: {e}",
                    target.display(),
                    old.display()
                )
            })?;
        }
        for leftover in [staged, old] {
            if leftover.exists() {
                fs::remove_dir_all(&leftover).map_err(|e| {
                    format!("cannot remove the leftover `{}`: {e}", leftover.display())
                })?;
            }
        }
    }
    Ok(())
}

/// Returns the sibling directory where the new contents of `src/<dir>` are staged.
pub fn staging_path(src: &Path, dir: &str) -> PathBuf {
    src.join(format!(".{dir}.codegen-new"))
}

/// Returns the path that the two-rename fallback moves the old `src/<dir>` to.
pub fn old_path(src: &Path, dir: &str) -> PathBuf {
    src.join(format!(".{dir}.codegen-old"))
}

fn top_directory<'p>(src: &Path, path: &'p Path) -> Option<&'p str> {
    match path.strip_prefix(src).ok()?.components().next()? {
        Component::Normal(name) => name.to_str(),
        _ => None,
    }
}

/// Builds the new tree of `src/<dir>` in the staging directory and swaps it in.
fn replace_directory(
    src: &Path,
    dir: &str,
    changes: &[&Change],
    before_write: &mut BeforeWrite<'_>,
) -> Result<(), String> {
    let target = src.join(dir);
    let staged = staging_path(src, dir);
    let result = stage(&target, &staged, changes, before_write)
        .and_then(|()| swap_in(src, dir, &staged, &target));
    if result.is_err() && staged.exists() {
        // The old directory is still in place; only the staged copy has to go.
        let _ = fs::remove_dir_all(&staged);
    }
    result
}

/// Writes the new tree into `staged`: the files of `target` that no change touches, then
/// the created and updated files.
fn stage(
    target: &Path,
    staged: &Path,
    changes: &[&Change],
    before_write: &mut BeforeWrite<'_>,
) -> Result<(), String> {
    fs::create_dir_all(staged).map_err(|e| format!("cannot create `{}`: {e}", staged.display()))?;
    let changed: Vec<&Path> = changes.iter().map(|c| c.path()).collect();
    for existing in files_below(target) {
        if changed.contains(&existing.as_path()) {
            continue;
        }
        let relative = existing.strip_prefix(target).unwrap_or(&existing);
        let copy = staged.join(relative);
        create_parent(&copy)?;
        fs::copy(&existing, &copy).map_err(|e| {
            format!(
                "cannot copy `{}` to `{}`: {e}",
                existing.display(),
                copy.display()
            )
        })?;
    }
    for change in changes {
        let (Change::Create(path, content) | Change::Update(path, content)) = change else {
            continue;
        };
        let relative = path.strip_prefix(target).unwrap_or(path);
        let staged_file = staged.join(relative);
        before_write(path).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        write_synced(&staged_file, content)?;
    }
    sync_directory(staged)
}

/// Puts the staged directory in place of `target` and deletes the old tree.
fn swap_in(src: &Path, dir: &str, staged: &Path, target: &Path) -> Result<(), String> {
    if !target.exists() {
        fs::rename(staged, target)
            .map_err(|e| format!("cannot rename `{}`: {e}", staged.display()))?;
        return sync_directory(src);
    }
    match exchange(staged, target) {
        Ok(()) => {
            // `staged` now contains the old tree.
            sync_directory(src)?;
            fs::remove_dir_all(staged)
                .map_err(|e| format!("cannot remove `{}`: {e}", staged.display()))
        }
        Err(_) => {
            let old = old_path(src, dir);
            fs::rename(target, &old)
                .map_err(|e| format!("cannot move `{}` aside: {e}", target.display()))?;
            fs::rename(staged, target)
                .map_err(|e| format!("cannot rename `{}`: {e}", staged.display()))?;
            sync_directory(src)?;
            fs::remove_dir_all(&old).map_err(|e| format!("cannot remove `{}`: {e}", old.display()))
        }
    }
}

/// Swaps two directory entries atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Writes one change outside the generated directories, through a temporary file.
fn apply_single(change: &Change, before_write: &mut BeforeWrite<'_>) -> Result<(), String> {
    match change {
        Change::Create(path, content) | Change::Update(path, content) => {
            before_write(path).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            let temporary = path.with_extension("codegen-tmp");
            write_synced(&temporary, content)?;
            fs::rename(&temporary, path)
                .map_err(|e| format!("cannot replace `{}`: {e}", path.display()))
        }
        Change::Remove(path) => {
            fs::remove_file(path).map_err(|e| format!("cannot remove `{}`: {e}", path.display()))
        }
    }
}

fn create_parent(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display())),
        None => Ok(()),
    }
}

fn write_synced(path: &Path, content: &str) -> Result<(), String> {
    create_parent(path)?;
    let write = || -> io::Result<()> {
        let mut file = fs::File::create(path)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// Syncs a directory's entries to disk. Opening a directory for syncing is not possible on
/// every system; where it fails, the sync is skipped.
fn sync_directory(dir: &Path) -> Result<(), String> {
    match fs::File::open(dir) {
        Ok(handle) => handle
            .sync_all()
            .map_err(|e| format!("cannot sync `{}`: {e}", dir.display())),
        Err(_) => Ok(()),
    }
}

/// Lists every file below `dir`, in a stable order; a missing directory has none.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
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
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
