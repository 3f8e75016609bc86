//! Fuzzes the whole generator: read, resolve, emit and render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        hostile_fuzz::run_pipeline(text);
    }
});
