//! Sense data: fixed and descriptor formats, decoding into conditions, classification, messages,
//! and the transport helper that turns CHECK CONDITION into a decoded error.

use std::time::Duration;

use kiln_core::mmc::sense::*;
use kiln_core::transport::{
    execute_checked, CommandError, CommandOutcome, DataDirection, ScsiStatus, ScsiTransport,
    TransportError,
};

fn fixed(key: u8, asc: u8, ascq: u8) -> Vec<u8> {
    let mut b = vec![0u8; 18];
    b[0] = 0x70;
    b[2] = key;
    b[7] = 10;
    b[12] = asc;
    b[13] = ascq;
    b
}

#[test]
fn fixed_format() {
    let mut b = fixed(0x05, 0x21, 0x02);
    b[0] = 0xF0; // VALID
    b[3..7].copy_from_slice(&1234u32.to_be_bytes());
    let s = Sense::parse(&b).unwrap();
    assert_eq!(
        (s.format, s.deferred, s.key, s.asc, s.ascq),
        (
            SenseFormat::Fixed,
            false,
            SenseKey::IllegalRequest,
            0x21,
            0x02
        )
    );
    assert_eq!(s.information, Some(1234));
    assert_eq!(s.condition(), SenseCondition::InvalidAddressForWrite);
    // Deferred (71h) and progress (SKSV) on NOT READY.
    let mut b = fixed(0x02, 0x04, 0x07);
    b[0] = 0x71;
    b[15] = 0x80;
    b[16..18].copy_from_slice(&0x8000u16.to_be_bytes());
    let s = Sense::parse(&b).unwrap();
    assert!(s.deferred);
    assert_eq!(s.progress, Some(0x8000));
    assert_eq!(s.progress_fraction(), Some(0.5));
    // Round trip through the encoder the emulator uses.
    assert_eq!(Sense::parse(&s.to_fixed_bytes()).unwrap(), s);
}

#[test]
fn descriptor_format() {
    // 72h, key 3, 0C/09, information descriptor (LBA 0x10) and sense-key specific descriptor.
    let b = [
        0x72, 0x03, 0x0C, 0x09, 0, 0, 0, 20, //
        0x00, 0x0A, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, //
        0x02, 0x06, 0, 0, 0x80, 0x12, 0x34, 0,
    ];
    let s = Sense::parse(&b).unwrap();
    assert_eq!(
        (s.format, s.key, s.asc, s.ascq),
        (SenseFormat::Descriptor, SenseKey::MediumError, 0x0C, 0x09)
    );
    assert_eq!(s.information, Some(0x10));
    assert_eq!(s.progress, None, "progress only for NOT READY / NO SENSE");
    assert_eq!(s.condition(), SenseCondition::LossOfStreaming);
    let mut nr = b;
    nr[1] = 0x02;
    nr[2] = 0x04;
    nr[3] = 0x04;
    assert_eq!(Sense::parse(&nr).unwrap().progress, Some(0x1234));
    let mut d = b;
    d[0] = 0x73;
    assert!(Sense::parse(&d).unwrap().deferred);
}

#[test]
fn not_sense_data() {
    assert_eq!(Sense::parse(&[]), None);
    assert_eq!(Sense::parse(&[0x00, 0, 5]), None);
    assert_eq!(Sense::parse(&[0x70]), None);
    // Short fixed sense: key present, ASC/ASCQ missing.
    let s = Sense::parse(&[0x70, 0, 0x06]).unwrap();
    assert_eq!((s.key, s.asc, s.ascq), (SenseKey::UnitAttention, 0, 0));
    // Descriptor lengths pointing far past the end.
    assert!(Sense::parse(&[0x72, 5, 0x24, 0, 0, 0, 0, 0xFF, 0x00, 0xFF, 0x80]).is_some());
}

