//! Hostile and broken inputs, each built here in code: every one is refused or reported with a
//! diagnostic at its file, sheet and cell, within the reading bounds, and the rest of the folder
//! is still read.

use crate::support::*;
use kaohe::{InputStatus, Severity};
use std::io::Write;

// ---- building raw workbooks ----

/// A zip of the given parts, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(*name, opts).expect("zip part");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// One cell of a raw sheet.
enum X {
    /// Inline text.
    T(String),
    /// A number.
    N(&'static str),
    /// A formula without a cached value, as a program writes it.
    F(&'static str),
}

fn t(s: impl Into<String>) -> X {
    X::T(s.into())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// sheetData rows: (0-based row, [(0-based column, cell)]).
fn sheet_xml(rows: &[(u32, Vec<(u32, X)>)], dimension: Option<&str>) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    if let Some(d) = dimension {
        x.push_str(&format!(r#"<dimension ref="{d}"/>"#));
    }
    x.push_str("<sheetData>");
    for (r, cells) in rows {
        x.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in cells {
            let at = kaohe::text::a1(*r, *c);
            match v {
                X::T(s) => x.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(s)
                )),
                X::N(n) => x.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
                X::F(f) => x.push_str(&format!(r#"<c r="{at}"><f>{f}</f></c>"#)),
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

/// An .xlsx of raw sheets (name, worksheet XML).
fn xlsx(sheets: &[(&str, String)]) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        book.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let root = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let names: Vec<String> = (1..=sheets.len())
        .map(|n| format!("xl/worksheets/sheet{n}.xml"))
        .collect();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
    ];
    for (name, (_, xml)) in names.iter().zip(sheets) {
        parts.push((name, xml.as_bytes()));
    }
    zip_of(&parts)
}

/// The standard inspection header and one row deducting `deduction` from 甲大厅 item 3.5.
fn inspection_rows(deduction: X) -> Vec<(u32, Vec<(u32, X)>)> {
    let header = [
        "检查日期",
        "检查层级",
        "检查方式",
        "大厅",
        "发现问题",
        "考核项目",
        "扣分",
        "通报批评",
    ];
    vec![
        (
            0,
            header
                .iter()
                .enumerate()
                .map(|(c, h)| (c as u32, t(*h)))
                .collect(),
        ),
        (
            1,
            vec![
                (0, t("2025-03-05")),
                (1, t("委内")),
                (2, t("暗访")),
                (3, t("甲大厅")),
                (4, t("玩手机")),
                (5, t("3.5")),
                (6, deduction),
                (7, t("否")),
            ],
        ),
    ]
}

/// An .ods whose first table is `body` (rows, raw XML) named `name`, then a valid inspection
/// table deducting 1 from 甲大厅 item 3.5.
fn ods(name: &str, body: &str) -> Vec<u8> {
    ods_with(&[(name, body)])
}

/// An .ods of the given tables (name, rows as raw XML), then the inspection table of [`ods`].
fn ods_with(tables: &[(&str, &str)]) -> Vec<u8> {
    let s = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let header: String = [
        "检查日期",
        "检查层级",
        "检查方式",
        "大厅",
        "发现问题",
        "考核项目",
        "扣分",
        "通报批评",
    ]
    .iter()
    .map(|h| s(h))
    .collect();
    let row = format!(
        r#"{}{}{}{}{}{}<table:table-cell office:value-type="float" office:value="1"/>{}"#,
        s("2025-03-05"),
        s("委内"),
        s("暗访"),
        s("甲大厅"),
        s("玩手机"),
        s("3.5"),
        s("否")
    );
    let tables: String = tables
        .iter()
        .map(|(name, body)| format!(r#"<table:table table:name="{name}">{body}</table:table>"#))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet>{tables}<table:table table:name="检查"><table:table-column table:number-columns-repeated="1024"/><table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// A compound file (version 3, 512-byte sectors) holding the given streams, each in regular
/// sectors (padded to 4096 bytes, calamine's mini-stream cutoff).
fn cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const S: usize = 512;
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    // Sector ids: 0 the FAT, 1 the directory, then each stream.
    let mut starts = Vec::new();
    let mut next = 2usize;
    let lens: Vec<usize> = streams.iter().map(|(_, b)| b.len().max(4096)).collect();
    for len in &lens {
        starts.push(next);
        next += len.div_ceil(S);
    }
    assert!(streams.len() < 4 && next <= S / 4, "small test files only");
    let mut fat = vec![FREE; S / 4];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = END;
    for (&start, len) in starts.iter().zip(&lens) {
        let n = len.div_ceil(S);
        for k in 0..n {
            fat[start + k] = if k + 1 == n {
                END
            } else {
                (start + k + 1) as u32
            };
        }
    }
    let mut out = vec![0u8; S * (1 + next)];
    out[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let put16 =
        |o: &mut Vec<u8>, at: usize, v: u16| o[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |o: &mut Vec<u8>, at: usize, v: u32| o[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut out, 24, 0x3E);
    put16(&mut out, 26, 3);
    put16(&mut out, 28, 0xFFFE);
    put16(&mut out, 30, 9);
    put16(&mut out, 32, 6);
    put32(&mut out, 44, 1);
    put32(&mut out, 48, 1);
    put32(&mut out, 56, 4096);
    put32(&mut out, 60, END);
    put32(&mut out, 68, END);
    for i in 0..109 {
        put32(&mut out, 76 + 4 * i, if i == 0 { 0 } else { FREE });
    }
    for (i, v) in fat.iter().enumerate() {
        put32(&mut out, S + 4 * i, *v);
    }
    let mut entry =
        |index: usize, name: &str, kind: u8, start: u32, len: u32, child: u32, right: u32| {
            let at = 2 * S + 128 * index;
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                put16(&mut out, at + 2 * k, *u);
            }
            put16(&mut out, at + 64, ((units.len() + 1) * 2) as u16);
            out[at + 66] = kind;
            out[at + 67] = 1;
            put32(&mut out, at + 68, FREE);
            put32(&mut out, at + 72, right);
            put32(&mut out, at + 76, child);
            put32(&mut out, at + 116, start);
            put32(&mut out, at + 120, len);
        };
    entry(0, "Root Entry", 5, END, 0, 1, FREE);
    for (i, ((name, _), (&start, len))) in streams.iter().zip(starts.iter().zip(&lens)).enumerate()
    {
        let right = if i + 1 < streams.len() {
            (i + 2) as u32
        } else {
            FREE
        };
        entry(i + 1, name, 2, start as u32, *len as u32, FREE, right);
    }
    for ((_, bytes), &start) in streams.iter().zip(&starts) {
        let at = S * (start + 1);
        out[at..at + bytes.len()].copy_from_slice(bytes);
    }
    out
}

/// A BIFF8 record.
fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = vec![0u8; 16];
    d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&kind.to_le_bytes());
    rec(0x0809, &d)
}

fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    rec(0x0203, &d)
}

fn label(row: u16, col: u16, s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&(units.len() as u16).to_le_bytes());
    d.push(1);
    for u in units {
        d.extend_from_slice(&u.to_le_bytes());
    }
    rec(0x0204, &d)
}

/// An .xls whose sheets are given as their cell records; `filepass` adds a FILEPASS record.
fn xls(sheets: &[(&str, Vec<Vec<u8>>)], filepass: bool) -> Vec<u8> {
    let boundsheet = |pos: u32, name: &str| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, name.encode_utf16().count() as u8, 1]);
        for u in name.encode_utf16() {
            d.extend_from_slice(&u.to_le_bytes());
        }
        rec(0x0085, &d)
    };
    let mut globals_len = bof(0x0005).len() + rec(0x000A, &[]).len();
    if filepass {
        globals_len += rec(0x002F, &[1, 0, 1, 0, 1, 0]).len();
    }
    for (name, _) in sheets {
        globals_len += boundsheet(0, name).len();
    }
    let bodies: Vec<Vec<u8>> = sheets
        .iter()
        .map(|(_, cells)| {
            let mut b = bof(0x0010);
            for c in cells {
                b.extend_from_slice(c);
            }
            b.extend(rec(0x000A, &[]));
            b
        })
        .collect();
    let mut stream = bof(0x0005);
    if filepass {
        stream.extend(rec(0x002F, &[1, 0, 1, 0, 1, 0]));
    }
    let mut pos = globals_len;
    for ((name, _), body) in sheets.iter().zip(&bodies) {
        stream.extend(boundsheet(pos as u32, name));
        pos += body.len();
    }
    stream.extend(rec(0x000A, &[]));
    for b in bodies {
        stream.extend(b);
    }
    cfb(&[("Workbook", stream)])
}

fn inspection_xls_cells() -> Vec<Vec<u8>> {
    let header = [
        "检查日期",
        "检查层级",
        "检查方式",
        "大厅",
        "发现问题",
        "考核项目",
        "扣分",
        "通报批评",
    ];
    let mut cells: Vec<Vec<u8>> = header
        .iter()
        .enumerate()
        .map(|(c, h)| label(0, c as u16, h))
        .collect();
    cells.push(number(1, 0, 20250305.0));
    for (c, v) in [
        (1, "委内"),
        (2, "暗访"),
        (3, "甲大厅"),
        (4, "玩手机"),
        (5, "3.5"),
        (7, "否"),
    ] {
        cells.push(label(1, c, v));
    }
    cells.push(number(1, 6, 1.0));
    cells
}

fn write(f: &Folder, rel: &str, bytes: &[u8]) {
    let path = f.dir.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

fn status<'a>(ev: &'a kaohe::Evaluation, rel: &str) -> &'a InputStatus {
    &ev.inputs
        .iter()
        .find(|i| i.rel == rel)
        .unwrap_or_else(|| panic!("no input {rel}: {:?}", ev.inputs))
        .status
}

fn notices(ev: &kaohe::Evaluation) -> Vec<String> {
    diags(ev, Severity::Notice)
}

// ---- the tests ----

/// Two cells, at A1 and XFD1048576: calamine would build a 549 GB range. The sheet is refused
/// by name; the other sheet of the same workbook is read and its deduction counted. A sheet
/// whose dimension claims the whole grid but holds a few values is read normally.
#[test]
fn far_corner_cell_refuses_its_sheet_only() {
    let f = Folder::with_halls("hostile-far-corner", 1);
    let corner = sheet_xml(
        &[
            (0, vec![(0, t("标题"))]),
            (1_048_575, vec![(16_383, X::N("1"))]),
        ],
        Some("A1:XFD1048576"),
    );
    let wide = sheet_xml(&[(0, vec![(0, t("a")), (300, X::N("1"))])], None);
    let claimed = sheet_xml(&inspection_rows(X::N("1")), Some("A1:XFD1048576"));
    write(
        &f,
        "检查/hostile.xlsx",
        &xlsx(&[("角落", corner), ("宽表", wide), ("检查", claimed)]),
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "检查/hostile.xlsx|角落|-",
        "工作表过大：第 1048576 行有内容，每张工作表最多读取 100000 行",
    );
    assert_one(
        &e,
        "检查/hostile.xlsx|宽表|-",
        "工作表过大：第 301 列（KO 列）有内容，每张工作表最多读取 200 列（到 GR 列）",
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("5"));
    assert_eq!(status(&ev, "检查/hostile.xlsx"), &InputStatus::Used);
}

/// A row holding a value repeated a billion times, a cell repeated a million columns and a
/// space repeated two billion times: each sheet is refused before anything is expanded; the
/// table after each (which ends with LibreOffice's empty row repeated to row 1,048,576) is read.
#[test]
fn repeated_rows_and_cells_in_ods() {
    let f = Folder::with_halls("hostile-ods", 1);
    let cases = [
        (
            "行",
            r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
            "工作表过大：第 1000000000 行有内容",
        ),
        (
            "列",
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
            "工作表过大：第 1000000 列",
        ),
        (
            "空格",
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row>"#,
            "工作表过大：单元格文字合计超过 64 MB",
        ),
        (
            "单元格",
            r#"<table:table-row table:number-rows-repeated="20000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row>"#,
            "工作表过大：有内容的单元格（含合并单元格）超过 1000000 个",
        ),
    ];
    for (i, (name, body, _)) in cases.iter().enumerate() {
        write(&f, &format!("检查/{i}.ods"), &ods(name, body));
    }
    let ev = f.eval();
    let e = errors(&ev);
    for (i, (name, _, msg)) in cases.iter().enumerate() {
        assert_one(&e, &format!("检查/{i}.ods|{name}|-"), msg);
    }
    assert_eq!(e.len(), cases.len(), "{e:?}");
    // Each file's inspection table is read: four deductions of 1 from 3.5 (max 6).
    assert_eq!(ev.data.inspections.len(), 4);
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("2"));
}

