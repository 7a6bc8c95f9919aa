//! The office's own fonts: found by family name among the system's fonts, in a `--fonts`
//! folder or through `[fonts]`, subset and embedded as TrueType, and a clear message when a
//! named font is not there.
//!
//! The office faces are LXGW WenKai (the free TrueType face kaohe ships) given the office
//! fonts' family and PostScript names, as a font installer would register them.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (Chinese family, English family, PostScript name) of one face.
type Names<'a> = (&'a str, &'a str, &'a str);

const XBS: Names = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0");
const FS: Names = ("仿宋_GB2312", "FangSong_GB2312", "FangSong_GB2312");
const HEI: Names = ("黑体", "SimHei", "SimHei");
const KAI: Names = ("楷体_GB2312", "KaiTi_GB2312", "KaiTi_GB2312");
const NSIMSUN: Names = ("新宋体", "NSimSun", "NSimSun");
const SIMSUN: Names = ("宋体", "SimSun", "SimSun");

fn be16(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&u16::try_from(v).expect("u16").to_be_bytes());
}

fn be32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&u32::try_from(v).expect("u32").to_be_bytes());
}

/// A `name` table: family and full name in Chinese and English, and the PostScript name.
fn name_table((zh, en, ps): Names) -> Vec<u8> {
    // (language, name id, text), sorted as the format requires
    let records = [
        (0x0409, 1, en),
        (0x0409, 4, en),
        (0x0409, 6, ps),
        (0x0804, 1, zh),
        (0x0804, 4, zh),
    ];
    let mut strings = Vec::new();
    let mut out = Vec::new();
    be16(&mut out, 0);
    be16(&mut out, records.len());
    be16(&mut out, 6 + 12 * records.len());
    for (lang, id, text) in records {
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for v in [3, 1, lang, id, utf16.len(), strings.len()] {
            be16(&mut out, v);
        }
        strings.extend_from_slice(&utf16);
    }
    out.extend_from_slice(&strings);
    out
}

/// WenKai's tables with a new `name` table per face: one face is a plain font file, more
/// make a TrueType collection whose faces share every other table.
fn office_font(faces: &[Names]) -> Vec<u8> {
    let src =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/LXGWWenKai-Regular.ttf"))
            .expect("the free TrueType face");
    let u16_at = |at: usize| usize::from(u16::from_be_bytes([src[at], src[at + 1]]));
    let u32_at = |at: usize| {
        usize::try_from(u32::from_be_bytes([
            src[at],
            src[at + 1],
            src[at + 2],
            src[at + 3],
        ]))
        .expect("offset")
    };
    let count = u16_at(4);
    let tables: Vec<([u8; 4], usize, usize)> = (0..count)
        .map(|i| {
            let rec = 12 + 16 * i;
            let mut tag = [0; 4];
            tag.copy_from_slice(&src[rec..rec + 4]);
            (tag, u32_at(rec + 8), u32_at(rec + 12))
        })
        .collect();
    let pad = |v: &mut Vec<u8>| v.resize(v.len().div_ceil(4) * 4, 0);
    let header = if faces.len() > 1 {
        12 + 4 * faces.len()
    } else {
        0
    };
    let directory = 12 + 16 * tables.len();
    let mut data = Vec::new();
    let mut shared = Vec::new();
    let data_start = header + directory * faces.len();
    for (tag, offset, length) in &tables {
        shared.push((*tag, data_start + data.len(), *length));
        data.extend_from_slice(&src[*offset..offset + length]);
        pad(&mut data);
    }
    let mut names = Vec::new();
    for face in faces {
        let table = name_table(*face);
        names.push((data_start + data.len(), table.len()));
        data.extend_from_slice(&table);
        pad(&mut data);
    }
    let mut out = Vec::new();
    if faces.len() > 1 {
        out.extend_from_slice(b"ttcf");
        be32(&mut out, 0x0001_0000);
        be32(&mut out, faces.len());
        for i in 0..faces.len() {
            be32(&mut out, header + directory * i);
        }
    }
    for &(name_at, name_len) in &names {
        out.extend_from_slice(&src[0..12]);
        for &(tag, at, len) in &shared {
            let (at, len) = if &tag == b"name" {
                (name_at, name_len)
            } else {
                (at, len)
            };
            out.extend_from_slice(&tag);
            be32(&mut out, 0);
            be32(&mut out, at);
            be32(&mut out, len);
        }
    }
    out.extend_from_slice(&data);
    out
}

/// A home, data and font folder for one test, with no fonts but the ones it installs.
struct Machine {
    root: PathBuf,
}

