//! Names in the two restricted name spaces of a data disc.
//!
//! - **ISO 9660 level 1** (what DOS and the most basic readers see): `NAME.EXT;1`, at most eight
//!   d-characters (`A–Z 0–9 _`) before the dot and three after; folders have no extension. Letters
//!   with accents lose them, everything else becomes `_`, and clashes among siblings are resolved
//!   by replacing the end of the name with a counter (`COLLIS_1`, `COLLIS_2`, ...).
//! - **Joliet** (what Windows sees): UCS-2 big-endian, names kept whole up to 103 characters (as
//!   xorriso's `-joliet-long` does and Windows reads); the characters Joliet forbids (`* / : ; ?
//!   \` and controls) and characters outside UCS-2 (emoji) become `_`; longer names are shortened
//!   keeping their extension; clashes get `~N` before the extension.
//!
//! Every function is deterministic: the same siblings in the same order give the same names, so a
//! reproducible image is possible and the size computed before writing is the size written.

use std::collections::{HashMap, HashSet};

/// Joliet keeps names up to this many UCS-2 characters (xorriso's `-joliet-long`).
pub const JOLIET_MAX_CHARS: usize = 103;
/// The Joliet specification's own limit; longer names get a warning.
pub const JOLIET_SPEC_CHARS: usize = 64;
/// The Joliet specification's path limit in bytes; longer paths get a warning.
pub const JOLIET_SPEC_PATH_BYTES: usize = 240;

/// An ISO 9660 identifier split the way ECMA-119 9.3 sorts it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoIdent {
    /// The name part (d-characters).
    pub name: Vec<u8>,
    /// The extension (d-characters; empty for folders and files without one).
    pub ext: Vec<u8>,
    /// Files carry `.EXT;1`; folders only the name.
    pub is_file: bool,
}

impl IsoIdent {
    /// The file identifier bytes as recorded: `NAME` for folders, `NAME.EXT;1` for files.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = self.name.clone();
        if self.is_file {
            out.push(b'.');
            out.extend_from_slice(&self.ext);
            out.extend_from_slice(b";1");
        }
        out
    }

    /// The identifier as text.
    #[cfg(test)]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

/// Folds one character to a d-character (`A–Z 0–9 _`), or `None` when it has no fair one.
fn d_char(c: char) -> u8 {
    if c.is_ascii_alphanumeric() {
        return c.to_ascii_uppercase() as u8;
    }
    match c {
        'À'..='Å' | 'à'..='å' => b'A',
        'Ç' | 'ç' => b'C',
        'È'..='Ë' | 'è'..='ë' => b'E',
        'Ì'..='Ï' | 'ì'..='ï' => b'I',
        'Ñ' | 'ñ' => b'N',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => b'O',
        'Ù'..='Ü' | 'ù'..='ü' => b'U',
        'Ý' | 'ý' | 'ÿ' => b'Y',
        _ => b'_',
    }
}

fn d_chars(s: &str, max: usize) -> Vec<u8> {
    s.chars().map(d_char).take(max).collect()
}

/// The ISO 9660 level 1 identifier a name would get, before clashes are resolved.
pub fn iso_candidate(name: &str, is_file: bool) -> IsoIdent {
    if !is_file {
        let mut n = d_chars(name, 8);
        if n.is_empty() {
            n.push(b'_');
        }
        return IsoIdent {
            name: n,
            ext: Vec::new(),
            is_file: false,
        };
    }
    // The extension is what follows the last dot, unless the dot starts the name (".hidden").
    let (base, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i + 1..]),
        _ => (name, ""),
    };
    let mut n = d_chars(base, 8);
    if n.is_empty() {
        n.push(b'_');
    }
    IsoIdent {
        name: n,
        ext: d_chars(ext, 3),
        is_file: true,
    }
}

/// Resolves ISO 9660 identifiers for the siblings of one folder, given in a deterministic order
/// as `(name, is_file)`. Returns identifiers in the same order, all distinct.
pub fn iso_identifiers<'a>(siblings: impl Iterator<Item = (&'a str, bool)>) -> Vec<IsoIdent> {
    let candidates: Vec<IsoIdent> = siblings.map(|(n, f)| iso_candidate(n, f)).collect();
    let mut used: HashSet<Vec<u8>> = HashSet::with_capacity(candidates.len());
    // Per candidate key, the counter its last search ended at. Every counter below it was
    // taken then and still is (`used` only grows), so the next search for the same key starts
    // there: the same identifiers as counting from 1, without re-trying them all (100,000
    // files whose 8.3 forms collide took minutes).
    let mut next: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut out = Vec::with_capacity(candidates.len());
    for cand in candidates {
        // Folders and files share one space of names: `ABC` and `ABC.;1` would confuse readers
        // that strip versions, so the uniqueness key ignores the version and the empty dot.
        let key = |id: &IsoIdent| {
            let mut k = id.name.clone();
            if !id.ext.is_empty() {
                k.push(b'.');
                k.extend_from_slice(&id.ext);
            }
            k
        };
        let cand_key = key(&cand);
        if used.insert(cand_key.clone()) {
            out.push(cand);
            continue;
        }
        let mut counter: u64 = next.get(&cand_key).copied().unwrap_or(1);
        loop {
            let digits = counter.to_string();
            let keep = 8usize.saturating_sub(digits.len() + 1).min(cand.name.len());
            let mut name = cand.name[..keep].to_vec();
            name.push(b'_');
            name.extend_from_slice(digits.as_bytes());
            let id = IsoIdent {
                name,
                ext: cand.ext.clone(),
                is_file: cand.is_file,
            };
            if used.insert(key(&id)) {
                out.push(id);
                break;
            }
            counter += 1;
        }
        next.insert(cand_key, counter + 1);
    }
    out
}

