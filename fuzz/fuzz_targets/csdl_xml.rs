//! Fuzzes the CSDL XML reader: any UTF-8 text must give a document or diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diagnostics) = generator::read::xml::read(0, text) {
        let _ = diagnostics.render(&["fuzz-input.xml".to_owned()]);
    }
});
