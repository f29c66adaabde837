//! Kiln's window (iced): the root state routes messages to the screens (compilation, burn
//! progress, result) and turns their actions into [`Effect`]s, which [`app`] runs as iced tasks.
//! The update functions are pure: no I/O, no threads, no waiting, so tests call them directly and
//! run the effects themselves.

mod app;
#[doc(hidden)]
pub mod bench;
mod burn;
mod compose;
mod cover;
mod disc_line;
mod entries;
mod fonts;
mod hotplug;
mod list;
mod log_panel;
mod logbook;
mod meter;
mod outcome;
mod plan;
mod session;
mod settings;
mod shortcuts;
mod tracks;
mod widget;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use iced::widget::{button, column, container, pick_list, row, rule, space, text};
use iced::{Element, Length, Theme};
use kiln_core::progress::ProgressEvent;
use kiln_core::Format;

pub use app::run;
pub use logbook::LogBook;
use session::{Job, Master, Report};
use settings::{Settings, ThemeChoice};

use crate::i18n::{Texts, CATALOGUES};

/// Which screen is shown.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The compilation.
    Compose,
    /// A burn in progress.
    Burning(burn::Burn),
    /// A burn's result.
    Finished(outcome::Outcome),
}

/// Everything that happens to the window.
#[derive(Debug, Clone)]
pub enum Message {
    /// For the compilation screen.
    Compose(compose::Message),
    /// For the progress screen.
    Burn(burn::Message),
    /// For the result screen.
    Outcome(outcome::Message),
    /// A worker reported.
    Worker(Report),
    /// A file was dropped on the window.
    FileDropped(PathBuf),
    /// Use this language.
    SelectLanguage(Language),
    /// Use this theme.
    SelectTheme(ThemeChoice),
    /// The settings were written (or not: the error).
    SettingsSaved(Result<(), String>),
    /// Show or hide the log panel.
    ToggleLog,
    /// The drive watch reported a drive arriving or leaving, or a disc going in or out.
    DrivesChanged(ProgressEvent),
    /// The window was resized (logical pixels).
    WindowResized(iced::Size),
    /// The window's close button was pressed.
    CloseRequested(iced::window::Id),
}

/// A language the catalogues have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language(pub String);

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Each language by its own name.
        f.write_str(&Texts::new(&self.0).text("gui-language-name"))
    }
}

/// A theme choice with its name in the window's language (for the picker).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ThemeName {
    choice: ThemeChoice,
    name: String,
}

impl ThemeName {
    fn new(texts: &Texts, choice: ThemeChoice) -> ThemeName {
        ThemeName {
            choice,
            name: texts.text(choice.key()),
        }
    }
}

impl std::fmt::Display for ThemeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// Work outside the update function.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Nothing.
    None,
    /// Run a job on the disc master, on a worker thread.
    Run(Job),
    /// Show the file picker.
    PickFiles,
    /// Show the folder picker.
    PickFolder,
    /// Show the save dialog for an image of this format.
    PickImagePath(Format),
    /// Write the settings.
    SaveSettings(Settings),
    /// Show the save dialog for a project, starting at this file.
    PickProjectSavePath(Option<PathBuf>),
    /// Show the open dialog for a project, starting at this file's folder.
    PickProjectToOpen(Option<PathBuf>),
    /// Write the settings (with the window's size), then close the window.
    SaveSettingsAndClose(Settings, iced::window::Id),
}

/// The window's state.
pub struct Kiln {
    master: Master,
    texts: Texts,
    settings: Settings,
    compose: compose::Compose,
    screen: Screen,
    cancel: Arc<AtomicBool>,
    notice: Option<String>,
    log: log_panel::LogPanel,
    /// Messages handled so far (see [`widget::background`]).
    generation: u64,
}

