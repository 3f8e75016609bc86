//! Reading the whole Microsoft Graph v1.0 metadata: our reader, our reader plus the
//! resolver, and two floors on the same bytes, a quick-xml event walk and a roxmltree
//! DOM build.
//!
//! Run with `CSDL_CORPUS_DIR=<corpus folder> cargo bench -p benches --bench read_metadata`.
//! Without the variable every benchmark here is skipped with a message.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::Bencher;
use generator::{Selection, Source};
use quick_xml::events::Event;

static METADATA: LazyLock<Option<String>> = LazyLock::new(benches::graph_metadata);

fn main() {
    if METADATA.is_none() {
        eprintln!("{}", benches::SKIP_REASON);
        return;
    }
    divan::main();
}

fn metadata() -> &'static str {
    METADATA
        .as_deref()
        .expect("main runs the benchmarks only when the metadata was read")
}

/// `generator::read::read_document`: CSDL XML into the raw CSDL model.
#[divan::bench(sample_count = 30)]
fn read(bencher: Bencher) {
    let text = metadata();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| generator::read::read_document(0, text).expect("the Graph metadata reads"));
}

/// `generator::load` with the default selection: read, then resolve every type.
#[divan::bench(sample_count = 30)]
fn read_and_resolve(bencher: Bencher) {
    let sources = [Source {
        name: benches::GRAPH_METADATA.to_owned(),
        text: metadata().to_owned(),
    }];
    let selection = Selection::default();
    bencher
        .counter(BytesCount::of_str(metadata()))
        .bench(|| generator::load(&sources, &selection).expect("the Graph metadata resolves"));
}

/// Floor: a quick-xml pull parse that visits every event and every attribute, and
/// builds nothing.
#[divan::bench(sample_count = 30)]
fn floor_quick_xml_events(bencher: Bencher) {
    let text = metadata();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| walk_events(divan::black_box(text)));
}

/// Floor: a roxmltree DOM of the whole document, with positions and namespaces.
#[divan::bench(sample_count = 30)]
fn floor_roxmltree_dom(bencher: Bencher) {
    let text = metadata();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| roxmltree::Document::parse(divan::black_box(text)).expect("valid XML"));
}

/// Returns the number of bytes in the names and attribute values of every element,
/// plus one per other event, so that no event can be optimized away.
fn walk_events(text: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut touched = 0;
    loop {
        match reader
            .read_event()
            .expect("the Graph metadata is valid XML")
        {
            Event::Start(element) | Event::Empty(element) => {
                touched += element.name().as_ref().len();
                for attribute in element.attributes() {
                    touched += attribute.expect("valid attribute").value.len();
                }
            }
            Event::Eof => return touched,
            _ => touched += 1,
        }
    }
}
