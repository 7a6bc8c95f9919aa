//! Arbitrary bytes as the XML of a sheet (and, split at the first NUL, of the shared strings)
//! inside a well-formed .xlsx: mutations of the raw file rarely get past the zip checksums, so
//! this reaches calamine's cell reader and the grid directly.

#![no_main]

use kaohe::config::Config;
use kaohe::rubric::Rubric;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::OnceLock;

fn setup() -> &'static (Config, Rubric) {
    static SETUP: OnceLock<(Config, Rubric)> = OnceLock::new();
    SETUP.get_or_init(|| {
        // libfuzzer-sys aborts on every panic, even one the reader catches around calamine as
        // its last resort; only a panic escaping the reader is a finding.
        std::panic::set_hook(Box::new(|_| {}));
        let rubric = Rubric::builtin();
        let (config, _) = Config::parse(
            "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n[[hall]]\nname = \"甲大厅\"\n",
            &rubric,
        );
        (config, rubric)
    })
}

const PARTS: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="检查" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

fuzz_target!(|data: &[u8]| {
    let (config, rubric) = setup();
    let (sheet, strings) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in PARTS {
        w.start_file(*name, stored).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.start_file("xl/worksheets/sheet1.xml", stored).unwrap();
    w.write_all(sheet).unwrap();
    if let Some(strings) = strings {
        w.start_file("xl/sharedStrings.xml", stored).unwrap();
        w.write_all(strings).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let read = kaohe::input::read_workbook_bytes(
        bytes,
        "fuzz.xlsx",
        config,
        rubric,
        kaohe::validate::Printable { coverage: None },
    );
    let _ = kaohe::diag::render_human(&read.diagnostics);
});
