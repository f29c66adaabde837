//! The command line: `kiln recorders`, `kiln burn data|audio`, `kiln erase`,
//! `kiln burn --project FILE.kiln`, `kiln size data|audio`, `kiln inspect`, `kiln media`, `kiln drive`, `kiln verify`.
//! Exit codes: 0 success, 1 failure, 2 usage error.

mod append;
mod audio;
mod burn;
mod cue_input;
mod drive;
mod inspect;
mod media;
mod progress;
mod project;
mod size;
mod virtual_spec;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use fluent_bundle::FluentValue;
use kiln_core::data::{ConflictPolicy, DataOptions};
use kiln_core::{MediumSize, RecorderKind};

use crate::i18n::{self, Texts};

#[derive(Parser, Debug)]
#[command(
    name = "kiln",
    version,
    about = "Burn audio CDs and data discs, or write them to image files"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a subcommand: open the window, with these files and folders on a data disc.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the recorders (drives, the image-file recorder).
    Recorders,
    /// Record a disc: `burn data ...`, `burn audio ...`, or `burn --project FILE.kiln`.
    Burn(Box<BurnCommand>),
    /// Print the exact size a disc would take, for scripts: `BLOCKS BYTES`.
    Size {
        #[command(subcommand)]
        what: SizeWhat,
    },
    /// Erase the rewritable disc (CD-RW, DVD-RW) in a recorder.
    Erase(EraseArgs),
    /// Show the disc in a recorder: medium, status, sessions, free space and write speeds.
    Media {
        /// The recorder (see `kiln recorders`).
        id: String,
    },
    /// Probe a drive, recorder or reader, and print what it is and what disc it holds as
    /// KEY<TAB>VALUE lines (for scripts; `kiln media` is the human summary).
    Drive {
        /// The drive (see `kiln recorders`), e.g. /dev/sr0.
        #[arg(value_name = "ID")]
        recorder: String,
    },
    /// Read the disc in a drive back and compare it block for block with an image.
    Verify(drive::VerifyArgs),
    /// Check an ISO 9660 / Joliet / Rock Ridge image's structure strictly.
    Inspect {
        /// The image file.
        image: PathBuf,
        /// A multisession disc image: inspect the session whose first block is BLOCK (its
        /// volume descriptors are at BLOCK + 16; `kiln media` and `xorriso -toc` list them).
        #[arg(long, value_name = "BLOCK", default_value_t = 0)]
        session: u64,
    },
}

/// `kiln burn`: a subcommand (`data`, `audio`), or `--project` with its options.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
struct BurnCommand {
    #[command(subcommand)]
    what: Option<BurnWhat>,
    #[command(flatten)]
    project: project::BurnProject,
}

#[derive(Subcommand, Debug)]
enum BurnWhat {
    /// A data disc (ISO 9660 + Joliet + Rock Ridge) from files and folders.
    Data(BurnData),
    /// An audio CD from audio files (or CUE sheets), one track each; --to writes BIN/CUE.
    Audio(audio::BurnAudio),
}

#[derive(Subcommand, Debug)]
enum SizeWhat {
    /// The size of a data disc.
    Data(DataArgs),
    /// The length of an audio CD: `NN mm:ss:ff BLOCKS` per track (INDEX 01 to the next), then
    /// `total mm:ss:ff BLOCKS` (the whole disc, with track 1's 2-second pregap).
    Audio(audio::AudioArgs),
}

#[derive(Args, Debug)]
struct BurnData {
    /// The volume label.
    #[arg(long, default_value = "KILN")]
    label: String,
    /// Write an image file instead of a disc. With a virtual recorder (--recorder
    /// virtual-dvd+r), the file its disc is saved to.
    #[arg(long, value_name = "FILE.iso")]
    to: Option<PathBuf>,
    /// Record with this recorder (see `kiln recorders`); `virtual:PROFILE:DIR` is the virtual
    /// recorder `virtual-PROFILE` with its disc saved in the folder DIR.
    #[arg(long, value_name = "ID")]
    recorder: Option<String>,
    /// Read and check everything, write nothing.
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
    /// Drives, overwritable discs (DVD+RW, BD-RE, DVD-RAM): keep the files already on the
    /// disc and add a session behind them, as growisofs -M does, instead of writing over it.
    /// (A CD-R/RW, DVD±R or BD-R left open gets a new session without being asked.)
    #[arg(long)]
    append: bool,
    /// Drives: write at N× (16, 2.4, ...): the fastest speed the drive offers for the disc up
    /// to N (see `kiln media ID`). The fastest by default.
    #[arg(long, value_name = "N")]
    speed: Option<String>,
    /// Drives: quick-format a blank DVD-RW for restricted overwrite and write it in place, so
    /// that later burns overwrite it without erasing (otherwise it is written like a DVD-R).
    #[arg(long)]
    dvd_rw_overwrite: bool,
    /// Drives: format an unformatted BD-RE with spare areas, so the drive manages defects
    /// (half the write speed). Without it a BD-RE is formatted without spares, at full speed.
    #[arg(long)]
    defect_management: bool,
    /// Drives: write a blank CD session at once (one track from a cue sheet, no run-out or link
    /// blocks, for old players) instead of track at once.
    #[arg(long)]
    sao: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Args, Debug)]
