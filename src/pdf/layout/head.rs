//! The 版头 (banner, 发文字号 and 签发人, red rule) at fixed positions on page 1, and the
//! title: as given, or one long line split into two of different length away from common words.

use super::flow::Builder;
use super::shape::{SGlyph, natural, place};
use super::{BLACK, RED};
use crate::doc::{Block, Document, Text};
use crate::pdf::PdfError;
use crate::pdf::fonts::FontRole;
use crate::pdf::geom::*;
use crate::pdf::linebreak;
use crate::pdf::page::{Glyph, Mark, Part, TextLine};

impl Builder<'_, '_> {
    /// 版头 on page 1: banner 35 mm below the 版心 top, 文号 two lines below, red rule 4 mm
    /// below the 文号; the grid resumes two lines below the rule.
    pub(super) fn head(&mut self, doc: &Document) -> Result<(), PdfError> {
        let banner = doc.blocks.iter().find_map(|b| match b {
            Block::Banner { text } => Some(text),
            _ => None,
        });
        let docno = doc.blocks.iter().find_map(|b| match b {
            Block::DocNumber { text } => Some(text),
            _ => None,
        });
        let signer = doc.blocks.iter().find_map(|b| match b {
            Block::Signer { name } => Some(name),
            _ => None,
        });
        let Some(banner) = banner else {
            return Ok(());
        };
        let unit = self.sh.shape(banner, FontRole::XiaoBiaoSong, 1.0, 0.0);
        let em = natural(&unit);
        // Banners are conventionally large and condensed; keep the face ≥ 72 % wide.
        let target = 0.95 * WIDTH;
        let size = (target / (0.72 * em)).min(52.0);
        let hscale = (target / (size * em)).min(1.0);
        // positions already include the horizontal scaling; the writer applies Tz to the glyphs
        let g: Vec<SGlyph> = unit
            .iter()
            .map(|s| SGlyph {
                width: s.width * size * hscale,
                shift: s.shift * size * hscale,
                half: s.half * size * hscale,
                ..*s
            })
            .collect();
        let w = natural(&g);
        let em_top = TOP + 35.0 * MM;
        let desc = self.sh.fonts.face(FontRole::XiaoBiaoSong).descent;
        let baseline = em_top + size * (1.0 + desc);
        let glyphs = place(&g, None, &[], (LEFT + RIGHT - w) / 2.0);
        self.header.push(Mark::Text(TextLine {
            glyphs,
            size,
            baseline,
            color: RED,
            hscale,
            angle: 0.0,
            part: Some(Part::Banner),
        }));
        let banner_bottom = em_top + size;
        let rule_top = if let Some(docno) = docno {
            let g = self
                .sh
                .shape(docno, FontRole::FangSong, SIZE_3, BODY_TRACKING);
            let w = natural(&g) - BODY_TRACKING;
            let top = banner_bottom + 2.0 * PITCH;
            let baseline = baseline_in(top, PITCH, SIZE_3);
            let desc = self.sh.fonts.face(FontRole::FangSong).descent;
            // 上行文: 发文字号 居左空一字, 签发人 居右空一字 on the same line — "签发人：" in
            // 仿宋, the name in 楷体 (GB/T 9704 7.2.5, 7.2.6)
            let x = match signer {
                Some(name) => {
                    let label =
                        self.sh
                            .shape_str("签发人：", FontRole::FangSong, SIZE_3, BODY_TRACKING);
                    let who = self.sh.shape(name, FontRole::Kai, SIZE_3, BODY_TRACKING);
                    let wl = natural(&label);
                    let wn = natural(&who) - BODY_TRACKING;
                    let start = RIGHT - CELL - wn - wl;
                    if LEFT + CELL + w + CELL / 2.0 > start {
                        return Err(PdfError::Layout(
                            "发文字号和签发人排不下一行：请缩短机关代字或签发人".to_string(),
                        ));
                    }
                    let mut glyphs = place(&label, None, &[], start);
                    glyphs.extend(place(&who, None, &[], start + wl));
                    self.header.push(Mark::Text(TextLine::upright(
                        glyphs,
                        SIZE_3,
                        baseline,
                        BLACK,
                        Some(Part::Signer),
                    )));
                    LEFT + CELL
                }
                None => (LEFT + RIGHT - w) / 2.0,
            };
            self.header.push(Mark::Text(TextLine::upright(
                place(&g, None, &[], x),
                SIZE_3,
                baseline,
                BLACK,
                Some(Part::DocNumber),
            )));
            baseline - desc * SIZE_3 + 4.0 * MM
        } else {
            banner_bottom + PITCH
        };
        let thick = 1.5;
        self.header.push(Mark::Fill {
            x: LEFT,
            y: rule_top,
            w: WIDTH,
            h: thick,
            color: RED,
        });
        // 红线下空二行: the title's line box starts ~two lines below, on the grid.
        self.start_line = grid_at_or_below(rule_top + thick + 1.6 * PITCH);
        Ok(())
    }

