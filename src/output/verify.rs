//! `kaohe verify`: proves a folder is what kaohe wrote — every file listed in its manifest with
//! the same SHA-256, nothing missing, nothing added.

use super::MANIFEST;
use crate::fsio::FileError;
use crate::manifest::{Manifest, sha256_hex};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{} 中没有 manifest.json，不是 kaohe 的输出文件夹", .0.display())]
    NoManifest(PathBuf),
    #[error("{} 无法识别：{}", .path.display(), .message)]
    BadManifest { path: PathBuf, message: String },
    #[error(transparent)]
    File(#[from] FileError),
}

/// A file whose content differs from what the manifest recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub path: String,
    pub expected: String,
    pub actual: String,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files the manifest lists and the folder matches.
    pub matching: usize,
    pub missing: Vec<String>,
    pub changed: Vec<Changed>,
    /// Files in the folder the manifest does not list.
    pub extra: Vec<String>,
}

impl Report {
    pub fn is_intact(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }

    /// Human text, in Chinese.
    pub fn render(&self, dir: &Path) -> String {
        let mut s = String::new();
        for m in &self.missing {
            s.push_str(&format!("  缺少：{m}\n"));
        }
        for c in &self.changed {
            s.push_str(&format!(
                "  已改动：{}（清单记录 SHA-256 {}，实际 {}）\n",
                c.path, c.expected, c.actual
            ));
        }
        for e in &self.extra {
            s.push_str(&format!("  多出：{e}（不在清单中）\n"));
        }
        if self.is_intact() {
            s.push_str(&format!(
                "{}：{} 个文件与 manifest.json 完全一致。\n",
                dir.display(),
                self.matching
            ));
        } else {
            s.push_str(&format!(
                "{}：与 manifest.json 不一致——{} 个一致，{} 个缺少，{} 个已改动，{} 个多出。\n",
                dir.display(),
                self.matching,
                self.missing.len(),
                self.changed.len(),
                self.extra.len()
            ));
        }
        s
    }
}

pub fn read_manifest(dir: &Path) -> Result<Manifest, VerifyError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VerifyError::NoManifest(dir.to_path_buf()));
        }
        Err(source) => return Err(FileError::Read { path, source }.into()),
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| VerifyError::BadManifest {
        path: path.clone(),
        message: e.to_string(),
    })?;
    if manifest.program != "kaohe" {
        return Err(VerifyError::BadManifest {
            path,
            message: format!("不是 kaohe 写的清单（program 为“{}”）", manifest.program),
        });
    }
    Ok(manifest)
}

/// Re-hashes every file of `dir` against its manifest.
pub fn verify(dir: &Path) -> Result<Report, VerifyError> {
    let manifest = read_manifest(dir)?;
    let present = super::list_files(dir).map_err(|source| FileError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut report = Report::default();
    for entry in &manifest.outputs {
        let path = dir.join(&entry.path);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual == entry.sha256 {
                    report.matching += 1;
                } else {
                    report.changed.push(Changed {
                        path: entry.path.clone(),
                        expected: entry.sha256.clone(),
                        actual,
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.missing.push(entry.path.clone())
            }
            Err(source) => return Err(FileError::Read { path, source }.into()),
        }
    }
    report.extra = present
        .into_iter()
        .filter(|p| p != MANIFEST && !manifest.outputs.iter().any(|o| &o.path == p))
        .collect();
    Ok(report)
}
