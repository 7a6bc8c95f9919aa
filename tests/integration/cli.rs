//! The binary: exit status, human output and the JSON document.

use crate::support::run as kaohe;
use crate::support::*;

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
fn sample_year_scores_as_computed_by_hand() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let ev = kaohe::evaluate(&dir).expect("sample folder");
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // Computed by hand (and by an independent re-implementation) from the generator's tables.
    let expected = [
        ("社保医保办事大厅", 1, "101.7", "5.9"),
        ("不动产登记大厅", 2, "99.2", "1.5"),
        ("税务办税服务大厅", 3, "98.5", "4.1"),
        ("公安出入境办事大厅", 4, "97.5", "2.2"),
        ("市场监管登记大厅", 5, "96.4", "2.4"),
        ("公积金办事大厅", 6, "94.6", "1.6"),
        ("人才服务大厅", 7, "93", "0.2"),
        ("医保结算大厅", 7, "93", "2.1"),
        ("民政婚姻登记大厅", 9, "91.8", "1"),
        ("交通运输服务大厅", 10, "90.1", "0"),
        ("住建审批大厅", 11, "88.9", "0.5"),
        ("水电气报装大厅", 12, "87.7", "0"),
        ("公共资源交易大厅", 13, "85.3", "0"),
    ];
    let got: Vec<(&str, usize, String, String)> = ev
        .scores
        .halls
        .iter()
        .map(|h| {
            (
                h.name.as_str(),
                h.rank,
                kaohe::text::fmt_dec(h.total),
                kaohe::text::fmt_dec(h.bonus),
            )
        })
        .collect();
    let want: Vec<(&str, usize, String, String)> = expected
        .iter()
        .map(|(n, r, t, b)| (*n, *r, t.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    let disq: Vec<&str> = ev
        .scores
        .halls
        .iter()
        .filter(|h| h.disqualified)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(disq, vec!["不动产登记大厅", "住建审批大厅"]);
    let rec: Vec<&str> = ev
        .scores
        .halls
        .iter()
        .filter(|h| h.recommended)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(
        rec,
        vec![
            "社保医保办事大厅",
            "税务办税服务大厅",
            "公安出入境办事大厅",
            "市场监管登记大厅"
        ]
    );
    assert_eq!(warnings(&ev).len(), 8, "{:?}", warnings(&ev));
    assert_eq!(
        ev.data
            .forms
            .iter()
            .filter(|f| f.period == kaohe::records::Period::HalfYear)
            .count(),
        4
    );
}

/// English words in a message, once the command's own names (which the user types) are removed.
fn english_words(text: &str) -> Vec<String> {
    const OURS: &[&str] = &[
        "kaohe",
        "template",
        "check",
        "score",
        "run",
        "verify",
        "diff",
        "previous",
        "history",
        "help",
        "version",
        "json",
        "xlsx",
        "fonts",
        "out",
        "quarter",
        "templates",
        "draft",
        "ofd",
        "OFD",
        "force",
        "manifest",
        "toml",
        "README",
        "SHA",
        "JSON",
        "PDF",
        "tera",
        "year_end",
        "yeer",
        // what the test itself typed
        "foo",
        "chek",
        "jsn",
        "inputs",
        "such",
        "folder",
    ];
    text.split(|c: char| !c.is_ascii_alphabetic() && c != '_')
        .filter(|w| w.len() >= 3 && !OURS.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_mistake_on_the_command_line_is_answered_in_chinese() {
    for args in [
        vec!["run", "inputs", "--out", "x", "--quarter", "第二"],
        vec!["run", "inputs", "--out", "x", "--quarter", "9"],
        vec!["foo"],
        vec!["chek", "inputs"],
        vec!["check"],
        vec!["check", "inputs", "--jsn"],
        vec!["run", "inputs"],
        vec![],
        vec!["--help"],
        vec!["run", "--help"],
        vec!["verify", "no-such-folder"],
        vec!["diff", "--help"],
        vec!["diff", "no-such-folder", "另一个文件夹"],
        vec!["check", "no-such-folder"],
    ] {
        let (code, stdout, stderr) = kaohe(&args);
        let all = format!("{stdout}{stderr}");
        let english = english_words(&all);
        assert!(english.is_empty(), "{args:?}: {english:?} in\n{all}");
        let expected = if args.contains(&"--help") { 0 } else { 2 };
        assert_eq!(code, expected, "{args:?}\n{all}");
    }
}

#[test]
fn fonts_lists_every_role_and_where_its_face_comes_from() {
    let (code, out, _) = kaohe(&["fonts"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("各类文字所用字体：\n"), "{out}");
    assert!(out.contains("来自程序内置的免费字体"), "{out}");
    for role in ["小标宋", "仿宋", "黑体", "楷体", "宋体"] {
        assert!(out.contains(&format!("\n  {role}：")), "{role} in {out}");
    }
    let o = kaohe_command()
        .arg("fonts")
        .env("KAOHE_FONTS", "builtin")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.matches("来自程序内置的免费字体").count(), 5, "{text}");
    let o = kaohe_command()
        .arg("fonts")
        .env("KAOHE_FONTS", "/没有这个文件夹")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("找不到字体文件夹"));
}
