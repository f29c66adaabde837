//! Build script of the `kiln` application: on Windows it embeds the icon, the version
//! information and the application manifest (DPI awareness, privilege level: see
//! `assets/windows/kiln.exe.manifest`) into `kiln.exe`. Other targets need nothing.

use std::process::ExitCode;

fn main() -> ExitCode {
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
