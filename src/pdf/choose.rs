//! Which face each typographic role is set in, and why.
//!
//! Each role is resolved on its own, first match wins:
//! 1. `--fonts <folder>`: a face in the folder whose family name is one of the role's
//!    (方正小标宋简体, 仿宋_GB2312, 黑体 …), or the free face's file name;
//! 2. `[fonts]` in kaohe.toml: a font file, or a family name found among the system's fonts;
//! 3. `KAOHE_FONTS`: a folder as in 1, or `builtin` for the free set;
//! 4. the system's fonts, by family name (fontconfig folders, `C:\Windows\Fonts`,
//!    `/System/Library/Fonts` …), collections (`.ttc`) included;
//! 5. the free set: `fonts/` beside the program, else the copy built into the program.
//!
//! Only names are read here (each file's table directory and `name` table); the faces are
//! parsed when a document is set, see [`super::Fonts`].

use super::role::{FontError, FontRole};
use super::sfnt::{self, Directory};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// What kaohe.toml's `[fonts]` says for a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSpec {
    /// A font file (`.ttf`, `.otf`, `.ttc`, `.otc`); relative paths are taken from the input
    /// folder. In a collection, the face whose family name fits the role, else the first.
    File(PathBuf),
    /// A family name, looked for among the system's fonts (and the `--fonts` folder).
    Family(String),
}

/// What the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontRequest {
    /// `--fonts <folder>`.
    pub folder: Option<PathBuf>,
    /// `[fonts]` of kaohe.toml.
    pub settings: BTreeMap<FontRole, FontSpec>,
}

/// Where a chosen face was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// `--fonts <folder>`.
    Flag,
    /// `[fonts]` in kaohe.toml.
    Settings,
    /// The `KAOHE_FONTS` environment variable.
    Environment,
    /// The system's font folders.
    System,
    /// kaohe's free set, from `fonts/` beside the program.
    FreeFolder,
    /// kaohe's free set built into the program.
    BuiltIn,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "--fonts 指定的文件夹",
            Origin::Settings => "kaohe.toml [fonts]",
            Origin::Environment => "环境变量 KAOHE_FONTS",
            Origin::System => "系统字体",
            Origin::FreeFolder => "kaohe 附带的免费字体",
            Origin::BuiltIn => "程序内置的免费字体",
        })
    }
}

/// A font file, or the copy of a free face built into the program.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceFile {
    Path(PathBuf),
    BuiltIn(FontRole),
}

impl fmt::Display for FaceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaceFile::Path(p) => write!(f, "{}", p.display()),
            FaceFile::BuiltIn(r) => write!(f, "（程序内置）{}", r.file()),
        }
    }
}

/// The face a role is set in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenFace {
    pub role: FontRole,
    pub file: FaceFile,
    /// The face's index in a collection (0 for a single font).
    pub index: usize,
    /// The family name it was chosen by (or its first one).
    pub family: String,
    pub origin: Origin,
}

impl ChosenFace {
    /// One line for `kaohe fonts` and `run`.
    pub fn describe(&self) -> String {
        let index = if self.index > 0 {
            format!("（第 {} 个字体）", self.index + 1)
        } else {
            String::new()
        };
        format!(
            "{}：{}，{}{}，来自{}",
            self.role.label(),
            self.family,
            self.file,
            index,
            self.origin
        )
    }

    /// Whether this is a face of kaohe's free set.
    pub fn is_free(&self) -> bool {
        matches!(self.origin, Origin::FreeFolder | Origin::BuiltIn)
            || matches!(&self.file, FaceFile::Path(p) if p.file_name().is_some_and(|n| n == self.role.file()))
    }
}

/// The face of every role, and where the free set is (glyphs no chosen face has are drawn
/// from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    pub faces: Vec<ChosenFace>,
    pub free: Option<FreeSet>,
}

impl FontChoice {
    pub fn face(&self, role: FontRole) -> &ChosenFace {
        &self.faces[role.index()]
    }

    /// Every face chosen from outside the free set.
    pub fn any_office_face(&self) -> bool {
        self.faces.iter().any(|f| !f.is_free())
    }
}

/// Where kaohe's free faces are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreeSet {
    Folder(PathBuf),
    BuiltIn,
}

