//! Reading an input folder: find every workbook, recognise each sheet by its header row and
//! turn its rows into typed records. Workbooks are read in parallel; results are merged in path
//! order so the outcome never depends on thread timing.

mod book;
mod cfb;
mod grid;
pub mod kinds;
pub mod limits;
mod ods;
pub mod printable;
mod sheet;
mod xls;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::records::Dataset;
use crate::rubric::Rubric;
use book::{Book, Refusal, SheetOutcome};
use grid::TooLarge;
pub use printable::Printable;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Read;
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
/// Diagnostics one sheet may add before the rest are summarised: a sheet with a mistake in
/// every one of its rows says all it needs to in a thousand lines.
const MAX_SHEET_DIAGNOSTICS: usize = 1_000;

/// One file the run considered, and what became of it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputFile {
    /// Relative to the input folder, with `/` separators.
    pub rel: String,
    /// Where it was read from (through any symbolic link).
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    #[serde(flatten)]
    pub status: InputStatus,
    /// SHA-256 (hex) and length of the bytes read, for a workbook that was read.
    #[serde(skip)]
    pub content: Option<(String, u64)>,
}

/// What the run did with an input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
pub enum InputStatus {
    /// Read, and its content used (a workbook may still have had sheets refused: see the
    /// diagnostics).
    #[default]
    Used,
    /// Deliberately not read; the reason in Chinese, e.g. 隐藏文件.
    Skipped(String),
    /// Meant to be read but could not be; the reason in Chinese.
    Unreadable(String),
}

fn lossy_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

/// One workbook found under the input folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Relative to the input folder, with `/` separators.
    pub rel: String,
}

/// What [`discover`] found: the workbooks to read, and every other file with its status.
#[derive(Debug, Default)]
pub struct Discovered {
    pub workbooks: Vec<Found>,
    pub others: Vec<InputFile>,
}

/// Lists every file under `dir` (any depth, following symbolic links) in path order; reports
/// lock, hidden and non-workbook files as notices and returns the workbooks to read.
///
/// A symbolic link is followed like the folder or file it points to, so a data folder kept
/// elsewhere is read; a link into a folder already read (or to one of its own parents) is
/// reported and skipped, so nothing is read twice and no loop is followed; a broken link is an
/// error. Nothing is ever skipped without a diagnostic.
pub fn discover(dir: &Path, diags: &mut Diagnostics) -> std::io::Result<Discovered> {
    let mut w = Walker {
        diags,
        files: Vec::new(),
        others: Vec::new(),
        dirs_read: HashMap::new(),
        files_read: HashMap::new(),
        links: Vec::new(),
    };
    let root = std::fs::canonicalize(dir)?;
    w.dirs_read.insert(root.clone(), String::new());
    w.walk(dir, "", true)?;
    // Links are followed after the real folders are walked, so a file reached both ways is
    // read (and named) at its real place.
    while !w.links.is_empty() {
        let mut links = std::mem::take(&mut w.links);
        links.sort_by(|a, b| a.1.cmp(&b.1));
        for (path, rel) in links {
            w.follow(&path, &rel);
        }
    }
    let Walker {
        mut files,
        mut others,
        ..
    } = w;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut workbooks = Vec::new();
    for f in files {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel).to_string();
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let skipped =
            |diags: &mut Diagnostics, others: &mut Vec<InputFile>, why: &str, msg: &str| {
                diags.push(Diagnostic::in_file(Severity::Notice, &f.rel, msg));
                others.push(InputFile {
                    rel: f.rel.clone(),
                    path: f.path.clone(),
                    status: InputStatus::Skipped(why.to_string()),
                    content: None,
                });
            };
        if name.starts_with("~$") {
            skipped(
                diags,
                &mut others,
                "Office 临时锁定文件",
                "Office 临时锁定文件，已跳过",
            );
        } else if name.starts_with('.') {
            skipped(diags, &mut others, "隐藏文件", "隐藏文件，已跳过");
        } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
            workbooks.push(f);
        } else if SETTINGS_FILES.contains(&f.rel.as_str()) {
            others.push(InputFile {
                rel: f.rel.clone(),
                path: f.path.clone(),
                status: InputStatus::Used,
                content: None,
            });
        } else {
            skipped(
                diags,
                &mut others,
                "不是工作簿",
                "不是工作簿（.xlsx、.xlsm、.xls、.ods），已跳过",
            );
        }
    }
    others.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Discovered { workbooks, others })
}

