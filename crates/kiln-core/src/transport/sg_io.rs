//! Linux SG_IO pass-through on `/dev/srN`, and drive discovery from sysfs.
//!
//! The device is opened `O_RDWR | O_NONBLOCK | O_EXCL | O_CLOEXEC`: `O_NONBLOCK` so the cdrom
//! driver neither tries to close the tray nor refuses a blank disc with `EROFS`; `O_RDWR` because
//! the kernel's command filter lets write-class commands through only on a descriptor opened for
//! writing; `O_EXCL` so nobody mounts the disc while Kiln burns (a mounted disc gives `EBUSY`).

use std::ffi::{c_int, c_uchar, c_uint, c_ushort, c_void};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{CommandOutcome, DataDirection, ScsiStatus, ScsiTransport, TransportError};

/// `SG_IO` ioctl request number (`<scsi/sg.h>`).
const SG_IO: u32 = 0x2285;
/// `SG_DXFER_NONE`.
const SG_DXFER_NONE: c_int = -1;
/// `SG_DXFER_TO_DEV`.
const SG_DXFER_TO_DEV: c_int = -2;
/// `SG_DXFER_FROM_DEV`.
const SG_DXFER_FROM_DEV: c_int = -3;
/// Host status: the command timed out.
const DID_TIME_OUT: c_ushort = 3;
/// Host status: no connection / bad target (device gone).
const DID_NO_CONNECT: c_ushort = 1;
const DID_BAD_TARGET: c_ushort = 4;
/// Driver status: timeout (low nibble).
const DRIVER_TIMEOUT: c_ushort = 0x06;
/// Sense buffer size handed to the kernel.
const SENSE_LEN: usize = 64;

/// `struct sg_io_hdr` from `<scsi/sg.h>` (interface id 'S'). `libc` does not declare it; the
/// layout below was checked against the header field by field: 88 bytes on LP64, 8-aligned.
#[repr(C)]
struct SgIoHdr {
    interface_id: c_int,
    dxfer_direction: c_int,
    cmd_len: c_uchar,
    mx_sb_len: c_uchar,
    iovec_count: c_ushort,
    dxfer_len: c_uint,
    dxferp: *mut c_void,
    cmdp: *const c_uchar,
    sbp: *mut c_uchar,
    timeout: c_uint,
    flags: c_uint,
    pack_id: c_int,
    usr_ptr: *mut c_void,
    status: c_uchar,
    masked_status: c_uchar,
    msg_status: c_uchar,
    sb_len_wr: c_uchar,
    host_status: c_ushort,
    driver_status: c_ushort,
    resid: c_int,
    duration: c_uint,
    info: c_uint,
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<SgIoHdr>() == 88);
    assert!(align_of::<SgIoHdr>() == 8);
    assert!(offset_of!(SgIoHdr, cmd_len) == 8);
    assert!(offset_of!(SgIoHdr, dxfer_len) == 12);
    assert!(offset_of!(SgIoHdr, dxferp) == 16);
    assert!(offset_of!(SgIoHdr, cmdp) == 24);
    assert!(offset_of!(SgIoHdr, sbp) == 32);
    assert!(offset_of!(SgIoHdr, timeout) == 40);
    assert!(offset_of!(SgIoHdr, usr_ptr) == 56);
    assert!(offset_of!(SgIoHdr, status) == 64);
    assert!(offset_of!(SgIoHdr, sb_len_wr) == 67);
    assert!(offset_of!(SgIoHdr, host_status) == 68);
    assert!(offset_of!(SgIoHdr, driver_status) == 70);
    assert!(offset_of!(SgIoHdr, resid) == 72);
    assert!(offset_of!(SgIoHdr, info) == 80);
};

#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<SgIoHdr>() == 64);

/// A recorder opened through SG_IO.
#[derive(Debug)]
pub struct SgIoTransport {
    file: File,
    path: PathBuf,
}

