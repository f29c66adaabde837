//! CD-TEXT burned into the lead-in by the SAO audio engine, read back from the emulated drive
//! (READ TOC format 5 → `parse_cd_text_packs` → the CD-TEXT decoder), and the burns of drives
//! that cannot write it or refuse it: audio without the text, and a notice that says so.

mod burn_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn_support::*;
use kiln_core::audio::cdtext;
use kiln_core::audio::image::{DiscMetadata, TrackMetadata};
use kiln_core::mmc::burn::DriveRecorder;
use kiln_core::mmc::drive::Drive;
use kiln_core::notice::BurnNotice;
use kiln_core::progress::ProgressEvent;
use kiln_core::recorder::Recorder;
use kiln_core::transport::emulated::{EmulatedDrive, Fault, FaultTrigger, MediumKind};
use kiln_core::transport::{CommandOutcome, DataDirection, ScsiTransport, TransportError};
use kiln_core::{DiscMaster, Format, RecordOptions, RecorderInfo, RecorderKind};

const BLOCK: usize = 2352;

/// The emulated drive, with every cue sheet the host sends kept for the test.
#[derive(Clone)]
struct Tap {
    drive: Shared,
    sheets: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl ScsiTransport for Tap {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if let (0x5D, DataDirection::ToDevice(d)) = (cdb[0], &dir) {
            self.sheets.lock().unwrap().push(d.to_vec());
        }
        self.drive.execute(cdb, dir, timeout)
    }
}

fn tap(drive: EmulatedDrive) -> Tap {
    Tap {
        drive: Arc::new(Mutex::new(drive)),
        sheets: Arc::default(),
    }
}

fn tap_recorder(t: &Tap) -> Box<dyn Recorder> {
    let t = t.clone();
    let info = RecorderInfo {
        id: "emu".into(),
        kind: RecorderKind::Emulated,
        name: "Test drive".into(),
        formats: vec![Format::Audio],
    };
    Box::new(
        DriveRecorder::new(info, move |_: &RecordOptions| Ok(t.clone()))
            .with_poll_interval(Duration::from_millis(1)),
    )
}

fn album() -> DiscMetadata {
    DiscMetadata {
        title: Some("Forno a legna".into()),
        performer: Some("Kiln Quartet".into()),
        ..DiscMetadata::default()
    }
}

fn songs() -> Vec<TrackMetadata> {
    vec![
        TrackMetadata {
            title: Some("Prima cottura".into()),
            performer: Some("Kiln Quartet".into()),
            ..TrackMetadata::default()
        },
        TrackMetadata {
            title: Some("Smalto".into()),
            performer: Some("Anna Ceramica".into()),
            ..TrackMetadata::default()
        },
    ]
}

/// MMC-NOTES recipe (a)'s example: two tracks of 10000 and 5000 blocks, no gap before track 2,
/// with album and track texts.
fn master(recorder: Box<dyn Recorder>) -> DiscMaster {
    let id = recorder.info().id;
    let mut m = DiscMaster::with_recorders(vec![recorder]);
    m.open().unwrap();
    m.set_active_format(Format::Audio).unwrap();
    m.set_active_recorder(&id).unwrap();
    for ((n, pregap), text) in [(10_000usize, None), (5_000, Some(0))]
        .into_iter()
        .zip(songs())
    {
        m.create_audio_track_with(n as u64, text, pregap).unwrap();
        let pcm: Vec<u8> = (0..n * BLOCK).map(|i| (i % 251) as u8).collect();
        m.add_audio_track_blocks(&pcm).unwrap();
        m.close_audio_track().unwrap();
    }
    m.set_audio_disc_metadata(album()).unwrap();
    m
}

/// The example's cue sheet (MMC-NOTES recipe (a) step 6), track 1's pregap sent by the host
/// (data form 00h), and the lead-in's data form.
fn example_sheet(lead_in_form: u8) -> Vec<u8> {
    #[rustfmt::skip]
    let s = vec![
        0x01, 0x00, 0x00, lead_in_form, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
        0x01, 0x02, 0x01, 0x00, 0x00, 0x02, 0x0F, 0x19,
        0x01, 0xAA, 0x01, 0x01, 0x00, 0x03, 0x16, 0x00,
    ];
    s
}

