use super::*;
use crate::helpers::{dxday, fails, succeeds};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exports_the_consolidated_report_as_xlsx_and_docx() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let campaign = dxday_store::campaigns::list(&app.db).await.expect("c")[0].id;
    let id = reports::for_campaign(&app.db, campaign)
        .await
        .expect("list")[0]
        .request
        .id;
    let dir = tempfile::tempdir().expect("dir");
    for format in ["xlsx", "docx"] {
        let out = dir.path().join(format!("bc.{format}"));
        succeeds(
            dxday()
                .args([
                    "report",
                    "export",
                    "--request",
                    &id.to_string(),
                    "--format",
                    format,
                ])
                .arg("--out")
                .arg(&out)
                .args(["--database-url", &app.db_url]),
        );
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(b"PK"), "{format} is a zip package");
    }
    let xlsx = std::fs::read(dir.path().join("bc.xlsx")).expect("xlsx");
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).expect("open");
    // The summary, the figures by indicator, the request's sheet.
    assert_eq!(book.sheet_names().len(), 3, "{:?}", book.sheet_names());
    // Bad input: one line, a non-zero exit.
    for (args, message) in [
        (
            vec![
                "report",
                "export",
                "--request",
                "999999",
                "--format",
                "xlsx",
            ],
            "no report request with id 999999",
        ),
        (
            vec!["report", "export", "--request", "1", "--format", "pdf"],
            "invalid value 'pdf'",
        ),
    ] {
        let err =
            fails(
                dxday()
                    .args(&args)
                    .args(["--out", "/dev/null", "--database-url", &app.db_url]),
            );
        assert!(err.contains(message), "{err}");
    }
}
