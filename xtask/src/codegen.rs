//! `cargo xtask codegen`: reads CSDL, runs the generator, and writes or checks the output.
//!
//! Everything is rendered in memory before the first write, so a schema error leaves the
//! output untouched. Each generated directory with a changed file is then rebuilt beside
//! itself and swapped in as a whole ([`apply`] documents the exact guarantee). Generated
//! files that the schema no longer produces are removed; a file is only ever treated as
//! generated if its first line has `@generated`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::{AppendOperation, EmitSettings, Selection, Settings, Source};

mod apply;

pub use apply::{apply, apply_with, old_path, recover, staging_path, BeforeWrite};

pub const HELP: &str = "\
usage: cargo xtask codegen [--check] [--metadata FILE]... [--root NAME]... [--out DIR]
                           [--navigation] [--runtime PATH] [--namespace-features]

Generates the Rust models of the `generated` crate from OData CSDL (XML or JSON,
chosen by content).

options:
  --check            write nothing; exit 1 and name each stale file if the output
                     differs from what would be generated
  --metadata FILE    read this metadata document instead of the files in `schema/`
                     (repeatable, for documents that reference each other)
  --root NAME        generate this type and its closure (repeatable); with
                     --metadata and no --root, every type is generated; without
                     --metadata the default root is `microsoft.graph.security.alert`
  --navigation       let navigation targets join the closure of the roots
  --out DIR          write into DIR (a crate directory with a `src/` folder)
                     instead of `generated/`
  --runtime PATH     Rust path of the runtime module that generated code calls
                     (default `crate::runtime`; `::graph_security::runtime` for a
                     crate that depends on graph-security)
  --namespace-features
                     gate each namespace's module behind its own Cargo feature and
                     the client behind `client`, and write their `[features]` table
                     to `features.toml` beside `src/`
  -h, --help         print this help
";

/// The command named in every generated file's header.
pub const COMMAND: &str = "cargo xtask codegen";

/// The root type of the crate's own schema.
const DEFAULT_ROOT: &str = "microsoft.graph.security.alert";

/// The file beside `src/` that receives the `[features]` table of `--namespace-features`.
pub const FEATURES_FILE: &str = "features.toml";

/// Generated subdirectories of the output crate's `src/`, owned entirely by codegen.
pub const GENERATED_DIRS: &[&str] = &["models", "client"];

/// Parsed command-line options.
#[derive(Debug, Default)]
pub struct Options {
    pub check: bool,
    /// Metadata documents to read; empty means the files in `schema/`.
    pub metadata: Vec<PathBuf>,
    pub roots: Vec<String>,
    pub navigation: bool,
    pub out: Option<PathBuf>,
    pub runtime: Option<String>,
    pub namespace_features: bool,
}

