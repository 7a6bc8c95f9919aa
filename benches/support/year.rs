//! A synthetic, valid assessment year of any number of halls, with the row counts of a real
//! year per hall: 17 self-check items, ~24 inspection records (two a month), ~40 attendance
//! rows (ten meetings, four people) and ~10 bonus claims. Shared by the benchmark and
//! `examples/make_year.rs`; the same arguments give the same workbooks.

use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

pub type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Bump when the generated content changes, so that stale folders are not reused.
pub const GENERATOR: u32 = 2;
const YEAR: u16 = 2025;
const ISSUER: &str = "示例市行政服务管理委员会";
const CODES: [&str; 17] = [
    "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4",
    "3.5", "4.1", "4.2", "4.3",
];
const MAXES: [u32; 17] = [5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 10, 5, 5];

/// One cell of a generated row.
enum V {
    S(String),
    N(f64),
    /// A date cell in `YEAR`: (month, day).
    D(usize, usize),
    Blank,
}
type Row = Vec<V>;

fn s(text: impl Into<String>) -> V {
    V::S(text.into())
}

fn hall(i: usize) -> String {
    format!("第{:04}号办事大厅", i + 1)
}

/// A date in `YEAR` spread over the months by `j`.
fn date(j: usize) -> V {
    V::D(j % 12 + 1, j * 7 % 28 + 1)
}

fn write_rows(ws: &mut Worksheet, first: u32, rows: &[Row]) -> Res {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in (first..).zip(rows) {
        for (c, v) in (0..).zip(row) {
            match v {
                V::S(t) => ws.write(r, c, t)?,
                V::N(n) => ws.write(r, c, *n)?,
                V::D(m, d) => {
                    let day = ExcelDateTime::from_ymd(YEAR, *m as u8, *d as u8)?;
                    ws.write_with_format(r, c, day, &date)?
                }
                V::Blank => continue,
            };
        }
    }
    Ok(())
}

/// Writes a workbook with one sheet per (name, space-separated header, data rows).
fn book(path: &Path, sheets: &[(&str, &str, Vec<Row>)]) -> Res {
    let mut wb = Workbook::new();
    for (name, header, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name)?;
        ws.write_row(0, 0, header.split(' '))?;
        write_rows(ws, 1, rows)?;
    }
    wb.save(path)?;
    Ok(())
}

/// The year-end self-check form of hall `i`: merged title, 填报单位 label row, header, 17 items.
fn self_check(path: &Path, i: usize) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("自查评分表")?;
    let title = format!("{YEAR}年度考核自查评分表");
    ws.merge_range(0, 0, 0, 3, &title, &Format::new().set_bold())?;
    let label = match i % 2 {
        0 => vec![s(format!("填报单位：{}", hall(i)))],
        _ => vec![s("填报单位"), s(hall(i)), s("考核年度"), V::N(YEAR.into())],
    };
    write_rows(ws, 1, &[label])?;
    ws.write_row(2, 0, ["编号", "分值", "自评得分", "考核得分"])?;
    let items: Vec<Row> = (0..CODES.len())
        .map(|k| {
            let max = f64::from(MAXES[k]);
            let own = max - 0.5 * ((i + k) % 3) as f64;
            let assessed = max - 0.5 * ((i * 7 + k * 3) % 5) as f64;
            vec![s(CODES[k]), V::N(max), V::N(own), V::N(assessed)]
        })
        .collect();
    write_rows(ws, 3, &items)?;
    wb.save(path)?;
    Ok(())
}

/// Two inspection records per hall a month, one workbook per month; one visit in five finds a
/// problem.
fn inspections(dir: &Path, halls: usize) -> Res {
    let header = "检查日期 检查层级 检查方式 大厅 发现问题 考核项目 扣分 通报批评";
    for m in 0..12 {
        let rows: Vec<Row> = (0..2 * halls)
            .map(|k| {
                let n = m * 2 * halls + k;
                let level = ["委内", "市级", "省级"][n % 3];
                let method = ["明察", "暗访", "集中抽查"][n % 4 % 3];
                let day = V::D(m + 1, (k * 13) % 28 + 1);
                let mut row = vec![day, s(level), s(method), s(hall(k / 2))];
                if n % 5 != 1 {
                    // Nothing found: 发现问题 blank or 无, no item, no deduction.
                    let none = if n.is_multiple_of(2) {
                        V::Blank
                    } else {
                        s("无")
                    };
                    row.extend([none, V::Blank, V::Blank]);
                } else {
                    let deduction = V::N(0.1 * (1 + n % 5) as f64);
                    let problem = [
                        "工作人员离岗",
                        "未执行一次性告知制度",
                        "窗口工作人员着装不规范",
                    ][n % 3];
                    row.extend([s(problem), s(CODES[n % 17]), deduction]);
                }
                row.push(match n % 97 {
                    1 => s("是"),
                    _ if n.is_multiple_of(5) => V::Blank,
                    _ => s("否"),
                });
                row
            })
            .collect();
        let path = dir.join(format!("{YEAR}年{:02}月检查记录.xlsx", m + 1));
        book(&path, &[("检查记录", header, rows)])?;
    }
    Ok(())
}

