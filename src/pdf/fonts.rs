//! The five shipped CJK faces, parsed once and shared by every document (and thread).

use printpdf::ParsedFont;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The typographic roles of GB/T 9704, each bound to one shipped font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FontRole {
    /// 小标宋 (banner, titles): Noto Serif CJK SC Black.
    XiaoBiaoSong,
    /// 仿宋 (body): FandolFang.
    FangSong,
    /// 黑体 (level-1 headings, table headers): Noto Sans CJK SC.
    Hei,
    /// 楷体 (level-2 headings): LXGW WenKai.
    Kai,
    /// 宋体 (page numbers) and the fallback for glyphs the others lack: Noto Serif CJK SC.
    Song,
}

impl FontRole {
    pub const ALL: [FontRole; 5] = [
        FontRole::XiaoBiaoSong,
        FontRole::FangSong,
        FontRole::Hei,
        FontRole::Kai,
        FontRole::Song,
    ];

    pub fn file(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "NotoSerifCJKsc-Black.otf",
            FontRole::FangSong => "FandolFang-Regular.otf",
            FontRole::Hei => "NotoSansCJKsc-Regular.otf",
            FontRole::Kai => "LXGWWenKai-Regular.ttf",
            FontRole::Song => "NotoSerifCJKsc-Regular.otf",
        }
    }

    /// The shipped face bound to the role, as users know it.
    pub fn shipped_face(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "思源宋体 Black（Noto Serif CJK SC Black）",
            FontRole::FangSong => "FandolFang",
            FontRole::Hei => "思源黑体（Noto Sans CJK SC）",
            FontRole::Kai => "霞鹜文楷（LXGW WenKai）",
            FontRole::Song => "思源宋体（Noto Serif CJK SC）",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "小标宋",
            FontRole::FangSong => "仿宋",
            FontRole::Hei => "黑体",
            FontRole::Kai => "楷体",
            FontRole::Song => "宋体",
        }
    }

    /// Suffix of the PDF resource name; the six-letter subset tag goes in front of it.
    pub(crate) fn resource(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "XBSONG",
            FontRole::FangSong => "FANGSONG",
            FontRole::Hei => "HEITI",
            FontRole::Kai => "KAITI",
            FontRole::Song => "SONGTI",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Where a glyph missing from this role's face is looked for next. 宋体 first (the
    /// brief's fallback), then the other faces so that a character any shipped font can draw is
    /// drawn rather than reported.
    fn fallbacks(self) -> &'static [FontRole] {
        match self {
            FontRole::Song => &[FontRole::Hei, FontRole::Kai, FontRole::FangSong],
            _ => &[FontRole::Song, FontRole::Hei, FontRole::Kai],
        }
    }
}

impl fmt::Display for FontRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why the fonts could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("找不到字体文件 {}（{}用字体）", .path.display(), .role)]
    Missing { path: PathBuf, role: FontRole },
    #[error("无法读取字体文件 {}：{}", .path.display(), .source)]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("字体文件 {} 无法解析（不是有效的 OpenType/TrueType 字体）", .path.display())]
    Invalid { path: PathBuf },
    #[error("找不到字体文件夹，已查找：{}", .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("、"))]
    NoDirectory { searched: Vec<PathBuf> },
}

pub(crate) struct Face {
    pub parsed: ParsedFont,
    /// Descender as written into the PDF font descriptor, in em (negative). Text extractors
    /// place a glyph's em box with it, so positions that are measured use it.
    pub descent: f32,
    /// Glyph id per BMP code point (0 = none) and for the code points above it: our own
    /// table, because the parsed font's format-12 lookup scans every group (~40k in Noto CJK).
    bmp: Vec<u16>,
    astral: BTreeMap<u32, u16>,
    /// Advance per glyph id, in em.
    advances: Vec<f32>,
    /// Set for CID-keyed CFF faces: subset without allsorts, outlines simplified.
    pub fast_cff: Option<super::cff::FastCff>,
}

impl Face {
    /// Glyph id and advance (em) of `c`, if this face has it.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let cp = c as u32;
        let gid = if cp < 0x1_0000 {
            self.bmp[cp as usize]
        } else {
            self.astral.get(&cp).copied().unwrap_or(0)
        };
        if gid == 0 {
            return None;
        }
        Some((gid, self.advance(gid)))
    }

    /// Advance of a glyph in em (1 for an id out of range).
    pub fn advance(&self, gid: u16) -> f32 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(1.0)
    }
}

