//! `--recorder virtual:PROFILE:DIR`: the command-line form of issue 4 for a virtual recorder
//! (`virtual:dvd+r-dl:out` = the virtual recorder `virtual-dvd+r-dl`, its recorded disc saved
//! in the folder `out`). Other recorder names pass through unchanged.

use std::path::{Path, PathBuf};

use kiln_core::mmc::burn::VirtualMedium;

use super::Failure;

/// The recorder id to use and the file the disc goes to: for `virtual:PROFILE:DIR`, the
/// virtual recorder and `DIR/ID.iso` (`.bin` for `audio`) unless `to` names a file, with DIR
/// created when missing; for anything else, `recorder` and `to` as they are.
pub fn resolve(
    recorder: &str,
    to: Option<&Path>,
    audio: bool,
) -> Result<(String, Option<PathBuf>), Failure> {
    let Some(spec) = VirtualMedium::parse_spec(recorder) else {
        return Ok((recorder.to_string(), to.map(Path::to_path_buf)));
    };
    std::fs::create_dir_all(&spec.dir).map_err(|e| kiln_core::Error::output(&spec.dir, e))?;
    let to = to
        .map(Path::to_path_buf)
        .unwrap_or_else(|| spec.image_path(audio));
    Ok((spec.medium.id().to_string(), Some(to)))
}

/// The recorder id of `recorder` (`virtual:PROFILE:DIR` → `virtual-PROFILE`), for commands
/// that write no image (erase).
pub fn id(recorder: &str) -> String {
    VirtualMedium::parse_spec(recorder)
        .map_or_else(|| recorder.to_string(), |s| s.medium.id().to_string())
}