struct Walker<'d> {
    diags: &'d mut Diagnostics,
    files: Vec<Found>,
    others: Vec<InputFile>,
    /// Canonical folders already walked, with the relative path they were walked at.
    dirs_read: HashMap<PathBuf, String>,
    /// Canonical files already listed, likewise.
    files_read: HashMap<PathBuf, String>,
    /// Symbolic links met and not yet followed: (path, relative path).
    links: Vec<(PathBuf, String)>,
}

impl Walker<'_> {
    fn note(
        &mut self,
        severity: Severity,
        rel: &str,
        path: &Path,
        status: InputStatus,
        msg: String,
    ) {
        self.diags.push(Diagnostic::in_file(severity, rel, msg));
        self.others.push(InputFile {
            rel: rel.to_string(),
            path: path.to_path_buf(),
            status,
            content: None,
        });
    }

    /// Walks a folder without following links (they are queued). Only the input folder itself
    /// failing to list is an error of the run; a subfolder that cannot be listed is reported.
    fn walk(&mut self, dir: &Path, prefix: &str, top: bool) -> std::io::Result<()> {
        let mut entries = match std::fs::read_dir(dir)
            .and_then(|d| d.collect::<Result<Vec<_>, _>>())
        {
            Ok(e) => e,
            Err(e) if top => return Err(e),
            Err(e) => {
                let rel = prefix.trim_end_matches('/').to_string();
                self.note(
                    Severity::Error,
                    &rel,
                    dir,
                    InputStatus::Unreadable(format!("无法读取文件夹：{}", crate::fsio::reason(&e))),
                    format!(
                        "无法读取文件夹，其中的文件均未读取：{}",
                        crate::fsio::reason(&e)
                    ),
                );
                return Ok(());
            }
        };
        entries.sort_by_key(|e| e.file_name());
        // a plain file's real path is its folder's plus its name: one lookup per folder,
        // not one per file of a province's folder
        let real_dir = std::fs::canonicalize(dir).ok();
        for entry in entries {
            let path = entry.path();
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let Ok(file_type) = entry.file_type() else {
                self.note(
                    Severity::Error,
                    &rel,
                    &path,
                    InputStatus::Unreadable("无法读取".to_string()),
                    "无法读取该文件的类型，未读取".to_string(),
                );
                continue;
            };
            if file_type.is_symlink() {
                self.links.push((path, rel));
            } else if file_type.is_dir() {
                self.enter(&path, &rel);
            } else {
                let real = real_dir.as_ref().map(|d| d.join(entry.file_name()));
                self.file(&path, &rel, real);
            }
        }
        Ok(())
    }

    fn enter(&mut self, path: &Path, rel: &str) {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name.starts_with('.') {
            self.note(
                Severity::Notice,
                rel,
                path,
                InputStatus::Skipped("隐藏文件夹".to_string()),
                "隐藏文件夹，已跳过".to_string(),
            );
            return;
        }
        if is_kaohe_output(path) {
            // Its summary workbook would otherwise be read back as input on the next run.
            self.note(
                Severity::Notice,
                rel,
                path,
                InputStatus::Skipped("kaohe 生成的输出文件夹".to_string()),
                "kaohe 生成的输出文件夹，已跳过".to_string(),
            );
            return;
        }
        if let Ok(canonical) = std::fs::canonicalize(path) {
            self.dirs_read.insert(canonical, rel.to_string());
        }
        // A subfolder's failure is reported inside; only the top folder's is returned.
        let _ = self.walk(path, &format!("{rel}/"), false);
    }

    /// A file to read; `real`: its canonical path when the caller knows it.
    fn file(&mut self, path: &Path, rel: &str, real: Option<PathBuf>) {
        if let Some(canonical) = real.or_else(|| std::fs::canonicalize(path).ok()) {
            self.files_read.insert(canonical, rel.to_string());
        }
        self.files.push(Found {
            path: path.to_path_buf(),
            rel: rel.to_string(),
        });
    }

    fn follow(&mut self, path: &Path, rel: &str) {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.note(
                    Severity::Error,
                    rel,
                    path,
                    InputStatus::Unreadable("符号链接指向的文件不存在".to_string()),
                    format!("符号链接指向的文件不存在（{target}），其内容未读取"),
                );
                return;
            }
            // ELOOP: links pointing at each other never reach a file. Its ErrorKind variant
            // cannot be named on stable Rust, only printed.
            Err(e) if format!("{:?}", e.kind()) == "FilesystemLoop" => {
                self.note(
                    Severity::Notice,
                    rel,
                    path,
                    InputStatus::Skipped("符号链接形成循环".to_string()),
                    format!("符号链接形成循环，已跳过（{target}）"),
                );
                return;
            }
            Err(e) => {
                self.note(
                    Severity::Error,
                    rel,
                    path,
                    InputStatus::Unreadable(format!(
                        "无法读取符号链接：{}",
                        crate::fsio::reason(&e)
                    )),
                    format!("无法读取符号链接（{target}）：{}", crate::fsio::reason(&e)),
                );
                return;
            }
        };
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if meta.is_dir() {
            let parent = path
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .unwrap_or_default();
            if parent.starts_with(&canonical) {
                self.note(
                    Severity::Notice,
                    rel,
                    path,
                    InputStatus::Skipped("符号链接形成循环".to_string()),
                    format!("符号链接形成循环，已跳过（指向上级文件夹 {target}）"),
                );
            } else if let Some(first) = self.dirs_read.get(&canonical).cloned() {
                self.note(
                    Severity::Notice,
                    rel,
                    path,
                    InputStatus::Skipped(format!("与 {} 是同一个文件夹", shown_rel(&first))),
                    format!(
                        "符号链接指向的文件夹已作为 {} 读取，已跳过（不重复计算）",
                        shown_rel(&first)
                    ),
                );
            } else {
                self.enter(path, rel);
            }
        } else if let Some(first) = self.files_read.get(&canonical).cloned() {
            self.note(
                Severity::Notice,
                rel,
                path,
                InputStatus::Skipped(format!("与 {first} 是同一个文件")),
                format!("符号链接指向的文件已作为 {first} 读取，已跳过（不重复计算）"),
            );
        } else {
            self.file(path, rel, None);
        }
    }
}