impl Machine {
    fn new(name: &str) -> Machine {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("kaohe-tests")
            .join(name);
        let _ = std::fs::remove_dir_all(&root);
        for d in ["home", "share/fonts", "empty"] {
            std::fs::create_dir_all(root.join(d)).expect("create");
        }
        Machine { root }
    }

    /// Installs the office fonts where fontconfig looks for a user's fonts.
    fn install_office_fonts(&self) {
        let fonts = self.root.join("share/fonts");
        for (file, faces) in [
            ("FZXBSJW.TTF", &[XBS][..]),
            ("simfang.ttf", &[FS]),
            ("simhei.ttf", &[HEI]),
            ("simkai.ttf", &[KAI]),
            ("simsun.ttc", &[NSIMSUN, SIMSUN]),
        ] {
            std::fs::write(fonts.join(file), office_font(faces)).expect("install");
        }
    }

    fn kaohe(&self, args: &[&str]) -> (i32, String, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(args)
            .env_remove("KAOHE_FONTS")
            .env("HOME", self.root.join("home"))
            .env("XDG_DATA_HOME", self.root.join("share"))
            .env("XDG_DATA_DIRS", self.root.join("empty"))
            .output()
            .expect("run kaohe");
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }
}

/// Every embedded font of a PDF: (BaseFont, size of its font program).
fn embedded(path: &Path) -> Vec<(String, usize)> {
    let doc = lopdf::Document::load(path).expect("load pdf");
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if !dict
            .get(b"Type")
            .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"FontDescriptor"))
        {
            continue;
        }
        let name = dict
            .get(b"FontName")
            .and_then(|n| n.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .expect("FontName");
        let file = dict
            .get(b"FontFile2")
            .or_else(|_| dict.get(b"FontFile3"))
            .and_then(|r| r.as_reference())
            .and_then(|r| doc.get_object(r))
            .and_then(|s| s.as_stream())
            .map(|s| s.content.len())
            .expect("embedded program");
        out.push((name, file));
    }
    out.sort();
    out
}

