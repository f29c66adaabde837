//! The data disc's tree as the user edits it: the list of what was added and where on the disc
//! (the grafts), which folders are open, the selected row (additions and new folders go into
//! it, or into the folder of a selected file), and renaming or removing any entry. The core's
//! staging cannot be edited backwards, so a rename or a removal becomes a job that stages the
//! changed graft list again ([`super::session::edit`]), all or nothing.

use std::collections::BTreeSet;

use kiln_core::{Graft, Localized};

use super::session::edit::{self, Edit};
use super::session::DataRow;

/// The data entries' state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries {
    /// What is staged, in the order it was added.
    pub grafts: Vec<Graft>,
    /// The entry being renamed: its disc path and the name typed so far.
    pub renaming: Option<(String, String)>,
    /// The selected row's disc path.
    pub selected: Option<String>,
    /// The open folders' disc paths.
    pub open: BTreeSet<String>,
}

/// What the user did to the entries.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Select the row of this disc path (again: unselect it).
    Select(String),
    /// Open or close this folder.
    Toggle(String),
    /// Start (or, on the same entry, stop) renaming the entry at this disc path.
    Rename(String),
    /// Rename the selected entry (F2).
    RenameSelected,
    /// The new name was edited.
    EditName(String),
    /// Enter: rename.
    CommitRename,
    /// Remove the entry at this disc path and everything under it.
    Remove(String),
    /// Remove the selected entry (Delete).
    RemoveSelected,
    /// Make a new, empty folder in the selected folder, named this (in the user's language)
    /// or, when taken, this and a number.
    NewFolder(String),
}

/// What the compilation must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Nothing.
    None,
    /// Stage the grafts again with this edit.
    Edit(Vec<Graft>, Edit),
    /// Make an empty folder in `parent` (a disc path) named `name` or a free variant.
    NewFolder {
        /// The folder it goes into.
        parent: String,
        /// The name wanted.
        name: String,
    },
    /// List the rows again (a folder was opened or closed).
    Relist,
    /// The user asked for something that cannot be: say why.
    Refuse(Localized),
}

impl Entries {
    /// The folder additions go into: the selected folder, or the folder of the selected file
    /// (`None`: the root).
    pub fn target_folder(&self, rows: &[DataRow]) -> Option<String> {
        let selected = self.selected.as_deref()?;
        let row = rows.iter().find(|r| r.path == selected)?;
        let folder = if row.is_dir {
            selected
        } else {
            edit::parent(selected)
        };
        (folder != "/").then(|| folder.to_string())
    }

    /// Handles a message. `rows`: the tree's rows now; `idle`: no job runs.
    pub fn update(&mut self, message: Message, rows: &[DataRow], idle: bool) -> Action {
        match message {
            Message::Select(path) => {
                self.selected = match &self.selected {
                    Some(p) if *p == path => None,
                    _ => Some(path),
                };
                Action::None
            }
            Message::Toggle(path) => {
                if self.open.contains(&path) {
                    // Closing forgets the folders open inside it, as file managers do.
                    self.open.retain(|p| !edit::at_or_under(p, &path));
                } else {
                    self.open.insert(path);
                }
                Action::Relist
            }
            Message::Rename(path) => {
                self.renaming = match &self.renaming {
                    Some((p, _)) if *p == path => None,
                    _ => rows
                        .iter()
                        .find(|r| r.path == path)
                        .map(|r| (path, r.name.clone())),
                };
                Action::None
            }
            Message::RenameSelected => match self.selected.clone() {
                Some(p) if self.renaming.is_none() => self.update(Message::Rename(p), rows, idle),
                _ => Action::None,
            },
            Message::EditName(s) => {
                if let Some((_, to)) = &mut self.renaming {
                    *to = s;
                }
                Action::None
            }
            Message::CommitRename if idle => match self.renaming.take() {
                Some((path, to)) => self.rename(path, to.trim(), rows),
                None => Action::None,
            },
            Message::CommitRename => Action::None,
            Message::Remove(path) if idle => {
                if self
                    .selected
                    .as_deref()
                    .is_some_and(|s| edit::at_or_under(s, &path))
                {
                    self.selected = None;
                }
                self.open.retain(|p| !edit::at_or_under(p, &path));
                Action::Edit(self.grafts.clone(), Edit::Remove(path))
            }
            Message::RemoveSelected => match self.selected.clone() {
                Some(p) if self.renaming.is_none() => self.update(Message::Remove(p), rows, idle),
                _ => Action::None,
            },
            Message::Remove(_) => Action::None,
            Message::NewFolder(name) if idle => {
                let parent = self.target_folder(rows).unwrap_or_else(|| "/".into());
                // Open the folder, so the new one shows.
                if parent != "/" {
                    self.open.insert(parent.clone());
                }
                Action::NewFolder { parent, name }
            }
            Message::NewFolder(_) => Action::None,
        }
    }

