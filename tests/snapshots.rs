//! Snapshots of the generator's output: generated code for each `fixtures/ok` case and
//! rendered diagnostics for each `fixtures/err` case.

use tests::{case_name, fixture_settings, fixture_source, join_files};

#[test]
fn ok_fixtures_generate_code() {
    insta::glob!("fixtures/ok/*.xml", |path| {
        let case = case_name(path);
        let source = fixture_source(path);
        let output = generator::generate(&[source], &fixture_settings(&case))
            .unwrap_or_else(|failure| panic!("fixture {case} failed:\n{failure}"));
        insta::assert_snapshot!(join_files(&output.files));
    });
}

#[test]
fn err_fixtures_report_diagnostics() {
    insta::glob!("fixtures/err/*.xml", |path| {
        let case = case_name(path);
        let source = fixture_source(path);
        let failure = match generator::generate(&[source], &fixture_settings(&case)) {
            Ok(_) => panic!("fixture {case} generated code but should fail"),
            Err(failure) => failure,
        };
        insta::assert_snapshot!(failure.to_string());
    });
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/ok/*.xml", |path| {
        let case = case_name(path);
        let first = generator::generate(&[fixture_source(path)], &fixture_settings(&case));
        let second = generator::generate(&[fixture_source(path)], &fixture_settings(&case));
        assert_eq!(
            first.map(|o| o.files).ok(),
            second.map(|o| o.files).ok(),
            "case {case}"
        );
    });
}
