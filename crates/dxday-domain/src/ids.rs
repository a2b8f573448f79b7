//! Typed ids: a unit id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Id of an organisation dxday tracks (office, department, ward, school, ...).
    UnitId
);
id_type!(
    /// Id of an account.
    UserId
);
id_type!(
    /// Id of a campaign (one per year and issuer).
    CampaignId
);
id_type!(
    /// Id of an avatar frame.
    FrameId
);
id_type!(
    /// Id of an administrative document (công văn, kế hoạch, …).
    DocumentId
);
id_type!(
    /// Id of a task of a campaign's plan.
    TaskId
);
id_type!(
    /// Id of a report request (yêu cầu báo cáo).
    RequestId
);
id_type!(
    /// Id of an online-payment street.
    StreetId
);
id_type!(
    /// Id of a merchant (a shop on a street).
    MerchantId
);
id_type!(
    /// Id of a unit's declaration of where it shows the identity kit.
    DisplayId
);
id_type!(
    /// Id of an asset of the identity kit.
    AssetId
);
id_type!(
    /// Id of an offer of the digital consumption month.
    OfferId
);
id_type!(
    /// Id of a residential group (tổ dân phố, thôn) of a ward.
    GroupId
);
id_type!(
    /// Id of a community digital technology team (tổ công nghệ số cộng đồng).
    TeamId
);
id_type!(
    /// Id of a member of a community digital technology team.
    MemberId
);
id_type!(
    /// Id of an activity a community team recorded.
    ActivityId
);
id_type!(
    /// Id of a period report of a community team or of a ward.
    TeamReportId
);
id_type!(
    /// Id of a photo of a team's activity.
    ActivityPhotoId
);
id_type!(
    /// Id of an emulation movement (phong trào thi đua).
    MovementId
);
id_type!(
    /// Id of a nomination for an award (đề nghị khen thưởng).
    NominationId
);
id_type!(
    /// Id of a council session (phiên họp Hội đồng Thi đua - Khen thưởng).
    SessionId
);
id_type!(
    /// Id of an award decision (quyết định khen thưởng).
    DecisionId
);
id_type!(
    /// Id of a campaign indicator of the registry (chỉ số).
    IndicatorId
);
