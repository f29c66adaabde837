//! `kiln burn audio` and `kiln size audio`: audio files (or CUE sheets) as the tracks of an
//! audio CD, recorded as BIN/CUE (and TOC) or measured exactly.

use std::path::{Path, PathBuf};

use clap::Args;
use fluent_bundle::FluentValue;
use kiln_core::audio::layout::{msf, BLOCKS_PER_SECOND, FIRST_PREGAP_BLOCKS};
use kiln_core::audio::{Capacity, CapacityCheck, DiscLayout};
use kiln_core::recorder::ImageFileRecorder;
use kiln_core::{DiscMaster, Format, RecordOptions};

use super::progress::Printer;
use super::{cue_input, Failure};
use crate::i18n::Texts;

/// What both audio commands take.
#[derive(Args, Debug)]
pub struct AudioArgs {
    /// Silence before every track after the first, in seconds (0 = gapless).
    #[arg(long, value_name = "SECONDS", default_value = "2")]
    pregap: String,
    /// Check the length against this CD: cd74, cd80, cd90, cd99.
    #[arg(long, default_value = "cd80")]
    medium: String,
    /// Audio files (FLAC, WAV, MP3, AAC, Ogg...), one track each, or CUE sheets.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

/// `kiln burn audio`.
#[derive(Args, Debug)]
pub struct BurnAudio {
    /// Write BIN/CUE image files instead of a disc: DISC.cue and DISC.bin. With a virtual
    /// recorder (--recorder virtual-cd-r), the BIN file its disc is saved to.
    #[arg(long, value_name = "DISC.cue")]
    to: Option<PathBuf>,
    /// Record with this recorder (see `kiln recorders`); `virtual:PROFILE:DIR` is the virtual
    /// recorder `virtual-PROFILE` with its disc saved in the folder DIR.
    #[arg(long, value_name = "ID")]
    recorder: Option<String>,
    /// Also write a cdrdao TOC (DISC.toc) beside the CUE sheet.
    #[arg(long)]
    toc: bool,
    /// The album title (CD-TEXT, CUE and TOC).
    #[arg(long)]
    title: Option<String>,
    /// The album performer (CD-TEXT, CUE and TOC).
    #[arg(long)]
    performer: Option<String>,
    /// Decode and check everything, write nothing.
    #[arg(long)]
    simulate: bool,
    /// Eject the disc when done.
    #[arg(long)]
    eject: bool,
    /// Drives: do not read the disc back to check it after burning.
    #[arg(long)]
    no_verify: bool,
    /// Drives: leave the disc open for more sessions instead of finalizing it.
    #[arg(long)]
    multisession: bool,
    /// Drives: write at N× (8, 16, 52, ...): the fastest speed the drive offers for the disc
    /// up to N (see `kiln media ID`). The fastest by default.
    #[arg(long, value_name = "N")]
    speed: Option<String>,
    #[command(flatten)]
    audio: AudioArgs,
}

/// The Red Book capacity a `--medium` name stands for.
fn capacity(texts: &Texts, name: &str) -> Result<Capacity, Failure> {
    match name {
        "cd74" => Ok(Capacity::Min74),
        "cd80" => Ok(Capacity::Min80),
        "cd90" => Ok(Capacity::Min90),
        "cd99" => Ok(Capacity::Min99),
        _ => Err(Failure::Usage(texts.get(
            "cli-bad-audio-medium",
            &[("medium", FluentValue::from(name))],
        ))),
    }
}

/// `--pregap` in blocks: seconds, rounded to the nearest 1/75 s, at most 10 minutes.
fn pregap_blocks(texts: &Texts, text: &str) -> Result<u64, Failure> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=600.0).contains(&s) => {
            Ok((s * BLOCKS_PER_SECOND as f64).round() as u64)
        }
        _ => Err(Failure::Usage(
            texts.get("cli-bad-pregap", &[("pregap", FluentValue::from(text))]),
        )),
    }
}

fn is_cue(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("cue"))
}