/// The shipped fonts, each parsed once. `Send + Sync`: share one `Fonts` (e.g. in an `Arc` or
/// by reference) between the threads rendering documents in parallel.
pub struct Fonts {
    faces: Vec<Face>,
    dir: PathBuf,
    /// Finished subsets shared by the documents rendered with these fonts.
    pub(crate) cache: super::write::FontCache,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts").field("dir", &self.dir).finish()
    }
}

/// How a character is drawn: with which face, glyph and advance (em).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub role: FontRole,
    pub gid: u16,
    pub advance: f32,
}

impl Fonts {
    /// Loads and parses the five font files from `dir` (in parallel; ~100 ms).
    pub fn load(dir: &Path) -> Result<Fonts, FontError> {
        Fonts::from_source(&FontSource::Folder(dir.to_path_buf()))
    }

    /// Loads and parses the five faces from `source`, in parallel.
    pub fn from_source(source: &FontSource) -> Result<Fonts, FontError> {
        let results: Vec<Result<Face, FontError>> = std::thread::scope(|s| {
            let handles: Vec<_> = FontRole::ALL
                .iter()
                .map(|&role| s.spawn(move || load_face(source, role)))
                .collect();
            handles
                .into_iter()
                .zip(FontRole::ALL)
                .map(|(h, role)| {
                    h.join().unwrap_or_else(|_| {
                        Err(FontError::Invalid {
                            path: source.path(role),
                        })
                    })
                })
                .collect()
        });
        let faces = results.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(Fonts {
            faces,
            dir: source.dir(),
            cache: Default::default(),
        })
    }

    /// Loads from where [`FontSource::find`] says.
    pub fn load_default() -> Result<Fonts, FontError> {
        Fonts::from_source(&FontSource::find()?)
    }

    /// The folder the fonts were loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn face(&self, role: FontRole) -> &Face {
        &self.faces[role.index()]
    }

    /// The face that draws `c` for `role`: the role's own, else the first fallback that has it.
    /// `None` when no shipped font has the character.
    pub(crate) fn resolve(&self, role: FontRole, c: char) -> Option<Resolved> {
        std::iter::once(&role)
            .chain(role.fallbacks())
            .find_map(|&r| {
                self.face(r).glyph(c).map(|(gid, advance)| Resolved {
                    role: r,
                    gid,
                    advance,
                })
            })
    }
}

/// Where the five faces come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSource {
    /// A folder holding the five files under their shipped names.
    Folder(PathBuf),
    /// The free set compiled into the program (feature `embedded-fonts`, on by default), so a
    /// program copied or installed anywhere needs no font files beside it.
    BuiltIn,
}

/// The name a built-in face goes by in messages.
const BUILT_IN: &str = "（kaohe 内置字体）";

impl FontSource {
    /// `$KAOHE_FONTS` when set (a folder, or `builtin` for the built-in set); else `fonts/`
    /// beside the program (or in the cargo target layout or the checkout it was built from);
    /// else the set built into the program.
    pub fn find() -> Result<FontSource, FontError> {
        if let Some(dir) = std::env::var_os("KAOHE_FONTS").filter(|d| !d.is_empty()) {
            if dir == "builtin" && cfg!(feature = "embedded-fonts") {
                return Ok(FontSource::BuiltIn);
            }
            let dir = PathBuf::from(dir);
            return if dir.join(FontRole::FangSong.file()).is_file() {
                Ok(FontSource::Folder(dir))
            } else {
                Err(FontError::NoDirectory {
                    searched: vec![dir],
                })
            };
        }
        match font_dir() {
            Ok(dir) => Ok(FontSource::Folder(dir)),
            Err(e) if cfg!(feature = "embedded-fonts") => {
                let _ = e;
                Ok(FontSource::BuiltIn)
            }
            Err(e) => Err(e),
        }
    }

    /// Where the faces come from, in a sentence.
    pub fn describe(&self) -> String {
        match self {
            FontSource::Folder(d) => format!("文件夹 {}", d.display()),
            FontSource::BuiltIn => "程序内置的字体".to_string(),
        }
    }

    /// The folder shown for these fonts.
    pub fn dir(&self) -> PathBuf {
        match self {
            FontSource::Folder(d) => d.clone(),
            FontSource::BuiltIn => PathBuf::from(BUILT_IN),
        }
    }

    fn path(&self, role: FontRole) -> PathBuf {
        self.dir().join(role.file())
    }

