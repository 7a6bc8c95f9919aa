//! The typographic roles of GB/T 9704 and why fonts cannot be had: what choosing a face
//! (`choose.rs`) and loading it (`fonts.rs`) both speak of, so neither depends on the other
//! for them.

use std::fmt;
use std::path::PathBuf;

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

    /// The family names the office's fonts for this role go by, best first: the GB/T 9704
    /// faces (方正 and the GB2312 faces), then the Windows faces, then the other vendors'.
    /// Compared without case, spaces, hyphens or underscores.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            FontRole::XiaoBiaoSong => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
                "方正小标宋",
                "小标宋",
                "小标宋体",
            ],
            FontRole::FangSong => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "方正仿宋_GBK",
                "FZFangSong-Z02",
                "方正仿宋简体",
                "FZFangSong-Z02S",
                "华文仿宋",
                "STFangsong",
            ],
            FontRole::Hei => &[
                "黑体",
                "SimHei",
                "方正黑体_GBK",
                "FZHei-B01",
                "方正黑体简体",
                "FZHei-B01S",
                "华文黑体",
                "STHeiti",
            ],
            FontRole::Kai => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "方正楷体_GBK",
                "FZKai-Z03",
                "方正楷体简体",
                "FZKai-Z03S",
                "华文楷体",
                "STKaiti",
            ],
            FontRole::Song => &[
                "宋体",
                "SimSun",
                "方正书宋_GBK",
                "FZShuSong-Z01",
                "方正书宋简体",
                "FZShuSong-Z01S",
                "华文宋体",
                "STSong",
            ],
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Where a glyph missing from this role's face is looked for next: 宋体 first (the usual
    /// fallback for rare characters in names), then the other faces, so that a character any
    /// shipped font can draw is drawn rather than reported.
    pub(super) fn fallbacks(self) -> &'static [FontRole] {
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
#[derive(Debug, Clone, thiserror::Error)]
pub enum FontError {
    #[error("找不到字体文件 {}（{}用字体）", .path.display(), .role)]
    Missing { path: PathBuf, role: FontRole },
    #[error("无法读取字体文件 {}：{}", .path.display(), .reason)]
    Io { path: PathBuf, reason: String },
    #[error("字体文件 {} 无法解析（不是有效的 OpenType/TrueType 字体）", .path.display())]
    Invalid { path: PathBuf },
    #[error("字体文件 {} 是 kaohe 不能嵌入的字体（{}）", .path.display(), .why)]
    Unsupported { path: PathBuf, why: &'static str },
    #[error(
        "找不到字体“{family}”（{role}用字体）：系统字体中没有这个字体名称，请检查名称或改写字体文件的路径"
    )]
    FamilyNotFound { role: FontRole, family: String },
    #[error("找不到字体文件夹，已查找：{}", .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("、"))]
    NoDirectory { searched: Vec<PathBuf> },
    #[error("设置项 fonts.{role} 无法使用：{source}")]
    Settings {
        role: FontRole,
        source: Box<FontError>,
    },
}

impl FontError {
    /// A problem of kaohe.toml's `[fonts]`, reported with the settings' other problems.
    pub fn is_settings(&self) -> bool {
        matches!(self, FontError::Settings { .. })
    }
}