impl AudioArgs {
    /// Opens a disc master for audio on `recorder` and stages the files.
    fn stage(&self, texts: &Texts, recorder: &str) -> Result<(DiscMaster, Capacity), Failure> {
        let capacity = capacity(texts, &self.medium)?;
        let pregap = pregap_blocks(texts, &self.pregap)?;
        let mut master = DiscMaster::new();
        master.open()?;
        master.set_active_format(Format::Audio)?;
        master.set_active_recorder(recorder)?;
        master.subscribe(Box::new(Printer::new().for_audio()));
        for (i, file) in self.files.iter().enumerate() {
            // The first track's pregap is always 2 seconds; `--pregap` is for the joins.
            let gap = if i == 0 { None } else { Some(pregap) };
            if is_cue(file) {
                cue_input::stage(texts, &mut master, file, gap)?;
            } else {
                master.add_audio_file(file, gap)?;
            }
        }
        Ok((master, capacity))
    }
}

/// Warns on stderr when the disc needs an overburn of `capacity`.
fn check_capacity(texts: &Texts, layout: &DiscLayout, capacity: Capacity) {
    if let CapacityCheck::Overburn { excess_blocks } = capacity.check(layout.total_blocks()) {
        super::warning(
            texts,
            &texts.get(
                "cli-audio-overburn",
                &[
                    ("time", FluentValue::from(msf(layout.total_blocks()))),
                    ("excess", FluentValue::from(excess_blocks)),
                    ("minutes", FluentValue::from(capacity.minutes())),
                ],
            ),
        );
    }
}

/// `kiln size audio`: one line per track, `NN mm:ss:ff BLOCKS` (from its INDEX 01 to the next
/// track's INDEX 01 or the lead-out, as players count it), then `total mm:ss:ff BLOCKS`: the
/// disc's whole length including track 1's 2-second pregap, which is what a CD's capacity is
/// measured in.
pub fn size(texts: &Texts, args: AudioArgs) -> Result<(), Failure> {
    let (mut master, capacity) = args.stage(texts, ImageFileRecorder::ID)?;
    let layout = master.audio_staging()?.layout()?;
    let starts: Vec<i64> = layout.tracks.iter().map(|t| t.index01).collect();
    for (i, t) in layout.tracks.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(layout.leadout);
        let blocks = (end - t.index01).max(0) as u64;
        println!("{:02} {} {}", t.number, msf(blocks), blocks);
    }
    println!(
        "total {} {}",
        msf(layout.total_blocks()),
        layout.total_blocks()
    );
    check_capacity(texts, &layout, capacity);
    master.close();
    Ok(())
}

/// `kiln burn audio`: stage the tracks, record them.
pub fn burn(texts: &Texts, args: BurnAudio) -> Result<(), Failure> {
    let recorder = match (&args.to, &args.recorder) {
        (_, Some(id)) => id.clone(),
        (Some(_), None) => ImageFileRecorder::ID.to_string(),
        (None, None) => return Err(Failure::Usage(texts.text("cli-need-audio-target"))),
    };
    // `virtual:PROFILE:DIR`: the virtual recorder, its disc saved in DIR.
    let (recorder, to) = super::virtual_spec::resolve(&recorder, args.to.as_deref(), true)?;
    let speed = super::media::parse_speed(texts, args.speed.as_deref())?;
    let (mut master, capacity) = args.audio.stage(texts, &recorder)?;
    // The command line's text wins over a CUE sheet's.
    let mut metadata = master.audio_staging()?.disc().metadata.clone();
    if args.title.is_some() {
        metadata.title = args.title.clone();
    }
    if args.performer.is_some() {
        metadata.performer = args.performer.clone();
    }
    master.set_audio_disc_metadata(metadata)?;
    let layout = master.audio_staging()?.layout()?;
    check_capacity(texts, &layout, capacity);
    let options = RecordOptions {
        simulate: args.simulate,
        eject: args.eject,
        image_path: to.clone(),
        write_toc: args.toc,
        verify: !args.no_verify,
        multisession: args.multisession,
        speed,
        ..RecordOptions::default()
    };
    master.record_disc(&options)?;
    master.close();
    let tracks = FluentValue::from(layout.tracks.len());
    let time = FluentValue::from(msf(layout
        .total_blocks()
        .saturating_sub(FIRST_PREGAP_BLOCKS)));
    let line = if args.simulate {
        texts.get(
            "cli-done-audio-simulated",
            &[("tracks", tracks), ("time", time)],
        )
    } else {
        let path = to
            .as_ref()
            .map_or_else(|| recorder.clone(), |p| p.display().to_string());
        texts.get(
            "cli-done-audio",
            &[
                ("path", FluentValue::from(path)),
                ("tracks", tracks),
                ("time", time),
            ],
        )
    };
    eprintln!("{line}");
    Ok(())
}