/// Two sheets each within the sheet bound but beyond the workbook's together: reading stops at
/// the sheet that passes the bound, with an error naming it.
#[test]
fn workbook_cell_bound_stops_reading() {
    let f = Folder::with_halls("hostile-workbook-cells", 1);
    let big = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row>"#;
    write(&f, "大.ods", &ods_with(&[("一", big), ("二", big)]));
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "大.ods|二|-",
        "工作表过大：本工作簿各工作表有内容的单元格合计超过 1000000 个，本表及其后的工作表，未读取",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    // 一 was read (and not recognised); 检查, after the bound, was not.
    assert_one(&warnings(&ev), "大.ods|一|-", "工作表未识别");
    assert!(ev.data.inspections.is_empty());
}

/// A valid .xlsx whose sheet part is `mb` MB of spaces: about 1 KB per MB once deflated.
fn zip_bomb(mb: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(mb >= 2048);
    let ok = xlsx(&[("检查", sheet_xml(&inspection_rows(X::N("1")), None))]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(ok)).expect("zip");
    for i in 0..src.len() {
        let file = src.by_index_raw(i).expect("part");
        if file.name().ok().as_deref() != Some("xl/worksheets/sheet1.xml") {
            w.raw_copy_file(file).expect("copy");
        }
    }
    w.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("part");
    w.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
        .expect("write");
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..mb {
        w.write_all(&spaces).expect("write");
    }
    w.write_all(b"</sheetData></worksheet>").expect("write");
    w.finish().expect("zip").into_inner()
}

