//! The compilation list: the data disc's tree (one row per entry of the root and of each open
//! folder, indented, with a disclosure triangle) or one row per track (audio). Rows have a
//! fixed height, so only the rows inside the scrolled viewport are built; the rest is empty
//! space of the right height. A long list costs what a screenful costs, however deep the tree.

use iced::widget::{
    button, column, container, image, mouse_area, row, scrollable, space, text, text_input, tooltip,
};
use iced::{mouse, Element, Length};

use super::cover;
use super::entries::{self, Entries};
use super::fonts;
use super::meter;
use super::session::{DataRow, Rows, TrackRow};
use super::tracks::{self, Tracks};
use crate::i18n::Texts;

/// How the list's events become the caller's messages.
pub struct Events<M> {
    /// The list was scrolled.
    pub scrolled: fn(Viewport) -> M,
    /// A track was edited, moved, selected or removed.
    pub track: fn(tracks::Message) -> M,
    /// A data entry is being renamed or was removed.
    pub entry: fn(entries::Message) -> M,
}

/// Height of one row in pixels.
pub const ROW_HEIGHT: f32 = 30.0;

/// Where the list is scrolled to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Pixels scrolled from the top.
    pub offset: f32,
    /// Visible height in pixels.
    pub height: f32,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            offset: 0.0,
            height: 900.0,
        }
    }
}

/// The rows to build for `len` rows in `viewport`: a range with one row of margin each side.
pub fn visible(len: usize, viewport: Viewport) -> std::ops::Range<usize> {
    let first = (viewport.offset.max(0.0) / ROW_HEIGHT) as usize;
    let count = (viewport.height.max(0.0) / ROW_HEIGHT).ceil() as usize + 2;
    let start = first.saturating_sub(1).min(len);
    let end = (first + count).min(len);
    start..end
}

/// How many rows.
pub fn count(rows: &Rows) -> usize {
    match rows {
        Rows::Data(r) => r.len(),
        Rows::Audio(r) => r.len(),
    }
}

/// The list, or a hint when it is empty. Audio rows show the text being edited in `tracks`, in
/// fields that take input while `editable`.
pub fn view<'a, M: 'a + Clone>(
    texts: &Texts,
    rows: &'a Rows,
    tracks: &'a Tracks,
    entries: &'a Entries,
    editable: bool,
    viewport: Viewport,
    events: Events<M>,
) -> Element<'a, M> {
    let on_scroll = events.scrolled;
    let len = count(rows);
    if len == 0 {
        let hint = match rows {
            Rows::Audio(_) => "gui-empty-audio",
            Rows::Data(_) => "gui-empty-data",
        };
        return container(text(texts.text(hint)).size(16))
            .center(Length::Fill)
            .style(container::bordered_box)
            .into();
    }
    let range = visible(len, viewport);
    let mut col = column![space().height(range.start as f32 * ROW_HEIGHT)];
    for i in range.clone() {
        let line: Element<'a, M> = match rows {
            Rows::Data(r) => data_row(texts, &r[i], entries, editable, events.entry),
            Rows::Audio(r) => track_row(texts, &r[i], i, tracks, editable, events.track),
        };
        col = col.push(container(line).height(ROW_HEIGHT).padding([4, 8]));
    }
    col = col.push(space().height((len - range.end) as f32 * ROW_HEIGHT));
    let header = match rows {
        Rows::Data(_) => row![
            text(texts.text("gui-col-name")).width(Length::Fill),
            text(texts.text("gui-col-files")).width(90),
            text(texts.text("gui-col-size")).width(100),
            text(texts.text("gui-col-notes")).width(120),
            space().width(ROW_BUTTONS),
        ],
        Rows::Audio(_) => row![
            text("#").width((44 + cover::SIZE) as f32),
            text(texts.text("gui-col-title")).width(Length::FillPortion(3)),
            text(texts.text("gui-col-performer")).width(Length::FillPortion(2)),
            text(texts.text("gui-col-length")).width(70),
            text(texts.text("gui-col-pregap")).width(70),
            space().width(ROW_BUTTONS + 34.0),
        ],
    };
    let list = container(
        column![
            container(header.spacing(8)).padding([4, 8]),
            scrollable(col)
                .on_scroll(move |v| on_scroll(Viewport {
                    offset: v.absolute_offset().y,
                    height: v.bounds().height,
                }))
                .height(Length::Fill),
        ]
        .spacing(2),
    )
    .style(container::bordered_box)
    .height(Length::Fill);
    match rows {
        // A drag of a track ends with the button released anywhere in the list (see `tracks`).
        Rows::Audio(_) => mouse_area(list)
            .on_release((events.track)(tracks::Message::DragEnd))
            .on_exit((events.track)(tracks::Message::DragCancel))
            .into(),
        Rows::Data(_) => list.into(),
    }
}

