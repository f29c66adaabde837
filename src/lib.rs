//! Kiln: burn audio CDs and data discs, or write them to image files.
//!
//! The application as a library so that it can have two executables: `kiln` (a console
//! program: the command line, and the window when run without a subcommand) and `kiln-window`
//! (the same program as a windowed application, so that Windows opens no console beside the
//! window when Kiln is started from the Start menu or a file association).

pub mod cli;
pub mod gui;
pub mod i18n;

use std::process::ExitCode;

use tracing_subscriber::prelude::*;

/// Runs Kiln with the process's arguments: the window without a subcommand, otherwise the
/// command line.
pub fn start() -> ExitCode {
    // Messages go to stderr (KILN_LOG, default warn) and to the window's log panel.
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(
            tracing_subscriber::EnvFilter::try_from_env("KILN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        );
    tracing_subscriber::registry()
        .with(stderr)
        .with(gui::LogBook::global().layer())
        .init();
    cli::run()
}