#[test]
fn conditions_and_classes() {
    use SenseClass::*;
    use SenseCondition as C;
    let table: &[(u8, u8, u8, SenseCondition, SenseClass)] = &[
        (2, 0x3A, 0x00, C::NoMedium { tray_open: None }, Medium),
        (
            2,
            0x3A,
            0x01,
            C::NoMedium {
                tray_open: Some(false),
            },
            Medium,
        ),
        (
            2,
            0x3A,
            0x02,
            C::NoMedium {
                tray_open: Some(true),
            },
            Medium,
        ),
        (2, 0x04, 0x00, C::NotReady, Retry),
        (2, 0x04, 0x01, C::BecomingReady, Retry),
        (2, 0x04, 0x04, C::FormatInProgress, Retry),
        (2, 0x04, 0x07, C::OperationInProgress, Retry),
        (2, 0x04, 0x08, C::LongWriteInProgress, Retry),
        (5, 0x30, 0x00, C::IncompatibleMedium { ascq: 0 }, Medium),
        (5, 0x30, 0x05, C::IncompatibleMedium { ascq: 5 }, Medium),
        (3, 0x0C, 0x00, C::WriteError, Medium),
        (3, 0x0C, 0x09, C::LossOfStreaming, Medium),
        (3, 0x73, 0x03, C::PowerCalibrationAreaError, Medium),
        (5, 0x73, 0x02, C::PowerCalibrationAreaFull, Medium),
        (1, 0x73, 0x01, C::PowerCalibrationAreaAlmostFull, Recovered),
        (5, 0x20, 0x00, C::InvalidCommand, Fatal),
        (5, 0x24, 0x00, C::InvalidFieldInCdb, Fatal),
        (5, 0x26, 0x00, C::InvalidFieldInParameterList, Fatal),
        (5, 0x1A, 0x00, C::ParameterListLength, Fatal),
        (5, 0x21, 0x00, C::LbaOutOfRange, Fatal),
        (5, 0x21, 0x02, C::InvalidAddressForWrite, Fatal),
        (5, 0x2C, 0x00, C::CommandSequenceError, Fatal),
        (5, 0x53, 0x02, C::MediumRemovalPrevented, Fatal),
        (5, 0x63, 0x00, C::EndOfUserArea, Medium),
        (5, 0x64, 0x00, C::IllegalModeForTrack, Medium),
        (3, 0x31, 0x00, C::FormatFailed, Medium),
        (3, 0x31, 0x01, C::FormatFailed, Medium),
        (5, 0x72, 0x03, C::SessionFixationError { ascq: 3 }, Fatal),
        (6, 0x28, 0x00, C::MediumChanged, Retry),
        (6, 0x29, 0x00, C::Reset, Retry),
        (6, 0x29, 0x02, C::Reset, Retry),
        (7, 0x27, 0x00, C::WriteProtected, Medium),
        (3, 0x11, 0x05, C::UnrecoveredReadError, Medium),
        (4, 0x08, 0x03, C::HardwareError { asc: 8, ascq: 3 }, Fatal),
        (0, 0x00, 0x00, C::NoSense, Recovered),
        (
            1,
            0x17,
            0x01,
            C::Recovered { asc: 0x17, ascq: 1 },
            Recovered,
        ),
    ];
    for &(key, asc, ascq, cond, class) in table {
        let s = Sense::parse(&fixed(key, asc, ascq)).unwrap();
        assert_eq!(s.condition(), cond, "{key:X}/{asc:02X}/{ascq:02X}");
        assert_eq!(cond.class(), class, "{key:X}/{asc:02X}/{ascq:02X}");
        assert!(!cond.message().is_empty());
    }
    assert!(C::BecomingReady.is_retryable() && !C::WriteError.is_retryable());
    let other = C::decode(SenseKey::IllegalRequest, 0x55, 0x01);
    assert_eq!(
        other,
        C::Other {
            key: SenseKey::IllegalRequest,
            asc: 0x55,
            ascq: 1
        }
    );
    assert_eq!(other.class(), Fatal);
    assert!(C::NoMedium {
        tray_open: Some(true)
    }
    .message()
    .contains("insert a disc"));
    let shown = Sense::new(SenseKey::MediumError, 0x0C, 0x09).to_string();
    assert!(
        shown.contains("buffer underrun") && shown.contains("3/0C/09"),
        "{shown}"
    );
    for k in 0..16u8 {
        assert_eq!(SenseKey::from_code(k).code(), k);
    }
}

/// A transport that answers every command with one fixed outcome.
struct Canned(Result<CommandOutcome, TransportError>);

impl ScsiTransport for Canned {
    fn execute(
        &mut self,
        _: &[u8],
        _: DataDirection<'_>,
        _: Duration,
    ) -> Result<CommandOutcome, TransportError> {
        self.0.clone()
    }
}

#[test]
fn execute_checked_decodes_check_condition() {
    let t = Duration::from_secs(1);
    let mut buf = [0u8; 36];
    let n = execute_checked(
        &mut Canned(Ok(CommandOutcome::good(4))),
        &[0x12, 0, 0, 0, 36, 0],
        DataDirection::FromDevice(&mut buf),
        t,
    );
    assert_eq!(n, Ok(32));
    let err = execute_checked(
        &mut Canned(Ok(CommandOutcome::check_condition(fixed(2, 0x3A, 1), 0))),
        &[0x00; 6],
        DataDirection::None,
        t,
    )
    .unwrap_err();
    assert!(err.is_sense(2, 0x3A, 1));
    assert!(matches!(err, CommandError::Check { opcode: 0, .. }));
    // RECOVERED ERROR is success.
    let ok = execute_checked(
        &mut Canned(Ok(CommandOutcome::check_condition(fixed(1, 0x73, 1), 0))),
        &[0x2A; 10],
        DataDirection::ToDevice(&[0; 2048]),
        t,
    );
    assert_eq!(ok, Ok(2048));
    // BUSY, and CHECK CONDITION without sense.
    let busy = CommandOutcome {
        status: ScsiStatus::BUSY,
        sense: vec![],
        residual: 0,
    };
    assert_eq!(
        execute_checked(&mut Canned(Ok(busy)), &[0x00; 6], DataDirection::None, t),
        Err(CommandError::Status {
            opcode: 0,
            status: 8
        })
    );
    assert!(matches!(
        execute_checked(
            &mut Canned(Ok(CommandOutcome::check_condition(vec![], 0))),
            &[0x25; 10],
            DataDirection::None,
            t
        ),
        Err(CommandError::Status {
            opcode: 0x25,
            status: 2
        })
    ));
    let timeout = execute_checked(
        &mut Canned(Err(TransportError::Timeout(t))),
        &[0x00; 6],
        DataDirection::None,
        t,
    );
    assert!(matches!(
        timeout,
        Err(CommandError::Transport(TransportError::Timeout(_)))
    ));
}
