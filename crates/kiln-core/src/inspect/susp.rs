//! SUSP (IEEE P1281) framing and Rock Ridge (IEEE P1282, RRIP 1.10/1.12) entries of one directory
//! record, continuation areas included.

use std::collections::HashSet;
use std::io::{Read, Seek};

use super::{both32, Area, Cx, BLOCK_BYTES};

/// The most continuation areas followed from one System Use field.
const MAX_CE: usize = 32;

/// What the SUSP walk of a hierarchy carries from record to record.
#[derive(Debug, Default)]
pub(crate) struct SuState {
    /// The root's `.` starts with SP: SUSP is in use.
    pub(crate) active: bool,
    /// LEN_SKP of the SP entry.
    pub(crate) skip: usize,
    /// An ER entry was found in the root's `.` record.
    pub(crate) er_found: bool,
    /// Some record carries a Rock Ridge entry.
    pub(crate) rr_used: bool,
    /// Already reported: System Use data that looks like Rock Ridge without an SP.
    pub(crate) reported_no_sp: bool,
}

/// The Rock Ridge facts of one record that the directory walk needs.
#[derive(Debug, Default)]
pub(crate) struct RrEntries {
    /// The NM name, continuation parts joined.
    pub(crate) nm: Option<Vec<u8>>,
    /// PX file mode.
    pub(crate) mode: Option<u32>,
    /// An SL entry is present.
    pub(crate) sl: bool,
    /// RE: this directory was relocated.
    pub(crate) re: bool,
    /// CL: location of the relocated directory this placeholder stands for.
    pub(crate) cl: Option<u32>,
    /// PL: location of the original parent (in a `..` record).
    pub(crate) pl: Option<u32>,
    /// PX owner and group.
    pub(crate) owner: Option<(u32, u32)>,
    /// TF modification, access and attribute-change times (7-byte forms only are read).
    pub(crate) times: [Option<[u8; 7]>; 3],
    /// SL: the symbolic link's target, components joined with `/`.
    pub(crate) link: Option<String>,
    /// The last SL component said it continues in the next one.
    link_open: bool,
}

const RR_SIGS: [&[u8; 2]; 10] = [
    b"PX", b"PN", b"SL", b"NM", b"CL", b"PL", b"RE", b"TF", b"SF", b"RR",
];

/// Reads the System Use field `su` of a record (and its continuation areas).
pub(crate) fn parse<R: Read + Seek>(
    cx: &mut Cx<R>,
    st: &mut SuState,
    su: &[u8],
    at: &str,
    root_dot: bool,
) -> RrEntries {
    let mut rr = RrEntries::default();
    if root_dot {
        if su.get(..2) != Some(b"SP") {
            return rr;
        }
        st.active = true;
        let len = su.get(2).copied().unwrap_or(0);
        if len != 7 || su.get(3) != Some(&1) || su.get(4..6) != Some(&[0xBE, 0xEF][..]) {
            cx.out.err(
                Area::RockRidge,
                at,
                format!(
                    "SP entry is malformed (length {len}, version {:?}, check bytes {:02x?}); it must be length 7, version 1, check bytes BE EF",
                    su.get(3),
                    su.get(4..6).unwrap_or(&[])
                ),
            );
        }
        st.skip = usize::from(su.get(6).copied().unwrap_or(0));
    } else if !st.active {
        if !st.reported_no_sp
            && su.len() >= 4
            && su
                .get(..2)
                .is_some_and(|s| RR_SIGS.iter().any(|r| &r[..] == s))
        {
            st.reported_no_sp = true;
            cx.out.err(
                Area::RockRidge,
                at,
                "System Use data looks like Rock Ridge, but the root's '.' record has no SP entry: readers will ignore it",
            );
        }
        return rr;
    }
    let start = if root_dot { 0 } else { st.skip };
    let Some(first) = su.get(start..) else {
        cx.out.err(
            Area::RockRidge,
            at,
            format!(
                "System Use field is {} bytes, shorter than the SP skip length {start}",
                su.len()
            ),
        );
        return rr;
    };
    let mut area = first.to_vec();
    let mut where_ = "System Use field".to_string();
    let mut seen = HashSet::new();
    let mut nm_open = true;
    for hop in 0..=MAX_CE {
        let ce = parse_area(cx, st, &area, at, &where_, root_dot, &mut rr, &mut nm_open);
        let Some((lba, off, len)) = ce else { break };
        if hop == MAX_CE {
            cx.out.err(
                Area::RockRidge,
                at,
                format!(
                    "more than {MAX_CE} continuation areas: the CE chain is not followed further"
                ),
            );
            break;
        }
        if !seen.insert((lba, off)) {
            cx.out.err(
                Area::RockRidge,
                at,
                format!("CE chain loops back to LBA {lba} offset {off}"),
            );
            break;
        }
        if off as usize + len as usize > BLOCK_BYTES {
            cx.out.err(
                Area::RockRidge,
                at,
                format!("continuation area at LBA {lba} offset {off} length {len} crosses the end of its block"),
            );
            break;
        }
        if !cx.check_extent(u64::from(lba), 1, at, "continuation area") {
            break;
        }
        let Some(block) = cx.img.block(u64::from(lba)) else {
            cx.out.err(
                Area::Extents,
                at,
                format!("cannot read the continuation area block {lba}"),
            );
            break;
        };
        area = block[off as usize..off as usize + len as usize].to_vec();
        where_ = format!("continuation area @ LBA {lba}+{off}");
    }
    if rr.sl && rr.mode.is_some_and(|m| m & 0o170000 != 0o120000) {
        cx.out.err(
            Area::RockRidge,
            at,
            "SL entry on something whose PX mode is not a symbolic link",
        );
    }
    rr
}

