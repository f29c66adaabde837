//! The virtual recorder: "try a burn without a disc". It is the emulated MMC drive with a blank
//! medium of a chosen kind, driven by exactly the same [`DriveRecorder`] code as a real drive;
//! the disc it writes ends up in a file:
//!
//! - data discs: the emulator keeps the user data in the file (block N at offset N × 2048), which
//!   after the burn is cut to the image's length: an `.iso` identical to the image-file
//!   recorder's;
//! - audio CDs: the audio blocks the drive recorded, from LBA 0 to the lead-out, become a `.bin`
//!   (raw little-endian CD audio), identical to the image-file recorder's BIN.
//!
//! The file goes to [`crate::RecordOptions::image_path`], or to `kiln-ID.iso` / `.bin` in the
//! system's temporary folder. It is written as `.NAME.part` and renamed only after a successful
//! burn (and verify). Each burn loads a fresh blank disc; erasing works on the last disc.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::DriveRecorder;
use crate::audio::layout::BLOCK_BYTES;
use crate::audio::AudioDisc;
use crate::media::{MediumSize, BLOCK};
use crate::progress::Reporter;
use crate::recorder::{MediumInfo, RecordOptions, Recorder, RecorderInfo, RecorderKind};
use crate::transport::emulated::{EmulatedDrive, MediumKind};
use crate::{Error, Format, Result};

/// The blank media the virtual recorder offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VirtualMedium {
    /// CD-R, 80 minutes.
    CdR,
    /// CD-RW, 80 minutes (can be erased).
    CdRw,
    /// DVD-R.
    DvdR,
    /// DVD+R.
    DvdPlusR,
    /// DVD+RW (formatted on first use).
    DvdPlusRw,
    /// BD-R, 25 GB.
    BdR,
    /// BD-RE, 25 GB (formatted on first use).
    BdRe,
    /// DVD+R dual layer, 8.5 GB.
    DvdPlusRDl,
    /// DVD-R dual layer, 8.5 GB (no multisession).
    DvdRDl,
    /// DVD-RW, blank in sequential recording (can be erased).
    DvdRw,
}

impl VirtualMedium {
    /// Every medium, in the order recorders are listed.
    pub const ALL: [VirtualMedium; 10] = [
        VirtualMedium::CdR,
        VirtualMedium::CdRw,
        VirtualMedium::DvdR,
        VirtualMedium::DvdRw,
        VirtualMedium::DvdPlusR,
        VirtualMedium::DvdPlusRDl,
        VirtualMedium::DvdRDl,
        VirtualMedium::DvdPlusRw,
        VirtualMedium::BdR,
        VirtualMedium::BdRe,
    ];

    /// The recorder id: `virtual-cd-r`, `virtual-dvd+r`, `virtual-bd-re`, ...
    pub fn id(self) -> &'static str {
        match self {
            VirtualMedium::CdR => "virtual-cd-r",
            VirtualMedium::CdRw => "virtual-cd-rw",
            VirtualMedium::DvdR => "virtual-dvd-r",
            VirtualMedium::DvdPlusR => "virtual-dvd+r",
            VirtualMedium::DvdPlusRw => "virtual-dvd+rw",
            VirtualMedium::BdR => "virtual-bd-r",
            VirtualMedium::BdRe => "virtual-bd-re",
            VirtualMedium::DvdPlusRDl => "virtual-dvd+r-dl",
            VirtualMedium::DvdRDl => "virtual-dvd-r-dl",
            VirtualMedium::DvdRw => "virtual-dvd-rw",
        }
    }

    /// The emulator's medium.
    pub fn kind(self) -> MediumKind {
        match self {
            VirtualMedium::CdR => MediumKind::CdR,
            VirtualMedium::CdRw => MediumKind::CdRw,
            VirtualMedium::DvdR => MediumKind::DvdR,
            VirtualMedium::DvdPlusR => MediumKind::DvdPlusR,
            VirtualMedium::DvdPlusRw => MediumKind::DvdPlusRw,
            VirtualMedium::BdR => MediumKind::BdR,
            VirtualMedium::BdRe => MediumKind::BdRe,
            VirtualMedium::DvdPlusRDl => MediumKind::DvdPlusRDl,
            VirtualMedium::DvdRDl => MediumKind::DvdRDl,
            VirtualMedium::DvdRw => MediumKind::DvdRw,
        }
    }

    fn is_cd(self) -> bool {
        matches!(self, VirtualMedium::CdR | VirtualMedium::CdRw)
    }

    /// The medium's short name, as `virtual:PROFILE:DIR` spells it: `cd-r`, `dvd+r-dl`, ...
    pub fn profile_name(self) -> &'static str {
        self.id().trim_start_matches("virtual-")
    }

    /// Parses `virtual:PROFILE:DIR` (issue 4's command-line form of a virtual recorder):
    /// PROFILE is a [`VirtualMedium::profile_name`], DIR the folder the recorded disc goes to
    /// (it may itself hold colons, as `C:\discs` does). `None` for anything else.
    pub fn parse_spec(spec: &str) -> Option<VirtualSpec> {
        let (profile, dir) = spec.strip_prefix("virtual:")?.split_once(':')?;
        let medium = Self::ALL
            .into_iter()
            .find(|m| m.profile_name() == profile)?;
        (!dir.is_empty()).then(|| VirtualSpec {
            medium,
            dir: PathBuf::from(dir),
        })
    }
}

