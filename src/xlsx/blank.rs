//! Whether a form `kaohe template` wrote is still blank, so a rerun may regenerate it for a new
//! roster or year without ever destroying what a hall or inspector typed in.
//!
//! Every form carries custom document properties (kept by Excel and WPS when they save): which
//! form it is, for which hall, the kaohe version, and a fingerprint of every cell value of the
//! form as written blank. A form whose cells still give that fingerprint holds nothing anybody
//! typed; any typed value, deleted row or edited header changes it, and then the form is kept.

use calamine::{Data, Reader, Xlsx};
use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read};
use std::path::Path;

/// Names of the custom properties (ASCII: they live in an XML attribute of docProps/custom.xml).
pub const PROP_FORM: &str = "kaohe-form";
pub const PROP_HALL: &str = "kaohe-hall";
pub const PROP_VERSION: &str = "kaohe-version";
pub const PROP_BLANK: &str = "kaohe-blank-sha256";

/// A blank form is some tens of kilobytes; a file many times that size holds data or is not one
/// of ours, and is kept without being opened.
const MAX_FILE_BYTES: u64 = 4 << 20;
/// Bound on any one part of the zip once inflated: a crafted file cannot exhaust memory here.
const MAX_PART_BYTES: u64 = 32 << 20;

/// What kaohe recorded in a form it wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marker {
    /// The form, e.g. `年终自查评分表` or a workbook's file name.
    pub form: String,
    /// The hall of a self-check form.
    pub hall: Option<String>,
    pub version: String,
    /// Fingerprint of the form's cells as written blank.
    pub blank: String,
}

/// What an existing file at a form's place turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Written by kaohe and nobody changed a cell since.
    Blank(Marker),
    /// Written by kaohe, and some cell differs from the blank form.
    Filled(Marker),
    /// No kaohe marker: somebody else's workbook (or one older kaohe versions wrote).
    Foreign,
    /// Could not be read; the reason in Chinese.
    Unreadable(String),
}

/// Fingerprint of every non-empty cell value of every sheet of an .xlsx, in sheet order.
/// Values are compared as calamine reads them, so a workbook saved again by Excel or WPS without
/// changes keeps its fingerprint (formula results are the recalculated values).
pub fn fingerprint(bytes: &[u8]) -> Result<String, String> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut hash = Sha256::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        hash.update(format!("\u{1d}{name}").as_bytes());
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let value = match v {
                Data::Empty => continue,
                Data::String(s) if s.is_empty() => continue,
                Data::String(s) => format!("s{s}"),
                Data::Float(f) => format!("n{f}"),
                Data::Int(i) => format!("n{}", *i as f64),
                Data::Bool(b) => format!("b{b}"),
                Data::DateTime(d) => format!("n{}", d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => format!("d{s}"),
                Data::Error(e) => format!("e{e}"),
            };
            let (r, c) = (r0 as usize + r, c0 as usize + c);
            hash.update(format!("\u{1e}{r},{c}\u{1f}{value}").as_bytes());
        }
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Looks at the file at a form's place.
pub fn inspect(path: &Path) -> Existing {
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.len(),
        Ok(_) => return Existing::Unreadable("不是文件".to_string()),
        Err(e) => return Existing::Unreadable(crate::fsio::reason(&e)),
    };
    // The marker is read through the zip's directory, without loading the file.
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Existing::Unreadable(crate::fsio::reason(&e)),
    };
    let Some(m) = marker(file) else {
        return Existing::Foreign;
    };
    if size > MAX_FILE_BYTES {
        // Far larger than a blank form: something was added; it stays.
        return Existing::Filled(m);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Existing::Unreadable(crate::fsio::reason(&e)),
    };
    if !parts_within_bounds(&bytes) {
        return Existing::Filled(m);
    }
    match fingerprint(&bytes) {
        Ok(f) if f == m.blank => Existing::Blank(m),
        // Different cells, or a form of ours calamine cannot read any more: someone changed
        // it; keep it.
        _ => Existing::Filled(m),
    }
}

/// Whether every part of the zip inflates within [`MAX_PART_BYTES`], counted while inflating.
fn parts_within_bounds(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            return false;
        };
        match std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink()) {
            Ok(n) if n <= MAX_PART_BYTES => {}
            _ => return false,
        }
    }
    true
}

/// The kaohe marker in docProps/custom.xml, if the workbook has one.
pub fn marker(workbook: impl Read + std::io::Seek) -> Option<Marker> {
    let mut zip = zip::ZipArchive::new(workbook).ok()?;
    let part = zip.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    part.take(1 << 20).read_to_string(&mut xml).ok()?;
    let props = custom_properties(&xml);
    let get = |name: &str| {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    Some(Marker {
        form: get(PROP_FORM)?,
        hall: get(PROP_HALL),
        version: get(PROP_VERSION).unwrap_or_default(),
        blank: get(PROP_BLANK)?,
    })
}

/// (name, text value) of each `<property name="…"><vt:…>value</vt:…></property>`.
fn custom_properties(xml: &str) -> Vec<(String, String)> {
    let mut reader = XmlReader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "property" => {
                current = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "name")
                    .and_then(|a| {
                        quick_xml::escape::unescape(&a.value)
                            .ok()
                            .map(|v| v.into_owned())
                    });
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => {
                value.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(r)) if current.is_some() => {
                // quick-xml reports entity references apart from the text around them.
                match quick_xml::escape::resolve_xml_entity(&r) {
                    Some(v) => value.push_str(v),
                    None => {
                        if let Ok(Some(c)) = r.resolve_char_ref() {
                            value.push(c);
                        }
                    }
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "property" => {
                if let Some(name) = current.take() {
                    out.push((name, std::mem::take(&mut value)));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_custom_properties_with_entities() {
        let xml = r#"<?xml version="1.0"?><Properties xmlns:vt="x"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="kaohe-hall"><vt:lpwstr>甲&amp;乙大厅</vt:lpwstr></property><property pid="3" name="kaohe-form"><vt:lpwstr>年终自查评分表</vt:lpwstr></property></Properties>"#;
        assert_eq!(
            custom_properties(xml),
            vec![
                ("kaohe-hall".to_string(), "甲&乙大厅".to_string()),
                ("kaohe-form".to_string(), "年终自查评分表".to_string())
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_foreign() {
        let dir = std::env::temp_dir().join(format!("kaohe-blank-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("x.xlsx");
        std::fs::write(&path, b"not a zip").expect("write");
        assert_eq!(inspect(&path), Existing::Foreign);
        assert!(matches!(inspect(&dir), Existing::Unreadable(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
