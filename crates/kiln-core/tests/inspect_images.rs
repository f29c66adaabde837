//! `kiln inspect` against real images: reference images from xorriso and genisoimage must come out
//! clean, and each deliberate damage must be found, in the right area.
//!
//! When a tool is missing the test is skipped with a message, except under `CI=true`, where a
//! missing tool fails the test.
//!
//! Known tool defect (documented, filtered in [`errors_except_known`]): xorriso 1.5.4 (libisofs
//! `joliet.c`, `write_one_dir_record`) writes every Joliet `..` record with the directory's own
//! extent and length, because it switches from the node to its parent only after taking the block
//! and length. ECMA-119 9.1 / 6.8.2 want the parent's; the linter reports it, rightly.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use kiln_core::inspect::{inspect, Area, Finding, Report, Severity};

const B: usize = 2048;

/// Whether `tool` can be run; skips (or fails under CI) when not.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is needed for this test under CI but cannot be run");
        }
        eprintln!("skipped: {tool} is not installed");
    }
    ok
}

/// A small tree: a few files, a folder with a long Joliet-friendly name, a folder of 80 files (a
/// directory of several sectors), a symbolic link, an empty file; `depth` nested folders.
fn make_tree(root: &Path, depth: usize) {
    std::fs::create_dir_all(root.join("Sub Dir/inner")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("hello.txt"), b"hello\n").unwrap();
    std::fs::write(root.join("empty"), b"").unwrap();
    std::fs::write(
        root.join("Sub Dir/a file with a rather long name indeed.text"),
        vec![b'x'; 5000],
    )
    .unwrap();
    for i in 0..80 {
        std::fs::write(
            root.join(format!("docs/file_number_{i}.dat")),
            format!("{i}\n"),
        )
        .unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("hello.txt", root.join("link")).unwrap();
    let mut p = root.to_path_buf();
    for level in 1..=depth {
        p = p.join(format!("d{level}"));
    }
    if depth > 0 {
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("deep.txt"), b"deep\n").unwrap();
    }
}

/// Builds an image of a fresh tree with `tool` and `args`; `None` if the tool is missing.
fn build(tool: &str, args: &[&str], depth: usize) -> Option<Vec<u8>> {
    if !have(tool) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    make_tree(&tree, depth);
    let out = dir.path().join("out.iso");
    let mut cmd = Command::new(tool);
    if tool == "xorriso" {
        cmd.args(["-as", "mkisofs"]);
    }
    let o = cmd
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg(&tree)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(std::fs::read(out).unwrap())
}

fn genisoimage(depth: usize) -> Option<Vec<u8>> {
    build(
        "genisoimage",
        &["-quiet", "-J", "-R", "-iso-level", "3"],
        depth,
    )
}

fn xorriso(depth: usize) -> Option<Vec<u8>> {
    build("xorriso", &["-R", "-J", "-rr_reloc_dir", "RR_MOVED"], depth)
}

fn run(img: &[u8]) -> Report {
    inspect(Cursor::new(img), img.len() as u64)
}