#[test]
fn office_fonts_installed_on_the_system_are_found_by_family_name_and_embedded_as_subsets() {
    let m = Machine::new("fonts-system");
    m.install_office_fonts();
    let (code, out, err) = m.kaohe(&["fonts"]);
    assert_eq!(code, 0, "{out}{err}");
    let fonts = m.root.join("share/fonts");
    for (role, family, file) in [
        ("小标宋", "方正小标宋简体", "FZXBSJW.TTF"),
        ("仿宋", "仿宋_GB2312", "simfang.ttf"),
        ("黑体", "黑体", "simhei.ttf"),
        ("楷体", "楷体_GB2312", "simkai.ttf"),
    ] {
        let line = format!(
            "  {role}：{family}，{}，来自系统字体\n",
            fonts.join(file).display()
        );
        assert!(out.contains(&line), "{line} in\n{out}");
    }
    // 宋体 is the collection's second face; the first, 新宋体, is not taken for it
    let line = format!(
        "  宋体：宋体，{}（第 2 个字体），来自系统字体\n",
        fonts.join("simsun.ttc").display()
    );
    assert!(out.contains(&line), "{line} in\n{out}");
    assert!(
        out.contains("以上字体都没有的字符，用 kaohe 附带的免费字体"),
        "{out}"
    );

    let dir = m.root.join("out");
    let (code, out, err) = m.kaohe(&["run", &sample(), "--out", &dir.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("字体：小标宋 方正小标宋简体（系统字体），仿宋 仿宋_GB2312（系统字体）"),
        "{out}"
    );
    let circular = dir.join("年度考核结果通报.pdf");
    let fonts = embedded(&circular);
    let names: Vec<&str> = fonts.iter().map(|(n, _)| &n[7..]).collect();
    for ps in [
        "FZXBSJW--GB1-0",
        "FangSong_GB2312",
        "SimHei",
        "KaiTi_GB2312",
    ] {
        assert!(names.contains(&ps), "{ps} in {fonts:?}");
    }
    for (name, size) in &fonts {
        // the subset tag, and a program of the glyphs used, not the 15 MB face
        assert_eq!(name.as_bytes()[6], b'+', "{name}");
        assert!(name[..6].bytes().all(|b| b.is_ascii_uppercase()), "{name}");
        assert!(*size < 400_000, "{name}: {size} bytes");
    }
    let card = dir.join("评分明细/社保医保办事大厅.pdf");
    assert!(
        embedded(&card).iter().any(|(n, _)| n.ends_with("+SimSun")),
        "{:?}",
        embedded(&card)
    );
    // as OFD: the office faces (TrueType, 宋体 from a collection) as font files of their own
    let ofd_dir = m.root.join("ofd");
    let (code, out, err) = m.kaohe(&[
        "run",
        &sample(),
        "--out",
        &ofd_dir.to_string_lossy(),
        "--ofd",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    for f in ["年度考核结果通报", "评分明细/社保医保办事大厅"] {
        let ofd = crate::ofd::compare(
            &ofd_dir.join(format!("{f}.pdf")),
            &ofd_dir.join(format!("{f}.ofd")),
        );
        assert!(
            ofd.fonts.values().all(|b| b.starts_with(&[0, 1, 0, 0])),
            "{f}: TrueType"
        );
    }

    // the same fonts give the same bytes
    let again = m.root.join("again");
    let (code, out, err) = m.kaohe(&["run", &sample(), "--out", &again.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    for f in ["年度考核结果通报.pdf", "评分明细/社保医保办事大厅.pdf"] {
        assert!(
            std::fs::read(dir.join(f)).expect("first")
                == std::fs::read(again.join(f)).expect("second"),
            "{f} differs between runs"
        );
    }
}

#[test]
fn a_fonts_folder_on_the_command_line_comes_before_the_system() {
    let m = Machine::new("fonts-flag");
    m.install_office_fonts();
    let folder = m.root.join("mine");
    std::fs::create_dir_all(&folder).expect("create");
    std::fs::write(
        folder.join("仿宋.ttf"),
        office_font(&[("仿宋", "FangSong", "FangSong")]),
    )
    .expect("write");
    let (code, out, err) = m.kaohe(&["fonts", "--fonts", &folder.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    let line = format!(
        "  仿宋：仿宋，{}，来自--fonts 指定的文件夹\n",
        folder.join("仿宋.ttf").display()
    );
    assert!(out.contains(&line), "{line} in\n{out}");
    // the other roles are not in the folder and still come from the system
    assert!(out.contains("  黑体：黑体，"), "{out}");
    assert!(out.contains("来自系统字体"), "{out}");
}

#[test]
fn fonts_named_in_the_settings_by_path_or_family_and_a_clear_error_when_absent() {
    let m = Machine::new("fonts-settings");
    let f = Folder::with_halls("fonts-settings-input", 2);
    std::fs::create_dir_all(f.dir.join("字体")).expect("create");
    std::fs::write(f.dir.join("字体/fs.ttf"), office_font(&[FS])).expect("write");
    let text = std::fs::read_to_string(f.dir.join("kaohe.toml")).expect("settings");
    std::fs::write(
        f.dir.join("kaohe.toml"),
        format!("{text}\n[fonts]\n\"仿宋\" = \"字体/fs.ttf\"\n"),
    )
    .expect("write");
    let input = f.dir.to_string_lossy().into_owned();
    let (code, out, err) = m.kaohe(&["fonts", &input]);
    assert_eq!(code, 0, "{out}{err}");
    // a relative path counts from the input folder
    assert!(out.contains("  仿宋：仿宋_GB2312，"), "{out}");
    assert!(out.contains("fs.ttf，来自kaohe.toml [fonts]"), "{out}");
    assert!(
        out.contains("  黑体：") && out.contains("来自程序内置的免费字体"),
        "{out}"
    );

    std::fs::write(
        f.dir.join("kaohe.toml"),
        format!("{text}\n[fonts]\n\"小标宋\" = \"方正小标宋简体\"\n"),
    )
    .expect("write");
    let (code, out, err) = m.kaohe(&["check", &input]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("kaohe.toml"), "{all}");
    assert!(all.contains("方正小标宋简体"), "{all}");
    assert!(all.contains("小标宋"), "{all}");
    // once installed, the same setting finds it
    m.install_office_fonts();
    let (code, out, err) = m.kaohe(&["check", &input]);
    assert_eq!(code, 0, "{out}{err}");

    // the way a clerk first writes it: TOML wants the Chinese key quoted
    std::fs::write(
        f.dir.join("kaohe.toml"),
        format!("{text}\n[fonts]\n仿宋 = \"字体/fs.ttf\"\n"),
    )
    .expect("write");
    let (code, out, err) = m.kaohe(&["check", &input]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("键名“仿宋”含汉字，要用英文双引号括起来，写成 \"仿宋\" = …"),
        "{out}{err}"
    );
}

#[test]
fn the_readme_lists_the_family_names_kaohe_looks_for() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    for role in kaohe::pdf::FontRole::ALL {
        let row = format!("| {} | {} |", role.label(), role.families().join("、"));
        assert!(readme.contains(&row), "README lacks the row\n{row}");
    }
}
