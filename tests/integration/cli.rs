//! The binary: exit status, human output and the JSON document.

use crate::support::*;
use std::process::Command;

fn kaohe(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .output()
        .expect("run kaohe");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn score_json_document() {
    let f = Folder::new("cli-json");
    f.config(2, "");
    f.form("甲大厅", &[("1.2", 4.5)]);
    f.form("乙大厅", &[]);
    let dir = f.dir.to_string_lossy().into_owned();
    let (code, out, _) = kaohe(&["score", &dir, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["year"], 2025);
    assert_eq!(v["halls"][0]["name"], "乙大厅");
    assert_eq!(v["halls"][0]["total"], "99");
    assert_eq!(v["halls"][1]["total"], "98.5");
    assert_eq!(v["halls"][1]["items"]["1.2"], "4.5");
    assert_eq!(v["halls"][1]["items"]["4.3"], "4");
    assert_eq!(v["halls"][1]["rank"], 2);
    assert_eq!(v["halls"][1]["bonus"], "0");
    assert_eq!(v["halls"][1]["cut_off"], "0");
    assert_eq!(v["halls"][1]["recommended"], true);
    assert_eq!(v["halls"][1]["disqualified"], false);
    assert!(v["diagnostics"].as_array().expect("array").is_empty());
}

#[test]
fn input_errors_exit_1_and_still_print_json() {
    let f = Folder::with_halls("cli-errors", 1);
    f.write(
        "kaohe.toml",
        "issuer = \"x\"\n[[hall]]\nname = \"甲大厅\"\n",
    );
    let dir = f.dir.to_string_lossy().into_owned();
    let (code, out, _) = kaohe(&["score", &dir, "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert!(v["year"].is_null());
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "kaohe.toml");
    assert!(d["sheet"].is_null() && d["cell"].is_null());
    let (code, out, _) = kaohe(&["check", &dir]);
    assert_eq!(code, 1);
    assert!(
        out.contains("kaohe.toml\n  错误：缺少必填设置项 year"),
        "{out}"
    );
}

#[test]
fn human_ranking_table() {
    let f = Folder::with_halls("cli-table", 2);
    let dir = f.dir.to_string_lossy().into_owned();
    let (code, out, _) = kaohe(&["score", &dir]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2025 年度专业办事大厅窗口服务工作考核结果"),
        "{out}"
    );
    assert!(
        out.contains("推荐提请表彰（前 4 名，已取消资格的除外）：甲大厅、乙大厅"),
        "{out}"
    );
    let (code, out, _) = kaohe(&["check", &dir]);
    assert_eq!(code, 0);
    assert!(out.contains("共 0 个错误，0 个警告，0 条提示。"), "{out}");
}

#[test]
fn missing_folder_exits_2() {
    let (code, _, err) = kaohe(&["check", "/nonexistent/kaohe-folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("输入文件夹不存在"), "{err}");
    let (code, _, _) = kaohe(&["score"]);
    assert_eq!(code, 2);
}

#[test]
fn sample_year_checks_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let ev = kaohe::evaluate(&dir).expect("sample folder");
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert!(ev.config.halls.len() >= 12);
    assert_eq!(ev.scores.halls.iter().filter(|h| h.disqualified).count(), 2);
    assert!(!warnings(&ev).is_empty(), "the sample shows some warnings");
}