/// A Joliet name: UCS-2 code units of the name (without `;1`), and the sort key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JolietName {
    /// UCS-2 code units.
    pub units: Vec<u16>,
    /// Whether it names a file (recorded with `;1`).
    pub is_file: bool,
}

impl JolietName {
    /// The file identifier as recorded: big-endian UCS-2, `;1` after file names.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.units.len() * 2 + 4);
        for u in &self.units {
            out.extend_from_slice(&u.to_be_bytes());
        }
        if self.is_file {
            out.extend_from_slice(&[0, b';', 0, b'1']);
        }
        out
    }

    /// The name as text.
    pub fn text(&self) -> String {
        String::from_utf16_lossy(&self.units)
    }

    /// ECMA-119 9.3 order applied to Joliet: name part, then extension, each compared unit by
    /// unit with the shorter first.
    pub fn sort_key(&self) -> (&[u16], &[u16]) {
        if self.is_file {
            if let Some(i) = self.units.iter().rposition(|u| *u == u16::from(b'.')) {
                return (&self.units[..i], &self.units[i + 1..]);
            }
        }
        (&self.units[..], &[])
    }
}

fn joliet_unit(c: char) -> u16 {
    match c {
        '*' | '/' | ':' | ';' | '?' | '\\' => u16::from(b'_'),
        c if (c as u32) < 0x20 => u16::from(b'_'),
        // Outside the Basic Multilingual Plane UCS-2 has no code for it (emoji, rare CJK).
        c if (c as u32) > 0xFFFF => u16::from(b'_'),
        c => c as u32 as u16,
    }
}

/// Splits UCS-2 units into base and extension (the extension keeps its dot), for shortening.
fn split_ext(units: &[u16], is_file: bool) -> (&[u16], &[u16]) {
    if is_file {
        if let Some(i) = units.iter().rposition(|u| *u == u16::from(b'.')) {
            // A long "extension" is really part of the name.
            if i > 0 && units.len() - i <= 16 {
                return (&units[..i], &units[i..]);
            }
        }
    }
    (units, &[])
}

fn fit(base: &[u16], suffix: &[u16], ext: &[u16]) -> Vec<u16> {
    let room = JOLIET_MAX_CHARS.saturating_sub(suffix.len() + ext.len());
    let mut out: Vec<u16> = base[..base.len().min(room)].to_vec();
    out.extend_from_slice(suffix);
    out.extend_from_slice(ext);
    out
}

