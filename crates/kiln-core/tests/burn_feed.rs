//! Feeding the drive: write speed selection (exact CDBs), the progress of a burn (host and
//! drive buffer, speed, times) and the drive buffer of the emulated drive, which underruns when
//! the host stalls: LOSS OF STREAMING (3/0C/09) without buffer-underrun protection, absorbed
//! and counted with it. No test here is timed: the stalls are ten times the time the drive
//! needs to run dry, and the checks are on what the drive reported.

mod burn_support;

use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn_support::{assert_unlocked, log, recorder, shared, Shared};
use kiln_core::progress::{ProgressEvent, Reporter, WriteStatus};
use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::{Error, RecordOptions};

/// A data image of `blocks` blocks (each block filled with its number) that sleeps `stall`
/// once, when `stall_at` bytes have been read.
struct Image {
    pos: u64,
    len: u64,
    stall_at: u64,
    stall: Duration,
}

impl Image {
    fn new(blocks: u64) -> Self {
        Image {
            pos: 0,
            len: blocks * 2048,
            stall_at: u64::MAX,
            stall: Duration::ZERO,
        }
    }

    fn stalling(mut self, at_block: u64, stall: Duration) -> Self {
        self.stall_at = at_block * 2048;
        self.stall = stall;
        self
    }
}

impl Read for Image {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.stall_at {
            std::thread::sleep(self.stall);
            self.stall_at = u64::MAX;
        }
        let limit = if self.pos < self.stall_at {
            self.stall_at
        } else {
            self.len
        };
        let n = (buf.len() as u64).min(limit.min(self.len) - self.pos) as usize;
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = ((self.pos + i as u64) / 2048) as u8;
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// Collects every event.
#[derive(Default, Clone)]
struct Seen(Arc<Mutex<Vec<ProgressEvent>>>);

impl Reporter for Seen {
    fn emit(&mut self, event: ProgressEvent) {
        self.0.lock().unwrap().push(event);
    }
    fn cancelled(&mut self) -> bool {
        false
    }
}

impl Seen {
    fn writing(&self) -> Vec<WriteStatus> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                ProgressEvent::Writing(w) => Some(*w),
                _ => None,
            })
            .collect()
    }
}

fn burn(
    drive: &Shared,
    image: Image,
    blocks: u64,
    options: &RecordOptions,
) -> (Result<(), Error>, Seen) {
    let mut rec = recorder("emu", drive);
    let mut seen = Seen::default();
    let mut image = image;
    let r = rec.record_data(&mut image, blocks, options, &mut seen);
    (r, seen)
}

#[test]
fn speed_is_chosen_from_the_drives_list_and_sent_with_set_cd_speed_on_a_cd() {
    let drive = shared(MediumKind::CdR, None);
    let options = RecordOptions {
        speed: Some(24.0),
        ..RecordOptions::default()
    };
    let (r, _) = burn(&drive, Image::new(320), 320, &options);
    r.unwrap();
    let log = log(&drive);
    // GET PERFORMANCE type 03h for up to 32 descriptors (MMC-6 AC: byte 10 type, 8–9 count).
    assert!(log
        .iter()
        .any(|c| c[..] == [0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0x03, 0]));
    // SET CD SPEED: read FFFFh (max), write 4234 + 2 kB/s (24× rounded, plus slack as drives
    // round down) = 108Ch.
    let set: Vec<_> = log.iter().filter(|c| c[0] == 0xBB).collect();
    assert_eq!(set.len(), 1, "{log:02X?}");
    assert_eq!(
        set[0][..],
        [0xBB, 0, 0xFF, 0xFF, 0x10, 0x8C, 0, 0, 0, 0, 0, 0]
    );
    assert!(
        !log.iter().any(|c| c[0] == 0xB6),
        "no SET STREAMING on a CD"
    );
    // Sent before the first WRITE.
    let bb = log.iter().position(|c| c[0] == 0xBB).unwrap();
    let w = log.iter().position(|c| c[0] == 0x2A).unwrap();
    assert!(bb < w);
    assert_eq!(drive.lock().unwrap().current_write_kbps(), 4234);
}

