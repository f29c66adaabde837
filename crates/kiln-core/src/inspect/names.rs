//! Name rules: ECMA-119 d-/a-characters and identifiers, Joliet UCS-2 names, and the ordering of
//! identifiers (ECMA-119 9.3 for directory records, 6.9.1 for path tables).

use std::cmp::Ordering;

/// ECMA-119 d-characters: `A-Z 0-9 _`.
pub(crate) fn is_d_char(c: u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'
}

/// ECMA-119 a-characters: the d-characters, space and ``!"%&'()*+,-./:;<=>?``.
pub(crate) fn is_a_char(c: u8) -> bool {
    is_d_char(c) || b" !\"%&'()*+,-./:;<=>?".contains(&c)
}

/// A byte for people: the character if printable ASCII, else its hex value.
pub(crate) fn show_byte(c: u8) -> String {
    if c.is_ascii_graphic() || c == b' ' {
        format!("'{}'", c as char)
    } else {
        format!("byte {c:#04x}")
    }
}

/// A space-padded field for people, trailing spaces dropped.
pub(crate) fn show_ascii(b: &[u8]) -> String {
    let end = b.iter().rposition(|&c| c != b' ').map_or(0, |p| p + 1);
    b[..end]
        .iter()
        .map(|&c| {
            if c.is_ascii_graphic() || c == b' ' {
                (c as char).to_string()
            } else {
                format!("\\x{c:02x}")
            }
        })
        .collect()
}

/// The first character of a space-padded field that `ok` rejects (trailing spaces are padding).
pub(crate) fn bad_char_in_field(field: &[u8], ok: fn(u8) -> bool) -> Option<String> {
    let end = field.iter().rposition(|&c| c != b' ').map_or(0, |p| p + 1);
    field[..end]
        .iter()
        .find(|&&c| !ok(c))
        .map(|&c| show_byte(c))
}

/// Problems of an ECMA-119 file identifier (`NAME.EXT;1`).
pub(crate) fn iso_file_id_problems(id: &[u8]) -> Vec<String> {
    let mut p = Vec::new();
    let (base, version) = match id.iter().position(|&c| c == b';') {
        Some(i) => (&id[..i], Some(&id[i + 1..])),
        None => (id, None),
    };
    match version {
        None => p.push("has no ';' and version number (ECMA-119 7.5.1)".to_string()),
        Some(v) => {
            let n = std::str::from_utf8(v)
                .ok()
                .filter(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|s| s.parse::<u32>().ok());
            if !matches!(n, Some(1..=32767)) {
                p.push(format!(
                    "version {:?} is not a number from 1 to 32767",
                    show_ascii(v)
                ));
            }
        }
    }
    let dots = base.iter().filter(|&&c| c == b'.').count();
    if dots != 1 {
        p.push(format!(
            "has {dots} '.' separators in the file name part; ECMA-119 needs exactly one"
        ));
    }
    let name_len = base.len().saturating_sub(dots);
    if name_len == 0 {
        p.push("both the file name and the extension are empty".into());
    }
    if name_len > 30 {
        p.push(format!(
            "file name and extension are {name_len} characters; at most 30 are allowed"
        ));
    }
    if let Some(&c) = base.iter().find(|&&c| c != b'.' && !is_d_char(c)) {
        p.push(format!(
            "has {}, which is not a d-character (A-Z 0-9 _)",
            show_byte(c)
        ));
    }
    p
}

/// Problems of an ECMA-119 directory identifier.
pub(crate) fn iso_dir_id_problems(id: &[u8]) -> Vec<String> {
    let mut p = Vec::new();
    if id.len() > 31 {
        p.push(format!(
            "is {} characters; directory identifiers have at most 31",
            id.len()
        ));
    }
    if let Some(&c) = id.iter().find(|&&c| !is_d_char(c)) {
        p.push(format!(
            "has {}, which is not a d-character (A-Z 0-9 _)",
            show_byte(c)
        ));
    }
    p
}

/// A Joliet identifier as UCS-2 code units; an odd length is an error.
pub(crate) fn ucs2(id: &[u8]) -> Result<Vec<u16>, String> {
    let units = id
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    if id.len() % 2 != 0 {
        return Err(format!(
            "is {} bytes long: UCS-2 names have an even length",
            id.len()
        ));
    }
    Ok(units)
}

