//! Generates models and a client for OData services other than Graph and checks that
//! the result compiles. Reads `services/` of the folder named by `CSDL_CORPUS_DIR` (the
//! test skips without it).
//!
//! These services are OData 4.0 samples, so keys go in parentheses (`/People('russell')`)
//! rather than in a path segment as Graph writes them.

use generator::{EmitSettings, Selection, Settings, Source};
use tests::corpus_dir;
use tests::scratch::ScratchCrate;

/// Metadata file names below `services/`, with the module each one becomes.
const SERVICES: &[(&str, &str)] = &[
    ("TripPin.xml", "trip_pin"),
    ("Northwind.xml", "northwind"),
    ("People.xml", "people"),
    ("containment.xml", "containment"),
];

fn service_settings(module: &str) -> Settings {
    Settings {
        selection: Selection::default(),
        emit: EmitSettings {
            key_as_segment: false,
            runtime_path: "::graph_security::runtime".to_owned(),
            models_path: format!("crate::{module}::models"),
            ..EmitSettings::default()
        },
        command: "cargo test -p tests --test services".to_owned(),
    }
}

#[test]
fn services_generate_compiling_crates() {
    let Some(dir) = corpus_dir("CSDL_CORPUS_DIR", "services_generate_compiling_crates") else {
        return;
    };
    let mut scratch = ScratchCrate::new(env!("CARGO_TARGET_TMPDIR").as_ref(), "services");
    let mut failures = Vec::new();
    for (file, module) in SERVICES {
        let path = dir.join("services").join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let source = Source {
            name: format!("services/{file}"),
            text,
        };
        match generator::generate(&[source], &service_settings(module)) {
            Ok(output) => {
                assert!(
                    output.files.contains_key("client/mod.rs"),
                    "{file} generates no client"
                );
                scratch.add_module(module, &output);
            }
            Err(failure) => failures.push(format!("{file} does not generate:\n{failure}")),
        }
    }
    // The services that did generate are checked too, so one run reports every problem.
    if let Err(compiler) = scratch.check() {
        failures.push(format!(
            "the generated services do not compile (crate at {}):\n{compiler}",
            scratch.dir().display()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
