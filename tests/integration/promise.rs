//! `check` promises what `run` delivers: for generated folders whose free-text cells hold what
//! clerks and hostile files put there (long text, markup look-alikes, control characters, rare
//! and undrawable characters), `check` exit 0 ⇒ `run` exit 0, and no input ever makes either
//! command crash or leave a folder that differs from its manifest.

use crate::support::*;
use std::path::Path;

/// xorshift64*: deterministic cases without a property-testing dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const PIECES: &[&str] = &[
    "窗口人员离岗",
    "未执行一次性告知制度",
    "朱镕",
    "@title 假标题",
    "@h1 假",
    "{{ x }}",
    "{% if %}",
    "| 竖线 |",
    "\\ 反斜杠 \\n",
    "<b>&amp;</b>",
    "“引号”（括号）——破折号……",
    "（（（）））",
    "\n第二行",
    "\r\n",
    "\t制表",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{85}",
    "\u{200d}",
    "\u{feff}",
    "㐀",
    "𠀀",
    "😀",
    "\u{E000}",
    "e\u{301}",
    "مرحبا",
    "한국",
    "\u{FFFD}",
    "ABC abc 123 ４５６",
    "   ",
];

fn text(rng: &mut Rng) -> String {
    let mut t = String::new();
    for _ in 0..1 + rng.below(4) {
        t.push_str(rng.pick(PIECES));
    }
    // Now and then a long cell: up to and beyond what one cell may hold.
    match rng.below(8) {
        0 => t = t.repeat(1 + 300 / t.chars().count().max(1)),
        1 => {
            let long: String = "考核发现的问题描述".chars().cycle().take(1_999).collect();
            t = long
        }
        2 => {
            let long: String = "很长的文字".chars().cycle().take(2_500).collect();
            t = long
        }
        _ => {}
    }
    t
}

