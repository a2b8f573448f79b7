//! `sqlx::migrate!` embeds the migration folders at compile time; a new or changed
//! migration must rebuild the store (cargo does not track folders outside the crate).

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/sqlite");
    println!("cargo:rerun-if-changed=../../migrations/postgres");
}
