//! The Excel side: the forms `kaohe template` writes (dropdowns, layout, the rerun workflow) and
//! filled in read back without a diagnostic; the summary workbook read back with calamine equals
//! the scores.

use crate::support::*;
use calamine::{Data, Reader, open_workbook_auto};
use kaohe::config::Config;
use kaohe::rubric::Rubric;
use kaohe::text::Date;
use kaohe::xlsx::forms::{self, Fill};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

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

fn config_of(f: &Folder) -> (Config, Rubric) {
    let text = std::fs::read_to_string(f.dir.join("kaohe.toml")).expect("config");
    let rubric = Rubric::builtin();
    let (cfg, errs) = Config::parse(&text, &rubric);
    assert!(errs.is_empty(), "{errs:?}");
    (cfg, rubric)
}

/// Fills every form kind with valid values in the exact template layout, signing blocks too.
fn filled_templates(name: &str) -> Folder {
    let f = Folder::new(name);
    f.config(2, "");
    let (cfg, rubric) = config_of(&f);
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
        let mut notes = vec![None; ITEMS.len()];
        notes[16] = Some("全年投稿 3 篇，少 1 篇".to_string());
        let fill = forms::SelfCheckFill {
            scores,
            notes,
            signed: forms::Signed {
                unit: None,
                filler: Some("张三".into()),
                reviewer: Some("李四".into()),
                date: Some(Date {
                    year: 2025,
                    month: 12,
                    day: 20,
                }),
            },
        };
        let path = f.dir.join(format!("年终自查/{hall}.xlsx"));
        forms::write_self_check_filled(&path, hall, &cfg, &rubric, DATE, false, &fill)
            .expect("form");
    }
    let half: Vec<forms::ScorePair> = ITEMS.iter().map(|(_, m)| (Some(*m), None)).collect();
    forms::write_self_check(
        &f.dir.join("半年自查/甲大厅.xlsx"),
        "甲大厅",
        &cfg,
        &rubric,
        DATE,
        true,
        &half,
    )
    .expect("half");
    let signed = forms::Signed {
        unit: Some("甲大厅".into()),
        filler: Some("王五".into()),
        reviewer: None,
        date: Some(Date {
            year: 2025,
            month: 12,
            day: 22,
        }),
    };
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
            "会议考勤.xlsx" => {
                let mut rows = vec![
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
                ];
                // More records than ruled rows: the sheet goes on below them.
                for m in 3..=12 {
                    for who in ["甲大厅", "乙大厅", "乙大厅"] {
                        rows.push(vec![
                            d(m, 2),
                            t(&format!("{m}月例会")),
                            t("例会"),
                            t(who),
                            Fill::Blank,
                            t("出席"),
                        ]);
                    }
                }
                vec![rows]
            }
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
        forms::write_log_book_signed(&f.dir.join(book.file), &book, &cfg, DATE, &fills, &signed)
            .expect("log book");
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
    // Signing blocks, examples and ruled rows are no records; the rows past them are.
    assert_eq!(ev.data.attendance.len(), 32);
    assert_eq!(ev.data.honours.len(), 1);
    assert_eq!(ev.data.red_flags.len(), 1);
    assert_eq!(ev.data.prizes.len(), 1);
    let half = ev
        .data
        .forms
        .iter()
        .find(|f| f.period == kaohe::records::Period::HalfYear)
        .expect("half-year form");
    assert!(!half.has_assessed_column);
}

