//! CUE sheets given to `kiln burn audio` / `kiln size audio` as input.

use std::path::Path;

use fluent_bundle::FluentValue;
use kiln_core::DiscMaster;

use super::Failure;
use crate::i18n::Texts;

/// Stages the tracks of the CUE sheet `cue`.
pub fn stage(
    texts: &Texts,
    _master: &mut DiscMaster,
    cue: &Path,
    _first_pregap: Option<u64>,
) -> Result<(), Failure> {
    Err(Failure::Usage(texts.get(
        "cli-cue-unsupported",
        &[("path", FluentValue::from(cue.display().to_string()))],
    )))
}
