//! `dxday frame`: single photos, folders and ZIPs, and bad input, with the real binary.

use crate::helpers::{dxday, fails, fails_with, succeeds};
use std::io::{Cursor, Write};

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

fn write_frame(dir: &std::path::Path) -> std::path::PathBuf {
    let frame = RgbaImage::from_fn(300, 300, |x, y| {
        let (dx, dy) = (f64::from(x) - 150.0, f64::from(y) - 150.0);
        if (dx * dx + dy * dy).sqrt() < 120.0 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([200, 16, 46, 255])
        }
    });
    let path = dir.join("khung.png");
    frame.save(&path).expect("save frame");
    path
}

fn photo_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .expect("jpeg");
    out
}

#[test]
fn one_photo_is_framed_to_the_requested_size_and_format() {
    let dir = tempfile::tempdir().expect("dir");
    let frame = write_frame(dir.path());
    std::fs::write(dir.path().join("anh.jpg"), photo_jpeg(800, 600)).expect("write");
    let out = dir.path().join("ket-qua.jpg");
    let status = dxday()
        .args(["frame", "--frame"])
        .arg(&frame)
        .arg("--photo")
        .arg(dir.path().join("anh.jpg"))
        .arg("--out")
        .arg(&out)
        .args(["--size", "512"])
        .status()
        .expect("run");
    assert!(status.success());
    let bytes = std::fs::read(&out).expect("output");
    assert_eq!(
        image::guess_format(&bytes).ok(),
        Some(ImageFormat::Jpeg),
        "format from the extension"
    );
    let img = image::load_from_memory(&bytes).expect("decode");
    assert_eq!((img.width(), img.height()), (512, 512));
    // The frame's red ring is in the corner; the photo shows through the window.
    let corner = img.to_rgb8().get_pixel(5, 5).0;
    assert!(corner[0] > 180 && corner[1] < 50, "{corner:?}");
}

#[test]
fn a_folder_and_a_zip_become_a_zip_of_framed_photos_and_bad_files_are_reported() {
    let dir = tempfile::tempdir().expect("dir");
    let frame = write_frame(dir.path());
    let photos = dir.path().join("can-bo");
    std::fs::create_dir(&photos).expect("mkdir");
    for i in 0..7 {
        std::fs::write(
            photos.join(format!("nguoi-{i}.jpg")),
            photo_jpeg(400 + i * 10, 300),
        )
        .expect("write");
    }
    std::fs::write(photos.join("hong.jpg"), &photo_jpeg(400, 300)[..500]).expect("truncated");
    std::fs::write(photos.join("ghi-chu.txt"), "not a photo").expect("txt");
    let out = dir.path().join("khung.zip");
    // One photo failed, so the exit code says so.
    let err = fails(
        dxday()
            .args(["frame", "--quiet", "--frame"])
            .arg(&frame)
            .arg("--photos")
            .arg(&photos)
            .arg("--out")
            .arg(&out)
            .args(["--size", "256", "--jobs", "2"]),
    );
    assert!(
        err.contains("hong.jpg") && err.contains("7 framed, 1 failed"),
        "{err}"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("zip")).expect("read zip");
    assert_eq!(zip.len(), 7);
    let mut first = zip.by_name("nguoi-0.png").expect("entry");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut first, &mut bytes).expect("read");
    assert_eq!(image::load_from_memory(&bytes).expect("png").width(), 256);
    drop(first);

    // The same photos inside a ZIP, with a folder inside and a name that tries to escape.
    let input_zip = dir.path().join("vao.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&input_zip).expect("create"));
    for (i, name) in ["phong/a.jpg", "../../thoat.jpg", "b.JPG"]
        .iter()
        .enumerate()
    {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        w.write_all(&photo_jpeg(300 + i as u32, 300))
            .expect("write");
    }
    w.finish().expect("finish");
    let out2 = dir.path().join("ra.zip");
    succeeds(
        dxday()
            .args(["frame", "--quiet", "--format", "jpg", "--frame"])
            .arg(&frame)
            .arg("--photos")
            .arg(&input_zip)
            .arg("--out")
            .arg(&out2),
    );
    let zip = zip::ZipArchive::new(std::fs::File::open(&out2).expect("zip")).expect("read zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("name").to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["a.jpg", "b.jpg", "thoat.jpg"]);
}

#[test]
fn bad_frames_and_bad_photos_are_one_line_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let frame = write_frame(dir.path());
    let opaque = dir.path().join("dac.png");
    RgbaImage::from_pixel(100, 100, Rgba([1, 2, 3, 255]))
        .save(&opaque)
        .expect("save");
    let photo = dir.path().join("anh.jpg");
    std::fs::write(&photo, photo_jpeg(200, 200)).expect("write");
    let heic = dir.path().join("anh.heic");
    let mut h = vec![0, 0, 0, 24];
    h.extend_from_slice(b"ftypheic");
    h.extend_from_slice(&[0; 32]);
    std::fs::write(&heic, h).expect("write");
    let empty = dir.path().join("rong.jpg");
    std::fs::write(&empty, b"").expect("write");
    let out = dir.path().join("x.png");
    let cases: [(&std::path::Path, &std::path::Path, &str); 3] = [
        (&opaque, &photo, "no transparent window"),
        (&frame, &heic, "HEIC"),
        (&frame, &empty, "empty"),
    ];
    for (f, p, want) in cases {
        fails_with(
            dxday()
                .args(["frame", "--frame"])
                .arg(f)
                .arg("--photo")
                .arg(p)
                .arg("--out")
                .arg(&out),
            want,
        );
    }
    assert!(!out.exists(), "nothing is written on error");
}

#[test]
fn bulk_framing_can_write_a_png_and_a_jpeg_of_every_photo() {
    let dir = tempfile::tempdir().expect("dir");
    let frame = write_frame(dir.path());
    let photos = dir.path().join("anh");
    std::fs::create_dir(&photos).expect("mkdir");
    for i in 0..2 {
        std::fs::write(photos.join(format!("p{i}.jpg")), photo_jpeg(300, 200)).expect("write");
    }
    let out = dir.path().join("ca-hai.zip");
    succeeds(
        dxday()
            .args([
                "frame", "--quiet", "--format", "both", "--size", "128", "--frame",
            ])
            .arg(&frame)
            .arg("--photos")
            .arg(&photos)
            .arg("--out")
            .arg(&out),
    );
    let zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("zip")).expect("read");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("name").to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["p0.jpg", "p0.png", "p1.jpg", "p1.png"]);
    // One photo, two formats from one render.
    let (png, jpg) = (dir.path().join("a.png"), dir.path().join("a.jpg"));
    let status = dxday()
        .args(["frame", "--frame"])
        .arg(&frame)
        .arg("--photo")
        .arg(photos.join("p0.jpg"))
        .arg("--out")
        .arg(&png)
        .arg("--out")
        .arg(&jpg)
        .status()
        .expect("run");
    assert!(status.success());
    assert_eq!(
        image::guess_format(&std::fs::read(&png).expect("png")).ok(),
        Some(ImageFormat::Png)
    );
    assert_eq!(
        image::guess_format(&std::fs::read(&jpg).expect("jpg")).ok(),
        Some(ImageFormat::Jpeg)
    );
}
