//! The project file: TOML, so that people can read it, diff it and fix it by hand.
//!
//! ```toml
//! kiln_project = 1          # the format's version
//! format = "data"           # or "audio"
//!
//! [burn]
//! speed = 16.0              # × (absent: the fastest)
//! simulate = false
//! verify = true
//! eject = true
//! leave_open = false
//!
//! [data]
//! label = "HOLIDAY"
//! follow_symlinks = false
//! on_conflict = "error"     # or "replace"
//!
//! [[data.item]]
//! disc_path = "/Photos"     # renamed: the source is called "pics"
//! source = "/home/me/trip/pics"
//! relative = "pics"         # from the project's folder, when it shares one with the source
//! kind = "folder"
//!
//! [[data.item]]
//! disc_path = "/Empty"      # no source: a folder made on the disc
//!
//! [audio]
//! title = "Album"
//! performer = "Band"
//!
//! [[audio.track]]
//! source = "/home/me/music/01.flac"
//! relative = "../music/01.flac"
//! pregap = 150              # 1/75-second blocks
//! title = "First"
//! kind = "file"
//! size = 31337
//! modified = 1764979200     # seconds since 1970
//! ```
//!
//! **Versions.** [`VERSION`] changes when a field changes meaning or a new field must not be
//! ignored; a file of a newer version is refused with a clear error rather than half read.
//! Fields this version does not know are ignored, so an addition that older Kilns may safely
//! skip keeps the version.
//!
//! **Paths.** Each source is stored twice: absolute, and relative to the project's folder
//! (with `/` separators, for any system) when the two share a folder below the root. Opening
//! prefers the relative path when the source lay inside the project's folder (they travel
//! together: a folder copied to another disk or machine), else the absolute one, and falls back
//! to whichever exists.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{
    AudioProject, BurnSettings, Compilation, DataItem, DataProject, Project, ProjectError, Stamp,
    TrackItem,
};
use crate::audio::{DiscMetadata, TrackMetadata};
use crate::data::ConflictPolicy;
use crate::Graft;

/// The version of the format this Kiln writes, and the newest it reads.
pub const VERSION: i64 = 1;

/// The file name extension of projects (no other common program uses `.kiln`).
pub const EXTENSION: &str = "kiln";

/// The longest pregap a project may ask for: 10 minutes (the command line's `--pregap` limit),
/// so that a hand-edited number cannot overflow the disc's arithmetic.
const MAX_PREGAP_BLOCKS: u64 = 600 * 75;

/// The dates a reproducible project may fix: years 1 to 9999, which date arithmetic handles.
const EPOCH_RANGE: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

/// The first line of every project, for people who open it in an editor.
const HEADER: &str =
    "# A Kiln disc compilation: open it in Kiln, or burn it with `kiln burn --project FILE`.\n";

#[derive(Serialize, Deserialize)]
struct FileV1 {
    kiln_project: i64,
    format: FormatName,
    #[serde(default)]
    burn: BurnV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data: Option<DataV1>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audio: Option<AudioV1>,
}

#[derive(Serialize, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum FormatName {
    Data,
    Audio,
}

#[derive(Serialize, Deserialize)]
#[serde(default)]
struct BurnV1 {
    #[serde(skip_serializing_if = "Option::is_none")]
    speed: Option<f64>,
    simulate: bool,
    verify: bool,
    eject: bool,
    leave_open: bool,
}

impl Default for BurnV1 {
    fn default() -> Self {
        BurnV1::from(&BurnSettings::default())
    }
}

#[derive(Serialize, Deserialize)]
struct DataV1 {
    #[serde(default = "default_label")]
    label: String,
    #[serde(default)]
    follow_symlinks: bool,
    #[serde(default)]
    on_conflict: ConflictName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_date_epoch: Option<i64>,
    #[serde(default, rename = "item")]
    items: Vec<ItemV1>,
}

fn default_label() -> String {
    crate::data::DataOptions::default().label
}

#[derive(Serialize, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ConflictName {
    #[default]
    Error,
    Replace,
}

#[derive(Serialize, Deserialize)]
struct ItemV1 {
    disc_path: String,
    #[serde(flatten)]
    source: Option<SourceV1>,
}

