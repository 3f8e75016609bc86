//! `cargo xtask codegen` options: roots, whole documents, `--out`, and XML or JSON input
//! chosen by content rather than by file name.

use std::path::PathBuf;

use xtask::codegen::{self, Options};

/// A small service in CSDL JSON: an entity type with a complex property, an unrelated
/// complex type, and a container.
const JSON_SERVICE: &str = r#"{
  "$Version": "4.01",
  "$EntityContainer": "shop.service",
  "shop": {
    "order": {
      "$Kind": "EntityType",
      "$Key": ["id"],
      "id": {},
      "address": { "$Type": "shop.address", "$Nullable": true }
    },
    "address": { "$Kind": "ComplexType", "city": { "$Nullable": true } },
    "coupon": { "$Kind": "ComplexType", "code": { "$Nullable": true } },
    "service": { "$Kind": "EntityContainer", "orders": { "$Collection": true, "$Type": "shop.order" } }
  }
}"#;

fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch directory can be created");
    dir
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn generated_type_names(options: &Options) -> Vec<String> {
    let sources = codegen::read_sources(&codegen::workspace_root(), options).expect("readable");
    let settings = codegen::settings(options);
    let model = generator::load(&sources, &settings.selection).unwrap_or_else(|f| panic!("{f}"));
    model
        .types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.qualified_name.clone())
        .collect()
}

#[test]
fn parse_repeats_roots_and_metadata() {
    let options = Options::parse(&args(&[
        "--metadata",
        "a.xml",
        "--metadata",
        "b.json",
        "--root",
        "x.one",
        "--root",
        "x.two",
        "--out",
        "out",
        "--runtime",
        "::rt",
        "--namespace-features",
    ]))
    .expect("valid arguments")
    .expect("not a help request");
    assert_eq!(options.metadata, [PathBuf::from("a.xml"), "b.json".into()]);
    assert_eq!(options.roots, ["x.one", "x.two"]);
    assert_eq!(options.out, Some("out".into()));
    assert_eq!(options.runtime.as_deref(), Some("::rt"));
    assert!(options.namespace_features);
}

#[test]
fn parse_rejects_missing_value() {
    let error = Options::parse(&args(&["--root"])).expect_err("a value is missing");
    assert_eq!(error, "`--root` needs a value");
}

#[test]
fn json_metadata_without_roots_selects_everything() {
    let dir = scratch_dir("json_metadata");
    // The `.xml` name is deliberate: the format is chosen by content.
    let path = dir.join("service.xml");
    std::fs::write(&path, JSON_SERVICE).expect("writable");
    let options = Options {
        metadata: vec![path],
        ..Options::default()
    };
    assert_eq!(
        generated_type_names(&options),
        ["shop.order", "shop.address", "shop.coupon"]
    );
}

#[test]
fn several_roots_select_their_closures() {
    let dir = scratch_dir("several_roots");
    let path = dir.join("service.json");
    std::fs::write(&path, JSON_SERVICE).expect("writable");
    let options = Options {
        metadata: vec![path.clone()],
        roots: vec!["shop.order".into()],
        ..Options::default()
    };
    assert_eq!(
        generated_type_names(&options),
        ["shop.order", "shop.address"]
    );

    let options = Options {
        metadata: vec![path],
        roots: vec!["shop.address".into(), "shop.coupon".into()],
        ..Options::default()
    };
    assert_eq!(
        generated_type_names(&options),
        ["shop.address", "shop.coupon"]
    );
}

#[test]
fn unknown_root_suggests_close_names() {
    let dir = scratch_dir("unknown_root");
    let path = dir.join("service.json");
    std::fs::write(&path, JSON_SERVICE).expect("writable");
    let options = Options {
        metadata: vec![path],
        roots: vec!["shop.ordr".into(), "Coupon".into()],
        ..Options::default()
    };
    let sources = codegen::read_sources(&codegen::workspace_root(), &options).expect("readable");
    let failure = generator::load(&sources, &codegen::settings(&options).selection)
        .expect_err("the roots are not declared");
    insta::assert_snapshot!(failure.to_string(), @r"
    error: root type `Coupon` is not declared in the metadata
      hint: did you mean `shop.coupon`
    error: root type `shop.ordr` is not declared in the metadata
      hint: did you mean `shop.order`
    2 errors
    ");
}

#[test]
fn out_receives_models_client_and_features() {
    let dir = scratch_dir("out_dir");
    let path = dir.join("service.json");
    std::fs::write(&path, JSON_SERVICE).expect("writable");
    let out = dir.join("crate");
    let options = Options {
        metadata: vec![path],
        out: Some(out.clone()),
        namespace_features: true,
        ..Options::default()
    };
    assert_eq!(codegen::run(&options), std::process::ExitCode::SUCCESS);
    for file in ["src/models/mod.rs", "src/client/mod.rs", "features.toml"] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    let check = Options {
        check: true,
        ..options
    };
    assert_eq!(codegen::run(&check), std::process::ExitCode::SUCCESS);
}

#[test]
fn schema_folder_accepts_json_by_content() {
    let root = scratch_dir("schema_folder");
    std::fs::create_dir_all(root.join("schema")).expect("writable");
    std::fs::write(root.join("schema/service.csdl"), JSON_SERVICE).expect("writable");
    let sources = codegen::read_sources(&root, &Options::default()).expect("readable");
    assert_eq!(sources.len(), 1);
    let model = generator::load(&sources, &generator::Selection::default())
        .unwrap_or_else(|f| panic!("{f}"));
    assert!(model.by_name.contains_key("shop.order"));
}