    fn bytes(&self, role: FontRole) -> Result<std::borrow::Cow<'static, [u8]>, FontError> {
        match self {
            FontSource::Folder(d) => read_font(&d.join(role.file()), role).map(Into::into),
            FontSource::BuiltIn => {
                built_in(role)
                    .map(Into::into)
                    .ok_or_else(|| FontError::Missing {
                        path: self.path(role),
                        role,
                    })
            }
        }
    }
}

#[cfg(feature = "embedded-fonts")]
fn built_in(role: FontRole) -> Option<&'static [u8]> {
    Some(match role {
        FontRole::XiaoBiaoSong => include_bytes!("../../fonts/NotoSerifCJKsc-Black.otf"),
        FontRole::FangSong => include_bytes!("../../fonts/FandolFang-Regular.otf"),
        FontRole::Hei => include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf"),
        FontRole::Kai => include_bytes!("../../fonts/LXGWWenKai-Regular.ttf"),
        FontRole::Song => include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf"),
    })
}

#[cfg(not(feature = "embedded-fonts"))]
fn built_in(_: FontRole) -> Option<&'static [u8]> {
    None
}

/// The first of `<exe dir>/fonts`, `<exe dir>/../../fonts` (cargo's target layout) and
/// `$CARGO_MANIFEST_DIR/fonts` that holds the 仿宋 file, canonical so messages show a plain path.
pub fn font_dir() -> Result<PathBuf, FontError> {
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
    match searched
        .iter()
        .find(|d| d.join(FontRole::FangSong.file()).is_file())
    {
        Some(d) => Ok(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())),
        None => Err(FontError::NoDirectory { searched }),
    }
}

/// Which characters some shipped face can draw: what `check` needs to promise that `run` will
/// print every character of the data, read from the fonts' `cmap` tables only (no parsing of
/// outlines, a few milliseconds).
#[derive(Debug, Clone)]
pub struct Coverage {
    bmp: Vec<bool>,
    astral: std::collections::BTreeSet<u32>,
}

impl Coverage {
    pub fn load(dir: &Path) -> Result<Coverage, FontError> {
        Coverage::from_source(&FontSource::Folder(dir.to_path_buf()))
    }

    pub fn from_source(source: &FontSource) -> Result<Coverage, FontError> {
        let mut cov = Coverage {
            bmp: vec![false; 0x1_0000],
            astral: Default::default(),
        };
        for role in FontRole::ALL {
            let bytes = source.bytes(role)?;
            let (bmp, astral) = cmap::read(&bytes).ok_or_else(|| FontError::Invalid {
                path: source.path(role),
            })?;
            for (slot, gid) in cov.bmp.iter_mut().zip(bmp) {
                *slot |= gid != 0;
            }
            cov.astral
                .extend(astral.into_iter().filter(|(_, g)| *g != 0).map(|(c, _)| c));
        }
        Ok(cov)
    }

    pub fn load_default() -> Result<Coverage, FontError> {
        Coverage::from_source(&FontSource::find()?)
    }

    /// Whether `c` is drawn by some face. White space is laid out, never drawn.
    pub fn covers(&self, c: char) -> bool {
        let cp = c as u32;
        c.is_whitespace()
            || if cp < 0x1_0000 {
                self.bmp[cp as usize]
            } else {
                self.astral.contains(&cp)
            }
    }
}

fn read_font(path: &Path, role: FontRole) -> Result<Vec<u8>, FontError> {
    std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            FontError::Missing {
                path: path.to_path_buf(),
                role,
            }
        } else {
            FontError::Io {
                path: path.to_path_buf(),
                source: e,
            }
        }
    })
}

fn load_face(source: &FontSource, role: FontRole) -> Result<Face, FontError> {
    let path = source.path(role);
    let bytes = source.bytes(role)?;
    let parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| FontError::Invalid { path: path.clone() })?;
    let upm = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
    // printpdf writes round(trunc(descent) * 1000 / upm) into /Descent; mirror its rounding.
    let descent = ((parsed.font_metrics.descent as i64) as f32 * 1000.0 / upm).round() / 1000.0;
    let (bmp, astral) =
        cmap::read(&bytes).ok_or_else(|| FontError::Invalid { path: path.clone() })?;
    let fast_cff = if bytes.starts_with(b"OTTO") {
        cmap::table(&bytes, b"CFF ").and_then(|t| super::cff::FastCff::parse(t.to_vec()))
    } else {
        None
    };
    let advances = (0..parsed.num_glyphs)
        .map(|g| f32::from(parsed.get_horizontal_advance(g)) / upm)
        .collect();
    Ok(Face {
        parsed,
        descent,
        bmp,
        astral,
        advances,
        fast_cff,
    })
}

