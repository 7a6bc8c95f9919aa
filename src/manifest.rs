//! `manifest.json`: which program, rubric and input files produced which output files, each
//! with its SHA-256, so an archived result can be checked against its sources
//! ([`crate::output::verify`]).

use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl FileDigest {
    pub fn of(path: &str, bytes: &[u8]) -> FileDigest {
        FileDigest {
            path: path.to_string(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        }
    }
}

/// One file of the input folder the run looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    pub path: String,
    /// `used`, `skipped` or `unreadable`.
    pub status: String,
    /// Why a file was not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    pub year: Option<i32>,
    pub rubric_sha256: String,
    pub draft: bool,
    /// Errors in the input: when non-zero and not a draft, only the error report was written.
    #[serde(default)]
    pub input_errors: usize,
    pub inputs: Vec<InputEntry>,
    /// Every file of the output folder but the manifest itself.
    pub outputs: Vec<FileDigest>,
}

pub use crate::fsio::sha256_hex;

impl Manifest {
    pub fn new(
        ev: &crate::Evaluation,
        input: &Path,
        outputs: Vec<FileDigest>,
        draft: bool,
    ) -> Manifest {
        Manifest {
            program: "kaohe".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            year: ev.config.year,
            rubric_sha256: sha256_hex(ev.rubric.source_text.as_bytes()),
            draft,
            input_errors: ev.error_count(),
            inputs: input_entries(ev, input),
            outputs,
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Every file the run considered, with its digest when it was used.
fn input_entries(ev: &crate::Evaluation, input: &Path) -> Vec<InputEntry> {
    use crate::InputStatus;
    ev.inputs
        .iter()
        .map(|f| {
            let (status, reason) = match &f.status {
                InputStatus::Used => ("used", None),
                InputStatus::Skipped(why) => ("skipped", Some(why.clone())),
                InputStatus::Unreadable(why) => ("unreadable", Some(why.clone())),
            };
            let mut entry = InputEntry {
                path: f.rel.clone(),
                status: status.to_string(),
                reason,
                sha256: None,
                bytes: None,
            };
            if let (InputStatus::Used, Some((sha, bytes))) = (&f.status, &f.content) {
                // the digest of the bytes the run read, taken when they were read
                entry.sha256 = Some(sha.clone());
                entry.bytes = Some(*bytes);
            } else if f.status == InputStatus::Used {
                let path = if f.path.as_os_str().is_empty() {
                    input.join(&f.rel)
                } else {
                    f.path.clone()
                };
                match std::fs::read(&path) {
                    Ok(b) => {
                        entry.sha256 = Some(sha256_hex(&b));
                        entry.bytes = Some(b.len() as u64);
                    }
                    Err(e) => {
                        entry.status = "unreadable".to_string();
                        entry.reason = Some(crate::fsio::reason(&e));
                    }
                }
            }
            entry
        })
        .collect()
}