fn shown_rel(rel: &str) -> &str {
    if rel.is_empty() {
        "输入文件夹本身"
    } else {
        rel
    }
}

/// A folder `kaohe run` wrote: it holds kaohe's manifest.json.
fn is_kaohe_output(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json"))
        .is_ok_and(|t| t.contains("\"program\": \"kaohe\""))
}

/// Reads all workbooks in parallel; gives each one's status in path order.
pub fn read_all(
    found: &[Found],
    cfg: &Config,
    rubric: &Rubric,
    printable: Printable<'_>,
) -> (Dataset, Diagnostics, Vec<InputFile>) {
    // The biggest workbooks first: a province's attendance sheet, started last, would keep
    // one core busy long after the other had finished every hall's form.
    let size = |f: &Found| std::fs::metadata(&f.path).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = found.iter().map(size).zip(0..).collect();
    order.sort_by_key(|&(bytes, i)| (std::cmp::Reverse(bytes), i));
    let mut read: Vec<(usize, WorkbookRead)> = order
        .par_iter()
        // one workbook per task: a stretch of files read in turn would hold the big ones
        .with_max_len(1)
        .map(|&(_, i)| {
            let f = &found[i];
            (i, read_workbook(&f.path, &f.rel, cfg, rubric, printable))
        })
        .collect();
    read.sort_by_key(|(i, _)| *i);
    let results = read.into_iter().map(|(_, r)| r);
    let mut parts = Vec::with_capacity(found.len());
    let mut diags = Diagnostics::default();
    let mut inputs = Vec::new();
    for (f, mut r) in found.iter().zip(results) {
        parts.push(std::mem::take(&mut r.data));
        diags.0.extend(r.diagnostics);
        inputs.push(InputFile {
            rel: f.rel.clone(),
            path: f.path.clone(),
            status: r.status,
            content: r.content,
        });
    }
    (Dataset::concat(parts), diags, inputs)
}

/// What reading one workbook gave.
#[derive(Debug, Default)]
pub struct WorkbookRead {
    /// Records read; `files` names the workbook even when nothing could be read from it.
    pub data: Dataset,
    pub diagnostics: Vec<Diagnostic>,
    pub status: InputStatus,
    /// SHA-256 (hex) and length of the file's bytes, when they could be read.
    pub content: Option<(String, u64)>,
}