/// Just enough of the sfnt `cmap` table: the Unicode subtable (format 12, else 4).
mod cmap {
    use std::collections::BTreeMap;

    fn u16_at(b: &[u8], o: usize) -> Option<u16> {
        Some(u16::from_be_bytes(b.get(o..o + 2)?.try_into().ok()?))
    }

    fn u32_at(b: &[u8], o: usize) -> Option<u32> {
        Some(u32::from_be_bytes(b.get(o..o + 4)?.try_into().ok()?))
    }

    /// The bytes of table `tag` of a single-face sfnt.
    pub(super) fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
        let num_tables = usize::from(u16_at(font, 4)?);
        (0..num_tables).find_map(|i| {
            let rec = 12 + 16 * i;
            if font.get(rec..rec + 4)? != tag {
                return None;
            }
            let off = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            font.get(off..off + len)
        })
    }

    pub(super) fn read(font: &[u8]) -> Option<(Vec<u16>, BTreeMap<u32, u16>)> {
        let num_tables = usize::from(u16_at(font, 4)?);
        let cmap = (0..num_tables).find_map(|i| {
            let rec = 12 + 16 * i;
            (font.get(rec..rec + 4)? == b"cmap").then(|| u32_at(font, rec + 8))?
        })? as usize;
        let n = usize::from(u16_at(font, cmap + 2)?);
        let mut best: Option<(u8, usize)> = None;
        for i in 0..n {
            let rec = cmap + 4 + 8 * i;
            let (platform, encoding) = (u16_at(font, rec)?, u16_at(font, rec + 2)?);
            let off = cmap + u32_at(font, rec + 4)? as usize;
            let format = u16_at(font, off)?;
            let rank = match (platform, encoding, format) {
                (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 3,
                (3, 1, 4) | (0, 3, 4) => 2,
                (0, _, 4) => 1,
                _ => continue,
            };
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, off));
            }
        }
        let (_, off) = best?;
        let mut bmp = vec![0u16; 0x1_0000];
        let mut astral = BTreeMap::new();
        if u16_at(font, off)? == 12 {
            let groups = u32_at(font, off + 12)? as usize;
            for g in 0..groups {
                let o = off + 16 + 12 * g;
                let (start, end, glyph) =
                    (u32_at(font, o)?, u32_at(font, o + 4)?, u32_at(font, o + 8)?);
                for cp in start..=end.min(0x10_FFFF) {
                    let gid = u16::try_from(glyph + (cp - start)).ok()?;
                    if cp < 0x1_0000 {
                        bmp[cp as usize] = gid;
                    } else {
                        astral.insert(cp, gid);
                    }
                }
            }
        } else {
            let segs = usize::from(u16_at(font, off + 6)? / 2);
            let ends = off + 14;
            let starts = ends + 2 * segs + 2;
            let deltas = starts + 2 * segs;
            let ranges = deltas + 2 * segs;
            for s in 0..segs {
                let (end, start) = (u16_at(font, ends + 2 * s)?, u16_at(font, starts + 2 * s)?);
                let delta = u16_at(font, deltas + 2 * s)?;
                let ro = usize::from(u16_at(font, ranges + 2 * s)?);
                for cp in start..=end {
                    if cp == 0xFFFF {
                        break;
                    }
                    let gid = if ro == 0 {
                        cp.wrapping_add(delta)
                    } else {
                        let at = ranges + 2 * s + ro + 2 * usize::from(cp - start);
                        match u16_at(font, at)? {
                            0 => 0,
                            g => g.wrapping_add(delta),
                        }
                    };
                    bmp[usize::from(cp)] = gid;
                }
            }
        }
        Some((bmp, astral))
    }
}

#[allow(dead_code)]
fn assert_shareable() {
    fn check<T: Send + Sync>() {}
    check::<Fonts>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cmap_agrees_with_the_parsed_font() {
        let fonts = Fonts::load_default().expect("fonts/ (run get-fonts.sh)");
        for role in FontRole::ALL {
            let face = fonts.face(role);
            for c in "示例市行政服务管理委员会文件〔〕—，。2025年ABCxyz镕堃喆祎玥𠮷 ".chars()
            {
                let ours = face.glyph(c).map(|g| g.0);
                let theirs = face.parsed.lookup_glyph_index(c as u32).filter(|g| *g != 0);
                assert_eq!(ours, theirs, "{role:?} {c}");
            }
        }
    }
}
