//! Every kind of bad input gives a Chinese error at the file, sheet and cell a person must change.

use crate::support::*;

/// A folder whose one inspection record is valid except for the cells given (column, value).
fn one_inspection(name: &str, changes: &[(usize, V)]) -> kaohe::Evaluation {
    let mut row = vec![
        D(2025, 3, 5),
        S("委内"),
        S("暗访"),
        S("甲大厅"),
        S("玩手机"),
        S("3.5"),
        N(0.5),
        S("否"),
    ];
    for (col, v) in changes {
        row[*col] = v.clone();
    }
    let f = Folder::with_halls(name, 2);
    f.book(
        "检查.xlsx",
        vec![sheet("检查记录", vec![inspection_header(), row])],
    );
    f.eval()
}

#[test]
fn a_valid_record_gives_no_error() {
    assert!(errors(&one_inspection("diag-valid", &[])).is_empty());
}

#[test]
fn unknown_hall_suggests_the_closest_name() {
    let ev = one_inspection("diag-unknown-hall", &[(3, S("甲大厅服务"))]);
    assert_one(
        &errors(&ev),
        "检查.xlsx|检查记录|D2",
        "大厅“甲大厅服务”不在 kaohe.toml 的大厅名录中，是否应为“甲大厅”？",
    );
}

#[test]
fn blank_required_value() {
    let ev = one_inspection("diag-blank", &[(0, E)]);
    assert_one(&errors(&ev), "检查.xlsx|检查记录|A2", "“检查日期”为空");
}

#[test]
fn bad_number_and_error_cell() {
    let ev = one_inspection("diag-number", &[(6, S("半分"))]);
    assert_one(
        &errors(&ev),
        "检查.xlsx|检查记录|G2",
        "“扣分”应为数字，实际为“半分”",
    );
    let ev = one_inspection("diag-error-cell", &[(6, F("=1/0", "#DIV/0!"))]);
    assert_one(&errors(&ev), "检查.xlsx|检查记录|G2", "#DIV/0!");
}

#[test]
fn bad_date() {
    let ev = one_inspection("diag-date", &[(0, S("3月5日"))]);
    assert_one(&errors(&ev), "检查.xlsx|检查记录|A2", "“检查日期”应为日期");
}

#[test]
fn value_outside_a_closed_vocabulary() {
    let ev = one_inspection("diag-vocab", &[(1, S("区级"))]);
    assert_one(
        &errors(&ev),
        "检查.xlsx|检查记录|B2",
        "“检查层级”应为 省级、市级、委内 之一，实际为“区级”",
    );
}

#[test]
fn problem_without_item_or_deduction() {
    let ev = one_inspection("diag-problem-no-item", &[(5, E), (6, E)]);
    let e = errors(&ev);
    assert_one(&e, "检查.xlsx|检查记录|F2", "“考核项目”为空");
    assert_one(&e, "检查.xlsx|检查记录|G2", "“扣分”为空");
    let ev = one_inspection("diag-deduction-no-problem", &[(4, E)]);
    assert_one(&errors(&ev), "检查.xlsx|检查记录|E2", "未写明“发现问题”");
    let ev = one_inspection("diag-unknown-item", &[(5, S("5.1"))]);
    assert_one(
        &errors(&ev),
        "检查.xlsx|检查记录|F2",
        "5.1 不是考核细则中的项目编号",
    );
}

fn form_rows(edit: impl Fn(&str, &mut Vec<V>)) -> Vec<Vec<V>> {
    let mut rows = vec![
        vec![S("填报单位"), S("甲大厅")],
        vec![S("编号"), S("分值"), S("自评得分"), S("考核得分")],
    ];
    for (code, max) in ITEMS {
        let mut r = vec![S(code), N(max), N(max), N(max)];
        edit(code, &mut r);
        rows.push(r);
    }
    rows
}

