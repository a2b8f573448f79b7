//! Every XLSX and DOCX dxday writes is valid Ecma-376: each part of the package checked
//! by libxml2 (`xmllint`) against the transitional schemas and the OPC schemas in
//! `tests/ooxml-schemas/` (Apache POI's copy), so a spreadsheet program or Word never
//! offers to "repair" it. The workbooks and documents come from the demo's data.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use dxday_domain::Scope;
use dxday_domain::team::Period;

use crate::helpers::{Backend, in_ci, spawn_app};

/// The schema of a part, by its name; `None` for a part left unchecked, with why.
fn schema_of(part: &str) -> Result<&'static str, &'static str> {
    match part {
        "[Content_Types].xml" => Ok("opc-contentTypes.xsd"),
        p if p.ends_with(".rels") => Ok("opc-relationships.xsd"),
        "xl/workbook.xml" | "xl/styles.xml" | "xl/sharedStrings.xml" => Ok("sml.xsd"),
        p if p.starts_with("xl/worksheets/") => Ok("sml.xsd"),
        p if p.starts_with("xl/theme/") => Ok("dml-main.xsd"),
        p if p.starts_with("word/media/") => Err("an image"),
        // Word 2012's extension part (w15), outside Ecma-376.
        "word/commentsExtended.xml" => Err("w15 extension"),
        p if p.starts_with("word/") && p.ends_with(".xml") => Ok("wml.xsd"),
        "docProps/custom.xml" => Ok("shared-documentPropertiesCustom.xsd"),
        "docProps/app.xml" => Ok("shared-documentPropertiesExtended.xsd"),
        // Dublin Core: its schema imports the W3C's and DCMI's, which are not in the set.
        "docProps/core.xml" => Err("Dublin Core"),
        _ => Ok(""),
    }
}

/// The schemas, unpacked once into `dir`.
fn unpack_schemas(dir: &Path) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ooxml-schemas");
    for zip in [
        "OfficeOpenXML-XMLSchema-Transitional.zip",
        "OpenPackagingConventions-XMLSchema.zip",
    ] {
        let bytes = std::fs::read(here.join(zip)).expect("the schemas");
        zip::ZipArchive::new(Cursor::new(bytes))
            .expect("a zip")
            .extract(dir)
            .expect("unpacked");
    }
    // wml.xsd imports the XML namespace (xml:space) without a location, and the W3C's
    // xml.xsd is not in the set: a minimal one, declaring the two attributes, stands in.
    std::fs::write(
        dir.join("xml.xsd"),
        r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
</xs:schema>"#,
    )
    .expect("xml.xsd");
    let wml = dir.join("wml.xsd");
    let text = std::fs::read_to_string(&wml).expect("wml.xsd");
    let import = r#"<xsd:import namespace="http://www.w3.org/XML/1998/namespace"/>"#;
    assert!(text.contains(import), "wml.xsd imports the XML namespace");
    std::fs::write(
        &wml,
        text.replace(
            import,
            r#"<xsd:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>"#,
        ),
    )
    .expect("wml.xsd");
}

/// The problems of a workbook's parts (empty when every part validates), and how many
/// parts were checked.
fn problems(name: &str, bytes: &[u8], schemas: &Path, work: &Path) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut checked = 0;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let part = entry.name().expect("a part name").to_string();
        let mut xml = Vec::new();
        entry.read_to_end(&mut xml).expect("read");
        let schema = match schema_of(&part) {
            Err(_) => continue,
            Ok("") => {
                out.push(format!("{name}: {part}: a part with no schema to check it"));
                continue;
            }
            Ok(s) => s,
        };
        // Excel itself keeps a text's outer spaces with `xml:space="preserve"` on `<t>`,
        // which the schema's simple type does not declare (as for the extension markup
        // the schemas' README says to drop): it is taken out before the check.
        let xml = String::from_utf8_lossy(&xml).replace(" xml:space=\"preserve\"", "");
        let file: PathBuf = work.join(format!("{i}.xml"));
        std::fs::write(&file, xml.as_bytes()).expect("write the part");
        let run = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(schemas.join(schema))
            .arg(&file)
            .output()
            .expect("xmllint runs");
        checked += 1;
        if !run.status.success() {
            out.push(format!(
                "{name}: {part}: {}",
                String::from_utf8_lossy(&run.stderr).trim()
            ));
        }
    }
    (out, checked)
}

/// The demo's server, a scratch folder and the unpacked schemas; `None` where xmllint is
/// missing (never in CI) or the database is not there.
async fn checker() -> Option<(crate::helpers::TestApp, tempfile::TempDir, PathBuf)> {
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            !in_ci(),
            "CI must install libxml2-utils: the schema test may not be skipped in CI"
        );
        eprintln!("schema test skipped: xmllint not found (apt-get install libxml2-utils)");
        return None;
    }
    let app = spawn_app(Backend::Sqlite).await?;
    let dir = tempfile::tempdir().expect("dir");
    let schemas = dir.path().join("xsd");
    unpack_schemas(&schemas);
    Some((app, dir, schemas))
}

