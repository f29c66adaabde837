//! Renaming and removing any entry of a data disc, and new folders anywhere in it, as graft
//! lists the core stages again all-or-nothing ([`kiln_core::DiscMaster::restage_data`]).
//!
//! The core's staging is added to, never edited, so an edit is a new graft list. An entry that
//! a graft put there whole (a folder added from the file manager) has no graft of its own:
//! its enclosing graft is split first into an empty folder plus one graft per entry, down to
//! the entry's parent, and the edit then changes or drops the entry's own graft. The split
//! folders are made by Kiln, so they get the staging's date instead of their source's. Runs on
//! the worker thread: it reads the staged tree and asks the file system which entries came
//! from a graft's source.

use kiln_core::data::{NodeId, Tree, ROOT};
use kiln_core::Graft;

/// An edit of the staged data disc, by disc path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Give the entry at `path` the name `to` (same folder).
    Rename {
        /// The entry's disc path.
        path: String,
        /// Its new name.
        to: String,
    },
    /// Remove the entry at this path and everything under it.
    Remove(String),
}

/// The folder of `path`: `/a` for `/a/b`, `/` for `/b`.
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// `name` inside the folder `dir` (`/` for the root).
pub fn join(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}

/// Whether `path` is `top` or lies under it.
pub fn at_or_under(path: &str, top: &str) -> bool {
    path == top || strictly_under(path, top)
}

fn strictly_under(path: &str, top: &str) -> bool {
    path.strip_prefix(top.trim_end_matches('/'))
        .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
}

/// The node at `path` in the staged tree.
pub fn find(tree: &Tree, path: &str) -> Option<NodeId> {
    path.split('/')
        .filter(|p| !p.is_empty())
        .try_fold(ROOT, |dir, name| tree.child(dir, name))
}

/// `grafts` with `edit` applied, given the tree they staged.
pub fn apply(tree: &Tree, grafts: &[Graft], edit: &Edit) -> Vec<Graft> {
    let target = match edit {
        Edit::Rename { path, .. } | Edit::Remove(path) => path.as_str(),
    };
    let mut out = split_down_to(tree, grafts.to_vec(), target);
    match edit {
        Edit::Rename { path, to } => {
            let new = join(parent(path), to);
            for g in &mut out {
                if at_or_under(&g.disc_path, path) {
                    g.disc_path = format!("{new}{}", &g.disc_path[path.len()..]);
                }
            }
        }
        Edit::Remove(path) => out.retain(|g| !at_or_under(&g.disc_path, path)),
    }
    out
}

/// Splits every graft of a folder that holds `target` strictly inside it, level by level,
/// until `target` is its own graft (or lies under no graft: a folder made for the grafts
/// below it).
fn split_down_to(tree: &Tree, mut grafts: Vec<Graft>, target: &str) -> Vec<Graft> {
    // Each split goes one level down, so this ends within the target's depth.
    while let Some(i) = grafts
        .iter()
        .position(|g| g.source.is_some() && strictly_under(target, &g.disc_path))
    {
        let g = grafts[i].clone();
        let Some(source) = g.source.clone() else {
            break;
        };
        let Some(dir) = find(tree, &g.disc_path).and_then(|n| tree.dir(n)) else {
            tracing::warn!(path = %g.disc_path, "a graft is not a staged folder");
            break;
        };
        let mut parts = vec![Graft {
            source: None,
            disc_path: g.disc_path.clone(),
        }];
        for name in dir.children.keys() {
            let disc_path = join(&g.disc_path, name);
            // A later graft put it there (its own, or as the parent of its own): not ours.
            if grafts.iter().any(|o| o.disc_path == disc_path) {
                continue;
            }
            let child = source.join(name);
            if child.symlink_metadata().is_err() {
                continue;
            }
            parts.push(Graft {
                source: Some(child),
                disc_path,
            });
        }
        grafts.splice(i..=i, parts);
    }
    grafts
}

/// The first of `base`, `base 2`, `base 3`, … that the folder `dir` does not hold, as file
/// managers name new folders.
pub fn free_name(tree: &Tree, dir: &str, base: &str) -> String {
    let taken = |n: &str| {
        find(tree, dir)
            .and_then(|d| tree.dir(d))
            .is_some_and(|d| d.children.contains_key(n))
    };
    (1..)
        .map(|i| match i {
            1 => base.to_string(),
            i => format!("{base} {i}"),
        })
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use kiln_core::data::{DataOptions, DataStaging};
    use kiln_core::progress::Silent;

    use super::*;

    fn graft(src: Option<PathBuf>, path: &str) -> Graft {
        Graft {
            source: src,
            disc_path: path.into(),
        }
    }

    #[test]
    fn an_entry_inside_an_added_folder_is_split_out_then_renamed_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let pics = dir.path().join("pics");
        std::fs::create_dir_all(pics.join("deep")).unwrap();
        std::fs::write(pics.join("a.jpg"), b"a").unwrap();
        std::fs::write(pics.join("deep/b.jpg"), b"b").unwrap();
        let doc = dir.path().join("doc.txt");
        std::fs::write(&doc, b"d").unwrap();
        let grafts = vec![
            graft(Some(pics.clone()), "/pics"),
            graft(Some(doc.clone()), "/pics/deep/doc.txt"),
        ];
        let mut s = DataStaging::new(DataOptions::default());
        for g in &grafts {
            let src = g.source.as_ref().unwrap();
            s.add_as(src, &g.disc_path, &mut Silent).unwrap();
        }
        let rename = Edit::Rename {
            path: "/pics/deep/b.jpg".into(),
            to: "c.jpg".into(),
        };
        let renamed = apply(s.tree(), &grafts, &rename);
        assert_eq!(
            renamed,
            vec![
                graft(None, "/pics"),
                graft(Some(pics.join("a.jpg")), "/pics/a.jpg"),
                graft(None, "/pics/deep"),
                graft(Some(pics.join("deep/b.jpg")), "/pics/deep/c.jpg"),
                graft(Some(doc.clone()), "/pics/deep/doc.txt"),
            ]
        );
        let removed = apply(s.tree(), &grafts, &Edit::Remove("/pics/deep".into()));
        assert_eq!(
            removed,
            vec![
                graft(None, "/pics"),
                graft(Some(pics.join("a.jpg")), "/pics/a.jpg"),
            ]
        );
        let top = Edit::Rename {
            path: "/pics".into(),
            to: "Photos".into(),
        };
        assert_eq!(
            apply(s.tree(), &grafts, &top),
            vec![
                graft(Some(pics), "/Photos"),
                graft(Some(doc), "/Photos/deep/doc.txt"),
            ]
        );
        assert_eq!(free_name(s.tree(), "/pics", "deep"), "deep 2");
        assert_eq!(free_name(s.tree(), "/", "New"), "New");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(join("/", "x"), "/x");
    }
}
