//! The ring buffer between an image stream and its destination: a producer thread fills chunks
//! from the image (reading the sources) while the caller's thread hands full chunks to the
//! destination (a file, or later a drive), so reading and writing overlap and the destination is
//! kept fed. Chunks are recycled, so memory stays at `chunk × (depth + 2)` whatever the image size.

use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Where a pump failed.
#[derive(Debug)]
pub enum PumpError<E> {
    /// Reading the image failed (a source changed, a cancel, ...).
    Read(io::Error),
    /// The destination refused a chunk.
    Write(E),
}

/// Fills `buf` as far as the image allows; returns how much (0 only at the end).
fn fill(image: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match image.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Streams `image` to `sink` in chunks of `chunk` bytes with up to `depth` chunks read ahead.
/// `sink` receives each full chunk (the last one may be shorter). Returns the bytes moved.
///
/// When the sink fails, the producer stops at its next chunk; when the image fails, the chunks
/// read before the failure are still handed to the sink first (they are valid data), then the
/// error is returned.
pub fn pump<E>(
    image: &mut (dyn Read + Send),
    chunk: usize,
    depth: usize,
    mut sink: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<u64, PumpError<E>> {
    pump_observed(image, chunk, depth, |buf, _| sink(buf))
}

/// [`pump`], also telling the sink how full the ring was when it took the chunk: the chunks
/// read and ready, this one included, as a fraction of `depth` (1/`depth` = the sink waited
/// for the sources, 1.0 = the sources are ahead by the whole ring). Burn engines report it as the host buffer fill.
pub fn pump_observed<E>(
    image: &mut (dyn Read + Send),
    chunk: usize,
    depth: usize,
    mut sink: impl FnMut(&[u8], f64) -> Result<(), E>,
) -> Result<u64, PumpError<E>> {
    let depth = depth.max(1);
    // Chunks sent and not yet taken; counted before the send so it never goes below zero.
    let waiting = AtomicUsize::new(0);
    let waiting = &waiting;
    let (full_tx, full_rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(depth);
    let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
    for _ in 0..depth + 1 {
        // The receiver lives until the end of this function; a send cannot fail here.
        let _ = free_tx.send(vec![0u8; chunk]);
    }
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while let Ok(mut buf) = free_rx.recv() {
                buf.resize(chunk, 0);
                match fill(image, &mut buf) {
                    Ok(0) => return,
                    Ok(n) => {
                        buf.truncate(n);
                        waiting.fetch_add(1, Ordering::Relaxed);
                        if full_tx.send(Ok(buf)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = full_tx.send(Err(e));
                        return;
                    }
                }
            }
        });
        // Owned here so that leaving early (a sink error) drops them: the producer's next send or
        // receive then fails and it stops, and the scope can end.
        let (full_rx, free_tx) = (full_rx, free_tx);
        let mut moved = 0u64;
        // Ends when the producer is done (its sender dropped) or failed.
        for item in full_rx.iter() {
            let buf = item.map_err(PumpError::Read)?;
            // Chunks ready when this one was taken, this one included: `depth` when the
            // producer is waiting for a free buffer, 1 when the sink waited for the sources.
            let ready = waiting.fetch_sub(1, Ordering::Relaxed);
            let fill = (ready as f64 / depth as f64).min(1.0);
            sink(&buf, fill).map_err(PumpError::Write)?;
            moved += buf.len() as u64;
            // The producer may have finished (and dropped its end): the chunk is then simply
            // not needed again, and what it sent last (an error, maybe) is still to be read.
            let _ = free_tx.send(buf);
        }
        Ok(moved)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pattern {
        left: u64,
        next: u8,
        fail_at: Option<u64>,
    }

    impl Read for Pattern {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.fail_at.is_some_and(|at| self.left <= at) {
                return Err(io::Error::other("boom"));
            }
            let n = buf.len().min(self.left as usize).min(1000);
            for b in &mut buf[..n] {
                *b = self.next;
                self.next = self.next.wrapping_add(1);
            }
            self.left -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn moves_every_byte_in_order() {
        let mut src = Pattern {
            left: 10_000_123,
            next: 0,
            fail_at: None,
        };
        let mut out = Vec::new();
        let moved = pump::<()>(&mut src, 65_536, 3, |b| {
            out.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
        assert_eq!(moved, 10_000_123);
        assert!(out.iter().enumerate().all(|(i, b)| *b == i as u8));
    }

    #[test]
    fn a_read_error_arrives_after_the_good_data() {
        let mut src = Pattern {
            left: 500_000,
            next: 0,
            fail_at: Some(100_000),
        };
        let mut got = 0u64;
        let err = pump::<()>(&mut src, 65_536, 2, |b| {
            got += b.len() as u64;
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(err, PumpError::Read(_)));
        assert_eq!(got, 393_216);
    }

    #[test]
    fn a_late_read_error_is_not_lost_when_the_producer_has_finished() {
        // The error comes after exactly two full chunks, so the producer ends before the
        // consumer has handed back its buffers.
        let mut src = Pattern {
            left: 3 * 4096,
            next: 0,
            fail_at: Some(4096),
        };
        let err = pump::<()>(&mut src, 4096, 8, |_| Ok(())).unwrap_err();
        assert!(matches!(err, PumpError::Read(_)));
    }

    #[test]
    fn a_sink_error_stops_the_producer() {
        let mut src = Pattern {
            left: u64::MAX,
            next: 0,
            fail_at: None,
        };
        let err = pump(&mut src, 4096, 2, |_| Err("full")).unwrap_err();
        assert!(matches!(err, PumpError::Write("full")));
    }
}
