//! The audio tracks as the user edits them: each track's CD-TEXT (title, performer), the disc's
//! (album title, performer), which track is selected, and moves and removals. Edits of text stay
//! here until they are committed (Enter, a move, or the burn), so typing never waits for the
//! core; a move or a removal asks the root to re-stage (see [`super::plan`]).
//!
//! Reordering is by buttons (↑ ↓ on each row) and by keyboard (Alt+↑ / Alt+↓ move the selected
//! track, Delete removes it), not by dragging: iced 0.14 has no drag-and-drop between widgets,
//! and a hand-made drag inside the virtualised, scrolled list (rows that are not built while off
//! screen, auto-scroll near the edges, a drop marker) would be a widget of its own for a gesture
//! the buttons already cover with less to get wrong.

use super::plan::{AudioPlan, Text};
use super::session::TrackRow;

/// The edited text of the tracks and the disc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tracks {
    /// Each staged track's text, in the staging's order.
    pub texts: Vec<Text>,
    /// The disc's text.
    pub disc: Text,
    /// The selected track (for the keyboard).
    pub selected: Option<usize>,
}

/// What the user did to the tracks.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A track's title was edited.
    EditTitle(usize, String),
    /// A track's performer was edited.
    EditPerformer(usize, String),
    /// The album title was edited.
    EditAlbumTitle(String),
    /// The album performer was edited.
    EditAlbumPerformer(String),
    /// Enter in a text field: hand the text to the core now.
    Commit,
    /// Select a track.
    Select(usize),
    /// Move a track to another place.
    Move {
        /// Where it is.
        from: usize,
        /// Where it goes.
        to: usize,
    },
    /// Move the selected track up (-1) or down (+1).
    MoveSelected(isize),
    /// Remove a track.
    Remove(usize),
    /// Remove the selected track.
    RemoveSelected,
}

impl Tracks {
    /// The plan for the tracks of the staging at `order` (indices into the staging), with the
    /// text edited here.
    pub fn plan(&self, order: Vec<usize>) -> AudioPlan {
        let texts = order
            .iter()
            .map(|&i| self.texts.get(i).cloned().unwrap_or_default())
            .collect();
        AudioPlan {
            order,
            texts,
            disc: self.disc.clone(),
        }
    }

    /// The plan that keeps every track where it is.
    pub fn as_is(&self) -> AudioPlan {
        self.plan((0..self.texts.len()).collect())
    }

    /// Handles a message; `Some(plan)` when the staging must be re-staged. `idle`: no job runs
    /// (a move waits for nothing, it is refused).
    pub fn update(&mut self, message: Message, idle: bool) -> Option<AudioPlan> {
        let len = self.texts.len();
        match message {
            Message::EditTitle(i, s) => {
                if let Some(t) = self.texts.get_mut(i) {
                    t.title = s;
                }
                None
            }
            Message::EditPerformer(i, s) => {
                if let Some(t) = self.texts.get_mut(i) {
                    t.performer = s;
                }
                None
            }
            Message::EditAlbumTitle(s) => {
                self.disc.title = s;
                None
            }
            Message::EditAlbumPerformer(s) => {
                self.disc.performer = s;
                None
            }
            Message::Commit if idle && len > 0 => Some(self.as_is()),
            Message::Commit => None,
            Message::Select(i) => {
                self.selected = (i < len).then_some(i);
                None
            }
            Message::Move { from, to } if idle && from < len && to < len && from != to => {
                let mut order: Vec<usize> = (0..len).collect();
                let moved = order.remove(from);
                order.insert(to, moved);
                self.selected = Some(to);
                Some(self.plan(order))
            }
            Message::Move { .. } => None,
            Message::MoveSelected(step) => {
                let from = self.selected?;
                let to = from.checked_add_signed(step)?;
                self.update(Message::Move { from, to }, idle)
            }
            Message::Remove(i) if idle && i < len => {
                let order = (0..len).filter(|&k| k != i).collect();
                self.selected = match self.selected {
                    Some(s) if s > i => Some(s - 1),
                    Some(s) if s == i => None,
                    s => s,
                };
                Some(self.plan(order))
            }
            Message::Remove(_) => None,
            Message::RemoveSelected => {
                let i = self.selected?;
                self.update(Message::Remove(i), idle)
            }
        }
    }

    /// Takes the core's staging after a job: a track the job did not change keeps the text
    /// being edited here; a changed or new one shows the core's (a re-stage hands the edited
    /// text to the core, so nothing typed is lost). The same for the disc's text.
    pub fn sync(&mut self, old: &[TrackRow], new: &[TrackRow], old_disc: &Text, new_disc: &Text) {
        self.texts = new
            .iter()
            .enumerate()
            .map(|(i, row)| match (old.get(i), self.texts.get(i)) {
                (Some(o), Some(edited)) if o == row => edited.clone(),
                _ => row.text.clone(),
            })
            .collect();
        if old_disc != new_disc {
            self.disc = new_disc.clone();
        }
        if self.selected.is_some_and(|s| s >= new.len()) {
            self.selected = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracks(n: usize) -> Tracks {
        Tracks {
            texts: (0..n)
                .map(|i| Text {
                    title: format!("t{i}"),
                    performer: String::new(),
                })
                .collect(),
            ..Tracks::default()
        }
    }

    #[test]
    fn moves_and_removals_become_plans() {
        let mut t = tracks(4);
        t.update(Message::EditTitle(3, "last".into()), true);
        let plan = t.update(Message::Move { from: 3, to: 0 }, true).unwrap();
        assert_eq!(plan.order, [3, 0, 1, 2]);
        assert_eq!(plan.texts[0].title, "last");
        assert_eq!(t.selected, Some(0));
        // Up from the top goes nowhere; down moves it.
        assert_eq!(t.update(Message::MoveSelected(-1), true), None);
        let plan = t.update(Message::MoveSelected(1), true).unwrap();
        assert_eq!(plan.order, [1, 0, 2, 3]);
        assert_eq!(t.update(Message::Move { from: 0, to: 4 }, true), None);
        assert_eq!(t.update(Message::Move { from: 0, to: 1 }, false), None);
        t.selected = Some(2);
        let plan = t.update(Message::Remove(1), true).unwrap();
        assert_eq!(plan.order, [0, 2, 3]);
        assert_eq!(t.selected, Some(1));
        let plan = t.update(Message::RemoveSelected, true).unwrap();
        assert_eq!(plan.order, [0, 2, 3]);
        assert_eq!(t.selected, None);
    }
}