/// The group that owns a device node, by name (from `/etc/group`), or "cdrom".
fn node_group(path: &Path) -> String {
    let Ok(gid) = fs::metadata(path).map(|m| m.gid()) else {
        return "cdrom".into();
    };
    fs::read_to_string("/etc/group")
        .ok()
        .and_then(|groups| {
            groups.lines().find_map(|line| {
                let mut f = line.split(':');
                let name = f.next()?;
                let id: u32 = f.nth(1)?.parse().ok()?;
                (id == gid).then(|| name.to_string())
            })
        })
        .unwrap_or_else(|| "cdrom".into())
}

/// Turns an `open(2)` failure into a message that says what to do.
pub fn open_error(path: &Path, err: &io::Error) -> TransportError {
    let device = path.display().to_string();
    match err.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => {
            let group = node_group(path);
            TransportError::PermissionDenied {
                hint: format!(
                    "join the `{group}` group (sudo usermod -aG {group} $USER, then log in again)"
                ),
                device,
            }
        }
        Some(libc::EBUSY) => TransportError::Busy {
            hint: format!(
                "the disc is mounted or another program uses the drive; eject it or run `udisksctl unmount -b {device}`"
            ),
            device,
        },
        Some(libc::ENOENT) | Some(libc::ENXIO) | Some(libc::ENODEV) => TransportError::Disconnected { device },
        _ => TransportError::Os {
            device,
            message: err.to_string(),
        },
    }
}

