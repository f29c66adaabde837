//! CUE sheets for a whole-disc BIN.
//!
//! The BIN starts at LBA 0, so track 1's 2-second pregap is implicit: track 1 has only
//! `INDEX 01 00:00:00` and no `INDEX 00`, which is how EAC and cdrdao write single-file images
//! and how cdrdao, bchunk and cuebreakpoints read them (the first track's pregap of 150 blocks is
//! always added by the burner). Every later pregap is silence inside the BIN, marked by
//! `INDEX 00`; a gapless track has only `INDEX 01`. All times are positions in the BIN
//! (`mm:ss:ff`, 75 frames per second), which equal the LBAs.

use std::fmt::Write as _;

use super::image::AudioDisc;
use super::layout::{msf, DiscLayout};
use crate::Result;

/// Quotes a CUE string (CUE has no escapes: double quotes become single quotes, line breaks
/// spaces).
fn quote(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            '\r' | '\n' | '\t' => ' ',
            c => c,
        })
        .collect();
    format!("\"{clean}\"")
}

/// Writes the CUE sheet text for `disc` stored as `bin_name`.
pub fn cue_sheet(disc: &AudioDisc, bin_name: &str) -> Result<String> {
    let layout = disc.layout()?;
    Ok(cue_for_layout(disc, &layout, bin_name))
}

/// Writes the CUE sheet text for an already computed layout.
pub fn cue_for_layout(disc: &AudioDisc, layout: &DiscLayout, bin_name: &str) -> String {
    let mut s = String::new();
    let m = &disc.metadata;
    let _ = writeln!(s, "REM COMMENT \"Kiln\"");
    if let Some(c) = &m.catalog {
        let _ = writeln!(s, "CATALOG {c}");
    }
    if let Some(v) = &m.performer {
        let _ = writeln!(s, "PERFORMER {}", quote(v));
    }
    if let Some(v) = &m.songwriter {
        let _ = writeln!(s, "SONGWRITER {}", quote(v));
    }
    if let Some(v) = &m.title {
        let _ = writeln!(s, "TITLE {}", quote(v));
    }
    let _ = writeln!(s, "FILE {} BINARY", quote(bin_name));
    for (t, track) in layout.tracks.iter().zip(&disc.tracks) {
        let _ = writeln!(s, "  TRACK {:02} AUDIO", t.number);
        let tm = &track.metadata;
        if let Some(v) = &tm.title {
            let _ = writeln!(s, "    TITLE {}", quote(v));
        }
        if let Some(v) = &tm.performer {
            let _ = writeln!(s, "    PERFORMER {}", quote(v));
        }
        if let Some(v) = &tm.songwriter {
            let _ = writeln!(s, "    SONGWRITER {}", quote(v));
        }
        if let Some(v) = &tm.isrc {
            let _ = writeln!(s, "    ISRC {v}");
        }
        if t.number > 1 {
            if let Some(i0) = t.index00 {
                let _ = writeln!(s, "    INDEX 00 {}", msf(i0 as u64));
            }
        }
        let _ = writeln!(s, "    INDEX 01 {}", msf(t.index01 as u64));
    }
    s
}
