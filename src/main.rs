//! `kiln`: the console executable. Without a subcommand it opens the window; the subcommands
//! are the command-line interface.

use std::process::ExitCode;

fn main() -> ExitCode {
    kiln::start()
}
