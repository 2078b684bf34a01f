//! Reading rows by column name into typed values (issue 15).
//!
//! Every read names its column; a column that is missing, NULL where a
//! value is required, of another type, or holding a value the domain does
//! not accept (a status no one knows, a date that does not parse) is a
//! [`DbError::Corrupt`] naming the column and the value: logged, and
//! answered with the translated error page. Never a panic, never a silent
//! default.
//!
//! Columns are named as the SELECT names them: the bare column name, or an
//! alias for an expression or a name two tables share (`COUNT(*) AS n`,
//! `m.reference AS merged_reference`). Aliases are lower case: PostgreSQL
//! folds unquoted names, SQLite keeps them as written.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};

use super::DbError;

/// Named, typed reads from one row.
pub(crate) trait Cols {
    /// The value of `column`, as `T` (`Option<T>` for a nullable column).
    fn col<'r, T>(&'r self, column: &str) -> Result<T, DbError>
    where
        T: Decode<'r, Any> + Type<Any>;

    /// The text in `column`, read by `parse`; a value `parse` refuses is
    /// corrupt.
    fn parsed<T>(&self, column: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, DbError> {
        let raw: String = self.col(column)?;
        parse(&raw).ok_or_else(|| corrupt(column, &raw))
    }

    /// As [`Cols::parsed`], for a nullable column: NULL is `None`.
    fn parsed_opt<T>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, DbError> {
        let Some(raw) = self.col::<Option<String>>(column)? else {
            return Ok(None);
        };
        parse(&raw).map(Some).ok_or_else(|| corrupt(column, &raw))
    }

    /// An instant stored as RFC 3339 text.
    fn instant(&self, column: &str) -> Result<DateTime<Utc>, DbError> {
        self.parsed(column, parse_instant)
    }

    fn instant_opt(&self, column: &str) -> Result<Option<DateTime<Utc>>, DbError> {
        self.parsed_opt(column, parse_instant)
    }

    /// A calendar date stored as `YYYY-MM-DD`.
    fn date(&self, column: &str) -> Result<NaiveDate, DbError> {
        self.parsed(column, parse_date)
    }

    /// A flag stored as 0 or 1; anything else is corrupt.
    fn flag(&self, column: &str) -> Result<bool, DbError> {
        match self.col::<i64>(column)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(corrupt(column, &other.to_string())),
        }
    }

    /// JSON text, decoded into `T`.
    fn json<T: serde::de::DeserializeOwned>(&self, column: &str) -> Result<T, DbError> {
        self.parsed(column, |raw| serde_json::from_str(raw).ok())
    }
}

impl Cols for AnyRow {
    fn col<'r, T>(&'r self, column: &str) -> Result<T, DbError>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        self.try_get(column).map_err(|e| DbError::Corrupt {
            column: column.to_owned(),
            value: e.to_string(),
        })
    }
}

/// The error for `value` found in `column`.
pub(crate) fn corrupt(column: &str, value: &str) -> DbError {
    DbError::Corrupt {
        column: column.to_owned(),
        value: value.chars().take(80).collect(),
    }
}

/// `YYYY-MM-DD`, as dates are stored.
pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// RFC 3339, as instants are stored.
pub(crate) fn parse_instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_dates_and_instants_parse_or_are_refused() {
        assert_eq!(
            super::parse_date("2026-11-29"),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
        );
        assert_eq!(super::parse_date("2026-13-01"), None);
        assert_eq!(super::parse_date(""), None);
        assert!(super::parse_instant("2026-11-29T08:00:00Z").is_some());
        assert!(super::parse_instant("2026-11-29T08:00:00+08:00").is_some());
        assert_eq!(super::parse_instant("yesterday"), None);
        let e = super::corrupt("status", &"x".repeat(200));
        assert!(
            matches!(e, crate::server::DbError::Corrupt { ref value, .. } if value.len() == 80)
        );
    }
}