impl FreeSet {
    pub(crate) fn file(&self, role: FontRole) -> FaceFile {
        match self {
            FreeSet::Folder(d) => FaceFile::Path(d.join(role.file())),
            FreeSet::BuiltIn => FaceFile::BuiltIn(role),
        }
    }

    fn origin(&self) -> Origin {
        match self {
            FreeSet::Folder(_) => Origin::FreeFolder,
            FreeSet::BuiltIn => Origin::BuiltIn,
        }
    }

    pub(crate) fn face(&self, role: FontRole) -> ChosenFace {
        ChosenFace {
            role,
            file: self.file(role),
            index: 0,
            family: role.shipped_face().to_string(),
            origin: self.origin(),
        }
    }
}

/// A family name as compared: case, spaces, hyphens and underscores do not count.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rank of `family` among the role's names (0 = the best), if it is one of them.
fn rank(role: FontRole, family: &str) -> Option<usize> {
    let f = fold(family);
    role.families().iter().position(|n| fold(n) == f)
}

/// One face of a font file, by its names.
#[derive(Debug, Clone)]
struct Listed {
    path: PathBuf,
    index: usize,
    families: Vec<String>,
}

impl Listed {
    fn rank(&self, role: FontRole) -> Option<(usize, String)> {
        self.families
            .iter()
            .filter_map(|f| rank(role, f).map(|r| (r, f.clone())))
            .min_by_key(|(r, _)| *r)
    }
}

fn is_font_file(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// The names of every face in `path`, reading only the directories and `name` tables.
fn list_file(path: &Path) -> Vec<Listed> {
    fn read_at(f: &mut std::fs::File, at: u64, len: usize) -> Option<Vec<u8>> {
        f.seek(SeekFrom::Start(at)).ok()?;
        let mut buf = Vec::with_capacity(len);
        f.take(len as u64).read_to_end(&mut buf).ok()?;
        (buf.len() == len).then_some(buf)
    }
    let inner = || -> Option<Vec<Listed>> {
        let mut f = std::fs::File::open(path).ok()?;
        let len = usize::try_from(f.metadata().ok()?.len()).ok()?;
        // enough for a collection header of 1,024 faces
        let mut head = read_at(&mut f, 0, len.min(4108))?;
        let faces = sfnt::face_offsets(&head)?;
        let mut out = Vec::new();
        for (index, &at) in faces.iter().enumerate() {
            let need = Directory::span(&head, index).or_else(|| {
                // the face's directory lies beyond what was read
                let more = read_at(&mut f, 0, len.min(at + 12 + 16 * 64))?;
                head = more;
                Directory::span(&head, index)
            })?;
            if need > head.len() {
                head = read_at(&mut f, 0, len.min(need))?;
            }
            let Some(dir) = Directory::read(&head, index, len) else {
                continue;
            };
            let Some(range) = dir.range(b"name") else {
                continue;
            };
            if range.len() > 1 << 20 {
                continue;
            }
            let Some(name) = read_at(&mut f, range.start as u64, range.len()) else {
                continue;
            };
            let names = sfnt::names(&name);
            out.push(Listed {
                path: path.to_path_buf(),
                index,
                families: names.families,
            });
        }
        Some(out)
    };
    inner().unwrap_or_default()
}

/// Every face in the font files under `dirs` (sub-folders included), in path order.
fn list_dirs(dirs: &[PathBuf]) -> Vec<Listed> {
    let mut files = Vec::new();
    for d in dirs {
        walk(d, 0, &mut files);
    }
    files.sort();
    files.dedup();
    files.iter().flat_map(|p| list_file(p)).collect()
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    // fontconfig folders nest a few levels; a link cycle stops at the depth bound
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, depth + 1, files),
            Ok(m) if m.is_file() && is_font_file(&p) => files.push(p),
            _ => {}
        }
    }
}

