//! More typed helpers of [`Drive`]: TOC and ATIP, speeds, buffer, reservations, cue sheets and
//! media events. The safety check stays in [`Drive::execute`], which all of these go through.

use super::cdb::{self, PageControl, PerformanceType, TocFormat};
use super::cdb_write::{self, CueEntry};
use super::drive::{timeouts, Drive, DriveError};
use super::mode::{self, Capabilities};
use super::parse::{self, BufferCapacity, MediaEvent, WriteSpeedDescriptor};
use super::toc::{self, Atip, FullTocEntry, Toc};
use crate::transport::{CommandError, DataDirection, ScsiTransport};

impl<T: ScsiTransport> Drive<T> {
    /// READ TOC/PMA/ATIP format 0 (LBA addresses).
    pub fn toc(&mut self) -> Result<Toc, DriveError> {
        let buf = self.read_into(&cdb::read_toc_pma_atip(TocFormat::Toc, false, 0, 804), 804)?;
        Ok(Toc::parse(&buf, false)?)
    }

    /// READ TOC/PMA/ATIP format 1: the first track of the last complete session (mkisofs -C).
    pub fn session_info(&mut self) -> Result<Toc, DriveError> {
        let buf = self.read_into(
            &cdb::read_toc_pma_atip(TocFormat::SessionInfo, false, 0, 12),
            12,
        )?;
        Ok(Toc::parse(&buf, false)?)
    }

    /// READ TOC/PMA/ATIP format 2 (CD only).
    pub fn full_toc(&mut self) -> Result<Vec<FullTocEntry>, DriveError> {
        let len = 4 + 11 * 100;
        let buf = self.read_into(
            &cdb::read_toc_pma_atip(TocFormat::FullToc, false, 1, len as u16),
            len,
        )?;
        Ok(toc::parse_full_toc(&buf)?)
    }

    /// READ TOC/PMA/ATIP format 4 (recordable CD only).
    pub fn atip(&mut self) -> Result<Atip, DriveError> {
        let buf = self.read_into(&cdb::read_toc_pma_atip(TocFormat::Atip, false, 0, 28), 28)?;
        Ok(Atip::parse(&buf)?)
    }

    /// READ TOC/PMA/ATIP format 5: the CD-TEXT packs of the lead-in, none on a disc without.
    pub fn cd_text_packs(&mut self) -> Result<Vec<[u8; 18]>, DriveError> {
        // 8 blocks (languages) of 256 packs at most (MMC-NOTES §2.1).
        let len = 4 + 18 * 8 * 256;
        let buf = self.read_into(
            &cdb::read_toc_pma_atip(TocFormat::CdText, false, 0, len as u16),
            len,
        )?;
        Ok(toc::parse_cd_text_packs(&buf)?)
    }

    /// Mode page 2Ah, the drive's capabilities and CD write speeds.
    pub fn capabilities(&mut self) -> Result<Capabilities, DriveError> {
        let buf = self.read_into(
            &cdb::mode_sense_10(mode::PAGE_CAPABILITIES, PageControl::Current, 512),
            512,
        )?;
        Ok(Capabilities::parse(mode::find_page(
            &buf,
            mode::PAGE_CAPABILITIES,
        )?)?)
    }

    /// GET PERFORMANCE type 03h: the write speeds offered for the loaded medium.
    pub fn write_speeds(&mut self) -> Result<Vec<WriteSpeedDescriptor>, DriveError> {
        let len = 8 + 16 * 32;
        let buf = self.read_into(
            &cdb::get_performance(PerformanceType::WriteSpeed, 0, 32),
            len,
        )?;
        Ok(parse::parse_write_speeds(&buf)?)
    }

    /// SET CD SPEED (kB/s; [`cdb::MAX_SPEED`] for the maximum).
    pub fn set_cd_speed(&mut self, read_kbps: u16, write_kbps: u16) -> Result<(), CommandError> {
        self.execute(
            &cdb::set_cd_speed(read_kbps, write_kbps),
            DataDirection::None,
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }

    /// SET STREAMING with one performance descriptor up to `end_lba` (DVD/BD).
    pub fn set_streaming(
        &mut self,
        end_lba: u32,
        read_kbps: u32,
        write_kbps: u32,
    ) -> Result<(), CommandError> {
        let d = cdb::streaming_descriptor(end_lba, read_kbps, write_kbps);
        self.execute(
            &cdb::set_streaming(),
            DataDirection::ToDevice(&d),
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }

    /// READ BUFFER CAPACITY (bytes).
    pub fn buffer_capacity(&mut self) -> Result<BufferCapacity, DriveError> {
        let buf = self.read_into(&cdb::read_buffer_capacity(false, 12), 12)?;
        Ok(BufferCapacity::parse(&buf)?)
    }

    /// GET EVENT STATUS NOTIFICATION for the media class (polled).
    pub fn media_event(&mut self) -> Result<Option<MediaEvent>, DriveError> {
        let buf = self.read_into(
            &cdb::get_event_status_notification(cdb::EVENT_CLASS_MEDIA, 8),
            8,
        )?;
        Ok(parse::parse_media_event(&buf)?)
    }

    /// RESERVE TRACK of `blocks` (a write-class command).
    pub fn reserve_track(&mut self, blocks: u32) -> Result<(), CommandError> {
        self.execute(
            &cdb_write::reserve_track(blocks),
            DataDirection::None,
            timeouts::IMMEDIATE,
        )
        .map(|_| ())
    }

    /// SEND CUE SHEET (a write-class command; page 05h must say session at once first).
    pub fn send_cue_sheet(&mut self, entries: &[CueEntry]) -> Result<(), CommandError> {
        let sheet = cdb_write::cue_sheet_bytes(entries);
        self.execute(
            &cdb_write::send_cue_sheet(sheet.len() as u32),
            DataDirection::ToDevice(&sheet),
            timeouts::DEFAULT,
        )
        .map(|_| ())
    }
}
