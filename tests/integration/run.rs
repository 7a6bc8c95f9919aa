//! `kaohe run`: every document written, text extractable, reruns byte-identical, drafts marked.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The text of a PDF, as a reader's copy and paste gives it.
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("load pdf");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("extract text")
}

#[test]
fn sample_year_documents() {
    let out = out_dir("run-sample");
    let (code, stdout, stderr) = run(&["run", &sample(), "--out", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let year_end = out.join("年度考核结果通报.pdf");
    for f in [
        "考核汇总.xlsx",
        "manifest.json",
        "半年自查汇总.pdf",
        "季度通报/2025年第1季度明察暗访情况通报.pdf",
        "季度通报/2025年第4季度明察暗访情况通报.pdf",
        "评分明细/社保医保办事大厅.pdf",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read_dir(out.join("评分明细"))
            .expect("cards")
            .count(),
        13
    );
    // the limits: a circular under 150 KB, a score card under 80 KB
    let size = |p: &Path| std::fs::metadata(p).expect("written").len();
    assert!(size(&year_end) < 150_000, "{} bytes", size(&year_end));
    for card in std::fs::read_dir(out.join("评分明细")).expect("cards") {
        let card = card.expect("entry").path();
        assert!(
            size(&card) < 80_000,
            "{}: {} bytes",
            card.display(),
            size(&card)
        );
    }
    // figures with one decimal, and no sentence about an uncounted 0.0
    let card: String = pdf_text(&out.join("评分明细/医保结算大厅.pdf"))
        .split_whitespace()
        .collect();
    assert!(
        card.contains("总分93.0分（项目得分90.9分，加分2.1分）"),
        "{card}"
    );
    assert!(!card.contains("扣完本分值"), "{card}");
    // the 请示 for the four recommended halls, with its 签发人 and 附注
    let request: String = pdf_text(&out.join("提请表彰请示.pdf"))
        .split_whitespace()
        .collect();
    for text in [
        "示行管〔2026〕2号",
        "签发人：王明",
        "关于提请表彰2025年度全市专业办事大厅窗口服务工作先进单位的请示",
        "示例市人民政府：",
        "拟提请对以下4个大厅予以表彰",
        "1社保医保办事大厅101.7",
        "3税务办税服务大厅98.5",
        "4公安出入境办事大厅97.5",
        "5市场监管登记大厅96.4",
        "妥否，请批示。",
        "（联系人：李华，电话：0000-12345678）",
    ] {
        assert!(request.contains(text), "{text} in {request}");
    }
    // the disqualified second is not proposed
    assert!(!request.contains("不动产登记大厅"), "{request}");
    let text: String = pdf_text(&year_end)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for name in [
        "社保医保办事大厅",
        "公共资源交易大厅",
        "示行管〔2026〕1号",
        "101.7",
        "85.3",
        "提请市政府表彰",
    ] {
        assert!(text.contains(name), "{name} not in the circular's text");
    }
    let card: String = pdf_text(&out.join("评分明细/住建审批大厅.pdf"))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        card.contains("88.9") && card.contains("取消当年评先评优资格"),
        "{card}"
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["outputs"].as_array().expect("outputs").len(), 22);
    assert!(
        manifest["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .any(|f| f["path"] == "kaohe.toml")
    );
}

#[test]
fn reruns_are_byte_identical() {
    let a = out_dir("run-rerun-a");
    let b = out_dir("run-rerun-b");
    run_ok(Path::new(&sample()), &a, &[]);
    run_ok(Path::new(&sample()), &b, &[]);
    for f in [
        "年度考核结果通报.pdf",
        "评分明细/人才服务大厅.pdf",
        "季度通报/2025年第2季度明察暗访情况通报.pdf",
        "考核汇总.xlsx",
        "manifest.json",
    ] {
        assert!(
            std::fs::read(a.join(f)).expect("a") == std::fs::read(b.join(f)).expect("b"),
            "{f} differs"
        );
    }
}

#[test]
fn one_quarter_only() {
    let out = out_dir("run-quarter");
    run_ok(Path::new(&sample()), &out, &["--quarter", "2"]);
    let quarters: Vec<String> = std::fs::read_dir(out.join("季度通报"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(quarters, vec!["2025年第2季度明察暗访情况通报.pdf"]);
    // The quarter's circular is all that run makes: no year-end documents, no summary.
    let mut top: Vec<String> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, vec!["manifest.json", "季度通报"]);
    assert_eq!(
        run(&[
            "run",
            &sample(),
            "--out",
            &out.to_string_lossy(),
            "--quarter",
            "5"
        ])
        .0,
        2
    );
}

#[test]
fn input_errors_write_no_official_document_and_drafts_are_marked() {
    let f = Folder::with_halls("run-errors", 2);
    f.write("坏.xlsx", "not a workbook");
    let out = out_dir("run-errors-out");
    let dir = f.dir.to_string_lossy().into_owned();
    let (code, stdout, _) = run(&["run", &dir, "--out", &out.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("未生成正式文件"), "{stdout}");
    assert!(out.join("考核汇总.xlsx").is_file());
    assert!(!out.join("年度考核结果通报.pdf").exists());
    let (code, _, _) = run(&["run", &dir, "--out", &out.to_string_lossy(), "--draft"]);
    assert_eq!(code, 1);
    let text = pdf_text(&out.join("年度考核结果通报.pdf"));
    assert!(
        text.contains("草稿") && text.contains("数据未通过校验"),
        "{text}"
    );
    let card = pdf_text(&out.join("评分明细/甲大厅.pdf"));
    assert!(card.contains("草稿"));
}

#[test]
fn template_error_names_template_and_line() {
    let templates = out_dir("run-bad-templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("year_end.tera"),
        "@kind official\n@title 标题\n{% if %}\n",
    )
    .expect("write");
    let out = out_dir("run-bad-templates-out");
    let (code, _, stderr) = run(&[
        "run",
        &sample(),
        "--out",
        &out.to_string_lossy(),
        "--templates",
        &templates.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("模板 year_end.tera 第 3 行"), "{stderr}");
}

#[test]
fn rare_name_characters_fall_back_and_undrawable_ones_are_errors() {
    let f = Folder::with_halls("run-glyphs", 1);
    let attendance = |name: &'static str| {
        f.book(
            "考勤.xlsx",
            vec![sheet(
                "考勤",
                vec![
                    vec![S("日期"), S("活动名称"), S("大厅"), S("人员"), S("考勤")],
                    vec![D(2025, 2, 1), S("例会"), S("甲大厅"), S(name), S("迟到")],
                ],
            )],
        )
    };
    let dir = f.dir.to_string_lossy().into_owned();
    // 镕 is missing from 仿宋 and drawn with 宋体, with a warning: the score card set in 仿宋
    let templates = out_dir("run-glyphs-templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/score_card.tera"),
    )
    .expect("shipped template");
    assert!(card.contains("\n@font hei\n"), "the card's face changed");
    std::fs::write(
        templates.join("score_card.tera"),
        card.replace("\n@font hei\n", "\n@font fangsong\n"),
    )
    .expect("write");
    let templates = templates.to_string_lossy().into_owned();
    let out = out_dir("run-glyphs-out");
    let out_arg = out.to_string_lossy().into_owned();
    let run_with_card = || run(&["run", &dir, "--out", &out_arg, "--templates", &templates]);
    attendance("朱镕");
    let (code, stdout, stderr) = run_with_card();
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("字符“镕”"), "{stdout}");
    let card: String = pdf_text(&out.join("评分明细/甲大厅.pdf"))
        .split_whitespace()
        .collect();
    assert!(card.contains("朱镕"), "{card}");
    // A private-use character no font has: found by the check at its cell, before any
    // document is made, so `check` already says what `run` would refuse.
    attendance("王\u{E000}");
    let (code, stdout, stderr) = run_with_card();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("考勤.xlsx\n  错误：[考勤!D2] “\u{E000}”（U+E000） 无法印在文档中"),
        "{stdout}"
    );
    assert!(stdout.contains("未生成正式文件"), "{stdout}");
    let (checked, report, _) = run(&["check", &dir]);
    assert_eq!(checked, 1);
    assert!(
        report.contains("[考勤!D2]") && report.contains("U+E000"),
        "{report}"
    );
}

#[test]
fn an_output_folder_inside_the_input_is_not_read_back() {
    let f = Folder::with_halls("run-nested-out", 2);
    // A bonus line in the summary workbook: its 加分明细 sheet looks like a veto sheet.
    f.book(
        "红旗.xlsx",
        vec![sheet(
            "红旗",
            vec![vec![S("大厅"), S("季度")], vec![S("甲大厅"), N(1.0)]],
        )],
    );
    let dir = f.dir.to_string_lossy().into_owned();
    let out = f.dir.join("结果");
    assert_eq!(run(&["run", &dir, "--out", &out.to_string_lossy()]).0, 0);
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert!(ev.scores.halls.iter().all(|h| !h.disqualified));
    assert_one(
        &diags(&ev, kaohe::Severity::Notice),
        "结果|-|-",
        "输出文件夹",
    );
    // A summary workbook copied elsewhere into the folder is not read either.
    std::fs::copy(out.join("考核汇总.xlsx"), f.dir.join("去年考核汇总.xlsx")).expect("copy");
    let ev = f.eval();
    assert!(ev.scores.halls.iter().all(|h| !h.disqualified));
    assert_one(
        &diags(&ev, kaohe::Severity::Notice),
        "去年考核汇总.xlsx|-|-",
        "汇总工作簿",
    );
}

#[test]
fn a_table_row_taller_than_a_page_runs_on_over_pages() {
    let f = Folder::with_halls("run-tall-row", 2);
    let long: String = "窗口人员未按规定着装且离岗，群众等候时间过长。"
        .chars()
        .cycle()
        .take(1_990)
        .collect();
    f.book(
        "明察暗访.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                inspection_header(),
                vec![
                    D(2025, 3, 5),
                    S("市级"),
                    S("明察"),
                    S("甲大厅"),
                    s(long.clone()),
                    S("2.1"),
                    N(0.5),
                    S("否"),
                ],
            ],
        )],
    );
    let out = out_dir("run-tall-row-out");
    run_ok(&f.dir, &out, &[]);
    let card = out.join("评分明细/甲大厅.pdf");
    let doc = lopdf::Document::load(&card).expect("load");
    assert!(
        doc.get_pages().len() >= 3,
        "{} pages",
        doc.get_pages().len()
    );
    let text: String = pdf_text(&card).split_whitespace().collect();
    // every character of the cell is printed, across the pages
    assert_eq!(text.matches('群').count(), long.matches('群').count());
}