/// The folders the system keeps fonts in, for this platform and user.
pub fn system_font_dirs() -> Vec<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = env("HOME");
    let mut out = Vec::new();
    if cfg!(windows) {
        let windir = env("WINDIR")
            .or_else(|| env("SystemRoot"))
            .unwrap_or_else(|| PathBuf::from("C:\\Windows"));
        out.push(windir.join("Fonts"));
        if let Some(local) = env("LOCALAPPDATA") {
            out.push(local.join("Microsoft").join("Windows").join("Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        out.push(PathBuf::from("/System/Library/Fonts"));
        out.push(PathBuf::from("/Library/Fonts"));
        if let Some(h) = &home {
            out.push(h.join("Library/Fonts"));
        }
    } else {
        // the XDG base directories fontconfig reads, then its legacy ~/.fonts
        match env("XDG_DATA_HOME") {
            Some(d) => out.push(d.join("fonts")),
            None => {
                if let Some(h) = &home {
                    out.push(h.join(".local/share/fonts"));
                }
            }
        }
        if let Some(h) = &home {
            out.push(h.join(".fonts"));
        }
        let data_dirs = std::env::var("XDG_DATA_DIRS")
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "/usr/local/share:/usr/share".to_string());
        out.extend(
            data_dirs
                .split(':')
                .filter(|d| !d.is_empty())
                .map(|d| Path::new(d).join("fonts")),
        );
    }
    out
}

/// The faces found in one folder (`--fonts`, `KAOHE_FONTS`): by family name, or the free
/// face's file name.
struct Folder {
    dir: PathBuf,
    listed: Vec<Listed>,
}

impl Folder {
    fn open(dir: &Path) -> Result<Folder, FontError> {
        if !dir.is_dir() {
            return Err(FontError::NoDirectory {
                searched: vec![dir.to_path_buf()],
            });
        }
        Ok(Folder {
            dir: dir.to_path_buf(),
            listed: list_dirs(&[dir.to_path_buf()]),
        })
    }

    fn find(&self, role: FontRole, origin: &Origin) -> Option<ChosenFace> {
        best(&self.listed, role, origin.clone()).or_else(|| {
            let p = self.dir.join(role.file());
            p.is_file().then(|| ChosenFace {
                role,
                file: FaceFile::Path(p),
                index: 0,
                family: role.shipped_face().to_string(),
                origin: origin.clone(),
            })
        })
    }
}

/// The face among `listed` whose family ranks best for `role` (ties: path order).
fn best(listed: &[Listed], role: FontRole, origin: Origin) -> Option<ChosenFace> {
    listed
        .iter()
        .filter_map(|l| l.rank(role).map(|(r, fam)| (r, fam, l)))
        .min_by_key(|(r, _, _)| *r)
        .map(|(_, family, l)| ChosenFace {
            role,
            file: FaceFile::Path(l.path.clone()),
            index: l.index,
            family,
            origin,
        })
}

/// Chooses the face of every role as the module documentation says.
pub fn choose(request: &FontRequest) -> Result<FontChoice, FontError> {
    let flag = request.folder.as_deref().map(Folder::open).transpose()?;
    let environment = std::env::var_os("KAOHE_FONTS").filter(|v| !v.is_empty());
    let builtin_only = environment.as_deref().is_some_and(|v| v == "builtin");
    let env_folder = match &environment {
        Some(v) if !builtin_only => Some(Folder::open(Path::new(v))?),
        _ => None,
    };
    // scanned once, and only when some role reaches the system's fonts
    let system = std::cell::OnceCell::new();
    let system_listed = || -> &[Listed] { system.get_or_init(|| list_dirs(&system_font_dirs())) };
    let free = free_set();

    let mut faces = Vec::new();
    for role in FontRole::ALL {
        if let Some(face) = flag.as_ref().and_then(|f| f.find(role, &Origin::Flag)) {
            faces.push(face);
            continue;
        }
        if let Some(spec) = request.settings.get(&role) {
            let face = from_settings(role, spec, flag.as_ref(), &system_listed);
            faces.push(face.map_err(|e| FontError::Settings {
                role,
                source: Box::new(e),
            })?);
            continue;
        }
        if let Some(face) = env_folder
            .as_ref()
            .and_then(|f| f.find(role, &Origin::Environment))
        {
            faces.push(face);
            continue;
        }
        if !builtin_only && let Some(face) = best(system_listed(), role, Origin::System) {
            faces.push(face);
            continue;
        }
        let set = if builtin_only && cfg!(feature = "embedded-fonts") {
            Some(FreeSet::BuiltIn)
        } else {
            free.clone()
        };
        match set {
            Some(set) => faces.push(set.face(role)),
            None => {
                return Err(FontError::NoDirectory {
                    searched: free_set_places(),
                });
            }
        }
    }
    Ok(FontChoice { faces, free })
}

fn from_settings<'a>(
    role: FontRole,
    spec: &FontSpec,
    flag: Option<&Folder>,
    system: &dyn Fn() -> &'a [Listed],
) -> Result<ChosenFace, FontError> {
    match spec {
        FontSpec::File(path) => {
            let listed = list_file(path);
            if listed.is_empty() {
                return Err(if path.is_file() {
                    FontError::Invalid { path: path.clone() }
                } else {
                    FontError::Missing {
                        path: path.clone(),
                        role,
                    }
                });
            }
            let chosen = listed
                .iter()
                .filter_map(|l| l.rank(role).map(|(r, f)| (r, f, l)))
                .min_by_key(|(r, _, _)| *r)
                .map(|(_, f, l)| (f, l))
                .unwrap_or_else(|| {
                    let l = &listed[0];
                    (l.families.first().cloned().unwrap_or_default(), l)
                });
            Ok(ChosenFace {
                role,
                file: FaceFile::Path(path.clone()),
                index: chosen.1.index,
                family: chosen.0,
                origin: Origin::Settings,
            })
        }
        FontSpec::Family(name) => {
            let wanted = fold(name);
            let in_flag = flag.map(|f| f.listed.as_slice()).unwrap_or_default();
            in_flag
                .iter()
                .chain(system())
                .find_map(|l| {
                    l.families
                        .iter()
                        .find(|f| fold(f) == wanted)
                        .map(|f| ChosenFace {
                            role,
                            file: FaceFile::Path(l.path.clone()),
                            index: l.index,
                            family: f.clone(),
                            origin: Origin::Settings,
                        })
                })
                .ok_or_else(|| FontError::FamilyNotFound {
                    role,
                    family: name.clone(),
                })
        }
    }
}