/// A sheet part inflating to 150 MB (from about 150 KB) is refused while it inflates.
#[test]
fn zip_bomb_is_refused() {
    let f = Folder::with_halls("hostile-bomb", 1);
    let bytes = zip_bomb(150);
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    write(&f, "bomb.xlsx", &bytes);
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "bomb.xlsx|-|-",
        "工作簿过大：其中的 xl/worksheets/sheet1.xml 解压后超过 100 MB",
    );
    assert!(matches!(status(&ev, "bomb.xlsx"), InputStatus::Unreadable(r) if r.contains("100 MB")));
}

/// An encrypted .xlsx (an OLE file with an EncryptedPackage stream) and an .xls with a
/// FILEPASS record are named as password-protected, not as damaged.
#[test]
fn encrypted_workbooks_are_named() {
    let f = Folder::with_halls("hostile-encrypted", 1);
    write(
        &f,
        "加密.xlsx",
        &cfb(&[
            ("EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
            ("EncryptedPackage", vec![0x5A; 600]),
        ]),
    );
    write(
        &f,
        "加密.xls",
        &xls(&[("检查", inspection_xls_cells())], true),
    );
    let ev = f.eval();
    let e = errors(&ev);
    for rel in ["加密.xlsx", "加密.xls"] {
        assert_one(
            &e,
            &format!("{rel}|-|-"),
            "工作簿设有打开密码，请取消密码后再提交",
        );
        assert_eq!(
            status(&ev, rel),
            &InputStatus::Unreadable("设有打开密码".to_string())
        );
    }
    assert!(!e.iter().any(|d| d.contains("损坏")), "{e:?}");
}

/// An .xls with cells at A1 and IV65536 (a 512 MB dense range in calamine) and a DIMENSIONS
/// record claiming four billion rows: the first sheet is refused and taken out of the file; the
/// second (with the absurd DIMENSIONS record) and the third are read.
#[test]
fn far_corner_xls_refuses_its_sheet_only() {
    let f = Folder::with_halls("hostile-xls", 1);
    let corner = vec![label(0, 0, "标题"), number(65_535, 255, 1.0)];
    let mut dims = vec![0u8; 14];
    dims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    dims[10..12].copy_from_slice(&255u16.to_le_bytes());
    let mut claimed = vec![rec(0x0200, &dims)];
    claimed.extend(inspection_xls_cells());
    write(
        &f,
        "检查.xls",
        &xls(
            &[
                ("角落", corner),
                ("检查", claimed),
                ("复查", inspection_xls_cells()),
            ],
            false,
        ),
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "检查.xls|角落|-",
        "工作表过大：第 256 列（IV 列）有内容，每张工作表最多读取 200 列",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(ev.data.inspections.len(), 2);
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("4"));
}

/// A formula written by a program and never calculated: where its value is needed it is an
/// error at the cell; in a column nobody reads it is harmless; a row of nothing else is blank.
#[test]
fn formula_without_cached_value() {
    let f = Folder::with_halls("hostile-formula", 1);
    let mut rows = inspection_rows(X::F("SUM(A1:A3)"));
    rows[1].1.push((9, X::F("NOW()")));
    rows.push((2, vec![(0, X::F("ROW()")), (8, X::F("ROW()"))]));
    write(&f, "检查.xlsx", &xlsx(&[("检查", sheet_xml(&rows, None))]));
    let ods_body =
        r#"<table:table-row><table:table-cell table:formula="of:=1+1"/></table:table-row>"#;
    write(&f, "检查.ods", &ods("公式", ods_body));
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "检查.xlsx|检查|G2",
        "公式没有计算结果，请在 Excel/WPS 中打开并保存后再提交",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(!e.iter().any(|d| d.contains("为空")), "{e:?}");
    // The .ods inspection still counts; its uncalculated formula is in no table.
    assert_eq!(ev.data.inspections.len(), 1);
}

/// Numbers no score can be: an error at the cell, never a panic, and the rest is scored.
#[test]
fn out_of_range_numbers_are_errors_at_their_cells() {
    let f = Folder::with_halls("hostile-overflow", 2);
    let rows = inspection_rows(t("79228162514264337593543950335"));
    let mut more = inspection_rows(X::N("1e30"));
    more.remove(0);
    more[0].0 = 2;
    let mut all = rows;
    all.extend(more);
    write(&f, "检查.xlsx", &xlsx(&[("检查", sheet_xml(&all, None))]));
    f.form_with("乙大厅", "自查/乙大厅.xlsx", &[("1.1", 5e300)]);
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "检查.xlsx|检查|G2",
        "数值超出范围：“扣分”为 “79228162514264337593543950335”，其绝对值应小于 1000000",
    );
    assert_one(
        &e,
        "检查.xlsx|检查|G3",
        "数值超出范围：“扣分”为 1000000000000000000000000000000",
    );
    assert_one(
        &e,
        "自查/乙大厅.xlsx|自查评分表|E3",
        "数值超出范围：“考核得分”",
    );
    assert_eq!(e.len(), 3, "{e:?}");
    assert_eq!(hall(&ev, "甲大厅").total, dec("99"));
}

