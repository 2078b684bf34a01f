//! The public board of approved cases, and the hint that offers a resident
//! filing nearby an open case like theirs to add their voice to.

use chrono::{DateTime, Duration, Utc};
use domain::case::{CaseState, Status};
use domain::complaint::address;
use domain::complaint::filing::{Draft, GeoPoint};
use domain::complaint::reference::Reference;
use sqlx::any::AnyRow;

use super::{Unit, load_draft};
use crate::server::row::Cols;
use crate::server::trail::{self, Actor};
use crate::server::{Db, DbError, token_hash};

/// A line of the public board.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardCase {
    pub reference: Reference,
    pub category: String,
    pub town: Unit,
    pub address_public: String,
    pub description_masked: String,
    pub status: Status,
    pub outcome: Option<domain::case::Outcome>,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

pub const BOARD_PAGE: i64 = 20;

/// The board pages through the newest this many published cases (500
/// pages): counting and skipping stay within a small part of the board's
/// index however many years of cases there are. Older cases are still
/// found by their reference.
pub const BOARD_LIMIT: i64 = 10_000;

/// Recent cases whose residents allowed it and whose public text staff
/// approved (issue 14), newest first; with how many there are (at most
/// [`BOARD_LIMIT`]). The approved text passes the number mask again on the
/// way out.
pub async fn board(db: &Db, page: i64) -> Result<(Vec<BoardCase>, i64), DbError> {
    let total: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM cases \
         WHERE public = 1 AND published_at IS NOT NULL LIMIT $1) t",
    )
    .bind(BOARD_LIMIT)
    .fetch_one(&db.pool)
    .await?
    .col("n")?;
    let page = page.clamp(0, (BOARD_LIMIT - 1) / BOARD_PAGE);
    // The page's ids come from the board's index alone (skipping entries,
    // not rows); only its twenty cases are read.
    let rows = sqlx::query(
        "SELECT c.reference, c.category, c.town, u.name_zh, u.name_en, c.address_public, \
         c.public_text, c.status, c.outcome, c.submitted_at, c.supporters \
         FROM cases c JOIN units u ON u.code = c.town \
         WHERE c.id IN (SELECT id FROM cases WHERE public = 1 AND published_at IS NOT NULL \
             ORDER BY submitted_at DESC, id DESC LIMIT $1 OFFSET $2) \
         ORDER BY c.submitted_at DESC, c.id DESC",
    )
    .bind(BOARD_PAGE)
    .bind(page.max(0) * BOARD_PAGE)
    .fetch_all(&db.pool)
    .await?;
    let cases = rows
        .iter()
        .map(BoardCase::try_from)
        .collect::<Result<_, _>>()?;
    Ok((cases, total))
}

impl TryFrom<&AnyRow> for BoardCase {
    type Error = DbError;

    fn try_from(r: &AnyRow) -> Result<BoardCase, DbError> {
        Ok(BoardCase {
            reference: r.parsed("reference", Reference::parse)?,
            category: r.col("category")?,
            town: Unit {
                code: r.col("town")?,
                name_zh: r.col("name_zh")?,
                name_en: r.col("name_en")?,
            },
            // Masked again when read: rows stored before the rule closed.
            // Cut again as it is read: a place stored before the rule last
            // changed shows what the rule shows now.
            address_public: domain::mask::free_text(&address::public_part(
                &r.col::<String>("address_public")?,
            )),
            description_masked: domain::mask::free_text(
                &r.col::<Option<String>>("public_text")?.unwrap_or_default(),
            ),
            status: r.parsed("status", Status::parse)?,
            outcome: r.parsed_opt("outcome", domain::case::Outcome::parse)?,
            submitted_at: r.instant("submitted_at")?,
            supporters: r.col("supporters")?,
        })
    }
}

/// An open case like the one being filed, for the "add my voice" hint.
/// A stranger filing nearby learns only what they could see on the street:
/// that the problem was reported at this road, when, and how far it has
/// got; never the reference, the text or who reported it (issue 14).
#[derive(Clone, Debug, PartialEq)]
pub struct Nearby {
    pub id: i64,
    /// The road or compound, once staff approved it for the board; never
    /// the resident's own words before that.
    pub address_public: Option<String>,
    pub status: Status,
    pub submitted_at: DateTime<Utc>,
    pub supporters: i64,
}

