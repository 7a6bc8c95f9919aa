//! Reading an input folder: find every workbook, recognise each sheet by its header row and
//! turn its rows into typed records. Workbooks are read in parallel; results are merged in path
//! order so the outcome never depends on thread timing.

mod grid;
pub mod kinds;
mod sheet;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::records::Dataset;
use crate::rubric::Rubric;
use calamine::{Reader, Sheets, open_workbook_auto_from_rs};
use rayon::prelude::*;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use grid::{Cell, Grid};

const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "xlsb"];
/// Files of the folder that are settings, not data.
const SETTINGS_FILES: &[&str] = &["kaohe.toml", "rubric.toml"];
/// The sheet every summary workbook of kaohe has.
const SUMMARY_REPORT_SHEET: &str = "校验报告";
/// Sheets that explain how to fill in a form; they carry no data.
const INSTRUCTION_SHEETS: &[&str] = &["填表说明"];

/// One file found under the input folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Relative to the input folder, with `/` separators.
    pub rel: String,
}

/// Lists every file under `dir` (any depth) in path order; reports lock, hidden and
/// non-workbook files as notices and returns the workbooks.
pub fn discover(dir: &Path, diags: &mut Diagnostics) -> std::io::Result<Vec<Found>> {
    let mut all = Vec::new();
    walk(dir, dir, &mut all, diags)?;
    all.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut workbooks = Vec::new();
    for f in all {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel).to_string();
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if name.starts_with("~$") {
            diags.push(Diagnostic::in_file(
                Severity::Notice,
                &f.rel,
                "Office 临时锁定文件，已跳过",
            ));
        } else if name.starts_with('.') {
            diags.push(Diagnostic::in_file(
                Severity::Notice,
                &f.rel,
                "隐藏文件，已跳过",
            ));
        } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
            workbooks.push(f);
        } else if !SETTINGS_FILES.contains(&f.rel.as_str()) {
            diags.push(Diagnostic::in_file(
                Severity::Notice,
                &f.rel,
                "不是工作簿（.xlsx、.xlsm、.xls、.ods），已跳过",
            ));
        }
    }
    Ok(workbooks)
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Found>,
    diags: &mut Diagnostics,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                diags.push(Diagnostic::in_file(
                    Severity::Notice,
                    &rel,
                    "隐藏文件夹，已跳过",
                ));
                continue;
            }
            if is_kaohe_output(&path) {
                // Its summary workbook would otherwise be read back as input on the next run.
                diags.push(Diagnostic::in_file(
                    Severity::Notice,
                    &rel,
                    "kaohe 生成的输出文件夹，已跳过",
                ));
                continue;
            }
            walk(root, &path, out, diags)?;
        } else if file_type.is_file() || path.is_file() {
            out.push(Found { path, rel });
        }
    }
    Ok(())
}

/// A folder `kaohe run` wrote: it holds kaohe's manifest.json.
fn is_kaohe_output(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json"))
        .is_ok_and(|t| t.contains("\"program\": \"kaohe\""))
}

/// Reads all workbooks in parallel.
pub fn read_all(found: &[Found], cfg: &Config, rubric: &Rubric) -> (Dataset, Diagnostics) {
    let results: Vec<(Dataset, Diagnostics)> = found
        .par_iter()
        .map(|f| read_workbook(&f.path, &f.rel, cfg, rubric))
        .collect();
    let mut data = Dataset::default();
    let mut diags = Diagnostics::default();
    for (d, g) in results {
        data.append(d);
        diags.extend(g);
    }
    (data, diags)
}

/// Reads one workbook file. Any failure to open it is one error naming the file.
pub fn read_workbook(
    path: &Path,
    rel: &str,
    cfg: &Config,
    rubric: &Rubric,
) -> (Dataset, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut data = Dataset {
        files: vec![rel.to_string()],
        ..Dataset::default()
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::in_file(
                Severity::Error,
                rel,
                format!("无法读取文件：{e}"),
            ));
            return (data, diags);
        }
    };
    // calamine can panic on some malformed files; a bad file must be one error, never a crash.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook_bytes(bytes, rel, cfg, rubric, &mut data, &mut diags)
    }));
    if outcome.is_err() {
        diags.push(Diagnostic::in_file(
            Severity::Error,
            rel,
            "文件已损坏或格式无法识别，无法作为工作簿读取",
        ));
    }
    (data, diags)
}

fn read_workbook_bytes(
    bytes: Vec<u8>,
    rel: &str,
    cfg: &Config,
    rubric: &Rubric,
    data: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::in_file(
                Severity::Error,
                rel,
                format!("文件已损坏或不是有效的工作簿，无法打开（{e}）"),
            ));
            return;
        }
    };
    let file: Arc<str> = Arc::from(rel);
    let names = book.sheet_names();
    // A summary workbook kaohe wrote (always with its 校验报告 sheet): its detail sheets would
    // read as input — 加分明细 has the headers of a veto sheet.
    if names.iter().any(|n| n == SUMMARY_REPORT_SHEET) {
        diags.push(Diagnostic::in_file(
            Severity::Notice,
            rel,
            "kaohe 生成的汇总工作簿，不作为输入读取",
        ));
        return;
    }
    let mut recognised = 0;
    let mut unrecognised = Vec::new();
    for name in names {
        if INSTRUCTION_SHEETS.contains(&crate::text::compact(&name).as_str()) {
            continue;
        }
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::in_sheet(
                    Severity::Error,
                    rel,
                    &name,
                    format!("工作表无法读取（{e}）"),
                ));
                continue;
            }
        };
        let merges = merged_regions(&mut book, &name);
        let grid = Grid::new(&range, &merges);
        if grid.is_empty() {
            continue;
        }
        let reader = sheet::SheetReader {
            file: file.clone(),
            sheet: Arc::from(name.as_str()),
            grid: &grid,
            cfg,
            rubric,
            diags,
            out: data,
        };
        match reader.read() {
            Some(_) => recognised += 1,
            None => unrecognised.push(name),
        }
    }
    for name in &unrecognised {
        diags.push(Diagnostic::in_sheet(
            Severity::Warning,
            rel,
            name,
            "工作表未识别：前 15 行中没有找到任何一种表格的表头（如 自查评分表 的“编号、分值、自评得分”），其内容未被使用",
        ));
    }
    if recognised == 0 && unrecognised.is_empty() {
        diags.push(Diagnostic::in_file(
            Severity::Warning,
            rel,
            "工作簿中没有任何内容",
        ));
    } else if recognised == 0 {
        diags.push(Diagnostic::in_file(
            Severity::Warning,
            rel,
            "工作簿中没有可识别的工作表，整个文件未被使用",
        ));
    }
}

#[allow(deprecated)]
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<calamine::Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}
