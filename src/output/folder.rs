//! The output folder as one unit: a run builds its files in a staging folder beside the target
//! and swaps it in at the end, so the target always holds exactly one complete run, whatever
//! happens to the process in between. A lock file beside the target keeps two runs apart.

use crate::fsio::{self, FileError};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Names kaohe gives the things it keeps beside a target folder `<name>`.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.kaohe-{what}"))
}

pub fn lock_path(target: &Path) -> PathBuf {
    sibling(target, "lock")
}

/// Why the target folder cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("输出文件夹 {} 正由另一个 kaohe 进程（进程号 {}）写入；请等它结束后再运行", .target.display(), .holder)]
    Locked { target: PathBuf, holder: String },
    #[error("{} 已存在，但不是文件夹", .0.display())]
    NotAFolder(PathBuf),
    #[error(
        "输出文件夹 {} 中有不是 kaohe 生成的文件：{}。kaohe 每次运行都会整体替换输出文件夹，请先移走这些文件，或另选一个新的输出文件夹",
        .target.display(),
        list(.files)
    )]
    Foreign { target: PathBuf, files: Vec<String> },
    #[error(
        "输出文件夹 {} 是当前所在的文件夹（或其上级）：kaohe 每次运行都会整体替换输出文件夹，请指定一个子文件夹，如 --out 考核结果",
        .0.display()
    )]
    HoldsWorkingFolder(PathBuf),
    #[error(transparent)]
    File(#[from] FileError),
}

fn list(files: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = files
        .iter()
        .take(SHOWN)
        .map(|f| format!("“{f}”"))
        .collect::<Vec<_>>()
        .join("、");
    if files.len() > SHOWN {
        s.push_str(&format!(" 等 {} 个", files.len()));
    }
    s
}

/// Held while a run writes into a target; released (and the lock file removed) on drop, and
/// released by the system when the process dies, so a killed run never blocks the next one.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    pub fn acquire(target: &Path) -> Result<Lock, FolderError> {
        let path = lock_path(target);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fsio::create_dir_all(dir)?;
        }
        let write_err = |source| FileError::Write {
            path: path.clone(),
            source,
        };
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(write_err)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(FolderError::Locked {
                        target: target.to_path_buf(),
                        holder: if holder.is_empty() {
                            "未知".to_string()
                        } else {
                            holder.to_string()
                        },
                    });
                }
                Err(TryLockError::Error(e)) => return Err(write_err(e).into()),
            }
            // The previous holder removes the file when it finishes: a lock taken on a file
            // that is no longer at `path` guards nothing, so start again with the new one.
            if !same_file(&file, &path) {
                continue;
            }
            file.set_len(0).map_err(write_err)?;
            file.rewind().map_err(write_err)?;
            file.write_all(std::process::id().to_string().as_bytes())
                .map_err(write_err)?;
            return Ok(Lock { file, path });
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// What is at the target before the run.
#[derive(Debug, PartialEq, Eq)]
pub enum Existing {
    Nothing,
    Empty,
    /// A folder an earlier run of kaohe wrote.
    EarlierRun,
}

/// Files kaohe writes under these names, also in folders written by versions whose manifest
/// missed some of them (an error-report run listed only the workbook beside earlier PDFs).
fn is_kaohe_layout(rel: &str) -> bool {
    let top = [
        "manifest.json",
        "考核汇总.xlsx",
        "年度考核结果通报.pdf",
        "半年自查汇总.pdf",
    ];
    top.contains(&rel)
        || rel.ends_with(".kaohe-tmp")
        || ((rel.starts_with("评分明细/") || rel.starts_with("季度通报/"))
            && rel.ends_with(".pdf")
            && rel.matches('/').count() == 1)
}

/// Decides whether `target` may be replaced: only when it is absent, empty, or holds nothing
/// but what kaohe wrote there. A folder of the user's own is never swept away.
pub fn inspect(target: &Path) -> Result<Existing, FolderError> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(source) => {
            return Err(FileError::Read {
                path: target.to_path_buf(),
                source,
            }
            .into());
        }
    };
    if !meta.is_dir() {
        return Err(FolderError::NotAFolder(target.to_path_buf()));
    }
    // Swapping the folder a shell stands in would leave that shell in a deleted folder.
    if let (Ok(cwd), Ok(real)) = (
        std::env::current_dir().and_then(std::fs::canonicalize),
        std::fs::canonicalize(target),
    ) && cwd.starts_with(&real)
    {
        return Err(FolderError::HoldsWorkingFolder(target.to_path_buf()));
    }
    let files = super::list_files(target).map_err(|source| FileError::Read {
        path: target.to_path_buf(),
        source,
    })?;
    if files.is_empty() {
        return Ok(Existing::Empty);
    }
    let listed: Vec<String> = super::verify::read_manifest(target)
        .map(|m| m.outputs.into_iter().map(|o| o.path).collect())
        .unwrap_or_default();
    let has_manifest = files.iter().any(|f| f == "manifest.json");
    let foreign: Vec<String> = files
        .into_iter()
        .filter(|f| !has_manifest || !(listed.contains(f) || is_kaohe_layout(f)))
        .collect();
    if foreign.is_empty() {
        Ok(Existing::EarlierRun)
    } else {
        Err(FolderError::Foreign {
            target: target.to_path_buf(),
            files: foreign,
        })
    }
}