/// A Joliet name for people.
pub(crate) fn show_ucs2(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .map(|c| {
            if (c as u32) < 0x20 {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Splits a trailing `;digits` version off a Joliet name.
fn joliet_base(units: &[u16]) -> &[u16] {
    if let Some(i) = units.iter().rposition(|&u| u == u16::from(b';')) {
        let v = &units[i + 1..];
        if !v.is_empty() && v.iter().all(|&u| (0x30..=0x39).contains(&u)) {
            return &units[..i];
        }
    }
    units
}

/// Joliet name rules: `(errors, warnings)`.
pub(crate) fn joliet_name_problems(units: &[u16], is_dir: bool) -> (Vec<String>, Vec<String>) {
    let (mut errs, mut warns) = (Vec::new(), Vec::new());
    let base = if is_dir { units } else { joliet_base(units) };
    if base.is_empty() {
        errs.push("the name is empty".into());
    }
    for &u in base {
        if u < 0x20 {
            errs.push(format!("has the control character U+{u:04X}"));
            break;
        }
        if let Some(c) = [b'*', b'/', b':', b';', b'?', b'\\']
            .into_iter()
            .find(|&c| u == u16::from(c))
        {
            errs.push(format!("has '{}', which Joliet forbids", c as char));
            break;
        }
    }
    if base.iter().any(|u| (0xD800..=0xDFFF).contains(u)) {
        warns.push(
            "has UTF-16 surrogates: Joliet is UCS-2, some readers show two characters".into(),
        );
    }
    if base.len() > 64 {
        warns.push(format!(
            "is {} characters, over Joliet's 64 (readers without long-name support may fail)",
            base.len()
        ));
    }
    (errs, warns)
}

/// Compares two identifiers as ECMA-119 9.3 orders directory records: file name, then extension
/// (each padded with spaces), then version number, descending. Joliet names go through the same
/// rule on UCS-2 code units.
pub(crate) fn record_order(a: &[u16], b: &[u16]) -> Ordering {
    let (an, ae, av) = split_id(a);
    let (bn, be, bv) = split_id(b);
    padded(an, bn).then(padded(ae, be)).then(bv.cmp(&av))
}

/// Compares two directory identifiers as path tables are ordered (padded with spaces).
pub(crate) fn path_table_order(a: &[u16], b: &[u16]) -> Ordering {
    padded(a, b)
}

fn padded(a: &[u16], b: &[u16]) -> Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            let x = a.get(i).copied().unwrap_or(0x20);
            let y = b.get(i).copied().unwrap_or(0x20);
            x.cmp(&y)
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// (name, extension, version) of an identifier; version 0 when there is none.
fn split_id(id: &[u16]) -> (&[u16], &[u16], u32) {
    let (base, version) = match id.iter().rposition(|&u| u == u16::from(b';')) {
        Some(i) => {
            let v = id[i + 1..].iter().try_fold(0u32, |acc, &u| {
                (0x30..=0x39)
                    .contains(&u)
                    .then(|| acc.saturating_mul(10).saturating_add(u32::from(u - 0x30)))
            });
            match v {
                Some(v) => (&id[..i], v),
                None => (id, 0),
            }
        }
        None => (id, 0),
    };
    match base.iter().rposition(|&u| u == u16::from(b'.')) {
        Some(i) => (&base[..i], &base[i + 1..], version),
        None => (base, &[][..], version),
    }
}

/// Widens an ISO identifier to code units so that both hierarchies share the ordering code.
pub(crate) fn widen(id: &[u8]) -> Vec<u16> {
    id.iter().map(|&c| u16::from(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_file_ids() {
        assert!(iso_file_id_problems(b"FILE.TXT;1").is_empty());
        assert!(iso_file_id_problems(b"README.;1").is_empty());
        assert!(iso_file_id_problems(b"A_B_C1.X;32767").is_empty());
        assert!(!iso_file_id_problems(b"file.txt;1").is_empty());
        assert!(!iso_file_id_problems(b"FILE.TXT").is_empty());
        assert!(!iso_file_id_problems(b"FILE.TXT;0").is_empty());
        assert!(!iso_file_id_problems(b"A.B.C;1").is_empty());
        assert!(!iso_file_id_problems(b".;1").is_empty());
        assert!(!iso_file_id_problems(
            &[b'A'; 31].iter().chain(b".;1").copied().collect::<Vec<_>>()
        )
        .is_empty());
        assert!(iso_dir_id_problems(b"DIR_1").is_empty());
        assert!(!iso_dir_id_problems(b"DIR.1").is_empty());
        assert!(!iso_dir_id_problems(&[b'A'; 32]).is_empty());
    }

    #[test]
    fn joliet_names() {
        let w = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        assert_eq!(
            joliet_name_problems(&w("a file.txt;1"), false),
            (vec![], vec![])
        );
        assert!(!joliet_name_problems(&w("a:b"), false).0.is_empty());
        assert!(!joliet_name_problems(&w("a;b"), true).0.is_empty());
        assert!(!joliet_name_problems(&w("a\u{1}b"), false).0.is_empty());
        let long = "x".repeat(70);
        let (e, warn) = joliet_name_problems(&w(&long), false);
        assert!(e.is_empty() && warn.len() == 1);
        assert!(ucs2(&[0, 65, 0]).is_err());
    }

    #[test]
    fn ordering() {
        let o = |a: &str, b: &str| record_order(&widen(a.as_bytes()), &widen(b.as_bytes()));
        assert_eq!(o("A.TXT;1", "B.TXT;1"), Ordering::Less);
        assert_eq!(o("AB.;1", "A_.;1"), Ordering::Less);
        assert_eq!(o("A.B;2", "A.B;1"), Ordering::Less);
        assert_eq!(o("A.;1", "A.B;1"), Ordering::Less);
        assert_eq!(o("A", "A0"), Ordering::Less);
        assert_eq!(
            path_table_order(&widen(b"A"), &widen(b"A ")),
            Ordering::Equal
        );
    }
}
