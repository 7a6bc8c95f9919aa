//! `manifest.json`: which program, rubric and input files produced which output files, each
//! with its SHA-256, so an archived result can be checked against its sources.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    pub year: Option<i32>,
    pub rubric_sha256: String,
    pub draft: bool,
    pub inputs: Vec<FileDigest>,
    pub outputs: Vec<FileDigest>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Digests of files given relative to `root`, in the order given.
pub fn digests(root: &Path, rel_paths: &[String]) -> Vec<FileDigest> {
    rel_paths
        .iter()
        .filter_map(|rel| {
            let bytes = std::fs::read(root.join(rel)).ok()?;
            Some(FileDigest {
                path: rel.clone(),
                sha256: sha256_hex(&bytes),
                bytes: bytes.len() as u64,
            })
        })
        .collect()
}

impl Manifest {
    pub fn new(
        ev: &crate::Evaluation,
        input: &Path,
        out: &Path,
        outputs: &[String],
        draft: bool,
    ) -> Manifest {
        let mut inputs: Vec<String> = [crate::config::FILE, crate::rubric::FILE]
            .iter()
            .filter(|f| input.join(f).is_file())
            .map(|f| f.to_string())
            .collect();
        inputs.extend(ev.data.files.iter().cloned());
        Manifest {
            program: "kaohe".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            year: ev.config.year,
            rubric_sha256: sha256_hex(ev.rubric.source_text.as_bytes()),
            draft,
            inputs: digests(input, &inputs),
            outputs: digests(out, outputs),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