/// Resolves Joliet names for the siblings of one folder, given in a deterministic order as
/// `(name, is_file)`. Returns names in the same order, all distinct.
pub fn joliet_names<'a>(siblings: impl Iterator<Item = (&'a str, bool)>) -> Vec<JolietName> {
    let mapped: Vec<(Vec<u16>, bool)> = siblings
        .map(|(n, f)| (n.chars().map(joliet_unit).collect(), f))
        .collect();
    let mut used: HashSet<Vec<u16>> = HashSet::with_capacity(mapped.len());
    let mut out = Vec::with_capacity(mapped.len());
    for (units, is_file) in mapped {
        let (base, ext) = split_ext(&units, is_file);
        let first = fit(base, &[], ext);
        let units = if used.insert(first.clone()) {
            first
        } else {
            let mut n: u64 = 1;
            loop {
                let suffix: Vec<u16> = format!("~{n}").encode_utf16().collect();
                let cand = fit(base, &suffix, ext);
                if used.insert(cand.clone()) {
                    break cand;
                }
                n += 1;
            }
        };
        out.push(JolietName { units, is_file });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(names: &[(&str, bool)]) -> Vec<String> {
        iso_identifiers(names.iter().copied())
            .iter()
            .map(IsoIdent::text)
            .collect()
    }

    #[test]
    fn iso_level1_names_are_8_3_d_characters() {
        assert_eq!(
            iso(&[
                ("hello.txt", true),
                ("perché.txt", true),
                ("archive.tar.gz", true),
                ("noext", true),
                (".hidden", true),
                ("My Folder", false),
                ("漢字.txt", true),
            ]),
            [
                "HELLO.TXT;1",
                "PERCHE.TXT;1",
                "ARCHIVE_.GZ;1",
                "NOEXT.;1",
                "_HIDDEN.;1",
                "MY_FOLDE",
                "__.TXT;1"
            ]
        );
    }

    /// The identifiers as counting every clash from 1 gives them (the rule, slowly).
    fn counted_from_one(names: &[(&str, bool)]) -> Vec<String> {
        let mut used = HashSet::new();
        let key = |id: &IsoIdent| {
            format!(
                "{}.{}",
                String::from_utf8_lossy(&id.name),
                String::from_utf8_lossy(&id.ext)
            )
        };
        names
            .iter()
            .map(|&(n, f)| {
                let cand = iso_candidate(n, f);
                let mut id = cand.clone();
                let mut counter = 1u64;
                while !used.insert(key(&id)) {
                    let digits = counter.to_string();
                    let keep = 8usize.saturating_sub(digits.len() + 1).min(cand.name.len());
                    let mut name = cand.name[..keep].to_vec();
                    name.push(b'_');
                    name.extend_from_slice(digits.as_bytes());
                    id = IsoIdent {
                        name,
                        ext: cand.ext.clone(),
                        is_file: cand.is_file,
                    };
                    counter += 1;
                }
                id.text()
            })
            .collect()
    }

    #[test]
    fn many_clashes_get_the_counters_counting_from_one_gives() {
        // Names whose 8.3 forms collide, in groups whose counter names overlap
        // (`FILE_0_1` from both `file 0…` and `file_0…`), and names that take a counter's.
        let owned: Vec<(String, bool)> = (0..3000)
            .map(|i| match i % 4 {
                0 => (format!("file {i:05}.txt"), true),
                1 => (format!("file_0{i}.txt"), true),
                2 => (format!("FILE_0_{}.txt", i / 7), true),
                _ => (format!("file {i:05}"), i % 8 == 3),
            })
            .collect();
        let names: Vec<(&str, bool)> = owned.iter().map(|(n, f)| (n.as_str(), *f)).collect();
        assert_eq!(iso(&names), counted_from_one(&names));
    }

    #[test]
    fn iso_clashes_get_counters_and_stay_unique() {
        assert_eq!(
            iso(&[
                ("collision_name_1.txt", true),
                ("collision_name_2.txt", true),
                ("collision_name_3.txt", true),
                ("README.txt", true),
                ("readme.txt", true),
                ("Dir", false),
                ("dir", false),
            ]),
            [
                "COLLISIO.TXT;1",
                "COLLIS_1.TXT;1",
                "COLLIS_2.TXT;1",
                "README.TXT;1",
                "README_1.TXT;1",
                "DIR",
                "DIR_1"
            ]
        );
    }

    #[test]
    fn iso_sort_key_orders_name_before_extension() {
        // ECMA-119 9.3: "A.B" sorts before "A.B0" although ';' > '0' in a plain byte compare.
        let a = iso_candidate("a.b", true);
        let b = iso_candidate("a.b0", true);
        assert!(a < b);
        assert!(a.bytes() > b.bytes());
    }

    fn jol(names: &[(&str, bool)]) -> Vec<String> {
        joliet_names(names.iter().copied())
            .iter()
            .map(JolietName::text)
            .collect()
    }

    #[test]
    fn joliet_replaces_forbidden_and_non_bmp_characters() {
        assert_eq!(
            jol(&[
                ("star*.txt", true),
                ("colon:.txt", true),
                ("emoji 🎵.txt", true),
                ("perché.txt", true),
                ("semi;1", true),
            ]),
            [
                "star_.txt",
                "colon_.txt",
                "emoji _.txt",
                "perché.txt",
                "semi_1"
            ]
        );
    }

    #[test]
    fn joliet_keeps_103_characters_and_shortens_beyond_keeping_the_extension() {
        let long = format!("{}.txt", "L".repeat(196));
        let got = jol(&[(&long, true)]);
        assert_eq!(got[0].chars().count(), 103);
        assert!(got[0].ends_with("LLL.txt"));
        let exact = "a".repeat(103);
        assert_eq!(jol(&[(&exact, true)])[0], exact);
    }

    #[test]
    fn joliet_clashes_after_mapping_get_unique_suffixes() {
        let got = jol(&[("a*.txt", true), ("a?.txt", true), ("a_.txt", true)]);
        assert_eq!(got, ["a_.txt", "a_~1.txt", "a_~2.txt"]);
        let a = format!("{}1.txt", "x".repeat(120));
        let b = format!("{}2.txt", "x".repeat(120));
        let got = jol(&[(&a, true), (&b, true)]);
        assert_ne!(got[0], got[1]);
        assert!(got.iter().all(|n| n.chars().count() <= 103));
    }

    #[test]
    fn joliet_bytes_are_big_endian_with_version_for_files() {
        let n = &joliet_names([("Aé", true)].into_iter())[0];
        assert_eq!(n.bytes(), [0, b'A', 0, 0xE9, 0, b';', 0, b'1']);
        let d = &joliet_names([("Aé", false)].into_iter())[0];
        assert_eq!(d.bytes(), [0, b'A', 0, 0xE9]);
    }
}