#[test]
fn a_copied_program_needs_no_font_folder() {
    // The program alone in a folder of its own, run from yet another folder, with the fonts
    // built into it: what `cargo install` gives once the checkout is gone.
    let bin_dir = out_dir("run-copied-bin");
    std::fs::create_dir_all(&bin_dir).expect("mkdir");
    let bin = bin_dir.join("kaohe");
    std::fs::copy(env!("CARGO_BIN_EXE_kaohe"), &bin).expect("copy the program");
    let out = out_dir("run-copied-out");
    let o = Command::new(&bin)
        .args(["run", &sample(), "--out", &out.to_string_lossy()])
        .current_dir(std::env::temp_dir())
        .env("KAOHE_FONTS", "builtin")
        .output()
        .expect("run the copy");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let reference = out_dir("run-copied-reference");
    assert_eq!(
        run(&["run", &sample(), "--out", &reference.to_string_lossy()]).0,
        0
    );
    for file in ["年度考核结果通报.pdf", "评分明细/医保结算大厅.pdf"] {
        assert!(
            std::fs::read(out.join(file)).expect("built-in")
                == std::fs::read(reference.join(file)).expect("folder"),
            "{file} differs"
        );
    }
}

#[test]
fn the_attachment_table_is_not_split_to_place_the_banji() {
    let out = out_dir("run-banji");
    assert_eq!(
        run(&["run", &sample(), "--out", &out.to_string_lossy()]).0,
        0
    );
    let doc = lopdf::Document::load(out.join("年度考核结果通报.pdf")).expect("load");
    let pages: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|&p| {
            doc.extract_text(&[p])
                .expect("text")
                .split_whitespace()
                .collect()
        })
        .collect();
    let table = pages
        .iter()
        .find(|t| t.contains("附件1"))
        .expect("the page of 附件1");
    let ev = kaohe::evaluate(Path::new(&sample())).expect("sample");
    for h in &ev.scores.halls {
        assert!(
            table.contains(&h.name),
            "{} not on the table's page",
            h.name
        );
    }
    // The 版记 on an even page of its own when the text ends on an odd one (GB/T 9704 7.5).
    assert_eq!(pages.len() % 2, 0);
    let last = pages.last().expect("pages");
    assert!(last.contains("印发") && !last.contains("附件2"), "{last}");
}

