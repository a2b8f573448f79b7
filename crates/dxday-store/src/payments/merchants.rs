use super::*;

/// A stored merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merchant {
    pub id: MerchantId,
    pub street_id: StreetId,
    pub street_name: String,
    pub unit_id: UnitId,
    pub data: MerchantData,
}

#[derive(FromRow)]
struct MerchantRow {
    id: i64,
    street_id: i64,
    street_name: String,
    unit_id: i64,
    name: String,
    kind: String,
    category: Option<String>,
    address: String,
    phone: Option<String>,
    accepts_qr: i64,
    accepts_card: i64,
    accepts_ewallet: i64,
    bank_bin: Option<String>,
    account_number: Option<String>,
    account_holder: Option<String>,
    verified_on: Option<String>,
    verified_by: Option<String>,
}

impl TryFrom<MerchantRow> for Merchant {
    type Error = StoreError;
    fn try_from(r: MerchantRow) -> Result<Merchant, StoreError> {
        Ok(Merchant {
            id: MerchantId(r.id),
            street_id: StreetId(r.street_id),
            street_name: r.street_name,
            unit_id: UnitId(r.unit_id),
            data: MerchantData {
                name: r.name,
                kind: MerchantKind::parse(&r.kind)
                    .map_err(|_| StoreError::Corrupt("merchant kind".into()))?,
                category: r.category,
                address: r.address,
                phone: r.phone,
                methods: Methods {
                    bank_qr: r.accepts_qr == 1,
                    card: r.accepts_card == 1,
                    ewallet: r.accepts_ewallet == 1,
                },
                bank_bin: r.bank_bin,
                account_number: r.account_number,
                account_holder: r.account_holder,
                verified_on: opt_date(r.verified_on.as_deref())?,
                verified_by: r.verified_by,
            },
        })
    }
}

const MERCHANTS: &str =
    "SELECT m.id, m.street_id, s.name AS street_name, m.unit_id, m.name, m.kind, m.category,
        m.address, m.phone, m.accepts_qr, m.accepts_card, m.accepts_ewallet, m.bank_bin,
        m.account_number, m.account_holder, m.verified_on, m.verified_by
    FROM merchants m JOIN payment_streets s ON s.id = m.street_id";

/// A street's merchants in the scope, by name.
pub async fn merchants(
    db: &Db,
    scope: &Scope,
    street: StreetId,
) -> Result<Vec<Merchant>, StoreError> {
    let street = street.0;
    merchants_where(
        db,
        &format!("m.street_id = {street} AND {}", unit_is(scope, "m.unit_id")),
        "m.name, m.id",
    )
    .await
}

/// The merchants in the scope, by ward, street and name.
pub async fn merchants_of(db: &Db, scope: &Scope) -> Result<Vec<Merchant>, StoreError> {
    merchants_where(
        db,
        &unit_is(scope, "m.unit_id"),
        "m.unit_id, s.name, m.name, m.id",
    )
    .await
}

/// Every ward's merchants, for the public page (what the site publishes).
pub async fn public_merchants(db: &Db) -> Result<Vec<Merchant>, StoreError> {
    merchants_where(db, "1 = 1", "m.unit_id, s.name, m.name, m.id").await
}

/// One merchant in the scope (another ward's is not found).
pub async fn merchant(
    db: &Db,
    scope: &Scope,
    id: MerchantId,
) -> Result<Option<Merchant>, StoreError> {
    let id = id.0;
    Ok(merchants_where(
        db,
        &format!("m.id = {id} AND {}", unit_is(scope, "m.unit_id")),
        "m.id",
    )
    .await?
    .pop())
}

/// One merchant, for its public QR code.
pub async fn public_merchant(db: &Db, id: MerchantId) -> Result<Option<Merchant>, StoreError> {
    let id = id.0;
    Ok(merchants_where(db, &format!("m.id = {id}"), "m.id")
        .await?
        .pop())
}

/// The merchants meeting `condition` (written by this module; ids are integers).
async fn merchants_where(
    db: &Db,
    condition: &str,
    order: &str,
) -> Result<Vec<Merchant>, StoreError> {
    sqlx::query_as::<Any, MerchantRow>(sqlx::AssertSqlSafe(format!(
        "{MERCHANTS} WHERE {condition} ORDER BY {order}"
    )))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Merchant::try_from)
    .collect()
}

/// The identities (name and address, folded) of a ward's merchants.
pub async fn identities(db: &Db, unit: UnitId) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, String>("SELECT identity FROM merchants WHERE unit_id = $1")
            .bind(unit.0)
            .fetch_all(db.pool())
            .await?,
    )
}

