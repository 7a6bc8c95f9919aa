//! Benchmarks on a synthetic, valid year folder: `kaohe::evaluate` (read, check, score), then
//! the score cards of every hall rendered to PDF on all cores, as `kaohe run` does.
//!
//! `cargo bench --bench check_score`; `KAOHE_BENCH_HALLS` sets the number of halls (default 2000).
//! The folder is generated once into the system temp dir (not timed) and reused while it exists.

#[path = "support/year.rs"]
mod year;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use year::{GENERATOR, Res, generate};

const WARMUP: usize = 1;
const ITERATIONS: usize = 5;

fn count_workbooks(dir: &Path) -> usize {
    let entries = fs::read_dir(dir).into_iter().flatten().flatten();
    entries
        .map(|e| match e.path() {
            p if p.is_dir() => count_workbooks(&p),
            p => usize::from(p.extension().is_some_and(|x| x == "xlsx")),
        })
        .sum()
}

fn main() -> Res {
    let halls: usize = match std::env::var("KAOHE_BENCH_HALLS") {
        Ok(v) => v
            .parse()
            .map_err(|e| format!("KAOHE_BENCH_HALLS={v:?}: {e}"))?,
        Err(_) => 2000,
    };
    assert!(halls > 0, "KAOHE_BENCH_HALLS must be at least 1");
    let dir: PathBuf = std::env::temp_dir().join(format!("kaohe-bench-g{GENERATOR}-{halls}"));
    if !dir.join("kaohe.toml").is_file() {
        let started = Instant::now();
        generate(&dir, halls)?;
        eprintln!("generated {} in {:.1?}", dir.display(), started.elapsed());
    }
    let workbooks = count_workbooks(&dir);

    let mut times: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for run in 0..WARMUP + ITERATIONS {
        let started = Instant::now();
        let evaluation = kaohe::evaluate(&dir).unwrap_or_else(|e| panic!("evaluate failed: {e}"));
        let elapsed = started.elapsed();
        errors = evaluation.error_count();
        if errors > 0 {
            for d in evaluation.diagnostics.iter().take(10) {
                eprintln!("{d:?}");
            }
        }
        assert_eq!(
            errors, 0,
            "the generated folder must be valid (first diagnostics above)"
        );
        if run >= WARMUP {
            times.push(elapsed);
        }
        std::hint::black_box(evaluation);
    }
    times.sort();
    let (min, median, max) = (times[0], times[times.len() / 2], times[times.len() - 1]);
    println!(
        "check_score: halls={halls} workbooks={workbooks} error_count={errors} \
         iterations={ITERATIONS} min={min:.1?} median={median:.1?} max={max:.1?}"
    );
    score_cards(&dir)?;
    write_stage(&dir)
}

/// The whole write stage as `kaohe run` does it (`kaohe::output::produce`): summary workbook,
/// every document, manifest, staged and swapped into a real folder.
fn write_stage(dir: &Path) -> Res {
    let ev = kaohe::evaluate(dir)?;
    let out = std::env::temp_dir().join(format!("kaohe-bench-out-{}", std::process::id()));
    let mut times = Vec::new();
    let mut files = 0;
    for run in 0..WARMUP + 3 {
        let started = Instant::now();
        let outcome = kaohe::output::produce(&ev, &kaohe::output::Options::new(dir, &out))?;
        if run >= WARMUP {
            times.push(started.elapsed());
        }
        files = outcome.outputs.len();
    }
    let _ = std::fs::remove_dir_all(&out);
    times.sort();
    println!(
        "write_stage: files={files} min={:.1?} median={:.1?} max={:.1?}",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
    Ok(())
}

/// Renders every hall's score card (template → markup → PDF) in parallel, without writing.
fn score_cards(dir: &Path) -> Res {
    use rayon::prelude::*;
    let ev = kaohe::evaluate(dir)?;
    let templates = kaohe::render::templates::Templates::load(None)?;
    let fonts = kaohe::pdf::Fonts::free()?;
    let jobs: Vec<_> = kaohe::render::documents::jobs(&ev, None, false)
        .into_iter()
        .filter(|j| j.template == "score_card.tera")
        .collect();
    let mut times = Vec::new();
    let mut bytes = 0;
    for run in 0..WARMUP + 3 {
        let started = Instant::now();
        let sizes: Vec<usize> = jobs
            .par_iter()
            .map(|j| {
                kaohe::render::documents::produce(j, &templates, &fonts, false)
                    .map(|r| r.bytes.len())
            })
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        if run >= WARMUP {
            times.push(started.elapsed());
        }
        bytes = sizes.iter().sum::<usize>();
    }
    times.sort();
    println!(
        "score_cards: cards={} threads={} total_size={:.1} MB min={:.1?} median={:.1?} max={:.1?}",
        jobs.len(),
        rayon::current_num_threads(),
        bytes as f64 / 1e6,
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
    Ok(())
}
