//! Generating model code end to end in memory: read, resolve, emit and render.
//!
//! `alert_closure` generates the `graph-security` crate's models from `schema/` with
//! the settings of `cargo xtask codegen`. `whole_graph` generates every type of the
//! Microsoft Graph v1.0 metadata, which needs `CSDL_CORPUS_DIR`; without it that
//! benchmark is skipped with a message.
//!
//! Peak memory is not measured here: BENCHMARKS.md measures it on a separate process
//! run of the release `xtask` binary with `/usr/bin/time -v`.

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use generator::Source;
use xtask::codegen::{self, Options};

static METADATA: LazyLock<Option<String>> = LazyLock::new(benches::graph_metadata);

fn main() {
    let mut divan = divan::Divan::from_args();
    if METADATA.is_none() {
        eprintln!("{}", benches::SKIP_REASON);
        divan = divan.skip_regex("whole_graph");
    }
    divan.main();
}

/// Generates the alert closure from `schema/`, as `cargo xtask codegen` does.
#[divan::bench(sample_count = 30)]
fn alert_closure(bencher: Bencher) {
    let options = Options::default();
    let sources =
        codegen::read_sources(&codegen::workspace_root(), &options).expect("schema/ is readable");
    let settings = codegen::settings(&options);
    bencher.bench(|| generator::generate(&sources, &settings).expect("schema/ generates"));
}

/// Generates every type of the Graph v1.0 metadata, as
/// `cargo xtask codegen --metadata FILE` does.
#[divan::bench(sample_count = 10)]
fn whole_graph(bencher: Bencher) {
    let text = METADATA
        .as_deref()
        .expect("main skips this benchmark when the metadata was not read");
    let sources = [Source {
        name: benches::GRAPH_METADATA.to_owned(),
        text: text.to_owned(),
    }];
    let options = Options {
        metadata: vec![PathBuf::from(benches::GRAPH_METADATA)],
        ..Options::default()
    };
    let settings = codegen::settings(&options);
    bencher
        .bench(|| generator::generate(&sources, &settings).expect("the Graph metadata generates"));
}
