//! The Excel side: fill-in forms for halls and inspectors (`template`) and the summary workbook
//! (`考核汇总.xlsx`). Both are written with rust_xlsxwriter, byte-identical on rerun.

pub mod blank;
pub mod forms;
pub mod summary;

use crate::text::Date;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// A workbook that could not be built or saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("无法生成工作簿 {}：{}", .path.display(), .source)]
    Build { path: PathBuf, source: XlsxError },
    /// A workbook just built could not be read back to fingerprint its cells.
    #[error("无法读回刚生成的工作簿 {}：{}", .path.display(), .reason)]
    Check { path: PathBuf, reason: String },
    #[error(transparent)]
    File(#[from] crate::fsio::FileError),
}

/// Column width (in Excel's character units) that fits `text` in the default font: a CJK
/// character is about two digits wide, which rust_xlsxwriter's autofit does not know.
pub fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if (c as u32) < 0x2E80 { 1.1 } else { 2.05 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// A width for a column from its header and sample contents, with room for the filter arrow.
pub fn fit_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let w = texts.into_iter().map(text_width).fold(0.0, f64::max);
    (w + 3.0).clamp(6.0, 60.0)
}

/// Document properties with a creation time from the settings, never the clock.
pub fn properties(title: &str, author: &str, date: Date) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(
        date.year.clamp(1900, 9999) as u16,
        date.month as u8,
        date.day as u8,
    )?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company(author)
        .set_comment("由 kaohe 生成")
        .set_creation_datetime(&created))
}

/// Saves under a temporary name and renames into place, so an interrupted run never leaves a
/// half-written workbook under its final name.
pub fn save_atomic(wb: &mut Workbook, path: &Path) -> Result<(), SaveError> {
    let bytes = wb.save_to_buffer().map_err(|source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(crate::fsio::write_atomic(path, &bytes)?)
}

pub fn f64_of(d: rust_decimal::Decimal) -> f64 {
    use std::str::FromStr;
    f64::from_str(&d.normalize().to_string()).unwrap_or(0.0)
}
