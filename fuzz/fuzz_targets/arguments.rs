#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        cairn_fuzz::arguments::start();
    },
    |data: &[u8]| {
        cairn_fuzz::arguments::call(data);
    }
);