/// A quarter with more rows than `[document] quarter_rows`: the circular lists the worst,
/// the workbook beside it lists everything.
fn quarter_folder(name: &str, extra: &str) -> Folder {
    let f = Folder::new(name);
    f.config(6, extra);
    for h in HALLS {
        f.form(h, &[]);
    }
    let numbers = ["一", "二", "三", "四", "五", "六", "七", "八"];
    let mut rows = vec![inspection_header()];
    for (k, n) in numbers.iter().enumerate() {
        rows.push(vec![
            D(2025, 1, k as u8 + 1),
            S("委内"),
            S("暗访"),
            s(HALLS[k % 5]),
            s(format!("窗口问题{n}")),
            S("2.1"),
            N(0.1 * (k + 1) as f64),
            S("否"),
        ]);
    }
    // the sixth hall is checked and nothing is found
    rows.push(vec![
        D(2025, 2, 3),
        S("委内"),
        S("明察"),
        S("己大厅"),
        E,
        E,
        E,
        S("否"),
    ]);
    f.book("检查.xlsx", vec![sheet("检查记录", rows)]);
    f
}

#[test]
fn a_quarter_beyond_the_row_budget_lists_the_worst_and_puts_everything_in_a_workbook() {
    let f = quarter_folder("run-quarter-condensed", "\n[document]\nquarter_rows = 5\n");
    let out = out_dir("run-quarter-condensed-out");
    let stdout = run_ok(&f.dir, &out, &[]);
    assert!(stdout.contains("另有 1 份季度问题清单工作簿"), "{stdout}");
    let circular = out.join("季度通报/2025年第1季度明察暗访情况通报.pdf");
    let text: String = pdf_text(&circular).split_whitespace().collect();
    assert!(text.contains("发现问题8个"), "{text}");
    assert!(
        text.contains("《2025年第1季度明察暗访问题清单》（电子表格）"),
        "{text}"
    );
    assert!(text.contains("扣分最多的5个大厅如下"), "{text}");
    assert!(text.contains("扣分最多的5个问题如下表"), "{text}");
    for shown in ["八", "七", "六", "五", "四"] {
        assert!(
            text.contains(&format!("窗口问题{shown}")),
            "{shown}: {text}"
        );
    }
    for left_out in ["一", "二", "三"] {
        assert!(
            !text.contains(&format!("窗口问题{left_out}")),
            "{left_out}: {text}"
        );
    }
    // the worst first: 0.8 (八) before 0.4 (四)
    assert!(text.find("窗口问题八") < text.find("窗口问题四"), "{text}");

    let list = out.join("季度通报/2025年第1季度明察暗访问题清单.xlsx");
    let mut wb = calamine::open_workbook_auto(&list).expect("the list workbook");
    use calamine::Reader;
    let problems = wb.worksheet_range("发现的问题").expect("problems sheet");
    let cells: Vec<String> = problems.rows().flatten().map(|c| c.to_string()).collect();
    for n in ["一", "二", "三", "四", "五", "六", "七", "八"] {
        assert_eq!(
            cells
                .iter()
                .filter(|c| **c == format!("窗口问题{n}"))
                .count(),
            1,
            "{n} in {cells:?}"
        );
    }
    let halls = wb.worksheet_range("各大厅检查情况").expect("halls sheet");
    let names: Vec<String> = halls.rows().map(|r| r[0].to_string()).collect();
    for h in HALLS {
        assert!(names.contains(&h.to_string()), "{h} in {names:?}");
    }
    // the workbook is part of the run: listed in the manifest, verified with the rest
    let (code, stdout, _) = run(&["verify", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{stdout}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("2025年第1季度明察暗访问题清单.xlsx"));

    // within the budget: every row in the circular, no workbook
    let f = quarter_folder("run-quarter-whole", "");
    let out = out_dir("run-quarter-whole-out");
    run_ok(&f.dir, &out, &[]);
    let text: String = pdf_text(&out.join("季度通报/2025年第1季度明察暗访情况通报.pdf"))
        .split_whitespace()
        .collect();
    assert!(text.contains("检查中发现的问题及扣分情况如下表"), "{text}");
    assert!(
        text.contains("窗口问题一") && text.contains("窗口问题八"),
        "{text}"
    );
    assert!(
        !out.join("季度通报/2025年第1季度明察暗访问题清单.xlsx")
            .exists()
    );
}

#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    let outs: Vec<PathBuf> = ["1", "2", "3"]
        .iter()
        .map(|threads| {
            let out = out_dir(&format!("run-threads-{threads}"));
            let o = kaohe_command()
                // with the OFDs: the font subsets shared between threads must not show
                .args(["run", &sample(), "--out", &out.to_string_lossy(), "--ofd"])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .expect("run");
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
            out
        })
        .collect();
    let files = kaohe::output::list_files(&outs[0]).expect("list");
    assert!(files.len() > 40, "{files:?}");
    for other in &outs[1..] {
        assert_eq!(kaohe::output::list_files(other).expect("list"), files);
        for f in &files {
            assert!(
                std::fs::read(outs[0].join(f)).expect("read")
                    == std::fs::read(other.join(f)).expect("read"),
                "{f} differs with {}",
                other.display()
            );
        }
    }
}