impl Options {
    /// Parses the arguments after `codegen`; `Ok(None)` means help was requested.
    pub fn parse(args: &[String]) -> Result<Option<Options>, String> {
        let mut options = Options::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match arg.as_str() {
                "--check" => options.check = true,
                "--navigation" => options.navigation = true,
                "--namespace-features" => options.namespace_features = true,
                "--metadata" => options.metadata.push(PathBuf::from(value("--metadata")?)),
                "--runtime" => options.runtime = Some(value("--runtime")?),
                "--root" => options.roots.push(value("--root")?),
                "--out" => options.out = Some(PathBuf::from(value("--out")?)),
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(Some(options))
    }
}

/// Returns the workspace root: the parent of this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

pub fn run(options: &Options) -> ExitCode {
    match run_inner(options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(options: &Options) -> Result<ExitCode, String> {
    let root = workspace_root();
    let sources = read_sources(&root, options)?;
    let settings = settings(options);
    let output = match generator::generate(&sources, &settings) {
        Ok(output) => output,
        Err(failure) => {
            eprint!("{failure}");
            eprintln!("nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("generated"));
    let src = out.join("src");
    // A killed earlier run may have left a directory moved aside or half staged.
    if !options.check {
        recover(&src)?;
    }
    let mut plan = plan(&src, &output.files)?;
    if let Some(table) = &output.features_table {
        plan.extend(plan_file(&out.join(FEATURES_FILE), table)?);
    }

    if options.check {
        if plan.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        for change in &plan {
            eprintln!("stale: {}", change.describe(&root));
        }
        eprintln!("generated code is stale; run `{COMMAND}` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    apply(&src, &plan)?;
    println!(
        "{} file(s) changed, {} up to date",
        plan.len(),
        output.files.len() + usize::from(output.features_table.is_some())
            - plan
                .iter()
                .filter(|c| !matches!(c, Change::Remove(_)))
                .count()
    );
    Ok(ExitCode::SUCCESS)
}

/// Builds the generator settings for these options.
pub fn settings(options: &Options) -> Settings {
    let roots = if options.roots.is_empty() && options.metadata.is_empty() {
        vec![DEFAULT_ROOT.to_owned()]
    } else {
        options.roots.clone()
    };
    Settings {
        selection: Selection {
            roots,
            include_navigation: options.navigation,
            root_namespace: None,
        },
        emit: EmitSettings {
            // Graph documents `POST .../alerts_v2/{id}/comments`, which CSDL has no way to
            // say about a complex collection property, so it is listed here.
            append_operations: vec![AppendOperation {
                property: "microsoft.graph.security.alert/comments".to_owned(),
                method: "add_comment".to_owned(),
            }],
            runtime_path: options
                .runtime
                .clone()
                .unwrap_or_else(|| EmitSettings::default().runtime_path),
            namespace_features: options.namespace_features,
            ..EmitSettings::default()
        },
        command: COMMAND.to_owned(),
    }
}

/// Reads the metadata files, or every `.xml`, `.json` and `.csdl` file in `schema/` in
/// name order.
pub fn read_sources(root: &Path, options: &Options) -> Result<Vec<Source>, String> {
    let paths: Vec<PathBuf> = match options.metadata.as_slice() {
        [] => {
            let dir = root.join("schema");
            let entries = fs::read_dir(&dir)
                .map_err(|e| format!("cannot read schema directory `{}`: {e}", dir.display()))?;
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("xml" | "json" | "csdl")
                    )
                })
                .collect();
            paths.sort();
            paths
        }
        given => given.to_vec(),
    };
    paths
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            Ok(Source { name, text })
        })
        .collect()
}

/// One file operation that brings the output up to date.
#[derive(Debug)]
pub enum Change {
    Create(PathBuf, String),
    Update(PathBuf, String),
    Remove(PathBuf),
}

impl Change {
    /// Returns the path of the file the change writes or removes.
    pub fn path(&self) -> &Path {
        match self {
            Change::Create(path, _) | Change::Update(path, _) | Change::Remove(path) => path,
        }
    }

    /// Names the file and how it differs, relative to `root`.
    pub fn describe(&self, root: &Path) -> String {
        let (what, path) = match self {
            Change::Create(p, _) => ("missing", p),
            Change::Update(p, _) => ("differs", p),
            Change::Remove(p) => ("no longer generated", p),
        };
        format!(
            "{} ({what})",
            path.strip_prefix(root).unwrap_or(path).display()
        )
    }
}

/// Compares the wanted files with what is on disk under `src`.
pub fn plan(src: &Path, files: &BTreeMap<String, String>) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    for (relative, content) in files {
        changes.extend(plan_file(&src.join(relative), content)?);
    }
    for dir in GENERATED_DIRS {
        for path in generated_files(&src.join(dir)) {
            let relative = path
                .strip_prefix(src)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if !files.contains_key(&relative) {
                changes.push(Change::Remove(path));
            }
        }
    }
    Ok(changes)
}

/// Returns the change that makes the file at `path` hold `content`, if any.
fn plan_file(path: &Path, content: &str) -> Result<Option<Change>, String> {
    let path = path.to_path_buf();
    match fs::read_to_string(&path) {
        Ok(existing) if existing == content => Ok(None),
        Ok(_) => Ok(Some(Change::Update(path, content.to_owned()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Some(Change::Create(path, content.to_owned())))
        }
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

/// Lists the files below `dir` whose first line marks them as generated.
fn generated_files(dir: &Path) -> Vec<PathBuf> {
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
            } else if fs::read_to_string(&path).is_ok_and(|text| {
                text.lines()
                    .next()
                    .is_some_and(|l| l.contains("@generated"))
            }) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
