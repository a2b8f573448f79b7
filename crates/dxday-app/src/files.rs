//! Files people attach (to a document, as a report's evidence): which types are
//! taken, checked on their first bytes and not on the name alone, and the name a file
//! is kept under.

/// The media type of a file a document or a report may carry: PDF, Word, Excel (new
/// and old formats), JPEG, PNG; `None` for anything else, or for a name whose content
/// is not what it says.
pub fn attachment_type(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    match ext.as_str() {
        "pdf" if bytes.starts_with(b"%PDF-") => Some("application/pdf"),
        "docx" if zip => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        "xlsx" if zip => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "doc" if ole => Some("application/msword"),
        "xls" if ole => Some("application/vnd.ms-excel"),
        "jpg" | "jpeg" if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => Some("image/jpeg"),
        "png" if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        _ => None,
    }
}

/// A file name safe to store and to send back (no folders, no control characters).
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(150)
        .collect();
    if clean.trim().is_empty() {
        "tep-dinh-kem".into()
    } else {
        clean
    }
}
