#!/usr/bin/env python3
"""Checks the OFD files of a kaohe output folder against their PDFs, with readers kaohe does
not share code with, and renders the OFD pages for a look.

    pip install ofdkit pdfplumber pymupdf fonttools
    python3 scripts/ofd_check.py out [--png 文件夹]

For every `X.ofd` beside an `X.pdf`:
- ofdkit (PyPI, an OFD reader of its own) opens it: page count and each page's text (without
  white space) must equal the PDF's as pdfplumber reads it;
- every text run's first character (ofdkit's position, the baseline origin) must lie within
  0.5 mm of the same character's origin in the PDF (pdfplumber) — the banner, title,
  发文字号, table cells, page numbers;
- every rule and filled box of the PDF (the red rule, table borders, 版记 rules, bars) must
  have an OFD path within 0.5 mm (the OFD's PathObjects read here from the XML);
- every embedded font must open with fontTools, be a subset (about as many glyphs as
  characters drawn with it) and map each character used; with `ots-sanitize` installed
  (Debian: opentype-sanitizer), pass the OpenType Sanitizer browsers apply to web fonts.
With --png, every OFD page is drawn with PyMuPDF from the OFD's own fonts and coordinates
(nothing of the PDF) into the folder, as 文件名-页码.png.
Exit status 0 when every file passes.
"""

import argparse
import io
import math
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

import shutil
import subprocess
import tempfile

import ofdkit
import pdfplumber
from fontTools.ttLib import TTFont

MM = 72 / 25.4
TOLERANCE = 0.5  # mm
NS = {"ofd": "http://www.ofdspec.org/2016"}


def squash(text):
    return re.sub(r"\s+", "", text)


def numbers(s):
    return [float(v) for v in s.split()] if s else []


def deltas(spec, n):
    """DeltaX with the `g count value` shorthand expanded, n values."""
    out, parts, k = [], (spec or "").split(), 0
    while k < len(parts):
        if parts[k] == "g":
            out += [float(parts[k + 2])] * int(parts[k + 1])
            k += 3
        else:
            out.append(float(parts[k]))
            k += 1
    return (out + [out[-1] if out else 0.0] * n)[:n]


class Package:
    """The OFD read from its XML: fonts and, per page, text objects and paths."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        ofd = ET.fromstring(self.zip.read("OFD.xml"))
        root = ofd.find("ofd:DocBody/ofd:DocRoot", NS).text.strip()
        self.base = root.rsplit("/", 1)[0]
        doc = ET.fromstring(self.zip.read(root))
        res = doc.find("ofd:CommonData/ofd:PublicRes", NS).text.strip()
        res_xml = ET.fromstring(self.zip.read(f"{self.base}/{res}"))
        res_base = res_xml.get("BaseLoc", "")
        self.fonts = {}
        for f in res_xml.iter("{%s}Font" % NS["ofd"]):
            loc = f.find("ofd:FontFile", NS).text.strip()
            self.fonts[f.get("ID")] = self.zip.read(f"{self.base}/{res_base}/{loc}")
        self.pages = [
            ET.fromstring(self.zip.read(f"{self.base}/{p.get('BaseLoc')}"))
            for p in doc.find("ofd:Pages", NS)
        ]

    def objects(self, page, tag):
        return list(page.iter("{%s}%s" % (NS["ofd"], tag)))

    @staticmethod
    def points(path):
        """The page positions (mm) of a PathObject's points."""
        bx, by, _, _ = numbers(path.get("Boundary"))
        v = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.find("ofd:AbbreviatedData", NS).text)]
        return [(bx + v[i], by + v[i + 1]) for i in range(0, len(v) - 1, 2)]

    def paths(self, page):
        """(x0, y0, x1, y1) of every path's drawn extent, in mm."""
        out = []
        for p in self.objects(page, "PathObject"):
            xs, ys = zip(*self.points(p))
            out.append((min(xs), min(ys), max(xs), max(ys), p.get("Fill") == "true"))
        return out

    @staticmethod
    def origins(t):
        """(character, x, y) in mm of every glyph origin of a TextObject."""
        out = []
        bx, by, _, _ = numbers(t.get("Boundary"))
        a, b, c, d, e, f = numbers(t.get("CTM")) or [1, 0, 0, 1, 0, 0]
        for code in t.findall("ofd:TextCode", NS):
            text = code.text or ""
            x, y = float(code.get("X")), float(code.get("Y"))
            for ch, dx in zip(text, [0.0] + deltas(code.get("DeltaX"), len(text) - 1)):
                x += dx
                out.append((ch, a * x + c * y + e + bx, b * x + d * y + f + by))
        return out

    def glyphs(self, page):
        """(character, x, y) in mm of every glyph origin, in content order."""
        return [g for t in self.objects(page, "TextObject") for g in self.origins(t)]

    def used_chars(self):
        used = {}
        for page in self.pages:
            for t in self.objects(page, "TextObject"):
                for code in t.findall("ofd:TextCode", NS):
                    used.setdefault(t.get("Font"), set()).update(code.text or "")
        return used


