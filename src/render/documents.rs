//! The documents of a run: which files, from which template and data, and turning one of them
//! into PDF bytes (template → markup → document model → PDF).

use super::context::{self, DocInfo};
use super::templates::{TemplateError, Templates};
use crate::Evaluation;
use crate::doc::markup;
use crate::pdf::{self, Fonts, RenderOptions};
use crate::text::Date;
use serde_json::Value;

pub const YEAR_END: &str = "年度考核结果通报.pdf";
pub const HALF_YEAR: &str = "半年自查汇总.pdf";

/// One document to write: its path relative to the output folder, template and data.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub context: Value,
    /// The document date, written into the PDF's metadata.
    pub date: Date,
    /// A condensed quarterly circular's full lists: the workbook's path beside the circular,
    /// and the quarter's data before condensing.
    pub list: Option<(String, Box<context::Quarter>)>,
}

/// The benchmark's name for the time spent on one template's documents, summed over the
/// threads that made them (while the summary workbook is built too, it shares the cores).
pub fn stage(template: &str) -> &'static str {
    match template {
        "year_end.tera" => "year-end circular (thread time)",
        "quarter.tera" => "quarterly circulars (thread time)",
        "score_card.tera" => "score cards (thread time)",
        "half_year.tera" => "half-year summary (thread time)",
        _ => "other documents (thread time)",
    }
}

/// Why one document could not be made. Never an I/O error: writing is the output stage's.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error(transparent)]
    Template(TemplateError),
    /// The markup a template produced is not valid.
    #[error("模板 {template} 生成的文档标记有误：{message}")]
    Markup {
        template: &'static str,
        message: String,
    },
    #[error("{path}：{error}")]
    Pdf { path: String, error: pdf::PdfError },
}

impl DocError {
    /// A problem of the data (a character no font has), as opposed to the templates.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            DocError::Pdf {
                error: pdf::PdfError::MissingGlyphs(_),
                ..
            }
        )
    }
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Every document of the run, in a fixed order. With `quarter`, only that quarter's circular
/// (none when the quarter has no inspection records).
pub fn jobs(ev: &Evaluation, quarter: Option<u32>, draft: bool) -> Vec<Job> {
    let mut all = all_jobs(ev, quarter, draft);
    if quarter.is_some() {
        all.retain(|j| j.template == "quarter.tera");
    }
    all
}

fn all_jobs(ev: &Evaluation, quarter: Option<u32>, draft: bool) -> Vec<Job> {
    let doc_settings = &ev.config.document;
    let date = ev.config.document_date();
    let year = ev.config.year.unwrap_or(date.year);
    let mut jobs = vec![Job {
        path: YEAR_END.to_string(),
        template: "year_end.tera",
        context: json(&context::year_end(
            ev,
            DocInfo::new(ev, date, doc_settings.number.unwrap_or(1), draft),
        )),
        date,
        list: None,
    }];
    for q in context::quarters_with_records(ev) {
        if quarter.is_some_and(|only| only != q) {
            continue;
        }
        let i = q as usize - 1;
        let qdate = doc_settings.quarter_dates.get(i).copied().unwrap_or(date);
        let serial = doc_settings
            .quarter_numbers
            .get(i)
            .copied()
            .unwrap_or(1 + q);
        let full = context::quarter(ev, q, DocInfo::new(ev, qdate, serial, draft));
        let mut shown = full.clone();
        context::condense(&mut shown, doc_settings.quarter_rows());
        let list = shown
            .condensed
            .then(|| (format!("季度通报/{}", full.list_file), Box::new(full)));
        jobs.push(Job {
            path: format!("季度通报/{year}年第{q}季度明察暗访情况通报.pdf"),
            template: "quarter.tera",
            context: json(&shown),
            date: qdate,
            list,
        });
    }
    if let Some(h) = context::half_year(ev, DocInfo::new(ev, date, 1, draft)) {
        jobs.push(Job {
            path: HALF_YEAR.to_string(),
            template: "half_year.tera",
            context: json(&h),
            date,
            list: None,
        });
    }
    let mut by_registry: Vec<&crate::score::HallScore> = ev.scores.halls.iter().collect();
    by_registry.sort_by_key(|h| h.hall);
    for h in by_registry {
        jobs.push(Job {
            path: format!("评分明细/{}.pdf", crate::xlsx::forms::file_stem(&h.name)),
            template: "score_card.tera",
            context: json(&context::card(ev, h, DocInfo::new(ev, date, 1, draft))),
            date,
            list: None,
        });
    }
    jobs
}

/// The markup text of one job.
pub fn markup_of(job: &Job, templates: &Templates) -> Result<String, DocError> {
    templates
        .render(job.template, &job.context)
        .map_err(DocError::Template)
}

/// Renders one job to PDF bytes, with the warnings of its typesetting.
pub fn produce(
    job: &Job,
    templates: &Templates,
    fonts: &Fonts,
    draft: bool,
) -> Result<pdf::Rendered, DocError> {
    let text = markup_of(job, templates)?;
    let doc = markup::parse(&text).map_err(|e| DocError::Markup {
        template: job.template,
        message: e.to_string(),
    })?;
    let opts = RenderOptions {
        draft,
        creation_date: (job.date.year, job.date.month, job.date.day),
    };
    // A typesetting bug on unusual data must cost one document, not the whole run.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf::render(&doc, fonts, &opts)
    }))
    .unwrap_or_else(|_| Err(pdf::PdfError::Internal("排版程序出错".to_string())))
    .map_err(|error| DocError::Pdf {
        path: job.path.clone(),
        error,
    })
}