fn kaohe(args: &[&str]) -> (i32, String) {
    let o = kaohe_command().args(args).output().expect("run kaohe");
    (
        o.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

fn case(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let f = Folder::with_halls(&format!("promise-{seed}"), 2);
    let mut t = || s(text(&mut rng));
    f.book(
        "明察暗访.xlsx",
        vec![sheet(
            "检查记录",
            vec![
                vec![
                    S("检查日期"),
                    S("检查层级"),
                    S("大厅"),
                    S("窗口"),
                    S("发现问题"),
                    S("考核项目"),
                    S("扣分"),
                    S("检查人"),
                ],
                vec![
                    D(2025, 3, 5),
                    S("市级"),
                    S("甲大厅"),
                    t(),
                    t(),
                    S("2.1"),
                    N(0.5),
                    t(),
                ],
                vec![
                    D(2025, 8, 5),
                    S("委内"),
                    S("乙大厅"),
                    t(),
                    t(),
                    S("3.2"),
                    N(1.0),
                    t(),
                ],
            ],
        )],
    );
    f.book(
        "考勤.xlsx",
        vec![sheet(
            "考勤",
            vec![
                vec![S("日期"), S("活动名称"), S("大厅"), S("人员"), S("考勤")],
                vec![D(2025, 2, 1), t(), S("甲大厅"), t(), S("迟到")],
            ],
        )],
    );
    f.book(
        "加分.xlsx",
        vec![
            sheet(
                "表彰",
                vec![
                    vec![
                        S("大厅"),
                        S("荣誉名称"),
                        S("授予单位"),
                        S("类型"),
                        S("获奖人"),
                        S("文号"),
                        S("授予日期"),
                    ],
                    vec![
                        S("乙大厅"),
                        t(),
                        S("示例市人民政府"),
                        S("个人"),
                        t(),
                        t(),
                        D(2025, 6, 1),
                    ],
                ],
            ),
            sheet(
                "稿件",
                vec![
                    vec![
                        S("大厅"),
                        S("稿件标题"),
                        S("刊登媒体"),
                        S("媒体类别"),
                        S("刊登日期"),
                    ],
                    vec![S("甲大厅"), t(), t(), S("日报"), D(2025, 4, 2)],
                ],
            ),
            sheet(
                "竞赛获奖",
                vec![
                    vec![S("大厅"), S("竞赛名称"), S("名次"), S("主办单位")],
                    vec![S("甲大厅"), t(), S("二等奖"), t()],
                ],
            ),
        ],
    );
    let dir = f.dir.to_string_lossy().into_owned();
    let out = f.dir.with_extension("out");
    let _ = std::fs::remove_dir_all(&out);
    let (checked, report) = kaohe(&["check", &dir]);
    assert!(
        checked == 0 || checked == 1,
        "seed {seed}: check exit {checked}\n{report}"
    );
    let (ran, log) = kaohe(&["run", &dir, "--out", &out.to_string_lossy()]);
    if checked == 0 {
        assert_eq!(
            ran, 0,
            "seed {seed}: check passed but run failed\n{report}\n{log}"
        );
    } else {
        assert_eq!(ran, 1, "seed {seed}: check found errors\n{report}\n{log}");
    }
    assert!(!log.contains("内部错误"), "seed {seed}\n{log}");
    let verified = kaohe::output::verify::verify(Path::new(&out)).expect("manifest");
    assert!(verified.is_intact(), "seed {seed}");
}

#[test]
fn check_passing_means_run_passes() {
    for seed in 1..=12 {
        case(seed);
    }
}

/// kaohe.toml with one hall's name, the issuer and `[document]` keys replaced.
fn settings_case(
    name: &str,
    hall: &str,
    issuer: &str,
    document: &str,
) -> (i32, String, i32, String) {
    let f = Folder::new(&format!("promise-settings-{name}"));
    f.write(
        "kaohe.toml",
        &format!(
            "year = 2025\nissuer = \"{issuer}\"\n\n[[hall]]\nname = \"{hall}\"\naliases = [\"甲大厅\"]\n\n[[hall]]\nname = \"乙大厅\"\n\n[document]\ndate = \"2026-12-25\"\n{document}\n"
        ),
    );
    f.form("甲大厅", &[]);
    f.form("乙大厅", &[]);
    let dir = f.dir.to_string_lossy().into_owned();
    let out = f.dir.with_extension("out");
    let _ = std::fs::remove_dir_all(&out);
    let (checked, report) = kaohe(&["check", &dir]);
    let (ran, log) = kaohe(&["run", &dir, "--out", &out.to_string_lossy()]);
    (checked, report, ran, log)
}

#[test]
fn settings_at_their_longest_are_typeset_and_beyond_it_are_found_by_check() {
    let n = |k: usize| {
        "示例市行政服务管理委员会办公室"
            .chars()
            .cycle()
            .take(k)
            .collect::<String>()
    };
    let hall_max = n(kaohe::validate::HALL_NAME_MAX);
    let printer_max = n(kaohe::validate::PRINTER_MAX);
    let signature_max = n(kaohe::validate::SIGNATURE_MAX);
    let code_max = n(kaohe::validate::CODE_MAX);
    let signer_max = n(kaohe::validate::SIGNER_MAX);
    // At the limits (a 2-digit month and day make the 印发日期 as long as it gets): documents.
    let (checked, report, ran, log) = settings_case(
        "longest",
        &hall_max,
        &printer_max,
        &format!(
            "code = \"{code_max}\"\nsignature = \"{signature_max}\"\ncc = \"{}。\"\naddressee = \"{}\"\nsigner = \"{signer_max}\"\nrequest_number = 9999\ncontact = \"{}\"",
            n(150),
            n(150),
            n(60)
        ),
    );
    assert_eq!((checked, ran), (0, 0), "{report}\n{log}");
    assert!(
        Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("kaohe-tests/promise-settings-longest.out/提请表彰请示.pdf")
            .is_file(),
        "{log}"
    );
    // One character beyond, control characters, undrawable ones, a 抄送 without its 。: each found
    // by `check` at kaohe.toml, and `run` writes no documents.
    let cases = [
        (
            "hall",
            n(kaohe::validate::HALL_NAME_MAX + 1),
            n(4),
            String::new(),
            "大厅名称）太长",
        ),
        (
            "printer",
            n(4),
            n(kaohe::validate::PRINTER_MAX + 1),
            String::new(),
            "印发机关；可在 [document] 中另设较短的 printer）太长",
        ),
        (
            "signature",
            n(4),
            n(4),
            format!("signature = \"{}\"", n(kaohe::validate::SIGNATURE_MAX + 1)),
            "signature（发文机关署名）太长",
        ),
        (
            "signer",
            n(4),
            n(4),
            format!("signer = \"{}\"", n(kaohe::validate::SIGNER_MAX + 1)),
            "signer（签发人）太长",
        ),
        (
            "control",
            n(4),
            "示例市\\u0007行管委".to_string(),
            String::new(),
            "控制字符 “\u{7}”（U+0007）",
        ),
        (
            "glyph",
            "甲大厅😀".to_string(),
            n(4),
            String::new(),
            "“😀”（U+1F600） 无法印在文档中",
        ),
        (
            "cc",
            n(4),
            n(4),
            "cc = \"市政府办公室\"".to_string(),
            "最后一个机关名称后应标句号",
        ),
    ];
    for (name, hall, issuer, document, message) in cases {
        let (checked, report, ran, log) = settings_case(name, &hall, &issuer, &document);
        assert_eq!(checked, 1, "{name}: {report}");
        assert!(report.contains(message), "{name}: {report}");
        assert!(report.contains("kaohe.toml\n"), "{name}: {report}");
        assert_eq!(ran, 1, "{name}: {log}");
    }
}

#[test]
fn halls_whose_files_would_overwrite_each_other_are_found_by_check() {
    let f = Folder::new("promise-same-file");
    f.write(
        "kaohe.toml",
        "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n\n[[hall]]\nname = \"甲/乙大厅\"\n\n[[hall]]\nname = \"甲_乙大厅\"\n",
    );
    let ev = f.eval();
    assert_one(
        &errors(&ev),
        "kaohe.toml|-|-",
        "大厅“甲/乙大厅”和“甲_乙大厅”的文件名相同（甲_乙大厅.pdf）",
    );
}
