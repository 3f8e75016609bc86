//! Decoding and encoding a page of 10,000 alerts with varied evidence, about 50 MB of
//! JSON built by `benches::page`: the generated `Alert` against the serde-derive model
//! of `benches::derive_model`, `serde_json::Value`, and `IgnoredAny` as the parse
//! floor.
//!
//! Every model goes through the same `{"value": [...]}` envelope. Building the page
//! and the decoded inputs of the encoding benchmarks takes a few seconds before the
//! first sample.

use std::sync::LazyLock;

use benches::page::{alert_page, PAGE_ALERTS, PAGE_SEED};
use benches::{derive_model, Page};
use divan::counter::BytesCount;
use divan::Bencher;
use graph_security::models::security::Alert;
use graph_security::runtime::json;
use serde::de::IgnoredAny;
use serde_json::Value;

static PAGE: LazyLock<Vec<u8>> = LazyLock::new(|| alert_page(PAGE_ALERTS, PAGE_SEED));

fn main() {
    divan::main();
}

fn page_bytes() -> BytesCount {
    BytesCount::of_slice(&*PAGE)
}

mod decode {
    use super::*;

    /// Decodes into the generated `Alert` with `graph_security::runtime::json::from_slice`.
    #[divan::bench(sample_count = 10)]
    fn generated(bencher: Bencher) {
        bencher.counter(page_bytes()).bench(|| {
            json::from_slice::<Page<Alert>>(divan::black_box(&PAGE)).expect("the page decodes")
        });
    }

    /// Decodes into the serde-derive model, whose evidence enum is internally tagged.
    #[divan::bench(sample_count = 10)]
    fn serde_derive(bencher: Bencher) {
        bencher.counter(page_bytes()).bench(|| {
            serde_json::from_slice::<Page<derive_model::Alert>>(divan::black_box(&PAGE))
                .expect("the page decodes")
        });
    }

    /// Decodes into a `serde_json::Value` tree.
    #[divan::bench(sample_count = 10)]
    fn value(bencher: Bencher) {
        bencher.counter(page_bytes()).bench(|| {
            serde_json::from_slice::<Value>(divan::black_box(&PAGE)).expect("the page parses")
        });
    }

    /// Floor: `IgnoredAny` checks the syntax and keeps nothing.
    #[divan::bench(sample_count = 10)]
    fn floor_ignored_any(bencher: Bencher) {
        bencher.counter(page_bytes()).bench(|| {
            serde_json::from_slice::<IgnoredAny>(divan::black_box(&PAGE)).expect("the page parses")
        });
    }
}

mod encode {
    use super::*;

    /// Encodes the generated `Alert` with `graph_security::runtime::json::to_vec`.
    #[divan::bench(sample_count = 10)]
    fn generated(bencher: Bencher) {
        let page: Page<Alert> = json::from_slice(&PAGE).expect("the page decodes");
        bencher
            .counter(page_bytes())
            .bench(|| json::to_vec(divan::black_box(&page)).expect("the page encodes"));
    }

    /// Encodes the serde-derive model with `serde_json::to_vec`.
    #[divan::bench(sample_count = 10)]
    fn serde_derive(bencher: Bencher) {
        let page: Page<derive_model::Alert> =
            serde_json::from_slice(&PAGE).expect("the page decodes");
        bencher
            .counter(page_bytes())
            .bench(|| serde_json::to_vec(divan::black_box(&page)).expect("the page encodes"));
    }

    /// Encodes a `serde_json::Value` tree with `serde_json::to_vec`.
    #[divan::bench(sample_count = 10)]
    fn value(bencher: Bencher) {
        let page: Value = serde_json::from_slice(&PAGE).expect("the page parses");
        bencher
            .counter(page_bytes())
            .bench(|| serde_json::to_vec(divan::black_box(&page)).expect("the page encodes"));
    }
}