/// Indentation of one level of the tree, in pixels.
const INDENT: f32 = 18.0;

fn data_row<'a, M: 'a + Clone>(
    texts: &Texts,
    r: &'a DataRow,
    entries: &'a Entries,
    editable: bool,
    on: fn(entries::Message) -> M,
) -> Element<'a, M> {
    use entries::Message as E;
    let selected = entries.selected.as_deref() == Some(r.path.as_str());
    let name: Element<'a, M> = match &entries.renaming {
        Some((path, to)) if *path == r.path => text_input(&r.name, to)
            .id("rename")
            .size(14)
            .padding([2, 6])
            .on_input(move |s| on(E::EditName(s)))
            .on_submit_maybe(editable.then(|| on(E::CommitRename)))
            .width(Length::Fill)
            .into(),
        _ => {
            let label = if r.is_dir {
                format!("{}/", r.name)
            } else {
                r.name.clone()
            };
            // One line, cut at the column's edge: a long name must not run over the sizes.
            button(text(label).size(14).wrapping(text::Wrapping::None))
                .clip(true)
                .padding([2, 6])
                .style(if selected {
                    button::primary
                } else {
                    button::text
                })
                .on_press(on(E::Select(r.path.clone())))
                .width(Length::Fill)
                .into()
        }
    };
    // The disclosure triangle, for folders with something inside.
    let disclosure: Element<'a, M> = if r.is_dir && r.children > 0 {
        button(
            fonts::symbol(if r.open {
                fonts::EXPANDED
            } else {
                fonts::COLLAPSED
            })
            .size(13)
            .center(),
        )
        .width(22)
        .padding([2, 0])
        .style(button::text)
        .on_press(on(E::Toggle(r.path.clone())))
        .into()
    } else {
        space().width(22).into()
    };
    let notes: Element<'a, M> = if r.note_count == 0 {
        space().width(120).into()
    } else {
        let mut lines: Vec<String> = r.notes.iter().map(|n| texts.localized(n)).collect();
        if r.note_count > r.notes.len() {
            lines.push(texts.get(
                "gui-notes-more",
                &[("count", (r.note_count - r.notes.len()).into())],
            ));
        }
        tooltip(
            text(texts.get("gui-notes", &[("count", r.note_count.into())]))
                .style(text::warning)
                .width(120),
            container(text(lines.join("\n")).size(13))
                .padding(8)
                .max_width(560)
                .style(container::bordered_box),
            tooltip::Position::Left,
        )
        .into()
    };
    row![
        space().width(f32::from(r.depth) * INDENT),
        disclosure,
        name,
        text(r.files.to_string()).width(90),
        text(meter::size(r.bytes)).width(100),
        notes,
        small_button(
            fonts::RENAME,
            texts.text("gui-rename"),
            editable.then(|| on(E::Rename(r.path.clone()))),
        ),
        small_button(
            fonts::REMOVE,
            texts.text("gui-remove-entry"),
            editable.then(|| on(E::Remove(r.path.clone()))),
        ),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center)
    .into()
}

/// Width of a data row's rename and remove buttons (a track row has one more).
const ROW_BUTTONS: f32 = 2.0 * 30.0 + 4.0;

/// A small symbol button with a tooltip that says what it does.
fn small_button<'a, M: 'a + Clone>(
    label: &'static str,
    tip: String,
    message: Option<M>,
) -> Element<'a, M> {
    tooltip(
        button(fonts::symbol(label).size(13).center())
            .width(30)
            .padding([2, 0])
            .style(button::secondary)
            .on_press_maybe(message),
        container(text(tip).size(13))
            .padding(6)
            .style(container::bordered_box),
        tooltip::Position::Top,
    )
    .into()
}