/// A small year whose two halls differ between versions in exactly `assessed` and `deduction`.
fn review_folder(name: &str, assessed: f64, deduction: f64) -> Folder {
    let f = Folder::new(name);
    f.config(3, "");
    f.form("甲大厅", &[("2.3", assessed)]);
    f.form("乙大厅", &[]);
    f.form("丙大厅", &[("1.1", 4.0)]);
    f.book(
        "检查.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                inspection_header(),
                vec![
                    D(2025, 3, 6),
                    S("委内"),
                    S("暗访"),
                    S("乙大厅"),
                    S("工作人员离岗"),
                    S("3.5"),
                    N(deduction),
                    S("否"),
                ],
            ],
        )],
    );
    f
}

#[test]
fn diff_shows_exactly_the_changed_cells_and_the_rank_moves() {
    let before = review_folder("diff-before", 6.0, 0.5);
    let after = review_folder("diff-after", 4.0, 1.5);
    let out_before = out_dir("diff-before-out");
    let out_after = out_dir("diff-after-out");
    for (input, out) in [(&before, &out_before), (&after, &out_after)] {
        run_ok(&input.dir, out, &[]);
        // the results are kept with the documents, listed and hashed like them
        let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
        assert!(manifest.contains("考核结果.json"), "{manifest}");
        // no 签发人 set: no 请示, rather than one with an invented name
        assert!(!out.join("提请表彰请示.pdf").exists());
    }
    let (code, text, stderr) = run(&[
        "diff",
        &out_before.to_string_lossy(),
        &out_after.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{text}\n{stderr}");
    // 甲 loses 2 points on item 2.3 (its form's 考核得分 cell), 乙 1 more on 3.5 (the
    // inspection record's 扣分 cell): 甲 drops from first to last, 丙 rises without a change
    assert!(text.contains("甲大厅：总分 99 → 97，名次 1 → 3"), "{text}");
    assert!(
        text.contains("  项目 2.3 考核得分：6 → 4（自查/甲大厅.xlsx 自查评分表!E9）"),
        "{text}"
    );
    assert!(
        text.contains("乙大厅：总分 98.5 → 97.5，名次 2 → 2"),
        "{text}"
    );
    assert!(
        text.contains(
            "  项目 3.5 扣分：委内暗访：工作人员离岗：0.5 → 1.5（检查.xlsx 检查记录!G2）"
        ),
        "{text}"
    );
    assert!(
        text.contains("丙大厅：总分 98 → 98，名次 3 → 1\n乙"),
        "{text}"
    );
    // exactly the two cells changed, each followed by the item score it moved
    let indented: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(indented.len(), 4, "{indented:?}");
    let inputs = indented
        .iter()
        .filter(|l| l.contains("考核得分：") || l.contains("扣分："))
        .count();
    assert_eq!(inputs, 2, "{indented:?}");
    assert!(text.contains("共 3 个大厅的结果有变化"), "{text}");

    // an input folder is scored on the fly, and --json carries the same
    let (code, json, _) = run(&[
        "diff",
        &out_before.to_string_lossy(),
        &after.dir.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let halls = v["halls"].as_array().expect("halls");
    assert_eq!(halls.len(), 3, "{json}");
    assert_eq!(halls[0]["name"], "丙大厅");
    assert_eq!(
        halls[2]["changes"][0]["source"],
        "自查/甲大厅.xlsx 自查评分表!E9"
    );
    // the 复核 workbook: one row per change, with the cell
    let review = out_dir("diff-review").with_extension("xlsx");
    let (code, _, stderr) = run(&[
        "diff",
        &out_before.to_string_lossy(),
        &out_after.to_string_lossy(),
        "--xlsx",
        &review.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&review).expect("review workbook");
    let r = wb.worksheet_range("复核").expect("复核 sheet");
    let rows: Vec<Vec<String>> = r
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    let jia = rows
        .iter()
        .find(|r| r.len() > 8 && r[0] == "甲大厅" && r[5].contains("考核得分"))
        .expect("甲's changed cell");
    assert_eq!(
        (&jia[6][..], &jia[7][..], &jia[8][..]),
        ("6", "4", "自查/甲大厅.xlsx 自查评分表!E9")
    );
    assert!(
        rows.iter()
            .any(|r| r.len() > 5 && r[0] == "丙大厅" && r[5] == "名次随其他大厅变化"),
        "{rows:?}"
    );

    // the same run twice: nothing changed
    let (code, same, _) = run(&[
        "diff",
        &out_before.to_string_lossy(),
        &before.dir.to_string_lossy(),
    ]);
    assert_eq!(code, 0);
    assert!(same.contains("两次结果相同"), "{same}");
}

#[test]
fn last_year_beside_this_year_matches_renamed_halls_by_alias_and_reports_the_rest() {
    // last year: 甲 98 (first), 乙 100 … ; this year 甲 is 甲大厅（东区）, 丙 is gone, 丁 is new
    let last = Folder::new("history-last");
    last.config(3, "");
    last.form("甲大厅", &[("2.3", 4.0)]);
    last.form("乙大厅", &[]);
    last.form("丙大厅", &[("1.1", 3.0)]);
    let last_out = out_dir("history-last-out");
    run_ok(&last.dir, &last_out, &[]);

    let this = Folder::new("history-this");
    this.write(
        "kaohe.toml",
        &format!(
            "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n\n[[hall]]\nname = \"甲大厅（东区）\"\naliases = [\"甲大厅\"]\n\n[[hall]]\nname = \"乙大厅\"\n\n[[hall]]\nname = \"丁大厅\"\n\n[history]\nprevious = \"{}\"\n",
            last_out.to_string_lossy().replace('\\', "/")
        ),
    );
    this.form("甲大厅（东区）", &[("2.3", 5.0)]);
    this.form("乙大厅", &[("1.1", 4.5)]);
    this.form("丁大厅", &[]);
    let out = out_dir("history-this-out");
    let o = run_ok(&this.dir, &out, &[]);
    // the hall of last year that matches nothing is reported, the new one noted
    assert!(
        o.contains("上一年度结果中的“丙大厅”在本年名录中找不到"),
        "{o}"
    );
    assert!(o.contains("“丁大厅”在上一年度的结果中没有"), "{o}");

    // the circular's score table has a 较上年 column: 甲 99 vs 98 → +1.0, 乙 99.5 vs 100 → −0.5
    let text: String = pdf_text(&out.join("年度考核结果通报.pdf"))
        .split_whitespace()
        .collect();
    assert!(text.contains("较上年"), "{text}");
    assert!(text.contains("丁大厅") && text.contains("新增"), "{text}");
    let ev = this.eval();
    let h = ev.history.as_ref().expect("history");
    let jia = h
        .of("甲大厅（东区）")
        .and_then(|c| c.previous.as_ref())
        .expect("matched by alias");
    assert_eq!(jia.name, "甲大厅");
    let now = hall(&ev, "甲大厅（东区）").total;
    assert!(
        text.contains(&format!("+{}", kaohe::text::fmt_fixed(now - jia.total, 1))),
        "{text}"
    );
    assert!(h.of("丁大厅").is_some_and(|c| c.previous.is_none()));
    assert_eq!(h.gone, vec!["丙大厅".to_string()]);

    // the summary workbook's 历年对比 sheet
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(out.join("考核汇总.xlsx")).expect("summary");
    let r = wb.worksheet_range("历年对比").expect("历年对比 sheet");
    let rows: Vec<Vec<String>> = r
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    let row_of = |name: &str| {
        rows.iter()
            .find(|r| r.iter().any(|c| c == name))
            .cloned()
            .unwrap_or_default()
    };
    let jia_row = row_of("甲大厅（东区）");
    assert_eq!(jia_row[1], "甲大厅", "{jia_row:?}");
    assert!(jia_row[8].contains("按简称对应"), "{jia_row:?}");
    assert!(row_of("丁大厅")[8].contains("本年新增"), "{rows:?}");
    assert!(row_of("丙大厅")[8].contains("本年名录中没有"), "{rows:?}");

    // the same from the command line, without [history] in kaohe.toml
    let settings = std::fs::read_to_string(this.dir.join("kaohe.toml")).expect("settings");
    let without = &settings[..settings.find("[history]").expect("history section")];
    this.write("kaohe.toml", without);
    let out2 = out_dir("history-flag-out");
    let o = run_ok(
        &this.dir,
        &out2,
        &["--previous", &last_out.to_string_lossy()],
    );
    assert!(
        o.contains("上一年度结果中的“丙大厅”在本年名录中找不到"),
        "{o}"
    );
    let text2: String = pdf_text(&out2.join("年度考核结果通报.pdf"))
        .split_whitespace()
        .collect();
    assert!(text2.contains("较上年"), "{text2}");
}

#[test]
fn the_circulars_state_the_disqualification_rule_of_the_rubric_in_use() {
    let rule_of = |rubric: Option<&str>, name: &str| -> (String, String) {
        let f = Folder::with_halls(name, 3);
        if let Some(r) = rubric {
            f.write("rubric.toml", r);
        }
        let row = vec![
            D(2025, 5, 6),
            S("省级"),
            S("暗访"),
            S("乙大厅"),
            S("工作人员离岗"),
            S("3.5"),
            N(0.5),
            S("是"),
        ];
        f.book(
            "检查.xlsx",
            vec![sheet("检查记录", vec![inspection_header(), row])],
        );
        let out = out_dir(&format!("{name}-out"));
        run_ok(&f.dir, &out, &[]);
        let text = |p: &str| -> String { pdf_text(&out.join(p)).split_whitespace().collect() };
        (
            text("年度考核结果通报.pdf"),
            text("季度通报/2025年第2季度明察暗访情况通报.pdf"),
        )
    };
    let (year_end, quarter) = rule_of(None, "rubric-builtin");
    assert!(
        year_end.contains("被省级、市级明察暗访发现问题通报批评"),
        "{year_end}"
    );
    assert!(quarter.contains("被省级、市级通报批评的大厅"), "{quarter}");
    // a rubric where only the province's criticism disqualifies
    let only_province = kaohe::rubric::BUILTIN.replace(
        "disqualifying_levels = [\"省级\", \"市级\"]",
        "disqualifying_levels = [\"省级\"]",
    );
    assert_ne!(only_province, kaohe::rubric::BUILTIN);
    let (year_end, quarter) = rule_of(Some(&only_province), "rubric-province");
    assert!(
        year_end.contains("被省级明察暗访发现问题通报批评"),
        "{year_end}"
    );
    assert!(quarter.contains("被省级通报批评的大厅"), "{quarter}");
    assert!(!quarter.contains("市级通报批评"), "{quarter}");
}

/// A different rubric — other attendance amounts charged to another item, an extra item, a
/// smaller 分值 — changes what every product states and how it scores, with no code change:
/// the blank forms, the diagnostics, the scores, the score cards and the circular.
#[test]
fn a_replaced_rubric_drives_forms_messages_scores_and_documents() {
    let rubric = kaohe::rubric::BUILTIN
        .replace("\"迟到\" = \"0.1\"", "\"迟到\" = \"0.3\"")
        .replace("\"缺席\" = \"0.5\"", "\"缺席\" = \"0.8\"")
        .replacen(
            "[attendance]\nitem = \"4.1\"",
            "[attendance]\nitem = \"2.2\"",
            1,
        )
        .replacen(
            "code = \"1.1\"\nname = \"绿色通道建设\"\nmax = \"5\"",
            "code = \"1.1\"\nname = \"绿色通道建设\"\nmax = \"3\"",
            1,
        )
        .replacen(
            "[[item]]\ncode = \"1.2\"",
            "[[item]]\ncode = \"1.5\"\nname = \"办件数据质量\"\nmax = \"2\"\n\n[[item]]\ncode = \"1.2\"",
            1,
        );
    for changed in ["0.3", "0.8", "item = \"2.2\"", "办件数据质量"] {
        assert!(
            rubric.contains(changed),
            "the replacement of {changed} took"
        );
    }

    let f = Folder::new("rubric-replaced");
    f.config(3, "");
    f.write("rubric.toml", &rubric);

    // Blank forms: generated from the rubric in the folder.
    let (code, stdout, stderr) = run(&["template", &f.dir.to_string_lossy()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let mut form_texts = String::new();
    for entry in walk(&f.dir) {
        if entry.extension().is_some_and(|e| e == "xlsx") {
            use calamine::Reader;
            let mut wb = calamine::open_workbook_auto(&entry).expect("open form");
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    for row in range.rows() {
                        for cell in row {
                            form_texts.push_str(&cell.to_string());
                            form_texts.push('\n');
                        }
                    }
                }
            }
            std::fs::remove_file(&entry).expect("remove blank form");
        }
    }
    assert!(
        form_texts.contains("迟到一次扣 0.3 分，缺席一次扣 0.8 分，扣在考核项目 2.2 上"),
        "attendance rule in the forms"
    );
    assert!(!form_texts.contains("扣 0.1 分"), "old amount in the forms");
    assert!(
        form_texts.contains("办件数据质量"),
        "extra item in the self-check form"
    );

    // Filled forms: every hall full marks on the new list of items, one 迟到 for 乙大厅.
    let items: Vec<(String, String)> = kaohe::rubric::Rubric::parse("rubric.toml", &rubric)
        .expect("the replaced rubric parses")
        .items
        .iter()
        .map(|i| (i.code.clone(), i.max.to_string()))
        .collect();
    assert_eq!(items.len(), 18);
    let form = |h: &str, with_new_item: bool| {
        let listed: Vec<(&str, f64)> = items
            .iter()
            .filter(|(code, _)| with_new_item || code != "1.5")
            .map(|(code, max)| (code.as_str(), max.parse().expect("max")))
            .collect();
        f.form_of_items(h, &format!("自查/{h}.xlsx"), &listed, &[]);
    };
    form("甲大厅", true);
    form("乙大厅", true);
    // 丙大厅's form predates the new item: the message names it with its 分值
    form("丙大厅", false);
    f.book(
        "考勤.xlsx",
        vec![sheet(
            "考勤",
            vec![
                vec![S("日期"), S("活动名称"), S("大厅"), S("人员"), S("考勤")],
                vec![
                    D(2025, 3, 5),
                    S("业务培训"),
                    S("甲大厅"),
                    S("张三"),
                    S("出席"),
                ],
                vec![
                    D(2025, 3, 5),
                    S("业务培训"),
                    S("乙大厅"),
                    S("李四"),
                    S("迟到"),
                ],
                vec![
                    D(2025, 3, 5),
                    S("业务培训"),
                    S("丙大厅"),
                    S("王五"),
                    S("出席"),
                ],
            ],
        )],
    );
    let ev = f.eval();
    // scores by the new rules: 2.2 (6) less 0.3 for 乙大厅; 1.1 is worth 3, 1.5 is 2
    assert_eq!(item(&ev, "乙大厅", "2.2"), dec("5.7"));
    assert_eq!(item(&ev, "甲大厅", "2.2"), dec("6"));
    // nothing is charged to 4.1 any more
    assert_eq!(item(&ev, "乙大厅", "4.1"), item(&ev, "甲大厅", "4.1"));
    assert_eq!(item(&ev, "甲大厅", "1.1"), dec("3"));
    assert_eq!(item(&ev, "甲大厅", "1.5"), dec("2"));
    assert_eq!(
        hall(&ev, "甲大厅").total,
        hall(&ev, "乙大厅").total + dec("0.3")
    );
    // the message about the missing row names the new item
    assert_one(
        &errors(&ev),
        "自查/丙大厅.xlsx|自查评分表|-",
        "缺少考核项目 1.5（办件数据质量，分值 2）",
    );
    form("丙大厅", true);
    let ev = f.eval();
    assert_eq!(errors(&ev), Vec::<String>::new());

    let out = out_dir("rubric-replaced-out");
    run_ok(&f.dir, &out, &[]);
    let card: String = pdf_text(&out.join("评分明细/乙大厅.pdf"))
        .split_whitespace()
        .collect();
    assert!(card.contains("办件数据质量"), "{card}");
    assert!(card.contains("迟到"), "{card}");
    assert!(card.contains("5.7"), "{card}");
    let circular: String = pdf_text(&out.join("年度考核结果通报.pdf"))
        .split_whitespace()
        .collect();
    let total = |h: &str| kaohe::text::fmt_dec(hall(&ev, h).total);
    for h in HALLS.iter().take(3) {
        assert!(circular.contains(*h), "{h} in the circular");
    }
    assert!(circular.contains(&total("乙大厅")), "{circular}");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
