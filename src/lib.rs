//! kaohe (考核): reads a year's folder of assessment workbooks, validates them with cell-precise
//! Chinese diagnostics and scores the service halls against the assessment scheme.
//!
//! The stages run one way: [`input`] (workbooks → typed records) → [`validate`] (records taken
//! together → diagnostics and what counts) → [`score`] (counted records → exact results) →
//! [`report`] (results → text or JSON). [`evaluate`] wires them for one folder.

pub mod config;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod fsio;
pub mod history;
pub mod input;
pub mod manifest;
pub mod output;
pub mod pdf;
pub mod records;
pub mod render;
pub mod report;
pub mod results;
pub mod rubric;
pub mod score;
pub mod text;
pub mod timing;
mod tomlx;
pub mod validate;
pub mod xlsx;

pub use diag::{Diagnostic, Severity, Source};
pub use fsio::write_atomic;
pub use input::{InputFile, InputStatus};
pub use output::produce;

use config::Config;
use diag::Diagnostics;
use records::Dataset;
use rubric::Rubric;
use score::{Counted, Scores};
use std::path::{Path, PathBuf};

/// Why a run could not happen at all (exit status 2), as opposed to input errors.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("输入文件夹不存在：{0}")]
    Missing(PathBuf),
    #[error("{0} 不是文件夹")]
    NotADirectory(PathBuf),
    #[error("无法读取输入文件夹 {0}：{1}")]
    Io(PathBuf, std::io::Error),
}

/// Everything one run learned about a folder.
#[derive(Debug)]
pub struct Evaluation {
    pub config: Config,
    pub rubric: Rubric,
    pub data: Dataset,
    pub scores: Scores,
    pub counted: Counted,
    /// Every diagnostic, general ones first, then by file in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file under the input folder the run considered, in path order, with what became
    /// of it: the settings, each workbook and each file or folder skipped.
    pub inputs: Vec<InputFile>,
    /// The faces the documents will be set in (the texts were checked against them), or why
    /// none could be chosen — `run` then stops with that reason.
    pub fonts: Result<pdf::FontChoice, pdf::FontError>,
    /// Time spent on settings and fonts, reading, and validating and scoring.
    pub timings: timing::Timings,
    /// Last year's results beside this year's (`[history] previous`).
    pub history: Option<history::History>,
}

impl Evaluation {
    /// The inspection records of the assessment year, in input order.
    pub fn counted_inspections(&self) -> impl Iterator<Item = &records::Inspection> {
        self.counted
            .inspections
            .iter()
            .filter_map(|&k| self.data.inspections.get(k))
    }

    pub fn error_count(&self) -> usize {
        diag::count(&self.diagnostics, Severity::Error)
    }
}

/// Reads, validates and scores the input folder `dir`, with the fonts chosen without
/// `--fonts`.
pub fn evaluate(dir: &Path) -> Result<Evaluation, RunError> {
    evaluate_with(dir, &Overrides::default())
}

/// What the command line sets in place of the folder's settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides<'a> {
    /// `--fonts`: a folder searched first for every role's face.
    pub fonts: Option<&'a Path>,
    /// `--previous`: last year's output folder, in place of `[history] previous`.
    pub previous: Option<&'a Path>,
}

/// The font request of a folder's settings: `[fonts]` with relative files taken from `dir`,
/// and the `--fonts` folder.
pub fn font_request(dir: &Path, config: &Config, folder: Option<&Path>) -> pdf::FontRequest {
    pdf::FontRequest {
        folder: folder.map(Path::to_path_buf),
        settings: config
            .fonts
            .iter()
            .map(|(role, spec)| {
                let spec = match spec {
                    pdf::FontSpec::File(p) if p.is_relative() => pdf::FontSpec::File(dir.join(p)),
                    other => other.clone(),
                };
                (*role, spec)
            })
            .collect(),
    }
}

