use super::{err, out};
use kaohe::config::{self, Config};
use kaohe::rubric::Rubric;
use kaohe::{diag, xlsx::forms};
use std::path::Path;

pub fn run(dir: &Path, force: bool) -> u8 {
    if let Err(e) = kaohe::fsio::create_dir_all(dir) {
        err(&format!(
            "错误：{e}
"
        ));
        return super::CANNOT_RUN;
    }
    let rubric = match Rubric::for_folder(dir) {
        Ok(r) => r,
        Err(errs) => {
            out(&diag::render_human(&errs));
            return super::INPUT_ERRORS;
        }
    };
    let config_path = dir.join(config::FILE);
    let text = match std::fs::read_to_string(&config_path) {
        Ok(t) => t,
        Err(_) => {
            let sample = forms::sample_config(kaohe::text::Date::today().year);
            if let Err(e) = kaohe::write_atomic(&config_path, sample.as_bytes()) {
                err(&format!("错误：{e}\n"));
                return super::CANNOT_RUN;
            }
            out(&format!(
                "已写入示例设置 {}：请改成本地的考核年度、发文机关和大厅名录后重新运行本命令。\n",
                config_path.display()
            ));
            sample
        }
    };
    let (cfg, errs) = Config::parse(&text, &rubric);
    if !errs.is_empty() {
        out(&diag::render_human(&errs));
        return super::INPUT_ERRORS;
    }
    let report = match forms::write_templates(dir, &cfg, &rubric, cfg.document_date(), force) {
        Ok(r) => r,
        Err(e) => {
            err(&format!("错误：{e}\n"));
            return super::CANNOT_RUN;
        }
    };
    for p in &report.written {
        out(&format!("已生成 {}\n", p.display()));
    }
    for p in &report.skipped {
        out(&format!(
            "已存在，未覆盖 {}（如需重新生成请加 --force）\n",
            p.display()
        ));
    }
    out(&format!("共生成 {} 个工作簿。\n", report.written.len()));
    super::OK
}
