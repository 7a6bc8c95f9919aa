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
pub const REQUEST: &str = "提请表彰请示.pdf";

/// One document to write: its path relative to the output folder, its template and which
/// data it shows. The data is built by [`Job::prepare`] when the document is made, so a
/// province's thousands of score cards never hold their data all at once.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: String,
    pub template: &'static str,
    /// The document date, written into the PDF's metadata.
    pub date: Date,
    what: What,
}

#[derive(Debug, Clone)]
enum What {
    YearEnd {
        serial: u32,
    },
    /// The 请示 to the city government for the recommended halls' 表彰.
    Request {
        serial: u32,
        signer: String,
    },
    Quarter {
        quarter: u32,
        serial: u32,
    },
    HalfYear,
    /// Index into the evaluation's scores; the ranking's column decimals, shared by all cards.
    Card {
        score: usize,
        scales: std::sync::Arc<context::RowScales>,
    },
}

/// A job's template data, and a condensed quarterly circular's full lists: the workbook's
/// path beside the circular, and the quarter's data before condensing.
pub struct Prepared {
    pub context: Value,
    pub list: Option<(String, Box<context::Quarter>)>,
}

impl Job {
    pub fn prepare(&self, ev: &Evaluation, draft: bool) -> Prepared {
        let doc = |serial| DocInfo::new(ev, self.date, serial, draft);
        let plain = |context| Prepared {
            context,
            list: None,
        };
        match &self.what {
            What::YearEnd { serial } => plain(json(&context::year_end(ev, doc(*serial)))),
            What::Request { serial, signer } => {
                let mut context = json(&context::year_end(ev, doc(*serial)));
                if let Value::Object(map) = &mut context {
                    map.insert("request".to_string(), json(&context::request(ev, signer)));
                }
                plain(context)
            }
            What::Quarter { quarter, serial } => {
                let full = context::quarter(ev, *quarter, doc(*serial));
                let mut shown = full.clone();
                context::condense(&mut shown, ev.config.document.quarter_rows());
                Prepared {
                    context: json(&shown),
                    list: shown
                        .condensed
                        .then(|| (format!("季度通报/{}", full.list_file), Box::new(full))),
                }
            }
            What::HalfYear => plain(
                context::half_year(ev, doc(1))
                    .map(|h| json(&h))
                    .unwrap_or(Value::Null),
            ),
            What::Card { score, scales } => plain(match ev.scores.halls.get(*score) {
                Some(h) => json(&context::card(ev, h, doc(1), scales)),
                None => Value::Null,
            }),
        }
    }
}

/// The benchmark's name for the time spent on one template's documents, summed over the
/// threads that made them (while the summary workbook is built too, it shares the cores).
pub fn stage(template: &str) -> &'static str {
    match template {
        "year_end.tera" => "year-end circular (thread time)",
        "quarter.tera" => "quarterly circulars (thread time)",
        "score_card.tera" => "score cards (thread time)",
        "half_year.tera" => "half-year summary (thread time)",
        "request.tera" => "request (thread time)",
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
pub fn jobs(ev: &Evaluation, quarter: Option<u32>) -> Vec<Job> {
    let mut all = all_jobs(ev, quarter);
    if quarter.is_some() {
        all.retain(|j| j.template == "quarter.tera");
    }
    all
}

fn all_jobs(ev: &Evaluation, quarter: Option<u32>) -> Vec<Job> {
    let doc_settings = &ev.config.document;
    let date = ev.config.document_date();
    let year = ev.config.assessment_year();
    let mut jobs = vec![Job {
        path: YEAR_END.to_string(),
        template: "year_end.tera",
        date,
        what: What::YearEnd {
            serial: doc_settings.number.unwrap_or(1),
        },
    }];
    let recommended = ev.scores.halls.iter().any(|h| h.recommended);
    if let (Some(signer), true) = (&doc_settings.signer, recommended) {
        jobs.push(Job {
            path: REQUEST.to_string(),
            template: "request.tera",
            date,
            what: What::Request {
                serial: doc_settings
                    .request_number
                    .unwrap_or(doc_settings.number.unwrap_or(1).min(9998) + 1),
                signer: signer.clone(),
            },
        });
    }
    for q in context::quarters_with_records(ev) {
        if quarter.is_some_and(|only| only != q) {
            continue;
        }
        let i = q as usize - 1;
        jobs.push(Job {
            path: format!("季度通报/{year}年第{q}季度明察暗访情况通报.pdf"),
            template: "quarter.tera",
            date: doc_settings.quarter_dates.get(i).copied().unwrap_or(date),
            what: What::Quarter {
                quarter: q,
                serial: doc_settings
                    .quarter_numbers
                    .get(i)
                    .copied()
                    .unwrap_or(1 + q),
            },
        });
    }
    if context::has_half_year(ev) {
        jobs.push(Job {
            path: HALF_YEAR.to_string(),
            template: "half_year.tera",
            date,
            what: What::HalfYear,
        });
    }
    let mut by_registry: Vec<(usize, &crate::score::HallScore)> =
        ev.scores.halls.iter().enumerate().collect();
    by_registry.sort_by_key(|(_, h)| h.hall);
    let scales = std::sync::Arc::new(context::row_scales(ev));
    for (score, h) in by_registry {
        jobs.push(Job {
            path: format!("评分明细/{}.pdf", crate::text::file_stem(&h.name)),
            template: "score_card.tera",
            date,
            what: What::Card {
                score,
                scales: scales.clone(),
            },
        });
    }
    jobs
}

/// The markup text of one job.
pub fn markup_of(
    job: &Job,
    prepared: &Prepared,
    templates: &Templates,
) -> Result<String, DocError> {
    templates
        .render(job.template, &prepared.context)
        .map_err(DocError::Template)
}

/// How a run's documents are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Formats {
    /// Every page marked as a draft.
    pub draft: bool,
    /// An OFD beside each PDF.
    pub ofd: bool,
}

/// Where a document's OFD goes: beside its PDF, with the same name.
pub fn ofd_path(pdf_path: &str) -> String {
    match pdf_path.strip_suffix(".pdf") {
        Some(stem) => format!("{stem}.ofd"),
        None => format!("{pdf_path}.ofd"),
    }
}

/// Renders one job to PDF bytes (and OFD when asked), with the warnings of its typesetting.
pub fn produce(
    job: &Job,
    prepared: &Prepared,
    templates: &Templates,
    fonts: &Fonts,
    formats: Formats,
) -> Result<pdf::Rendered, DocError> {
    let text = markup_of(job, prepared, templates)?;
    let doc = markup::parse(&text).map_err(|e| DocError::Markup {
        template: job.template,
        message: e.to_string(),
    })?;
    let opts = RenderOptions {
        draft: formats.draft,
        creation_date: (job.date.year, job.date.month, job.date.day),
        ofd: formats.ofd,
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