#[test]
fn speed_is_sent_with_set_streaming_on_dvd_and_bd() {
    for (kind, wanted, expect_kbps) in [
        (MediumKind::DvdPlusR, Some(8.0), 11_080),
        (MediumKind::DvdPlusR, Some(10.0), 11_080), // not offered: the next one below
        (MediumKind::BdR, None, 71_920),            // the fastest: 16×
        (MediumKind::BdR, Some(1.0), 8_990),        // below the slowest: the slowest
    ] {
        let drive = shared(kind, None);
        let options = RecordOptions {
            speed: wanted,
            verify: false,
            ..RecordOptions::default()
        };
        let (r, _) = burn(&drive, Image::new(64), 64, &options);
        r.unwrap();
        let log = log(&drive);
        let set: Vec<_> = log.iter().filter(|c| c[0] == 0xB6).collect();
        // SET STREAMING, performance descriptor (byte 8 type 0), 28 bytes (MMC-6 B6).
        assert_eq!(set.len(), 1, "{kind:?}");
        assert_eq!(set[0][..], [0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0]);
        assert!(!log.iter().any(|c| c[0] == 0xBB), "{kind:?}");
        assert_eq!(
            drive.lock().unwrap().current_write_kbps(),
            expect_kbps,
            "{kind:?} {wanted:?}"
        );
    }
}

#[test]
fn a_burn_reports_buffers_speed_and_times_then_a_closing_phase() {
    // 16 MiB of BD-R at 2× (9 MB/s) in real time: the first 4 MiB fill the drive's buffer at
    // once, the other 12 MiB take about 1.4 s, slow enough for a debug build to keep up and
    // long enough (over half a second) for a speed to be measured even on an idle machine.
    let drive: Shared = Arc::new(Mutex::new(
        EmulatedDrive::new(MediumKind::BdR).with_speed_simulation(1.0),
    ));
    let blocks = 8192;
    let options = RecordOptions {
        verify: false,
        speed: Some(2.0),
        ..RecordOptions::default()
    };
    let (r, seen) = burn(&drive, Image::new(blocks), blocks, &options);
    r.unwrap();
    let writing = seen.writing();
    assert!(writing.len() >= 2, "{writing:?}");
    let last = writing.last().unwrap();
    // Measured from the host's side: the first 4 MiB fill the drive buffer at the host's
    // speed, so the figure starts above 2× and comes down towards it.
    let x = last.speed_x.expect("measured after half a second");
    assert!(x > 1.5 && x < 4.0, "{writing:?}");
    assert!(
        last.remaining_seconds.is_some_and(|s| s <= 1),
        "{writing:?}"
    );
    for w in &writing {
        assert!((0.0..=1.0).contains(&w.host_buffer), "{w:?}");
        let d = w.drive_buffer.expect("the emulated drive answers 5Ch");
        assert!((0.0..=1.0).contains(&d), "{w:?}");
    }
    // The first status comes after the first chunk: the drive buffer holds it (1 MiB of 4).
    assert!(
        (writing[0].drive_buffer.unwrap() - 0.25).abs() < 0.01,
        "{writing:?}"
    );
    let events = seen.0.lock().unwrap();
    let closing = events
        .iter()
        .position(|e| matches!(e, ProgressEvent::ClosingDisc { .. }))
        .expect("a closing phase");
    let last_writing = events
        .iter()
        .rposition(|e| matches!(e, ProgressEvent::Writing(_)))
        .unwrap();
    assert!(last_writing < closing);
    drop(events);
    let stats = drive.lock().unwrap().buffer_stats();
    assert_eq!(stats.underruns, 0, "{stats:?}");
    assert_eq!(stats.capacity, 4 << 20);
    assert!(stats.held_writes > 0, "the drive held WRITEs while full");
}