#[test]
fn self_check_form_errors() {
    let f = Folder::with_halls("diag-form", 2);
    std::fs::remove_file(f.dir.join("自查/甲大厅.xlsx")).expect("rm");
    let rows = form_rows(|code, r| match code {
        "1.2" => r[2] = N(6.5),    // self score above the max
        "2.1" => r[1] = N(5.0),    // max from another scheme
        "3.3" => r[0] = S("3.4"),  // duplicate of the next code, 3.3 missing
        "4.2" => r[3] = S("四分"), // not a number
        "4.3" => {
            r[2] = E;
            r[3] = E;
        }
        _ => {}
    });
    f.book("自查/甲大厅.xlsx", vec![sheet("自查评分表", rows)]);
    let ev = f.eval();
    let e = errors(&ev);
    let p = "自查/甲大厅.xlsx|自查评分表";
    assert_one(&e, &format!("{p}|C4"), "自评得分 6.5 超出分值 5");
    assert_one(
        &e,
        &format!("{p}|B7"),
        "项目 2.1 的“分值”为 5，考核细则规定为 6",
    );
    assert_one(
        &e,
        &format!("{p}|A15"),
        "考核项目 3.4 重复出现（首次出现在 自查/甲大厅.xlsx 自查评分表!A14）",
    );
    assert_one(&e, &format!("{p}|-"), "缺少考核项目 3.3");
    assert_one(&e, &format!("{p}|D18"), "“考核得分”应为数字，实际为“四分”");
    assert_one(&e, &format!("{p}|C19"), "“自评得分”为空，且没有考核得分");
    assert_eq!(e.len(), 6, "{e:?}");
}

#[test]
fn form_labels() {
    let f = Folder::with_halls("diag-form-labels", 2);
    let mut rows = form_rows(|_, _| {});
    rows[0] = vec![S("填报单位："), E, E];
    rows.insert(0, vec![S("考核年度：2024年度"), S("考核期间"), S("季度")]);
    f.book("自查/甲大厅.xlsx", vec![sheet("自查评分表", rows)]);
    let rows = form_rows(|_, _| {});
    let mut no_label = rows.clone();
    no_label.remove(0);
    f.book("自查/乙大厅.xlsx", vec![sheet("表", no_label)]);
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "自查/甲大厅.xlsx|自查评分表|B2", "“填报单位”为空");
    assert_one(
        &e,
        "自查/甲大厅.xlsx|自查评分表|A1",
        "“考核年度”为 2024，与 kaohe.toml 的考核年度 2025 不符",
    );
    assert_one(&e, "自查/甲大厅.xlsx|自查评分表|C1", "“考核期间”应为 年终");
    assert_one(&e, "自查/乙大厅.xlsx|表|-", "缺少“填报单位”");
}

#[test]
fn missing_and_duplicate_year_end_forms() {
    let f = Folder::with_halls("diag-forms-count", 3);
    std::fs::remove_file(f.dir.join("自查/丙大厅.xlsx")).expect("rm");
    f.form_with("甲大厅", "自查/甲大厅（修改版）.xlsx", &[]);
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "-|-|-", "大厅“丙大厅”没有年终自查评分表");
    assert_one(
        &e,
        "自查/甲大厅（修改版）.xlsx|自查评分表|A1",
        "另一份在 自查/甲大厅.xlsx",
    );
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn half_year_forms_are_not_year_end_forms() {
    let f = Folder::with_halls("diag-half-year", 1);
    let mut rows = form_rows(|_, _| {});
    rows.insert(0, vec![S("考核期间"), S("上半年")]);
    f.book("半年/甲.xlsx", vec![sheet("自查评分表", rows)]);
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(ev.data.forms.len(), 2);
}

