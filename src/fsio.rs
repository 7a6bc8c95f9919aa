//! File-system operations every writer shares, with errors that name the path and say why in
//! Chinese (an `io::Error` alone prints English and no path).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file or folder that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("无法创建文件夹 {}：{}", .path.display(), reason(.source))]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("无法写入 {}：{}", .path.display(), reason(.source))]
    Write { path: PathBuf, source: io::Error },
    #[error("无法读取 {}：{}", .path.display(), reason(.source))]
    Read { path: PathBuf, source: io::Error },
    #[error("无法删除 {}：{}", .path.display(), reason(.source))]
    Remove { path: PathBuf, source: io::Error },
    #[error("无法把 {} 换入 {}：{}", .from.display(), .to.display(), reason(.source))]
    Rename {
        from: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
}

impl FileError {
    /// The same error told of the place the user knows: paths under `from` (a staging folder)
    /// shown under `to` (the output folder they asked for).
    pub fn relocated(self, from: &Path, to: &Path) -> FileError {
        let move_path = |p: PathBuf| match p.strip_prefix(from) {
            Ok(rest) => to.join(rest),
            Err(_) => p,
        };
        match self {
            FileError::CreateDir { path, source } => FileError::CreateDir {
                path: move_path(path),
                source,
            },
            FileError::Write { path, source } => FileError::Write {
                path: move_path(path),
                source,
            },
            FileError::Read { path, source } => FileError::Read {
                path: move_path(path),
                source,
            },
            FileError::Remove { path, source } => FileError::Remove {
                path: move_path(path),
                source,
            },
            rename @ FileError::Rename { .. } => rename,
        }
    }
}

/// The cause of an I/O error in words a clerk understands; the system's error number is kept
/// for whoever supports them, its English text only where no Chinese words are known.
pub fn reason(e: &io::Error) -> String {
    use io::ErrorKind::*;
    let plain = match e.kind() {
        StorageFull => "磁盘空间不足",
        PermissionDenied => "没有权限",
        NotFound => "路径不存在",
        ReadOnlyFilesystem => "磁盘是只读的",
        NotADirectory => "路径中有一段不是文件夹",
        IsADirectory => "这是一个文件夹",
        AlreadyExists => "已存在",
        QuotaExceeded => "超出磁盘配额",
        FileTooLarge => "文件过大",
        _ => return format!("{e}"),
    };
    match e.raw_os_error() {
        Some(code) => format!("{plain}（系统错误码 {code}）"),
        None => plain.to_string(),
    }
}

pub fn create_dir_all(path: &Path) -> Result<(), FileError> {
    std::fs::create_dir_all(path).map_err(|source| FileError::CreateDir {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to `path`, creating its folder; a failed write leaves no partial file behind.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    // the folder is made when the first write finds it missing: a province's 2,000 score
    // cards would otherwise ask for their folder 2,000 times
    let mut written = std::fs::write(path, bytes);
    if matches!(&written, Err(e) if e.kind() == io::ErrorKind::NotFound)
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        create_dir_all(dir)?;
        written = std::fs::write(path, bytes);
    }
    written.map_err(|source| {
        let _ = std::fs::remove_file(path);
        FileError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Writes a file under a temporary name in the same folder, then renames it into place, so the
/// final name only ever holds a complete file. The temporary name is unique to the process and
/// call, so two writers never share one; it is removed when anything fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(
        ".{name}.{}-{}.kaohe-tmp",
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ));
    write_new(&tmp, bytes)?;
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        FileError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

pub fn remove_dir_all(path: &Path) -> Result<(), FileError> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(FileError::Remove {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_chinese_and_keep_the_error_number() {
        let e = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(reason(&e), "磁盘空间不足");
        let e = io::Error::from_raw_os_error(28);
        assert_eq!(reason(&e), "磁盘空间不足（系统错误码 28）");
        let e = io::Error::other("odd");
        assert_eq!(reason(&e), "odd");
    }

    #[test]
    fn an_error_in_the_staging_folder_names_the_output_folder() {
        let e = FileError::Write {
            path: PathBuf::from("/a/.out.kaohe-staging-7/评分明细/甲.pdf"),
            source: io::Error::from_raw_os_error(28),
        };
        let moved = e.relocated(Path::new("/a/.out.kaohe-staging-7"), Path::new("/a/out"));
        assert_eq!(
            moved.to_string(),
            "无法写入 /a/out/评分明细/甲.pdf：磁盘空间不足（系统错误码 28）"
        );
    }

    #[test]
    fn a_failed_atomic_write_names_the_path_and_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("kaohe-fsio-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        // A folder where the file should go: the rename fails after the temporary file exists.
        let target = dir.join("占用");
        std::fs::create_dir_all(target.join("子")).expect("mkdir");
        let err = write_atomic(&target, b"x").expect_err("a folder is in the way");
        assert!(err.to_string().contains("占用"), "{err}");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("占用")]);
        write_atomic(&dir.join("好.txt"), b"ok").expect("write");
        assert_eq!(std::fs::read(dir.join("好.txt")).expect("read"), b"ok");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
