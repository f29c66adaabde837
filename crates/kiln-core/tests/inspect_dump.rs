//! `KILN_INSPECT=path cargo test -p kiln-core --test inspect_dump -- --ignored --nocapture`
//! prints the report of any image (a debugging aid, not a check).

#[test]
#[ignore = "debugging aid: needs KILN_INSPECT=path"]
fn dump() {
    let Ok(path) = std::env::var("KILN_INSPECT") else {
        return;
    };
    let report = kiln_core::inspect::inspect_image(std::path::Path::new(&path)).expect("open");
    for f in &report.findings {
        println!("{f}");
    }
    println!(
        "volume {} image {} iso {}f/{}d joliet {}f/{}d rr {}",
        report.volume_blocks,
        report.image_blocks,
        report.iso_files,
        report.iso_dirs,
        report.joliet_files,
        report.joliet_dirs,
        report.rock_ridge
    );
}
