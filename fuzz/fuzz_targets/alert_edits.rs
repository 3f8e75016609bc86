//! Structure-aware variant of `alert_json`: applies fuzzer-chosen edits to a valid alert,
//! so most inputs reach the typed fields instead of failing in the JSON syntax.
#![no_main]

use hostile_fuzz::edits::Edits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|edits: Edits| {
    let bytes = edits.apply_to_base_alert();
    hostile_fuzz::check_alert_round_trip(&bytes);
});