/// A virtual recorder named as `virtual:PROFILE:DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualSpec {
    /// The blank medium.
    pub medium: VirtualMedium,
    /// Where the recorded disc is saved.
    pub dir: PathBuf,
}

impl VirtualSpec {
    /// The file the recorded disc is saved to in [`VirtualSpec::dir`]: `ID.iso` for a data
    /// disc, `ID.bin` for an audio CD (`virtual-dvd+r-dl.iso`, `virtual-cd-r.bin`).
    pub fn image_path(&self, audio: bool) -> PathBuf {
        let ext = if audio { "bin" } else { "iso" };
        self.dir.join(format!("{}.{ext}", self.medium.id()))
    }
}

/// The virtual recorder (see the module documentation).
#[derive(Debug)]
pub struct VirtualRecorder {
    medium: VirtualMedium,
    drive: Option<Arc<Mutex<EmulatedDrive>>>,
}

impl VirtualRecorder {
    /// A virtual recorder with blank discs of this kind.
    pub fn new(medium: VirtualMedium) -> Self {
        VirtualRecorder {
            medium,
            drive: None,
        }
    }

    /// The emulated drive of the last operation (to inspect its disc or command log).
    pub fn drive(&self) -> Option<Arc<Mutex<EmulatedDrive>>> {
        self.drive.clone()
    }

    fn load(&mut self, backing: Option<&Path>) -> Result<Arc<Mutex<EmulatedDrive>>> {
        let product = format!(
            "VIRTUAL {}",
            self.medium.kind().profile().name().to_uppercase()
        );
        let mut drive =
            EmulatedDrive::new(self.medium.kind()).with_identity("KILN", &product, "1.0");
        if let Some(path) = backing {
            drive = drive
                .with_backing_file(path)
                .map_err(|e| Error::output(path, e))?;
        }
        let shared = Arc::new(Mutex::new(drive));
        self.drive = Some(shared.clone());
        Ok(shared)
    }

    fn recorder(
        &self,
        drive: Arc<Mutex<EmulatedDrive>>,
    ) -> DriveRecorder<Arc<Mutex<EmulatedDrive>>> {
        DriveRecorder::new(self.info(), move |_: &RecordOptions| Ok(drive.clone()))
            .with_poll_interval(Duration::from_millis(1))
    }

    fn target(&self, options: &RecordOptions, ext: &str) -> PathBuf {
        options.image_path.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("kiln-{}.{ext}", self.medium.id()))
        })
    }
}

fn part_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "disc".into());
    target.with_file_name(format!(".{name}.part"))
}