struct EraseArgs {
    /// The recorder with the disc (see `kiln recorders`).
    #[arg(long, value_name = "ID")]
    recorder: String,
    /// Erase the whole disc (slow) instead of only its table of contents.
    #[arg(long)]
    full: bool,
}

#[derive(Args, Debug)]
struct DataArgs {
    /// Check the size against this medium: cd74, cd80, cd90, cd99, dvd, dvd-dl,
    /// dvd-r-dl, bd25, bd50.
    #[arg(long)]
    medium: Option<String>,
    /// Put SOURCE at DISC_PATH on the disc (repeatable), e.g. /Photos=/home/me/pics.
    #[arg(long, value_name = "DISC_PATH=SOURCE")]
    graft: Vec<String>,
    /// What to do when two sources give the same name.
    #[arg(long, value_enum, default_value_t = Conflict::Error)]
    on_conflict: Conflict,
    /// Store what symbolic links point to instead of the links.
    #[arg(long)]
    follow_symlinks: bool,
    /// Same tree, same bytes: dates from SOURCE_DATE_EPOCH (or 0 when unset).
    #[arg(long)]
    reproducible: bool,
    /// Files and folders; a folder's contents go into the root of the disc.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Conflict {
    /// Stop with an error.
    Error,
    /// Later sources replace earlier files; folders merge.
    Replace,
}

/// A failure the CLI reports: a core error, or a message of its own.
pub enum Failure {
    Core(kiln_core::Error),
    Usage(String),
    /// A failure with a message of the CLI's own (already translated), exit code 1.
    Message(String),
    /// A check found problems: the message is printed as is, exit code 1.
    Findings(String),
}

impl From<kiln_core::Error> for Failure {
    fn from(e: kiln_core::Error) -> Self {
        Failure::Core(e)
    }
}