impl SgIoTransport {
    /// Opens `/dev/srN` for exclusive use.
    pub fn open(path: &Path) -> Result<Self, TransportError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_EXCL | libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| open_error(path, &e))?;
        Ok(SgIoTransport {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Opens `/dev/srN` for reading only, shared with others (a mounted disc is no obstacle):
    /// enough for INQUIRY, GET CONFIGURATION and READs, which the kernel allows on a read-only
    /// descriptor; write commands would be refused by the kernel.
    pub fn open_shared(path: &Path) -> Result<Self, TransportError> {
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| open_error(path, &e))?;
        Ok(SgIoTransport {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The device path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl ScsiTransport for SgIoTransport {
    fn execute(
        &mut self,
        cdb: &[u8],
        dir: DataDirection<'_>,
        timeout: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        if !(6..=16).contains(&cdb.len()) {
            return Err(TransportError::InvalidRequest(format!(
                "a CDB must have 6 to 16 bytes, not {}",
                cdb.len()
            )));
        }
        let (direction, ptr, len): (c_int, *mut c_void, usize) = match dir {
            DataDirection::None => (SG_DXFER_NONE, std::ptr::null_mut(), 0),
            DataDirection::FromDevice(buf) => {
                (SG_DXFER_FROM_DEV, buf.as_mut_ptr().cast(), buf.len())
            }
            // The kernel only reads from a TO_DEV buffer; the pointer is *mut in the C struct.
            DataDirection::ToDevice(buf) => {
                (SG_DXFER_TO_DEV, buf.as_ptr().cast_mut().cast(), buf.len())
            }
        };
        let dxfer_len = c_uint::try_from(len).map_err(|_| {
            TransportError::InvalidRequest(format!("{len} bytes is too large for one command"))
        })?;
        let mut sense = [0u8; SENSE_LEN];
        let mut hdr = SgIoHdr {
            interface_id: c_int::from(b'S'),
            dxfer_direction: direction,
            cmd_len: cdb.len() as c_uchar,
            mx_sb_len: SENSE_LEN as c_uchar,
            iovec_count: 0,
            dxfer_len,
            dxferp: ptr,
            cmdp: cdb.as_ptr(),
            sbp: sense.as_mut_ptr(),
            timeout: c_uint::try_from(timeout.as_millis())
                .unwrap_or(c_uint::MAX)
                .max(1),
            flags: 0,
            pack_id: 0,
            usr_ptr: std::ptr::null_mut(),
            status: 0,
            masked_status: 0,
            msg_status: 0,
            sb_len_wr: 0,
            host_status: 0,
            driver_status: 0,
            resid: 0,
            duration: 0,
            info: 0,
        };
        // SAFETY: `hdr` is a correctly laid out `sg_io_hdr` (size and offsets asserted above).
        // Every pointer in it is valid for the whole call: `cdb` for `cmd_len` bytes, `sense` for
        // `mx_sb_len` bytes, and the data buffer for `dxfer_len` bytes in the direction given (a
        // FROM_DEV buffer is a unique `&mut [u8]`; a TO_DEV buffer is only read by the kernel).
        // The ioctl is synchronous, so nothing is used after it returns.
        let rc =
            unsafe { libc::ioctl(self.file.as_raw_fd(), SG_IO as _, &mut hdr as *mut SgIoHdr) };
        let device = self.path.display().to_string();
        if rc < 0 {
            let err = io::Error::last_os_error();
            return Err(match err.raw_os_error() {
                Some(libc::EPERM) | Some(libc::EACCES) => TransportError::PermissionDenied {
                    device,
                    hint: format!(
                        "the kernel refused command {:02X}h (the drive must be opened read-write; vendor commands need CAP_SYS_RAWIO)",
                        cdb[0]
                    ),
                },
                Some(libc::ENODEV) | Some(libc::ENXIO) => TransportError::Disconnected { device },
                Some(libc::EIO) if len > 0 => TransportError::InvalidRequest(format!(
                    "the kernel rejected a transfer of {len} bytes (larger than the adapter's max_hw_sectors_kb?)"
                )),
                _ => TransportError::Os {
                    device,
                    message: err.to_string(),
                },
            });
        }
        if hdr.host_status == DID_TIME_OUT || hdr.driver_status & 0x0F == DRIVER_TIMEOUT {
            return Err(TransportError::Timeout(timeout));
        }
        if hdr.host_status == DID_NO_CONNECT || hdr.host_status == DID_BAD_TARGET {
            return Err(TransportError::Disconnected { device });
        }
        if hdr.host_status != 0 {
            return Err(TransportError::Os {
                device,
                message: format!("the adapter reported host status {}", hdr.host_status),
            });
        }
        let sense_len = usize::from(hdr.sb_len_wr).min(SENSE_LEN);
        Ok(CommandOutcome {
            status: ScsiStatus(hdr.status),
            sense: if hdr.status == ScsiStatus::CHECK_CONDITION.0 {
                sense[..sense_len].to_vec()
            } else {
                Vec::new()
            },
            residual: usize::try_from(hdr.resid).unwrap_or(0).min(len),
        })
    }
}

/// A CD/DVD/BD drive found in sysfs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgDevice {
    /// The block device node, e.g. `/dev/sr0`.
    pub path: PathBuf,
    /// Vendor (sysfs `device/vendor`, trimmed).
    pub vendor: String,
    /// Model (sysfs `device/model`, trimmed).
    pub model: String,
    /// Firmware revision (sysfs `device/rev`, trimmed).
    pub revision: String,
    /// The sibling `/dev/sgN` node, if the sg driver is loaded.
    pub generic: Option<PathBuf>,
}

/// Lists the type-5 (MMC) drives from `/sys/class/block/sr*`.
pub fn discover() -> Vec<SgDevice> {
    discover_in(Path::new("/sys/class/block"), Path::new("/dev"))
}

/// Like [`discover`], with the sysfs class directory and `/dev` given (for tests).
pub fn discover_in(class_block: &Path, dev: &Path) -> Vec<SgDevice> {
    let read = |p: PathBuf| {
        fs::read_to_string(p)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let Ok(entries) = fs::read_dir(class_block) else {
        return Vec::new();
    };
    let mut found: Vec<SgDevice> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with("sr") || !name[2..].chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let device = e.path().join("device");
            if read(device.join("type")) != "5" {
                return None;
            }
            let generic = fs::read_dir(device.join("scsi_generic"))
                .ok()
                .and_then(|mut d| d.next())
                .and_then(|g| g.ok())
                .map(|g| dev.join(g.file_name()));
            Some(SgDevice {
                path: dev.join(&name),
                vendor: read(device.join("vendor")),
                model: read(device.join("model")),
                revision: read(device.join("rev")),
                generic,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        let num = |p: &Path| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n[2..].parse::<u32>().ok())
                .unwrap_or(u32::MAX)
        };
        num(&a.path).cmp(&num(&b.path))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_drive(
        root: &Path,
        name: &str,
        kind: &str,
        vendor: &str,
        model: &str,
        sg: Option<&str>,
    ) {
        let dev = root.join(name).join("device");
        fs::create_dir_all(&dev).unwrap();
        fs::write(dev.join("type"), format!("{kind}\n")).unwrap();
        fs::write(dev.join("vendor"), format!("{vendor:<8}\n")).unwrap();
        fs::write(dev.join("model"), format!("{model:<16}\n")).unwrap();
        fs::write(dev.join("rev"), "1.02\n").unwrap();
        if let Some(sg) = sg {
            fs::create_dir_all(dev.join("scsi_generic").join(sg)).unwrap();
        }
    }

    #[test]
    fn discovery_reads_sysfs_and_skips_non_mmc() {
        let t = tempfile::tempdir().unwrap();
        fake_drive(t.path(), "sr10", "5", "PIONEER", "BD-RW BDR-209D", None);
        fake_drive(
            t.path(),
            "sr1",
            "5",
            "HL-DT-ST",
            "DVDRAM GH24NSD1",
            Some("sg3"),
        );
        fake_drive(t.path(), "sr2", "0", "ATA", "SOME DISK", None);
        fs::create_dir_all(t.path().join("sda")).unwrap();
        let found = discover_in(t.path(), Path::new("/dev"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path, Path::new("/dev/sr1"));
        assert_eq!(
            (found[0].vendor.as_str(), found[0].model.as_str()),
            ("HL-DT-ST", "DVDRAM GH24NSD1")
        );
        assert_eq!(found[0].revision, "1.02");
        assert_eq!(found[0].generic.as_deref(), Some(Path::new("/dev/sg3")));
        assert_eq!(found[1].path, Path::new("/dev/sr10"));
        assert!(discover_in(&t.path().join("missing"), Path::new("/dev")).is_empty());
    }

    #[test]
    fn open_errors_say_what_to_do() {
        let p = Path::new("/dev/sr0");
        let e = open_error(p, &io::Error::from_raw_os_error(libc::EACCES));
        let msg = e.to_string();
        assert!(
            msg.contains("sudo usermod -aG") && msg.contains("log in again"),
            "{msg}"
        );
        assert!(matches!(e, TransportError::PermissionDenied { .. }));
        let e = open_error(p, &io::Error::from_raw_os_error(libc::EBUSY));
        assert!(e.to_string().contains("udisksctl unmount -b /dev/sr0"));
        assert!(matches!(
            open_error(p, &io::Error::from_raw_os_error(libc::ENXIO)),
            TransportError::Disconnected { .. }
        ));
        assert!(matches!(
            SgIoTransport::open(Path::new("/nonexistent/sr9")),
            Err(TransportError::Disconnected { .. })
        ));
    }

    #[test]
    fn sg_io_on_a_non_sg_file_is_an_os_error_not_a_crash() {
        let t = tempfile::NamedTempFile::new().unwrap();
        let mut tr = SgIoTransport {
            file: File::options()
                .read(true)
                .write(true)
                .open(t.path())
                .unwrap(),
            path: t.path().to_path_buf(),
        };
        let mut buf = [0u8; 36];
        let r = tr.execute(
            &[0x12, 0, 0, 0, 36, 0],
            DataDirection::FromDevice(&mut buf),
            Duration::from_secs(1),
        );
        assert!(matches!(r, Err(TransportError::Os { .. })), "{r:?}");
        let r = tr.execute(&[0x12, 0, 0], DataDirection::None, Duration::from_secs(1));
        assert!(matches!(r, Err(TransportError::InvalidRequest(_))));
    }
}
