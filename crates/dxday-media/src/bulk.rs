//! Bulk framing: many photos in, one ZIP out, on every core, with memory bounded by
//! the number of photos in flight (never by how many there are).

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use zip::write::SimpleFileOptions;

use crate::frame::Frame;
use crate::geometry::Placement;
use crate::render::{Format, compose_bytes, encode};
use crate::{Limits, MediaError};

/// One photo to frame.
pub struct Item {
    /// Its name in the input (file or ZIP entry name).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A photo that could not be read or framed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub name: String,
    pub error: MediaError,
}

/// What a bulk run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub framed: usize,
    pub failed: Vec<Failure>,
}

/// Frames every item (auto-fit: centred cover crop) with `workers` threads and writes
/// the results into a ZIP on `out`. At most `2 × workers` photos are in memory at once.
/// Each photo is rendered once and written in every one of `formats`.
/// `progress` is called after each photo with (framed, failed) so far.
pub fn frame_all<I, W>(
    items: I,
    frame: &Frame,
    width: u32,
    formats: &[Format],
    workers: usize,
    out: W,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, MediaError>
where
    I: Iterator<Item = Result<Item, Failure>> + Send,
    W: Write + Seek,
{
    let workers = workers.max(1);
    let mut zip = zip::ZipWriter::new(out);
    // Framed PNG and JPEG are already compressed: store them.
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut report = Report::default();
    let mut names = HashSet::new();
    let (todo_tx, todo_rx) = mpsc::sync_channel::<Item>(workers);
    type Done = Result<(String, Vec<(Format, Vec<u8>)>), Failure>;
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(workers);
    let todo_rx = Mutex::new(todo_rx);
    std::thread::scope(|scope| -> Result<(), MediaError> {
        let failed_early = done_tx.clone();
        scope.spawn(move || {
            for item in items {
                let sent = match item {
                    Ok(item) => todo_tx.send(item).is_ok(),
                    Err(f) => failed_early.send(Err(f)).is_ok(),
                };
                if !sent {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let todo_rx = &todo_rx;
            scope.spawn(move || {
                loop {
                    let next = match todo_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok(item) = next else { break };
                    let result = compose_bytes(&item.bytes, frame, &Placement::default(), width)
                        .and_then(|composed| {
                            formats
                                .iter()
                                .map(|f| encode(&composed, *f).map(|b| (*f, b)))
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .map(|outputs| (item.name.clone(), outputs))
                        .map_err(|error| Failure {
                            name: item.name,
                            error,
                        });
                    if done_tx.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        for result in done_rx {
            match result {
                Ok((name, outputs)) => {
                    for (format, bytes) in outputs {
                        let entry = output_name(&name, format, &mut names);
                        zip.start_file(entry, options)
                            .map_err(|e| MediaError::Encode(e.to_string()))?;
                        zip.write_all(&bytes)
                            .map_err(|e| MediaError::Encode(e.to_string()))?;
                    }
                    report.framed += 1;
                }
                Err(f) => report.failed.push(f),
            }
            progress(report.framed, report.failed.len());
        }
        Ok(())
    })?;
    zip.finish()
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(report)
}

/// A safe, unique entry name: the input's file name only (no folders, so no path
/// traversal), with the output's extension.
fn output_name(input: &str, format: Format, taken: &mut HashSet<String>) -> String {
    let base = input.rsplit(['/', '\\']).next().unwrap_or(input);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let stem: String = stem.chars().filter(|c| !c.is_control()).collect();
    let stem = if stem.trim().is_empty() {
        "anh".to_string()
    } else {
        stem
    };
    let mut name = format!("{stem}.{}", format.extension());
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}.{}", format.extension());
        n += 1;
    }
    name
}

fn is_photo_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".heic", ".heif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The photos of a folder (JPEG, PNG; HEIC reported as unsupported), read one by one.
pub fn folder_items(
    dir: &Path,
) -> std::io::Result<(
    usize,
    impl Iterator<Item = Result<Item, Failure>> + Send + use<>,
)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_photo_name)
        })
        .collect();
    paths.sort();
    let count = paths.len();
    let iter = paths.into_iter().map(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        read_limited(
            File::open(&p).map_err(|e| MediaError::Corrupt(e.to_string())),
            &name,
        )
        .map(|bytes| Item {
            name: name.clone(),
            bytes,
        })
    });
    Ok((count, iter))
}

/// The photos inside a ZIP, read one entry at a time; an entry larger than a photo
/// may be (as declared or as actually inflated) is refused, so a ZIP bomb is not.
pub fn zip_items<R: Read + Seek + Send>(
    reader: R,
) -> Result<(usize, impl Iterator<Item = Result<Item, Failure>> + Send), MediaError> {
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| MediaError::Corrupt(format!("ZIP: {e}")))?;
    let indices: Vec<usize> = (0..archive.len())
        .filter(|&i| {
            archive
                .by_index(i)
                .is_ok_and(|f| f.is_file() && f.name().is_ok_and(|n| is_photo_name(&n)))
        })
        .collect();
    let count = indices.len();
    let iter = indices.into_iter().map(move |i| {
        let entry = archive.by_index(i).map_err(|e| Failure {
            name: format!("#{i}"),
            error: MediaError::Corrupt(e.to_string()),
        })?;
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        if entry.size() > Limits::PHOTO.max_bytes as u64 {
            return Err(Failure {
                name,
                error: MediaError::TooManyBytes {
                    bytes: entry.size() as usize,
                    max: Limits::PHOTO.max_bytes,
                },
            });
        }
        read_limited(Ok(entry), &name).map(|bytes| Item { name, bytes })
    });
    Ok((count, iter))
}

fn read_limited<R: Read>(reader: Result<R, MediaError>, name: &str) -> Result<Vec<u8>, Failure> {
    let fail = |error| Failure {
        name: name.to_string(),
        error,
    };
    let reader = reader.map_err(fail)?;
    let mut bytes = Vec::new();
    reader
        .take(Limits::PHOTO.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(MediaError::Corrupt(e.to_string())))?;
    if bytes.len() > Limits::PHOTO.max_bytes {
        return Err(fail(MediaError::TooManyBytes {
            bytes: bytes.len(),
            max: Limits::PHOTO.max_bytes,
        }));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_flat_unique_and_carry_the_new_extension() {
        let mut taken = HashSet::new();
        assert_eq!(
            output_name("../../etc/passwd.jpg", Format::Png, &mut taken),
            "passwd.png"
        );
        assert_eq!(
            output_name("a/Nguyễn Văn A.JPG", Format::Png, &mut taken),
            "Nguyễn Văn A.png"
        );
        assert_eq!(
            output_name("b/Nguyễn Văn A.png", Format::Png, &mut taken),
            "Nguyễn Văn A-2.png"
        );
        assert_eq!(output_name(".jpg", Format::Jpeg, &mut taken), "anh.jpg");
    }
}
