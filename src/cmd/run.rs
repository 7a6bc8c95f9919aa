use super::{err, out};
use indicatif::{ProgressBar, ProgressStyle};
use kaohe::output::{self, WriteError};
use kaohe::{diag, xlsx};
use std::io::IsTerminal;

fn progress() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix("生成文档");
    bar
}

pub fn run(
    o: output::Options,
    fonts: Option<&std::path::Path>,
    previous: Option<&std::path::Path>,
) -> u8 {
    if let Some(q) = o.quarter.filter(|q| !(1..=4).contains(q)) {
        err(&format!("错误：{}\n", WriteError::Quarter(q)));
        return super::CANNOT_RUN;
    }
    let ev = match super::evaluate(o.input, &kaohe::Overrides { fonts, previous }) {
        Ok(ev) => ev,
        Err(status) => return status,
    };
    out(&diag::render_human(&ev.diagnostics));
    if let Ok(choice) = &ev.fonts {
        out(&format!("字体：{}\n", super::fonts::summary(choice)));
    }
    let bar = progress();
    let on_document = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let opts = output::Options {
        on_document: Some(&on_document),
        ..o
    };
    let result = output::produce(&ev, &opts);
    bar.finish_and_clear();
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => {
            match &e {
                WriteError::Documents(errs) => {
                    for d in errs {
                        err(&format!("错误：{d}\n"));
                    }
                }
                other => err(&format!("错误：{other}\n")),
            }
            err(&format!(
                "\n未能完成，输出文件夹 {} 保持原样。\n",
                o.out.display()
            ));
            return if e.is_input_error() {
                super::INPUT_ERRORS
            } else {
                super::CANNOT_RUN
            };
        }
    };
    for (path, w) in &outcome.warnings {
        out(&format!("{path}\n  警告：{w}\n"));
    }
    let replaced = if outcome.replaced_earlier_run {
        "（已取代该文件夹中上一次运行的全部文件）"
    } else {
        ""
    };
    let what = if outcome.draft { "草稿" } else { "文档" };
    if outcome.documents_written
        && o.quarter.is_none()
        && ev.config.document.signer.is_none()
        && ev.scores.halls.iter().any(|h| h.recommended)
    {
        out("提示：kaohe.toml [document] 未设置 signer（签发人），未生成提请表彰请示。\n");
    }
    // condensed quarterly circulars carry their full lists in a workbook beside them
    let lists = outcome
        .outputs
        .iter()
        .filter(|p| p.starts_with("季度通报/") && p.ends_with(".xlsx"))
        .count();
    let lists = if lists > 0 {
        format!("（另有 {lists} 份季度问题清单工作簿，明细较多的季度通报只列出扣分最多的部分）")
    } else {
        String::new()
    };
    if let Some(q) = o.quarter.filter(|_| outcome.documents_written) {
        if outcome.documents == 0 {
            out(&format!(
                "\n第 {q} 季度没有明察暗访记录，未生成季度通报；{} 中只有 manifest.json{replaced}。\n",
                o.out.display()
            ));
        } else {
            let ofd = if outcome.ofd_documents > 0 {
                "（另有同名 OFD 版式文件）"
            } else {
                ""
            };
            out(&format!(
                "\n已生成第 {q} 季度的明察暗访情况通报（{what}）{ofd}{lists}，位于 {}{replaced}。\n",
                o.out.display()
            ));
        }
    } else if outcome.documents_written {
        let ofd = if outcome.ofd_documents > 0 {
            format!(
                "（每份另有同名 OFD 版式文件，共 {} 个）",
                outcome.ofd_documents
            )
        } else {
            String::new()
        };
        out(&format!(
            "\n已生成 {} 个 PDF {what}{ofd}和 {}{lists}，位于 {}{replaced}。\n",
            outcome.documents,
            xlsx::summary::FILE_NAME,
            o.out.display()
        ));
    } else {
        out(&format!(
            "\n输入有错误，未生成正式文件；校验报告已写入 {}{replaced}。改正后重新运行，或加 --draft 生成标有“草稿”的文件。\n",
            o.out.join(xlsx::summary::FILE_NAME).display()
        ));
    }
    super::status_of(&ev)
}
