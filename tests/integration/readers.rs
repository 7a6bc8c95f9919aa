//! Readers on workbooks in the messy forms clerks really send.

use crate::support::*;

/// A self-check form as a clerk sends it: title merged over the columns, labels split across
/// cells, header text with spaces and line breaks, synonyms, section captions, full-width
/// digits, `5分`, variant item codes, a formula total, footer lines.
#[test]
fn messy_self_check_form() {
    let f = Folder::new("read-messy-form");
    f.config(1, "");
    let mut rows = vec![
        vec![S("2025年度专业办事大厅窗口服务工作考核自查评分表")],
        vec![E],
        vec![
            S("填报单位（盖章）："),
            E,
            S("甲 大厅"),
            S("考核年度"),
            N(2025.0),
            S("考核期间：全年"),
        ],
        vec![
            S("序 号"),
            S("考核\n内容"),
            S("标准分"),
            S("自 评 得 分"),
            S("考核组评分"),
            S("备注"),
        ],
    ];
    let codes = ["1-1", "一.2", "（一）3", "(一)4"];
    rows.push(vec![S("（一）围绕中心工作，服务发展大局（20分）")]);
    for (i, (code, max)) in ITEMS.iter().enumerate() {
        if i == 4 {
            rows.push(vec![S("（二）强化内部管理"), E, N(30.0)]);
        }
        let code = if i < 4 {
            V::S(codes[i])
        } else if i == 4 {
            N(2.1)
        } else {
            S(code)
        };
        let own = match i {
            0 => S("５"),
            1 => S("4.5分"),
            _ => N(*max),
        };
        rows.push(vec![
            code,
            S("……"),
            N(*max),
            own,
            N(*max - if i == 1 { 0.5 } else { 0.0 }),
            E,
        ]);
    }
    rows.push(vec![
        S("合 计"),
        E,
        F("=SUM(C6:C25)", "100"),
        N(99.5),
        N(99.0),
    ]);
    rows.push(vec![S("填表人：张三"), E, S("审核人：李四")]);
    rows.push(vec![S("注：考核得分由考核组填写")]);
    f.book(
        "年终/甲.xlsx",
        vec![sheet("Sheet1", rows).merged((0, 0, 0, 5))],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(item(&ev, "甲大厅", "1.1"), dec("5"));
    assert_eq!(item(&ev, "甲大厅", "1.2"), dec("4.5"));
    assert_eq!(hall(&ev, "甲大厅").total, dec("99.5"));
    // 合计: 自评 sum is 99.5 (matches), 考核 sum is 99.5 but the row says 99
    let w = warnings(&ev);
    assert_one(
        &w,
        "年终/甲.xlsx|Sheet1|E24",
        "合计行的“考核得分”为 99，与上方数据行之和 99.5 不符",
    );
    assert_one(
        &w,
        "年终/甲.xlsx|Sheet1|E23",
        "项目 4.3 得满分 5，但稿件数量未达到要求",
    );
    assert_eq!(w.len(), 2, "{w:?}");
    let form = &ev.data.forms[0];
    assert_eq!(form.src.cell(), "C3");
    assert_eq!(form.rows[0].self_src.cell(), "D6");
}

/// An inspection log with a title, merged hall cells, dates in every accepted form, a 小计 row
/// and a short note row.
#[test]
fn messy_inspection_log() {
    let f = Folder::with_halls("read-messy-inspections", 2);
    let rows = vec![
        vec![S("2025年3月明察暗访记录")],
        vec![
            S("检查\n日期"),
            S("层 级"),
            S("方式"),
            S("被检查单位"),
            S("窗口/人员"),
            S("存在问题"),
            S("项目编号"),
            S("扣分"),
            S("通报批评"),
            S("检查人"),
        ],
        vec![
            D(2025, 3, 3),
            S("委内"),
            S("暗访"),
            S("甲大厅"),
            S("3号窗口"),
            S("玩手机"),
            S("３．５"),
            S("0.5分"),
            S("否"),
            S("王"),
        ],
        vec![
            S("2025/3/4"),
            S("委内"),
            S("明察"),
            E,
            E,
            S("告知单缺失"),
            N(2.3),
            S("０．２"),
            E,
            E,
        ],
        vec![
            S("2025.3.5"),
            S("市级"),
            S("集中抽查"),
            S("乙大厅"),
            E,
            S("无问题"),
            E,
            E,
            E,
            E,
        ],
        vec![
            S("2025年3月6日"),
            S("委内"),
            S("暗访"),
            S("乙大厅"),
            E,
            S("脱岗"),
            S("1-1"),
            N(1.0),
            E,
            E,
        ],
        vec![
            N(20250307.0),
            S("委内"),
            S("暗访"),
            S("乙大厅"),
            E,
            S("未着装"),
            S("3.5"),
            N(0.1),
            E,
            E,
        ],
        vec![S("小计"), E, E, E, E, E, E, N(1.8), E, E],
        vec![E, E, S("以下为复查")],
        vec![
            S("2025-03-20"),
            S("委内"),
            S("暗访"),
            S("甲 大 厅"),
            E,
            S("未发现问题"),
            E,
            N(0.0),
            E,
            E,
        ],
    ];
    // 甲大厅 merged over rows 3–4 (0-based 2–3)
    f.book(
        "检查/三月.xlsx",
        vec![sheet("三月", rows).merged((2, 3, 3, 3))],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(ev.data.inspections.len(), 6);
    assert_eq!(item(&ev, "甲大厅", "3.5"), dec("5.5"));
    assert_eq!(item(&ev, "甲大厅", "2.3"), dec("5.8"));
    assert_eq!(item(&ev, "乙大厅", "1.1"), dec("4"));
    assert_eq!(item(&ev, "乙大厅", "3.5"), dec("5.9"));
    let dates: Vec<String> = ev
        .data
        .inspections
        .iter()
        .map(|i| i.date.to_string())
        .collect();
    assert_eq!(
        dates[..5],
        [
            "2025-03-03",
            "2025-03-04",
            "2025-03-05",
            "2025-03-06",
            "2025-03-07"
        ]
    );
    assert!(
        warnings(&ev).is_empty(),
        "小计 1.8 equals 0.5+0.2+1+0.1: {:?}",
        warnings(&ev)
    );
    let notices = diags(&ev, kaohe::Severity::Notice);
    assert_one(&notices, "检查/三月.xlsx|三月|A9", "只有一个单元格有内容");
}

#[test]
fn kind_with_more_required_headers_wins() {
    // A 检查记录 sheet with a 季度 column is not a 流动红旗 sheet.
    let f = Folder::with_halls("read-kind-choice", 1);
    let mut header = inspection_header();
    header.push(S("季度"));
    f.book(
        "检查.xlsx",
        vec![sheet(
            "记录",
            vec![
                header,
                vec![
                    D(2025, 3, 5),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("玩手机"),
                    S("3.5"),
                    N(1.0),
                    S("否"),
                    S("一季度"),
                ],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(ev.data.inspections.len(), 1);
    assert!(ev.data.red_flags.is_empty());
}

#[test]
fn other_sheet_kinds_with_synonyms() {
    let f = Folder::with_halls("read-synonyms", 1);
    f.book(
        "加分.xlsx",
        vec![
            sheet(
                "荣誉",
                vec![
                    vec![
                        S("单位"),
                        S("表彰名称"),
                        S("落款单位"),
                        S("类型"),
                        S("姓名"),
                        S("表彰文号"),
                        S("表彰日期"),
                    ],
                    vec![
                        S("甲大厅"),
                        S("先进集体"),
                        S("示例市人民政府"),
                        S("集体"),
                        E,
                        S("示政发〔2025〕3号"),
                        S("20250601"),
                    ],
                ],
            ),
            sheet(
                "稿件",
                vec![
                    vec![S("单位"), S("题目"), S("媒体"), S("类别"), S("日期")],
                    vec![
                        S("甲大厅"),
                        S("标题"),
                        S("示例日报"),
                        S("省级报刊"),
                        S("2025/6/1"),
                    ],
                ],
            ),
            sheet(
                "否决",
                vec![
                    vec![S("单位"), S("问题"), S("类别"), S("日期")],
                    vec![S("甲大厅"), S("被通报"), S("通报批评"), D(2025, 1, 1)],
                ],
            ),
        ],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    // 市级集体 1 + 省级报刊 0.5
    assert_eq!(hall(&ev, "甲大厅").bonus, dec("1.5"));
    assert!(hall(&ev, "甲大厅").disqualified);
}

#[test]
fn aliases_and_spacing_in_hall_names() {
    let f = Folder::new("read-aliases");
    f.config(1, "");
    f.write(
        "kaohe.toml",
        "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n[[hall]]\nname = \"不动产登记大厅\"\naliases = [\"不动产大厅\"]\n",
    );
    f.form("不动产大厅", &[]);
    f.book(
        "红旗.xlsx",
        vec![sheet(
            "红旗",
            vec![
                vec![S("大厅"), S("季度")],
                vec![S("不动产　登记大厅"), S("Q2")],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(hall(&ev, "不动产登记大厅").bonus, dec("0.5"));
}

#[test]
fn xls_and_ods_workbooks_are_read() {
    for kind in ["xls", "ods"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(kind);
        let ev = kaohe::evaluate(&dir).expect("fixture folder");
        assert!(errors(&ev).is_empty(), "{kind}: {:?}", errors(&ev));
        let h = hall(&ev, "不动产登记大厅");
        assert_eq!(h.total, dec("98"), "{kind}");
        assert_eq!(item(&ev, "不动产登记大厅", "1.2"), dec("4.5"), "{kind}");
        assert_eq!(item(&ev, "不动产登记大厅", "3.5"), dec("5.5"), "{kind}");
        assert_eq!(ev.data.inspections.len(), 2, "{kind}");
        assert_eq!(
            ev.data.inspections[0].date.to_string(),
            "2025-03-05",
            "{kind}"
        );
    }
}