fn kaohe(args: &[&str]) -> (Option<i32>, String) {
    let out = kaohe_command().args(args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn template(f: &Folder, extra: &[&str]) -> (Option<i32>, String) {
    let dir = f.dir.to_string_lossy().into_owned();
    let mut args = vec!["template", dir.as_str()];
    args.extend_from_slice(extra);
    kaohe(&args)
}

/// Every .xlsx under `dir`, relative, sorted.
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                out.push(p.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

const HALLS_13: [&str; 13] = [
    "不动产登记大厅",
    "公积金办事大厅",
    "社保医保办事大厅",
    "公安出入境大厅",
    "税务办税服务大厅",
    "市场监管登记大厅",
    "住建审批大厅",
    "交通运输服务大厅",
    "人才服务大厅",
    "民政婚姻登记大厅",
    "卫健审批大厅",
    "自然资源规划大厅",
    "水电气联合报装大厅",
];

fn roster_config(f: &Folder, year: i32, halls: &[&str]) {
    let mut t = format!("year = {year}\nissuer = \"某市行政服务管理委员会\"\n");
    for h in halls {
        t.push_str(&format!("\n[[hall]]\nname = \"{h}\"\n"));
    }
    f.write("kaohe.toml", &t);
}

/// One data validation of a sheet: its type, first cell (row, col, 0-based), last row, formula.
#[derive(Debug)]
struct Validation {
    kind: String,
    col: u32,
    first_row: u32,
    last_row: u32,
    formula: String,
}

fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut part = zip.by_name(name).ok()?;
    let mut s = String::new();
    part.read_to_string(&mut s).expect("utf-8 part");
    Some(s)
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `C40` → (39, 2).
fn cell_ref(r: &str) -> (u32, u32) {
    let r = r.replace('$', "");
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32)
        - 1;
    let row: u32 = r[letters.len()..].parse().expect("row number");
    (row - 1, col)
}

/// Sheet name → its part, from the workbook and its relationships.
fn sheet_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let wb = zip_part(bytes, "xl/workbook.xml").expect("workbook.xml");
    let rels = zip_part(bytes, "xl/_rels/workbook.xml.rels").expect("rels");
    let mut out = Vec::new();
    for tag in wb.split("<sheet ").skip(1) {
        let name = attr(&format!(" {tag}"), "name").expect("sheet name");
        let id = attr(&format!(" {tag}"), "r:id").expect("r:id");
        let rel = rels
            .split("<Relationship ")
            .find(|r| attr(&format!(" {r}"), "Id").as_deref() == Some(id.as_str()))
            .expect("relationship");
        let target = attr(&format!(" {rel}"), "Target").expect("target");
        out.push((name, format!("xl/{}", target.trim_start_matches("/xl/"))));
    }
    out
}

fn validations(sheet_xml: &str) -> Vec<Validation> {
    let mut out = Vec::new();
    for chunk in sheet_xml.split("<dataValidation ").skip(1) {
        let tag = &chunk[..chunk.find('>').expect("tag end")];
        let kind = attr(&format!(" {tag}"), "type").unwrap_or_default();
        let sqref = attr(&format!(" {tag}"), "sqref").expect("sqref");
        let formula = chunk
            .split("<formula1>")
            .nth(1)
            .and_then(|f| f.split("</formula1>").next())
            .map(unescape)
            .unwrap_or_default();
        for area in sqref.split(' ') {
            let (a, b) = area.split_once(':').unwrap_or((area, area));
            let (first_row, col) = cell_ref(a);
            let (last_row, _) = cell_ref(b);
            out.push(Validation {
                kind: kind.clone(),
                col,
                first_row,
                last_row,
                formula: formula.clone(),
            });
        }
    }
    out
}

fn text_at(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The values a list validation offers: a literal list, or the cells of the range it names.
fn list_values(wb: &mut calamine::Xlsx<std::io::Cursor<Vec<u8>>>, formula: &str) -> Vec<String> {
    if let Some(literal) = formula.strip_prefix('"') {
        return literal
            .trim_end_matches('"')
            .split(',')
            .map(str::to_string)
            .collect();
    }
    let (sheet, range) = formula.rsplit_once('!').expect("sheet!range");
    let sheet = sheet.trim_matches('\'');
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    let ((r0, c0), (r1, c1)) = (cell_ref(a), cell_ref(b));
    assert_eq!(c0, c1, "a list range is one column: {formula}");
    let cells = wb.worksheet_range(sheet).expect("list sheet");
    (r0..=r1).map(|r| text_at(&cells, r, c0)).collect()
}

/// The vocabulary every list column of the forms offers, in its natural order.
fn vocabularies(halls: &[&str]) -> BTreeMap<&'static str, Vec<String>> {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    BTreeMap::from([
        ("大厅", v(halls)),
        ("检查层级", v(&["省级", "市级", "委内"])),
        ("检查方式", v(&["明察", "暗访", "集中抽查"])),
        (
            "考核项目",
            ITEMS.iter().map(|(c, _)| c.to_string()).collect(),
        ),
        ("通报批评", v(&["是", "否"])),
        ("活动类型", v(&["例会", "竞赛", "学习"])),
        ("考勤", v(&["出席", "迟到", "请假", "缺席"])),
        (
            "级别",
            v(&["部级", "省级", "市级", "县级", "区级", "单位内部"]),
        ),
        ("类型", v(&["集体", "个人"])),
        ("季度", v(&["第一季度", "第二季度", "第三季度", "第四季度"])),
        (
            "媒体类别",
            v(&["部级报刊", "省级报刊", "日报", "电视台", "广播", "简报"]),
        ),
        ("名次", v(&["一等奖", "二等奖", "三等奖"])),
        ("类别", v(&["通报批评", "党风廉政"])),
    ])
}

