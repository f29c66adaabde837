//! cdrdao `.toc` files for a whole-disc BIN.
//!
//! Each track takes its part of the BIN with `FILE "disc.bin" start length` (MSF, counted in
//! blocks from the start of the BIN, i.e. LBAs) and marks its pregap with `START`; track 1's
//! 2-second pregap is not in the BIN and is implied, as cdrdao always writes it.
//!
//! **Byte order:** cdrdao reads raw (non-`.wav`) audio files as big-endian, but the BIN is
//! little-endian (like every BIN/CUE), so burn with `cdrdao write --swap disc.toc`. The file
//! says so in a comment.

use std::fmt::Write as _;

use super::image::{AudioDisc, DiscMetadata, TrackMetadata};
use super::layout::msf;
use crate::Result;

/// Quotes a TOC string (backslash escapes).
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cd_text_fields(
    s: &mut String,
    indent: &str,
    title: &Option<String>,
    performer: &Option<String>,
    songwriter: &Option<String>,
    composer: &Option<String>,
) {
    for (key, v) in [
        ("TITLE", title),
        ("PERFORMER", performer),
        ("SONGWRITER", songwriter),
        ("COMPOSER", composer),
    ] {
        if let Some(v) = v {
            let _ = writeln!(s, "{indent}{key} {}", quote(v));
        }
    }
}

fn has_disc_text(m: &DiscMetadata) -> bool {
    m.title.is_some() || m.performer.is_some() || m.songwriter.is_some() || m.composer.is_some()
}

fn has_track_text(m: &TrackMetadata) -> bool {
    m.title.is_some() || m.performer.is_some() || m.songwriter.is_some() || m.composer.is_some()
}

/// Writes the cdrdao TOC text for `disc` stored as the little-endian BIN `bin_name`.
pub fn toc_file(disc: &AudioDisc, bin_name: &str) -> Result<String> {
    let layout = disc.layout()?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "// Written by Kiln. The BIN is little-endian: burn with `cdrdao write --swap`."
    );
    let _ = writeln!(s, "CD_DA");
    let m = &disc.metadata;
    if let Some(c) = &m.catalog {
        let _ = writeln!(s, "CATALOG \"{c}\"");
    }
    let any_text = has_disc_text(m) || disc.tracks.iter().any(|t| has_track_text(&t.metadata));
    if any_text {
        let _ = writeln!(s, "CD_TEXT {{");
        let _ = writeln!(s, "  LANGUAGE_MAP {{ 0 : EN }}");
        let _ = writeln!(s, "  LANGUAGE 0 {{");
        cd_text_fields(
            &mut s,
            "    ",
            &m.title,
            &m.performer,
            &m.songwriter,
            &m.composer,
        );
        let _ = writeln!(s, "  }}");
        let _ = writeln!(s, "}}");
    }
    for (t, track) in layout.tracks.iter().zip(&disc.tracks) {
        let _ = writeln!(s);
        let _ = writeln!(s, "// Track {}", t.number);
        let _ = writeln!(s, "TRACK AUDIO");
        let tm = &track.metadata;
        if let Some(isrc) = &tm.isrc {
            let _ = writeln!(s, "ISRC \"{isrc}\"");
        }
        if any_text {
            let _ = writeln!(s, "CD_TEXT {{");
            let _ = writeln!(s, "  LANGUAGE 0 {{");
            cd_text_fields(
                &mut s,
                "    ",
                &tm.title,
                &tm.performer,
                &tm.songwriter,
                &tm.composer,
            );
            let _ = writeln!(s, "  }}");
            let _ = writeln!(s, "}}");
        }
        let (start, pregap) = match (t.number, t.index00) {
            (1, _) | (_, None) => (t.index01 as u64, 0),
            (_, Some(i0)) => (i0 as u64, t.pregap_blocks),
        };
        let _ = writeln!(
            s,
            "FILE {} {} {}",
            quote(bin_name),
            msf(start),
            msf(pregap + t.blocks)
        );
        if pregap > 0 {
            let _ = writeln!(s, "START {}", msf(pregap));
        }
    }
    Ok(s)
}