/// Every kind of workbook dxday writes, from the demo's data: the roll-up and register
/// of teams, the streets, the frames' participation, the outgoing register, a
/// consolidated report, the campaign's results, the tasks and the kit's display (these
/// two through the office's pages).
pub async fn every_workbook(app: &crate::helpers::TestApp) -> Vec<(&'static str, Vec<u8>)> {
    let db = &app.db;
    let lang = dxday_app::Lang::Vi;
    let all = Scope::system();
    let campaign = dxday_store::campaigns::list(db).await.expect("campaigns")[0].clone();
    let months = Period::months(campaign.data.starts_on, campaign.data.ends_on);
    let vhtt = crate::helpers::unit_of(db, "vhtt").await;
    let request = dxday_store::reports::for_campaign(db, campaign.id)
        .await
        .expect("requests")
        .into_iter()
        .next();
    let mut books: Vec<(&str, Vec<u8>)> = vec![
        (
            "teams roll-up",
            dxday_app::teams::rollup_workbook(db, &all, lang, &months)
                .await
                .expect("roll-up"),
        ),
        (
            "teams register",
            dxday_app::teams::register_workbook(db, &all, lang)
                .await
                .expect("register"),
        ),
        (
            "payment streets",
            dxday_app::payments::workbook(db, &all, lang)
                .await
                .expect("streets"),
        ),
        (
            "frame participation",
            dxday_app::frames::participation_xlsx(db, &campaign, lang)
                .await
                .expect("participation"),
        ),
        (
            "document register",
            dxday_app::documents::register_xlsx(db, vhtt, 2024, lang)
                .await
                .expect("register"),
        ),
    ];
    if let Some(r) = request
        && let Some(c) = dxday_store::reports::consolidated(db, r.request.id)
            .await
            .expect("consolidated")
    {
        books.push((
            "report consolidated",
            dxday_app::reports::consolidated_xlsx(lang, &[c], "Phòng Văn hóa và Thông tin")
                .expect("xlsx"),
        ));
    }
    dxday_app::indicators::demo::load(db, &all, &campaign)
        .await
        .expect("demo figures");
    books.push((
        "campaign results",
        dxday_app::indicators::report::results_xlsx(db, &all, lang, campaign.id)
            .await
            .expect("results"),
    ));
    let office = app.office().await;
    for (name, path) in [
        ("tasks", "/quan-tri/nhiem-vu.xlsx"),
        ("kit display", "/quan-tri/hien-thi/tong-hop.xlsx"),
    ] {
        books.push((
            name,
            crate::helpers::ok_bytes(office.get(app.url(path))).await,
        ));
    }
    books
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_workbook_dxday_writes_validates_against_ecma_376() {
    let Some((app, dir, schemas)) = checker().await else {
        return;
    };
    let books = every_workbook(&app).await;
    let work = dir.path().join("parts");
    std::fs::create_dir_all(&work).expect("dir");
    let mut found = Vec::new();
    for (name, bytes) in &books {
        let (bad, checked) = problems(name, bytes, &schemas, &work);
        // Content types, two relationship parts, the workbook, its styles, a sheet…
        assert!(checked >= 7, "{name}: only {checked} parts checked");
        found.extend(bad);
    }
    assert!(books.len() >= 9, "every kind of workbook");
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_document_dxday_writes_validates_against_ecma_376() {
    let Some((app, dir, schemas)) = checker().await else {
        return;
    };
    let db = &app.db;
    let all = Scope::system();
    let campaign = dxday_store::campaigns::list(db).await.expect("campaigns")[0].clone();
    let seed = dxday_store::documents::find_by_number(db, 1, "VHTT", 2024)
        .await
        .expect("db")
        .expect("the seed dispatch");
    let request = dxday_store::reports::for_campaign(db, campaign.id)
        .await
        .expect("requests")
        .into_iter()
        .next()
        .expect("the demo's request");
    dxday_app::indicators::demo::load(db, &all, &campaign)
        .await
        .expect("demo figures");
    let documents: Vec<(&str, Vec<u8>)> = vec![
        (
            "dispatch (with its QR code)",
            dxday_app::documents::docx_of(&seed).expect("docx"),
        ),
        (
            "consolidated report (tables)",
            dxday_app::reports::consolidated_docx(db, request.request.id)
                .await
                .expect("report")
                .expect("a report"),
        ),
        (
            "results report",
            dxday_app::indicators::report::results_docx(db, &all, campaign.id)
                .await
                .expect("results"),
        ),
    ];
    let work = dir.path().join("parts");
    std::fs::create_dir_all(&work).expect("dir");
    let mut found = Vec::new();
    for (name, bytes) in &documents {
        let (bad, checked) = problems(name, bytes, &schemas, &work);
        // Content types, relationships, the document, styles, settings, headers…
        assert!(checked >= 9, "{name}: only {checked} parts checked");
        found.extend(bad);
    }
    assert!(found.is_empty(), "{found:#?}");
}
