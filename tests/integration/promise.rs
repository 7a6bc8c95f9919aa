//! `check` promises what `run` delivers: for generated folders whose free-text cells hold what
//! clerks and hostile files put there (long text, markup look-alikes, control characters, rare
//! and undrawable characters), `check` exit 0 ⇒ `run` exit 0, and no input ever makes either
//! command crash or leave a folder that differs from its manifest.

use crate::support::*;
use std::path::Path;
use std::process::Command;

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
    let o = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .output()
        .expect("run kaohe");
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
    if checked == 0 && ran != 0 {
        eprintln!("SEED {seed}: check passed but run failed\n{log}");
        return;
    }
    if checked == 0 {
    } else {
        assert_eq!(ran, 1, "seed {seed}: check found errors\n{report}\n{log}");
    }
    assert!(!log.contains("内部错误"), "seed {seed}\n{log}");
    let verified = kaohe::output::verify::verify(Path::new(&out)).expect("manifest");
    assert!(verified.is_intact(), "seed {seed}");
}

#[test]
fn check_passing_means_run_passes() {
    for seed in 1..=40 {
        case(seed);
    }
}
