//! Every scoring rule of the scheme (办事大厅服务考核指导方案, as `src/rubric.toml` encodes it)
//! against hand-computed numbers.

use crate::support::*;

#[test]
fn full_marks_and_assessed_scores() {
    let f = Folder::new("rules-basic");
    f.config(2, "");
    f.form("甲大厅", &[("1.2", 4.5), ("2.3", 5.25)]);
    f.form("乙大厅", &[]);
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // 99 − 0.5 − 0.75 (4.3 is 4 in the standard form)
    assert_eq!(hall(&ev, "甲大厅").total, dec("97.75"));
    assert_eq!(item(&ev, "甲大厅", "1.2"), dec("4.5"));
    assert_eq!(hall(&ev, "乙大厅").total, dec("99"));
    assert_eq!(hall(&ev, "乙大厅").rank, 1);
    assert_eq!(
        hall(&ev, "甲大厅").sections,
        vec![
            (1, dec("19.5")),
            (2, dec("29.25")),
            (3, dec("30")),
            (4, dec("19"))
        ]
    );
}

#[test]
fn inspections_deduct_from_their_item_down_to_zero() {
    let f = Folder::with_halls("rules-floor", 1);
    f.form("甲大厅", &[("3.5", 1.0)]);
    f.book(
        "检查.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                inspection_header(),
                vec![
                    D(2025, 3, 5),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("玩手机"),
                    S("3.5"),
                    N(0.8),
                    S("否"),
                ],
                vec![
                    D(2025, 4, 7),
                    S("市级"),
                    S("明察"),
                    S("甲大厅"),
                    S("未佩戴工作牌"),
                    S("3.5"),
                    N(0.5),
                    E,
                ],
                vec![
                    D(2025, 5, 9),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("告知单缺失"),
                    S("2.3"),
                    N(0.4),
                    E,
                ],
                vec![
                    D(2025, 6, 1),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("无"),
                    E,
                    E,
                    E,
                ],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    let h = hall(&ev, "甲大厅");
    // 3.5: max(0, 1 − 1.3) = 0, 0.3 cut off; 2.3: 6 − 0.4
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("0"));
    assert_eq!(item(&ev, "甲大厅", "2.3"), dec("5.6"));
    assert_eq!(h.cut_off, dec("0.3"));
    assert_eq!(h.total, dec("99") - dec("6") + dec("0") - dec("0.4"));
    assert_eq!(h.items[13].deductions.len(), 2);
    assert_eq!(h.items[13].deductions[1].source.cell(), "G3");
    assert!(!h.disqualified, "通报批评 blank means 否");
}

