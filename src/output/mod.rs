//! The write stage: every file of a run — summary workbook, PDF documents, manifest — built in a
//! staging folder and swapped in as one unit, so the output folder always equals its manifest.
//!
//! ```no_run
//! let ev = kaohe::evaluate(std::path::Path::new("inputs"))?;
//! let opts = kaohe::output::Options::new(std::path::Path::new("inputs"), std::path::Path::new("out"));
//! let outcome = kaohe::output::produce(&ev, &opts)?;
//! println!("{} files", outcome.outputs.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod folder;
pub mod verify;

use crate::Evaluation;
use crate::fsio::{self, FileError};
use crate::manifest::{FileDigest, Manifest};
use crate::pdf::{FontError, Fonts};
use crate::render::documents::{self, DocError, Job};
use crate::render::templates::{TemplateError, Templates};
use crate::timing::{self, Timings};
use crate::xlsx;
use folder::{FolderError, Lock, Staging};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const MANIFEST: &str = "manifest.json";

/// What a run writes, and where.
pub struct Options<'a> {
    /// The input folder, whose files the manifest lists.
    pub input: &'a Path,
    /// The output folder, replaced as a whole.
    pub out: &'a Path,
    /// Only this quarter's circular (1–4): no other document, no summary workbook.
    pub quarter: Option<u32>,
    /// A folder whose templates replace the built-in ones of the same name.
    pub templates: Option<&'a Path>,
    /// With input errors, write every document anyway, each page marked as a draft.
    pub draft: bool,
    /// Every document also as OFD beside its PDF (also asked by kaohe.toml's
    /// `[document] formats`).
    pub ofd: bool,
    /// Called after each document with (done, total), from any thread.
    pub on_document: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

impl<'a> Options<'a> {
    pub fn new(input: &'a Path, out: &'a Path) -> Options<'a> {
        Options {
            input,
            out,
            quarter: None,
            templates: None,
            draft: false,
            ofd: false,
            on_document: None,
        }
    }
}

/// What a finished run put into the output folder.
#[derive(Debug)]
pub struct Outcome {
    /// Every file written, relative to the output folder, in manifest order (manifest last).
    pub outputs: Vec<String>,
    /// PDF documents among them.
    pub documents: usize,
    /// OFD documents among them (one beside each PDF when asked for).
    pub ofd_documents: usize,
    /// Whether the documents were written (false: input errors, only the error report).
    pub documents_written: bool,
    pub draft: bool,
    /// Typesetting warnings: (document, warning).
    pub warnings: Vec<(String, String)>,
    /// The folder held an earlier run, which this one replaced.
    pub replaced_earlier_run: bool,
    /// Time per stage; each kind of document also as the sum over the cores that made it.
    pub timings: Timings,
}

