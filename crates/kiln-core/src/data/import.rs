//! Staging the tree of a disc's last session, for appending a session that keeps it (what
//! `mkisofs -M` / xorriso do): folders are recreated, files and links keep their recorded
//! extents and attributes.

use std::collections::HashMap;

use super::scan::{check_name, Scanner};
use super::staging::AddSummary;
use super::tree::{Meta, NodeId, ROOT};
use crate::inspect::{ListedKind, ListedMeta, SessionListing};
use crate::Result;

/// The staged attributes of an imported entry.
pub(crate) fn meta(m: ListedMeta) -> Meta {
    Meta {
        perm: m.perm,
        uid: m.uid,
        gid: m.gid,
        mtime: m.times[0],
        atime: m.times[1],
        ctime: m.times[2],
    }
}

/// Adds every entry of `listing` to the staging of `scan`, under what is staged already (which
/// wins). Entries whose name no disc file system can hold are skipped with a log line: the
/// earlier session keeps them, the new one cannot show them.
pub(crate) fn stage(scan: &mut Scanner<'_>, listing: &SessionListing) -> Result<AddSummary> {
    let mut nodes: Vec<Option<NodeId>> = Vec::with_capacity(listing.entries.len());
    let mut shared = HashMap::new();
    for e in &listing.entries {
        let parent = match e.parent {
            None => Some(ROOT),
            Some(i) => nodes.get(i).copied().flatten(),
        };
        let Some(parent) = parent else {
            nodes.push(None);
            continue;
        };
        if let Err(err) = check_name(&e.name) {
            tracing::warn!(name = %e.name, error = %err, "an entry of the last session is left out");
            nodes.push(None);
            continue;
        }
        if let Some(existing) = scan.child(parent, &e.name) {
            // Staged content wins over the old session's; folders merge.
            let merge = matches!(e.kind, ListedKind::Dir) && scan.is_dir(existing);
            nodes.push(merge.then_some(existing));
            continue;
        }
        let m = meta(e.meta);
        let id = match &e.kind {
            ListedKind::Dir => Some(scan.imported_dir(parent, e.name.clone(), m)),
            ListedKind::File { extent, size } => {
                scan.imported_leaf(
                    parent,
                    e.name.clone(),
                    m,
                    Some((*extent, *size)),
                    None,
                    &mut shared,
                );
                None
            }
            ListedKind::Symlink { target } => {
                scan.imported_leaf(
                    parent,
                    e.name.clone(),
                    m,
                    None,
                    Some(target.clone()),
                    &mut shared,
                );
                None
            }
        };
        nodes.push(id);
    }
    Ok(scan.summary())
}