fn show(r: &Report) -> String {
    r.findings
        .iter()
        .map(Finding::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Errors, less the known xorriso Joliet `..` defect (see the module docs).
fn errors_except_known(r: &Report) -> Vec<&Finding> {
    r.errors()
        .filter(|f| {
            !(f.area == Area::Directory
                && f.at.starts_with("Joliet ")
                && f.at.ends_with("('..' record)"))
        })
        .collect()
}

fn assert_clean(r: &Report) {
    assert!(
        errors_except_known(r).is_empty(),
        "unexpected errors:\n{}",
        show(r)
    );
}

#[track_caller]
fn assert_finds(r: &Report, area: Area, needle: &str) {
    assert!(
        r.errors()
            .any(|f| f.area == area && (f.message.contains(needle) || f.at.contains(needle))),
        "expected an error in {area:?} about {needle:?}, got:\n{}",
        show(r)
    );
}

// --- a tiny reader, independent of the linter, to find what to damage -------------------------

fn le32(b: &[u8], o: usize) -> usize {
    u32::from_le_bytes(b[o..o + 4].try_into().unwrap()) as usize
}

fn put_both32(b: &mut [u8], o: usize, v: u32) {
    b[o..o + 4].copy_from_slice(&v.to_le_bytes());
    b[o + 4..o + 8].copy_from_slice(&v.to_be_bytes());
}

/// Byte offset of the first descriptor of `ty` (1 PVD, 2 SVD).
fn descriptor(img: &[u8], ty: u8) -> usize {
    (16..32)
        .map(|s| s * B)
        .find(|&o| img[o] == ty)
        .expect("descriptor")
}

/// (byte offset, length) of each record of the directory at (lba, size).
fn records(img: &[u8], lba: usize, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for s in 0..size / B {
        let base = (lba + s) * B;
        let mut p = 0;
        while p < B && img[base + p] != 0 {
            out.push((base + p, img[base + p] as usize));
            p += img[base + p] as usize;
        }
    }
    out
}

fn id(img: &[u8], rec: usize) -> &[u8] {
    let n = img[rec + 32] as usize;
    &img[rec + 33..rec + 33 + n]
}

/// The record whose ISO identifier starts with `prefix`, in the directory at the record `dir`.
fn child(img: &[u8], dir: usize, prefix: &[u8]) -> usize {
    records(img, le32(img, dir + 2), le32(img, dir + 10))
        .into_iter()
        .map(|(o, _)| o)
        .find(|&o| id(img, o).starts_with(prefix))
        .unwrap_or_else(|| panic!("no {}", String::from_utf8_lossy(prefix)))
}

fn pvd_root(img: &[u8]) -> usize {
    descriptor(img, 1) + 156
}

// --- reference images ------------------------------------------------------------------------

#[test]
fn genisoimage_images_are_clean() {
    let Some(img) = genisoimage(0) else { return };
    let r = run(&img);
    assert_clean(&r);
    assert!(r.rock_ridge);
    assert_eq!(r.volume_blocks, r.image_blocks);
    // hello, empty, link, the long one, 80 docs.
    assert_eq!(r.iso_files, 84, "{r:?}");
    assert_eq!(r.iso_dirs, 4);
    assert_eq!(r.joliet_dirs, 4);
    assert_eq!(r.joliet_files, 84);
}

#[test]
fn xorriso_images_are_clean_but_for_the_known_joliet_dotdot_defect() {
    let Some(img) = xorriso(0) else { return };
    let r = run(&img);
    assert_clean(&r);
    assert!(r.rock_ridge);
    assert_eq!(r.iso_files, 84);
    // xorriso leaves the symbolic link out of the Joliet tree.
    assert_eq!(r.joliet_files, 83);
}

#[test]
fn deep_trees_relocated_by_the_tools_are_clean() {
    for img in [genisoimage(12), xorriso(12)].into_iter().flatten() {
        let r = run(&img);
        assert_clean(&r);
        assert!(r.rock_ridge);
        // The Joliet tree is not relocated: only warnings.
        assert!(r
            .warnings()
            .any(|f| f.area == Area::Joliet && f.message.contains("level 13")));
    }
}

#[test]
fn a_nine_level_tree_without_relocation_is_an_error() {
    // genisoimage -D and xorrisofs (whose default is -D) write the deep directories in place.
    for tool in ["genisoimage", "xorriso"] {
        let Some(img) = build(tool, &["-R", "-J", "-D"], 9) else {
            continue;
        };
        let r = run(&img);
        assert_finds(&r, Area::Directory, "level 9");
    }
}

// --- damages -----------------------------------------------------------------------------------

#[test]
fn truncation_is_found() {
    let Some(img) = genisoimage(0) else { return };
    let r = run(&img[..img.len() / 2]);
    assert_finds(&r, Area::Volume, "truncated");
    let r = run(&img[..img.len() - 100]);
    assert_finds(&r, Area::Volume, "not a whole number");
}

#[test]
fn volume_size_in_one_endianness_only_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let pvd = descriptor(&img, 1);
    img[pvd + 87] ^= 1;
    assert_finds(&run(&img), Area::Volume, "volume space size");
}

#[test]
fn volume_larger_than_image_is_found_and_smaller_is_a_warning() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let pvd = descriptor(&img, 1);
    let blocks = le32(&img, pvd + 80) as u32;
    put_both32(&mut img, pvd + 80, blocks + 10);
    assert_finds(&run(&img), Area::Volume, "truncated");
    put_both32(&mut img, pvd + 80, blocks);
    img.extend_from_slice(&[0; 4 * B]);
    let r = run(&img);
    assert_clean(&r);
    assert!(r.warnings().any(|f| f.area == Area::Volume));
}

