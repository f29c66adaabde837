//! `kiln burn data`: stage the sources, record them.

use fluent_bundle::FluentValue;
use kiln_core::recorder::ImageFileRecorder;
use kiln_core::RecordOptions;

use super::progress::Printer;
use super::{BurnData, Failure};
use crate::i18n::Texts;

pub fn data(texts: &Texts, args: BurnData) -> Result<(), Failure> {
    let recorder = match (&args.to, &args.recorder) {
        (Some(_), _) => ImageFileRecorder::ID.to_string(),
        (None, Some(id)) => id.clone(),
        (None, None) => return Err(Failure::Usage(texts.text("cli-need-target"))),
    };
    let mut master = args
        .data
        .stage(texts, &args.label, &recorder, Box::new(Printer::new()))?;
    let stats = master.data_stats()?;
    let options = RecordOptions {
        simulate: args.simulate,
        eject: args.eject,
        image_path: args.to.clone(),
    };
    master.record_disc(&options)?;
    master.close();
    let mb = FluentValue::from(format!("{:.1}", stats.used_bytes() as f64 / 1e6));
    let blocks = FluentValue::from(stats.used);
    let line = if args.simulate {
        texts.get("cli-done-simulated", &[("blocks", blocks), ("mb", mb)])
    } else {
        let path = args
            .to
            .as_ref()
            .map_or_else(|| recorder.clone(), |p| p.display().to_string());
        texts.get(
            "cli-done-image",
            &[
                ("path", FluentValue::from(path)),
                ("blocks", blocks),
                ("mb", mb),
            ],
        )
    };
    eprintln!("{line}");
    Ok(())
}
