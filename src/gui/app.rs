//! The iced side: opens the window, turns [`Effect`]s into tasks (worker threads for the disc
//! master, rfd dialogs, settings writes) and listens for dropped files and the clock.

use std::path::PathBuf;
use std::time::Duration;

use iced::futures::channel::oneshot;
use iced::futures::StreamExt;
use iced::{event, keyboard, window, Event, Size, Subscription, Task};

use super::settings::{self, Settings};
use super::{burn, compose, Effect, Kiln, Message};
use super::{hotplug, session, shortcuts};
use crate::i18n::{self, Texts};

/// Opens the window, with `paths` staged on a data disc, and runs it until it is closed. Fails
/// with a message when there is no display to open it on.
pub fn run(paths: Vec<PathBuf>) -> Result<(), String> {
    // winit panics when it finds no display server; say so instead.
    if cfg!(all(unix, not(target_os = "macos")))
        && ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
            .iter()
            .all(|v| std::env::var_os(v).is_none_or(|s| s.is_empty()))
    {
        return Err("no display: neither DISPLAY nor WAYLAND_DISPLAY is set".into());
    }
    match std::panic::catch_unwind(move || window(paths)) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err("the window system failed".into()),
    }
}

fn window(paths: Vec<PathBuf>) -> iced::Result {
    // The size the window had when it was last closed.
    let remembered = settings::path()
        .map(|p| Settings::load(&p, Settings::with_locale("en")).window)
        .unwrap_or_default();
    let size = remembered.map_or(Size::new(1040.0, 720.0), |(w, h)| {
        Size::new(w as f32, h as f32)
    });
    iced::application(move || boot(paths.clone()), update, Kiln::view)
        .title(Kiln::title)
        .theme(Kiln::theme)
        .style(Kiln::style)
        .subscription(subscription)
        .settings(super::fonts::settings())
        .window(window::Settings {
            size,
            min_size: Some(Size::new(
                settings::MIN_WINDOW.0 as f32,
                settings::MIN_WINDOW.1 as f32,
            )),
            // The close button saves the settings (with the window's size) first.
            exit_on_close_request: false,
            platform_specific: platform_specific(),
            ..window::Settings::default()
        })
        .run()
}

/// The application id names the window after the installed `.desktop` file (Wayland's app_id, X11's
/// WM_CLASS), so desktops show the installed icon and group the window under the launcher.
#[cfg(target_os = "linux")]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific {
        application_id: APP_ID.into(),
        ..Default::default()
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_specific() -> window::settings::PlatformSpecific {
    window::settings::PlatformSpecific::default()
}

/// Kiln's reverse-DNS id: the basename of `assets/linux/*.desktop`, the AppStream id and the icon
/// name (`scripts/dist/check.sh` checks that they agree).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub const APP_ID: &str = "io.github.kiln_burner.Kiln";

fn boot(paths: Vec<PathBuf>) -> (Kiln, Task<Message>) {
    let base = Settings::with_locale(i18n::system_locale());
    let settings = match settings::path() {
        Some(p) => Settings::load(&p, base),
        None => base,
    };
    let image_dir = directories::UserDirs::new()
        .map_or_else(|| PathBuf::from("."), |d| d.home_dir().to_path_buf());
    let (mut kiln, effect) = Kiln::new(session::open_master(), settings, image_dir);
    // Added (or, for a project file, opened) once the format is chosen.
    let (projects, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths.into_iter().partition(|p| {
        p.extension()
            .is_some_and(|e| e == kiln_core::project::EXTENSION)
    });
    kiln.compose.pending_project = projects.into_iter().next();
    kiln.compose.pending = paths;
    let task = perform(&kiln, effect);
    (kiln, task)
}

fn update(kiln: &mut Kiln, message: Message) -> Task<Message> {
    let effect = kiln.update(message);
    perform(kiln, effect)
}

/// Runs `f` on a thread of its own and resolves with its result, so blocking work stays off the
/// UI thread and off the executor's threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("kiln-io".into())
        .spawn(move || {
            let _ = tx.send(f());
        });
    match spawned {
        Ok(_) => rx.await.ok(),
        Err(_) => None,
    }
}