/// Reads one workbook file. A file that cannot be read at all is one error naming the file.
pub fn read_workbook(
    path: &Path,
    rel: &str,
    cfg: &Config,
    rubric: &Rubric,
    printable: Printable<'_>,
) -> WorkbookRead {
    let refused = |msg: String| WorkbookRead {
        data: Dataset {
            files: vec![rel.to_string()],
            ..Dataset::default()
        },
        diagnostics: vec![Diagnostic::in_file(Severity::Error, rel, msg.clone())],
        status: InputStatus::Unreadable(msg),
        content: None,
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > limits::MAX_FILE_BYTES {
        return refused(too_big(size));
    }
    let mut bytes = Vec::new();
    // The file may grow between the size check and the read; never read past the bound.
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(limits::MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    match read {
        Err(e) => refused(format!("无法读取文件：{}", crate::fsio::reason(&e))),
        Ok(n) if n as u64 > limits::MAX_FILE_BYTES => refused(too_big(n as u64)),
        Ok(n) => {
            let content = (crate::fsio::sha256_hex(&bytes), n as u64);
            WorkbookRead {
                content: Some(content),
                ..read_workbook_bytes(bytes, rel, cfg, rubric, printable)
            }
        }
    }
}

fn too_big(size: u64) -> String {
    format!(
        "文件过大：{:.1} MB，工作簿最多 {} MB，未读取",
        size as f64 / (1024.0 * 1024.0),
        limits::MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Reads one workbook given as bytes (any format kaohe reads, told from the bytes) into
/// records, with every problem as a diagnostic naming `rel` (the file as it should be named in
/// messages). This is the whole reading stage for one file: it never panics on any input and
/// stays within [`limits`]; the fuzz target calls it with arbitrary bytes. Texts are checked
/// against `printable`'s fonts.
pub fn read_workbook_bytes(
    bytes: Vec<u8>,
    rel: &str,
    cfg: &Config,
    rubric: &Rubric,
    printable: Printable<'_>,
) -> WorkbookRead {
    let mut out = WorkbookRead {
        data: Dataset {
            files: vec![rel.to_string()],
            ..Dataset::default()
        },
        ..WorkbookRead::default()
    };
    let mut book = match Book::open(bytes) {
        Ok(b) => b,
        Err(r) => {
            let msg = r.message();
            out.diagnostics
                .push(Diagnostic::in_file(Severity::Error, rel, msg.clone()));
            out.status = InputStatus::Unreadable(refusal_reason(&r));
            return out;
        }
    };
    // A summary workbook kaohe wrote (always with its 校验报告 sheet): its detail sheets would
    // read as input — 加分明细 has the headers of a veto sheet.
    if book
        .sheet_names()
        .is_some_and(|names| names.iter().any(|n| n == SUMMARY_REPORT_SHEET))
    {
        return summary_workbook(rel);
    }
    let file: Arc<str> = Arc::from(rel);
    let mut diags = Diagnostics::default();
    let mut data = Dataset::default();
    let mut recognised = 0;
    let mut unrecognised = Vec::new();
    let mut is_summary = false;
    // Sheets refused or unreadable are reported as such, not as an empty workbook.
    let mut troubled = false;
    let mut workbook_cells = 0usize;
    let result = book.each_sheet(&mut |raw_name, outcome| {
        // Sheet names are shown in messages and documents like cell text.
        let cleaned = crate::text::strip_controls(raw_name).0;
        let name = cleaned.as_ref();
        if name == SUMMARY_REPORT_SHEET {
            is_summary = true;
            return false;
        }
        if INSTRUCTION_SHEETS.contains(&crate::text::compact(name).as_str()) {
            return true;
        }
        let (grid, controls) = match outcome {
            SheetOutcome::Grid(g, c) => (g, c),
            SheetOutcome::TooLarge(t) => {
                troubled = true;
                diags.push(Diagnostic::in_sheet(
                    Severity::Error,
                    rel,
                    name,
                    t.message(),
                ));
                return true;
            }
            SheetOutcome::Unreadable(e) => {
                troubled = true;
                diags.push(Diagnostic::in_sheet(
                    Severity::Error,
                    rel,
                    name,
                    format!("工作表无法读取（{e}）"),
                ));
                return true;
            }
        };
        workbook_cells += grid.cell_count();
        if workbook_cells > limits::MAX_WORKBOOK_CELLS {
            troubled = true;
            let why = TooLarge::Other(format!(
                "本工作簿各工作表有内容的单元格合计超过 {} 个，本表及其后的工作表",
                limits::MAX_WORKBOOK_CELLS
            ));
            diags.push(Diagnostic::in_sheet(
                Severity::Error,
                rel,
                name,
                why.message(),
            ));
            return false;
        }
        let sheet_name: Arc<str> = Arc::from(name);
        let before = diags.0.len();
        control_warnings(&file, &sheet_name, &controls, &mut diags);
        if grid.is_empty() {
            return true;
        }
        let reader = sheet::SheetReader {
            file: file.clone(),
            sheet: sheet_name,
            grid: &grid,
            cfg,
            rubric,
            printable,
            diags: &mut diags,
            out: &mut data,
            reported: HashSet::new(),
        };
        match reader.read() {
            Some(_) => recognised += 1,
            None => unrecognised.push(name.to_string()),
        }
        cap_sheet_diagnostics(&mut diags, before, rel, name);
        true
    });
    if is_summary {
        return summary_workbook(rel);
    }
    if let Err(r) = &result {
        diags.push(Diagnostic::in_file(Severity::Error, rel, r.message()));
    }
    for name in &unrecognised {
        diags.push(Diagnostic::in_sheet(
            Severity::Warning,
            rel,
            name,
            "工作表未识别：前 15 行中没有找到任何一种表格的表头（如 自查评分表 的“编号、分值、自评得分”），其内容未被使用",
        ));
    }
    if result.is_ok() && !troubled && recognised == 0 && unrecognised.is_empty() {
        diags.push(Diagnostic::in_file(
            Severity::Warning,
            rel,
            "工作簿中没有任何内容",
        ));
    } else if recognised == 0 && !unrecognised.is_empty() {
        diags.push(Diagnostic::in_file(
            Severity::Warning,
            rel,
            "工作簿中没有可识别的工作表，整个文件未被使用",
        ));
    }
    if let (Err(r), 0) = (&result, recognised) {
        out.status = InputStatus::Unreadable(refusal_reason(r));
    }
    out.data.append(data);
    out.diagnostics = diags.0;
    out
}

fn refusal_reason(r: &Refusal) -> String {
    match r {
        Refusal::Password => "设有打开密码".to_string(),
        Refusal::Corrupt(_) => "文件已损坏或不是有效的工作簿".to_string(),
        Refusal::TooLarge(detail) => format!("工作簿过大：{detail}"),
    }
}

fn summary_workbook(rel: &str) -> WorkbookRead {
    WorkbookRead {
        data: Dataset {
            files: vec![rel.to_string()],
            ..Dataset::default()
        },
        diagnostics: vec![Diagnostic::in_file(
            Severity::Notice,
            rel,
            "kaohe 生成的汇总工作簿，不作为输入读取",
        )],
        status: InputStatus::Skipped("kaohe 生成的汇总工作簿".to_string()),
        content: None,
    }
}

/// One warning per cell that lost control characters, the first few at their cells and the
/// rest counted.
fn control_warnings(
    file: &Arc<str>,
    sheet: &Arc<str>,
    controls: &[(u32, u32, char)],
    diags: &mut Diagnostics,
) {
    for &(row, col, c) in controls.iter().take(limits::MAX_REPEATED_NOTES) {
        let src = crate::diag::Source {
            file: file.clone(),
            sheet: sheet.clone(),
            row,
            col,
        };
        diags.warning(
            &src,
            format!(
                "单元格含有不可见的控制字符（如 U+{:04X}），已删除",
                c as u32
            ),
        );
    }
    if controls.len() > limits::MAX_REPEATED_NOTES {
        diags.push(Diagnostic::in_sheet(
            Severity::Warning,
            file,
            sheet,
            format!(
                "另有 {} 个单元格含有不可见的控制字符，已删除",
                controls.len() - limits::MAX_REPEATED_NOTES
            ),
        ));
    }
}

/// Keeps the first [`MAX_SHEET_DIAGNOSTICS`] diagnostics a sheet added and counts the rest.
fn cap_sheet_diagnostics(diags: &mut Diagnostics, before: usize, rel: &str, sheet: &str) {
    let added = diags.0.len() - before;
    if added <= MAX_SHEET_DIAGNOSTICS {
        return;
    }
    let dropped: Vec<Diagnostic> = diags.0.drain(before + MAX_SHEET_DIAGNOSTICS..).collect();
    let errors = dropped
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    diags.push(Diagnostic::in_sheet(
        Severity::Error,
        rel,
        sheet,
        format!(
            "本工作表的问题过多，只列出前 {MAX_SHEET_DIAGNOSTICS} 条；另有 {} 条（其中错误 {errors} 条）未列出",
            dropped.len()
        ),
    ));
}