/// Reads one area (a System Use field or a continuation area); returns its CE pointer, if any.
#[allow(clippy::too_many_arguments)]
fn parse_area<R: Read + Seek>(
    cx: &mut Cx<R>,
    st: &mut SuState,
    area: &[u8],
    at: &str,
    where_: &str,
    root_dot: bool,
    rr: &mut RrEntries,
    nm_open: &mut bool,
) -> Option<(u32, u32, u32)> {
    let mut ce = None;
    let mut pos = 0usize;
    let a = Area::RockRidge;
    while area.len().saturating_sub(pos) >= 4 {
        let sig = [area[pos], area[pos + 1]];
        let len = usize::from(area[pos + 2]);
        let ver = area[pos + 3];
        let name = String::from_utf8_lossy(&sig).into_owned();
        let here = format!("{name} entry at offset {pos} of the {where_}");
        if len < 4 {
            cx.out.err(
                a,
                at,
                format!("{here} has length {len}; SUSP entries are at least 4 bytes"),
            );
            return ce;
        }
        let Some(e) = area.get(pos..pos + len) else {
            cx.out.err(
                a,
                at,
                format!(
                    "{here} has length {len} but only {} bytes remain in the area",
                    area.len() - pos
                ),
            );
            return ce;
        };
        let want: &[usize] = match &sig {
            b"ST" | b"RE" => &[4],
            b"ES" | b"RR" => &[5],
            b"CL" | b"PL" => &[12],
            b"PN" => &[20],
            b"CE" => &[28],
            b"PX" => &[36, 44],
            _ => &[],
        };
        let len_ok = want.is_empty() || want.contains(&len);
        if !len_ok {
            cx.out
                .err(a, at, format!("{here} has length {len}, expected {want:?}"));
        }
        if ver != 1 && &sig != b"PD" {
            cx.out
                .err(a, at, format!("{here} has version {ver}, expected 1"));
        }
        if RR_SIGS.iter().any(|r| **r == sig) {
            st.rr_used = true;
        }
        match &sig {
            b"SP" if !(root_dot && pos == 0 && where_ == "System Use field") => {
                cx.out.err(
                    a,
                    at,
                    format!("{here}: SP belongs only at the start of the root's '.' record"),
                );
            }
            b"ST" => return ce,
            b"CE" if len_ok && ce.is_some() => {
                cx.out
                    .err(a, at, format!("{here}: a second CE in the same area"));
            }
            b"CE" if len_ok => {
                let lba = both32(&mut cx.out, a, at, "CE location", e, 4);
                let off = both32(&mut cx.out, a, at, "CE offset", e, 12);
                let clen = both32(&mut cx.out, a, at, "CE length", e, 20);
                ce = Some((lba, off.min(u32::MAX / 2), clen.min(u32::MAX / 2)));
            }
            b"ER" => {
                if len < 8 {
                    cx.out.err(a, at, format!("{here} is shorter than 8 bytes"));
                } else {
                    let want = 8 + usize::from(e[4]) + usize::from(e[5]) + usize::from(e[6]);
                    if want != len {
                        cx.out.err(
                            a,
                            at,
                            format!("{here} has length {len} but its identifier, descriptor and source need {want}"),
                        );
                    } else if root_dot {
                        st.er_found = true;
                    }
                }
            }
            b"PX" if len_ok => {
                let mode = both32(&mut cx.out, a, at, "PX file mode", e, 4);
                both32(&mut cx.out, a, at, "PX links", e, 12);
                let uid = both32(&mut cx.out, a, at, "PX uid", e, 20);
                let gid = both32(&mut cx.out, a, at, "PX gid", e, 28);
                rr.owner = Some((uid, gid));
                if len == 44 {
                    both32(&mut cx.out, a, at, "PX serial number", e, 36);
                }
                rr.mode = Some(mode);
            }
            b"PN" if len_ok => {
                both32(&mut cx.out, a, at, "PN device high", e, 4);
                both32(&mut cx.out, a, at, "PN device low", e, 12);
            }
            b"SL" => {
                rr.sl = true;
                sl(cx, e, at, &here);
                link_target(e, rr);
            }
            b"NM" => nm(cx, e, at, &here, rr, nm_open),
            b"CL" if len_ok => {
                rr.cl = Some(both32(&mut cx.out, a, at, "CL location", e, 4));
            }
            b"PL" if len_ok => {
                rr.pl = Some(both32(&mut cx.out, a, at, "PL location", e, 4));
            }
            b"RE" if len_ok => rr.re = true,
            b"TF" => {
                if len < 5 {
                    cx.out.err(a, at, format!("{here} is shorter than 5 bytes"));
                } else {
                    let flags = e[4];
                    let stamp = if flags & 0x80 != 0 { 17 } else { 7 };
                    let want = 5 + (flags & 0x7f).count_ones() as usize * stamp;
                    if want != len {
                        cx.out.err(
                            a,
                            at,
                            format!("{here} has length {len} but its flags {flags:#04x} announce {} time stamps of {stamp} bytes: {want}", (flags & 0x7f).count_ones()),
                        );
                    } else if stamp == 7 {
                        tf_times(e, flags, rr);
                    }
                }
            }
            _ => {}
        }
        pos += len;
    }
    ce
}

