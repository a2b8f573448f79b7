//! Every address of the site, named once: the router takes its patterns from here,
//! and handlers and templates build links and redirects with [`Route::with`], so no
//! `/quan-tri/…` string is written anywhere else.

use std::fmt;

/// A route's path pattern (`/quan-tri/don-vi/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route(&'static str);

impl Route {
    /// The pattern, for the router (and the address itself when it has no parameter).
    pub const fn pattern(self) -> &'static str {
        self.0
    }

    /// The address with its one parameter filled in.
    pub fn with(self, a: impl fmt::Display) -> String {
        self.fill(&[&a])
    }

    /// The address with its two parameters filled in, in order.
    pub fn with2(self, a: impl fmt::Display, b: impl fmt::Display) -> String {
        self.fill(&[&a, &b])
    }

    /// The address with its three parameters filled in, in order.
    pub fn with3(self, a: impl fmt::Display, b: impl fmt::Display, c: impl fmt::Display) -> String {
        self.fill(&[&a, &b, &c])
    }

    fn fill(self, args: &[&dyn fmt::Display]) -> String {
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut args = args.iter();
        let mut rest = self.0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            if let Some(a) = args.next() {
                out.push_str(&a.to_string());
            }
            rest = &rest[close.min(rest.len())..];
        }
        out.push_str(rest);
        out
    }
}

/// The address of a route without parameters (templates write `{{ paths::UNITS }}`).
impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl From<Route> for String {
    fn from(r: Route) -> String {
        r.0.to_string()
    }
}

