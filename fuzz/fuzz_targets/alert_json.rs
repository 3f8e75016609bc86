//! Fuzzes the generated `Alert` model: any bytes that decode must round-trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hostile_fuzz::check_alert_round_trip(data);
});