/// Checks every list validation of every workbook in `dir`: it offers exactly its vocabulary
/// (the roster for 大厅) and covers the ruled rows. Returns how many 大厅 dropdowns it saw.
fn check_dropdowns(dir: &Path, halls: &[&str], skip: &[PathBuf]) -> usize {
    let vocab = vocabularies(halls);
    let mut hall_lists = 0;
    for rel in workbooks(dir) {
        if skip.contains(&rel) {
            continue;
        }
        let bytes = std::fs::read(dir.join(&rel)).expect("read");
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("xlsx");
        for (sheet, part) in sheet_parts(&bytes) {
            let xml = zip_part(&bytes, &part).expect("sheet part");
            let cells = wb.worksheet_range(&sheet).expect("sheet");
            for v in validations(&xml).iter().filter(|v| v.kind == "list") {
                let where_ = format!("{} {sheet} column {}", rel.display(), v.col);
                let header = text_at(&cells, v.first_row - 1, v.col);
                let header = header.trim_start_matches('＊');
                let want = vocab
                    .get(header)
                    .unwrap_or_else(|| panic!("{where_}: unexpected list under “{header}”"));
                assert_eq!(
                    &list_values(&mut wb, &v.formula),
                    want,
                    "{where_} “{header}”: {}",
                    v.formula
                );
                assert!(
                    v.last_row >= v.first_row + forms::RULED_ROWS,
                    "{where_}: the validation stops before the ruled rows end"
                );
                if header == "大厅" {
                    hall_lists += 1;
                }
            }
        }
    }
    hall_lists
}

/// The fonts cell formats refer to, and the fonts of the notes' text.
fn fonts_used(bytes: &[u8]) -> Vec<String> {
    let styles = zip_part(bytes, "xl/styles.xml").expect("styles");
    let section = |tag: &str| {
        styles
            .split(&format!("<{tag}"))
            .nth(1)
            .and_then(|s| s.split(&format!("</{tag}>")).next())
            .unwrap_or_default()
            .to_string()
    };
    let fonts: Vec<String> = section("fonts")
        .split("<font>")
        .skip(1)
        .map(|f| {
            attr(&format!(" {}", &f[f.find("<name").unwrap_or(0)..]), "val").unwrap_or_default()
        })
        .collect();
    let mut used: Vec<String> = section("cellXfs")
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let id: usize = attr(&format!(" {xf}"), "fontId")
                .and_then(|i| i.parse().ok())
                .unwrap_or(0);
            fonts.get(id).cloned().unwrap_or_default()
        })
        .collect();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for name in names.iter().filter(|n| n.starts_with("xl/comments")) {
        let mut xml = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut xml)
            .expect("utf-8");
        used.extend(
            xml.split("<rFont ")
                .skip(1)
                .filter_map(|f| attr(&format!(" {f}"), "val")),
        );
    }
    used.sort();
    used.dedup();
    used
}

#[test]
fn first_template_run_writes_only_the_settings_to_edit() {
    let f = Folder::new("excel-template-first-run");
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(f.dir.join("kaohe.toml").exists());
    assert!(workbooks(&f.dir).is_empty(), "{:?}", workbooks(&f.dir));
    for word in ["year", "issuer", "大厅名录", "再运行一次", "没有生成填报表"] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
    // The sample's year is the one ending around new year, and the comment says so.
    let text = std::fs::read_to_string(f.dir.join("kaohe.toml")).expect("config");
    let year = forms::sample_year(Date::today());
    assert!(text.contains(&format!("\nyear = {year}\n")), "{text}");
    assert!(text.contains("1 月运行时为上一年"), "{text}");
    // Run again without editing: still no forms for the example halls.
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("示例"), "{out}");
    assert!(workbooks(&f.dir).is_empty());
}

