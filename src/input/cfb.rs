//! OLE compound files (the container of .xls, and of every encrypted Office workbook): enough of
//! the format to tell an encrypted workbook from an .xls, and to check an .xls before calamine
//! reads it.
//!
//! calamine trusts the container: a sector chain that loops, a stream length of terabytes or a
//! FAT listed a million times makes it allocate until the process aborts. The checks here walk
//! the same chains the same way calamine does (same sector numbering, same case-insensitive
//! first match on stream names, mini stream below 4096 bytes) and refuse any file where a
//! chain loops, leaves the file or the FAT is larger than the file.

const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// calamine reads a stream shorter than this from the mini stream, whatever the header says.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(SIGNATURE)
}

#[derive(Debug)]
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// A checked compound file.
#[derive(Debug)]
pub struct Cfb {
    sector: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    entries: Vec<Entry>,
    /// File offsets of the mini stream's sectors, in order.
    mini_sectors: Vec<usize>,
}

/// A stream's bytes and where each of them lies in the file.
pub struct Stream {
    pub bytes: Vec<u8>,
    /// File offset of each piece of `piece` bytes.
    pieces: Vec<usize>,
    piece: usize,
}

impl Stream {
    /// File offset of the stream's byte `pos`.
    pub fn file_offset(&self, pos: usize) -> Option<usize> {
        self.pieces
            .get(pos / self.piece)
            .map(|start| start + pos % self.piece)
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .unwrap_or(0)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .unwrap_or(0)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .map(|s| u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
        .unwrap_or(0)
}

impl Cfb {
    pub fn parse(file: &[u8]) -> Result<Cfb, String> {
        if file.len() < 512 || !is_cfb(file) {
            return Err("不是有效的复合文档".to_string());
        }
        let sector = match u16_at(file, 30) {
            9 => 512,
            12 => 4096,
            s => return Err(format!("扇区大小 {s} 无效")),
        };
        if u16_at(file, 32) != 6 {
            return Err("短扇区大小无效".to_string());
        }
        // calamine numbers sectors from the end of the header and accepts ids up to this one.
        let maxid = file.len() / sector;
        let get = |id: u32| -> Result<&[u8], String> {
            let id = id as usize;
            if id > maxid {
                return Err(format!("扇区 {id} 超出文件末尾"));
            }
            let start = (id + 1) * sector;
            Ok(file
                .get(start..(start + sector).min(file.len()))
                .unwrap_or(&[]))
        };
        let words = |b: &[u8]| -> Vec<u32> {
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        };

        let mut difat: Vec<u32> = words(&file[76..512]);
        let mut next = u32_at(file, 68);
        let mut hops = 0usize;
        while next < RESERVED {
            hops += 1;
            if hops > maxid + 1 {
                return Err("扇区分配表的链接形成循环".to_string());
            }
            difat.extend(words(get(next)?));
            next = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        // Each FAT sector describes sectors of the file; more of them than the file has
        // sectors means the same ones are listed again and again.
        if fat_sectors.len() > maxid + 1 {
            return Err("扇区分配表大于文件本身".to_string());
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * sector / 4);
        for id in fat_sectors {
            fat.extend(words(get(id)?));
        }

        let mut cfb = Cfb {
            sector,
            fat,
            minifat: Vec::new(),
            entries: Vec::new(),
            mini_sectors: Vec::new(),
        };
        let dir_start = u32_at(file, 48);
        let dirs = cfb.chain(dir_start, u64::MAX, maxid)?;
        let dir_bytes = cfb.gather(file, &dirs, u64::MAX);
        for e in dir_bytes.chunks_exact(128) {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.find('\0') {
                name.truncate(l);
            }
            let len = if sector == 512 {
                u64::from(u32_at(e, 120))
            } else {
                u64_at(e, 120)
            };
            cfb.entries.push(Entry {
                name,
                start: u32_at(e, 116),
                len,
            });
        }
        let Some(root) = cfb.entries.first() else {
            return Err("目录为空".to_string());
        };
        let mini_fat_len = u32_at(file, 64) as u64;
        if mini_fat_len > 0 {
            let (root_start, root_len) = (root.start, root.len);
            cfb.mini_sectors = cfb.chain(root_start, root_len, maxid)?;
            let minifat = cfb.chain(
                u32_at(file, 60),
                mini_fat_len.saturating_mul(sector as u64),
                maxid,
            )?;
            let bytes = cfb.gather(file, &minifat, mini_fat_len.saturating_mul(sector as u64));
            cfb.minifat = words(&bytes);
            // calamine keeps the mini stream only as long as the root entry says.
            let kept = root_len.div_ceil(sector as u64) as usize;
            cfb.mini_sectors.truncate(kept);
        }
        Ok(cfb)
    }

    /// Sectors of a chain up to `len` bytes, as calamine follows it; a loop or a sector outside
    /// the file is an error.
    fn chain(&self, start: u32, len: u64, maxid: usize) -> Result<Vec<usize>, String> {
        let mut out = Vec::new();
        let mut seen = vec![false; maxid + 1];
        let mut id = start;
        let mut have: u64 = 0;
        while id != ENDOFCHAIN {
            let i = id as usize;
            if i > maxid {
                return Err(format!("扇区 {id} 超出文件末尾"));
            }
            if std::mem::replace(&mut seen[i], true) {
                return Err("扇区链接形成循环".to_string());
            }
            out.push((i + 1) * self.sector);
            have += self.sector as u64;
            if have >= len {
                break;
            }
            id = *self
                .fat
                .get(i)
                .ok_or_else(|| format!("扇区 {id} 不在分配表中"))?;
        }
        Ok(out)
    }

    fn gather(&self, file: &[u8], offsets: &[usize], len: u64) -> Vec<u8> {
        let mut out = Vec::new();
        for &o in offsets {
            let end = (o + self.sector).min(file.len());
            out.extend_from_slice(file.get(o..end).unwrap_or(&[]));
            if out.len() as u64 >= len {
                out.truncate(len as usize);
                break;
            }
        }
        out
    }

    /// Whether the file holds an entry of this name (any case), as calamine checks.
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The first stream of this name (any case), read as calamine reads it.
    pub fn stream(&self, file: &[u8], name: &str) -> Result<Option<Stream>, String> {
        let Some(e) = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let maxid = file.len() / self.sector;
        if e.len < MINI_CUTOFF {
            let mut pieces = Vec::new();
            let mut seen = std::collections::HashSet::new();
            let mut id = e.start;
            let mut have = 0u64;
            while id != ENDOFCHAIN && have < e.len {
                if !seen.insert(id) {
                    return Err("短扇区链接形成循环".to_string());
                }
                let at = id as usize * MINI_SECTOR;
                // calamine would grow the mini stream to reach this sector: refuse instead.
                let host = self
                    .mini_sectors
                    .get(at / self.sector)
                    .ok_or_else(|| format!("短扇区 {id} 超出短流"))?;
                pieces.push(host + at % self.sector);
                have += MINI_SECTOR as u64;
                id = *self
                    .minifat
                    .get(id as usize)
                    .ok_or_else(|| format!("短扇区 {id} 不在分配表中"))?;
            }
            let mut bytes = Vec::new();
            for &p in &pieces {
                bytes.extend_from_slice(
                    file.get(p..(p + MINI_SECTOR).min(file.len()))
                        .unwrap_or(&[]),
                );
            }
            bytes.truncate(e.len as usize);
            return Ok(Some(Stream {
                bytes,
                pieces,
                piece: MINI_SECTOR,
            }));
        }
        let pieces = self.chain(e.start, e.len, maxid)?;
        let bytes = self.gather(file, &pieces, e.len);
        Ok(Some(Stream {
            bytes,
            pieces,
            piece: self.sector,
        }))
    }
}