fn nm<R: Read + Seek>(
    cx: &mut Cx<R>,
    e: &[u8],
    at: &str,
    here: &str,
    rr: &mut RrEntries,
    open: &mut bool,
) {
    let a = Area::RockRidge;
    if e.len() < 5 {
        cx.out.err(a, at, format!("{here} is shorter than 5 bytes"));
        return;
    }
    let flags = e[4];
    let content = &e[5..];
    if flags & !(0x01 | 0x02 | 0x04 | 0x20) != 0 {
        cx.out.err(
            a,
            at,
            format!("{here} has reserved flag bits set ({flags:#04x})"),
        );
    }
    let special = flags & 0x06;
    if special == 0x06 {
        cx.out
            .err(a, at, format!("{here} says both CURRENT and PARENT"));
    }
    if special != 0 && (!content.is_empty() || flags & 1 != 0) {
        cx.out.err(
            a,
            at,
            format!("{here} says CURRENT or PARENT but also carries a name"),
        );
    }
    if content.iter().any(|&c| c == b'/' || c == 0) {
        cx.out
            .err(a, at, format!("{here} has a '/' or NUL byte in the name"));
    }
    if !*open {
        cx.out.err(
            a,
            at,
            format!("{here} follows an NM entry that did not set CONTINUE"),
        );
        return;
    }
    rr.nm
        .get_or_insert_with(Vec::new)
        .extend_from_slice(content);
    *open = flags & 1 != 0;
}

/// Keeps the modification (bit 1), access (bit 2) and attribute-change (bit 3) stamps of a TF
/// entry whose length was checked; stamps follow in the order of their flag bits (RRIP 4.1.6).
fn tf_times(e: &[u8], flags: u8, rr: &mut RrEntries) {
    let mut pos = 5;
    for bit in 0..7 {
        if flags & (1 << bit) == 0 {
            continue;
        }
        let slot = match bit {
            1 => Some(0),
            2 => Some(1),
            3 => Some(2),
            _ => None,
        };
        if let (Some(i), Some(b)) = (slot, e.get(pos..pos + 7)) {
            let mut stamp = [0u8; 7];
            stamp.copy_from_slice(b);
            rr.times[i] = Some(stamp);
        }
        pos += 7;
    }
}

/// Appends the components of one SL entry to the link target (RRIP 4.1.3.1: flag 0x02 `.`,
/// 0x04 `..`, 0x08 the root; 0x01 the component continues in the next one).
fn link_target(e: &[u8], rr: &mut RrEntries) {
    let target = rr.link.get_or_insert_with(String::new);
    let mut pos = 5;
    while let Some(&[cflags, clen]) = e
        .get(pos..pos + 2)
        .and_then(|s| <&[u8; 2]>::try_from(s).ok())
    {
        let Some(content) = e.get(pos + 2..pos + 2 + usize::from(clen)) else {
            return;
        };
        if !rr.link_open && !target.is_empty() && !target.ends_with('/') {
            target.push('/');
        }
        match cflags & 0x0E {
            0x02 => target.push('.'),
            0x04 => target.push_str(".."),
            0x08 => target.push('/'),
            _ => target.push_str(&String::from_utf8_lossy(content)),
        }
        rr.link_open = cflags & 0x01 != 0;
        pos += 2 + usize::from(clen);
    }
}