#[test]
fn corrupt_workbook_is_one_error_naming_the_file() {
    let f = Folder::with_halls("diag-corrupt", 1);
    f.write("坏文件.xlsx", "this is not a zip file");
    f.write("~$甲大厅.xlsx", "lock");
    f.write("说明.docx", "doc");
    f.write(".hidden.xlsx", "x");
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "坏文件.xlsx|-|-", "无法打开");
    assert_eq!(e.len(), 1, "{e:?}");
    let n = diags(&ev, kaohe::Severity::Notice);
    assert_one(&n, "~$甲大厅.xlsx|-|-", "锁定文件");
    assert_one(&n, "说明.docx|-|-", "不是工作簿");
    assert_one(&n, ".hidden.xlsx|-|-", "隐藏文件");
}

#[test]
fn unrecognised_sheets_and_ambiguous_headers() {
    let f = Folder::with_halls("diag-unrecognised", 1);
    f.book(
        "杂项.xlsx",
        vec![
            sheet(
                "通讯录",
                vec![vec![S("姓名"), S("电话")], vec![S("张三"), S("123")]],
            ),
            sheet(
                "混合",
                vec![
                    vec![S("大厅"), S("竞赛名称"), S("名次"), S("事项"), S("类别")],
                    vec![S("甲大厅"), S("x"), S("一等奖"), S("y"), S("z")],
                ],
            ),
        ],
    );
    let ev = f.eval();
    assert_one(&warnings(&ev), "杂项.xlsx|通讯录|-", "工作表未识别");
    assert_one(&warnings(&ev), "杂项.xlsx|-|-", "没有可识别的工作表");
    assert_one(
        &errors(&ev),
        "杂项.xlsx|混合|A1",
        "同时符合竞赛获奖和否决事项的格式",
    );
}

#[test]
fn attendance_conflict_names_both_rows() {
    let f = Folder::with_halls("diag-attendance-conflict", 1);
    f.book(
        "考勤.xlsx",
        vec![sheet(
            "考勤",
            vec![
                vec![S("日期"), S("活动名称"), S("大厅"), S("人员"), S("考勤")],
                vec![D(2025, 2, 1), S("例会"), S("甲大厅"), S("张三"), S("迟到")],
                vec![D(2025, 2, 1), S("例会"), S("甲大厅"), S("张三"), S("缺席")],
                vec![D(2025, 2, 1), S("例会"), S("甲大厅"), S("李四"), S("早退")],
            ],
        )],
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "考勤.xlsx|考勤|E3",
        "与 考勤.xlsx 考勤!E2 记录的“迟到”矛盾",
    );
    assert_one(&e, "考勤.xlsx|考勤|E4", "“考勤”应为");
}

#[test]
fn bad_settings_files() {
    let f = Folder::new("diag-settings");
    f.write(
        "kaohe.toml",
        "year = \"二〇二五\"\nissuer = \"x\"\ncolor = 1\n[[hall]]\nname = \"甲大厅\"\n",
    );
    f.write(
        "rubric.toml",
        &kaohe::rubric::BUILTIN.replace("recommend_count = 4", "recommend_count = \"four\""),
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "kaohe.toml|-|-", "设置项 year 应为整数，实际为文本");
    assert_one(&e, "kaohe.toml|-|-", "未知的设置项 color");
    assert_one(&e, "rubric.toml|-|-", "recommend_count");
    assert_eq!(ev.scores.year, None);
}

#[test]
fn missing_kaohe_toml() {
    let f = Folder::new("diag-no-config");
    let ev = f.eval();
    assert_one(&errors(&ev), "kaohe.toml|-|-", "缺少 kaohe.toml");
}

#[test]
fn a_rubric_value_beyond_any_sensible_size_is_an_error_not_a_panic() {
    let f = Folder::with_halls("diag-rubric-huge", 2);
    let huge = "79228162514264337593543950335";
    let first_max = kaohe::rubric::BUILTIN
        .lines()
        .find(|l| l.trim_start().starts_with("max = "))
        .expect("an item maximum")
        .to_string();
    f.write(
        "rubric.toml",
        &kaohe::rubric::BUILTIN.replacen(&first_max, &format!("max = \"{huge}\""), 1),
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(&e, "rubric.toml|-|-", "超出范围：绝对值应小于 1000000");
}