    fn rename(&mut self, path: String, to: &str, rows: &[DataRow]) -> Action {
        let folder = edit::parent(&path);
        if edit::join(folder, to) == path {
            return Action::None;
        }
        // A slash would move the entry into a folder; the core checks the rest (length,
        // characters no name space can hold).
        if to.is_empty() || to.contains('/') || to == "." || to == ".." {
            return Action::Refuse(Localized::new("gui-error-name").arg("name", to.to_string()));
        }
        // The folder's entries are all rows: it is open (or the root), as the entry shows.
        let taken = rows
            .iter()
            .any(|r| r.name == to && edit::parent(&r.path) == folder);
        if taken && folder == "/" {
            return Action::Refuse(
                Localized::new("gui-error-name-taken").arg("name", to.to_string()),
            );
        }
        if taken {
            return Action::Refuse(
                Localized::new("gui-error-name-taken-in")
                    .arg("name", to.to_string())
                    .arg("folder", folder.to_string()),
            );
        }
        // What was open or selected under the old name stays so under the new one.
        let new = edit::join(folder, to);
        let moved = |p: &String| match p.strip_prefix(path.as_str()) {
            Some(rest) if edit::at_or_under(p, &path) => format!("{new}{rest}"),
            _ => p.clone(),
        };
        self.open = self.open.iter().map(moved).collect();
        self.selected = self.selected.as_ref().map(moved);
        Action::Edit(
            self.grafts.clone(),
            Edit::Rename {
                path,
                to: to.to_string(),
            },
        )
    }

    /// Takes what a job did: grafts it added, or the list it staged in place of the old one;
    /// forgets everything when the staging was emptied. Open folders, the selection and a
    /// rename in progress are forgotten when their rows are gone.
    pub fn sync(&mut self, added: &[Graft], restaged: Option<&[Graft]>, rows: &[DataRow]) {
        if rows.is_empty() {
            self.grafts.clear();
        } else if let Some(r) = restaged {
            self.grafts = r.to_vec();
        } else {
            self.grafts.extend_from_slice(added);
        }
        // Every open folder is a row: its parent is open too, or it is in the root.
        let dirs: BTreeSet<&str> = rows
            .iter()
            .filter(|r| r.is_dir)
            .map(|r| r.path.as_str())
            .collect();
        self.open.retain(|p| dirs.contains(p.as_str()));
        let listed = |p: &str| rows.iter().any(|r| r.path == p);
        if self.selected.as_deref().is_some_and(|p| !listed(p)) {
            self.selected = None;
        }
        if self.renaming.as_ref().is_some_and(|(p, _)| !listed(p)) {
            self.renaming = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn graft(src: &str, path: &str) -> Graft {
        Graft {
            source: (!src.is_empty()).then(|| PathBuf::from(src)),
            disc_path: path.into(),
        }
    }

    fn row(path: &str, is_dir: bool) -> DataRow {
        DataRow {
            name: path.rsplit('/').next().unwrap_or_default().into(),
            path: path.into(),
            depth: path.matches('/').count() as u16 - 1,
            is_dir,
            children: 0,
            open: false,
            bytes: 0,
            files: 0,
            blocks: 0,
            notes: Vec::new(),
            note_count: 0,
        }
    }

    #[test]
    fn renames_check_the_siblings_and_carry_what_was_open() {
        let grafts = vec![graft("/s/pics", "/pics"), graft("/s/x", "/pics2")];
        let mut e = Entries {
            grafts: grafts.clone(),
            ..Entries::default()
        };
        let rows = [
            row("/pics", true),
            row("/pics/sub", true),
            row("/pics/sub/a", false),
            row("/pics/b", false),
            row("/pics2", false),
        ];
        e.update(Message::Toggle("/pics".into()), &rows, true);
        e.update(Message::Toggle("/pics/sub".into()), &rows, true);
        e.update(Message::Select("/pics/sub/a".into()), &rows, true);
        assert_eq!(e.target_folder(&rows).as_deref(), Some("/pics/sub"));
        e.update(Message::RenameSelected, &rows, true);
        assert_eq!(e.renaming, Some(("/pics/sub/a".into(), "a".into())));
        e.update(Message::EditName("b".into()), &rows, true);
        assert_eq!(e.update(Message::CommitRename, &rows, true), {
            Action::Edit(
                grafts.clone(),
                Edit::Rename {
                    path: "/pics/sub/a".into(),
                    to: "b".into(),
                },
            )
        });
        e.update(Message::Rename("/pics/sub".into()), &rows, true);
        e.update(Message::EditName("b".into()), &rows, true);
        let refused = e.update(Message::CommitRename, &rows, true);
        assert!(matches!(refused, Action::Refuse(l) if l.id == "gui-error-name-taken-in"));
        e.update(Message::Rename("/pics".into()), &rows, true);
        e.update(Message::EditName(" Photos ".into()), &rows, true);
        assert!(matches!(
            e.update(Message::CommitRename, &rows, true),
            Action::Edit(_, Edit::Rename { .. })
        ));
        let open: Vec<&str> = e.open.iter().map(String::as_str).collect();
        assert_eq!(open, ["/Photos", "/Photos/sub"]);
        assert_eq!(e.selected.as_deref(), Some("/Photos/sub/b"));
        e.update(Message::Rename("/pics2".into()), &rows, true);
        e.update(Message::EditName("a/b".into()), &rows, true);
        assert!(matches!(
            e.update(Message::CommitRename, &rows, true),
            Action::Refuse(_)
        ));
        e.update(Message::Toggle("/Photos".into()), &rows, true);
        assert!(e.open.is_empty(), "closing forgets what was open inside");
        assert_eq!(
            e.update(Message::Remove("/pics2".into()), &rows, true),
            Action::Edit(grafts, Edit::Remove("/pics2".into()))
        );
    }
}
