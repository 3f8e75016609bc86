//! Inputs shared by the benchmarks in `benches/`: the metadata corpus, the alert page
//! builder and the serde-derive alert model that the generated `Alert` is compared with.

pub mod derive_model;
pub mod page;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The environment variable that names the folder of the CSDL corpus.
pub const CORPUS_ENV: &str = "CSDL_CORPUS_DIR";

/// The Microsoft Graph v1.0 metadata, relative to the corpus folder.
pub const GRAPH_METADATA: &str = "graph/v1.0-Prod.csdl";

/// The message printed in place of the benchmarks of the whole Graph metadata when
/// [`CORPUS_ENV`] is unset.
pub const SKIP_REASON: &str = "CSDL_CORPUS_DIR is not set, so the benchmarks of the whole \
     Microsoft Graph v1.0 metadata are skipped; set it to the folder that contains \
     graph/v1.0-Prod.csdl to run them";

/// Reads the whole Microsoft Graph v1.0 metadata from the corpus, or returns None when
/// [`CORPUS_ENV`] is unset.
///
/// # Panics
///
/// When the variable is set but the file cannot be read, because a wrong path should
/// fail loudly instead of skipping.
pub fn graph_metadata() -> Option<String> {
    let dir = std::env::var_os(CORPUS_ENV)?;
    let path = PathBuf::from(dir).join(GRAPH_METADATA);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    }
}

/// `{"value": [...]}`: one page of a collection, the envelope that every model on the
/// benchmark page is decoded through.
#[derive(Debug, Deserialize, Serialize)]
pub struct Page<T> {
    pub value: Vec<T>,
}
