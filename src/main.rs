//! Kiln: burn audio CDs and data discs, or write them to image files.
//!
//! Without a subcommand Kiln opens its window; the subcommands are the command-line interface.

mod cli;
mod gui;
mod i18n;

use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KILN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    cli::run()
}
