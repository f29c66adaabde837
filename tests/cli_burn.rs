//! `kiln burn data|audio --recorder virtual-*`, `kiln erase` and `kiln recorders` end to end:
//! the virtual recorder's disc equals what the image-file recorder writes.

use std::path::Path;
use std::process::{Command, Output};

fn kiln(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A 16-bit stereo 44.1 kHz WAV of `frames` frames.
fn wav(path: &Path, frames: u32, seed: u32) {
    let data_len = frames * 4;
    let mut b = Vec::with_capacity(44 + data_len as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&44_100u32.to_le_bytes());
    b.extend_from_slice(&(44_100u32 * 4).to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    for _ in 0..frames * 2 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b.extend_from_slice(&((x >> 20) as i16 - 2048).to_le_bytes());
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn recorders_lists_the_virtual_recorders() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(kiln(dir.path(), &["recorders"]));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "ID\tKIND\tNAME");
    assert!(lines[1].starts_with("image\timage-file\t"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("virtual-dvd+r\temulated\t")),
        "{text}"
    );
    assert!(lines.iter().all(|l| l.split('\t').count() == 3), "{text}");
}

#[test]
fn burn_data_on_virtual_recorders_gives_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    let noise: Vec<u8> = (0..700_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(src.join("noise.bin"), noise).unwrap();
    std::fs::write(src.join("sub/a.txt"), b"a").unwrap();
    ok(kiln(
        dir.path(),
        &["burn", "data", "--reproducible", "--to", "image.iso", "src"],
    ));
    let image = std::fs::read(dir.path().join("image.iso")).unwrap();
    for id in ["virtual-dvd+r", "virtual-bd-r", "virtual-cd-r"] {
        let name = format!("{id}.iso");
        ok(kiln(
            dir.path(),
            &[
                "burn",
                "data",
                "--reproducible",
                "--recorder",
                id,
                "--to",
                &name,
                "src",
            ],
        ));
        assert!(
            std::fs::read(dir.path().join(&name)).unwrap() == image,
            "{id}"
        );
    }
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-dvd-r",
            "--to",
            "m.iso",
            "--multisession",
            "--no-verify",
            "src",
        ],
    ));
    // Asking for DVD-RW overwrite is accepted, and changes nothing on another medium.
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-dvd+r",
            "--to",
            "ow.iso",
            "--dvd-rw-overwrite",
            "src",
        ],
    ));
    // Simulation on a medium without test write is refused, with exit code 1.
    let out = kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-dvd+r",
            "--simulate",
            "src",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("simulation"));
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-cd-r",
            "--simulate",
            "src",
        ],
    ));
}

#[test]
fn burn_audio_on_the_virtual_cd_r_gives_the_bin_and_erase_works() {
    let dir = tempfile::tempdir().unwrap();
    wav(&dir.path().join("a.wav"), 44_100 * 5 + 17, 1);
    wav(&dir.path().join("b.wav"), 44_100 * 4 + 588, 2);
    ok(kiln(
        dir.path(),
        &["burn", "audio", "--to", "image.cue", "a.wav", "b.wav"],
    ));
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "audio",
            "--recorder",
            "virtual-cd-r",
            "--to",
            "virtual.bin",
            "a.wav",
            "b.wav",
        ],
    ));
    let a = std::fs::read(dir.path().join("image.bin")).unwrap();
    let b = std::fs::read(dir.path().join("virtual.bin")).unwrap();
    assert!(a == b, "{} vs {} bytes", a.len(), b.len());

    let out = ok(kiln(dir.path(), &["erase", "--recorder", "virtual-cd-rw"]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("virtual-cd-rw"));
    ok(kiln(
        dir.path(),
        &["erase", "--recorder", "virtual-cd-rw", "--full"],
    ));
    let out = kiln(dir.path(), &["erase", "--recorder", "virtual-dvd+r"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn dual_layer_virtual_recorders_and_dvd_rw_erase() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a.txt"), b"dual layer").unwrap();
    ok(kiln(
        dir.path(),
        &["burn", "data", "--reproducible", "--to", "image.iso", "src"],
    ));
    let image = std::fs::read(dir.path().join("image.iso")).unwrap();
    let listed = ok(kiln(dir.path(), &["recorders"]));
    let listed = String::from_utf8_lossy(&listed.stdout);
    for id in ["virtual-dvd+r-dl", "virtual-dvd-r-dl", "virtual-dvd-rw"] {
        assert!(
            listed.lines().any(|l| l.starts_with(&format!("{id}\t"))),
            "{listed}"
        );
    }
    for id in ["virtual-dvd+r-dl", "virtual-dvd-r-dl", "virtual-dvd-rw"] {
        let name = format!("{id}.iso");
        ok(kiln(
            dir.path(),
            &[
                "burn",
                "data",
                "--reproducible",
                "--recorder",
                id,
                "--to",
                &name,
                "src",
            ],
        ));
        assert!(
            std::fs::read(dir.path().join(&name)).unwrap() == image,
            "{id}"
        );
    }
    // A DVD-R DL has no multisession: refused before writing, naming the drive.
    let out = kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--recorder",
            "virtual-dvd-r-dl",
            "--to",
            "ms.iso",
            "--multisession",
            "src",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("virtual-dvd-r-dl") && err.contains("multisession"),
        "{err}"
    );
    assert!(!dir.path().join("ms.iso").exists());
    // A BD-RE formatted with spares when asked (the image is the same).
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--reproducible",
            "--recorder",
            "virtual-bd-re",
            "--defect-management",
            "--to",
            "dm.iso",
            "src",
        ],
    ));
    assert!(std::fs::read(dir.path().join("dm.iso")).unwrap() == image);
    // Issue 4's form: --recorder virtual:PROFILE:DIR saves the disc as DIR/ID.iso.
    for profile in ["dvd+r-dl", "dvd-r-dl"] {
        ok(kiln(
            dir.path(),
            &[
                "burn",
                "data",
                "--reproducible",
                "--recorder",
                &format!("virtual:{profile}:out"),
                "src",
            ],
        ));
        let saved = dir.path().join(format!("out/virtual-{profile}.iso"));
        assert!(std::fs::read(&saved).unwrap() == image, "{profile}");
    }
    // A CD-R written session at once holds the same image.
    ok(kiln(
        dir.path(),
        &[
            "burn",
            "data",
            "--reproducible",
            "--sao",
            "--recorder",
            "virtual:cd-r:sao",
            "src",
        ],
    ));
    let saved = dir.path().join("sao/virtual-cd-r.iso");
    assert!(std::fs::read(&saved).unwrap() == image, "cd-r --sao");
    ok(kiln(
        dir.path(),
        &["erase", "--recorder", "virtual:dvd-rw:out"],
    ));
    let out = kiln(
        dir.path(),
        &["burn", "data", "--recorder", "virtual:floppy:out", "src"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("virtual:floppy:out"));
    // kiln erase works on a DVD-RW, quick and full.
    ok(kiln(dir.path(), &["erase", "--recorder", "virtual-dvd-rw"]));
    ok(kiln(
        dir.path(),
        &["erase", "--recorder", "virtual-dvd-rw", "--full"],
    ));
}
