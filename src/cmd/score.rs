use kaohe::{diag, report, xlsx};
use std::path::Path;

pub fn run(input: &Path, json: bool, xlsx_path: Option<&Path>) -> u8 {
    let ev = match super::evaluate(input) {
        Ok(ev) => ev,
        Err(status) => return status,
    };
    if let Some(path) = xlsx_path
        && let Err(e) = xlsx::summary::write(&ev, path, ev.config.document_date(), false)
    {
        eprintln!("错误：{e}");
        return super::CANNOT_RUN;
    }
    if json {
        print!("{}", report::json(&ev));
    } else {
        if ev.error_count() == 0 {
            println!("{}", report::table(&ev));
        } else {
            println!("输入有错误，未给出考核结果；请先改正以下问题：\n");
        }
        print!("{}", diag::render_human(&ev.diagnostics));
        if let Some(path) = xlsx_path {
            let what = if ev.error_count() == 0 {
                "汇总工作簿"
            } else {
                "校验报告"
            };
            println!("{what}已写入 {}", path.display());
        }
    }
    super::status_of(&ev)
}