/// Control characters vanish from the text with a warning at the cell; a tab becomes a space.
#[test]
fn control_characters_are_removed_with_a_warning() {
    let f = Folder::with_halls("hostile-controls", 1);
    let mut rows = inspection_rows(X::N("1"));
    rows[1].1[4] = (4, t("玩手机\u{1}\t接电话"));
    write(&f, "检查.xlsx", &xlsx(&[("检查", sheet_xml(&rows, None))]));
    let book_rows = vec![
        inspection_header(),
        vec![
            D(2025, 3, 6),
            S("委内"),
            S("暗访"),
            S("甲大厅"),
            S("脱岗\u{0}"),
            S("3.5"),
            N(0.5),
            S("否"),
        ],
    ];
    f.book("检查2.xlsx", vec![sheet("检查", book_rows)]);
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    let w = warnings(&ev);
    assert_one(
        &w,
        "检查.xlsx|检查|E2",
        "单元格含有不可见的控制字符（如 U+0001），已删除",
    );
    assert_one(
        &w,
        "检查2.xlsx|检查|E2",
        "单元格含有不可见的控制字符（如 U+0000），已删除",
    );
    let problems: Vec<&str> = ev
        .data
        .inspections
        .iter()
        .map(|i| i.problem.as_str())
        .collect();
    assert_eq!(problems, ["玩手机 接电话", "脱岗"]);
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("4.5"));
}

