//! The audio tracks as the user edits them: each track's CD-TEXT (title, performer), the disc's
//! (album title, performer), which track is selected, and moves and removals. Edits of text stay
//! here until they are committed (Enter, a move, or the burn), so typing never waits for the
//! core; a move or a removal asks the root to re-stage (see [`super::plan`]).
//!
//! Reordering is by dragging a track by its number onto another row (the row under the cursor
//! is marked; releasing moves the track there, leaving the list or releasing on the same row
//! moves nothing), by buttons (↑ ↓ on each row) and by keyboard (Alt+↑ / Alt+↓ move the selected
//! track, Delete removes it). iced 0.14 has no drag-and-drop between widgets, so the drag is made
//! of mouse areas: a press on the number starts it, entering a row aims it, a release in the list
//! ends it. The list is virtualised, but a CD holds at most 99 tracks and the wheel scrolls while
//! dragging, so a drag reaches every row.

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
    /// The track being dragged, and the row it would be dropped on.
    pub drag: Option<Drag>,
}

/// A track being dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drag {
    /// The dragged track.
    pub from: usize,
    /// The row under the cursor: where the track goes when released.
    pub over: usize,
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
    /// The mouse was pressed on a track's number: select it and start dragging it.
    DragStart(usize),
    /// The mouse entered a track's row.
    DragOver(usize),
    /// The mouse was released in the list: move the dragged track to the row under it.
    DragEnd,
    /// The mouse left the list: drop nothing.
    DragCancel,
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
            Message::DragStart(i) if i < len => {
                self.selected = Some(i);
                // While a job runs the order cannot change: select, but do not drag.
                self.drag = idle.then_some(Drag { from: i, over: i });
                None
            }
            Message::DragStart(_) => None,
            Message::DragOver(i) => {
                if let Some(d) = self.drag.as_mut().filter(|_| i < len) {
                    d.over = i;
                }
                None
            }
            Message::DragEnd => {
                let d = self.drag.take()?;
                self.update(
                    Message::Move {
                        from: d.from,
                        to: d.over,
                    },
                    idle,
                )
            }
            Message::DragCancel => {
                self.drag = None;
                None
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
        // The rows changed under the drag.
        if self.drag.is_some() && old.len() != new.len() {
            self.drag = None;
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

    #[test]
    fn dragging_a_track_onto_a_row_moves_it_there() {
        let mut t = tracks(5);
        assert_eq!(t.update(Message::DragStart(1), true), None);
        assert_eq!(t.selected, Some(1));
        for over in [2, 3, 4, 3] {
            assert_eq!(t.update(Message::DragOver(over), true), None);
        }
        assert_eq!(t.drag, Some(Drag { from: 1, over: 3 }));
        let plan = t.update(Message::DragEnd, true).unwrap();
        assert_eq!(plan.order, [0, 2, 3, 1, 4]);
        assert_eq!(plan.texts[3].title, "t1");
        assert_eq!(t.selected, Some(3));
        assert_eq!(t.drag, None);
        // Released where it started: a click, nothing moves.
        t.update(Message::DragStart(2), true);
        assert_eq!(t.update(Message::DragEnd, true), None);
        // Out of the list: nothing moves.
        t.update(Message::DragStart(0), true);
        t.update(Message::DragOver(4), true);
        t.update(Message::DragCancel, true);
        assert_eq!(t.update(Message::DragEnd, true), None);
        // Entering rows without a drag does nothing; a busy list selects but does not drag.
        assert_eq!(t.update(Message::DragOver(1), true), None);
        assert_eq!(t.drag, None);
        t.update(Message::DragStart(4), false);
        assert_eq!((t.selected, t.drag), (Some(4), None));
        assert_eq!(t.update(Message::DragStart(9), true), None);
    }
}
