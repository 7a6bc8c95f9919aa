//! The Excel side: fill-in templates read back without a diagnostic, and the summary workbook
//! read back with calamine equals the scores.

use crate::support::*;
use calamine::{Data, Reader, open_workbook_auto};
use kaohe::config::Config;
use kaohe::rubric::Rubric;
use kaohe::text::Date;
use kaohe::xlsx::forms::{self, Fill};

fn t(s: &str) -> Fill {
    Fill::Text(s.to_string())
}

fn d(m: u32, day: u32) -> Fill {
    Fill::Date(Date {
        year: 2025,
        month: m,
        day,
    })
}

const DATE: Date = Date {
    year: 2026,
    month: 1,
    day: 15,
};

/// Fills every template kind with valid values in the exact template layout.
fn filled_templates(name: &str) -> Folder {
    let f = Folder::new(name);
    f.config(2, "");
    let text = std::fs::read_to_string(f.dir.join("kaohe.toml")).expect("config");
    let rubric = Rubric::builtin();
    let (cfg, errs) = Config::parse(&text, &rubric);
    assert!(errs.is_empty());
    for (h, hall) in ["甲大厅", "乙大厅"].iter().enumerate() {
        let scores: Vec<forms::ScorePair> = ITEMS
            .iter()
            .map(|(code, max)| {
                let own = if *code == "4.3" && h == 1 { 4.0 } else { *max };
                (
                    Some(own),
                    Some(if *code == "2.3" { max - 0.5 } else { own }),
                )
            })
            .collect();
        let path = f.dir.join(format!("年终自查/{hall}.xlsx"));
        forms::write_self_check(&path, hall, &cfg, &rubric, DATE, false, &scores).expect("form");
    }
    let half: Vec<forms::ScorePair> = ITEMS.iter().map(|(_, m)| (Some(*m), None)).collect();
    forms::write_self_check(
        &f.dir.join("半年/甲大厅.xlsx"),
        "甲大厅",
        &cfg,
        &rubric,
        DATE,
        true,
        &half,
    )
    .expect("half");
    for book in forms::log_books(&cfg, &rubric) {
        let fills: Vec<Vec<Vec<Fill>>> = match book.file {
            "明察暗访检查记录.xlsx" => vec![vec![
                vec![
                    d(3, 5),
                    t("委内"),
                    t("暗访"),
                    t("甲大厅"),
                    t("3号窗口"),
                    t("玩手机"),
                    t("3.5"),
                    Fill::Number(0.5),
                    t("否"),
                    t("王明"),
                ],
                vec![
                    d(4, 1),
                    t("市级"),
                    t("明察"),
                    t("乙大厅"),
                    Fill::Blank,
                    Fill::Blank,
                    Fill::Blank,
                    Fill::Blank,
                    Fill::Blank,
                    t("李"),
                ],
            ]],
            "会议考勤.xlsx" => vec![vec![
                vec![
                    d(2, 1),
                    t("一月例会"),
                    t("例会"),
                    t("甲大厅"),
                    t("张三"),
                    t("迟到"),
                ],
                vec![
                    d(2, 1),
                    t("一月例会"),
                    t("例会"),
                    t("乙大厅"),
                    t("李四"),
                    t("出席"),
                ],
            ]],
            "加分申报.xlsx" => {
                let article = |title: &str, cat: &str, m: u32| {
                    vec![t("甲大厅"), t(title), t("示例日报"), t(cat), d(m, 10)]
                };
                vec![
                    vec![vec![
                        t("甲大厅"),
                        t("青年文明号"),
                        t("示例市人民政府"),
                        t("市级"),
                        t("集体"),
                        Fill::Blank,
                        t("示政〔2025〕3号"),
                        d(5, 4),
                    ]],
                    vec![vec![t("乙大厅"), t("第二季度"), Fill::Number(2025.0)]],
                    vec![
                        article("一", "日报", 1),
                        article("二", "日报", 2),
                        article("三", "电视台", 3),
                        article("四", "广播", 4),
                        article("五", "简报", 5),
                        article("六", "简报", 6),
                    ],
                    vec![vec![
                        t("乙大厅"),
                        t("技能竞赛"),
                        t("一等奖"),
                        t("示例市行政服务管理委员会"),
                        d(6, 1),
                    ]],
                ]
            }
            "否决事项.xlsx" => vec![vec![]],
            other => panic!("unexpected template {other}"),
        };
        forms::write_log_book(&f.dir.join(book.file), &book, &cfg, DATE, &fills).expect("log book");
    }
    f
}

#[test]
fn filled_templates_read_back_without_any_diagnostic() {
    let f = filled_templates("excel-round-trip");
    let ev = f.eval();
    assert!(ev.diagnostics.is_empty(), "{:#?}", ev.diagnostics);
    // 甲: 100 − 0.5 (2.3) − 0.5 (3.5) − 0.1 (late) + 1 (市级集体) = 99.9
    assert_eq!(hall(&ev, "甲大厅").total, dec("99.9"));
    // 乙: 100 − 1 (4.3 at 4) − 0.5 (2.3) + 0.5 (red flag) + 0.3 (一等奖) = 99.3
    assert_eq!(hall(&ev, "乙大厅").total, dec("99.3"));
    assert_eq!(ev.data.forms.len(), 3);
    assert_eq!(ev.data.inspections.len(), 2);
    assert_eq!(ev.data.articles.len(), 6);
}

