//! Builds input folders for tests: kaohe.toml and workbooks written with rust_xlsxwriter in the
//! forms clerks really send.

use kaohe::Evaluation;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::{Path, PathBuf};

/// One cell to write.
#[derive(Clone, Debug)]
pub enum V {
    S(&'static str),
    Str(String),
    N(f64),
    /// A real date cell (formatted as a date).
    D(u16, u8, u8),
    /// A formula with its cached result.
    F(&'static str, &'static str),
    E,
}

pub use V::*;

pub fn s(text: impl Into<String>) -> V {
    V::Str(text.into())
}

/// A merged region to add to a sheet: (first_row, first_col, last_row, last_col), 0-based.
pub type Merge = (u32, u16, u32, u16);

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<V>>,
    pub merges: Vec<Merge>,
}

pub fn sheet(name: &str, rows: Vec<Vec<V>>) -> Sheet {
    Sheet {
        name: name.to_string(),
        rows,
        merges: Vec::new(),
    }
}

impl Sheet {
    pub fn merged(mut self, m: Merge) -> Sheet {
        self.merges.push(m);
        self
    }
}

pub struct Folder {
    pub dir: PathBuf,
}

pub const HALLS: [&str; 6] = ["甲大厅", "乙大厅", "丙大厅", "丁大厅", "戊大厅", "己大厅"];

/// The rubric's items and maxima, in order.
pub const ITEMS: [(&str, f64); 17] = [
    ("1.1", 5.0),
    ("1.2", 5.0),
    ("1.3", 5.0),
    ("1.4", 5.0),
    ("2.1", 6.0),
    ("2.2", 6.0),
    ("2.3", 6.0),
    ("2.4", 6.0),
    ("2.5", 6.0),
    ("3.1", 6.0),
    ("3.2", 6.0),
    ("3.3", 6.0),
    ("3.4", 6.0),
    ("3.5", 6.0),
    ("4.1", 10.0),
    ("4.2", 5.0),
    ("4.3", 5.0),
];

impl Folder {
    /// A fresh, empty folder for one test.
    pub fn new(name: &str) -> Folder {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("kaohe-tests")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create test folder");
        Folder { dir }
    }

    /// A folder with kaohe.toml for `halls` of HALLS and a full-marks year-end form for each.
    pub fn with_halls(name: &str, halls: usize) -> Folder {
        let f = Folder::new(name);
        f.config(halls, "");
        for h in HALLS.iter().take(halls) {
            f.form(h, &[]);
        }
        f
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        std::fs::write(path, text).expect("write file");
    }

    pub fn config(&self, halls: usize, extra: &str) {
        let mut t = String::from("year = 2025\nissuer = \"示例市行政服务管理委员会\"\n");
        for h in HALLS.iter().take(halls) {
            t.push_str(&format!("\n[[hall]]\nname = \"{h}\"\n"));
        }
        t.push_str(extra);
        self.write("kaohe.toml", &t);
    }

    pub fn book(&self, rel: &str, sheets: Vec<Sheet>) {
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let merge_fmt = Format::new();
        for sh in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&sh.name).expect("sheet name");
            for (r, row) in sh.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    let in_merge = sh
                        .merges
                        .iter()
                        .any(|m| r >= m.0 && r <= m.2 && c >= m.1 && c <= m.3);
                    if in_merge {
                        continue;
                    }
                    match v {
                        V::S(t) => ws.write_string(r, c, *t).map(|_| ()),
                        V::Str(t) => ws.write_string(r, c, t).map(|_| ()),
                        V::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                        V::D(y, m, d) => ws
                            .write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                                &date,
                            )
                            .map(|_| ()),
                        V::F(f, res) => ws
                            .write_formula(r, c, Formula::new(*f).set_result(*res))
                            .map(|_| ()),
                        V::E => Ok(()),
                    }
                    .expect("write cell");
                }
            }
            for m in &sh.merges {
                let v = match sh.rows.get(m.0 as usize).and_then(|r| r.get(m.1 as usize)) {
                    Some(V::S(t)) => t.to_string(),
                    Some(V::Str(t)) => t.clone(),
                    _ => String::new(),
                };
                ws.merge_range(m.0, m.1, m.2, m.3, &v, &merge_fmt)
                    .expect("merge");
            }
        }
        wb.save(&path).expect("save workbook");
    }

    /// A standard year-end form for `hall`: full marks except 4.3 at 4 (a hall without articles
    /// does not earn the full 4.3, and full marks would warn), then the assessed scores given.
    pub fn form(&self, hall: &str, assessed: &[(&str, f64)]) {
        self.form_with(hall, &format!("自查/{hall}.xlsx"), assessed);
    }

    pub fn form_with(&self, hall: &str, rel: &str, assessed: &[(&str, f64)]) {
        self.form_of_items(hall, rel, &ITEMS, assessed);
    }

    /// A year-end form listing `items` (code, 分值): full marks except 4.3 at 4, then the
    /// assessed scores given.
    pub fn form_of_items(
        &self,
        hall: &str,
        rel: &str,
        items: &[(&str, f64)],
        assessed: &[(&str, f64)],
    ) {
        let mut rows = vec![
            vec![s(format!("填报单位：{hall}"))],
            vec![
                S("编号"),
                S("考核内容"),
                S("分值"),
                S("自评得分"),
                S("考核得分"),
            ],
        ];
        for &(code, max) in items {
            let default = if code == "4.3" { 4.0 } else { max };
            let a = assessed
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, v)| *v)
                .unwrap_or(default);
            rows.push(vec![s(code), S("内容"), N(max), N(max), N(a)]);
        }
        self.book(rel, vec![sheet("自查评分表", rows)]);
    }

    pub fn eval(&self) -> Evaluation {
        kaohe::evaluate(&self.dir).expect("folder exists")
    }
}