/// The folders where kaohe's free set may lie: `fonts/` beside the program, in cargo's
/// target layout, or in the checkout the program was built from.
fn free_set_places() -> Vec<PathBuf> {
    let mut searched = Vec::new();
    if let Ok(exe) = std::env::current_exe()
        && let Some(d) = exe.parent()
    {
        searched.push(d.join("fonts"));
        searched.push(d.join("../../fonts"));
        // test and example binaries live one level deeper (target/debug/deps)
        searched.push(d.join("../../../fonts"));
    }
    searched.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
    searched
}

/// kaohe's free set: the copy built into the program when there is one (nothing to read from
/// disk, and the same bytes as `fonts/`), else the first folder of [`free_set_places`] that
/// holds it.
pub fn free_set() -> Option<FreeSet> {
    if cfg!(feature = "embedded-fonts") {
        return Some(FreeSet::BuiltIn);
    }
    let complete = |d: &Path| FontRole::ALL.iter().all(|r| d.join(r.file()).is_file());
    free_set_places()
        .into_iter()
        .find(|d| complete(d))
        .map(|d| FreeSet::Folder(std::fs::canonicalize(&d).unwrap_or(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_compare_without_case_spaces_or_underscores() {
        assert_eq!(rank(FontRole::FangSong, "仿宋_GB2312"), Some(0));
        assert_eq!(rank(FontRole::FangSong, "FangSong GB2312"), Some(1));
        assert!(rank(FontRole::FangSong, "仿宋").is_some());
        assert_eq!(rank(FontRole::FangSong, "FandolFang"), None);
        assert!(rank(FontRole::Hei, "SimHei").is_some());
        assert!(rank(FontRole::XiaoBiaoSong, "FZXiaoBiaoSong-B05S").is_some());
        // the extension face of SimSun has no common characters
        assert_eq!(rank(FontRole::Song, "SimSun-ExtB"), None);
    }

    #[test]
    fn the_gb2312_face_ranks_before_the_plain_one() {
        let listed = |name: &str, path: &str| Listed {
            path: PathBuf::from(path),
            index: 0,
            families: vec![name.to_string()],
        };
        let faces = [
            listed("仿宋", "/a/simfang.ttf"),
            listed("仿宋_GB2312", "/b/gb.ttf"),
        ];
        let chosen = best(&faces, FontRole::FangSong, Origin::System).expect("found");
        assert_eq!(chosen.file, FaceFile::Path(PathBuf::from("/b/gb.ttf")));
        assert_eq!(chosen.family, "仿宋_GB2312");
    }
}
