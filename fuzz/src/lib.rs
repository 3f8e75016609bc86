//! Checks shared by the fuzz targets, so each target is a few lines of input handling.

pub mod edits;

use generator::{Settings, Source};
use graph_security::models::security::Alert;
use graph_security::runtime::json::{from_slice, to_vec};

/// Reads CSDL text with the content-dispatching reader and renders any diagnostics, so the
/// position and rendering code runs on hostile input too.
pub fn read_and_render(text: &str) {
    if let Err(diagnostics) = generator::read::read_document(0, text) {
        let rendered = diagnostics.render(&["fuzz-input".to_owned()]);
        assert!(!rendered.is_empty(), "a failed read renders no diagnostics");
    }
}

/// Runs the whole generator on the documents in `text`, separated by NUL characters.
///
/// A NUL character never appears in a well-formed document, so splitting on it lets one
/// input carry several schemas (for cross-document references) without changing what a
/// single-document seed means.
pub fn run_pipeline(text: &str) {
    let sources: Vec<Source> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(index, part)| Source {
            name: format!("fuzz-{index}.xml"),
            text: part.to_owned(),
        })
        .collect();
    let settings = Settings {
        command: "fuzz".to_owned(),
        ..Settings::default()
    };
    match generator::generate(&sources, &settings) {
        Ok(output) => {
            for (path, text) in &output.files {
                assert!(text.starts_with("// @generated"), "{path} has no header");
            }
        }
        Err(failure) => {
            let rendered = failure.to_string();
            assert!(!rendered.is_empty(), "a failed run renders no diagnostics");
        }
    }
}

/// Decodes `bytes` as an [`Alert`]; when that succeeds, encodes it and asserts that the
/// encoding decodes to an equal alert.
pub fn check_alert_round_trip(bytes: &[u8]) {
    let Ok(alert) = from_slice::<Alert>(bytes) else {
        return;
    };
    let encoded = match to_vec(&alert) {
        Ok(encoded) => encoded,
        Err(error) => panic!("a decoded alert does not encode: {error}\nalert: {alert:?}"),
    };
    let again = match from_slice::<Alert>(&encoded) {
        Ok(again) => again,
        Err(error) => panic!(
            "the encoding of a decoded alert does not decode: {error}\nencoded: {}",
            String::from_utf8_lossy(&encoded)
        ),
    };
    assert_eq!(
        alert,
        again,
        "the alert changed in a round trip through {}",
        String::from_utf8_lossy(&encoded)
    );
}
