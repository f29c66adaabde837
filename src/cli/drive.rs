//! `kiln drive ID` and `kiln verify --recorder ID IMAGE`: asking a drive about its disc and
//! reading a disc back against an image, on recorders and on read-only drives alike.

use std::path::PathBuf;

use clap::Args;
use fluent_bundle::FluentValue;
use kiln_core::mmc::parse::DiscStatus;
use kiln_core::mmc::Profile;

use super::progress::Printer;
use super::Failure;
use crate::i18n::Texts;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The drive with the disc (see `kiln recorders`).
    #[arg(long, value_name = "ID")]
    recorder: String,
    /// The data image (.iso) the disc should hold, from its first block.
    #[arg(value_name = "IMAGE")]
    image: PathBuf,
}

/// Prints one `KEY<TAB>VALUE` line per fact: the drive, whether it writes, the profiles it
/// lists, the medium, its status and its readable blocks.
pub fn media(texts: &Texts, id: &str) -> Result<(), Failure> {
    let mut master = kiln_core::DiscMaster::new();
    master.open()?;
    let report = master.drive_report(id)?;
    master.close();
    let yes_no = |b: bool| texts.text(if b { "cli-yes" } else { "cli-no" });
    let names = |ps: &[Profile]| ps.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ");
    let line = |key: &str, value: String| println!("{}\t{value}", texts.text(key));
    line("cli-drive-drive", report.name.clone());
    line("cli-drive-writer", yes_no(report.is_writer()));
    line("cli-drive-profiles", names(&report.profiles));
    if report.current == Profile::NoMedium {
        line("cli-drive-medium", texts.text("cli-drive-none"));
        return Ok(());
    }
    line("cli-drive-medium", report.current.name().to_string());
    if let Some(status) = report.status {
        let key = match status {
            DiscStatus::Blank => "cli-drive-status-blank",
            DiscStatus::Appendable => "cli-drive-status-appendable",
            DiscStatus::Complete => "cli-drive-status-complete",
            DiscStatus::Other => "cli-drive-status-random",
        };
        line("cli-drive-status", texts.text(key));
    }
    if let Some(blocks) = report.blocks {
        line("cli-drive-blocks", blocks.to_string());
    }
    Ok(())
}

/// Reads the disc back and compares it with the image; exit 0 only when every block matches.
pub fn verify(texts: &Texts, args: VerifyArgs) -> Result<(), Failure> {
    let mut master = kiln_core::DiscMaster::new();
    master.open()?;
    master.subscribe(Box::new(Printer::new()));
    master.verify_disc(&args.recorder, &args.image)?;
    master.close();
    eprintln!(
        "{}",
        texts.get(
            "cli-verified",
            &[
                ("recorder", FluentValue::from(args.recorder.as_str())),
                ("image", FluentValue::from(args.image.display().to_string())),
            ]
        )
    );
    Ok(())
}