pub(super) async fn insert_merchant_in(
    conn: &mut AnyConnection,
    street: i64,
    unit: UnitId,
    d: &MerchantData,
) -> Result<i64, StoreError> {
    Ok(bind_merchant(
        sqlx::query::<Any>(
            "INSERT INTO merchants (street_id, name, identity, kind, category, address, phone,
                 accepts_qr, accepts_card, accepts_ewallet, bank_bin, account_number,
                 account_holder, verified_on, verified_by, updated_at, unit_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $16)
             RETURNING id",
        ),
        street,
        d,
    )
    .bind(unit.0)
    .fetch_one(conn)
    .await
    .map_err(taken_as("name"))?
    .try_get(0)?)
}

/// Binds a merchant's columns as $1–$16 (street_id, name, identity, kind, category,
/// address, phone, accepts_qr, accepts_card, accepts_ewallet, bank_bin,
/// account_number, account_holder, verified_on, verified_by, the time now), in the
/// order both writes list them.
fn bind_merchant<'q>(q: AnyQuery<'q>, street: i64, d: &'q MerchantData) -> AnyQuery<'q> {
    q.bind(street)
        .bind(&d.name)
        .bind(MerchantForm::identity(&d.name, &d.address))
        .bind(d.kind.as_str())
        .bind(&d.category)
        .bind(&d.address)
        .bind(&d.phone)
        .bind(i64::from(d.methods.bank_qr))
        .bind(i64::from(d.methods.card))
        .bind(i64::from(d.methods.ewallet))
        .bind(&d.bank_bin)
        .bind(&d.account_number)
        .bind(&d.account_holder)
        .bind(d.verified_on.map(date_text))
        .bind(&d.verified_by)
        .bind(now_text())
}

/// Whether `street` is the ward's.
async fn street_of_unit(
    conn: &mut AnyConnection,
    street: i64,
    unit: UnitId,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM payment_streets WHERE id = $1 AND unit_id = $2",
    )
    .bind(street)
    .bind(unit.0)
    .fetch_one(conn)
    .await?
        == 1)
}

/// A merchant on one of the ward's streets; `None` when the street is not the ward's.
/// The same name and address twice in a ward is refused on `name`.
pub async fn insert_merchant(
    db: &Db,
    actor: Option<UserId>,
    street: StreetId,
    unit: UnitId,
    data: &MerchantData,
) -> Result<Option<MerchantId>, StoreError> {
    let street = street.0;
    audit::write_found(db, actor, async |tx| {
        if !street_of_unit(&mut *tx, street, unit).await? {
            return Ok(None);
        }
        let id = insert_merchant_in(&mut *tx, street, unit, data).await?;
        Ok(Some((
            MerchantId(id),
            Entry::new("merchant.create", "merchant", id).after(&data),
        )))
    })
    .await
}

/// Changes a ward's merchant (and may move it to another of the ward's streets);
/// `false` when the ward has no such merchant or street.
pub async fn update_merchant(
    db: &Db,
    actor: Option<UserId>,
    id: MerchantId,
    street: StreetId,
    unit: UnitId,
    d: &MerchantData,
) -> Result<bool, StoreError> {
    let (street, id) = (street.0, id.0);
    let entry = Entry::new("merchant.update", "merchant", id).after(&d);
    audit::write_rows(db, actor, entry, async |tx| {
        if !street_of_unit(&mut *tx, street, unit).await? {
            return Ok(0);
        }
        let done = bind_merchant(
            sqlx::query::<Any>(
                "UPDATE merchants SET street_id = $1, name = $2, identity = $3, kind = $4,
                     category = $5, address = $6, phone = $7, accepts_qr = $8, accepts_card = $9,
                     accepts_ewallet = $10, bank_bin = $11, account_number = $12,
                     account_holder = $13, verified_on = $14, verified_by = $15, updated_at = $16
                 WHERE id = $17 AND unit_id = $18",
            ),
            street,
            d,
        )
        .bind(id)
        .bind(unit.0)
        .execute(&mut *tx)
        .await
        .map_err(taken_as("name"))?;
        Ok(done.rows_affected())
    })
    .await
}

/// Deletes a ward's merchant; `false` when the ward has none such.
pub async fn delete_merchant(
    db: &Db,
    actor: Option<UserId>,
    id: MerchantId,
    unit: UnitId,
) -> Result<bool, StoreError> {
    let entry = Entry::new("merchant.delete", "merchant", id.0);
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>("DELETE FROM merchants WHERE id = $1 AND unit_id = $2")
            .bind(id.0)
            .bind(unit.0)
            .execute(&mut *tx)
            .await?;
        Ok(done.rows_affected())
    })
    .await
}