fn track_row<'a, M: 'a + Clone>(
    texts: &Texts,
    t: &'a TrackRow,
    i: usize,
    tracks: &'a Tracks,
    editable: bool,
    on: fn(tracks::Message) -> M,
) -> Element<'a, M> {
    use tracks::Message as T;
    // 588 stereo frames make one 1/75-second block.
    let blocks = t.frames.div_ceil(588);
    let text_of = tracks.texts.get(i);
    let title = text_of.map_or("", |x| x.title.as_str());
    let performer = text_of.map_or("", |x| x.performer.as_str());
    // Without a title the field shows the file name greyed, so the row can still be told apart.
    let hint = if t.file.is_empty() {
        texts.get("gui-track", &[("number", t.number.into())])
    } else {
        t.file.clone()
    };
    let last = i + 1 == list_len(tracks);
    let selected = tracks.selected == Some(i);
    let small = small_button::<M>;
    // Ids name the fields for tests and accessibility tools.
    let field = |id: &str, value: &'a str, placeholder: String, edit: fn(usize, String) -> T| {
        text_input(&placeholder, value)
            .id(format!("{id}-{i}"))
            .size(14)
            .padding([2, 6])
            .on_input_maybe(editable.then_some(move |s| on(edit(i, s))))
            .on_submit_maybe(editable.then(|| on(T::Commit)))
    };
    let cover: Element<'a, M> = match &t.cover {
        Some(h) => image(h.clone())
            .width(cover::SIZE as f32)
            .height(cover::SIZE as f32)
            .into(),
        None => space().width(cover::SIZE as f32).into(),
    };
    // The number selects the track and is the handle to drag it by.
    let number = mouse_area(
        container(text(format!("{:02}", t.number)).size(14))
            .width(40)
            .padding([2, 6])
            .style(move |theme: &iced::Theme| {
                if selected {
                    let p = theme.extended_palette().primary.base;
                    container::Style {
                        background: Some(p.color.into()),
                        text_color: Some(p.text),
                        border: iced::border::rounded(2),
                        ..container::Style::default()
                    }
                } else {
                    container::Style::default()
                }
            }),
    )
    .on_press(on(T::DragStart(i)))
    .interaction(mouse::Interaction::Grab);
    // While a track is dragged, the row it would land on is framed.
    let target = tracks.drag.is_some_and(|d| d.over == i && d.from != i);
    let line = row![
        number,
        cover,
        field("track-title", title, hint, T::EditTitle).width(Length::FillPortion(3)),
        field(
            "track-performer",
            performer,
            texts.text("gui-performer-hint"),
            T::EditPerformer,
        )
        .width(Length::FillPortion(2)),
        text(meter::mmss(blocks)).width(70),
        text(meter::mmss(t.pregap_blocks)).width(70),
        small(
            fonts::UP,
            texts.text("gui-move-up"),
            (editable && i > 0).then(|| on(T::Move { from: i, to: i - 1 })),
        ),
        small(
            fonts::DOWN,
            texts.text("gui-move-down"),
            (editable && !last).then(|| on(T::Move { from: i, to: i + 1 })),
        ),
        small(
            fonts::REMOVE,
            texts.text("gui-remove-track"),
            editable.then(|| on(T::Remove(i))),
        ),
    ]
    .spacing(4)
    .align_y(iced::Alignment::Center);
    let framed = container(line).style(move |theme: &iced::Theme| {
        if target {
            container::Style {
                border: iced::border::rounded(2)
                    .width(2)
                    .color(theme.extended_palette().primary.strong.color),
                ..container::Style::default()
            }
        } else {
            container::Style::default()
        }
    });
    mouse_area(framed).on_enter(on(T::DragOver(i))).into()
}

fn list_len(tracks: &Tracks) -> usize {
    tracks.texts.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_only_the_visible_rows() {
        let vp = Viewport {
            offset: 3000.0,
            height: 300.0,
        };
        let r = visible(100_000, vp);
        assert_eq!(r, 99..112);
        assert_eq!(visible(5, Viewport::default()), 0..5);
        assert_eq!(visible(0, vp), 0..0);
    }
}
