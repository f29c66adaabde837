//! Adding files and folders on the worker: a data disc's additions go to a folder of the disc
//! (each as its own graft, so the window can edit them later), an audio disc's become tracks.
//! Split from `session.rs` by concern.

use std::path::{Path, PathBuf};

use kiln_core::{DiscMaster, Format, Graft, Localized};

use super::edit;

/// Adds `paths`; for a data disc, returns the grafts that were added.
pub fn add(
    m: &mut DiscMaster,
    paths: &[PathBuf],
    label: &str,
    into: Option<&str>,
    errors: &mut Vec<Localized>,
) -> Vec<Graft> {
    let mut added = Vec::new();
    match m.active_format() {
        Some(Format::Audio) => {
            for path in paths {
                for file in audio_files(path, errors) {
                    let r = m.add_audio_file(&file, None);
                    if let Err(e) = r {
                        errors.push(e.localized());
                        if matches!(e, kiln_core::Error::UserAbort) {
                            return added;
                        }
                    }
                }
            }
        }
        Some(_) => {
            // The label changes nothing staged (see `DiscMaster::set_volume_label`).
            let current = m.data_staging().map(|d| d.options().label.clone());
            if current.is_ok_and(|l| l != label) && !label.is_empty() {
                if let Err(e) = m.set_volume_label(label) {
                    errors.push(e.localized());
                }
            }
            for path in paths {
                let name = path
                    .file_name()
                    .map_or_else(|| "disc".into(), |n| n.to_string_lossy().into_owned());
                let disc_path = edit::join(into.unwrap_or("/"), &name);
                match m.add_data_as(path, &disc_path) {
                    Ok(_) => added.push(Graft {
                        source: Some(path.clone()),
                        disc_path,
                    }),
                    Err(e) => {
                        let abort = matches!(e, kiln_core::Error::UserAbort);
                        errors.push(e.localized());
                        if abort {
                            return added;
                        }
                    }
                }
            }
        }
        None => errors.push(kiln_core::Error::NoActiveFormat.localized()),
    }
    added
}

/// A file as itself; a folder as its files, sorted by name (not recursive).
fn audio_files(path: &Path, errors: &mut Vec<Localized>) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            files
        }
        Err(e) => {
            errors.push(
                Localized::new("gui-error-read-folder")
                    .arg("path", path.display().to_string())
                    .arg("reason", e.to_string()),
            );
            Vec::new()
        }
    }
}