fn notices(events: &Events) -> Vec<BurnNotice> {
    events
        .list
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            ProgressEvent::Notice(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

fn read_back(drive: &Shared) -> Vec<cdtext::Pack> {
    let mut d = Drive::open(drive.clone()).unwrap();
    d.cd_text_packs().unwrap()
}

fn lba(cdb: &[u8]) -> i32 {
    i32::from_be_bytes([cdb[2], cdb[3], cdb[4], cdb[5]])
}

#[test]
fn cd_text_is_burned_into_the_lead_in_and_reads_back() {
    let t = tap(EmulatedDrive::new(MediumKind::CdR));
    let events = Events::default();
    let mut m = master(tap_recorder(&t));
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_eq!(notices(&events), []);
    assert_eq!(*t.sheets.lock().unwrap(), [example_sheet(0x41)]);

    // WRITEs: 96-byte blocks from the lead-in start (−11635 = FFFFD28Dh) to −151, then −150.
    let log = log(&t.drive);
    let writes: Vec<&Vec<u8>> = log.iter().filter(|c| c[0] == 0x2A).collect();
    assert_eq!(
        writes[0][..],
        [0x2A, 0, 0xFF, 0xFF, 0xD2, 0x8D, 0, 0x01, 0x55, 0]
    );
    let lead_in: u32 = writes
        .iter()
        .filter(|c| lba(c) < -150)
        .map(|c| u32::from(u16::from_be_bytes([c[7], c[8]])))
        .sum();
    assert_eq!(lead_in, 11_485);
    let pregap = writes.iter().position(|c| lba(c) == -150).unwrap();
    assert!(writes[..pregap].iter().all(|c| lba(c) < -150));

    let packs = read_back(&t.drive);
    assert!(packs.iter().all(cdtext::crc_ok));
    let text = cdtext::decode(&packs).unwrap();
    assert_eq!(text.disc, album());
    assert_eq!(text.tracks, songs());
    // The audio is where it was without CD-TEXT.
    let d = t.drive.lock().unwrap();
    assert_eq!(d.audio_block(10_000).unwrap()[..4], [0, 1, 2, 3]);
    assert!(d.medium().unwrap().finalized);
}

#[test]
fn a_drive_without_cd_text_burns_the_audio_and_says_so() {
    let t = tap(EmulatedDrive::new(MediumKind::CdR).without_cd_text());
    let events = Events::default();
    let mut m = master(tap_recorder(&t));
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_eq!(
        notices(&events),
        [BurnNotice::CdTextUnsupported {
            recorder: "Test drive (emu)".into()
        }]
    );
    assert_eq!(*t.sheets.lock().unwrap(), [example_sheet(0x01)]);
    let log = log(&t.drive);
    let first = log.iter().find(|c| c[0] == 0x2A).unwrap();
    assert_eq!(first[2..6], [0xFF, 0xFF, 0xFF, 0x6A]);
    assert!(read_back(&t.drive).is_empty());
    assert!(t.drive.lock().unwrap().medium().unwrap().finalized);
}

#[test]
fn a_drive_refusing_the_cd_text_cue_sheet_gets_one_without() {
    let mut drive = EmulatedDrive::new(MediumKind::CdR);
    // It says R-W but refuses the first cue sheet, as drives of MMC-NOTES §5 quirk 4 do.
    drive.inject(Fault::new(FaultTrigger::Command(0x5D), 5, 0x26, 0x00).times(1));
    let t = tap(drive);
    let events = Events::default();
    let mut m = master(tap_recorder(&t));
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_eq!(
        *t.sheets.lock().unwrap(),
        [example_sheet(0x41), example_sheet(0x01)]
    );
    let n = notices(&events);
    assert!(
        matches!(&n[..], [BurnNotice::CdTextRefused { recorder, detail }]
            if recorder == "Test drive (emu)" && detail.contains("5/26/00")),
        "{n:?}"
    );
    assert!(read_back(&t.drive).is_empty());
}

#[test]
fn a_disc_without_text_announces_no_cd_text_and_no_notice() {
    let t = tap(EmulatedDrive::new(MediumKind::CdR));
    let events = Events::default();
    let mut m = DiscMaster::with_recorders(vec![tap_recorder(&t)]);
    m.open().unwrap();
    m.set_active_format(Format::Audio).unwrap();
    m.set_active_recorder("emu").unwrap();
    m.create_audio_track_with(300, TrackMetadata::default(), None)
        .unwrap();
    m.add_audio_track_blocks(&vec![0; 300 * BLOCK]).unwrap();
    m.close_audio_track().unwrap();
    m.subscribe(Box::new(events.clone()));
    m.record_disc(&RecordOptions::default()).unwrap();
    assert_eq!(notices(&events), []);
    assert_eq!(t.sheets.lock().unwrap()[0][3], 0x01);
    let first = log(&t.drive).into_iter().find(|c| c[0] == 0x2A).unwrap();
    assert_eq!(first[2..6], [0xFF, 0xFF, 0xFF, 0x6A]);
}