/// 100,000 characters in a cell the program uses: an error at that cell.
#[test]
fn overlong_text_is_an_error_at_its_cell() {
    let f = Folder::with_halls("hostile-long-text", 1);
    let mut rows = inspection_rows(X::N("1"));
    rows[1].1[4] = (4, t("长".repeat(100_000)));
    rows[1].1.push((12, t("x".repeat(100_000))));
    write(&f, "检查.xlsx", &xlsx(&[("检查", sheet_xml(&rows, None))]));
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "检查.xlsx|检查|E2",
        "文字过长：100000 字，单元格最多 2000 字",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(ev.data.inspections.is_empty());
}

/// Parts calamine sizes its tables by: a shared-string count of a hundred billion (calamine
/// reserves room for it up front), a font name copied into each of many cell formats, and a
/// shared formula claiming index four billion (calamine's formula-expanding reader sizes a
/// table by it; the reader used here does not).
#[test]
fn table_sizes_claimed_by_parts_are_checked() {
    let f = Folder::with_halls("hostile-tables", 1);
    let sheet = sheet_xml(&inspection_rows(X::N("1")), None);
    let with_part = |part: &str, xml: &str| {
        let base = xlsx(&[("检查", sheet.clone())]);
        let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).expect("zip");
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..src.len() {
            w.raw_copy_file(src.by_index_raw(i).expect("part"))
                .expect("copy");
        }
        w.start_file(part, zip::write::SimpleFileOptions::default())
            .expect("part");
        w.write_all(xml.as_bytes()).expect("write");
        w.finish().expect("zip").into_inner()
    };
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>"#;
    write(&f, "字符串.xlsx", &with_part("xl/sharedStrings.xml", sst));
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="{}"/></font></fonts><cellXfs count="1"><xf fontId="0"/></cellXfs></styleSheet>"#,
        "宋".repeat(1000)
    );
    write(&f, "格式.xlsx", &with_part("xl/styles.xml", &styles));
    let mut rows = inspection_rows(X::N("1"));
    rows[1].1.push((9, X::N("2")));
    let shared = sheet_xml(&rows, None).replace(
        r#"<c r="J2"><v>2</v></c>"#,
        r#"<c r="J2"><f t="shared" si="4000000000"/><v>2</v></c>"#,
    );
    write(&f, "共享公式.xlsx", &xlsx(&[("检查", shared)]));
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "字符串.xlsx|-|-",
        "工作簿过大：其中的 xl/sharedStrings.xml 声明了 100000000000 个共享字符串，最多 2000000 个",
    );
    assert_one(
        &e,
        "格式.xlsx|-|-",
        "工作簿过大：其中的 xl/styles.xml 的属性值超过 1024 字节",
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(ev.data.inspections.len(), 1);
    assert_eq!(status(&ev, "共享公式.xlsx"), &InputStatus::Used);
}

