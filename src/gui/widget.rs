//! Small pieces shared by the screens: a confirmation dialog over a dimmed screen, and the box
//! that shows the core's errors as it words them.

use iced::widget::{
    button, center, column, container, mouse_area, opaque, row, space, stack, text,
};
use iced::{Color, Element, Length};

use crate::i18n::Texts;

/// `base` with a modal question on top: `yes` and `no` buttons; clicking outside means `no`.
pub fn confirm<'a, M: Clone + 'a>(
    base: Element<'a, M>,
    question: String,
    yes_label: String,
    no_label: String,
    yes: M,
    no: M,
) -> Element<'a, M> {
    let dialog = container(
        column![
            text(question).size(16),
            row![
                space::horizontal(),
                button(text(no_label))
                    .style(button::secondary)
                    .on_press(no.clone()),
                button(text(yes_label)).style(button::danger).on_press(yes),
            ]
            .spacing(8),
        ]
        .spacing(16),
    )
    .padding(20)
    .max_width(480)
    .style(container::bordered_box);
    let backdrop = mouse_area(center(opaque(dialog)).style(|_| {
        container::background(Color {
            a: 0.6,
            ..Color::BLACK
        })
    }))
    .on_press(no);
    stack![base, opaque(backdrop)]
        .width(Length::Fill)
        .height(Length::Fill)
        .into()
}

/// The core's errors in the user's language, one per line, with a button to hide them.
pub fn errors<'a, M: Clone + 'a>(
    texts: &Texts,
    errors: &[kiln_core::Localized],
    dismiss: M,
) -> Element<'a, M> {
    let lines = errors.iter().take(5).fold(column![].spacing(4), |c, e| {
        c.push(text(texts.localized(e)).style(text::danger))
    });
    let more = errors.len().saturating_sub(5);
    let lines = if more > 0 {
        lines.push(text(
            texts.get("gui-errors-more", &[("count", more.into())]),
        ))
    } else {
        lines
    };
    container(
        row![
            lines.width(Length::Fill),
            button(text(texts.text("gui-dismiss")))
                .style(button::secondary)
                .on_press(dismiss),
        ]
        .spacing(8),
    )
    .padding(8)
    .style(container::bordered_box)
    .width(Length::Fill)
    .into()
}

/// The window's background, nudged by at most 3/255 of grey following `generation` (a count of
/// handled messages), so every change repaints the whole window.
///
/// iced 0.14's tiny-skia renderer repaints only the regions it thinks changed, and it gets some
/// wrong: a vertically centred text (a pick list's selection) is measured from its middle down, so
/// a new selection keeps the old top half, and switching screens can leave stale pixels. It
/// repaints everything when the background colour changes. wgpu always repaints everything.
pub fn background(theme: &iced::Theme, generation: u64) -> iced::theme::Style {
    use iced::theme::Base;
    let mut style = theme.base();
    let nudge = (generation % 4) as f32 / 255.0;
    let c = style.background_color;
    let shift = |v: f32| if v > 0.5 { v - nudge } else { v + nudge };
    style.background_color = Color {
        r: shift(c.r),
        g: shift(c.g),
        b: shift(c.b),
        ..c
    };
    style
}