/// Forty rows per hall: four people at each of ten monthly meetings, mostly present.
fn attendance(path: &Path, halls: usize) -> Res {
    let rows: Vec<Row> = (0..halls)
        .flat_map(|i| (0..10).flat_map(move |m| (0..4).map(move |p| (i, m, p))))
        .map(|(i, m, p)| {
            let n = i * 40 + m * 4 + p;
            let state = ["迟到", "缺席", "请假"].get(n % 50).unwrap_or(&"出席");
            let meeting = format!("{YEAR}年第{}次工作例会", m + 1);
            let person = format!("工作人员{}", p + 1);
            vec![
                V::D(m + 1, 10),
                s(meeting),
                s(hall(i)),
                s(person),
                s(*state),
            ]
        })
        .collect();
    book(path, &[("会议考勤", "日期 活动名称 大厅 人员 考勤", rows)])
}

/// One workbook with the four bonus sheets, `n` rows each.
fn bonus(path: &Path, halls: usize, n: usize) -> Res {
    let authorities = [
        ("示例市人民政府", "市级"),
        ("示例省人民政府", "省级"),
        ("人力资源社会保障部", "部级"),
    ];
    let honours = (0..n).map(|j| {
        let (by, level) = authorities[j % 3];
        let level = if j % 4 == 3 { V::Blank } else { s(level) }; // inferred from 授予单位
        let (kind, who) = match j % 2 {
            0 => ("集体", V::Blank),
            _ => ("个人", s(format!("获奖人{j}"))),
        };
        let doc = format!("示政发〔{YEAR}〕{}号", j + 1);
        vec![
            s(hall(j * 7 % halls)),
            s(format!("文明服务窗口（第{}批）", j + 1)),
            s(by),
            level,
            s(kind),
            who,
            s(doc),
            date(j),
        ]
    });
    // Distinct halls within each quarter, so that no (hall, quarter) repeats.
    let flags = (0..n).map(|j| {
        let q = j % 4;
        let quarter = match j % 3 {
            0 => V::N((q + 1) as f64),
            1 => s(format!("第{}季度", ["一", "二", "三", "四"][q])),
            _ => s(format!("Q{}", q + 1)),
        };
        let year = if j % 2 == 0 {
            V::N(YEAR.into())
        } else {
            V::Blank
        };
        vec![s(hall((q * 31 + j / 4) % halls)), quarter, year]
    });
    let outlets = [
        ("示例日报", "日报"),
        ("示例电视台", "电视台"),
        ("示例广播电台", "广播"),
        ("行政服务工作简报", "简报"),
        ("示例省日报", "省级报刊"),
    ];
    let articles = (0..n).map(|j| {
        let (media, class) = outlets[j % outlets.len()];
        let title = format!("便民服务新举措之{j}");
        vec![
            s(hall(j * 3 % halls)),
            s(title),
            s(media),
            s(class),
            date(j),
        ]
    });
    let prizes = (0..n).map(|j| {
        let contest = format!("业务技能竞赛（第{}组）", j + 1);
        let place = ["一等奖", "二等奖", "三等奖"][j % 3];
        vec![
            s(hall(j * 11 % halls)),
            s(contest),
            s(place),
            s(ISSUER),
            date(j),
        ]
    });
    book(
        path,
        &[
            (
                "表彰",
                "大厅 荣誉名称 授予单位 级别 类型 获奖人 文号 授予日期",
                honours.collect(),
            ),
            ("流动红旗", "大厅 季度 年度", flags.collect()),
            (
                "稿件",
                "大厅 稿件标题 刊登媒体 媒体类别 刊登日期",
                articles.collect(),
            ),
            (
                "竞赛获奖",
                "大厅 竞赛名称 名次 主办单位 获奖日期",
                prizes.collect(),
            ),
        ],
    )
}

/// Writes the year folder into `dir`, via a staging folder so that a half-written one is never
/// reused.
pub fn generate(dir: &Path, halls: usize) -> Res {
    let staging = dir.with_extension("partial");
    let _ = fs::remove_dir_all(&staging);
    for sub in ["自查", "检查", "考勤", "加分"] {
        fs::create_dir_all(staging.join(sub))?;
    }
    let mut toml = format!("year = {YEAR}\nissuer = \"{ISSUER}\"\n");
    for i in 0..halls {
        toml += &format!("\n[[hall]]\nname = \"{}\"\n", hall(i));
        self_check(&staging.join("自查").join(format!("{}.xlsx", hall(i))), i)?;
    }
    fs::write(staging.join("kaohe.toml"), toml)?;
    inspections(&staging.join("检查"), halls)?;
    attendance(&staging.join("考勤/会议考勤.xlsx"), halls)?;
    // about ten claims a hall over the four sheets
    bonus(&staging.join("加分/加分汇总.xlsx"), halls, halls * 5 / 2)?;
    let _ = fs::remove_dir_all(dir);
    fs::rename(&staging, dir)?;
    Ok(())
}
