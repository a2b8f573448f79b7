//! The demo data set, with the built-in avatar frame drawn for each demo campaign.

use dxday_store::demo::{self, DemoOutcome};
use dxday_store::{Db, campaigns, frames};

/// Loads the demo data into an empty database and gives each of its campaigns the
/// built-in frame.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<DemoOutcome> {
    let outcome = demo::load_if_empty(db, &dxday_domain::Scope::system()).await?;
    if let DemoOutcome::Loaded { .. } = outcome {
        for c in campaigns::list(db).await? {
            let campaign = c.clone();
            let frame =
                tokio::task::spawn_blocking(move || dxday_app::frames::default_frame(&campaign))
                    .await??;
            frames::insert(db, None, &frame).await?;
        }
    }
    Ok(outcome)
}