/// CD-R at 52× on a clock 10× fast: 2 MiB of buffer runs dry in 26 ms of wall time; the host
/// stalls for 400 ms after 4 MiB.
fn stalled_cd_burn(protection: bool) -> (Shared, Result<(), Error>) {
    let mut d = EmulatedDrive::new(MediumKind::CdR).with_speed_simulation(10.0);
    if !protection {
        d = d.without_underrun_protection();
    }
    let drive: Shared = Arc::new(Mutex::new(d));
    let blocks = 4096;
    let image = Image::new(blocks).stalling(2048, Duration::from_millis(400));
    let (r, _) = burn(&drive, image, blocks, &RecordOptions::default());
    (drive, r)
}

#[test]
fn a_stalled_host_without_underrun_protection_loses_streaming() {
    let (drive, r) = stalled_cd_burn(false);
    let err = r.unwrap_err();
    assert!(
        matches!(&err, Error::LossOfStreaming { recorder } if recorder.contains("emu")),
        "{err}"
    );
    let d = drive.lock().unwrap();
    assert_eq!(d.buffer_stats().underruns, 1);
    // Page 05h was sent with BUFE off, since the drive does not offer BUF.
    let page = d.commands().iter().any(|c| c[0] == 0x55);
    assert!(page);
    drop(d);
    assert_unlocked(&drive);
}

#[test]
fn a_stalled_host_with_underrun_protection_is_absorbed_and_counted() {
    let (drive, r) = stalled_cd_burn(true);
    // The disc is good: the burn verified what was written.
    r.unwrap();
    let d = drive.lock().unwrap();
    // The stall, and on a loaded machine maybe another pause of the test's own threads.
    assert!(d.buffer_stats().underruns >= 1, "{:?}", d.buffer_stats());
    assert!(d.medium().unwrap().finalized);
    drop(d);
    assert_unlocked(&drive);
}

#[test]
fn read_buffer_capacity_answers_the_real_size_and_free_bytes() {
    use kiln_core::mmc::drive::Drive;
    let mut d =
        Drive::open(EmulatedDrive::new(MediumKind::DvdPlusR).with_speed_simulation(1.0)).unwrap();
    let empty = d.buffer_capacity().unwrap();
    assert_eq!((empty.length, empty.free), (4 << 20, 4 << 20));
    d.write_blocks(0, &[7u8; 512 * 2048]).unwrap();
    let b = d.buffer_capacity().unwrap();
    // Not burning yet (the drive waits for a full buffer): exactly 1 MiB in it.
    assert_eq!((b.length, b.free), (4 << 20, 3 << 20));
    assert!((b.fill() - 0.25).abs() < 1e-9);
    // The CD buffer is 2 MiB; the page 2Ah buffer size agrees (KiB).
    let mut cd = Drive::open(EmulatedDrive::new(MediumKind::CdR)).unwrap();
    assert_eq!(cd.buffer_capacity().unwrap().length, 2 << 20);
    assert_eq!(cd.capabilities().unwrap().buffer_kib, 2048);
}

#[test]
fn a_new_disc_empties_the_buffer_at_once_and_keeps_the_chosen_speed() {
    use kiln_core::mmc::drive::Drive;
    let mut d =
        Drive::open(EmulatedDrive::new(MediumKind::CdR).with_speed_simulation(1.0)).unwrap();
    d.set_cd_speed(kiln_core::mmc::cdb::MAX_SPEED, 4236)
        .unwrap();
    d.write_blocks(0, &[7u8; 300 * 2048]).unwrap();
    let mut drive = d.into_inner();
    drive.remove_medium();
    let t = std::time::Instant::now();
    drive.insert_medium(MediumKind::CdR);
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(drive.current_write_kbps(), 4234);
    let mut d = Drive::open(drive).unwrap();
    let _ = d.test_unit_ready(); // the unit attention of the new disc
    let b = d.buffer_capacity().unwrap();
    assert_eq!(b.free, b.length);
}