#[test]
fn template_command_writes_every_kind() {
    let f = Folder::new("excel-template-command");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["template", &f.dir.to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    for file in [
        "kaohe.toml",
        "年终自查/不动产登记大厅.xlsx",
        "明察暗访检查记录.xlsx",
        "会议考勤.xlsx",
        "加分申报.xlsx",
        "否决事项.xlsx",
    ] {
        assert!(f.dir.join(file).exists(), "{file}");
    }
    // The headers are exactly the spec's, below a title row; instructions are on their own sheet.
    let mut wb = open_workbook_auto(f.dir.join("加分申报.xlsx")).expect("open");
    assert_eq!(
        wb.sheet_names(),
        vec!["表彰", "流动红旗", "稿件", "竞赛获奖", "填表说明"]
    );
    let r = wb.worksheet_range("表彰").expect("sheet");
    let header: Vec<String> = (0..8)
        .map(|c| {
            r.get_value((1, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "大厅",
            "荣誉名称",
            "授予单位",
            "级别",
            "类型",
            "获奖人",
            "文号",
            "授予日期"
        ]
    );
    let mut form = open_workbook_auto(f.dir.join("年终自查/不动产登记大厅.xlsx")).expect("open");
    let r = form.worksheet_range("自查评分表").expect("sheet");
    assert_eq!(
        r.get_value((1, 0)),
        Some(&Data::String("填报单位：不动产登记大厅".into()))
    );
    // Unfilled forms are reported, every blank self score at its cell; nothing else.
    let ev = f.eval();
    assert_eq!(ev.diagnostics.len(), 3 * 17, "{:#?}", ev.diagnostics);
    // A second run keeps what exists.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(["template", &f.dir.to_string_lossy()])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("共生成 0 个工作簿"));
}

#[test]
fn templates_are_byte_identical_on_rerun() {
    let a = filled_templates("excel-rerun-a");
    let b = filled_templates("excel-rerun-b");
    for file in [
        "年终自查/甲大厅.xlsx",
        "加分申报.xlsx",
        "明察暗访检查记录.xlsx",
    ] {
        let x = std::fs::read(a.dir.join(file)).expect("a");
        let y = std::fs::read(b.dir.join(file)).expect("b");
        assert!(x == y, "{file} differs between runs");
    }
}

fn cell_f64(r: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

#[test]
fn summary_workbook_equals_the_scores() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let ev = kaohe::evaluate(&dir).expect("sample");
    let f = Folder::new("excel-summary");
    let path = f.dir.join("考核汇总.xlsx");
    kaohe::xlsx::summary::write(&ev, &path, DATE, false).expect("write");
    let mut wb = open_workbook_auto(&path).expect("open");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "总分排名",
            "分项得分",
            "扣分明细",
            "加分明细",
            "自评对比",
            "校验报告"
        ]
    );
    let r = wb.worksheet_range("总分排名").expect("sheet");
    for (i, h) in ev.scores.halls.iter().enumerate() {
        // below the title, 制表单位 and header rows
        let row = i as u32 + 3;
        assert_eq!(cell_f64(&r, row, 0), h.rank as f64);
        assert_eq!(r.get_value((row, 1)), Some(&Data::String(h.name.clone())));
        let total: f64 = h.total.to_string().parse().expect("f64");
        assert_eq!(cell_f64(&r, row, 8), total, "{}", h.name);
        let bonus: f64 = h.bonus.to_string().parse().expect("f64");
        assert_eq!(cell_f64(&r, row, 7), bonus, "{}", h.name);
        let mark = r.get_value((row, 9)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            mark,
            if h.recommended {
                Data::String("推荐".into())
            } else {
                Data::Empty
            },
            "{}",
            h.name
        );
    }
    let r = wb.worksheet_range("分项得分").expect("sheet");
    for (i, h) in ev.scores.halls.iter().enumerate() {
        for (j, item) in h.items.iter().enumerate() {
            let v: f64 = item.score.to_string().parse().expect("f64");
            assert_eq!(
                cell_f64(&r, i as u32 + 4, j as u32 + 2),
                v,
                "{} {}",
                h.name,
                item.code
            );
        }
    }
    let r = wb.worksheet_range("扣分明细").expect("sheet");
    let lines: usize = ev
        .scores
        .halls
        .iter()
        .flat_map(|h| &h.items)
        .map(|i| i.deductions.len())
        .sum();
    assert_eq!(r.height(), lines + 3);
    let r = wb.worksheet_range("加分明细").expect("sheet");
    let bonus_lines: usize = ev.scores.halls.iter().map(|h| h.bonus_lines.len()).sum();
    assert_eq!(r.height(), bonus_lines + 3);
    let r = wb.worksheet_range("校验报告").expect("sheet");
    assert_eq!(r.height(), ev.diagnostics.len() + 3);
    // Rerun: byte-identical.
    let again = f.dir.join("again.xlsx");
    kaohe::xlsx::summary::write(&ev, &again, DATE, false).expect("write");
    assert!(std::fs::read(&path).expect("a") == std::fs::read(&again).expect("b"));
}

#[test]
fn summary_with_input_errors_holds_only_the_report() {
    let f = Folder::with_halls("excel-summary-errors", 1);
    f.write("坏.xlsx", "not a workbook");
    let ev = f.eval();
    let path = f.dir.join("out/考核汇总.xlsx");
    kaohe::xlsx::summary::write(&ev, &path, DATE, false).expect("write");
    let wb = open_workbook_auto(&path).expect("open");
    assert_eq!(wb.sheet_names(), vec!["校验报告"]);
}
