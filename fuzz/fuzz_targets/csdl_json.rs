//! Fuzzes the CSDL JSON reader through `read_document`, which picks JSON for text that
//! starts with `{`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Other text goes to the XML reader, which has its own target.
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return;
    }
    hostile_fuzz::read_and_render(text);
});
