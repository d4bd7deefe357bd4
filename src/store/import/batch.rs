//! Multi-row inserts in chunks: a 100,000-row import is a few hundred
//! statements, not a hundred thousand round trips, and no statement
//! passes the databases' limits on bound values (SQLite's is 32,766).

use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, Statement};

use crate::domain::AppResult;
use crate::store::db::internal;

/// Bound values per statement, below SQLite's limit with room to spare.
const MAX_VALUES: usize = 8_000;

/// Inserts `rows` (each with one value per column) into `table`.
///
/// Statements hold a full batch or a power of two of rows: the driver
/// keeps each distinct statement prepared, and one prepared per row count
/// (a flush of 20,013 search terms, then of 20,007…) made SQLite's memory
/// grow with the file — 89 MiB at 25,000 contacts, 148 MiB at 200,000.
/// With these sizes a table has at most a dozen or so.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<SimpleExpr>>,
) -> AppResult<()> {
    let per_statement = (MAX_VALUES / columns.len().max(1)).max(1);
    let backend = conn.get_database_backend();
    let mut left = rows.len();
    let mut rows = rows.into_iter();
    let next = || -> AppResult<Option<Statement>> {
        if left == 0 {
            return Ok(None);
        }
        let take = statement_rows(left, per_statement);
        left -= take;
        let mut q = Query::insert();
        q.into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in rows.by_ref().take(take) {
            q.values(row).map_err(internal)?;
        }
        Ok(Some(backend.build(&q)))
    };
    run_all(conn, next).await
}

/// Runs the statements `next` builds, one after the other, building each
/// while the database runs the one before (the driver runs statements on
/// its own thread): on two cores building and running overlap instead of
/// taking turns (contacts commit at 100,000 rows about 0.7 s faster).
async fn run_all<C: ConnectionTrait>(
    conn: &C,
    mut next: impl FnMut() -> AppResult<Option<Statement>>,
) -> AppResult<()> {
    let mut pending = next()?;
    while let Some(statement) = pending {
        let (done, built) = tokio::join!(conn.execute_raw(statement), async { next() });
        done.map_err(internal)?;
        pending = built?;
    }
    Ok(())
}

/// Inserts `models` in statements of at most [`MAX_VALUES`] values,
/// building each while the one before runs (see [`run_all`]).
pub async fn insert_models<C, A>(conn: &C, models: Vec<A>) -> AppResult<()>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Send,
{
    use sea_orm::{EntityTrait, QueryTrait};
    let columns = <A::Entity as EntityTrait>::Column::iter_count();
    let per_statement = (MAX_VALUES / columns.max(1)).max(1);
    let backend = conn.get_database_backend();
    let mut left = models.len();
    let mut models = models.into_iter();
    run_all(conn, || {
        if left == 0 {
            return Ok(None);
        }
        let take = statement_rows(left, per_statement);
        left -= take;
        let chunk: Vec<A> = models.by_ref().take(take).collect();
        Ok(Some(A::Entity::insert_many(chunk).build(backend)))
    })
    .await
}

/// Rows for the next statement when `left` remain: a full batch, else the
/// largest power of two not over `left`.
fn statement_rows(left: usize, per_statement: usize) -> usize {
    if left >= per_statement {
        per_statement
    } else {
        1 << left.ilog2()
    }
}

/// Inserts `models` of an entity and returns their ids in the order given.
/// Ids come back with `RETURNING`; they are sorted because both databases
/// number the rows of one statement in order, while neither promises the
/// order `RETURNING` lists them in.
pub async fn insert_returning_ids<C, A>(conn: &C, models: Vec<A>) -> AppResult<Vec<i64>>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Send,
    <A::Entity as sea_orm::EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
    <<A::Entity as sea_orm::EntityTrait>::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType:
        Into<i64>,
{
    use sea_orm::EntityTrait;
    let columns = <A::Entity as EntityTrait>::Column::iter_count();
    let per_statement = (MAX_VALUES / columns.max(1)).max(1);
    let mut ids = Vec::with_capacity(models.len());
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<A> = models.by_ref().take(per_statement).collect();
        let mut got: Vec<i64> = A::Entity::insert_many(chunk)
            .exec_with_returning_keys(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(Into::into)
            .collect();
        got.sort_unstable();
        ids.extend(got);
    }
    Ok(ids)
}

/// How many columns an entity has (to size its statements).
trait ColumnCount {
    fn iter_count() -> usize;
}

impl<T: sea_orm::Iterable> ColumnCount for T {
    fn iter_count() -> usize {
        T::iter().count()
    }
}

#[cfg(test)]
mod tests {
    use super::statement_rows;

    #[test]
    fn statements_take_full_batches_then_powers_of_two() {
        let sizes = |mut left: usize| {
            let mut out = Vec::new();
            while left > 0 {
                let take = statement_rows(left, 1000);
                out.push(take);
                left -= take;
            }
            out
        };
        assert_eq!(sizes(2_500), [1000, 1000, 256, 128, 64, 32, 16, 4]);
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(1000), [1000]);
        // Every size is a full batch or a power of two: few distinct ones.
        let mut seen = std::collections::BTreeSet::new();
        for n in 1..5_000 {
            seen.extend(sizes(n));
        }
        assert_eq!(seen.len(), 11, "{seen:?}");
    }
}
