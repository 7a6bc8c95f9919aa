use indicatif::{ProgressBar, ProgressStyle};
use kaohe::manifest::Manifest;
use kaohe::pdf::Fonts;
use kaohe::render::documents::{self, DocError};
use kaohe::render::templates::Templates;
use kaohe::{diag, xlsx};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::Path;

pub struct Options<'a> {
    pub input: &'a Path,
    pub out: &'a Path,
    pub quarter: Option<u32>,
    pub templates: Option<&'a Path>,
    pub draft: bool,
}

fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix("生成文档");
    bar
}

pub fn run(o: &Options) -> u8 {
    if let Some(q) = o.quarter
        && !(1..=4).contains(&q)
    {
        eprintln!("错误：--quarter 应为 1 到 4，实际为 {q}");
        return super::CANNOT_RUN;
    }
    let ev = match super::evaluate(o.input) {
        Ok(ev) => ev,
        Err(status) => return status,
    };
    if let Err(e) = std::fs::create_dir_all(o.out) {
        eprintln!("错误：无法创建输出文件夹 {}：{e}", o.out.display());
        return super::CANNOT_RUN;
    }
    print!("{}", diag::render_human(&ev.diagnostics));
    let has_errors = ev.error_count() > 0;
    let draft = has_errors && o.draft;
    let date = ev.config.document_date();
    let mut outputs = Vec::new();

    if let Err(e) = xlsx::summary::write(&ev, &o.out.join(xlsx::summary::FILE_NAME), date, draft) {
        eprintln!("错误：{e}");
        return super::CANNOT_RUN;
    }
    outputs.push(xlsx::summary::FILE_NAME.to_string());

    let mut status = super::status_of(&ev);
    if has_errors && !o.draft {
        println!(
            "\n输入有错误，未生成正式文件；校验报告已写入 {}。改正后重新运行，或加 --draft 生成标有“草稿”的文件。",
            o.out.join(xlsx::summary::FILE_NAME).display()
        );
    } else {
        let templates = match Templates::load(o.templates) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("错误：{e}");
                return super::CANNOT_RUN;
            }
        };
        let fonts = match Fonts::load_default() {
            Ok(f) => f,
            Err(e) => {
                eprintln!("错误：{e}");
                return super::CANNOT_RUN;
            }
        };
        let jobs = documents::jobs(&ev, o.quarter, draft);
        let bar = progress(jobs.len());
        let results: Vec<(String, Result<Vec<String>, DocError>)> = jobs
            .par_iter()
            .map(|job| {
                let result = documents::produce(job, &templates, &fonts, draft).and_then(|r| {
                    kaohe::write_atomic(&o.out.join(&job.path), &r.bytes).map_err(|message| {
                        DocError::Markup {
                            template: "",
                            message,
                        }
                    })?;
                    Ok(r.warnings.iter().map(|w| w.to_string()).collect())
                });
                bar.inc(1);
                (job.path.clone(), result)
            })
            .collect();
        bar.finish_and_clear();
        let mut written = 0;
        for (path, result) in results {
            match result {
                Ok(warnings) => {
                    for w in warnings {
                        println!("{path}\n  警告：{w}");
                    }
                    outputs.push(path);
                    written += 1;
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    status = status.max(if e.is_input_error() {
                        super::INPUT_ERRORS
                    } else {
                        super::CANNOT_RUN
                    });
                }
            }
        }
        let what = if draft { "草稿" } else { "文档" };
        println!(
            "\n已生成 {written} 个 PDF {what}和 {}，位于 {}。",
            xlsx::summary::FILE_NAME,
            o.out.display()
        );
    }

    let manifest = Manifest::new(&ev, o.input, o.out, &outputs, draft);
    if let Err(e) = kaohe::write_atomic(&o.out.join("manifest.json"), manifest.to_json().as_bytes())
    {
        eprintln!("错误：{e}");
        return super::CANNOT_RUN;
    }
    status
}