impl Kiln {
    /// The window's state with `settings`; images are proposed in `image_dir`. The effect
    /// chooses the data format and the last recorder.
    pub fn new(master: Master, settings: Settings, image_dir: PathBuf) -> (Kiln, Effect) {
        let effect = Effect::Run(Job::SetFormat {
            format: Format::Data,
            recorder: settings.last_recorder.clone(),
        });
        let mut compose = compose::Compose::new(image_dir);
        compose.wanted = settings.last_recorder.clone();
        compose.options.verify = settings.verify;
        compose.options.eject = settings.eject;
        let kiln = Kiln {
            master,
            texts: Texts::new(&settings.locale),
            settings,
            compose,
            screen: Screen::Compose,
            cancel: Arc::new(AtomicBool::new(false)),
            notice: None,
            log: log_panel::LogPanel::default(),
            generation: 0,
        };
        (kiln, effect)
    }

    /// The window title: the project's name, marked when the compilation has unsaved changes.
    pub fn title(&self) -> String {
        let t = &self.texts;
        let modified = self.compose.modified();
        let name = self
            .compose
            .project
            .as_ref()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned());
        if name.is_none() && !modified {
            return t.text("gui-title");
        }
        let name = name.unwrap_or_else(|| t.text("gui-untitled"));
        let id = if modified {
            "gui-title-modified"
        } else {
            "gui-title-project"
        };
        t.get(id, &[("name", name.into())])
    }

    /// The theme; `None` lets iced follow the system's light or dark preference (and its
    /// changes while the window is open).
    pub fn theme(&self) -> Option<Theme> {
        match self.settings.theme {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some(Theme::Light),
            ThemeChoice::Dark => Some(Theme::Dark),
        }
    }

    /// The disc master the effects run on.
    pub fn master(&self) -> &Master {
        &self.master
    }

    /// The cancel flag of the job that runs now.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Whether a burn is shown.
    pub fn is_burning(&self) -> bool {
        matches!(self.screen, Screen::Burning(_))
    }

    fn run(&mut self, job: Job) -> Effect {
        self.cancel = Arc::new(AtomicBool::new(false));
        Effect::Run(job)
    }

    fn compose_action(&mut self, action: compose::Action) -> Effect {
        match action {
            compose::Action::None => Effect::None,
            compose::Action::Run(job) => self.run(job),
            compose::Action::PickFiles => Effect::PickFiles,
            compose::Action::PickFolder => Effect::PickFolder,
            compose::Action::PickImagePath(f) => Effect::PickImagePath(f),
            compose::Action::Cancel => {
                self.cancel.store(true, Ordering::Relaxed);
                Effect::None
            }
            compose::Action::StartBurn(request) => {
                self.compose.busy = Some(compose::Busy::Working);
                self.screen = Screen::Burning(burn::Burn::new(
                    self.compose.snapshot.format,
                    request.options.simulate,
                ));
                self.run(Job::Burn(request))
            }
            compose::Action::PickProjectSavePath(p) => Effect::PickProjectSavePath(p),
            compose::Action::PickProjectToOpen(p) => Effect::PickProjectToOpen(p),
            compose::Action::RememberRecorder(id) => {
                self.settings.last_recorder = Some(id);
                Effect::SaveSettings(self.settings.clone())
            }
            compose::Action::RememberOptions { verify, eject } => {
                self.settings.verify = verify;
                self.settings.eject = eject;
                Effect::SaveSettings(self.settings.clone())
            }
        }
    }

    /// The window's colours (see [`widget::background`]).
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        widget::background(theme, self.generation)
    }

    /// Handles a message; never blocks.
    pub fn update(&mut self, message: Message) -> Effect {
        self.generation = self.generation.wrapping_add(1);
        // What the core logged since the last message (worker threads log as they go).
        self.log.pull(LogBook::global());
        match message {
            Message::Compose(m) => {
                let action = self.compose.update(m);
                self.compose_action(action)
            }
            Message::FileDropped(path) if matches!(self.screen, Screen::Compose) => {
                let is_project = path
                    .extension()
                    .is_some_and(|e| e == kiln_core::project::EXTENSION);
                let action = self.compose.update(if is_project {
                    compose::Message::OpenProjectFile(path)
                } else {
                    compose::Message::FilesPicked(vec![path])
                });
                self.compose_action(action)
            }
            Message::FileDropped(_) => Effect::None,
            Message::Burn(m) => match &mut self.screen {
                Screen::Burning(b) => match b.update(m) {
                    burn::Action::Cancel => {
                        self.cancel.store(true, Ordering::Relaxed);
                        Effect::None
                    }
                    burn::Action::None => Effect::None,
                },
                _ => Effect::None,
            },
            Message::Outcome(m) => match &mut self.screen {
                Screen::Finished(o) => match o.update(m) {
                    outcome::Action::Close => {
                        self.screen = Screen::Compose;
                        Effect::None
                    }
                },
                _ => Effect::None,
            },
            Message::Worker(Report::Progress(event)) => match (&mut self.screen, event) {
                (Screen::Burning(b), e) => {
                    b.update(burn::Message::Progressed(e));
                    Effect::None
                }
                (_, ProgressEvent::AddProgress { completed, total }) => {
                    let action = self
                        .compose
                        .update(compose::Message::AddProgressed { completed, total });
                    self.compose_action(action)
                }
                _ => Effect::None,
            },
            Message::Worker(Report::Done(done)) => {
                if let Some(summary) = done.burned.clone() {
                    self.screen = Screen::Finished(outcome::Outcome { summary });
                }
                let action = self.compose.update(compose::Message::JobFinished(done));
                self.compose_action(action)
            }
            Message::SelectLanguage(Language(locale)) => {
                self.texts = Texts::new(&locale);
                self.settings.locale = locale;
                Effect::SaveSettings(self.settings.clone())
            }
            Message::SelectTheme(theme) => {
                self.settings.theme = theme;
                Effect::SaveSettings(self.settings.clone())
            }
            Message::DrivesChanged(event) => {
                tracing::debug!(?event, "drives changed");
                let action = self.compose.update(compose::Message::DrivesChanged);
                self.compose_action(action)
            }
            Message::ToggleLog => {
                self.log.open = !self.log.open;
                Effect::None
            }
            Message::WindowResized(size) => {
                // Kept in memory; written when the window closes.
                self.settings.window =
                    Some((size.width.round() as u32, size.height.round() as u32));
                Effect::None
            }
            Message::CloseRequested(id) => match &mut self.screen {
                // Closing during a burn would leave the disc half written: ask as Cancel does.
                Screen::Burning(b) => {
                    b.update(burn::Message::Cancel);
                    Effect::None
                }
                _ => Effect::SaveSettingsAndClose(self.settings.clone(), id),
            },
            Message::SettingsSaved(result) => {
                self.notice = result.err().map(|e| {
                    self.texts
                        .get("gui-settings-not-saved", &[("message", e.into())])
                });
                Effect::None
            }
        }
    }

    /// The window's content.
    pub fn view(&self) -> Element<'_, Message> {
        let t = &self.texts;
        let languages: Vec<Language> = CATALOGUES
            .iter()
            .map(|(l, _)| Language((*l).to_string()))
            .collect();
        let themes: Vec<ThemeName> = ThemeChoice::ALL
            .iter()
            .map(|c| ThemeName::new(t, *c))
            .collect();
        let mut header = row![
            text("Kiln").size(22),
            space::horizontal(),
            text(t.text("gui-language")),
            pick_list(
                languages,
                Some(Language(self.settings.locale.clone())),
                Message::SelectLanguage
            ),
            text(t.text("gui-theme")),
            pick_list(
                themes,
                Some(ThemeName::new(t, self.settings.theme)),
                |n: ThemeName| Message::SelectTheme(n.choice)
            ),
            button(text(
                t.get("gui-log", &[("warnings", self.log.warnings().into())])
            ))
            .style(if self.log.open {
                button::primary
            } else {
                button::secondary
            })
            .on_press(Message::ToggleLog),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center);
        if let Some(n) = &self.notice {
            header = header.push(text(n.clone()).style(text::danger));
        }
        let screen = match &self.screen {
            Screen::Compose => self.compose.view(t).map(Message::Compose),
            Screen::Burning(b) => b.view(t).map(Message::Burn),
            Screen::Finished(o) => o.view(t).map(Message::Outcome),
        };
        let mut window = column![
            container(header).padding([8, 16]),
            rule::horizontal(1),
            screen
        ];
        if self.log.open {
            let s = &self.compose.snapshot;
            window =
                window.push(container(self.log.view(t, &s.notes, s.note_count)).padding([0, 16]));
        }
        window.width(Length::Fill).height(Length::Fill).into()
    }
}