/// Runs the command line.
pub fn run() -> ExitCode {
    let texts = Texts::new(i18n::system_locale());
    let cli = Cli::parse();
    let result = match cli.command {
        None if cli.paths.iter().any(|p| !p.exists()) => {
            // A word that is neither a command nor a file is a mistyped command, not a path.
            let missing = cli.paths.iter().find(|p| !p.exists());
            let word = missing.map(|p| p.display().to_string()).unwrap_or_default();
            Err(Failure::Usage(texts.get(
                "cli-unknown-word",
                &[("word", FluentValue::from(word))],
            )))
        }
        None => crate::gui::run(cli.paths).map_err(|e| {
            Failure::Message(texts.get("cli-no-window", &[("message", FluentValue::from(e))]))
        }),
        Some(Command::Recorders) => recorders(&texts),
        Some(Command::Burn(cmd)) => match *cmd {
            BurnCommand {
                what: Some(BurnWhat::Data(args)),
                ..
            } => burn::data(&texts, args),
            BurnCommand {
                what: Some(BurnWhat::Audio(args)),
                ..
            } => audio::burn(&texts, args),
            BurnCommand {
                what: None,
                project: args,
            } => match &args.project {
                Some(file) => project::burn(&texts, file, &args),
                None => Err(Failure::Usage(texts.text("cli-burn-what"))),
            },
        },
        Some(Command::Size {
            what: SizeWhat::Data(args),
        }) => size::data(&texts, args),
        Some(Command::Size {
            what: SizeWhat::Audio(args),
        }) => audio::size(&texts, args),
        Some(Command::Erase(args)) => burn::erase(&texts, args),
        Some(Command::Media { id }) => media::run(&texts, &id),
        Some(Command::Inspect { image, session }) => inspect::run(&texts, &image, session),
        Some(Command::Drive { recorder }) => drive::media(&texts, &recorder),
        Some(Command::Verify(args)) => drive::verify(&texts, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Core(e)) => {
            error(&texts, &texts.localized(&e.localized()));
            ExitCode::from(1)
        }
        Err(Failure::Message(msg)) => {
            error(&texts, &msg);
            ExitCode::from(1)
        }
        Err(Failure::Findings(msg)) => {
            println!("{msg}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            error(&texts, &msg);
            ExitCode::from(2)
        }
    }
}

fn error(texts: &Texts, message: &str) {
    eprintln!(
        "{}",
        texts.get("cli-error", &[("message", FluentValue::from(message))])
    );
}

fn warning(texts: &Texts, message: &str) {
    eprintln!(
        "{}",
        texts.get("cli-warning", &[("message", FluentValue::from(message))])
    );
}

fn recorders(texts: &Texts) -> Result<(), Failure> {
    let mut master = kiln_core::DiscMaster::new();
    master.open()?;
    master.set_active_format(kiln_core::Format::Data)?;
    println!("{}", texts.text("cli-recorders-header"));
    // Readers are listed so they can be named to `kiln media` and `kiln verify`, with a kind
    // that says they do not record.
    for r in master.recorders()?.into_iter().chain(master.readers()?) {
        let kind = match r.kind {
            RecorderKind::ImageFile => texts.text("cli-kind-image"),
            RecorderKind::Drive => texts.text("cli-kind-drive"),
            RecorderKind::Reader => texts.text("cli-kind-reader"),
            _ => texts.text("cli-kind-emulated"),
        };
        println!("{}\t{}\t{}", r.id, kind, r.name);
    }
    master.close();
    Ok(())
}

impl DataArgs {
    fn options(&self, label: &str) -> DataOptions {
        let source_date_epoch = self.reproducible.then(|| {
            std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|v| v.trim().parse::<i64>().ok())
                .unwrap_or(0)
        });
        DataOptions {
            label: label.to_string(),
            follow_symlinks: self.follow_symlinks,
            conflict: match self.on_conflict {
                Conflict::Error => ConflictPolicy::Error,
                Conflict::Replace => ConflictPolicy::Replace,
            },
            source_date_epoch,
            ..DataOptions::default()
        }
    }

    fn medium(&self, texts: &Texts) -> Result<Option<MediumSize>, Failure> {
        match &self.medium {
            None => Ok(None),
            Some(m) => MediumSize::parse(m).map(Some).ok_or_else(|| {
                let choices: Vec<String> = MediumSize::CHOICES.iter().map(|c| c.name()).collect();
                Failure::Usage(texts.get(
                    "cli-bad-medium",
                    &[
                        ("medium", FluentValue::from(m.as_str())),
                        ("choices", FluentValue::from(choices.join(", "))),
                    ],
                ))
            }),
        }
    }

    fn grafts(&self, texts: &Texts) -> Result<Vec<(String, PathBuf)>, Failure> {
        self.graft
            .iter()
            .map(|g| match g.split_once('=') {
                Some((disc, src)) if !disc.is_empty() && !src.is_empty() => {
                    Ok((disc.to_string(), PathBuf::from(src)))
                }
                _ => Err(Failure::Usage(texts.get(
                    "cli-bad-graft",
                    &[("graft", FluentValue::from(g.as_str()))],
                ))),
            })
            .collect()
    }

    /// Opens a disc master for data, with the sources staged.
    fn stage(
        &self,
        texts: &Texts,
        label: &str,
        recorder: &str,
        observer: Box<dyn kiln_core::progress::ProgressObserver>,
        append: Option<bool>,
    ) -> Result<kiln_core::DiscMaster, Failure> {
        let medium = self.medium(texts)?;
        let grafts = self.grafts(texts)?;
        let mut master = kiln_core::DiscMaster::new();
        master.open()?;
        master.set_active_format(kiln_core::Format::Data)?;
        master.set_data_options(self.options(label))?;
        master.set_active_recorder(recorder)?;
        master.set_medium(medium);
        master.subscribe(observer);
        if let Some(grow) = append {
            append::import(texts, &mut master, recorder, &self.options(label), grow)?;
        }
        for p in &self.paths {
            master.add_data(p, "/")?;
        }
        for (disc, src) in &grafts {
            master.add_data_as(src, disc)?;
        }
        Ok(master)
    }
}
