//! Build script of the `kiln` application:
//! - every catalogue key the application's code names (`"gui-…"`, `"cli-…"` string literals) must
//!   be in the English catalogue, or the build fails naming the file and the key (a test checks
//!   that every other catalogue has every English key);
//! - on Windows it embeds the icon, the version information and the application manifest (DPI
//!   awareness, privilege level: see `assets/windows/kiln.exe.manifest`) into `kiln.exe`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The `.rs` files under `dir`, tests aside (they name files and folders, not keys).
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "tests" {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "tests.rs" {
            out.push(path);
        }
    }
}

/// The literals `"gui-…"` / `"cli-…"` of `code`: a key is lower-case letters, digits and dashes
/// between two quotes (a `format!` pattern such as `"gui-medium-{}"` is not one).
fn keys_named(code: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        let word = &after[..len];
        if after[len..].starts_with('"')
            && (word.starts_with("gui-") || word.starts_with("cli-"))
            && word.len() > 4
        {
            keys.push(word);
            rest = &after[len + 1..];
        } else {
            rest = after;
        }
    }
    keys
}

/// Fails when the code names a key the English catalogue lacks.
fn check_catalogue_keys() -> Result<(), String> {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=i18n/en/kiln.ftl");
    let catalogue = std::fs::read_to_string("i18n/en/kiln.ftl")
        .map_err(|e| format!("i18n/en/kiln.ftl: {e}"))?;
    let known: BTreeSet<&str> = catalogue
        .lines()
        .filter_map(|l| l.split_once(" ="))
        .map(|(k, _)| k)
        .filter(|k| !k.is_empty() && !k.starts_with([' ', '#', '.', '[', '*']))
        .collect();
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut missing = Vec::new();
    for file in files {
        let code =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        // The code before its unit tests.
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for key in keys_named(code) {
            if !known.contains(key) {
                missing.push(format!("{}: \"{key}\"", file.display()));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the English catalogue i18n/en/kiln.ftl lacks keys the code names (add them there \
             and in every other catalogue):\n  {}",
            missing.join("\n  ")
        ))
    }
}

fn main() -> ExitCode {
    if let Err(e) = check_catalogue_keys() {
        eprintln!("kiln build: {e}");
        return ExitCode::FAILURE;
    }
    println!("cargo:rerun-if-changed=assets/windows/kiln.rc");
    println!("cargo:rerun-if-changed=assets/windows/kiln.ico");
    println!("cargo:rerun-if-changed=assets/windows/kiln.exe.manifest");
    // The target, not the host: this is what a cross-build from Linux must see.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return ExitCode::SUCCESS;
    }
    let version = |part: &str| {
        let name = format!("CARGO_PKG_VERSION_{part}");
        format!(
            "KILN_{part}={}",
            std::env::var(&name).unwrap_or_else(|_| "0".into())
        )
    };
    let macros = [version("MAJOR"), version("MINOR"), version("PATCH")];
    match embed_resource::compile("assets/windows/kiln.rc", &macros).manifest_required() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Without the manifest kiln.exe would run DPI-unaware and without Common Controls 6.
            eprintln!(
                "kiln build: cannot compile assets/windows/kiln.rc into kiln.exe: {e}; \
                 install a resource compiler (mingw-w64's windres for *-windows-gnu, \
                 the Windows SDK's rc.exe for *-windows-msvc)"
            );
            ExitCode::FAILURE
        }
    }
}
