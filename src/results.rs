//! `考核结果.json`: a run's results kept with its outputs — every hall's total, rank, item
//! scores, deductions and bonus claims, each with the cell it came from — so that any two
//! archived runs can be compared ([`crate::diff`]) long after their inputs have changed.

use crate::Evaluation;
use crate::text::fmt_dec;
use serde::{Deserialize, Serialize};

pub const FILE: &str = "考核结果.json";
/// Bumped when the layout changes incompatibly.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub version: u32,
    pub year: Option<i32>,
    /// 发文机关 and 成文日期 (YYYY-MM-DD) of the run, for reports made from the results.
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub date: String,
    pub recommend_count: usize,
    pub tie_at_boundary: bool,
    /// In rank order.
    pub halls: Vec<HallResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HallResult {
    pub name: String,
    pub rank: usize,
    pub total: String,
    pub bonus: String,
    pub recommended: bool,
    pub disqualified: bool,
    pub reasons: Vec<String>,
    pub items: Vec<ItemResult>,
    pub bonuses: Vec<BonusResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub code: String,
    pub score: String,
    pub self_score: Option<String>,
    pub assessed: Option<String>,
    /// The cell of the assessed (or self) score.
    pub source: String,
    pub deductions: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub what: String,
    pub amount: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BonusResult {
    pub kind: String,
    pub what: String,
    pub points: String,
    pub counted: bool,
    pub note: String,
    pub source: String,
}

impl Results {
    pub fn of(ev: &Evaluation) -> Results {
        let s = &ev.scores;
        Results {
            version: VERSION,
            year: s.year,
            issuer: ev.config.issuer.clone(),
            date: ev.config.document_date().to_string(),
            recommend_count: s.recommend_count,
            tie_at_boundary: s.tie_at_boundary,
            halls: s
                .halls
                .iter()
                .map(|h| HallResult {
                    name: h.name.clone(),
                    rank: h.rank,
                    total: fmt_dec(h.total),
                    bonus: fmt_dec(h.bonus),
                    recommended: h.recommended,
                    disqualified: h.disqualified,
                    reasons: h.reasons.clone(),
                    items: h
                        .items
                        .iter()
                        .map(|i| ItemResult {
                            code: i.code.clone(),
                            score: fmt_dec(i.score),
                            self_score: i.self_score.map(fmt_dec),
                            assessed: i.assessed.map(fmt_dec),
                            source: i.source.as_ref().map(|s| s.describe()).unwrap_or_default(),
                            deductions: i
                                .deductions
                                .iter()
                                .map(|d| Line {
                                    what: d.what.clone(),
                                    amount: fmt_dec(d.amount),
                                    source: d.source.describe(),
                                })
                                .collect(),
                        })
                        .collect(),
                    bonuses: h
                        .bonus_lines
                        .iter()
                        .map(|b| BonusResult {
                            kind: b.kind.label().to_string(),
                            what: b.what.clone(),
                            points: fmt_dec(b.points),
                            counted: b.counted,
                            note: b.note.clone(),
                            source: b.source.describe(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads the results an output folder keeps.
    pub fn read(folder: &std::path::Path) -> Result<Results, ResultsError> {
        let path = folder.join(FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                ResultsError::NotAnOutputFolder(folder.to_path_buf())
            } else {
                ResultsError::Unreadable(path.clone(), crate::fsio::reason(&e))
            }
        })?;
        Results::from_json(&text).map_err(|why| ResultsError::Content(path, why))
    }

    /// Reads a results file's text.
    pub fn from_json(text: &str) -> Result<Results, ContentError> {
        let r: Results =
            serde_json::from_str(text).map_err(|e| ContentError::Unrecognised(e.to_string()))?;
        if r.version != VERSION {
            return Err(ContentError::OtherVersion(r.version));
        }
        Ok(r)
    }
}

/// Why a folder's results cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error("{} 中没有 {FILE}：请指向 kaohe run 的输出文件夹", .0.display())]
    NotAnOutputFolder(std::path::PathBuf),
    #[error("无法读取 {}：{}", .0.display(), .1)]
    Unreadable(std::path::PathBuf, String),
    #[error("{} {}", .0.display(), .1)]
    Content(std::path::PathBuf, ContentError),
}

/// Why a results file's text cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("内容无法识别（{0}）")]
    Unrecognised(String),
    #[error("是另一版本的 kaohe 写的（格式 {0}，本程序为 {VERSION}）")]
    OtherVersion(u32),
}
