//! The emulated drive must answer anything without panicking: random CDBs (known opcodes with
//! random fields, and random opcodes), random data phases, on every medium.

use std::time::Duration;

use kiln_core::transport::emulated::{EmulatedDrive, MediumKind};
use kiln_core::transport::{DataDirection, ScsiTransport};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const OPCODES: [u8; 30] = [
    0x00, 0x03, 0x04, 0x12, 0x1B, 0x1E, 0x23, 0x25, 0x28, 0x2A, 0x35, 0x43, 0x46, 0x4A, 0x51, 0x52,
    0x53, 0x54, 0x55, 0x5A, 0x5B, 0x5C, 0x5D, 0xA1, 0xA8, 0xAA, 0xAC, 0xB6, 0xBB, 0xBE,
];

#[test]
fn random_commands_never_panic() {
    let kinds = [
        MediumKind::CdR,
        MediumKind::CdRw,
        MediumKind::DvdR,
        MediumKind::DvdPlusR,
        MediumKind::DvdPlusRw,
        MediumKind::BdR,
        MediumKind::BdRe,
    ];
    for seed in [
        0x9E37_79B9_7F4A_7C15u64,
        0x0123_4567_89AB_CDEF,
        42,
        7_777_777,
    ] {
        fuzz(&kinds, seed);
    }
}

fn fuzz(kinds: &[MediumKind], seed: u64) {
    let mut rng = Rng(seed);
    for (round, kind) in kinds.iter().cycle().take(35).enumerate() {
        let cap = [0u32, 1, 16, 64, 1000][round % 5];
        let mut d = EmulatedDrive::new(*kind)
            .with_capacity(cap)
            .with_immediate_polls((round % 3) as u32);
        for _ in 0..400 {
            let op = if rng.below(10) == 0 {
                rng.byte()
            } else {
                OPCODES[rng.below(30) as usize]
            };
            let len = [6usize, 10, 12, 16][rng.below(4) as usize];
            let mut cdb: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
            cdb[0] = op;
            // Keep transfer lengths small most of the time so data phases can match.
            if rng.below(2) == 0 {
                for b in cdb.iter_mut().skip(2) {
                    *b &= 0x03;
                }
            }
            let size = [0usize, 1, 8, 12, 60, 2048, 2352, 4096, 8192][rng.below(9) as usize];
            let mut buf: Vec<u8> = (0..size).map(|_| rng.byte()).collect();
            let dir = match rng.below(3) {
                0 => DataDirection::None,
                1 => DataDirection::FromDevice(&mut buf),
                _ => DataDirection::ToDevice(&buf[..]),
            };
            let _ = d.execute(&cdb, dir, Duration::from_secs(1));
        }
    }
}