def pdf_rules(page):
    """(x0, top, x1, bottom) in mm of every stroked line and filled box of a PDF page."""
    out = []
    for item in page.lines + page.rects:
        w = item.get("linewidth", 0) if item in page.lines else 0
        out.append(
            (item["x0"] / MM, item["top"] / MM, item["x1"] / MM, item["bottom"] / MM, w / MM)
        )
    return out


worst_all = [0.0]


def check(pdf_path, ofd_path, png_dir):
    problems = []
    ofd_doc = ofdkit.open(str(ofd_path))
    pkg = Package(ofd_path)
    with pdfplumber.open(pdf_path) as pdf:
        if len(pdf.pages) != len(ofd_doc.pages):
            problems.append(f"页数：PDF {len(pdf.pages)}，OFD {len(ofd_doc.pages)}")
        for k, (pp, op) in enumerate(zip(pdf.pages, ofd_doc.pages)):
            pdf_text = squash("".join(c["text"] for c in pp.chars))
            ofd_text = squash("".join(r.text for r in op.runs))
            if pdf_text != ofd_text:
                problems.append(f"第 {k + 1} 页文字不同：PDF {pdf_text[:60]}… OFD {ofd_text[:60]}…")
            origins = [
                (c["text"], c["matrix"][4] / MM, (pp.height - c["matrix"][5]) / MM)
                for c in pp.chars
            ]
            for r in op.runs:
                ch, x = r.text[:1], r.x
                if not ch or ch.isspace():
                    continue
                best = min(
                    (math.hypot(px - x, py - r.y) for t, px, py in origins if t == ch),
                    default=math.inf,
                )
                if best > TOLERANCE:
                    problems.append(f"第 {k + 1} 页“{r.text[:12]}”位置与 PDF 相差 {best:.2f} mm")
            # every glyph, not only each run's first: DeltaX against the PDF's widths and TJ
            glyphs = [g for g in pkg.glyphs(pkg.pages[k]) if not g[0].isspace()]
            drawn = [o for o in origins if not o[0].isspace()]
            if len(glyphs) == len(drawn):
                worst = max(
                    (math.hypot(g[1] - o[1], g[2] - o[2]) for g, o in zip(glyphs, drawn)),
                    default=0.0,
                )
                if worst > TOLERANCE:
                    problems.append(f"第 {k + 1} 页有字符位置与 PDF 相差 {worst:.2f} mm")
                worst_all[0] = max(worst_all[0], worst)
            else:
                problems.append(f"第 {k + 1} 页字符数：PDF {len(drawn)}，OFD {len(glyphs)}")
            paths = pkg.paths(pkg.pages[k])
            for x0, y0, x1, y1, w in pdf_rules(pp):
                # a stroked line's PDF extent is its centre line; the OFD path is too
                found = any(
                    abs(a - x0) <= TOLERANCE + w
                    and abs(b - y0) <= TOLERANCE + w
                    and abs(c - x1) <= TOLERANCE + w
                    and abs(d - y1) <= TOLERANCE + w
                    for a, b, c, d, _ in paths
                )
                if not found:
                    problems.append(
                        f"第 {k + 1} 页 PDF 的线条 ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f}) mm 在 OFD 中没有"
                    )
    for font_id, chars in pkg.used_chars().items():
        font = TTFont(io.BytesIO(pkg.fonts[font_id]))
        cmap = font.getBestCmap()
        glyphs = font["maxp"].numGlyphs
        missing = [c for c in chars if ord(c) not in cmap]
        if missing:
            problems.append(f"字体 {font_id} 的 cmap 缺少：{''.join(missing)}")
        # the OpenType Sanitizer browsers run on web fonts: the strictest common check
        if shutil.which("ots-sanitize"):
            with tempfile.TemporaryDirectory() as tmp:
                src, dst = pathlib.Path(tmp, "in"), pathlib.Path(tmp, "out")
                src.write_bytes(pkg.fonts[font_id])
                r = subprocess.run(["ots-sanitize", str(src), str(dst)], capture_output=True, text=True)
                if r.returncode != 0:
                    problems.append(f"字体 {font_id} 未通过 ots-sanitize：{(r.stdout + r.stderr).strip()[:200]}")
        # .notdef and, in TrueType, the components of composite glyphs besides the characters
        if glyphs > 2 * len(chars) + 10:
            problems.append(f"字体 {font_id} 不是子集：{glyphs} 个字形，用到 {len(chars)} 个字符")
    if png_dir:
        render(pkg, ofd_path, png_dir)
    return problems


