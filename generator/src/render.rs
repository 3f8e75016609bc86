//! Formats token streams as Rust source with prettyplease and the `@generated` header.

use proc_macro2::TokenStream;

/// Renders one generated file: the header line, then the formatted tokens.
///
/// Panics if the tokens do not parse as a Rust file, which would be a bug in an emitter
/// (every name the emitters use comes from the naming module and is a valid identifier).
pub fn render_file(tokens: TokenStream, header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 1024);
    out.push_str("// ");
    out.push_str(header);
    out.push('\n');
    out.push_str(&render_piece(tokens));
    out
}

/// Renders tokens that parse as a Rust file (inner attributes and items) without a header,
/// for files that are rendered in pieces and joined.
///
/// Panics if the tokens do not parse, as [`render_file`] does.
pub fn render_piece(tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        Err(error) => panic!("emitted tokens are not a valid Rust file: {error}"),
    };
    prettyplease::unparse(&file)
}
