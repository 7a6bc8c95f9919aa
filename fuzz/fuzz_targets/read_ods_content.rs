//! Arbitrary bytes as the content.xml of a well-formed .ods, reaching the OpenDocument reader
//! (repeats, spans, paragraphs) directly.

#![no_main]

use kaohe::config::Config;
use kaohe::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::OnceLock;

fn setup() -> &'static (Config, Rubric) {
    static SETUP: OnceLock<(Config, Rubric)> = OnceLock::new();
    SETUP.get_or_init(|| {
        std::panic::set_hook(Box::new(|_| {}));
        let rubric = Rubric::builtin();
        let (config, _) = Config::parse(
            "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n[[hall]]\nname = \"甲大厅\"\n",
            &rubric,
        );
        (config, rubric)
    })
}

fuzz_target!(|data: &[u8]| {
    let (config, rubric) = setup();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", stored).unwrap();
    w.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#)
        .unwrap();
    w.start_file("content.xml", stored).unwrap();
    w.write_all(data).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let read = kaohe::input::read_workbook_bytes(
        bytes,
        "fuzz.ods",
        config,
        rubric,
        kaohe::validate::Printable { coverage: None },
    );
    let _ = kaohe::diag::render_human(&read.diagnostics);
});
