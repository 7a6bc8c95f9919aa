use super::{err, out};
use kaohe::{diag, report, xlsx};
use std::path::Path;

pub fn run(input: &Path, json: bool, xlsx_path: Option<&Path>, fonts: Option<&Path>) -> u8 {
    let ev = match super::evaluate(
        input,
        &kaohe::Overrides {
            fonts,
            ..Default::default()
        },
    ) {
        Ok(ev) => ev,
        Err(status) => return status,
    };
    if let Some(path) = xlsx_path
        && let Err(e) = xlsx::summary::write(&ev, path, ev.config.document_date(), false)
    {
        err(&format!("错误：{e}\n"));
        return super::CANNOT_RUN;
    }
    if json {
        out(&report::json(&ev));
    } else {
        if ev.error_count() == 0 {
            out(&format!("{}\n", report::table(&ev)));
        } else {
            out("输入有错误，未给出考核结果；请先改正以下问题：\n\n");
        }
        out(&diag::render_human(&ev.diagnostics));
        if let Some(path) = xlsx_path {
            let what = if ev.error_count() == 0 {
                "汇总工作簿"
            } else {
                "校验报告"
            };
            out(&format!("{what}已写入 {}\n", path.display()));
        }
    }
    super::status_of(&ev)
}