/// Where a source is and what it was.
#[derive(Serialize, Deserialize)]
struct SourceV1 {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    relative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<KindName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<i64>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum KindName {
    File,
    Folder,
}

#[derive(Serialize, Deserialize, Default)]
struct AudioV1 {
    #[serde(flatten)]
    disc: DiscTextV1,
    #[serde(default, rename = "track")]
    tracks: Vec<TrackV1>,
}

#[derive(Serialize, Deserialize, Default)]
struct DiscTextV1 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    performer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    songwriter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    composer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    catalog: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct TrackV1 {
    #[serde(flatten)]
    source: SourceV1,
    pregap: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    performer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    songwriter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    composer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    isrc: Option<String>,
}

impl From<&BurnSettings> for BurnV1 {
    fn from(b: &BurnSettings) -> Self {
        BurnV1 {
            speed: b.speed,
            simulate: b.simulate,
            verify: b.verify,
            eject: b.eject,
            leave_open: b.leave_open,
        }
    }
}

/// The project's text as [`save`] writes it, with paths relative to `dir` (the folder the file
/// goes into) beside the absolute ones.
pub fn to_text(project: &Project, dir: &Path) -> Result<String, ProjectError> {
    let dir = absolute(dir);
    let mut file = FileV1 {
        kiln_project: VERSION,
        format: FormatName::Data,
        burn: BurnV1::from(&project.burn),
        data: None,
        audio: None,
    };
    match &project.compilation {
        Compilation::Data(d) => {
            let items = d
                .items
                .iter()
                .map(|item| {
                    Ok(ItemV1 {
                        disc_path: item.graft.disc_path.clone(),
                        source: match &item.graft.source {
                            Some(s) => Some(source_v1(s, item.saved, &dir)?),
                            None => None,
                        },
                    })
                })
                .collect::<Result<_, ProjectError>>()?;
            file.data = Some(DataV1 {
                label: d.label.clone(),
                follow_symlinks: d.follow_symlinks,
                on_conflict: match d.conflict {
                    ConflictPolicy::Replace => ConflictName::Replace,
                    _ => ConflictName::Error,
                },
                source_date_epoch: d.source_date_epoch,
                items,
            });
        }
        Compilation::Audio(a) => {
            file.format = FormatName::Audio;
            let tracks = a
                .tracks
                .iter()
                .map(|t| {
                    let m = t.metadata.clone();
                    Ok(TrackV1 {
                        source: source_v1(&t.source, t.saved, &dir)?,
                        pregap: t.pregap_blocks,
                        title: m.title,
                        performer: m.performer,
                        songwriter: m.songwriter,
                        composer: m.composer,
                        isrc: m.isrc,
                    })
                })
                .collect::<Result<_, ProjectError>>()?;
            let m = a.disc.clone();
            file.audio = Some(AudioV1 {
                disc: DiscTextV1 {
                    title: m.title,
                    performer: m.performer,
                    songwriter: m.songwriter,
                    composer: m.composer,
                    catalog: m.catalog,
                },
                tracks,
            });
        }
    }
    // Serializing these plain structs cannot fail; should it ever, say so rather than panic.
    let body = toml::to_string_pretty(&file).map_err(|e| ProjectError::Damaged {
        path: dir.clone(),
        reason: e.to_string(),
    })?;
    Ok(format!("{HEADER}{body}"))
}

/// Writes `project` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over `path`, so a crash or a full disk never leaves half a project (the old one,
/// if any, stays until the new one is complete).
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectError> {
    let write_error = |e: std::io::Error| ProjectError::Write {
        path: path.to_path_buf(),
        source: Arc::new(e),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let text = to_text(project, &dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".kiln-project")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(write_error)?;
    tmp.write_all(text.as_bytes()).map_err(write_error)?;
    tmp.as_file().sync_all().map_err(write_error)?;
    tmp.persist(path).map_err(|e| write_error(e.error))?;
    tracing::info!(path = %path.display(), "project saved");
    Ok(())
}

/// Reads the project at `path`; relative sources are resolved against its folder. Sources are
/// not checked here: [`Project::stage`] reports each one that is missing or changed.
pub fn open(path: &Path) -> Result<Project, ProjectError> {
    let bytes = std::fs::read(path).map_err(|e| ProjectError::Read {
        path: path.to_path_buf(),
        source: Arc::new(e),
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parse(&bytes, path, &dir)
}

/// Reads a project from `bytes` (the file at `path`, for messages), resolving relative sources
/// against `dir`. Never panics, whatever the bytes.
pub fn parse(bytes: &[u8], path: &Path, dir: &Path) -> Result<Project, ProjectError> {
    let not_project = || ProjectError::NotAProject {
        path: path.to_path_buf(),
    };
    let damaged = |reason: String| ProjectError::Damaged {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| not_project())?;
    // The version first, from a loose reading: a newer file is refused for its version, not
    // for fields this Kiln does not understand.
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        // Damaged only when it looks like ours; any other text is another kind of file.
        Err(e) if text.contains("kiln_project") => return Err(damaged(e.to_string())),
        Err(_) => return Err(not_project()),
    };
    let version = match table.get("kiln_project") {
        None => return Err(not_project()),
        Some(toml::Value::Integer(v)) => *v,
        Some(_) => return Err(damaged("kiln_project must be a whole number".into())),
    };
    if version > VERSION {
        return Err(ProjectError::NewerVersion {
            path: path.to_path_buf(),
            version,
            supported: VERSION,
        });
    }
    if version < 1 {
        return Err(damaged(format!("there is no project version {version}")));
    }
    let file: FileV1 = toml::from_str(text).map_err(|e| damaged(e.to_string()))?;
    let dir = absolute(dir);
    let compilation = match file.format {
        FormatName::Data => {
            let d = file.data.unwrap_or_else(|| DataV1 {
                label: default_label(),
                follow_symlinks: false,
                on_conflict: ConflictName::Error,
                source_date_epoch: None,
                items: Vec::new(),
            });
            let items = d
                .items
                .into_iter()
                .map(|i| {
                    if !i.disc_path.starts_with('/') {
                        return Err(damaged(format!(
                            "the disc path '{}' does not start with '/'",
                            i.disc_path
                        )));
                    }
                    let (source, saved) = match i.source {
                        Some(s) => {
                            let saved = s.stamp();
                            (Some(resolve(&dir, &s)), saved)
                        }
                        None => (None, None),
                    };
                    Ok(DataItem {
                        graft: Graft {
                            source,
                            disc_path: i.disc_path,
                        },
                        saved,
                    })
                })
                .collect::<Result<_, _>>()?;
            if let Some(e) = d.source_date_epoch.filter(|e| !EPOCH_RANGE.contains(e)) {
                return Err(damaged(format!(
                    "source_date_epoch {e} is not between the years 1 and 9999"
                )));
            }
            Compilation::Data(DataProject {
                label: d.label,
                follow_symlinks: d.follow_symlinks,
                conflict: match d.on_conflict {
                    ConflictName::Replace => ConflictPolicy::Replace,
                    ConflictName::Error => ConflictPolicy::Error,
                },
                source_date_epoch: d.source_date_epoch,
                items,
            })
        }
        FormatName::Audio => {
            let a = file.audio.unwrap_or_default();
            if let Some(t) = a.tracks.iter().find(|t| t.pregap > MAX_PREGAP_BLOCKS) {
                return Err(damaged(format!(
                    "the pregap of {} blocks is longer than 10 minutes",
                    t.pregap
                )));
            }
            let tracks = a
                .tracks
                .into_iter()
                .map(|t| TrackItem {
                    saved: t.source.stamp(),
                    source: resolve(&dir, &t.source),
                    metadata: TrackMetadata {
                        title: t.title,
                        performer: t.performer,
                        songwriter: t.songwriter,
                        composer: t.composer,
                        isrc: t.isrc,
                    },
                    pregap_blocks: t.pregap,
                })
                .collect();
            Compilation::Audio(AudioProject {
                tracks,
                disc: DiscMetadata {
                    title: a.disc.title,
                    performer: a.disc.performer,
                    songwriter: a.disc.songwriter,
                    composer: a.disc.composer,
                    catalog: a.disc.catalog,
                },
            })
        }
    };
    if let Some(s) = file.burn.speed.filter(|s| !s.is_finite() || *s <= 0.0) {
        return Err(damaged(format!("the speed {s} is not a positive number")));
    }
    Ok(Project {
        compilation,
        burn: BurnSettings {
            speed: file.burn.speed,
            simulate: file.burn.simulate,
            verify: file.burn.verify,
            eject: file.burn.eject,
            leave_open: file.burn.leave_open,
        },
    })
}

impl SourceV1 {
    fn stamp(&self) -> Option<Stamp> {
        match (self.kind?, self.size, self.modified) {
            (KindName::Folder, _, _) => Some(Stamp::Folder),
            (KindName::File, Some(size), Some(modified)) => Some(Stamp::File { size, modified }),
            _ => None,
        }
    }
}

fn source_v1(source: &Path, saved: Option<Stamp>, dir: &Path) -> Result<SourceV1, ProjectError> {
    let abs = absolute(source);
    let text = abs.to_str().ok_or_else(|| ProjectError::NotUnicode {
        path: source.to_path_buf(),
    })?;
    let (kind, size, modified) = match saved {
        Some(Stamp::File { size, modified }) => (Some(KindName::File), Some(size), Some(modified)),
        Some(Stamp::Folder) => (Some(KindName::Folder), None, None),
        None => (None, None, None),
    };
    Ok(SourceV1 {
        source: text.to_string(),
        relative: relative(dir, &abs),
        kind,
        size,
        modified,
    })
}

/// `path` made absolute against the current folder (without resolving links: the user's
/// path is kept as given).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `target` relative to `base` (both absolute), `/`-separated, when they share a folder below
/// the root: a path that climbs to the root is no more portable than the absolute one.
fn relative(base: &Path, target: &Path) -> Option<String> {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let root = t
        .iter()
        .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        .count();
    if common <= root {
        return None;
    }
    let mut parts: Vec<&str> = vec![".."; b.len() - common];
    for c in &t[common..] {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => parts.push(".."),
            _ => return None,
        }
    }
    Some(if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    })
}

/// Where a stored source is now (see the module docs for the order).
fn resolve(dir: &Path, s: &SourceV1) -> PathBuf {
    let abs = PathBuf::from(&s.source);
    let Some(rel) = &s.relative else {
        return abs;
    };
    let near = dir.join(rel);
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    let inside = !rel.split('/').any(|c| c == "..");
    match (exists(&abs), exists(&near)) {
        (true, true) if inside => near,
        (true, _) => abs,
        (false, true) => near,
        // Neither: the absolute path names the file as the user knew it.
        (false, false) => abs,
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