#[test]
fn every_dropdown_offers_exactly_the_roster() {
    let f = Folder::new("excel-template-13-halls");
    template(&f, &[]);
    roster_config(&f, 2025, &HALLS_13);
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(0), "{out}");
    let books = workbooks(&f.dir);
    // A year-end and a half-year form per hall, and the four record workbooks.
    assert_eq!(books.len(), 2 * 13 + 4, "{books:?}");
    for h in HALLS_13 {
        assert!(books.contains(&PathBuf::from(format!("年终自查/{h}.xlsx"))));
        assert!(books.contains(&PathBuf::from(format!("半年自查/{h}.xlsx"))));
    }
    // 检查记录, 会议考勤, four sheets of 加分申报 and 否决事项 each have a 大厅 dropdown.
    assert_eq!(check_dropdowns(&f.dir, &HALLS_13, &[]), 7);
    // The second run with the same roster changes nothing.
    let before: Vec<Vec<u8>> = books
        .iter()
        .map(|b| std::fs::read(f.dir.join(b)).expect("read"))
        .collect();
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("共新生成 0 个、重新生成 0 个工作簿"), "{out}");
    assert!(out.contains("30 个没有填写的工作簿已是最新"), "{out}");
    for (b, bytes) in books.iter().zip(&before) {
        assert!(
            std::fs::read(f.dir.join(b)).expect("read") == *bytes,
            "{b:?} changed"
        );
    }
}

#[test]
fn rerun_follows_the_roster_and_year_but_keeps_filled_forms() {
    let f = Folder::new("excel-template-rerun");
    roster_config(&f, 2025, &HALLS_13);
    template(&f, &[]);
    let (cfg, rubric) = config_of(&f);
    // A hall returns its filled form; the removed hall had filled one too; attendance is kept.
    let scores: Vec<forms::ScorePair> = ITEMS.iter().map(|(_, m)| (Some(*m), None)).collect();
    for h in [HALLS_13[0], HALLS_13[12]] {
        forms::write_self_check(
            &f.dir.join(format!("年终自查/{h}.xlsx")),
            h,
            &cfg,
            &rubric,
            DATE,
            false,
            &scores,
        )
        .expect("filled form");
    }
    let books = forms::log_books(&cfg, &rubric);
    let attendance = books
        .iter()
        .find(|b| b.file == "会议考勤.xlsx")
        .expect("attendance book");
    let row = vec![
        d(3, 1),
        t("例会"),
        t("例会"),
        t(HALLS_13[1]),
        Fill::Blank,
        t("出席"),
    ];
    forms::write_log_book(
        &f.dir.join("会议考勤.xlsx"),
        attendance,
        &cfg,
        DATE,
        &[vec![row]],
    )
    .expect("attendance");

    // New roster: the 13th hall leaves, the 12th is renamed, one joins; the year moves on.
    let mut halls: Vec<&str> = HALLS_13[..11].to_vec();
    halls.extend(["自然资源和规划大厅", "政务服务中心分厅"]);
    roster_config(&f, 2026, &halls);
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(0), "{out}");
    let kept = [
        PathBuf::from(format!("年终自查/{}.xlsx", HALLS_13[0])),
        PathBuf::from(format!("年终自查/{}.xlsx", HALLS_13[12])),
        PathBuf::from("会议考勤.xlsx"),
    ];
    for k in &kept[..1] {
        assert!(
            out.contains(&format!("未覆盖 {}：已有填写内容", k.display())),
            "{out}"
        );
    }
    assert!(out.contains("未覆盖 会议考勤.xlsx：已有填写内容"), "{out}");
    assert!(
        out.contains(&format!(
            "请注意 年终自查/{}.xlsx：大厅“{}”已不在大厅名录中",
            HALLS_13[12], HALLS_13[12]
        )),
        "{out}"
    );
    for gone in [
        format!("半年自查/{}.xlsx", HALLS_13[12]),
        format!("年终自查/{}.xlsx", HALLS_13[11]),
        format!("半年自查/{}.xlsx", HALLS_13[11]),
    ] {
        assert!(!f.dir.join(&gone).exists(), "{gone} left behind");
        assert!(out.contains(&format!("已删除 {gone}")), "{out}");
    }
    // Every other form is for the new year and the new roster.
    let all = workbooks(&f.dir);
    assert_eq!(all.len(), 2 * halls.len() + 4 + 1, "{all:?}");
    for rel in all.iter().filter(|r| !kept.contains(r)) {
        let mut wb = open_workbook_auto(f.dir.join(rel)).expect("open");
        for name in wb.sheet_names() {
            let r = wb.worksheet_range(&name).expect("sheet");
            if name != "填表说明" {
                assert!(text_at(&r, 0, 0).contains("2026"), "{rel:?} {name}");
            }
            for (_, _, v) in r.used_cells() {
                let v = v.to_string();
                assert!(!v.contains("2025"), "{rel:?} {name}: {v}");
                assert!(
                    !v.contains(HALLS_13[11]) && !v.contains(HALLS_13[12]),
                    "{rel:?} {name}: {v}"
                );
            }
            if name == "自查评分表" {
                let unit = text_at(&r, 1, 0);
                let hall = unit.trim_start_matches("填报单位（盖章）：");
                assert!(halls.contains(&hall), "{rel:?}: {unit}");
            }
        }
    }
    assert_eq!(check_dropdowns(&f.dir, &halls, &kept), 6);

    // --force replaces filled forms too, and says which ones held data.
    let (code, out) = template(&f, &["--force"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("已覆盖 会议考勤.xlsx（已有填写内容；按 --force 换成了空白表）"),
        "{out}"
    );
    assert_eq!(check_dropdowns(&f.dir, &halls, &kept[1..2]), 7);
    // Forms of halls no longer in the roster are never deleted while they hold data.
    assert!(f.dir.join(&kept[1]).exists());
}

