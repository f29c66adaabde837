//! `kiln burn data --recorder ID` on a disc left open: a new session is added on top of the
//! last one, automatically.
//!
//! Why automatic: K3b's default multisession mode ("auto") continues a disc that is left open,
//! and Brasero merges a new compilation with the disc's last session; both import it, as
//! `mkisofs -M` does. Writing a session without importing would hide every old file (readers
//! mount only the last session), so there is nothing else sensible to do with an appendable
//! disc; what the user chooses is whether the new session leaves it open (`--multisession`).
//! The message says so, and files with the path of an old file replace it.
//!
//! Overwritable discs (DVD+RW, BD-RE) are another matter: writing over them is what people
//! do with them, and what Kiln did, so their volume grows (growisofs -M) only with `--append`;
//! without it a line says the old files are being written over.

use fluent_bundle::FluentValue;
use kiln_core::data::{ConflictPolicy, DataOptions};
use kiln_core::DiscMaster;

use super::Failure;
use crate::i18n::Texts;

/// Imports the last session of the disc in `recorder`, if it is left open (or, with `grow`,
/// overwritable with a volume on it), and says so.
pub fn import(
    texts: &Texts,
    master: &mut DiscMaster,
    recorder: &str,
    options: &DataOptions,
    grow: bool,
) -> Result<(), Failure> {
    let Some(mut point) = master.append_to_disc(true)? else {
        return Ok(());
    };
    if point.overwritable && !grow {
        master.clear_staging()?;
        super::warning(
            texts,
            &texts.get(
                "cli-overwriting",
                &[("recorder", FluentValue::from(recorder))],
            ),
        );
        return Ok(());
    }
    if options.conflict != ConflictPolicy::Replace {
        // New files take the place of old ones with the same path, as with mkisofs -M; the
        // options change clears the staging, so the session is imported again.
        master.set_data_options(DataOptions {
            conflict: ConflictPolicy::Replace,
            ..options.clone()
        })?;
        point = master.append_to_disc(true)?.unwrap_or(point);
    }
    announce(texts, recorder, point);
    Ok(())
}

/// `kiln burn --project FILE.kiln --recorder ID` (a data project): the staged project wins
/// over the old session's files, so no policy change is needed; overwritable discs are
/// written over, as the project's burn options have no --append.
pub fn import_under_project(
    texts: &Texts,
    master: &mut DiscMaster,
    recorder: &str,
) -> Result<(), Failure> {
    if let Some(point) = master.append_to_disc(false)? {
        announce(texts, recorder, point);
    }
    Ok(())
}

/// Says where the new session goes.
fn announce(texts: &Texts, recorder: &str, point: kiln_core::mmc::burn::AppendPoint) {
    eprintln!(
        "{}",
        texts.get(
            "cli-appending",
            &[
                ("recorder", FluentValue::from(recorder)),
                ("sessions", FluentValue::from(point.sessions)),
                ("start", FluentValue::from(point.last_session_start)),
                ("nwa", FluentValue::from(point.next_writable)),
                ("free", FluentValue::from(point.free_blocks)),
            ],
        )
    );
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use kiln_core::mmc::burn::DriveRecorder;
    use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
    use kiln_core::{Format, RecordOptions, RecorderInfo, RecorderKind};

    use super::*;

    fn master(drive: &Arc<Mutex<EmulatedDrive>>, options: &DataOptions) -> DiscMaster {
        let shared = drive.clone();
        let info = RecorderInfo {
            id: "emu".into(),
            kind: RecorderKind::Emulated,
            name: "Test drive".into(),
            formats: vec![Format::Data],
        };
        let rec = DriveRecorder::new(info, move |_: &RecordOptions| Ok(shared.clone()))
            .with_poll_interval(std::time::Duration::from_millis(1));
        let mut m = DiscMaster::with_recorders(vec![Box::new(rec)]);
        m.open().unwrap();
        m.set_active_format(Format::Data).unwrap();
        m.set_data_options(options.clone()).unwrap();
        m.set_active_recorder("emu").unwrap();
        m
    }

    /// With the default conflict policy (error), the import switches to "replace" so that a
    /// file with the path of an old one takes its place, as with mkisofs -M; an overwritable
    /// disc is imported only with --append.
    #[test]
    fn an_open_disc_is_imported_and_new_files_replace_old_ones() {
        let texts = Texts::new("en");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, b"old").unwrap();
        let options = DataOptions::default();
        assert_eq!(options.conflict, ConflictPolicy::Error);
        for (kind, grow, imported) in [
            (MediumKind::DvdPlusR, false, true),
            (MediumKind::DvdPlusRw, false, false),
            (MediumKind::DvdPlusRw, true, true),
        ] {
            let drive = Arc::new(Mutex::new(EmulatedDrive::new(kind)));
            let mut m = master(&drive, &options);
            m.add_data(&file, "/").unwrap();
            m.record_disc(&RecordOptions {
                multisession: true,
                ..RecordOptions::default()
            })
            .unwrap();
            let mut m = master(&drive, &options);
            assert!(import(&texts, &mut m, "emu", &options, grow).is_ok());
            assert_eq!(m.append_point().is_some(), imported, "{kind:?} {grow}");
            std::fs::write(&file, b"new contents").unwrap();
            let r = m.add_data(&file, "/");
            assert!(r.is_ok(), "{kind:?} {grow}: {r:?}");
            std::fs::write(&file, b"old").unwrap();
        }
    }
}