#[test]
fn a_file_extent_past_the_end_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    let past = (img.len() / B) as u32 + 5;
    put_both32(&mut img, rec + 2, past);
    assert_finds(&run(&img), Area::Extents, "HELLO.TXT");
}

#[test]
fn a_both_endian_disagreement_in_a_record_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    img[rec + 17] ^= 0x40; // big-endian half of the data length
    assert_finds(&run(&img), Area::Directory, "data length");
}

#[test]
fn a_wrong_l_path_table_pointer_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let pvd = descriptor(&img, 1);
    let l = le32(&img, pvd + 140) as u32;
    img[pvd + 140..pvd + 144].copy_from_slice(&(l + 1).to_le_bytes());
    assert_finds(&run(&img), Area::PathTable, "path table L");
}

#[test]
fn a_wrong_parent_number_in_the_m_path_table_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let pvd = descriptor(&img, 1);
    let m = u32::from_be_bytes(img[pvd + 148..pvd + 152].try_into().unwrap()) as usize * B;
    // Entry 1 is the root (10 bytes); entry 2 follows.
    let e2 = m + 10;
    img[e2 + 6..e2 + 8].copy_from_slice(&2u16.to_be_bytes());
    assert_finds(&run(&img), Area::PathTable, "parent number");
}

#[test]
fn a_wrong_rock_ridge_nm_length_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    let len = img[rec] as usize;
    let nm = (rec + 33..rec + len - 1)
        .find(|&o| &img[o..o + 2] == b"NM" && img[o + 3] == 1)
        .expect("an NM entry");
    img[nm + 2] = 250;
    assert_finds(&run(&img), Area::RockRidge, "NM entry");
}

#[test]
fn a_corrupted_joliet_escape_sequence_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let svd = descriptor(&img, 2);
    img[svd + 90] = b'Z';
    assert_finds(&run(&img), Area::Joliet, "escape");
}

#[test]
fn a_record_crossing_a_sector_boundary_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let docs = child(&img, pvd_root(&img), b"DOCS");
    let recs = records(&img, le32(&img, docs + 2), le32(&img, docs + 10));
    // A writer that forgot to move to the next sector: copy the head of the next sector's first
    // record into the free tail of the first sector, so that it claims bytes past the boundary.
    let first_sector = recs[0].0 / B;
    let &(last, last_len) = recs.iter().rfind(|(o, _)| o / B == first_sector).unwrap();
    let &(next, _) = recs
        .iter()
        .find(|(o, _)| o / B == first_sector + 1)
        .expect("a directory of two sectors");
    let end = last + last_len;
    let gap = (first_sector + 1) * B - end;
    assert!(gap > 0, "the first sector is full");
    let head = img[next..next + gap].to_vec();
    img[end..end + gap].copy_from_slice(&head);
    assert_finds(&run(&img), Area::Directory, "crosses");
}

#[test]
fn a_lowercase_iso_name_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    img[rec + 33] = b'h';
    assert_finds(&run(&img), Area::Names, "d-character");
}

#[test]
fn a_broken_relocation_is_found() {
    let Some(mut img) = genisoimage(12) else {
        return;
    };
    // Remove the RE entry of the relocated directory: CL then points to a directory without RE.
    let moved = child(&img, pvd_root(&img), b"RR_MOVED");
    let recs = records(&img, le32(&img, moved + 2), le32(&img, moved + 10));
    let (d8, len) = recs[2];
    let re = (d8 + 33..d8 + len - 3)
        .find(|&o| &img[o..o + 4] == b"RE\x04\x01")
        .expect("RE in the relocated directory's record");
    img[re..re + 2].copy_from_slice(b"XX");
    assert_finds(&run(&img), Area::RockRidge, "no RE");
}