#[test]
fn attendance_deducts_from_4_1() {
    let f = Folder::with_halls("rules-attendance", 2);
    f.book(
        "考勤.xlsx",
        vec![sheet(
            "考勤",
            vec![
                vec![S("日期"), S("活动名称"), S("大厅"), S("考勤")],
                vec![D(2025, 2, 1), S("一月例会"), S("甲大厅"), S("迟到")],
                vec![D(2025, 2, 1), S("一月例会"), S("甲大厅"), S("迟到")],
                vec![D(2025, 3, 1), S("二月例会"), S("甲大厅"), S("缺席")],
                vec![D(2025, 3, 1), S("二月例会"), S("乙大厅"), S("请假")],
                vec![D(2025, 3, 1), S("二月例会"), S("乙大厅"), S("出席")],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // Without a person column two late rows are two people: 10 − 0.1 − 0.1 − 0.5
    assert_eq!(item(&ev, "甲大厅", "4.1"), dec("9.3"));
    assert_eq!(item(&ev, "乙大厅", "4.1"), dec("10"));
}

#[test]
fn attendance_with_persons_counts_a_repeated_row_once() {
    let f = Folder::with_halls("rules-attendance-person", 1);
    f.book(
        "考勤.xlsx",
        vec![sheet(
            "考勤",
            vec![
                vec![
                    S("日期"),
                    S("会议名称"),
                    S("单位"),
                    S("姓名"),
                    S("考勤情况"),
                ],
                vec![
                    D(2025, 2, 1),
                    S("一月例会"),
                    S("甲大厅"),
                    S("张三"),
                    S("迟到"),
                ],
                vec![
                    D(2025, 2, 1),
                    S("一月例会"),
                    S("甲大厅"),
                    S("张三"),
                    S("迟到"),
                ],
                vec![
                    D(2025, 2, 1),
                    S("一月例会"),
                    S("甲大厅"),
                    S("李四"),
                    S("迟到"),
                ],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(item(&ev, "甲大厅", "4.1"), dec("9.8"));
    assert_one(&warnings(&ev), "考勤.xlsx|考勤|C3", "重复");
}

#[test]
fn articles_bonus_and_one_article_many_outlets() {
    let f = Folder::with_halls("rules-articles", 1);
    let row = |t: &'static str, cat: &'static str, m: u8| {
        vec![S("甲大厅"), S(t), S("某媒体"), S(cat), D(2025, m, 10)]
    };
    f.book(
        "稿件.xlsx",
        vec![sheet(
            "稿件",
            vec![
                vec![
                    S("大厅"),
                    S("稿件标题"),
                    S("刊登媒体"),
                    S("媒体类别"),
                    S("刊登日期"),
                ],
                row("一", "日报", 1),
                row("二", "日报", 2),
                row("三", "电视台", 3),
                row("四", "广播", 4),
                row("五", "日报", 5),
                row("六", "电视台", 6),
                // 一稿多投: the same title in two outlets counts once, in its highest category
                row("《七》：便民！", "日报", 7),
                row("七 便民", "部级报刊", 7),
                row("八", "省级报刊", 8),
                row("九", "简报", 9),
                row("十", "简报", 10),
                // out of the year: dropped with a warning
                vec![S("甲大厅"), S("十一"), E, S("日报"), D(2026, 1, 2)],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // City media: 一 二 三 四 五 六 = 6 → 2 beyond 4 → 0.4; 七 as 部级 0.5; 八 省级 0.5
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("1.4"));
    assert_eq!(hall(&ev, "甲大厅").total, dec("100.4"));
    assert_one(&warnings(&ev), "稿件.xlsx|稿件|E13", "不在考核年度 2025 内");
    let dup = hall(&ev, "甲大厅")
        .bonus_lines
        .iter()
        .filter(|b| !b.counted)
        .count();
    assert_eq!(dup, 1);
}

#[test]
fn quota_not_met_with_full_marks_warns() {
    let f = Folder::with_halls("rules-quota", 1);
    f.form("甲大厅", &[("4.3", 5.0)]);
    f.book(
        "稿件.xlsx",
        vec![sheet(
            "稿件",
            vec![
                vec![S("大厅"), S("标题"), S("类别"), S("日期")],
                vec![S("甲大厅"), S("一"), S("日报"), D(2025, 1, 1)],
                vec![S("甲大厅"), S("二"), S("电视台"), D(2025, 1, 1)],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_one(
        &warnings(&ev),
        "自查/甲大厅.xlsx|自查评分表|E19",
        "稿件数量未达到要求",
    );
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("0"));
}

fn honour_book(f: &Folder, rows: Vec<Vec<V>>) {
    let mut all = vec![vec![
        S("大厅"),
        S("荣誉名称"),
        S("授予单位"),
        S("级别"),
        S("类型"),
        S("获奖人"),
        S("文号"),
        S("授予日期"),
    ]];
    all.extend(rows);
    f.book("表彰.xlsx", vec![sheet("表彰", all)]);
}

#[test]
fn honours_by_level_of_the_issuing_authority() {
    let f = Folder::new("rules-honours");
    f.config(
        2,
        "\n[authority_levels]\n\"示例省示例市人民政府\" = \"市级\"\n",
    );
    f.form("甲大厅", &[]);
    f.form("乙大厅", &[]);
    let r =
        |h: &'static str, t: &'static str, a: &'static str, l: V, k: &'static str, p: V, d: V| {
            vec![S(h), S(t), S(a), l, S(k), p, S("文1"), d]
        };
    honour_book(
        &f,
        vec![
            r(
                "甲大厅",
                "全国青年文明号",
                "共青团中央",
                S("部级"),
                "集体",
                E,
                D(2025, 5, 4),
            ),
            r(
                "甲大厅",
                "先进个人",
                "示例省人民政府",
                E,
                "个人",
                S("张三"),
                D(2025, 6, 1),
            ),
            r(
                "甲大厅",
                "文明窗口",
                "示例省示例市人民政府",
                S("市级"),
                "集体",
                E,
                D(2025, 7, 1),
            ),
            r(
                "甲大厅",
                "服务标兵",
                "示例市人民政府",
                E,
                "个人",
                S("李四"),
                S("2025年8月1日"),
            ),
            // 市 comes before 区 in the inference rules, so a district body is named without its city
            r(
                "甲大厅",
                "区级先进",
                "东城区人民政府",
                S("区级"),
                "集体",
                E,
                D(2025, 9, 1),
            ),
            r(
                "甲大厅",
                "去年的荣誉",
                "人力资源社会保障部",
                E,
                "集体",
                E,
                D(2024, 12, 31),
            ),
            r(
                "乙大厅",
                "技能能手",
                "人力资源社会保障部",
                E,
                "个人",
                S("王五"),
                D(2025, 3, 3),
            ),
            // the same honour claimed twice
            r(
                "乙大厅",
                "技能能手",
                "人力资源社会保障部",
                E,
                "个人",
                S("王五"),
                D(2025, 3, 3),
            ),
        ],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // 部级集体 5 + 省级个人 1 + 市级集体 1 (by authority_levels, not 省) + 市级个人 0.5 + 区级 0
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("7.5"));
    // 部级个人 3, counted once
    assert_eq!(hall(&ev, "乙大厅").bonus, dec("3"));
    let w = warnings(&ev);
    assert_one(&w, "表彰.xlsx|表彰|D6", "不加分");
    assert_one(&w, "表彰.xlsx|表彰|H7", "不在考核年度");
    assert_one(&w, "表彰.xlsx|表彰|A9", "只计一次");
}

#[test]
fn honour_level_contradicting_the_authority_is_an_error() {
    let f = Folder::with_halls("rules-honour-contradiction", 1);
    honour_book(
        &f,
        vec![
            vec![
                S("甲大厅"),
                S("先进集体"),
                S("示例市人民政府"),
                S("省级"),
                S("集体"),
                E,
                E,
                D(2025, 5, 4),
            ],
            vec![
                S("甲大厅"),
                S("优秀"),
                S("某某协会"),
                E,
                S("集体"),
                E,
                E,
                D(2025, 5, 4),
            ],
            vec![
                S("甲大厅"),
                S("标兵"),
                S("某某协会"),
                E,
                S("个人"),
                E,
                E,
                D(2025, 5, 4),
            ],
        ],
    );
    let ev = f.eval();
    let e = errors(&ev);
    assert_one(
        &e,
        "表彰.xlsx|表彰|D2",
        "与授予单位“示例市人民政府”的行政级别（市级）不符",
    );
    assert_one(
        &e,
        "表彰.xlsx|表彰|D3",
        "无法从授予单位“某某协会”判断表彰级别",
    );
    assert_one(&e, "表彰.xlsx|表彰|F4", "个人表彰须填写“获奖人”");
}

#[test]
fn duplicate_honour_with_different_details_is_an_error() {
    let f = Folder::with_halls("rules-honour-dup", 1);
    honour_book(
        &f,
        vec![
            vec![
                S("甲大厅"),
                S("先进集体"),
                S("示例市人民政府"),
                E,
                S("集体"),
                E,
                S("示政〔2025〕1号"),
                D(2025, 5, 4),
            ],
            vec![
                S("甲大厅"),
                S("先进集体"),
                S("示例省人民政府"),
                E,
                S("集体"),
                E,
                S("示政〔2025〕1号"),
                D(2025, 5, 4),
            ],
        ],
    );
    let ev = f.eval();
    assert_one(&errors(&ev), "表彰.xlsx|表彰|A3", "表彰.xlsx 表彰!A2");
}

#[test]
fn red_flags_and_prizes() {
    let f = Folder::with_halls("rules-flags-prizes", 1);
    f.book(
        "加分.xlsx",
        vec![
            sheet(
                "流动红旗",
                vec![
                    vec![S("大厅"), S("季度"), S("年度")],
                    vec![S("甲大厅"), S("第一季度"), N(2025.0)],
                    vec![S("甲大厅"), S("Q3"), S("2025年")],
                    vec![S("甲大厅"), N(3.0), E],
                    vec![S("甲大厅"), S("4季度"), S("2024年度")],
                ],
            ),
            sheet(
                "竞赛",
                vec![
                    vec![
                        S("单位"),
                        S("竞赛名称"),
                        S("名次"),
                        S("主办单位"),
                        S("获奖日期"),
                    ],
                    vec![
                        S("甲大厅"),
                        S("业务技能竞赛"),
                        S("一等奖"),
                        S("示例市行政服务管理委员会"),
                        D(2025, 6, 1),
                    ],
                    vec![S("甲大厅"), S("礼仪竞赛"), S("三等奖"), E, E],
                    vec![
                        S("甲大厅"),
                        S("演讲比赛"),
                        S("二等奖"),
                        S("示例市总工会"),
                        D(2025, 6, 1),
                    ],
                ],
            ),
        ],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // flags Q1 + Q3 = 1.0; prizes 0.3 + 0.1 (the union's competition gives 0)
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("1.4"));
    let w = warnings(&ev);
    assert_one(&w, "加分.xlsx|流动红旗|A4", "只计一次");
    assert_one(&w, "加分.xlsx|流动红旗|C5", "2024");
    assert_one(&w, "加分.xlsx|竞赛|D4", "计 0 分");
}

#[test]
fn bonus_cap_from_the_rubric() {
    let f = Folder::with_halls("rules-cap", 1);
    let rubric = kaohe::rubric::BUILTIN.replace("# bonus_cap = \"10\"", "bonus_cap = \"0.6\"");
    f.write("rubric.toml", &rubric);
    f.book(
        "红旗.xlsx",
        vec![sheet(
            "红旗",
            vec![
                vec![S("大厅"), S("季度")],
                vec![S("甲大厅"), N(1.0)],
                vec![S("甲大厅"), N(2.0)],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(hall(&ev, "甲大厅").bonus_claimed, dec("1"));
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("0.6"));
}

#[test]
fn ranks_disqualification_and_recommendation_with_a_tie() {
    let f = Folder::new("rules-rank");
    f.config(6, "");
    // totals: 甲 99, 乙 98, 丙 98, 丁 97, 戊 96, 己 96
    f.form("甲大厅", &[("1.1", 4.0)]);
    f.form("乙大厅", &[("1.1", 3.0)]);
    f.form("丙大厅", &[("1.1", 3.0)]);
    f.form("丁大厅", &[("1.1", 2.0)]);
    f.form("戊大厅", &[("1.1", 1.0)]);
    f.form("己大厅", &[("1.1", 1.0)]);
    f.book(
        "检查.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                inspection_header(),
                // 省级通报批评 disqualifies 甲 (the deduction 0 keeps its total)
                vec![
                    D(2025, 3, 5),
                    S("省级"),
                    S("暗访"),
                    S("甲大厅"),
                    S("脱岗"),
                    S("3.1"),
                    N(0.0),
                    S("是"),
                ],
                // 委内通报批评 does not disqualify
                vec![
                    D(2025, 3, 5),
                    S("委内"),
                    S("暗访"),
                    S("乙大厅"),
                    S("脱岗"),
                    S("3.1"),
                    N(0.0),
                    S("是"),
                ],
            ],
        )],
    );
    f.book(
        "否决.xlsx",
        vec![sheet(
            "否决",
            vec![
                vec![S("大厅"), S("事项"), S("类别")],
                vec![S("丁大厅"), S("违反廉政规定"), S("党风廉政")],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    let order: Vec<(&str, usize)> = ev
        .scores
        .halls
        .iter()
        .map(|h| (h.name.as_str(), h.rank))
        .collect();
    assert_eq!(
        order,
        vec![
            ("甲大厅", 1),
            ("乙大厅", 2),
            ("丙大厅", 2),
            ("丁大厅", 4),
            ("戊大厅", 5),
            ("己大厅", 5)
        ]
    );
    assert!(hall(&ev, "甲大厅").disqualified && hall(&ev, "丁大厅").disqualified);
    // reasons are printed in the circular: dates as documents write them
    assert_eq!(
        hall(&ev, "甲大厅").reasons,
        vec!["2025年3月5日被省级明察暗访通报批评：脱岗".to_string()]
    );
    assert_eq!(
        hall(&ev, "丁大厅").reasons,
        vec!["党风廉政：违反廉政规定".to_string()]
    );
    // eligible: 乙 丙 戊 己 → exactly 4, no tie
    let rec: Vec<&str> = ev
        .scores
        .halls
        .iter()
        .filter(|h| h.recommended)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(rec, vec!["乙大厅", "丙大厅", "戊大厅", "己大厅"]);
    assert!(!ev.scores.tie_at_boundary);
}

#[test]
fn tie_straddling_the_last_place_recommends_all_and_warns() {
    let f = Folder::new("rules-tie");
    f.config(6, "");
    for (h, v) in HALLS.iter().zip([5.0, 4.0, 3.0, 2.0, 2.0, 1.0]) {
        f.form(h, &[("1.1", v)]);
    }
    let ev = f.eval();
    let rec: Vec<&str> = ev
        .scores
        .halls
        .iter()
        .filter(|h| h.recommended)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(rec, vec!["甲大厅", "乙大厅", "丙大厅", "丁大厅", "戊大厅"]);
    assert!(ev.scores.tie_at_boundary);
    assert_one(
        &warnings(&ev),
        "-|-|-",
        "丁大厅、戊大厅 总分均为 96，按规则一并推荐，拟推荐的大厅因此共 5 个：甲大厅、乙大厅、丙大厅、丁大厅、戊大厅",
    );
    // A tie among totals built on input errors means nothing: no warning then.
    f.write("坏.xlsx", "not a workbook");
    let ev = f.eval();
    assert!(!errors(&ev).is_empty());
    assert!(ev.scores.tie_at_boundary);
    assert!(
        warnings(&ev).iter().all(|w| !w.contains("并列")),
        "{:?}",
        warnings(&ev)
    );
}

#[test]
fn self_score_used_when_not_assessed() {
    let f = Folder::with_halls("rules-unreviewed", 1);
    let mut rows = vec![
        vec![S("填报单位"), S("甲大厅")],
        vec![S("编号"), S("分值"), S("自评得分"), S("考核得分")],
    ];
    for (code, max) in ITEMS {
        let assessed = if code == "2.2" { E } else { N(max) };
        let own = if code == "2.2" { N(5.5) } else { N(max) };
        rows.push(vec![S(code), N(max), own, assessed]);
    }
    f.book("自查/甲大厅.xlsx", vec![sheet("自查评分表", rows)]);
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(item(&ev, "甲大厅", "2.2"), dec("5.5"));
    assert_one(
        &warnings(&ev),
        "自查/甲大厅.xlsx|自查评分表|D8",
        "考核组尚未评定 1 个项目（2.2）：考核得分为空，以自评得分计",
    );
    // A form filled as instructed, 考核得分 left to the 考核组: one warning, not seventeen.
    let mut rows = vec![
        vec![S("填报单位"), S("甲大厅")],
        vec![S("编号"), S("分值"), S("自评得分"), S("考核得分")],
    ];
    for (code, max) in ITEMS {
        rows.push(vec![S(code), N(max), N(max), E]);
    }
    f.book("自查/甲大厅.xlsx", vec![sheet("自查评分表", rows)]);
    let ev = f.eval();
    let w: Vec<String> = warnings(&ev)
        .into_iter()
        .filter(|w| w.contains("考核组尚未评定"))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("全部 17 个项目"), "{w:?}");
}

#[test]
fn every_problem_of_a_row_in_one_pass_and_plain_wording() {
    let f = Folder::with_halls("rules-one-pass", 1);
    f.book(
        "检查.xlsx",
        vec![sheet(
            "检查",
            vec![
                inspection_header(),
                // an error (unknown level) and a date outside the year, in one row
                vec![
                    D(2024, 12, 30),
                    S("县级"),
                    S("明察"),
                    S("甲大厅"),
                    S("离岗"),
                    S("2.1"),
                    N(0.5),
                    S("否"),
                ],
                // a deduction beyond the item's 分值
                vec![
                    D(2025, 5, 6),
                    S("市级"),
                    S("明察"),
                    S("甲大厅"),
                    S("离岗"),
                    S("2.1"),
                    N(15.0),
                    S("否"),
                ],
            ],
        )],
    );
    let mut rows = vec![
        vec![S("填报单位"), S("甲大厅")],
        vec![S("编号"), S("分值"), S("自评得分"), S("考核得分")],
    ];
    for (code, max) in ITEMS {
        let own = if code == "1.1" { N(-1.0) } else { N(max) };
        rows.push(vec![S(code), N(max), own, N(max)]);
    }
    f.book("自查/甲大厅.xlsx", vec![sheet("自查评分表", rows)]);
    let ev = f.eval();
    let e = errors(&ev);
    let w = warnings(&ev);
    assert_one(&e, "检查.xlsx|检查|B2", "检查层级");
    assert_one(
        &w,
        "检查.xlsx|检查|A2",
        "日期 2024-12-30 不在考核年度 2025 内：本行改正错误后也不计入",
    );
    assert_one(&w, "检查.xlsx|检查|G3", "扣分 15 超过项目 2.1 的分值 6");
    assert_one(
        &e,
        "自查/甲大厅.xlsx|自查评分表|C3",
        "自评得分 -1 不能为负数",
    );
    assert_eq!(item(&ev, "甲大厅", "2.1"), dec("0"));
}

#[test]
fn records_outside_the_year_are_not_counted_at_all() {
    let f = Folder::with_halls("rules-out-of-year", 1);
    f.book(
        "检查.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                inspection_header(),
                vec![
                    D(2024, 12, 30),
                    S("省级"),
                    S("暗访"),
                    S("甲大厅"),
                    S("脱岗"),
                    S("3.1"),
                    N(1.0),
                    S("是"),
                ],
            ],
        )],
    );
    let ev = f.eval();
    assert_eq!(hall(&ev, "甲大厅").total, dec("99"));
    assert!(!hall(&ev, "甲大厅").disqualified);
    assert_one(
        &warnings(&ev),
        "检查.xlsx|检查记录|A2",
        "2024-12-30 不在考核年度 2025 内",
    );
}