#[cfg(unix)]
fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// A data folder that is a symbolic link to a folder elsewhere is read and its deductions
/// count; a link back to a parent is a loop, skipped with a notice; links pointing at each other
/// are a loop too; a broken link is an error; a second link to a folder already read is skipped
/// so nothing counts twice. Every one of them is listed among the inputs.
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_or_reported() {
    let outside = Folder::new("hostile-links-outside");
    outside.book(
        "三月.xlsx",
        vec![sheet(
            "检查",
            vec![
                inspection_header(),
                vec![
                    D(2025, 3, 5),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("玩手机"),
                    S("3.5"),
                    N(1.0),
                    S("否"),
                ],
            ],
        )],
    );
    let f = Folder::with_halls("hostile-links", 1);
    symlink(&outside.dir, &f.dir.join("明察暗访"));
    symlink(&outside.dir, &f.dir.join("明察暗访副本"));
    std::fs::create_dir_all(f.dir.join("子")).expect("mkdir");
    symlink(std::path::Path::new(".."), &f.dir.join("子/上级"));
    symlink(&f.dir.join("乙"), &f.dir.join("甲"));
    symlink(&f.dir.join("甲"), &f.dir.join("乙"));
    symlink(
        std::path::Path::new("/nonexistent/检查.xlsx"),
        &f.dir.join("断开.xlsx"),
    );
    let ev = f.eval();
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("5"));
    assert_eq!(ev.data.inspections.len(), 1);
    let e = errors(&ev);
    assert_one(&e, "断开.xlsx|-|-", "符号链接指向的文件不存在");
    assert_eq!(e.len(), 1, "{e:?}");
    let n = notices(&ev);
    assert_one(&n, "子/上级|-|-", "符号链接形成循环，已跳过");
    assert_one(&n, "甲|-|-", "符号链接形成循环，已跳过");
    assert_one(&n, "乙|-|-", "符号链接形成循环，已跳过");
    assert_one(
        &n,
        "明察暗访副本|-|-",
        "符号链接指向的文件夹已作为 明察暗访 读取",
    );
    assert_eq!(status(&ev, "明察暗访/三月.xlsx"), &InputStatus::Used);
    assert_eq!(
        status(&ev, "断开.xlsx"),
        &InputStatus::Unreadable("符号链接指向的文件不存在".to_string())
    );
    assert_eq!(
        status(&ev, "子/上级"),
        &InputStatus::Skipped("符号链接形成循环".to_string())
    );
    assert_eq!(status(&ev, "kaohe.toml"), &InputStatus::Used);
}