    /// Title lines (2号 小标宋, centred): as given, or one line split into a trapezoid.
    pub(super) fn title(&mut self, lines: &[Text]) -> Result<Vec<Vec<Glyph>>, PdfError> {
        let shaped: Vec<Vec<SGlyph>> = lines
            .iter()
            .map(|t| self.sh.shape(t, FontRole::XiaoBiaoSong, SIZE_2, 0.0))
            .collect();
        let parts: Vec<Vec<SGlyph>> = if shaped.len() == 1 {
            split_title(&shaped[0]).ok_or_else(|| {
                PdfError::Layout(format!(
                    "标题“{}”太长，两行排不下（每行最多约 20 字）",
                    lines[0]
                ))
            })?
        } else {
            for (t, g) in lines.iter().zip(&shaped) {
                if natural(g) > WIDTH + 0.01 {
                    return Err(PdfError::Layout(format!(
                        "标题行“{t}”太长，一行排不下（每行最多约 20 字）"
                    )));
                }
            }
            if shaped.len() == 2 && (natural(&shaped[0]) - natural(&shaped[1])).abs() < SIZE_2 {
                return Err(PdfError::Layout(format!(
                    "标题两行“{}”“{}”长度相同，应排成梯形或菱形（两行至少相差一字）",
                    lines[0], lines[1]
                )));
            }
            shaped
        };
        Ok(parts
            .iter()
            .map(|g| {
                let w = natural(g);
                place(g, None, &[], (LEFT + RIGHT - w) / 2.0)
            })
            .collect())
    }
}

/// Common words of 公文 titles a line break should not cut.
const TITLE_WORDS: &[&str] = &[
    "关于",
    "年度",
    "全市",
    "全省",
    "全区",
    "全县",
    "专业",
    "办事",
    "大厅",
    "窗口",
    "服务",
    "工作",
    "考核",
    "结果",
    "情况",
    "通报",
    "通知",
    "报告",
    "意见",
    "决定",
    "批复",
    "有关",
    "事项",
    "进一步",
    "加强",
    "推进",
    "开展",
    "表彰",
    "先进",
    "集体",
    "个人",
    "单位",
    "部门",
    "中心",
    "政务",
    "行政",
    "管理",
    "委员会",
    "人民政府",
    "办公室",
    "检查",
    "评比",
    "明察暗访",
    "季度",
    "上半年",
    "下半年",
    "质量",
    "标准化",
    "规范化",
    "便利化",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "年度考核",
    "专项检查",
];

/// Splits a title into two lines of different length (梯形), as balanced as possible, not
/// inside a digit run, a common word, or against the punctuation rules.
fn split_title(g: &[SGlyph]) -> Option<Vec<Vec<SGlyph>>> {
    let total = natural(g);
    if total <= WIDTH + 0.01 {
        return Some(vec![g.to_vec()]);
    }
    let s: Vec<char> = g.iter().map(|x| x.ch).collect();
    let mut inside_word = vec![false; s.len() + 1];
    for w in TITLE_WORDS {
        let wc: Vec<char> = w.chars().collect();
        for start in 0..s.len().saturating_sub(wc.len() - 1) {
            if s[start..start + wc.len()] == wc[..] {
                for w in &mut inside_word[start + 1..start + wc.len()] {
                    *w = true;
                }
            }
        }
    }
    let alnum = |c: char| c.is_ascii_alphanumeric() || c == '.';
    let mut best: Option<(f32, usize)> = None;
    let mut w1 = 0.0;
    for cut in 1..s.len() {
        w1 += g[cut - 1].width;
        let w2 = total - w1;
        if w1 > WIDTH + 0.01 {
            break;
        }
        if w2 > WIDTH + 0.01 || (w1 - w2).abs() < SIZE_2 + 0.5 {
            continue;
        }
        if (alnum(s[cut - 1]) && alnum(s[cut]))
            || linebreak::NO_START.contains(s[cut])
            || linebreak::NO_END.contains(s[cut - 1])
        {
            continue;
        }
        let score = (w1 - w2).abs() / SIZE_2 + if inside_word[cut] { 4.0 } else { 0.0 };
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, cut));
        }
    }
    best.map(|(_, cut)| vec![g[..cut].to_vec(), g[cut..].to_vec()])
}
