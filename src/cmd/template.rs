use kaohe::config::{self, Config};
use kaohe::rubric::Rubric;
use kaohe::{diag, xlsx::forms};
use std::path::Path;

pub fn run(dir: &Path, force: bool) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("错误：无法创建文件夹 {}：{e}", dir.display());
        return super::CANNOT_RUN;
    }
    let rubric = match Rubric::for_folder(dir) {
        Ok(r) => r,
        Err(errs) => {
            print!("{}", diag::render_human(&errs));
            return super::INPUT_ERRORS;
        }
    };
    let config_path = dir.join(config::FILE);
    let text = match std::fs::read_to_string(&config_path) {
        Ok(t) => t,
        Err(_) => {
            let sample = forms::sample_config(kaohe::text::Date::today().year);
            if let Err(e) = kaohe::write_atomic(&config_path, sample.as_bytes()) {
                eprintln!("错误：{e}");
                return super::CANNOT_RUN;
            }
            println!(
                "已写入示例设置 {}：请改成本地的考核年度、发文机关和大厅名录后重新运行本命令。",
                config_path.display()
            );
            sample
        }
    };
    let (cfg, errs) = Config::parse(&text, &rubric);
    if !errs.is_empty() {
        print!("{}", diag::render_human(&errs));
        return super::INPUT_ERRORS;
    }
    let report = match forms::write_templates(dir, &cfg, &rubric, cfg.document_date(), force) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            return super::CANNOT_RUN;
        }
    };
    for p in &report.written {
        println!("已生成 {}", p.display());
    }
    for p in &report.skipped {
        println!("已存在，未覆盖 {}（如需重新生成请加 --force）", p.display());
    }
    println!("共生成 {} 个工作簿。", report.written.len());
    super::OK
}