// --- robustness ----------------------------------------------------------------------------------

/// Deterministic xorshift, so failures are reproducible.
fn rng(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn damaged_images_never_panic() {
    let Some(img) = genisoimage(12) else { return };
    // The metadata lies between the descriptors and the first file data; damage it most.
    let meta_end = 80 * B;
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..1500 {
        let mut bad = img.clone();
        let flips = 1 + (i % 4);
        for _ in 0..flips {
            let at = 16 * B + (rng(&mut seed) as usize) % (meta_end - 16 * B);
            bad[at] = match rng(&mut seed) % 4 {
                0 => 0,
                1 => 0xFF,
                2 => bad[at] ^ 0x80,
                _ => rng(&mut seed) as u8,
            };
        }
        let r = run(&bad);
        assert!(r.findings.len() <= kiln_core::inspect::MAX_FINDINGS + 1);
    }
    for cut in (0..img.len()).step_by(B * 3 + 7) {
        let r = run(&img[..cut]);
        assert!(!r.is_clean(), "a cut at {cut} must not be clean");
    }
}

#[test]
fn inspect_image_reports_unopenable_files_as_invalid_images() {
    let dir = tempfile::tempdir().unwrap();
    let err = kiln_core::inspect::inspect_image(&dir.path().join("missing.iso")).unwrap_err();
    assert!(
        matches!(err, kiln_core::Error::InvalidImage { .. }),
        "{err:?}"
    );
    let err = kiln_core::inspect::inspect_image(dir.path()).unwrap_err();
    assert!(
        matches!(err, kiln_core::Error::InvalidImage { .. }),
        "{err:?}"
    );
}

#[test]
fn inspect_image_reads_a_file() {
    let Some(img) = genisoimage(0) else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.iso");
    std::fs::write(&path, &img).unwrap();
    let r = kiln_core::inspect::inspect_image(&path).unwrap();
    assert!(r.is_clean(), "{}", show(&r));
    assert!(r.findings.iter().all(|f| f.severity == Severity::Warning));
}

// --- more damages --------------------------------------------------------------------------------

/// Offset of the first SUSP entry `sig` (version 1) in the record at `rec`.
fn susp_entry(img: &[u8], rec: usize, sig: &[u8; 2]) -> usize {
    let len = img[rec] as usize;
    (rec + 33..rec + len - 3)
        .find(|&o| &img[o..o + 2] == sig && img[o + 3] == 1)
        .unwrap_or_else(|| panic!("no {} entry", String::from_utf8_lossy(sig)))
}

#[test]
fn a_stray_multi_extent_flag_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    img[rec + 25] |= 0x80;
    assert_finds(&run(&img), Area::Directory, "multi-extent");
}

#[test]
fn unsorted_records_are_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    // EMPTY.;1 comes before HELLO.TXT;1; renaming it to ZMPTY puts it out of order.
    let rec = child(&img, pvd_root(&img), b"EMPTY");
    img[rec + 33] = b'Z';
    assert_finds(&run(&img), Area::Directory, "not sorted");
}

#[test]
fn a_broken_sp_entry_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let dot = records(&img, le32(&img, pvd_root(&img) + 2), B)[0].0;
    let sp = susp_entry(&img, dot, b"SP");
    img[sp + 5] = 0xEE;
    assert_finds(&run(&img), Area::RockRidge, "SP entry");
}

#[test]
fn a_continuation_area_outside_the_volume_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let dot = records(&img, le32(&img, pvd_root(&img) + 2), B)[0].0;
    let ce = susp_entry(&img, dot, b"CE");
    let past = (img.len() / B) as u32 + 3;
    put_both32(&mut img, ce + 4, past);
    assert_finds(&run(&img), Area::Extents, "continuation area");
}