fn sl<R: Read + Seek>(cx: &mut Cx<R>, e: &[u8], at: &str, here: &str) {
    let a = Area::RockRidge;
    if e.len() < 5 {
        cx.out.err(a, at, format!("{here} is shorter than 5 bytes"));
        return;
    }
    if e[4] & !1 != 0 {
        cx.out.err(
            a,
            at,
            format!("{here} has reserved flag bits set ({:#04x})", e[4]),
        );
    }
    let mut pos = 5;
    while pos < e.len() {
        let Some(&[cflags, clen]) = e
            .get(pos..pos + 2)
            .and_then(|s| <&[u8; 2]>::try_from(s).ok())
        else {
            cx.out.err(
                a,
                at,
                format!("{here}: a component record is cut off at byte {pos}"),
            );
            return;
        };
        if cflags & !0x3F != 0 {
            cx.out.err(
                a,
                at,
                format!("{here}: component flags {cflags:#04x} have reserved bits set"),
            );
        }
        if cflags & 0x0E != 0 && clen != 0 {
            cx.out.err(
                a,
                at,
                format!(
                    "{here}: a CURRENT, PARENT or ROOT component carries {clen} bytes of content"
                ),
            );
        }
        if (cflags & 0x0E).count_ones() > 1 {
            cx.out.err(
                a,
                at,
                format!("{here}: a component is more than one of CURRENT, PARENT, ROOT"),
            );
        }
        let end = pos + 2 + usize::from(clen);
        if end > e.len() {
            cx.out.err(
                a,
                at,
                format!("{here}: a component of {clen} bytes runs past the end of the entry"),
            );
            return;
        }
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RRIP 4.1.3.1: `SL` with components ROOT, "usr", "share" (continued: "sh" + "are"),
    /// PARENT, "lib".
    #[test]
    fn sl_components_make_the_link_target() {
        let mut e = vec![b'S', b'L', 0, 1, 0];
        e.extend_from_slice(&[0x08, 0]);
        e.extend_from_slice(&[0, 3]);
        e.extend_from_slice(b"usr");
        e.extend_from_slice(&[0x01, 2]);
        e.extend_from_slice(b"sh");
        e.extend_from_slice(&[0, 3]);
        e.extend_from_slice(b"are");
        e.extend_from_slice(&[0x04, 0]);
        e.extend_from_slice(&[0, 3]);
        e.extend_from_slice(b"lib");
        e[2] = e.len() as u8;
        let mut rr = RrEntries::default();
        link_target(&e, &mut rr);
        assert_eq!(rr.link.as_deref(), Some("/usr/share/../lib"));
        // A relative target; a second SL entry continues the same target.
        let mut rr = RrEntries::default();
        link_target(
            &[b'S', b'L', 12, 1, 1, 0, 3, b'a', b'b', b'c', 0x02, 0],
            &mut rr,
        );
        link_target(&[b'S', b'L', 10, 1, 0, 0, 3, b'x', b'y', b'z'], &mut rr);
        assert_eq!(rr.link.as_deref(), Some("abc/./xyz"));
    }

    /// RRIP 4.1.6: `TF` flags 0x0E (modify, access, attributes) with three 7-byte stamps.
    #[test]
    fn tf_keeps_modify_access_and_attribute_times() {
        let stamp = |s: u8| [123, 11, 14, s, 0, 0, 0];
        let mut e = vec![b'T', b'F', 26, 1, 0x0E];
        for s in [1, 2, 3] {
            e.extend_from_slice(&stamp(s));
        }
        let mut rr = RrEntries::default();
        tf_times(&e, 0x0E, &mut rr);
        assert_eq!(rr.times, [Some(stamp(1)), Some(stamp(2)), Some(stamp(3))]);
        // Creation (bit 0) first shifts the others.
        let mut e = vec![b'T', b'F', 19, 1, 0x03];
        e.extend_from_slice(&stamp(9));
        e.extend_from_slice(&stamp(1));
        let mut rr = RrEntries::default();
        tf_times(&e, 0x03, &mut rr);
        assert_eq!(rr.times, [Some(stamp(1)), None, None]);
    }
}
