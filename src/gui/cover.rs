//! Cover art thumbnails for the audio rows: the picture the core finds in a file's tags,
//! decoded (JPEG or PNG, with the `image` crate) and scaled to [`SIZE`] pixels on the worker
//! thread that takes the snapshot, never on the UI thread. Each file is read once: thumbnails
//! are kept by path for the session (a file without a picture is remembered too).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use iced::widget::image::Handle;
use kiln_core::audio::Decoder;

/// Width and height of a thumbnail in pixels (the row is 30 high).
pub const SIZE: u32 = 24;

/// Thumbnails kept; past this the cache starts again (a disc holds 99 tracks).
const KEPT: usize = 1024;

type Cache = Mutex<HashMap<PathBuf, Option<Handle>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The thumbnail of `path`'s cover art, if it has one that decodes. Blocks on the file: call it
/// off the UI thread.
pub fn thumbnail(path: &Path) -> Option<Handle> {
    if let Some(known) = cache().lock().unwrap_or_else(|p| p.into_inner()).get(path) {
        return known.clone();
    }
    let thumb = make(path);
    let mut c = cache().lock().unwrap_or_else(|p| p.into_inner());
    if c.len() >= KEPT {
        c.clear();
    }
    c.insert(path.to_path_buf(), thumb.clone());
    thumb
}

fn make(path: &Path) -> Option<Handle> {
    let picture = Decoder::open(path).ok()?.cover()?;
    let decoded = match image::load_from_memory(&picture.data) {
        Ok(d) => d,
        Err(e) => {
            // A broken picture is the file's problem, not the burn's: no thumbnail.
            tracing::info!(path = %path.display(), %e, "cover art does not decode");
            return None;
        }
    };
    let small = decoded
        .resize_to_fill(SIZE, SIZE, image::imageops::FilterType::Triangle)
        .to_rgba8();
    let (w, h) = small.dimensions();
    Some(Handle::from_rgba(w, h, small.into_raw()))
}