pub const METRICS: Route = Route("/metrics");
pub const LOGIN: Route = Route("/dang-nhap");
pub const LOGOUT: Route = Route("/dang-xuat");
pub const ADMIN: Route = Route("/quan-tri");
pub const PASSWORD: Route = Route("/quan-tri/mat-khau");
pub const UNITS: Route = Route("/quan-tri/don-vi");
pub const UNIT_NEW: Route = Route("/quan-tri/don-vi/moi");
pub const UNIT: Route = Route("/quan-tri/don-vi/{id}");
pub const UNIT_ARCHIVE: Route = Route("/quan-tri/don-vi/{id}/luu-tru");
pub const USERS: Route = Route("/quan-tri/nguoi-dung");
pub const USER_NEW: Route = Route("/quan-tri/nguoi-dung/moi");
pub const USER: Route = Route("/quan-tri/nguoi-dung/{id}");
pub const USER_ARCHIVE: Route = Route("/quan-tri/nguoi-dung/{id}/luu-tru");
pub const CAMPAIGNS: Route = Route("/quan-tri/chien-dich");
pub const CAMPAIGN_NEW: Route = Route("/quan-tri/chien-dich/moi");
pub const CAMPAIGN: Route = Route("/quan-tri/chien-dich/{id}");
pub const CAMPAIGN_ARCHIVE: Route = Route("/quan-tri/chien-dich/{id}/luu-tru");
pub const CAMPAIGN_NEXT: Route = Route("/quan-tri/chien-dich/{id}/nam-moi");
pub const AUDIT_LOG: Route = Route("/quan-tri/nhat-ky");
pub const FRAMES: Route = Route("/quan-tri/khung-anh");
pub const FRAMES_PARTICIPATION: Route = Route("/quan-tri/khung-anh/tham-gia.xlsx");
pub const FRAME_ADMIN: Route = Route("/quan-tri/khung-anh/{file}");
pub const FRAME_ARCHIVE: Route = Route("/quan-tri/khung-anh/{id}/luu-tru");
pub const KIT: Route = Route("/bo-nhan-dien");
pub const KIT_SHORT: Route = Route("/k/{year}");
pub const KIT_SHORT_ASSET: Route = Route("/k/{year}/{rest}");
pub const KIT_ZIP: Route = Route("/bo-nhan-dien/tai-tat-ca.zip");
pub const KIT_DOWNLOAD: Route = Route("/bo-nhan-dien/{id}/tai-ve");
pub const KIT_PREVIEW: Route = Route("/bo-nhan-dien/xem/{name}");
pub const KIT_ADMIN: Route = Route("/quan-tri/bo-nhan-dien");
pub const KIT_ARCHIVE: Route = Route("/quan-tri/bo-nhan-dien/{id}/luu-tru");
pub const DISPLAY: Route = Route("/quan-tri/hien-thi");
pub const DISPLAY_XLSX: Route = Route("/quan-tri/hien-thi/tong-hop.xlsx");
pub const DISPLAY_UNIT: Route = Route("/quan-tri/hien-thi/don-vi/{unit}");
pub const DISPLAY_ITEM: Route = Route("/quan-tri/hien-thi/{id}");
pub const DISPLAY_DELETE: Route = Route("/quan-tri/hien-thi/{id}/xoa");
pub const DISPLAY_PHOTO: Route = Route("/quan-tri/hien-thi/{id}/anh");
pub const STREETS: Route = Route("/quan-tri/tuyen-pho");
pub const STREETS_IMPORT: Route = Route("/quan-tri/tuyen-pho/nhap");
pub const STREETS_XLSX: Route = Route("/quan-tri/tuyen-pho/xuat.xlsx");
pub const STREET: Route = Route("/quan-tri/tuyen-pho/{id}");
pub const STREET_MERCHANTS: Route = Route("/quan-tri/tuyen-pho/{id}/co-so");
pub const MERCHANT: Route = Route("/quan-tri/co-so/{id}");
pub const MERCHANT_DELETE: Route = Route("/quan-tri/co-so/{id}/xoa");
pub const MERCHANT_STANDEE: Route = Route("/quan-tri/co-so/{id}/standee.png");
pub const STREET_STANDEES: Route = Route("/quan-tri/tuyen-pho/{id}/standees.pdf");
pub const PUBLIC_STREETS: Route = Route("/tuyen-pho-so");
pub const PUBLIC_OFFERS: Route = Route("/thang-tieu-dung-so");
pub const PUBLIC_TEAMS: Route = Route("/to-cong-nghe-so");
pub const PUBLIC_HONOURS: Route = Route("/vinh-danh");
pub const PUBLIC_RESULTS: Route = Route("/ket-qua");
pub const INDICATORS: Route = Route("/quan-tri/chi-so");
pub const INDICATOR_NEW: Route = Route("/quan-tri/chi-so/moi");
pub const INDICATOR_GRID: Route = Route("/quan-tri/chi-so/day-du");
pub const RESULTS_REPORT: Route = Route("/quan-tri/chi-so/bao-cao");
pub const RESULTS_REPORT_FILE: Route = Route("/quan-tri/chi-so/bao-cao/{file}");
pub const INDICATOR: Route = Route("/quan-tri/chi-so/{id}");
pub const INDICATOR_TARGET: Route = Route("/quan-tri/chi-so/{id}/chi-tieu");
pub const INDICATOR_IMPORT: Route = Route("/quan-tri/chi-so/{id}/nhap");
pub const HONOURS: Route = Route("/quan-tri/thi-dua");
pub const HONOURS_MOVEMENT: Route = Route("/quan-tri/thi-dua/{id}");
pub const HONOURS_REGISTER: Route = Route("/quan-tri/thi-dua/{id}/dang-ky");
pub const HONOURS_NOMINATE: Route = Route("/quan-tri/thi-dua/{id}/de-nghi");
pub const HONOURS_SESSIONS: Route = Route("/quan-tri/thi-dua/{id}/hoi-dong");
pub const HONOURS_NOMINATION: Route = Route("/quan-tri/thi-dua/de-nghi/{id}");
pub const HONOURS_REPORT_FILE: Route = Route("/quan-tri/thi-dua/de-nghi/{id}/bao-cao.pdf");
pub const HONOURS_NOMINATION_STEP: Route = Route("/quan-tri/thi-dua/de-nghi/{id}/buoc");
pub const HONOURS_SESSION: Route = Route("/quan-tri/thi-dua/hoi-dong/{id}");
pub const HONOURS_PROPOSE: Route = Route("/quan-tri/thi-dua/hoi-dong/{id}/trinh");
pub const HONOURS_BALLOTS: Route = Route("/quan-tri/thi-dua/hoi-dong/{id}/phieu");
pub const HONOURS_MINUTES: Route = Route("/quan-tri/thi-dua/hoi-dong/{id}/bien-ban.docx");
pub const HONOURS_DRAFT_DECISION: Route = Route("/quan-tri/thi-dua/hoi-dong/{id}/quyet-dinh");
pub const HONOURS_DECISION: Route = Route("/quan-tri/thi-dua/quyet-dinh/{id}");
pub const HONOURS_ISSUE: Route = Route("/quan-tri/thi-dua/quyet-dinh/{id}/ban-hanh");
pub const HONOURS_REVOKE: Route = Route("/quan-tri/thi-dua/quyet-dinh/{id}/thu-hoi");
pub const HONOURS_MENTIONS: Route = Route("/quan-tri/thi-dua/ton-vinh");
pub const HONOURS_LAYOUT: Route = Route("/quan-tri/thi-dua/phoi/{unit}");
pub const HONOURS_PAPER: Route = Route("/quan-tri/thi-dua/giay-to/{kind}/{id}");
pub const HONOURS_CERTIFICATES: Route = Route("/quan-tri/thi-dua/quyet-dinh/{id}/giay-khen.pdf");
pub const TEAMS: Route = Route("/quan-tri/to-cong-nghe-so");
pub const TEAM_GROUPS: Route = Route("/quan-tri/to-cong-nghe-so/to-dan-pho");
pub const TEAM_GROUPS_IMPORT: Route = Route("/quan-tri/to-cong-nghe-so/to-dan-pho/nhap");
pub const TEAM_NEW: Route = Route("/quan-tri/to-cong-nghe-so/moi");
pub const TEAM: Route = Route("/quan-tri/to-cong-nghe-so/{id}");
pub const TEAM_MEMBERS: Route = Route("/quan-tri/to-cong-nghe-so/{id}/thanh-vien");
pub const MEMBER: Route = Route("/quan-tri/to-cong-nghe-so/thanh-vien/{id}");
pub const TEAM_ACCOUNTS: Route = Route("/quan-tri/to-cong-nghe-so/{id}/tai-khoan");
pub const TEAM_ACTIVITIES: Route = Route("/quan-tri/to-cong-nghe-so/hoat-dong");
pub const TEAM_ACTIVITY_NEW: Route = Route("/quan-tri/to-cong-nghe-so/{id}/hoat-dong/moi");
pub const TEAM_ACTIVITY: Route = Route("/quan-tri/to-cong-nghe-so/hoat-dong/{id}");
pub const TEAM_ACTIVITY_PHOTO: Route = Route("/quan-tri/to-cong-nghe-so/anh/{id}");
pub const TEAM_DECISION: Route = Route("/quan-tri/to-cong-nghe-so/{id}/quyet-dinh.pdf");
pub const TEAM_REPORTS: Route = Route("/quan-tri/to-cong-nghe-so/bao-cao");
pub const TEAM_CADENCE: Route = Route("/quan-tri/to-cong-nghe-so/ky-bao-cao");
pub const TEAM_REPORT: Route = Route("/quan-tri/to-cong-nghe-so/{id}/bao-cao/{period}");
pub const TEAM_REPORT_REVIEW: Route =
    Route("/quan-tri/to-cong-nghe-so/{id}/bao-cao/{period}/duyet");
