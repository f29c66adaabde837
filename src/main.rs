//! Kiln: burn audio CDs and data discs, or write them to image files.
//!
//! Without a subcommand Kiln opens its window; the subcommands are the command-line interface.

mod cli;
mod gui;
mod i18n;

use std::process::ExitCode;

use tracing_subscriber::prelude::*;

fn main() -> ExitCode {
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
