//! The data disc's entries as the user edits them: the list of what was added and where on the
//! disc (the grafts), the folder new additions go into, new folders, and renaming or removing an
//! entry of the disc's root. The core's staging cannot be edited backwards, so a rename or a
//! removal hands the core the changed graft list ([`kiln_core::DiscMaster::restage_data`]),
//! which replaces the staging only when all of it could be staged again.

use kiln_core::{Graft, Localized};

/// The data entries' state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries {
    /// What is staged, in the order it was added.
    pub grafts: Vec<Graft>,
    /// The root entry being renamed: its name and the name typed so far.
    pub renaming: Option<(String, String)>,
    /// The root folder additions go into (`None`: the root).
    pub into: Option<String>,
}

/// What the user did to the entries.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Start (or, on the same entry, stop) renaming a root entry.
    Rename(String),
    /// The new name was edited.
    EditName(String),
    /// Enter: rename.
    CommitRename,
    /// Remove a root entry and everything under it.
    Remove(String),
    /// Make a new, empty folder in the root, named this (in the user's language) or, when
    /// taken, this and a number.
    NewFolder(String),
    /// Add into this root folder (`None`: the root).
    AddInto(Option<String>),
}

/// What the compilation must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Nothing.
    None,
    /// Stage these grafts in place of the current staging.
    Restage(Vec<Graft>),
    /// Make an empty folder at this disc path.
    NewFolder(String),
    /// The user asked for something that cannot be: say why.
    Refuse(Localized),
}

/// `/name`, or `/folder/name` when adding into a folder.
pub fn disc_path(into: Option<&str>, name: &str) -> String {
    match into {
        Some(f) => format!("/{f}/{name}"),
        None => format!("/{name}"),
    }
}

/// Whether `path` is the root entry `name` or lies under it.
fn under(path: &str, name: &str) -> bool {
    let Some(rest) = path.strip_prefix('/').and_then(|p| p.strip_prefix(name)) else {
        return false;
    };
    rest.is_empty() || rest.starts_with('/')
}

impl Entries {
    /// Handles a message. `names`: the root's entries now; `idle`: no job runs.
    pub fn update(&mut self, message: Message, names: &[&str], idle: bool) -> Action {
        match message {
            Message::Rename(name) => {
                self.renaming = match &self.renaming {
                    Some((n, _)) if *n == name => None,
                    _ => Some((name.clone(), name)),
                };
                Action::None
            }
            Message::EditName(s) => {
                if let Some((_, to)) = &mut self.renaming {
                    *to = s;
                }
                Action::None
            }
            Message::CommitRename if idle => match self.renaming.take() {
                Some((from, to)) => self.rename(&from, to.trim(), names),
                None => Action::None,
            },
            Message::CommitRename => Action::None,
            Message::Remove(name) if idle => Action::Restage(
                self.grafts
                    .iter()
                    .filter(|g| !under(&g.disc_path, &name))
                    .cloned()
                    .collect(),
            ),
            Message::Remove(_) => Action::None,
            Message::NewFolder(new_folder) if idle => {
                // "New folder", "New folder 2", ... as file managers do.
                let name = (1..)
                    .map(|i| match i {
                        1 => new_folder.clone(),
                        i => format!("{new_folder} {i}"),
                    })
                    .find(|n| !names.contains(&n.as_str()))
                    .unwrap_or_default();
                Action::NewFolder(format!("/{name}"))
            }
            Message::NewFolder(_) => Action::None,
            Message::AddInto(folder) => {
                self.into = folder;
                Action::None
            }
        }
    }

    fn rename(&mut self, from: &str, to: &str, names: &[&str]) -> Action {
        if to == from {
            return Action::None;
        }
        // A slash would move the entry into a folder; the core checks the rest (length,
        // characters no name space can hold).
        if to.is_empty() || to.contains('/') || to == "." || to == ".." {
            return Action::Refuse(Localized::new("gui-error-name").arg("name", to.to_string()));
        }
        if names.contains(&to) {
            return Action::Refuse(
                Localized::new("gui-error-name-taken").arg("name", to.to_string()),
            );
        }
        let old = format!("/{from}");
        let grafts = self
            .grafts
            .iter()
            .map(|g| match g.disc_path.strip_prefix(&old) {
                Some(rest) if under(&g.disc_path, from) => Graft {
                    source: g.source.clone(),
                    disc_path: format!("/{to}{rest}"),
                },
                _ => g.clone(),
            })
            .collect();
        Action::Restage(grafts)
    }

    /// Takes what a job did: grafts it added, or the list it staged in place of the old one;
    /// forgets everything when the staging was emptied. The folder additions go into is
    /// forgotten when it is no longer in the root.
    pub fn sync(&mut self, added: &[Graft], restaged: Option<&[Graft]>, names: &[&str]) {
        if names.is_empty() {
            self.grafts.clear();
        } else if let Some(r) = restaged {
            self.grafts = r.to_vec();
        } else {
            self.grafts.extend_from_slice(added);
        }
        if self.into.as_deref().is_some_and(|f| !names.contains(&f)) {
            self.into = None;
        }
        if self
            .renaming
            .as_ref()
            .is_some_and(|(n, _)| !names.contains(&n.as_str()))
        {
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

    #[test]
    fn renames_rewrite_the_entry_and_what_lies_under_it_only() {
        let mut e = Entries {
            grafts: vec![
                graft("/s/pics", "/pics"),
                graft("/s/pics2", "/pics2"),
                graft("/s/x", "/pics/x"),
            ],
            ..Entries::default()
        };
        let names = ["pics", "pics2"];
        e.update(Message::Rename("pics".into()), &names, true);
        e.update(Message::EditName(" Photos ".into()), &names, true);
        let a = e.update(Message::CommitRename, &names, true);
        assert_eq!(
            a,
            Action::Restage(vec![
                graft("/s/pics", "/Photos"),
                graft("/s/pics2", "/pics2"),
                graft("/s/x", "/Photos/x"),
            ])
        );
        assert_eq!(e.renaming, None);
        e.update(Message::Rename("pics".into()), &names, true);
        e.update(Message::EditName("pics2".into()), &names, true);
        assert!(matches!(
            e.update(Message::CommitRename, &names, true),
            Action::Refuse(_)
        ));
        e.update(Message::Rename("pics".into()), &names, true);
        e.update(Message::EditName("a/b".into()), &names, true);
        assert!(matches!(
            e.update(Message::CommitRename, &names, true),
            Action::Refuse(_)
        ));
        assert_eq!(
            e.update(Message::Remove("pics".into()), &names, true),
            Action::Restage(vec![graft("/s/pics2", "/pics2")])
        );
        let names = ["New folder", "New folder 2"];
        assert_eq!(
            e.update(Message::NewFolder("New folder".into()), &names, true),
            Action::NewFolder("/New folder 3".into())
        );
    }
}
