use super::{err, out};
use kaohe::results::{self, Results};
use std::path::Path;

/// The results of `dir`: an output folder's 考核结果.json, or an input folder scored now.
fn results_of(dir: &Path) -> Result<Results, u8> {
    if dir.join(results::FILE).is_file() {
        return Results::read(dir).map_err(|why| {
            err(&format!("错误：{why}\n"));
            super::CANNOT_RUN
        });
    }
    if !dir.join(kaohe::config::FILE).is_file() {
        err(&format!(
            "错误：{} 既不是 kaohe run 的输出文件夹（没有 {}），也不是输入文件夹（没有 kaohe.toml）\n",
            dir.display(),
            results::FILE
        ));
        return Err(super::CANNOT_RUN);
    }
    let ev = super::evaluate(dir, &kaohe::Overrides::default())?;
    if ev.error_count() > 0 {
        err(&format!(
            "{} 有 {} 个错误，不能比较其结果；请先用 kaohe check 查看并改正\n",
            dir.display(),
            ev.error_count()
        ));
        return Err(super::INPUT_ERRORS);
    }
    Ok(Results::of(&ev))
}

/// `kaohe diff <old> <new>`: exit 0 whether or not anything changed.
pub fn run(old: &Path, new: &Path, json: bool, xlsx: Option<&Path>) -> u8 {
    let (old_r, new_r) = match (results_of(old), results_of(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(s), _) | (_, Err(s)) => return s,
    };
    let d = kaohe::diff::diff(&old_r, &new_r);
    if let Some(path) = xlsx {
        let date =
            kaohe::text::parse_date_text(&new_r.date).unwrap_or_else(kaohe::text::Date::today);
        let year = new_r.year.map(|y| format!("{y}年度")).unwrap_or_default();
        let title = format!("{year}专业办事大厅窗口服务工作考核结果复核");
        let saved = kaohe::xlsx::summary::review(&d, &new_r.issuer, date, &title)
            .map_err(|source| kaohe::xlsx::SaveError::Build {
                path: path.to_path_buf(),
                source,
            })
            .and_then(|mut wb| kaohe::xlsx::save_atomic(&mut wb, path));
        if let Err(e) = saved {
            err(&format!("错误：{e}\n"));
            return super::CANNOT_RUN;
        }
    }
    if json {
        out(&d.to_json());
    } else {
        out(&format!("比较：{} → {}\n\n", old.display(), new.display()));
        out(&d.human());
        if let Some(path) = xlsx {
            out(&format!("复核工作簿已写入 {}\n", path.display()));
        }
    }
    super::OK
}
