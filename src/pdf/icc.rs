//! A compact sRGB ICC profile (version 2.1, display class, matrix/TRC), generated here so that
//! no third-party profile file has to be shipped or licensed. Colorants are the D50-adapted
//! sRGB primaries of IEC 61966-2-1 as published by the ICC; the tone curve is the sRGB curve
//! sampled at 1024 points. ~2.6 KB, byte-identical on every call.

fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in [x, y, z] {
        t.extend(s15f16(v));
    }
    t
}

fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

pub(crate) const DESCRIPTION: &str = "sRGB IEC61966-2.1";

pub(crate) fn srgb_profile() -> Vec<u8> {
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend((DESCRIPTION.len() as u32 + 1).to_be_bytes());
    desc.extend(DESCRIPTION.as_bytes());
    desc.push(0);
    desc.extend([0u8; 4 + 4 + 2 + 1 + 67]); // no Unicode / ScriptCode descriptions
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend(b"No copyright, use freely (CC0).\0");
    const N: usize = 1024;
    let mut trc = b"curv\0\0\0\0".to_vec();
    trc.extend((N as u32).to_be_bytes());
    for i in 0..N {
        let v = srgb_to_linear(i as f64 / (N - 1) as f64);
        trc.extend(((v * 65535.0).round() as u16).to_be_bytes());
    }
    // (signature, data); the three TRC tags share one curve
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz_tag(0.436_074_7, 0.222_504_5, 0.013_932_2)),
        (b"gXYZ", xyz_tag(0.385_064_9, 0.716_878_6, 0.097_104_5)),
        (b"bXYZ", xyz_tag(0.143_080_4, 0.060_616_9, 0.714_173_3)),
        (b"rTRC", trc),
    ];
    let shared = [b"gTRC", b"bTRC"];
    let count = tags.len() + shared.len();
    let mut offset = 128 + 4 + 12 * count;
    let mut table = (count as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    let mut trc_at = (0, 0);
    for (sig, d) in &tags {
        table.extend(*sig);
        table.extend((offset as u32).to_be_bytes());
        table.extend((d.len() as u32).to_be_bytes());
        if *sig == b"rTRC" {
            trc_at = (offset, d.len());
        }
        data.extend(d);
        let pad = (4 - d.len() % 4) % 4;
        data.extend(std::iter::repeat_n(0u8, pad));
        offset += d.len() + pad;
    }
    for sig in shared {
        table.extend(sig);
        table.extend((trc_at.0 as u32).to_be_bytes());
        table.extend((trc_at.1 as u32).to_be_bytes());
    }
    let size = 128 + table.len() + data.len();
    let mut h = Vec::with_capacity(size);
    h.extend((size as u32).to_be_bytes());
    h.extend([0u8; 4]); // preferred CMM
    h.extend([0x02, 0x10, 0, 0]); // version 2.1
    h.extend(b"mntr");
    h.extend(b"RGB ");
    h.extend(b"XYZ ");
    // creation date 2026-01-01 00:00:00 (fixed: the profile never changes)
    for v in [2026u16, 1, 1, 0, 0, 0] {
        h.extend(v.to_be_bytes());
    }
    h.extend(b"acsp");
    h.extend([0u8; 4]); // platform
    h.extend([0u8; 4]); // flags
    h.extend([0u8; 4]); // manufacturer
    h.extend([0u8; 4]); // model
    h.extend([0u8; 8]); // attributes
    h.extend([0u8; 4]); // rendering intent: perceptual
    h.extend(s15f16(0.9642));
    h.extend(s15f16(1.0));
    h.extend(s15f16(0.8249));
    h.extend([0u8; 4]); // creator
    h.resize(128, 0);
    h.extend(table);
    h.extend(data);
    h
}

#[cfg(test)]
mod tests {
    #[test]
    fn profile_is_well_formed() {
        let p = super::srgb_profile();
        assert_eq!(
            u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize,
            p.len()
        );
        assert_eq!(&p[36..40], b"acsp");
        assert!(p.len() < 3000, "{}", p.len());
        assert_eq!(p, super::srgb_profile());
    }
}