/// The folder a run writes into before it is swapped in. Dropped without [`Staging::commit`],
/// it is removed: a failed run leaves the target as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder beside `target`, after removing what runs killed before they
    /// could finish left there (the caller holds the lock, so none of it is in use).
    pub fn create(target: &Path) -> Result<Staging, FolderError> {
        remove_leftovers(target)?;
        let dir = sibling(target, &format!("staging-{}", std::process::id()));
        fsio::remove_dir_all(&dir)?;
        fsio::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the staged folder at the target in one step. With an earlier run there, the two are
    /// exchanged atomically where the system allows it, so no moment exists at which the target
    /// is missing or mixed; the earlier run is then deleted.
    pub fn commit(mut self) -> Result<(), FolderError> {
        let rename_err = |source| FileError::Rename {
            from: self.dir.clone(),
            to: self.target.clone(),
            source,
        };
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(&self.dir, &self.target).map_err(rename_err)?;
            self.committed = true;
            return Ok(());
        }
        match exchange(&self.dir, &self.target) {
            Ok(()) => {}
            Err(_) => {
                // No atomic exchange on this system or file system: move the earlier run aside
                // first. A crash between the two renames leaves it beside the target, where the
                // next run removes it.
                let old = sibling(&self.target, &format!("old-{}", std::process::id()));
                std::fs::rename(&self.target, &old).map_err(|source| FileError::Rename {
                    from: self.target.clone(),
                    to: old.clone(),
                    source,
                })?;
                if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                    let _ = std::fs::rename(&old, &self.target);
                    return Err(rename_err(e).into());
                }
                let _ = fsio::remove_dir_all(&old);
                self.committed = true;
                return Ok(());
            }
        }
        self.committed = true;
        // The staging name now holds the earlier run.
        fsio::remove_dir_all(&self.dir)?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn remove_leftovers(target: &Path) -> Result<(), FolderError> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.kaohe-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = n.strip_prefix(&prefix)
            && (rest.starts_with("staging-") || rest.starts_with("old-"))
        {
            fsio::remove_dir_all(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir()
            .join(format!("kaohe-folder-{}", std::process::id()))
            .join(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        d
    }

    #[test]
    fn a_second_lock_names_the_holder_and_a_released_one_is_free() {
        let target = scratch("lock").join("out");
        let first = Lock::acquire(&target).expect("first");
        match Lock::acquire(&target) {
            Err(FolderError::Locked { holder, .. }) => {
                assert_eq!(holder, std::process::id().to_string())
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&target).exists());
        let again = Lock::acquire(&target).expect("free again");
        drop(again);
    }

    #[test]
    fn commit_swaps_in_the_staged_run_and_removes_the_earlier_one() {
        let target = scratch("swap").join("out");
        std::fs::create_dir_all(&target).expect("mkdir");
        std::fs::write(target.join("旧.pdf"), b"old").expect("write");
        // what a killed run left beside the target
        std::fs::create_dir_all(sibling(&target, "staging-1")).expect("mkdir");
        let staging = Staging::create(&target).expect("staging");
        assert!(!sibling(&target, "staging-1").exists());
        std::fs::write(staging.dir().join("新.pdf"), b"new").expect("write");
        staging.commit().expect("commit");
        let names: Vec<_> = std::fs::read_dir(&target)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("新.pdf")]);
        let beside: Vec<_> = std::fs::read_dir(target.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(beside, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn a_dropped_staging_leaves_the_target_as_it_was() {
        let target = scratch("drop").join("out");
        std::fs::create_dir_all(&target).expect("mkdir");
        std::fs::write(target.join("旧.pdf"), b"old").expect("write");
        let staging = Staging::create(&target).expect("staging");
        std::fs::write(staging.dir().join("半.pdf"), b"half").expect("write");
        let dir = staging.dir().to_path_buf();
        drop(staging);
        assert!(!dir.exists());
        assert_eq!(std::fs::read(target.join("旧.pdf")).expect("read"), b"old");
    }

    #[test]
    fn only_folders_kaohe_wrote_may_be_replaced() {
        let root = scratch("inspect");
        assert_eq!(
            inspect(&root.join("无")).expect("absent"),
            Existing::Nothing
        );
        let empty = root.join("空");
        std::fs::create_dir_all(&empty).expect("mkdir");
        assert_eq!(inspect(&empty).expect("empty"), Existing::Empty);
        let mine = root.join("桌面");
        std::fs::create_dir_all(&mine).expect("mkdir");
        std::fs::write(mine.join("工作总结.docx"), b"x").expect("write");
        match inspect(&mine) {
            Err(FolderError::Foreign { files, .. }) => assert_eq!(files, vec!["工作总结.docx"]),
            other => panic!("expected Foreign, got {other:?}"),
        }
        // An earlier run whose manifest missed PDFs it left behind is still kaohe's.
        std::fs::write(
            mine.join("manifest.json"),
            r#"{"program": "kaohe", "version": "0.1.0", "year": 2025, "rubric_sha256": "", "draft": false, "inputs": [], "outputs": []}"#,
        )
        .expect("write");
        std::fs::remove_file(mine.join("工作总结.docx")).expect("rm");
        std::fs::create_dir_all(mine.join("评分明细")).expect("mkdir");
        std::fs::write(mine.join("评分明细/甲.pdf"), b"x").expect("write");
        assert_eq!(inspect(&mine).expect("kaohe's"), Existing::EarlierRun);
        std::fs::write(mine.join("评分明细/备忘.txt"), b"x").expect("write");
        assert!(matches!(inspect(&mine), Err(FolderError::Foreign { .. })));
        std::fs::write(root.join("文件"), b"x").expect("write");
        assert!(matches!(
            inspect(&root.join("文件")),
            Err(FolderError::NotAFolder(_))
        ));
    }
}