fn perform(kiln: &Kiln, effect: Effect) -> Task<Message> {
    let texts = Texts::new(&kiln.settings.locale);
    match effect {
        Effect::None => Task::none(),
        Effect::Run(job) => Task::run(
            session::spawn(
                kiln.master().clone(),
                job,
                kiln.compose.entries.open.clone(),
                kiln.cancel_flag(),
            ),
            Message::Worker,
        ),
        Effect::PickFiles => Task::perform(
            rfd::AsyncFileDialog::new()
                .set_title(texts.text("gui-add-files"))
                .pick_files(),
            |files| picked(files.unwrap_or_default()),
        ),
        Effect::PickFolder => Task::perform(
            rfd::AsyncFileDialog::new()
                .set_title(texts.text("gui-add-folder"))
                .pick_folders(),
            |folders| picked(folders.unwrap_or_default()),
        ),
        Effect::PickImagePath(format) => {
            let current = PathBuf::from(&kiln.compose.options.image_path);
            let (filter, ext) = match format {
                kiln_core::Format::Audio => ("CUE", "cue"),
                _ => ("ISO", "iso"),
            };
            let mut dialog = rfd::AsyncFileDialog::new()
                .set_title(texts.text("gui-image-path"))
                .add_filter(filter, &[ext]);
            if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = current.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            Task::perform(dialog.save_file(), |file| {
                Message::Compose(compose::Message::ImagePathPicked(
                    file.map(|f| f.path().to_path_buf()),
                ))
            })
        }
        Effect::PickProjectSavePath(current) => {
            let name = current
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| {
                    format!(
                        "{}.{}",
                        texts.text("gui-untitled"),
                        kiln_core::project::EXTENSION
                    )
                });
            let dialog =
                project_dialog(&texts, "gui-save-project", current.as_deref()).set_file_name(name);
            Task::perform(dialog.save_file(), |file| {
                Message::Compose(compose::Message::ProjectSavePicked(
                    file.map(|f| f.path().to_path_buf()),
                ))
            })
        }
        Effect::PickProjectToOpen(current) => {
            let dialog = project_dialog(&texts, "gui-open-project", current.as_deref());
            Task::perform(dialog.pick_file(), |file| {
                Message::Compose(compose::Message::ProjectOpenPicked(
                    file.map(|f| f.path().to_path_buf()),
                ))
            })
        }
        Effect::SaveSettings(s) => Task::perform(
            blocking(move || match settings::path() {
                Some(p) => s.save(&p).map_err(|e| format!("{}: {e}", p.display())),
                None => Err("no configuration folder".to_string()),
            }),
            |r| {
                Message::SettingsSaved(
                    r.unwrap_or_else(|| Err("could not start a thread".to_string())),
                )
            },
        ),
        Effect::SaveSettingsAndClose(s, id) => Task::future(blocking(move || {
            if let Some(p) = settings::path() {
                // Closing goes on either way: a settings file that cannot be written must not
                // keep the window open.
                if let Err(e) = s.save(&p) {
                    tracing::warn!(path = %p.display(), %e, "the settings were not saved");
                }
            }
        }))
        .then(move |_| window::close(id)),
    }
}

/// A file dialog for projects (`*.kiln`), in the folder of `current` when there is one.
fn project_dialog(
    texts: &Texts,
    title: &str,
    current: Option<&std::path::Path>,
) -> rfd::AsyncFileDialog {
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title(texts.text(title))
        .add_filter(
            texts.text("gui-project-filter"),
            &[kiln_core::project::EXTENSION],
        );
    if let Some(dir) = current.and_then(|p| p.parent()).filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    dialog
}

fn picked(handles: Vec<rfd::FileHandle>) -> Message {
    Message::Compose(compose::Message::FilesPicked(
        handles.iter().map(|h| h.path().to_path_buf()).collect(),
    ))
}

fn subscription(kiln: &Kiln) -> Subscription<Message> {
    let drops = event::listen_with(|event, status, _window| match event {
        Event::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
        Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
            shortcuts::shortcut(&key, modifiers, status)
        }
        _ => None,
    });
    let window = Subscription::batch([
        window::close_requests().map(Message::CloseRequested),
        window::resize_events().map(|(_, size)| Message::WindowResized(size)),
    ]);
    // Drives are watched except while burning: no commands beside the burn's on a busy drive.
    let drives = Subscription::run(|| hotplug::system().map(Message::DrivesChanged));
    if kiln.is_burning() {
        Subscription::batch([
            drops,
            window,
            iced::time::every(Duration::from_millis(500))
                .map(|t| Message::Burn(burn::Message::Ticked(t))),
        ])
    } else {
        Subscription::batch([drops, window, drives])
    }
}
