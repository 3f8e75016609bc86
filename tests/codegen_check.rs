//! Fails when the committed `generated/` crate differs from what `cargo xtask codegen`
//! would write, naming each stale file.

#[test]
fn generated_crate_is_up_to_date() {
    let root = xtask::codegen::workspace_root();
    let options = xtask::codegen::Options::default();
    let sources = xtask::codegen::read_sources(&root, &options).expect("schema/ is readable");
    let output = generator::generate(&sources, &xtask::codegen::settings(&options))
        .unwrap_or_else(|failure| panic!("schema/ does not generate:\n{failure}"));
    let plan = xtask::codegen::plan(&root.join("generated/src"), &output.files)
        .expect("generated/src is readable");
    let stale: Vec<String> = plan.iter().map(|change| change.describe(&root)).collect();
    assert!(
        stale.is_empty(),
        "generated code is stale; run `cargo xtask codegen` and commit the result:\n{}",
        stale.join("\n")
    );
}