/// Why nothing was changed in the output folder.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("--quarter 应为 1 到 4，实际为 {0}")]
    Quarter(u32),
    #[error(transparent)]
    Folder(#[from] FolderError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Fonts(#[from] FontError),
    #[error("无法生成汇总工作簿：{0}")]
    Summary(#[from] rust_xlsxwriter::XlsxError),
    /// Every document that failed; the others were not kept either.
    #[error("有 {} 份文档未能生成：{}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("；"))]
    Documents(Vec<DocError>),
}

impl WriteError {
    /// A problem of the input data, as opposed to the program, templates or system.
    pub fn is_input_error(&self) -> bool {
        matches!(self, WriteError::Documents(errs) if errs.iter().all(DocError::is_input_error))
    }
}

/// Writes the run's files for `ev` into `opts.out`. On success the folder holds exactly these
/// files and `manifest.json`; on any error it is left as it was before the call.
pub fn produce(ev: &Evaluation, opts: &Options) -> Result<Outcome, WriteError> {
    if let Some(q) = opts.quarter.filter(|q| !(1..=4).contains(q)) {
        return Err(WriteError::Quarter(q));
    }
    let target = absolute_target(opts.out).map_err(|source| FileError::CreateDir {
        path: opts.out.to_path_buf(),
        source,
    })?;
    let _lock = Lock::acquire(&target)?;
    let existing = folder::inspect(&target)?;
    let staging = Staging::create(&target)?;
    let dir = staging.dir().to_path_buf();

    let has_errors = ev.error_count() > 0;
    let write_documents = !has_errors || opts.draft;
    let draft = has_errors && opts.draft;
    let date = ev.config.document_date();
    let mut digests = Vec::new();
    let mut warnings = Vec::new();
    let mut timings = Timings::default();

    // One quarter's run is that circular alone; the error report is written whenever the input
    // has errors, so the user always learns why no document was made.
    let write_summary = opts.quarter.is_none() || !write_documents;
    // the summary workbook, and the results kept with the documents so that a later run can
    // be compared with this one: one core, alongside the documents
    let write_results = write_documents && opts.quarter.is_none();
    let summary = || -> Result<Vec<(FileDigest, &'static str, Duration)>, WriteError> {
        let mut written = Vec::new();
        if write_summary {
            let started = Instant::now();
            let mut wb = xlsx::summary::build(ev, date, draft, &dir)?;
            let bytes = wb.save_to_buffer()?;
            let digest = put(&dir, xlsx::summary::FILE_NAME, &bytes)?;
            written.push((digest, timing::SUMMARY, started.elapsed()));
        }
        if write_results {
            let started = Instant::now();
            let json = crate::results::Results::of(ev).to_json();
            let digest = put(&dir, crate::results::FILE, json.as_bytes())?;
            written.push((digest, timing::RESULTS, started.elapsed()));
        }
        Ok(written)
    };
    let all_documents = || -> Result<Made, WriteError> {
        if !write_documents {
            return Ok(Made::default());
        }
        make_documents(ev, opts, draft, &dir)
    };
    // The workbook is built on one core: alongside the documents, not before them.
    let (summary, made) = rayon::join(summary, all_documents);
    let relocate = |e: WriteError| match e {
        WriteError::File(e) => WriteError::File(e.relocated(&dir, &target)),
        other => other,
    };
    for (digest, stage, time) in summary.map_err(relocate)? {
        digests.push(digest);
        timings.add(stage, time);
    }
    let made = made.map_err(relocate)?;
    timings.stages.extend(made.timings.stages);
    let mut documents = 0;
    let mut ofd_documents = 0;
    let mut failed = Vec::new();
    for (job, (result, time)) in made.jobs.iter().zip(made.results) {
        timings.add(documents::stage(job.template), time);
        match result {
            Ok((written, ws)) => {
                warnings.extend(ws.into_iter().map(|w| (job.path.clone(), w)));
                ofd_documents += written.iter().filter(|d| d.path.ends_with(".ofd")).count();
                digests.extend(written);
                documents += 1;
            }
            // The disk or the system failed: nothing else is worth reporting.
            Err(WriteError::File(e)) => return Err(e.relocated(&dir, &target).into()),
            Err(WriteError::Documents(errs)) => failed.extend(errs),
            Err(other) => return Err(other),
        }
    }
    if !failed.is_empty() {
        return Err(WriteError::Documents(failed));
    }

    let started = Instant::now();
    let manifest = Manifest::new(ev, opts.input, digests, draft);
    let mut outputs: Vec<String> = manifest.outputs.iter().map(|d| d.path.clone()).collect();
    fsio::write_new(&dir.join(MANIFEST), manifest.to_json().as_bytes())
        .map_err(|e| e.relocated(&dir, &target))?;
    outputs.push(MANIFEST.to_string());
    staging.commit()?;
    timings.add(timing::MANIFEST, started.elapsed());
    Ok(Outcome {
        outputs,
        documents,
        ofd_documents,
        documents_written: write_documents,
        draft,
        warnings,
        replaced_earlier_run: existing == folder::Existing::EarlierRun,
        timings,
    })
}

/// The files one document job wrote, and its typesetting warnings.
type Written = (Vec<FileDigest>, Vec<String>);

/// Every document of a run, made on all cores, each with its time.
#[derive(Default)]
struct Made {
    jobs: Vec<Job>,
    results: Vec<(Result<Written, WriteError>, Duration)>,
    timings: Timings,
}

fn make_documents(
    ev: &Evaluation,
    opts: &Options,
    draft: bool,
    dir: &Path,
) -> Result<Made, WriteError> {
    let mut timings = Timings::default();
    let templates = Templates::load(opts.templates)?;
    let fonts = timings.time(timing::FONTS, || {
        Fonts::load(ev.fonts.as_ref().map_err(Clone::clone)?)
    })?;
    let jobs = timings.time(timing::JOBS, || documents::jobs(ev, opts.quarter));
    let formats = documents::Formats {
        draft,
        ofd: opts.ofd || ev.config.document.ofd,
    };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let results = jobs
        .par_iter()
        // one document per task, so a long circular never holds a run of score cards behind it
        .with_max_len(1)
        .map(|job| {
            let started = Instant::now();
            let result = write_document(ev, job, &templates, &fonts, formats, dir);
            if let Some(report) = opts.on_document {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                report(n, jobs.len());
            }
            (result, started.elapsed())
        })
        .collect();
    timings.add(timing::DOCUMENTS, started.elapsed());
    Ok(Made {
        jobs,
        results,
        timings,
    })
}

/// Writes one document, and a condensed quarterly circular's list workbook beside it.
fn write_document(
    ev: &Evaluation,
    job: &Job,
    templates: &Templates,
    fonts: &Fonts,
    formats: documents::Formats,
    dir: &Path,
) -> Result<Written, WriteError> {
    let draft = formats.draft;
    let prepared = job.prepare(ev, draft);
    let rendered = documents::produce(job, &prepared, templates, fonts, formats)
        .map_err(|e| WriteError::Documents(vec![e]))?;
    let mut written = vec![put(dir, &job.path, &rendered.bytes)?];
    if let Some(ofd) = &rendered.ofd {
        written.push(put(dir, &documents::ofd_path(&job.path), ofd)?);
    }
    if let Some((path, quarter)) = &prepared.list {
        let bytes =
            xlsx::summary::quarter_list(quarter, job.date, draft, ev.config.document.decimals())?
                .save_to_buffer()?;
        written.push(put(dir, path, &bytes)?);
    }
    Ok((
        written,
        rendered.warnings.iter().map(|w| w.to_string()).collect(),
    ))
}

/// Writes one file of the run into the staging folder and digests it from the bytes written.
fn put(dir: &Path, rel: &str, bytes: &[u8]) -> Result<FileDigest, FileError> {
    fsio::write_new(&dir.join(rel), bytes)?;
    Ok(FileDigest::of(rel, bytes))
}

/// Every file under `dir`, relative to it with `/` separators, in code-point order. Symbolic
/// links are listed as files, never followed: an output folder holds none of its own.
pub fn list_files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(rel_of(root, &path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The output folder as given, made absolute so that the staging folder and lock sit beside it
/// even for `--out .`-style paths. A symbolic link to a folder stands for that folder: the run
/// is swapped in where the folder really is, and the link keeps pointing at it.
pub fn absolute_target(out: &Path) -> std::io::Result<PathBuf> {
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return std::fs::canonicalize(out);
    }
    let abs = std::path::absolute(out)?;
    // `a/b/.` and `a/b/..` have no file name of their own.
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}
