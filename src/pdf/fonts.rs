//! The faces documents are set in (chosen by [`super::choose`]), parsed once and shared by
//! every document and thread.

use super::choose::{FaceFile, FontChoice, FontRequest, FreeSet};
use super::sfnt::{self, Directory, Metrics, Outlines};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

pub use super::role::{FontError, FontRole};

/// Identifies a face of a [`Fonts`]: a role's chosen face, or the free face of that role
/// kept for glyphs no chosen face has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FaceId {
    pub role: FontRole,
    pub spare: bool,
}

impl From<FontRole> for FaceId {
    fn from(role: FontRole) -> FaceId {
        FaceId { role, spare: false }
    }
}

impl FaceId {
    /// Name of the font resource in content streams.
    pub(crate) fn resource(self) -> String {
        if self.spare {
            format!("{}B", self.role.resource())
        } else {
            self.role.resource().to_string()
        }
    }
}

/// How a face's outlines are embedded.
pub(crate) enum Program {
    /// CID-keyed CFF: subset by [`super::cff::FastCff`].
    Cff(Box<super::cff::FastCff>),
    /// TrueType outlines: subset by [`super::truetype`].
    TrueType,
}

pub(crate) struct Face {
    bytes: Cow<'static, [u8]>,
    pub(crate) dir: Directory,
    pub metrics: Metrics,
    /// The PostScript name, written as /BaseFont (after the subset tag).
    pub postscript: String,
    /// The family name, in Latin letters when the face gives one (OFD names its fonts by it).
    pub family: String,
    /// Descender as written into the PDF font descriptor, in em (negative). Text extractors
    /// place a glyph's em box with it, so positions that are measured use it.
    pub descent: f32,
    /// Glyph id per BMP code point (0 = none) and for the code points above it.
    bmp: Vec<u16>,
    astral: BTreeMap<u32, u16>,
    /// Advance per glyph id, in em.
    advances: Vec<f32>,
    pub(crate) program: Program,
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

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The faces documents are set in, each parsed once. `Send + Sync`: share one `Fonts` (e.g.
/// by reference) between the threads rendering documents in parallel.
pub struct Fonts {
    choice: FontChoice,
    faces: Vec<Face>,
    /// The free faces, parsed only when a chosen face lacks a glyph.
    spares: Vec<OnceLock<Option<Face>>>,
    /// Distinguishes this load from any other in the process, for caches of its subsets.
    id: u64,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("choice", &self.choice)
            .finish()
    }
}

/// How a character is drawn: with which face, glyph and advance (em).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub face: FaceId,
    pub gid: u16,
    pub advance: f32,
}

