//! `kiln inspect [--session BLOCK] IMAGE`: the structural linter's findings (of one session of a
//! multisession disc image with `--session`); exit 1 when there are errors.

use std::path::Path;

use fluent_bundle::FluentValue;
use kiln_core::inspect;

use super::Failure;
use crate::i18n::Texts;

pub fn run(texts: &Texts, image: &Path, session: u64) -> Result<(), Failure> {
    let report = inspect::inspect_image_session(image, session)?;
    for f in &report.findings {
        println!("{f}");
    }
    let errors = report.errors().count();
    let warnings = FluentValue::from(report.warnings().count());
    let name = FluentValue::from(image.display().to_string());
    if errors == 0 {
        println!(
            "{}",
            texts.get(
                "cli-inspect-clean",
                &[
                    ("image", name),
                    ("warnings", warnings),
                    ("files", FluentValue::from(report.iso_files)),
                    ("dirs", FluentValue::from(report.iso_dirs)),
                    ("jfiles", FluentValue::from(report.joliet_files)),
                    ("jdirs", FluentValue::from(report.joliet_dirs)),
                ],
            )
        );
        Ok(())
    } else {
        let line = texts.get(
            "cli-inspect-errors",
            &[
                ("image", name),
                ("errors", FluentValue::from(errors)),
                ("warnings", warnings),
            ],
        );
        Err(Failure::Findings(line))
    }
}
