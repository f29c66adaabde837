//! `kiln burn --project FILE.kiln`: burn a compilation saved by the window. The project says
//! what the disc holds and how to burn it; `--to`/`--recorder` say where, and the flags here
//! can only make the burn more careful or change the speed, never drop a source.
//!
//! A source that is missing or refused stops the burn before anything is written (each one is
//! named): a script that burns a project expects the whole project on the disc. A source that
//! changed since the project was saved is a warning: it is burned as it is now.

use std::path::PathBuf;

use clap::Args;
use fluent_bundle::FluentValue;
use kiln_core::audio::layout::{msf, FIRST_PREGAP_BLOCKS};
use kiln_core::project;
use kiln_core::recorder::ImageFileRecorder;
use kiln_core::{DiscMaster, Format, MediumSize, RecordOptions};

use super::progress::Printer;
use super::Failure;
use crate::i18n::Texts;

/// The options of `kiln burn --project`.
#[derive(Args, Debug)]
pub struct BurnProject {
    /// Burn this project (saved by Kiln's window: "Save project…").
    #[arg(long, value_name = "FILE.kiln")]
    pub project: Option<PathBuf>,
    /// Write an image file instead of a disc (FILE.iso for data, DISC.cue for audio). With a
    /// virtual recorder, the file its disc is saved to.
    #[arg(long, value_name = "FILE", requires = "project")]
    to: Option<PathBuf>,
    /// Record with this recorder (see `kiln recorders`).
    #[arg(long, value_name = "ID", requires = "project")]
    recorder: Option<String>,
    /// Check a data disc's size against this medium: cd74, cd80, ..., bd50.
    #[arg(long, requires = "project")]
    medium: Option<String>,
    /// Read and check everything, write nothing (whatever the project says).
    #[arg(long, requires = "project")]
    simulate: bool,
    /// Drives: do not read the disc back (whatever the project says).
    #[arg(long, requires = "project")]
    no_verify: bool,
    /// Drives: write at N× instead of the project's speed.
    #[arg(long, value_name = "N", requires = "project")]
    speed: Option<String>,
}

/// Burns the project `file` as `args` say.
pub fn burn(texts: &Texts, file: &std::path::Path, args: &BurnProject) -> Result<(), Failure> {
    let project =
        project::open(file).map_err(|e| Failure::Message(texts.localized(&e.localized())))?;
    let format = project.format();
    let recorder = match (&args.to, &args.recorder) {
        (_, Some(id)) => id.clone(),
        (Some(_), None) => ImageFileRecorder::ID.to_string(),
        (None, None) => {
            return Err(Failure::Usage(texts.text(match format {
                Format::Audio => "cli-need-audio-target",
                _ => "cli-need-target",
            })))
        }
    };
    let speed = match &args.speed {
        Some(_) => super::media::parse_speed(texts, args.speed.as_deref())?,
        None => project.burn.speed,
    };
    let medium = match &args.medium {
        None => None,
        Some(m) => Some(MediumSize::parse(m).ok_or_else(|| {
            Failure::Usage(
                texts.get(
                    "cli-bad-medium",
                    &[
                        ("medium", FluentValue::from(m.as_str())),
                        (
                            "choices",
                            FluentValue::from(
                                MediumSize::CHOICES
                                    .iter()
                                    .map(|c| c.name())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                        ),
                    ],
                ),
            )
        })?),
    };
    let mut master = DiscMaster::new();
    master.open()?;
    master.set_active_format(format)?;
    master.set_active_recorder(&recorder)?;
    master.set_medium(medium);
    master.subscribe(Box::new(match format {
        Format::Audio => Printer::new().for_audio(),
        _ => Printer::new(),
    }));
    let staged = project.stage(&mut master)?;
    let mut left_out = 0;
    for issue in &staged.issues {
        let words = texts.localized(&issue.localized());
        if issue.left_out() {
            left_out += 1;
            super::error(texts, &words);
        } else {
            super::warning(texts, &words);
        }
    }
    if left_out > 0 {
        return Err(Failure::Message(texts.get(
            "cli-project-incomplete",
            &[
                ("count", FluentValue::from(left_out)),
                ("path", FluentValue::from(file.display().to_string())),
            ],
        )));
    }
    if format == Format::Data && args.recorder.is_some() {
        super::append::import_under_project(texts, &mut master, &recorder)?;
    }
    let b = &project.burn;
    let options = RecordOptions {
        simulate: args.simulate || b.simulate,
        eject: b.eject,
        image_path: args.to.clone(),
        verify: b.verify && !args.no_verify,
        multisession: format == Format::Data && b.leave_open,
        speed,
        ..RecordOptions::default()
    };
    let where_to = args
        .to
        .as_ref()
        .map_or_else(|| recorder.clone(), |p| p.display().to_string());
    let line = match format {
        Format::Audio => {
            let layout = master.audio_staging()?.layout()?;
            master.record_disc(&options)?;
            let tracks = FluentValue::from(layout.tracks.len());
            let time = FluentValue::from(msf(layout
                .total_blocks()
                .saturating_sub(FIRST_PREGAP_BLOCKS)));
            if options.simulate {
                texts.get(
                    "cli-done-audio-simulated",
                    &[("tracks", tracks), ("time", time)],
                )
            } else {
                texts.get(
                    "cli-done-audio",
                    &[
                        ("path", FluentValue::from(where_to)),
                        ("tracks", tracks),
                        ("time", time),
                    ],
                )
            }
        }
        _ => {
            let stats = master.data_stats()?;
            master.record_disc(&options)?;
            let mb = FluentValue::from(format!("{:.1}", stats.used_bytes() as f64 / 1e6));
            let blocks = FluentValue::from(stats.used);
            if options.simulate {
                texts.get("cli-done-simulated", &[("blocks", blocks), ("mb", mb)])
            } else {
                texts.get(
                    "cli-done-image",
                    &[
                        ("path", FluentValue::from(where_to)),
                        ("blocks", blocks),
                        ("mb", mb),
                    ],
                )
            }
        }
    };
    master.close();
    eprintln!("{line}");
    Ok(())
}
