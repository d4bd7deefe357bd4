//! Merging duplicate accounts and contacts (issue 7): the review queue
//! (`queue.rs`: groups found by `domain::import::dedupe` over the stored
//! records, less the pairs people marked "not duplicates" in
//! `dismissals.rs`), the merge (`write.rs`), its
//! undo and history (`undo.rs`), and the rows that follow a merged record
//! to its survivor (`relations.rs`). The rules of a merge request are in
//! `domain::customer::merge`.
//!
//! Whoever merges must be allowed to edit every record involved (the
//! rule of an ordinary edit); a record outside the actor's sight is "not
//! found", as everywhere. A merge and its undo are each one transaction,
//! write the audit log, and check every record's version first.

mod dismissals;
mod members;
mod queue;
mod relations;
mod undo;
mod write;

pub use dismissals::{dismiss, dismissals, restore};
pub use queue::{duplicates, duplicates_page};
pub use undo::{history, undo};
pub use write::merge;

/// The records of a merge as the merge screen shows them, in the order
/// asked; each must be visible to the actor (else "not found").
pub async fn columns(
    store: &crate::store::Store,
    actor: &Actor,
    kind: MergeKind,
    ids: &[i64],
) -> AppResult<Vec<MergeColumn>> {
    if ids.len() > crate::domain::customer::merge::MAX_RECORDS {
        return Err(AppError::invalid("ids", "too many records for one merge"));
    }
    let conn = store.conn();
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let s = Snapshot::load(conn, kind, id).await?;
        let (owner, team) = s.owner_and_team();
        authorize_read(actor, owner, team, kind.as_str())?;
        out.push(match &s {
            Snapshot::Account(a) => MergeColumn::of_account(a),
            Snapshot::Contact(c) => MergeColumn::of_contact(c),
        });
    }
    Ok(out)
}

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::common::{authorize_read, cas_update, conflict, record};
use super::{accounts, contacts, index};
use crate::domain::customer::merge::{MergeColumn, MergeKind};
use crate::domain::customer::{AccountView, ContactView};
use crate::domain::{Action, Actor, AppError, AppResult, authorize};
use crate::store::db::internal;

/// One record of a merge as loaded: its view, which is also the snapshot
/// a merge keeps for undo and writes to the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Snapshot {
    Account(AccountView),
    Contact(ContactView),
}

impl Snapshot {
    async fn load<C: ConnectionTrait>(conn: &C, kind: MergeKind, id: i64) -> AppResult<Snapshot> {
        Ok(match kind {
            MergeKind::Account => Snapshot::Account(accounts::load_view(conn, id).await?),
            MergeKind::Contact => Snapshot::Contact(contacts::load_view(conn, id).await?),
        })
    }

