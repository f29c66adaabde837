//! `kiln-window`: Kiln as a windowed application. On Windows it is linked for the GUI
//! subsystem, so starting it (Start menu, "Open with") opens no console window; `kiln.exe`
//! stays the console program for the command line. Elsewhere it is the same as `kiln`.

#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    kiln::start()
}