/// Runs `burn`; on success `keep` turns the part file into the target, on failure it is removed.
fn with_part(
    target: &Path,
    burn: impl FnOnce(&Path) -> Result<()>,
    keep: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<()> {
    let part = part_path(target);
    let result = burn(&part).and_then(|()| {
        keep(&part)
            .and_then(|()| fs::rename(&part, target))
            .map_err(|e| Error::output(target, e))
    });
    if result.is_err() {
        let _ = fs::remove_file(&part);
    }
    result
}

impl Recorder for VirtualRecorder {
    fn info(&self) -> RecorderInfo {
        let formats = if self.medium.is_cd() {
            vec![Format::Data, Format::Audio]
        } else {
            vec![Format::Data]
        };
        RecorderInfo {
            id: self.medium.id().into(),
            kind: RecorderKind::Emulated,
            name: format!(
                "Virtual recorder, blank {} (the disc is saved to a file)",
                self.medium.kind().profile().name()
            ),
            formats,
        }
    }

    fn capacity(&self) -> MediumSize {
        MediumSize::Blocks(u64::from(self.medium.kind().capacity()))
    }

    fn record_data(
        &mut self,
        image: &mut (dyn io::Read + Send),
        total_blocks: u64,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        if options.simulate {
            let drive = self.load(None)?;
            return self
                .recorder(drive)
                .record_data(image, total_blocks, options, reporter);
        }
        let target = self.target(options, "iso");
        tracing::info!(recorder = self.medium.id(), file = %target.display(), "virtual burn");
        with_part(
            &target,
            |part| {
                let drive = self.load(Some(part))?;
                self.recorder(drive)
                    .record_data(image, total_blocks, options, reporter)
            },
            |part| {
                // Drop the padding the medium needed: the file is the image.
                let file = OpenOptions::new().write(true).open(part)?;
                file.set_len(total_blocks * BLOCK)?;
                file.sync_all()
            },
        )
    }

    fn record_audio(
        &mut self,
        disc: &AudioDisc,
        options: &RecordOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<()> {
        let drive = self.load(None)?;
        if options.simulate {
            return self.recorder(drive).record_audio(disc, options, reporter);
        }
        let target = self.target(options, "bin");
        let blocks = disc.layout()?.program_blocks();
        tracing::info!(recorder = self.medium.id(), file = %target.display(), "virtual burn");
        let mut rec = self.recorder(drive.clone());
        with_part(
            &target,
            |_| rec.record_audio(disc, options, reporter),
            |part| write_bin(&drive, blocks, part),
        )
    }

    fn erase(&mut self, quick: bool, reporter: &mut dyn Reporter) -> Result<()> {
        let drive = match self.drive.clone() {
            Some(d) => d,
            None => self.load(None)?,
        };
        self.recorder(drive).erase(quick, reporter)
    }

    fn medium_info(&mut self) -> Result<MediumInfo> {
        let drive = match self.drive.clone() {
            Some(d) => d,
            None => self.load(None)?,
        };
        self.recorder(drive).medium_info()
    }
}

/// The audio the emulated drive recorded, LBA 0 to the lead-out, as a BIN.
fn write_bin(drive: &Arc<Mutex<EmulatedDrive>>, blocks: u64, part: &Path) -> io::Result<()> {
    let drive = drive
        .lock()
        .map_err(|_| io::Error::other("the virtual drive failed"))?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(part)?);
    let silence = [0u8; BLOCK_BYTES];
    for lba in 0..blocks {
        let block = u32::try_from(lba)
            .ok()
            .and_then(|l| drive.audio_block(l))
            .unwrap_or(&silence);
        out.write_all(block)?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_specs_name_a_medium_and_a_folder() {
        let spec = VirtualMedium::parse_spec("virtual:dvd+r-dl:/tmp/out").unwrap();
        assert_eq!(spec.medium, VirtualMedium::DvdPlusRDl);
        assert_eq!(
            spec.image_path(false),
            Path::new("/tmp/out/virtual-dvd+r-dl.iso")
        );
        let spec = VirtualMedium::parse_spec(r"virtual:dvd-r-dl:C:\discs").unwrap();
        assert_eq!(spec.medium, VirtualMedium::DvdRDl);
        assert_eq!(spec.dir, Path::new(r"C:\discs"));
        assert_eq!(
            VirtualMedium::parse_spec("virtual:cd-r:d")
                .unwrap()
                .image_path(true),
            Path::new("d").join("virtual-cd-r.bin")
        );
        for bad in [
            "virtual:dvd+r-dl:",
            "virtual:floppy:/tmp",
            "virtual-dvd+r",
            "/dev/sr0",
        ] {
            assert_eq!(VirtualMedium::parse_spec(bad), None, "{bad}");
        }
        for m in VirtualMedium::ALL {
            let spec = format!("virtual:{}:x", m.profile_name());
            assert_eq!(VirtualMedium::parse_spec(&spec).map(|s| s.medium), Some(m));
        }
    }
}