#[test]
fn a_tf_entry_whose_flags_disagree_with_its_length_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    let tf = susp_entry(&img, rec, b"TF");
    img[tf + 4] ^= 0x10; // one time stamp more or less than recorded
    assert_finds(&run(&img), Area::RockRidge, "TF entry");
}

#[test]
fn a_px_entry_of_the_wrong_length_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let rec = child(&img, pvd_root(&img), b"HELLO.TXT");
    let px = susp_entry(&img, rec, b"PX");
    // Shrink PX to 40 bytes and fill the gap with a PD padding entry.
    img[px + 2] = 40;
    img[px + 40..px + 44].copy_from_slice(b"PD\x04\x01");
    let r = run(&img);
    assert_finds(&r, Area::RockRidge, "PX entry");
}

#[test]
fn a_missing_terminator_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let term = descriptor(&img, 255);
    img[term + 1] = b'X';
    assert_finds(&run(&img), Area::Volume, "terminator");
}

#[test]
fn a_bad_pvd_date_and_block_size_are_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let pvd = descriptor(&img, 1);
    img[pvd + 813 + 4] = b'1';
    img[pvd + 813 + 5] = b'3'; // month 13
    assert_finds(&run(&img), Area::Volume, "creation date");
    img[pvd + 128..pvd + 132].copy_from_slice(&[0, 4, 4, 0]);
    assert_finds(&run(&img), Area::Volume, "logical block size");
}

#[test]
fn a_forbidden_joliet_character_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let svd = descriptor(&img, 2);
    let rec = child(&img, svd + 156, b"\0h\0e\0l\0l\0o");
    img[rec + 33 + 1] = b'*';
    assert_finds(&run(&img), Area::Joliet, "forbids");
}

#[test]
fn damaged_xorriso_images_never_panic() {
    let Some(img) = xorriso(12) else { return };
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let meta_end = 80 * B;
    for _ in 0..600 {
        let mut bad = img.clone();
        for _ in 0..3 {
            let at = 16 * B + (rng(&mut seed) as usize) % (meta_end - 16 * B);
            bad[at] = rng(&mut seed) as u8;
        }
        let _ = run(&bad);
    }
}

#[test]
fn long_joliet_names_are_warnings_only() {
    for tool in ["genisoimage", "xorriso"] {
        if !have(tool) {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir_all(&tree).unwrap();
        let long = format!(
            "{}.txt",
            "a long name that Kiln keeps for Windows ".repeat(2).trim()
        );
        assert!(long.chars().count() > 64 && long.chars().count() <= 103);
        std::fs::write(tree.join(&long), b"x").unwrap();
        let out = dir.path().join("out.iso");
        let mut cmd = Command::new(tool);
        if tool == "xorriso" {
            cmd.args(["-as", "mkisofs"]);
        }
        let o = cmd
            .args(["-R", "-J", "-joliet-long", "-o"])
            .arg(&out)
            .arg(&tree)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let r = run(&std::fs::read(out).unwrap());
        assert_clean(&r);
        assert!(
            r.warnings()
                .any(|f| f.area == Area::Joliet && f.message.contains("over Joliet's 64")),
            "{tool}: {}",
            show(&r)
        );
    }
}

#[test]
fn a_joliet_volume_size_that_disagrees_with_the_image_is_found() {
    let Some(mut img) = genisoimage(0) else {
        return;
    };
    let svd = descriptor(&img, 2);
    let blocks = le32(&img, svd + 80) as u32;
    put_both32(&mut img, svd + 80, blocks + 1);
    let r = run(&img);
    assert!(
        r.errors()
            .any(|f| f.area == Area::Volume && f.at == "Joliet SVD"),
        "{}",
        show(&r)
    );
}

#[test]
fn plain_iso_images_without_extensions_are_clean() {
    let Some(img) = build("genisoimage", &["-quiet"], 0) else {
        return;
    };
    let r = run(&img);
    assert_clean(&r);
    assert!(!r.rock_ridge);
    assert_eq!((r.joliet_dirs, r.joliet_files), (0, 0));
    assert_eq!(r.iso_dirs, 4);
}
