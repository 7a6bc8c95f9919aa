//! Wall-clock time per stage of a run, for the benchmark: where a province's second goes.

use std::time::{Duration, Instant};

/// kaohe.toml, rubric, choice of fonts and their coverage.
pub const SETTINGS: &str = "settings and fonts";
/// Finding and reading every workbook into records.
pub const READ: &str = "read";
/// Validating and scoring the records.
pub const SCORE: &str = "validate+score";
pub const SUMMARY: &str = "summary workbook";
/// 考核结果.json.
pub const RESULTS: &str = "results file";
/// Loading the fonts the documents are set in.
pub const FONTS: &str = "load fonts";
/// Listing the documents to make (each one's data is built as it is made).
pub const JOBS: &str = "document list";
/// All documents, on every core: wall time.
pub const DOCUMENTS: &str = "documents (wall)";
pub const MANIFEST: &str = "manifest and swap";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings {
    /// (stage, time) in the order the stages first ran; a stage that runs again adds up.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn add(&mut self, stage: &'static str, time: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += time,
            None => self.stages.push((stage, time)),
        }
    }

    /// Runs `f`, counting its time to `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.add(stage, started.elapsed());
        out
    }

    pub fn get(&self, stage: &str) -> Option<Duration> {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, t)| *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_that_runs_twice_adds_up_and_keeps_its_place() {
        let mut t = Timings::default();
        t.add("read", Duration::from_millis(3));
        t.add("score", Duration::from_millis(1));
        t.add("read", Duration::from_millis(2));
        assert_eq!(
            t.stages,
            vec![
                ("read", Duration::from_millis(5)),
                ("score", Duration::from_millis(1))
            ]
        );
        assert_eq!(t.time("write", || 7), 7);
        assert_eq!(t.stages.len(), 3);
        assert_eq!(t.get("score"), Some(Duration::from_millis(1)));
    }
}
