//! Last year beside this year: the results a previous run kept (`考核结果.json` in its output
//! folder, named by `[history] previous`) matched to this year's halls by name or alias.
//! Halls that match neither way are reported, never guessed.

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::results::Results;
use crate::score::Scores;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The year the previous results are of.
    pub year: Option<i32>,
    /// Per hall of this year's ranking, in its order.
    pub halls: Vec<Compared>,
    /// Halls of the previous results with no hall of this year.
    pub gone: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub name: String,
    /// None: the hall has no previous result (new this year).
    pub previous: Option<Previous>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The name it had then (differs when it was renamed and matched by alias).
    pub name: String,
    pub rank: usize,
    pub total: Decimal,
}

impl History {
    pub fn of(&self, name: &str) -> Option<&Compared> {
        self.halls.iter().find(|c| c.name == name)
    }
}

/// Reads the previous results from `folder` and matches them to this year's halls; `file` is
/// where the setting was read from, for the messages.
pub fn load(
    folder: &Path,
    config: &Config,
    scores: &Scores,
    file: &str,
) -> (Option<History>, Vec<Diagnostic>) {
    match Results::read(folder) {
        Ok(previous) => compare(config, scores, &previous, file),
        Err(why) => (
            None,
            vec![Diagnostic::in_file(
                Severity::Warning,
                file,
                format!("设置项 history.previous：{why}；本次不作历年对比"),
            )],
        ),
    }
}

/// Matches `previous` to this year's halls: by name first, then by the hall's aliases.
pub fn compare(
    config: &Config,
    scores: &Scores,
    previous: &Results,
    file: &str,
) -> (Option<History>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut used = vec![false; previous.halls.len()];
    let mut halls = Vec::new();
    for h in &scores.halls {
        let aliases = config
            .halls
            .iter()
            .find(|c| c.name == h.name)
            .map(|c| c.aliases.as_slice())
            .unwrap_or_default();
        let found = previous
            .halls
            .iter()
            .position(|p| p.name == h.name)
            .or_else(|| {
                previous
                    .halls
                    .iter()
                    .position(|p| aliases.contains(&p.name))
            })
            .filter(|&k| !used[k]);
        let prev = found.map(|k| {
            used[k] = true;
            let p = &previous.halls[k];
            Previous {
                name: p.name.clone(),
                rank: p.rank,
                total: Decimal::from_str(&p.total).unwrap_or_default(),
            }
        });
        if prev.is_none() {
            diags.push(Diagnostic::in_file(
                Severity::Notice,
                file,
                format!(
                    "“{}”在上一年度的结果中没有（名称和简称都不相符），历年对比中记为本年新增",
                    h.name
                ),
            ));
        }
        halls.push(Compared {
            name: h.name.clone(),
            previous: prev,
        });
    }
    let gone: Vec<String> = previous
        .halls
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| p.name.clone())
        .collect();
    for g in &gone {
        diags.push(Diagnostic::in_file(
            Severity::Warning,
            file,
            format!(
                "上一年度结果中的“{g}”在本年名录中找不到（名称和简称都不相符），未作对比；若只是改了名称，请在 [[hall]] 的 aliases 中写上旧名称"
            ),
        ));
    }
    (
        Some(History {
            year: previous.year,
            halls,
            gone,
        }),
        diags,
    )
}