/// Reads, validates and scores the input folder `dir`, with the command line's overrides.
pub fn evaluate_with(dir: &Path, overrides: &Overrides) -> Result<Evaluation, RunError> {
    if !dir.exists() {
        return Err(RunError::Missing(dir.to_path_buf()));
    }
    if !dir.is_dir() {
        return Err(RunError::NotADirectory(dir.to_path_buf()));
    }
    let mut diags = Diagnostics::default();
    let mut timings = timing::Timings::default();
    let started = std::time::Instant::now();

    let rubric = Rubric::for_folder(dir).unwrap_or_else(|errs| {
        // Scoring goes on with the built-in rubric so every other problem is reported too.
        diags.0.extend(errs);
        Rubric::builtin()
    });

    let mut config_unreadable = None;
    let config = match std::fs::read_to_string(dir.join(config::FILE)) {
        Ok(text) => {
            let (c, errs) = Config::parse(&text, &rubric);
            diags.0.extend(errs);
            diags.0.extend(validate::file_names(&c));
            c
        }
        Err(e) => {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                "输入文件夹中缺少 kaohe.toml（考核年度、发文机关和大厅名录），请先创建".to_string()
            } else {
                config_unreadable = Some(format!("无法读取：{e}"));
                format!("无法读取：{e}")
            };
            diags.push(Diagnostic::in_file(Severity::Error, config::FILE, msg));
            Config::default()
        }
    };

    // The texts are checked against the faces the documents will use.
    let font_choice = pdf::choose(&font_request(dir, &config, overrides.fonts));
    let coverage = match &font_choice {
        Ok(choice) => pdf::Coverage::of(choice),
        Err(e) => Err(e.clone()),
    };
    match &coverage {
        Err(e) if e.is_settings() => diags.push(Diagnostic::in_file(
            Severity::Error,
            config::FILE,
            e.to_string(),
        )),
        Err(e) => diags.push(Diagnostic::general(
            Severity::Warning,
            format!("{e}；未能核对文字能否印出，生成文档时会停止"),
        )),
        Ok(_) => {}
    }
    let printable = validate::Printable {
        coverage: coverage.as_ref().ok(),
    };
    diags.0.extend(printable.config(&config));
    timings.add(timing::SETTINGS, started.elapsed());

    let started = std::time::Instant::now();
    let found = input::discover(dir, &mut diags).map_err(|e| RunError::Io(dir.to_path_buf(), e))?;
    let (data, read_diags, workbooks) = if config.halls.is_empty() {
        // Without a registry every row would be an unknown hall; the kaohe.toml error says it
        // all. The workbooks are listed as not read, for the same reason.
        let not_read = found
            .workbooks
            .iter()
            .map(|f| InputFile {
                rel: f.rel.clone(),
                path: f.path.clone(),
                status: InputStatus::Skipped("kaohe.toml 有错误，未读取".to_string()),
                content: None,
            })
            .collect();
        (Dataset::default(), Diagnostics::default(), not_read)
    } else {
        input::read_all(&found.workbooks, &config, &rubric, printable)
    };
    diags.extend(read_diags);
    let mut inputs = found.others;
    inputs.extend(workbooks);
    if let Some(why) = config_unreadable
        && let Some(f) = inputs.iter_mut().find(|f| f.rel == config::FILE)
    {
        f.status = InputStatus::Unreadable(why);
    }
    inputs.sort_by(|a, b| a.rel.cmp(&b.rel));
    timings.add(timing::READ, started.elapsed());

    let started = std::time::Instant::now();
    let validate::Validated {
        diagnostics: record_diags,
        decisions,
    } = validate::records(&data, &config, &rubric);
    diags.extend(record_diags);
    let (scores, counted, score_diags) = score::score(&config, &rubric, &data, &decisions);
    diags.extend(score_diags);
    let previous = match (overrides.previous, &config.previous) {
        (Some(p), _) => Some(p.to_path_buf()),
        (None, Some(p)) => Some(dir.join(p)),
        (None, None) => None,
    };
    let history = match previous {
        Some(folder) => {
            let (h, ds) = history::load(&folder, &config, &scores, config::FILE);
            diags.0.extend(ds);
            h
        }
        None => None,
    };
    let errors = diags
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors == 0
        && let Some(w) = &scores.tie_warning
    {
        diags.push(w.clone());
    }

    let mut diagnostics = diags.0;
    diag::sort_for_report(&mut diagnostics);
    timings.add(timing::SCORE, started.elapsed());
    Ok(Evaluation {
        config,
        rubric,
        data,
        scores,
        counted,
        diagnostics,
        inputs,
        fonts: coverage.and(font_choice),
        timings,
        history,
    })
}