/// Header of the standard inspection sheet.
pub fn inspection_header() -> Vec<V> {
    vec![
        S("检查日期"),
        S("检查层级"),
        S("检查方式"),
        S("大厅"),
        S("发现问题"),
        S("考核项目"),
        S("扣分"),
        S("通报批评"),
    ]
}

pub fn hall<'a>(ev: &'a Evaluation, name: &str) -> &'a kaohe::score::HallScore {
    ev.scores
        .halls
        .iter()
        .find(|h| h.name == name)
        .unwrap_or_else(|| panic!("no hall {name}"))
}

pub fn item(ev: &Evaluation, hall_name: &str, code: &str) -> rust_decimal::Decimal {
    hall(ev, hall_name)
        .items
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.score)
        .expect("item")
}

pub fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("decimal")
}

/// Diagnostics of one severity as "file|sheet|cell|message" lines, for assertions.
pub fn diags(ev: &Evaluation, severity: kaohe::Severity) -> Vec<String> {
    ev.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| {
            format!(
                "{}|{}|{}|{}",
                d.file.as_deref().unwrap_or("-"),
                d.sheet.as_deref().unwrap_or("-"),
                d.cell.as_deref().unwrap_or("-"),
                d.message
            )
        })
        .collect()
}

pub fn errors(ev: &Evaluation) -> Vec<String> {
    diags(ev, kaohe::Severity::Error)
}

pub fn warnings(ev: &Evaluation) -> Vec<String> {
    diags(ev, kaohe::Severity::Warning)
}

/// Asserts exactly one diagnostic starts with `place` ("file|sheet|cell") and contains `text`.
#[track_caller]
pub fn assert_one(list: &[String], place: &str, text: &str) {
    let hits: Vec<&String> = list
        .iter()
        .filter(|d| d.starts_with(&format!("{place}|")) && d.contains(text))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one diagnostic at {place} containing {text:?}; got:\n{}",
        list.join("\n")
    );
}

/// The built `kaohe`, blind to the fonts installed on the machine running the tests, so that
/// every test sees kaohe's free set whatever the machine has.
pub fn kaohe_command() -> std::process::Command {
    let nowhere = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kaohe-tests/no-fonts-here");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_kaohe"));
    c.env_remove("KAOHE_FONTS")
        .env("HOME", &nowhere)
        .env("XDG_DATA_HOME", &nowhere)
        .env("XDG_DATA_DIRS", &nowhere);
    c
}

/// Runs the built `kaohe` with `args`: (exit status, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = kaohe_command().args(args).output().expect("run kaohe");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The sample year shipped in `inputs/`.
pub fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("inputs")
        .to_string_lossy()
        .into_owned()
}

/// A fresh (absent) output folder for one test.
pub fn out_dir(name: &str) -> std::path::PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("kaohe-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Runs `kaohe run` on `input` into `out` with `extra` arguments, which must succeed: its
/// standard output.
pub fn run_ok(input: &Path, out: &Path, extra: &[&str]) -> String {
    let (input, out) = (input.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["run", &input, "--out", &out];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    stdout
}