/// Every file the run considered is listed with what became of it.
#[test]
fn inputs_list_every_file() {
    let f = Folder::with_halls("hostile-inputs", 1);
    f.write("说明.txt", "x");
    f.write(".DS_Store", "x");
    f.write("~$锁.xlsx", "x");
    f.write("坏.xlsx", "not a workbook");
    f.write(".git/config", "x");
    let ev = f.eval();
    let got: Vec<(String, String)> = ev
        .inputs
        .iter()
        .map(|i| (i.rel.clone(), format!("{:?}", i.status)))
        .collect();
    let want = [
        (".DS_Store", r#"Skipped("隐藏文件")"#),
        (".git", r#"Skipped("隐藏文件夹")"#),
        ("kaohe.toml", "Used"),
        ("~$锁.xlsx", r#"Skipped("Office 临时锁定文件")"#),
        ("坏.xlsx", r#"Unreadable("文件已损坏或不是有效的工作簿")"#),
        ("自查/甲大厅.xlsx", "Used"),
        ("说明.txt", r#"Skipped("不是工作簿")"#),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(ev.inputs.iter().all(|i| i.path.starts_with(&f.dir)));
    let bad = ev
        .inputs
        .iter()
        .find(|i| i.rel == "坏.xlsx")
        .expect("listed");
    let json = serde_json::to_value(bad).expect("json");
    assert_eq!(json["status"], "unreadable");
    assert_eq!(json["rel"], "坏.xlsx");
}

/// `hall = []`: an error from kaohe.toml naming the key, and nothing is read.
#[test]
fn empty_hall_registry_is_an_error() {
    let f = Folder::new("hostile-no-halls");
    f.write(
        "kaohe.toml",
        "year = 2025\nissuer = \"示例市行政服务管理委员会\"\nhall = []\n",
    );
    f.form("甲大厅", &[]);
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "kaohe.toml|-|-", "设置项 hall 为空");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        status(&ev, "自查/甲大厅.xlsx"),
        &InputStatus::Skipped("kaohe.toml 有错误，未读取".to_string())
    );
}

/// Writes each hostile file, and files at the edge of the bounds, into its own folder under
/// $KAOHE_HOSTILE_DIR, for measuring the built program on them (`/usr/bin/time -v kaohe check`).
#[test]
#[ignore = "writes sample files for measurement"]
fn write_hostile_samples() {
    let Ok(root) = std::env::var("KAOHE_HOSTILE_DIR") else {
        return;
    };
    let root = std::path::PathBuf::from(root);
    let config =
        "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n[[hall]]\nname = \"甲大厅\"\n";
    let put = |dir: &str, name: &str, bytes: &[u8]| {
        let d = root.join(dir);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::write(d.join("kaohe.toml"), config).expect("toml");
        std::fs::write(d.join(name), bytes).expect("write");
    };
    put(
        "corner-xlsx",
        "c.xlsx",
        &xlsx(&[(
            "角落",
            sheet_xml(
                &[
                    (0, vec![(0, t("a"))]),
                    (1_048_575, vec![(16_383, X::N("1"))]),
                ],
                Some("A1:XFD1048576"),
            ),
        )]),
    );
    put(
        "repeat-ods",
        "r.ods",
        &ods(
            "行",
            r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
        ),
    );
    put(
        "spaces-ods",
        "s.ods",
        &ods(
            "空格",
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#,
        ),
    );
    put(
        "corner-xls",
        "c.xls",
        &xls(
            &[("角落", vec![label(0, 0, "a"), number(65_535, 255, 1.0)])],
            false,
        ),
    );
    let mut dims = vec![0u8; 14];
    dims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    dims[10..12].copy_from_slice(&255u16.to_le_bytes());
    put(
        "dimensions-xls",
        "d.xls",
        &xls(
            &[("检查", vec![rec(0x0200, &dims), number(0, 0, 1.0)])],
            false,
        ),
    );
    put(
        "encrypted",
        "e.xlsx",
        &cfb(&[("EncryptedPackage", vec![0x5A; 600])]),
    );
    // The zip bomb: 2 GB of spaces in one sheet part.
    put("bomb", "b.xlsx", &zip_bomb(2048));
    // At the edge: a million cells (100,000 rows × 10 columns) sharing one 2,000-character
    // string, and 99 MB of sheet XML.
    {
        let long = "长".repeat(2000);
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for r in 1..=100_000 {
            sheet.push_str(&format!("<row r=\"{r}\">"));
            for c in 0..10 {
                sheet.push_str(&format!(
                    "<c r=\"{}\" t=\"s\"><v>0</v></c>",
                    kaohe::text::a1(r - 1, c)
                ));
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let sst = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
        );
        let base = xlsx(&[("大", sheet)]);
        let mut src = zip::ZipArchive::new(std::io::Cursor::new(base)).expect("zip");
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..src.len() {
            w.raw_copy_file(src.by_index_raw(i).expect("part"))
                .expect("copy");
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/sharedStrings.xml", opts).expect("part");
        w.write_all(sst.as_bytes()).expect("write");
        put(
            "million-cells",
            "m.xlsx",
            &w.finish().expect("zip").into_inner(),
        );

        let mut padded = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        padded.push_str(&" ".repeat(99 * 1024 * 1024));
        padded.push_str("</sheetData></worksheet>");
        put("99mb-part", "p.xlsx", &xlsx(&[("大", padded)]));
    }
    // One million cells in an .ods: 10,000 rows of 100 repeated numbers.
    put(
        "million-ods",
        "m.ods",
        &ods(
            "大",
            r#"<table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row>"#,
        ),
    );
    // 99,999 rows each with a wrong date: a hundred thousand errors, listed up to the cap.
    let mut rows = inspection_rows(X::N("1"));
    let row = rows.pop().expect("row").1;
    for r in 1..100_000u32 {
        let mut cells: Vec<(u32, X)> = vec![(0, t("明天"))];
        cells.extend(row.iter().skip(1).map(|(c, v)| {
            (
                *c,
                match v {
                    X::T(s) => t(s.clone()),
                    X::N(n) => X::N(n),
                    X::F(f) => X::F(f),
                },
            )
        }));
        rows.push((r, cells));
    }
    put(
        "many-errors",
        "e.xlsx",
        &xlsx(&[("检查", sheet_xml(&rows, None))]),
    );
}
