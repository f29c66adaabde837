//! `kiln burn data`: stage the sources, record them.

use fluent_bundle::FluentValue;
use kiln_core::recorder::ImageFileRecorder;
use kiln_core::RecordOptions;

use super::progress::Printer;
use super::{BurnData, EraseArgs, Failure};
use crate::i18n::Texts;

pub fn data(texts: &Texts, args: BurnData) -> Result<(), Failure> {
    let recorder = match (&args.to, &args.recorder) {
        (_, Some(id)) => id.clone(),
        (Some(_), None) => ImageFileRecorder::ID.to_string(),
        (None, None) => return Err(Failure::Usage(texts.text("cli-need-target"))),
    };
    // `virtual:PROFILE:DIR`: the virtual recorder, its disc saved in DIR.
    let (recorder, to) = super::virtual_spec::resolve(&recorder, args.to.as_deref(), false)?;
    let speed = super::media::parse_speed(texts, args.speed.as_deref())?;
    // A disc left open gets a new session on top of its last one (see `append.rs`), an
    // overwritable one only with --append; an image file has no disc to add to.
    let append = args.recorder.is_some().then_some(args.append);
    let mut master = args.data.stage(
        texts,
        &args.label,
        &recorder,
        Box::new(Printer::new()),
        append,
    )?;
    let stats = master.data_stats()?;
    let options = RecordOptions {
        simulate: args.simulate,
        eject: args.eject,
        image_path: to.clone(),
        verify: !args.no_verify,
        multisession: args.multisession,
        speed,
        dvd_rw_overwrite: args.dvd_rw_overwrite,
        defect_management: args.defect_management,
        cd_sao: args.sao,
        ..RecordOptions::default()
    };
    master.record_disc(&options)?;
    master.close();
    let mb = FluentValue::from(format!("{:.1}", stats.used_bytes() as f64 / 1e6));
    let blocks = FluentValue::from(stats.used);
    let line = if args.simulate {
        texts.get("cli-done-simulated", &[("blocks", blocks), ("mb", mb)])
    } else {
        let path = to
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

/// `kiln erase`: blank the CD-RW or DVD-RW in a recorder.
pub fn erase(texts: &Texts, args: EraseArgs) -> Result<(), Failure> {
    let mut master = kiln_core::DiscMaster::new();
    master.open()?;
    master.set_active_format(kiln_core::Format::Data)?;
    master.set_active_recorder(&super::virtual_spec::id(&args.recorder))?;
    master.subscribe(Box::new(Printer::new()));
    master.erase(!args.full)?;
    master.close();
    eprintln!(
        "{}",
        texts.get(
            "cli-erased",
            &[("recorder", FluentValue::from(args.recorder.as_str()))]
        )
    );
    Ok(())
}
