//! The whole of `kaohe run` — read, validate and score, then the write stage
//! (`kaohe::output::produce`: summary workbook, every document, manifest, swapped into a real
//! folder) — on synthetic years of 20, 500 and 2,000 halls, with the time of every stage.
//!
//! `cargo bench --bench run`; `KAOHE_BENCH_HALLS=500,2000` chooses the sizes, `KAOHE_BENCH_OFD=1`
//! writes every document also as OFD (`kaohe run --ofd`). The year folders
//! are generated once into the system temp dir (not timed) and reused while they exist.
//! Prints one Markdown table: the median of 3 runs after a warm-up, per stage and in total.

#[path = "support/year.rs"]
mod year;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use year::{GENERATOR, Res, generate};

const WARMUP: usize = 1;
const ITERATIONS: usize = 3;

fn count_workbooks(dir: &Path) -> usize {
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    entries
        .map(|e| match e.path() {
            p if p.is_dir() => count_workbooks(&p),
            p => usize::from(p.extension().is_some_and(|x| x == "xlsx")),
        })
        .sum()
}

/// One measured run: (stage, time) with the total last, and the number of files written.
fn run_once(dir: &Path, out: &Path) -> Res<(Vec<(&'static str, Duration)>, usize)> {
    let started = Instant::now();
    let ev = kaohe::evaluate(dir)?;
    assert_eq!(ev.error_count(), 0, "the generated folder must be valid");
    let opts = kaohe::output::Options {
        ofd: std::env::var("KAOHE_BENCH_OFD").is_ok_and(|v| v == "1"),
        ..kaohe::output::Options::new(dir, out)
    };
    let outcome = kaohe::output::produce(&ev, &opts)?;
    let total = started.elapsed();
    let mut stages = ev.timings.stages.clone();
    stages.extend(outcome.timings.stages.iter().copied());
    stages.push(("total (wall)", total));
    Ok((stages, outcome.outputs.len()))
}

/// One size measured: (halls, workbooks read, files written, median time per stage).
type Column = (usize, usize, usize, Vec<(&'static str, Duration)>);

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() -> Res {
    let sizes: Vec<usize> = std::env::var("KAOHE_BENCH_HALLS")
        .unwrap_or_else(|_| "20,500,2000".to_string())
        .split(',')
        .map(|v| v.trim().parse::<usize>())
        .collect::<Result<_, _>>()?;
    assert!(
        sizes.iter().all(|&n| n > 0),
        "KAOHE_BENCH_HALLS: sizes of at least 1"
    );
    let mut columns: Vec<Column> = Vec::new();
    for &halls in &sizes {
        let dir: PathBuf = std::env::temp_dir().join(format!("kaohe-bench-g{GENERATOR}-{halls}"));
        if !dir.join("kaohe.toml").is_file() {
            let started = Instant::now();
            generate(&dir, halls)?;
            eprintln!("generated {} in {:.1?}", dir.display(), started.elapsed());
        }
        // Each run writes a new folder, removed only after the last: ext4 allocates inodes
        // more slowly just after thousands were freed, which would time the file system's
        // bookkeeping of the previous run rather than this one.
        let outs: Vec<PathBuf> = (0..WARMUP + ITERATIONS)
            .map(|run| {
                std::env::temp_dir().join(format!("kaohe-bench-out-{}-{run}", std::process::id()))
            })
            .collect();
        let mut runs = Vec::new();
        let mut files = 0;
        for (run, out) in outs.iter().enumerate() {
            let (stages, n) = run_once(&dir, out)?;
            files = n;
            if run >= WARMUP {
                runs.push(stages);
            }
        }
        for out in &outs {
            let _ = std::fs::remove_dir_all(out);
        }
        let stages: Vec<(&'static str, Duration)> = runs[0]
            .iter()
            .map(|(stage, _)| {
                let times = runs
                    .iter()
                    .map(|r| {
                        r.iter()
                            .find(|(s, _)| s == stage)
                            .map_or(Duration::ZERO, |x| x.1)
                    })
                    .collect();
                (*stage, median(times))
            })
            .collect();
        eprintln!(
            "{halls} halls: total {:.2?}",
            stages.last().map_or(Duration::ZERO, |s| s.1)
        );
        columns.push((halls, count_workbooks(&dir), files, stages));
    }

    println!(
        "\nkaohe run, median of {ITERATIONS} (threads: {}):\n",
        rayon::current_num_threads()
    );
    let head: Vec<String> = columns.iter().map(|c| format!("{} halls", c.0)).collect();
    println!("| stage | {} |", head.join(" | "));
    println!("|---|{}", "---:|".repeat(columns.len()));
    let cell = |c: &Column, s: &str| {
        c.3.iter()
            .find(|(n, _)| *n == s)
            .map_or("–".to_string(), |(_, t)| {
                format!("{:.3}", t.as_secs_f64())
            })
    };
    let mut names: Vec<&'static str> = Vec::new();
    for c in &columns {
        for (s, _) in &c.3 {
            if !names.contains(s) {
                names.push(s);
            }
        }
    }
    for s in names {
        let row: Vec<String> = columns.iter().map(|c| cell(c, s)).collect();
        println!("| {s} (s) | {} |", row.join(" | "));
    }
    let row: Vec<String> = columns.iter().map(|c| c.1.to_string()).collect();
    println!("| workbooks read | {} |", row.join(" | "));
    let row: Vec<String> = columns.iter().map(|c| c.2.to_string()).collect();
    println!("| files written | {} |", row.join(" | "));
    Ok(())
}