#[test]
fn blank_forms_report_only_the_missing_self_scores() {
    let f = Folder::new("excel-template-blank");
    f.config(2, "");
    let (code, out) = template(&f, &[]);
    assert_eq!(code, Some(0), "{out}");
    // Signing blocks, ruled rows and the examples on the instructions sheets are not data:
    // the only problems are the two empty self-check forms of each hall, one per item.
    let ev = f.eval();
    assert_eq!(ev.diagnostics.len(), 2 * 2 * 17, "{:#?}", ev.diagnostics);
    assert!(
        ev.diagnostics
            .iter()
            .all(|d| d.message.contains("“自评得分”为空")),
        "{:#?}",
        ev.diagnostics
    );
}

#[test]
fn forms_read_as_clerks_see_them() {
    let f = Folder::new("excel-template-look");
    f.config(3, "");
    template(&f, &[]);
    let rubric = Rubric::builtin();
    for rel in workbooks(&f.dir) {
        let bytes = std::fs::read(f.dir.join(&rel)).expect("read");
        // One Chinese font throughout, never Calibri: in every cell format and note.
        for name in fonts_used(&bytes) {
            assert!(
                ["宋体", "黑体"].contains(&name.as_str()),
                "{rel:?}: font {name}"
            );
        }
        let mut wb = open_workbook_auto(f.dir.join(&rel)).expect("open");
        assert_eq!(
            wb.sheet_names().last().map(String::as_str),
            Some("填表说明")
        );
        for name in wb.sheet_names() {
            let r = wb.worksheet_range(&name).expect("sheet");
            for (row, col, v) in r.used_cells() {
                if let Data::String(s) = v {
                    assert_eq!(s.trim(), s, "{rel:?} {name} ({row},{col}) has stray spaces");
                    assert!(!s.contains("。 ") && !s.contains("必填。"), "{rel:?}: {s}");
                    if name == "填表说明" && (row, col) != (0, 0) {
                        assert!(!s.contains("填表说明"), "{rel:?} refers to itself: {s}");
                    }
                }
            }
        }
        // Hints never send the clerk to the sheet they are reading.
        for (_, part) in sheet_parts(&bytes) {
            let xml = zip_part(&bytes, &part).expect("sheet part");
            assert!(!xml.contains("见“填表说明”"), "{rel:?} {part}");
        }
    }
    // Required columns carry the red asterisk, others do not; the reader still knows them.
    let mut wb = open_workbook_auto(f.dir.join("加分申报.xlsx")).expect("open");
    let r = wb.worksheet_range("表彰").expect("sheet");
    let header_row = (0..10)
        .find(|&row| text_at(&r, row, 1).contains("荣誉名称"))
        .expect("header row");
    let header: Vec<String> = (0..8).map(|c| text_at(&r, header_row, c)).collect();
    assert_eq!(
        header,
        [
            "＊大厅",
            "＊荣誉名称",
            "＊授予单位",
            "级别",
            "＊类型",
            "获奖人",
            "文号",
            "＊授予日期"
        ]
    );
    // The signing block above the header: unit, 经办人, date.
    let above: Vec<String> = (1..header_row)
        .flat_map(|row| (0..8).map(move |c| (row, c)))
        .map(|(row, c)| text_at(&r, row, c))
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(above, ["填报单位（盖章）：", "经办人：", "填报日期："]);

    // The year-end form: the hall, the group's own column, the signing rows.
    let path = f.dir.join("年终自查/甲大厅.xlsx");
    let bytes = std::fs::read(&path).expect("read");
    let mut form = open_workbook_auto(&path).expect("open");
    let r = form.worksheet_range("自查评分表").expect("sheet");
    assert_eq!(text_at(&r, 1, 0), "填报单位（盖章）：甲大厅");
    let heads: Vec<String> = (0..6).map(|c| text_at(&r, 2, c)).collect();
    assert_eq!(
        heads,
        [
            "编号",
            "考核内容",
            "分值",
            "＊自评得分",
            "考核得分",
            "自查说明"
        ]
    );
    let labels: Vec<String> = (0..r.height() as u32)
        .flat_map(|row| (0..6).map(move |c| (row, c)))
        .map(|(row, c)| text_at(&r, row, c))
        .filter(|t| t.ends_with('：'))
        .collect();
    assert_eq!(labels, ["填表人：", "审核人：", "填报日期："]);
    // 自评得分 cells are unlocked; 考核得分 cells are locked and filled in the group's colour.
    let (self_xf, group_xf) = {
        let part = &sheet_parts(&bytes)[0].1;
        let xml = zip_part(&bytes, part).expect("sheet");
        let style_of = |cell: &str| {
            let tag = xml
                .split("<c r=\"")
                .find(|c| c.starts_with(&format!("{cell}\"")))
                .unwrap_or_else(|| panic!("cell {cell}"));
            let tag = &tag[..tag.find('>').expect("end")];
            attr(&format!(" r=\"{tag}"), "s")
                .expect("style")
                .parse::<usize>()
                .expect("index")
        };
        (style_of("D5"), style_of("E5"))
    };
    let styles = zip_part(&bytes, "xl/styles.xml").expect("styles");
    let xfs_part = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .expect("cellXfs");
    let xfs: Vec<&str> = xfs_part.split("<xf ").skip(1).collect();
    assert!(xfs[self_xf].contains("locked=\"0\""), "{}", xfs[self_xf]);
    assert!(!xfs[group_xf].contains("locked=\"0\""), "{}", xfs[group_xf]);
    let fill = |xf: &str| attr(&format!(" {xf}"), "fillId").expect("fill");
    assert_ne!(fill(xfs[self_xf]), fill(xfs[group_xf]));
    assert_eq!(rubric.items.len(), 17);
    // The half-year form says so and has no 考核得分 column.
    let mut half = open_workbook_auto(f.dir.join("半年自查/甲大厅.xlsx")).expect("open");
    let r = half.worksheet_range("自查评分表").expect("sheet");
    assert!(text_at(&r, 0, 0).contains("上半年"));
    assert_eq!(text_at(&r, 1, 4), "考核期间：半年");
    let heads: Vec<String> = (0..5).map(|c| text_at(&r, 2, c)).collect();
    assert_eq!(
        heads,
        ["编号", "考核内容", "分值", "＊自评得分", "自查说明"]
    );
}

#[test]
fn templates_are_byte_identical_on_rerun() {
    let a = filled_templates("excel-rerun-a");
    let b = filled_templates("excel-rerun-b");
    for file in [
        "年终自查/甲大厅.xlsx",
        "半年自查/甲大厅.xlsx",
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