impl Fonts {
    /// Which load of fonts this is: unique within the process.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// Parses the chosen faces, in parallel.
    pub fn load(choice: &FontChoice) -> Result<Fonts, FontError> {
        let results: Vec<Result<Face, FontError>> = std::thread::scope(|s| {
            let handles: Vec<_> = choice
                .faces
                .iter()
                .map(|c| s.spawn(move || load_face(&c.file, c.index, c.role)))
                .collect();
            handles
                .into_iter()
                .zip(&choice.faces)
                .map(|(h, c)| {
                    h.join().unwrap_or_else(|_| {
                        Err(FontError::Invalid {
                            path: PathBuf::from(c.file.to_string()),
                        })
                    })
                })
                .collect()
        });
        let faces = results.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(Fonts {
            spares: FontRole::ALL.iter().map(|_| OnceLock::new()).collect(),
            choice: choice.clone(),
            faces,
            id: {
                static LOADS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        })
    }

    /// The faces [`choose`](super::choose::choose) picks without a request: `KAOHE_FONTS`, the
    /// system's 公文 fonts, the free set.
    pub fn load_default() -> Result<Fonts, FontError> {
        Fonts::load(&super::choose::choose(&FontRequest::default())?)
    }

    /// kaohe's free set alone, as shipped: what tests and benchmarks compare against.
    pub fn free() -> Result<Fonts, FontError> {
        let set = super::choose::free_set().ok_or_else(|| FontError::NoDirectory {
            searched: vec![PathBuf::from("fonts")],
        })?;
        Fonts::load(&FontChoice::free(set))
    }

    pub fn choice(&self) -> &FontChoice {
        &self.choice
    }

    pub(crate) fn face(&self, role: FontRole) -> &Face {
        &self.faces[role.index()]
    }

    /// A chosen face, or a spare one (parsed on first use).
    pub(crate) fn face_of(&self, id: FaceId) -> Option<&Face> {
        if !id.spare {
            return Some(self.face(id.role));
        }
        self.spares[id.role.index()]
            .get_or_init(|| {
                let set = self.choice.free.as_ref()?;
                load_face(&set.file(id.role), 0, id.role).ok()
            })
            .as_ref()
    }

    /// The face that draws `c` for `role`: the role's own, else the first fallback that has
    /// it, else the free faces. `None` when no face has the character.
    pub(crate) fn resolve(&self, role: FontRole, c: char) -> Option<Resolved> {
        let chosen = std::iter::once(&role).chain(role.fallbacks());
        let spare = std::iter::once(&role)
            .chain(role.fallbacks())
            .chain(std::iter::once(&FontRole::FangSong))
            .filter(|r| !self.choice.face(**r).is_free())
            .map(|&r| FaceId {
                role: r,
                spare: true,
            });
        chosen
            .map(|&r| FaceId::from(r))
            .chain(spare)
            .find_map(|id| {
                self.face_of(id)?.glyph(c).map(|(gid, advance)| Resolved {
                    face: id,
                    gid,
                    advance,
                })
            })
    }
}

impl FontChoice {
    /// Every role in the free set.
    pub fn free(set: FreeSet) -> FontChoice {
        FontChoice {
            faces: FontRole::ALL.iter().map(|&r| set.face(r)).collect(),
            free: Some(set),
        }
    }
}

/// Which characters the faces of a [`FontChoice`] (and the free set behind them) can draw:
/// what `check` needs to promise that `run` will print every character of the data, read
/// from the faces' `cmap` tables only.
#[derive(Debug, Clone)]
pub struct Coverage {
    bmp: Vec<bool>,
    astral: std::collections::BTreeSet<u32>,
}

impl Coverage {
    pub fn of(choice: &FontChoice) -> Result<Coverage, FontError> {
        let mut cov = Coverage {
            bmp: vec![false; 0x1_0000],
            astral: Default::default(),
        };
        let mut files: Vec<(FaceFile, usize, FontRole)> = choice
            .faces
            .iter()
            .map(|c| (c.file.clone(), c.index, c.role))
            .collect();
        if let Some(set) = &choice.free {
            files.extend(FontRole::ALL.iter().map(|&r| (set.file(r), 0, r)));
        }
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        for (file, index, role) in files {
            let bytes = read_file(&file, role)?;
            let path = || PathBuf::from(file.to_string());
            let dir = Directory::read(&bytes, index, bytes.len())
                .ok_or_else(|| FontError::Invalid { path: path() })?;
            let (bmp, astral) = dir
                .table(&bytes, b"cmap")
                .and_then(sfnt::char_map)
                .ok_or_else(|| FontError::Invalid { path: path() })?;
            for (slot, gid) in cov.bmp.iter_mut().zip(bmp) {
                *slot |= gid != 0;
            }
            cov.astral
                .extend(astral.into_iter().filter(|(_, g)| *g != 0).map(|(c, _)| c));
        }
        Ok(cov)
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

fn read_file(file: &FaceFile, role: FontRole) -> Result<Cow<'static, [u8]>, FontError> {
    match file {
        FaceFile::BuiltIn(r) => built_in(*r).map(Cow::Borrowed).ok_or(FontError::Missing {
            path: PathBuf::from(file.to_string()),
            role,
        }),
        FaceFile::Path(path) => std::fs::read(path).map(Cow::Owned).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                FontError::Missing {
                    path: path.clone(),
                    role,
                }
            } else {
                FontError::Io {
                    path: path.clone(),
                    reason: crate::fsio::reason(&e),
                }
            }
        }),
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

fn load_face(file: &FaceFile, index: usize, role: FontRole) -> Result<Face, FontError> {
    let path = || PathBuf::from(file.to_string());
    let bytes = read_file(file, role)?;
    let invalid = || FontError::Invalid { path: path() };
    let dir = Directory::read(&bytes, index, bytes.len()).ok_or_else(invalid)?;
    let metrics = sfnt::metrics(&bytes, &dir).ok_or_else(invalid)?;
    let upm = f32::from(metrics.units_per_em);
    // /Descent is written as round(descender * 1000 / upm); positions use the same value
    let descent = (f32::from(metrics.descender) * 1000.0 / upm).round() / 1000.0;
    let (bmp, astral) = dir
        .table(&bytes, b"cmap")
        .and_then(sfnt::char_map)
        .ok_or_else(invalid)?;
    let advances = sfnt::advances(&bytes, &dir, metrics.num_glyphs)
        .ok_or_else(invalid)?
        .into_iter()
        .map(|a| f32::from(a) / upm)
        .collect();
    let program = match sfnt::outlines(&dir) {
        Some(Outlines::TrueType) => Program::TrueType,
        Some(Outlines::Cff) => {
            let range = dir
                .range(b"CFF ")
                .filter(|r| r.end <= bytes.len())
                .ok_or_else(invalid)?;
            // the built-in faces are indexed in place; a file's bytes are owned by the face
            let cff: Cow<'static, [u8]> = match &bytes {
                Cow::Borrowed(b) => Cow::Borrowed(&b[range]),
                Cow::Owned(v) => Cow::Owned(v[range].to_vec()),
            };
            Program::Cff(Box::new(super::cff::FastCff::parse(cff).ok_or(
                FontError::Unsupported {
                    path: path(),
                    why: "CFF 字形不是按 CID 编排的",
                },
            )?))
        }
        None => {
            return Err(FontError::Unsupported {
                path: path(),
                why: "没有 glyf 或 CFF 字形轮廓，可能是点阵字体",
            });
        }
    };
    let names = dir
        .table(&bytes, b"name")
        .map(sfnt::names)
        .unwrap_or_default();
    let postscript = names
        .postscript
        .map(|p| {
            // a PDF name token: printable ASCII without delimiters (ISO 32000-1 7.3.5)
            p.chars()
                .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| role.resource().to_string());
    let family = names
        .families
        .iter()
        .find(|f| f.is_ascii())
        .or(names.families.first())
        .cloned()
        .unwrap_or_else(|| postscript.clone());
    Ok(Face {
        bytes,
        dir,
        metrics,
        postscript,
        family,
        descent,
        bmp,
        astral,
        advances,
        program,
    })
}

#[allow(dead_code)]
fn assert_shareable() {
    fn check<T: Send + Sync>() {}
    check::<Fonts>();
}
