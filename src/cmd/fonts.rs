use super::{err, out};
use kaohe::config::{self, Config};
use kaohe::pdf::{self, FontChoice, FontRequest, Origin};
use std::path::Path;

/// Lists, for each typographic role, the face `run` will use and where it comes from; with an
/// input folder, its kaohe.toml's `[fonts]` counts.
pub fn run(input: Option<&Path>, folder: Option<&Path>) -> u8 {
    let request = match input {
        Some(dir) => match std::fs::read_to_string(dir.join(config::FILE)) {
            Ok(text) => {
                let (cfg, _) = Config::parse(&text, &kaohe::rubric::Rubric::builtin());
                kaohe::font_request(dir, &cfg, folder)
            }
            Err(e) => {
                err(&format!(
                    "错误：无法读取 {}：{}\n",
                    dir.join(config::FILE).display(),
                    kaohe::fsio::reason(&e)
                ));
                return super::CANNOT_RUN;
            }
        },
        None => FontRequest {
            folder: folder.map(Path::to_path_buf),
            ..FontRequest::default()
        },
    };
    let choice = match pdf::choose(&request) {
        Ok(c) => c,
        Err(e) => {
            err(&format!("错误：{e}\n"));
            return super::CANNOT_RUN;
        }
    };
    let mut text = String::from("各类文字所用字体：\n");
    for face in &choice.faces {
        text.push_str(&format!("  {}\n", face.describe()));
    }
    if let Some(free) = &choice.free
        && choice.any_office_face()
    {
        let place = match free {
            pdf::FreeSet::Folder(d) => d.display().to_string(),
            pdf::FreeSet::BuiltIn => "程序内置".to_string(),
        };
        text.push_str(&format!(
            "以上字体都没有的字符，用 kaohe 附带的免费字体（{place}）印出。\n"
        ));
    }
    // Loading proves the files are usable, not only found.
    if let Err(e) = pdf::Fonts::load(&choice) {
        err(&format!("{text}错误：{e}\n"));
        return super::CANNOT_RUN;
    }
    text.push_str("字体可以使用。\n");
    out(&text);
    super::OK
}

/// The choice in one line, for `run`.
pub fn summary(choice: &FontChoice) -> String {
    if choice
        .faces
        .iter()
        .all(|f| matches!(f.origin, Origin::BuiltIn | Origin::FreeFolder))
    {
        let place = match &choice.free {
            Some(pdf::FreeSet::Folder(d)) => d.display().to_string(),
            _ => "程序内置".to_string(),
        };
        return format!("kaohe 附带的免费字体（{place}）");
    }
    choice
        .faces
        .iter()
        .map(|f| format!("{} {}（{}）", f.role.label(), f.family, f.origin))
        .collect::<Vec<_>>()
        .join("，")
}