pub const WARD_TEAMS_REPORT: Route =
    Route("/quan-tri/to-cong-nghe-so/phuong/{id}/bao-cao/{period}");
pub const WARD_TEAMS_REPORT_REVIEW: Route =
    Route("/quan-tri/to-cong-nghe-so/phuong/{id}/bao-cao/{period}/duyet");
pub const TEAM_ROLLUP: Route = Route("/quan-tri/to-cong-nghe-so/tong-hop");
pub const TEAM_TARGETS: Route = Route("/quan-tri/to-cong-nghe-so/chi-tieu");
pub const TEAM_ROLLUP_XLSX: Route = Route("/quan-tri/to-cong-nghe-so/tong-hop.xlsx");
pub const TEAMS_XLSX: Route = Route("/quan-tri/to-cong-nghe-so/danh-sach.xlsx");
pub const OFFERS: Route = Route("/quan-tri/uu-dai");
pub const OFFER_DELETE: Route = Route("/quan-tri/uu-dai/{id}/xoa");
pub const MERCHANT_QR: Route = Route("/tuyen-pho-so/qr/{name}");
pub const REPORTS: Route = Route("/quan-tri/bao-cao");
pub const REPORTS_XLSX: Route = Route("/quan-tri/bao-cao/tong-hop.xlsx");
pub const REPORT_NEW: Route = Route("/quan-tri/bao-cao/moi");
pub const REPORT: Route = Route("/quan-tri/bao-cao/{id}");
pub const REPORT_XLSX: Route = Route("/quan-tri/bao-cao/{id}/tong-hop.xlsx");
pub const REPORT_DOCX: Route = Route("/quan-tri/bao-cao/{id}/bao-cao.docx");
pub const REPORT_CHECK: Route = Route("/quan-tri/bao-cao/{id}/kiem-tra");
pub const REPORT_REMIND: Route = Route("/quan-tri/bao-cao/{id}/nhac");
pub const REPORT_SEND: Route = Route("/quan-tri/bao-cao/{id}/gui");
pub const REPORT_UNIT: Route = Route("/quan-tri/bao-cao/{id}/don-vi/{unit}");
pub const REPORT_REVIEW: Route = Route("/quan-tri/bao-cao/{id}/don-vi/{unit}/duyet");
pub const REPORT_EVIDENCE: Route = Route("/quan-tri/bao-cao/{id}/don-vi/{unit}/tep/{file}");
pub const TASKS: Route = Route("/quan-tri/nhiem-vu");
pub const TASKS_XLSX: Route = Route("/quan-tri/nhiem-vu.xlsx");
pub const TASKS_OVERVIEW: Route = Route("/quan-tri/nhiem-vu/tong-hop");
pub const TASKS_IMPORT: Route = Route("/quan-tri/nhiem-vu/nhap");
pub const TASK_NEW: Route = Route("/quan-tri/nhiem-vu/moi");
pub const TASK_PROGRESS: Route = Route("/quan-tri/nhiem-vu/{id}/tien-do");
pub const DOCUMENTS: Route = Route("/quan-tri/van-ban");
pub const DOCUMENT_NEW: Route = Route("/quan-tri/van-ban/moi");
pub const DOCUMENTS_REGISTER: Route = Route("/quan-tri/van-ban/so-di.xlsx");
pub const DOCUMENT: Route = Route("/quan-tri/van-ban/{item}");
pub const DOCUMENT_EDIT: Route = Route("/quan-tri/van-ban/{id}/sua");
pub const DOCUMENT_ISSUE: Route = Route("/quan-tri/van-ban/{id}/ban-hanh");
pub const DOCUMENT_ACKNOWLEDGE: Route = Route("/quan-tri/van-ban/{id}/da-nhan");
pub const DOCUMENT_REMIND: Route = Route("/quan-tri/van-ban/{id}/nhac");
pub const DOCUMENT_RECALL: Route = Route("/quan-tri/van-ban/{id}/thu-hoi");
pub const DOCUMENT_ATTACH: Route = Route("/quan-tri/van-ban/{id}/dinh-kem");
pub const DOCUMENT_ATTACHMENT: Route = Route("/quan-tri/van-ban/{id}/dinh-kem/{file}");
pub const DOCUMENT_DETACH: Route = Route("/quan-tri/van-ban/{id}/dinh-kem/{file}/xoa");
pub const BULK: Route = Route("/quan-tri/ghep-khung-hang-loat");
pub const BULK_JOB: Route = Route("/quan-tri/ghep-khung-hang-loat/{id}");
pub const BULK_DOWNLOAD: Route = Route("/quan-tri/ghep-khung-hang-loat/{id}/tai-ve");
pub const BULK_START: Route = Route("/quan-tri/ghep-khung-hang-loat/moi");
pub const HOME: Route = Route("/");
pub const STUDIO: Route = Route("/khung-anh");
pub const QR_SVG: Route = Route("/qr.svg");
pub const QR_PNG: Route = Route("/qr.png");
pub const QR_A4: Route = Route("/qr-a4.png");
pub const STUDIO_FRAME: Route = Route("/khung-anh/{file}");
pub const RENDER_API: Route = Route("/api/frames/{id}/render");
pub const COUNT_API: Route = Route("/api/frames/{id}/downloads");
pub const SHARE_IMAGE: Route = Route("/anh-chia-se/{file}");
pub const SAMPLE_IMAGE: Route = Route("/khung-mau/{file}");
pub const HEALTHZ: Route = Route("/healthz");
pub const STATIC: Route = Route("/static/{file}");

/// Where a reminder leads: its report request, or its task in the plan's list.
pub fn reminder(subject: &str, id: i64) -> String {
    if subject == "report" {
        REPORT.with(id)
    } else {
        format!("{TASKS}#task-{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_fill_the_pattern_in_order() {
        assert_eq!(UNITS.to_string(), "/quan-tri/don-vi");
        assert_eq!(UNIT.with(7), "/quan-tri/don-vi/7");
        assert_eq!(
            REPORT_EVIDENCE.with3(3, 12, 40),
            "/quan-tri/bao-cao/3/don-vi/12/tep/40"
        );
        assert_eq!(FRAME_ADMIN.with("5.png"), "/quan-tri/khung-anh/5.png");
    }
}
