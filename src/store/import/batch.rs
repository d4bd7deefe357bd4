//! Multi-row inserts in chunks: a 100,000-row import is a few hundred
//! statements, not a hundred thousand round trips, and no statement
//! passes the databases' limits on bound values (SQLite's is 32,766).

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Query, SimpleExpr};

use crate::domain::AppResult;
use crate::store::db::internal;

/// Bound values per statement, below SQLite's limit with room to spare.
const MAX_VALUES: usize = 30_000;

/// Inserts `rows` (each with one value per column) into `table`.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<SimpleExpr>>,
) -> AppResult<()> {
    let per_statement = (MAX_VALUES / columns.len().max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut q = Query::insert();
        q.into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in rows.by_ref().take(per_statement) {
            q.values(row).map_err(internal)?;
        }
        conn.execute(&q).await.map_err(internal)?;
    }
    Ok(())
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