    fn from_json(kind: MergeKind, json: &str) -> AppResult<Snapshot> {
        Ok(match kind {
            MergeKind::Account => Snapshot::Account(serde_json::from_str(json).map_err(internal)?),
            MergeKind::Contact => Snapshot::Contact(serde_json::from_str(json).map_err(internal)?),
        })
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Snapshot::Account(v) => serde_json::to_value(v),
            Snapshot::Contact(v) => serde_json::to_value(v),
        }
        .unwrap_or_default()
    }

    /// The snapshot as JSON with `extra` keys added (audit entries).
    fn with(&self, extra: serde_json::Value) -> serde_json::Value {
        let mut v = self.to_json();
        if let (Some(map), serde_json::Value::Object(extra)) = (v.as_object_mut(), extra) {
            map.extend(extra);
        }
        v
    }

    fn kind(&self) -> MergeKind {
        match self {
            Snapshot::Account(_) => MergeKind::Account,
            Snapshot::Contact(_) => MergeKind::Contact,
        }
    }

    fn id(&self) -> i64 {
        match self {
            Snapshot::Account(v) => v.id,
            Snapshot::Contact(v) => v.id,
        }
    }

    fn name(&self) -> &str {
        match self {
            Snapshot::Account(v) => &v.name,
            Snapshot::Contact(v) => &v.name,
        }
    }

    fn version(&self) -> i64 {
        match self {
            Snapshot::Account(v) => v.version,
            Snapshot::Contact(v) => v.version,
        }
    }

    fn owner_and_team(&self) -> (Option<i64>, Option<i64>) {
        let (o, t) = match self {
            Snapshot::Account(v) => (&v.owner, &v.team),
            Snapshot::Contact(v) => (&v.owner, &v.team),
        };
        (o.as_ref().map(|o| o.id), t.as_ref().map(|t| t.id))
    }

    fn deleted_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Snapshot::Account(v) => v.deleted_at,
            Snapshot::Contact(v) => v.deleted_at,
        }
    }

    /// "account 12": how errors name the record.
    fn label(&self) -> String {
        label(self.kind(), self.id())
    }

    /// The rule of an ordinary edit: visible to the actor (else "not
    /// found") and editable by them (else forbidden).
    fn authorize_edit(&self, actor: &Actor) -> AppResult<()> {
        let (owner, team) = self.owner_and_team();
        authorize_read(actor, owner, team, self.kind().as_str())?;
        authorize(actor, Action::Update, record(owner, team))
    }

    /// Moves the record to the Trash or back if it is still at `version`
    /// (search terms removed or written again); returns it as stored after.
    async fn set_deleted<C: ConnectionTrait>(
        &self,
        conn: &C,
        version: i64,
        deleted: bool,
    ) -> AppResult<Snapshot> {
        let kind = self.kind();
        let at: Option<DateTime<Utc>> = deleted.then(Utc::now);
        let table = table(kind);
        if !cas_update(
            conn,
            table,
            self.id(),
            version,
            vec![("deleted_at", at.into())],
        )
        .await?
        {
            return Err(conflict(&self.label(), self.version()));
        }
        let (owner, team) = self.owner_and_team();
        if deleted {
            index::remove(conn, kind.record_kind(), self.id()).await?;
        } else {
            match self {
                Snapshot::Account(v) => {
                    let input = v.to_input();
                    let terms = accounts::terms(&input);
                    index::write(
                        conn,
                        kind.record_kind(),
                        v.id,
                        owner,
                        team,
                        &terms,
                        &input.tags,
                    )
                    .await?;
                }
                Snapshot::Contact(v) => {
                    let input = v.to_input();
                    let terms = contacts::terms(&input);
                    index::write(
                        conn,
                        kind.record_kind(),
                        v.id,
                        owner,
                        team,
                        &terms,
                        &input.tags,
                    )
                    .await?;
                }
            }
        }
        Snapshot::load(conn, kind, self.id()).await
    }
}

fn table(kind: MergeKind) -> &'static str {
    match kind {
        MergeKind::Account => "accounts",
        MergeKind::Contact => "contacts",
    }
}

fn label(kind: MergeKind, id: i64) -> String {
    format!("{} {id}", kind.as_str())
}

/// A merged record as the merge row keeps it: its view before the merge
/// and the version the merge left it at (undo requires it unchanged).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct MergedBefore {
    view: serde_json::Value,
    version_after: i64,
}

fn conflict_since(what: &Snapshot, reason: &str) -> AppError {
    AppError::Conflict {
        entity: format!("{} ({reason})", what.label()),
        current_version: what.version(),
    }
}

/// After a merge of accounts or its undo (committed): open boards get the
/// cards of the deals on these accounts, whose account (and version, for
/// the moved ones) changed — without it a board would show the merged
/// name and refuse the next drag of a moved card as a conflict. Only the
/// account changed, so each card is its own "before" (column totals stay).
/// Failing to notify never fails the change (it is logged).
async fn publish_deal_cards(
    store: &crate::store::Store,
    actor: &Actor,
    kind: MergeKind,
    account_ids: &[i64],
) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    use crate::domain::sales::board::BoardEvent;
    use crate::store::entity::deal;
    if kind != MergeKind::Account || account_ids.is_empty() {
        return;
    }
    let found = deal::Entity::find()
        .filter(deal::Column::AccountId.is_in(account_ids.iter().copied()))
        .filter(deal::Column::DeletedAt.is_null())
        .all(store.conn())
        .await;
    let models = match found {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "merged accounts' deals not published");
            return;
        }
    };
    let cards = match crate::store::sales::deals::cards(store.conn(), &models).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "merged accounts' deals not published");
            return;
        }
    };
    for (m, card) in models.iter().zip(cards) {
        crate::store::sales::events::publish(
            store,
            BoardEvent::Card {
                pipeline_id: m.pipeline_id,
                before: Some(card.clone()),
                card,
                by: actor.user_id,
            },
        )
        .await;
    }
}