def render(pkg, ofd_path, png_dir):
    """Draws each OFD page from its own fonts, text codes, DeltaX, CTM and paths."""
    import pymupdf

    fonts = {}
    for k, page_xml in enumerate(pkg.pages):
        doc = pymupdf.open()
        page = doc.new_page(width=210 * MM, height=297 * MM)
        for t in pkg.objects(page_xml, "TextObject"):
            fid = t.get("Font")
            if fid not in fonts:
                fonts[fid] = pymupdf.Font(fontbuffer=pkg.fonts[fid])
            size = float(t.get("Size"))
            hscale = float(t.get("HScale", "1"))
            fill = t.find("ofd:FillColor", NS)
            color = [v / 255 for v in numbers(fill.get("Value"))] if fill is not None else [0, 0, 0]
            a, b, c, d, _, _ = numbers(t.get("CTM")) or [1, 0, 0, 1, 0, 0]
            # each glyph at its own origin: HScale narrows the glyph, not the positions
            # (DeltaX gives those), and the CTM turns it
            turn = pymupdf.Matrix(a * hscale, -b * hscale, -c, d, 0, 0)
            for ch, x, y in pkg.origins(t):
                origin = pymupdf.Point(x * MM, y * MM)
                writer = pymupdf.TextWriter(page.rect, color=color)
                writer.append(origin, ch, font=fonts[fid], fontsize=size * MM)
                writer.write_text(page, morph=(origin, turn))
        for p in pkg.objects(page_xml, "PathObject"):
            pts = [pymupdf.Point(x * MM, y * MM) for x, y in pkg.points(p)]
            if p.get("Fill") == "true":
                c = p.find("ofd:FillColor", NS)
                color = [v / 255 for v in numbers(c.get("Value"))] if c is not None else [0, 0, 0]
                page.draw_polyline(pts + [pts[0]], color=None, fill=color, width=0)
            else:
                c = p.find("ofd:StrokeColor", NS)
                color = [v / 255 for v in numbers(c.get("Value"))] if c is not None else [0, 0, 0]
                page.draw_line(pts[0], pts[1], color=color, width=float(p.get("LineWidth", "0.353")) * MM)
        png = pathlib.Path(png_dir) / f"{ofd_path.stem}-{k + 1}.png"
        page.get_pixmap(dpi=72).save(png)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="kaohe run 的输出文件夹（用 --ofd 生成）")
    ap.add_argument("--png", help="把每页 OFD 画成 PNG 放进这个文件夹")
    args = ap.parse_args()
    if args.png:
        pathlib.Path(args.png).mkdir(parents=True, exist_ok=True)
    failed = 0
    ofds = sorted(pathlib.Path(args.out).rglob("*.ofd"))
    if not shutil.which("ots-sanitize"):
        print("（未安装 ots-sanitize，跳过字体的 OpenType Sanitizer 检查）")
    if not ofds:
        print("没有 .ofd 文件：运行 kaohe run … --ofd")
        return 1
    for ofd in ofds:
        pdf = ofd.with_suffix(".pdf")
        if not pdf.exists():
            print(f"FAIL {ofd}: 旁边没有同名 PDF")
            failed += 1
            continue
        problems = check(pdf, ofd, args.png)
        print(("FAIL " if problems else "ok   ") + str(ofd.relative_to(args.out)))
        for p in problems[:10]:
            print("     " + p)
        failed += bool(problems)
    print(f"{len(ofds) - failed}/{len(ofds)} 份 OFD 与 PDF 一致（字符位置最大相差 {worst_all[0]:.3f} mm）")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
