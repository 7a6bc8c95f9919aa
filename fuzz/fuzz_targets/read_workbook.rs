//! Arbitrary bytes as a workbook: reading must never panic, abort, hang or use unbounded memory.
//! Run with `-rss_limit_mb=1024 -timeout=20`: the reading bounds keep a process under 500 MB.

#![no_main]

use kaohe::config::Config;
use kaohe::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn setup() -> &'static (Config, Rubric) {
    static SETUP: OnceLock<(Config, Rubric)> = OnceLock::new();
    SETUP.get_or_init(|| {
        // libfuzzer-sys aborts on every panic, even one the reader catches around calamine as
        // its last resort; only a panic escaping the reader is a finding.
        std::panic::set_hook(Box::new(|_| {}));
        let rubric = Rubric::builtin();
        let (config, _) = Config::parse(
            "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n[[hall]]\nname = \"甲大厅\"\n[[hall]]\nname = \"乙大厅\"\n",
            &rubric,
        );
        (config, rubric)
    })
}

fuzz_target!(|data: &[u8]| {
    let (config, rubric) = setup();
    let read = kaohe::input::read_workbook_bytes(
        data.to_vec(),
        "fuzz.xlsx",
        config,
        rubric,
        kaohe::validate::Printable { coverage: None },
    );
    // Diagnostics are shown to people: every one must render.
    let _ = kaohe::diag::render_human(&read.diagnostics);
});
