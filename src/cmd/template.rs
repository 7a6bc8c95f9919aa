use super::{err, out};
use kaohe::config::{self, Config};
use kaohe::rubric::Rubric;
use kaohe::{diag, xlsx::forms};
use std::path::Path;

/// `kaohe template <dir>`: on a new folder writes only a commented kaohe.toml to be edited; once
/// it exists, writes the forms of its roster and year (see [`forms::write_templates`]).
pub fn run(dir: &Path, force: bool) -> u8 {
    if let Err(e) = kaohe::fsio::create_dir_all(dir) {
        err(&format!("错误：{e}\n"));
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
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return write_sample(dir, &config_path);
        }
        Err(e) => {
            err(&format!(
                "错误：无法读取 {}：{}\n",
                config_path.display(),
                kaohe::fsio::reason(&e)
            ));
            return super::CANNOT_RUN;
        }
    };
    let (cfg, errs) = Config::parse(&text, &rubric);
    if !errs.is_empty() {
        out(&diag::render_human(&errs));
        return super::INPUT_ERRORS;
    }
    if forms::is_unedited_sample(&cfg) {
        out(&format!(
            "{} 中还是示例的发文机关和大厅名录，没有生成填报表。\n请先把 year（考核年度）、issuer（发文机关）和大厅名录改成本地的，保存后再运行一次：\n  kaohe template {}\n",
            config_path.display(),
            dir.display()
        ));
        return super::INPUT_ERRORS;
    }
    let report = match forms::write_templates(dir, &cfg, &rubric, cfg.document_date(), force) {
        Ok(r) => r,
        Err(e) => {
            err(&format!("错误：{e}\n"));
            return super::CANNOT_RUN;
        }
    };
    print_report(&report, &cfg);
    super::OK
}

fn write_sample(dir: &Path, config_path: &Path) -> u8 {
    let year = forms::sample_year(kaohe::text::Date::today());
    let sample = forms::sample_config(year);
    if let Err(e) = kaohe::write_atomic(config_path, sample.as_bytes()) {
        err(&format!("错误：{e}\n"));
        return super::CANNOT_RUN;
    }
    out(&format!(
        "已写入设置文件 {}，这一次没有生成填报表。\n\
         请用记事本打开它，改好三处：\n\
         \x20 1. year：考核年度（现为 {year}）；\n\
         \x20 2. issuer：发文机关；\n\
         \x20 3. 大厅名录：每个大厅写一节 [[hall]]（文件中的三个大厅只是示例）。\n\
         保存后再运行一次：\n\
         \x20 kaohe template {}\n",
        config_path.display(),
        dir.display()
    ));
    super::OK
}

fn print_report(report: &forms::TemplateReport, cfg: &Config) {
    let show = |p: &Path| p.to_string_lossy().into_owned();
    for p in &report.written {
        out(&format!("已生成 {}\n", show(p)));
    }
    for p in &report.regenerated {
        out(&format!(
            "已重新生成 {}（原表没有填写，现按当前的大厅名录和考核年度生成）\n",
            show(p)
        ));
    }
    for (p, why) in &report.overwritten {
        out(&format!(
            "已覆盖 {}（{}；按 --force 换成了空白表）\n",
            show(p),
            why.reason()
        ));
    }
    for (p, hall) in &report.removed {
        out(&format!(
            "已删除 {}（大厅“{hall}”已不在大厅名录中，表没有填写）\n",
            show(p)
        ));
    }
    for (p, why) in &report.kept {
        out(&format!(
            "未覆盖 {}：{}。如确需换成空白表，请先备份该文件，再加 --force 运行\n",
            show(p),
            why.reason()
        ));
    }
    for (p, hall) in &report.stale {
        let now = match cfg.hall_index(hall).and_then(|i| cfg.halls.get(i)) {
            Some(h) => format!("大厅“{hall}”在名录中已改称“{}”", h.name),
            None => format!("大厅“{hall}”已不在大厅名录中"),
        };
        out(&format!(
            "请注意 {}：{now}，但表中已有填写内容，没有删除；不再需要时请手工移走，否则 kaohe check 会报告它\n",
            show(p)
        ));
    }
    let mut summary = format!(
        "共新生成 {} 个、重新生成 {} 个工作簿",
        report.written.len(),
        report.regenerated.len() + report.overwritten.len()
    );
    if !report.unchanged.is_empty() {
        summary.push_str(&format!(
            "；{} 个没有填写的工作簿已是最新，未改动",
            report.unchanged.len()
        ));
    }
    if !report.kept.is_empty() {
        summary.push_str(&format!("；{} 个未覆盖（见上）", report.kept.len()));
    }
    summary.push_str("。\n");
    out(&summary);
}