/// How close a located case must be to count as the same place.
pub const NEARBY_METRES: f64 = 300.0;

/// Open cases of the same category in the last 30 days at the same place:
/// within [`NEARBY_METRES`] when both have coordinates, otherwise in the
/// same town with the same public part of the address.
pub async fn nearby_open(
    db: &Db,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<Vec<Nearby>, DbError> {
    let (Some((category, _)), Some(location)) = (&draft.category, &draft.location) else {
        return Ok(Vec::new());
    };
    let open: Vec<&str> = [
        Status::Submitted,
        Status::Accepted,
        Status::Assigned,
        Status::InProgress,
        Status::Reopened,
    ]
    .iter()
    .map(|s| s.code())
    .collect();
    let rows = sqlx::query(
        "SELECT id, status, address_public, submitted_at, supporters, latitude, longitude, \
         published_at FROM cases WHERE category = $1 AND town = $2 AND submitted_at >= $3 \
         AND status IN ($4, $5, $6, $7, $8) ORDER BY submitted_at DESC LIMIT 50",
    )
    .bind(category)
    .bind(&location.town)
    .bind((now - Duration::days(30)).to_rfc3339())
    .bind(open[0])
    .bind(open[1])
    .bind(open[2])
    .bind(open[3])
    .bind(open[4])
    .fetch_all(&db.pool)
    .await?;
    let public = address::public_part(location.address.as_str());
    let mut nearby = Vec::new();
    for r in &rows {
        let latitude: Option<f64> = r.col("latitude")?;
        let longitude: Option<f64> = r.col("longitude")?;
        let point = latitude
            .zip(longitude)
            .map(|(latitude, longitude)| GeoPoint {
                latitude,
                longitude,
            });
        let address_public = address::public_part(&r.col::<String>("address_public")?);
        let same_place = match (location.point, point) {
            (Some(a), Some(b)) => a.distance_m(b) <= NEARBY_METRES,
            _ => !public.is_empty() && address_public == public,
        };
        if !same_place {
            continue;
        }
        nearby.push(Nearby {
            id: r.col("id")?,
            status: r.parsed("status", Status::parse)?,
            address_public: r
                .instant_opt("published_at")?
                .map(|_| domain::mask::free_text(&address_public)),
            submitted_at: r.instant("submitted_at")?,
            supporters: r.col("supporters")?,
        });
        if nearby.len() == 5 {
            break;
        }
    }
    Ok(nearby)
}

/// The opaque name under which the hint offers case `case_id` to the draft
/// of `token` (case ids are serial: they would reveal the reference).
pub fn nearby_tag(db: &Db, token: &str, case_id: i64) -> String {
    db.access_key
        .tag(&["nearby", &token_hash(token), &case_id.to_string()])
        .unwrap_or_default()
}

/// "Add my voice": counts this draft's resident on an open case instead of
/// filing a new one. Once per draft; the draft is finished afterwards.
/// Only a case the hint offers this draft (the same rule, asked again now;
/// `tag` from [`nearby_tag`]) is accepted; `false` when it is not offered
/// (any more).
pub async fn add_voice(
    db: &Db,
    token: &str,
    tag: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let hash = token_hash(token);
    let Some(stored) = load_draft(db, token).await? else {
        return Ok(false);
    };
    let Some((category, _)) = &stored.draft.category else {
        return Ok(false);
    };
    let offered = nearby_open(db, &stored.draft, now).await?;
    let Some(case_id) = offered
        .iter()
        .map(|n| n.id)
        .find(|id| !tag.is_empty() && nearby_tag(db, token, *id) == tag)
    else {
        return Ok(false);
    };
    let mut tx = db.begin_write().await?;
    // Write first (see `cases::act`): the lock comes before the read.
    sqlx::query("UPDATE cases SET supporters = supporters WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query("SELECT status, category FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let status = row.parsed("status", Status::parse)?;
    let state = CaseState {
        status,
        ..CaseState::new()
    };
    if !state.is_open() || row.col::<String>("category")? != *category {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO case_supporters (case_id, draft_token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (draft_token_hash) DO NOTHING",
    )
    .bind(case_id)
    .bind(&hash)
    .bind(now.to_rfc3339())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        sqlx::query("UPDATE cases SET supporters = supporters + 1 WHERE id = $1")
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        trail::append(
            &mut tx,
            case_id,
            Actor::Resident,
            "supported",
            false,
            "",
            "{}",
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
