//! `cairn seed --scale N` on real databases (SQLite, and PostgreSQL when
//! reachable): the generated records are complete (counts, derived
//! columns, search index, timeline) and the app keeps working on top of
//! them (new records get fresh ids, also from PostgreSQL's sequences).

mod support;

use cairn::domain::Role;
use cairn::domain::customer::*;
use cairn::store::customers::{accounts, contacts, grading, scale, search, timeline};
use cairn::store::entity::{account, activity, audit_log, contact};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use support::{actor, actor_in, databases};

#[tokio::test]
async fn scale_seed_makes_complete_searchable_records() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let east = actor_in(s, "east", Role::Sales, "East").await;
        let west = actor_in(s, "west", Role::Sales, "West").await;
        let _boss = actor_in(s, "boss", Role::Manager, "East").await;

        let report = scale::scale(s, 300, &[]).await.expect("scale seed");
        assert_eq!(
            (report.accounts, report.contacts, report.activities),
            (300, 900, 3000),
            "{}",
            db.name
        );
        assert!(report.search_terms > 900 * 3, "{}", db.name);
        let conn = s.conn();
        assert_eq!(account::Entity::find().count(conn).await.expect("n"), 300);
        assert_eq!(contact::Entity::find().count(conn).await.expect("n"), 900);
        assert_eq!(activity::Entity::find().count(conn).await.expect("n"), 3000);
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("database"))
            .filter(audit_log::Column::Action.eq("seed"))
            .count(conn)
            .await
            .expect("audit");
        assert_eq!(audits, 1, "one audit row for the whole seed");
        assert_eq!(
            audit_log::Entity::find()
                .filter(audit_log::Column::Entity.eq("account"))
                .count(conn)
                .await
                .expect("audit"),
            0,
            "no per-record audit rows"
        );

        // Owners are the sales people and the manager, each record in its
        // owner's team.
        let all = account::Entity::find().all(conn).await.expect("accounts");
        for a in &all {
            let (owner, team) = (a.owner_id.expect("owner"), a.team_id);
            assert_ne!(owner, admin.user_id, "{}", db.name);
            if owner == east.user_id {
                assert_eq!(team, east.team_id);
            } else if owner == west.user_id {
                assert_eq!(team, west.team_id);
            }
        }
        assert!(all.iter().any(|a| a.owner_id == Some(west.user_id)));

        // The list: everything for the admin, paged; only their team's for
        // a sales person.
        let mut q = ListQuery {
            per_page: 25,
            ..Default::default()
        }
        .normalized();
        let page1 = accounts::list(s, &admin, &q, false).await.expect("list");
        assert_eq!(page1.total, 300, "{}", db.name);
        assert_eq!(page1.items.len(), 25);
        q.page = 12;
        let last = accounts::list(s, &admin, &q, false).await.expect("list");
        assert_eq!(last.items.len(), 300 - 11 * 25);
        let mine = accounts::list(s, &west, &ListQuery::default().normalized(), false)
            .await
            .expect("list");
        let west_count = all.iter().filter(|a| a.team_id == west.team_id).count();
        assert_eq!(mine.total as usize, west_count, "{}", db.name);

        // Search finds an account by a word of its name and a contact by
        // email.
        let target = all
            .iter()
            .find(|a| a.name.is_ascii() && a.owner_id == Some(west.user_id))
            .expect("an English-named account");
        let word = target.name.split(' ').next().expect("a word");
        let query = format!("{word} {}", target.domain);
        let hits = search::search(s, &admin, &query).await.expect("search");
        assert!(
            hits.iter()
                .any(|h| h.kind == RecordKind::Account && h.id == target.id),
            "{}: {query} → {hits:?}",
            db.name
        );
        let person = contact::Entity::find()
            .filter(contact::Column::Email.ne(""))
            .filter(contact::Column::AccountId.eq(target.id))
            .one(conn)
            .await
            .expect("query")
            .expect("a contact with an email");
        let hits = search::search(s, &west, &person.email)
            .await
            .expect("search");
        assert!(
            hits.iter()
                .any(|h| h.kind == RecordKind::Contact && h.id == person.id),
            "{}: {} → {hits:?}",
            db.name,
            person.email
        );
        let hidden = search::search(s, &east, &person.email)
            .await
            .expect("search");
        assert!(
            hidden
                .iter()
                .all(|h| h.id != person.id || h.kind != RecordKind::Contact),
            "another team's contact stays hidden"
        );

        // The 360° view: the account, its 3 people, its 10 activities at
        // distinct times, newest first; the stored grade is the computed one.
        let view = accounts::get(s, &admin, target.id).await.expect("get");
        assert_eq!(view.domain, target.domain);
        let people = contacts::list(
            s,
            &admin,
            &ListQuery::default().normalized(),
            false,
            Some(target.id),
        )
        .await
        .expect("contacts");
        assert_eq!(people.total, 3);
        let tl = timeline::account_timeline(s, &admin, target.id, None, 20)
            .await
            .expect("timeline");
        let acts: Vec<&ActivityView> = tl
            .items
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Activity(a) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(acts.len(), 10, "{}", db.name);
        assert!(
            acts.windows(2).all(|w| w[0].occurred_at > w[1].occurred_at),
            "distinct times, newest first"
        );
        let (rules, _) = grading::get_rules(s, &admin).await.expect("rules");
        let regraded = grading::grade_of(
            &rules,
            view.lifecycle.as_str(),
            view.annual_revenue,
            view.last_activity_at,
            chrono::Utc::now(),
        );
        assert_eq!(view.grade, regraded);
        let newest_logged = acts
            .iter()
            .filter(|a| a.kind != ActivityKind::Task)
            .map(|a| a.occurred_at)
            .max();
        assert!(view.last_activity_at >= newest_logged);

        // Tags are indexed: the tag filter agrees with the stored tags.
        let vip = all.iter().filter(|a| a.tags.contains("\"vip\"")).count();
        let tagged = accounts::list(
            s,
            &admin,
            &ListQuery {
                tag: Some("VIP".into()),
                ..Default::default()
            }
            .normalized(),
            false,
        )
        .await
        .expect("list");
        assert_eq!(tagged.total as usize, vip);

        // Records created afterwards get fresh ids (PostgreSQL's sequences
        // were moved past the explicit ids).
        let max_id = all.iter().map(|a| a.id).max().expect("ids");
        let created = accounts::create(
            s,
            &west,
            AccountInput {
                name: "Created After Seeding".into(),
                ..Default::default()
            },
        )
        .await
        .expect("create after seed");
        assert!(created.id > max_id, "{}", db.name);
        let c = contacts::create(
            s,
            &west,
            ContactInput {
                account_id: Some(created.id),
                name: "New Person".into(),
                ..Default::default()
            },
        )
        .await
        .expect("contact after seed");
        assert!(c.id > 900);

        // A second seed adds to the first.
        let again = scale::scale(s, 20, &[west.user_id]).await.expect("again");
        assert_eq!(again.accounts, 20);
        let newest = account::Entity::find()
            .order_by_desc(account::Column::Id)
            .one(conn)
            .await
            .expect("query")
            .expect("row");
        assert_eq!(newest.owner_id, Some(west.user_id));
        assert_eq!(
            account::Entity::find().count(conn).await.expect("n"),
            300 + 1 + 20
        );
    }
}

#[tokio::test]
async fn scale_seed_needs_a_user_and_falls_back_to_the_admin() {
    for db in databases().await {
        let s = &db.store;
        assert!(scale::scale(s, 5, &[]).await.is_err(), "no users: refused");
        let admin = actor(s, "admin", Role::Admin).await;
        scale::scale(s, 5, &[]).await.expect("seed");
        let owners: Vec<Option<i64>> = account::Entity::find()
            .all(s.conn())
            .await
            .expect("rows")
            .into_iter()
            .map(|a| a.owner_id)
            .collect();
        assert_eq!(owners, vec![Some(admin.user_id); 5], "{}", db.name);
    }
}

/// One row of the search index, read raw for the oracle below.
struct Term {
    term: String,
    kind: RecordKind,
    id: i64,
    owner: Option<i64>,
    team: Option<i64>,
}

async fn all_terms(s: &cairn::store::Store) -> Vec<Term> {
    use sea_orm::ConnectionTrait;
    let rows = s
        .conn()
        .query_all_raw(sea_orm::Statement::from_string(
            s.conn().get_database_backend(),
            "SELECT term, kind, record_id, owner_id, team_id FROM search_terms",
        ))
        .await
        .expect("terms");
    rows.iter()
        .map(|r| Term {
            term: r.try_get("", "term").expect("term"),
            kind: RecordKind::parse(&r.try_get::<String>("", "kind").expect("kind"))
                .expect("a kind"),
            id: r.try_get("", "record_id").expect("id"),
            owner: r.try_get("", "owner_id").expect("owner"),
            team: r.try_get("", "team_id").expect("team"),
        })
        .collect()
}

fn matching<'a>(terms: &'a [Term], w: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
    terms.iter().filter(move |t| t.term.starts_with(w))
}

/// What the search must return, worked out from every term in memory:
/// the records that have a term starting with each word, in the order of
/// the rarest word's terms (ties: kind, id), where "rarest" counts terms
/// up to one past `cap`, and a word rarer than none reads only its first
/// `cap` terms.
fn oracle(
    terms: &[Term],
    actor: &cairn::domain::Actor,
    query: &str,
    cap: u64,
) -> Vec<(RecordKind, i64)> {
    let words = cairn::domain::search::query_words(query);
    let mut order: Vec<usize> = (0..words.len()).collect();
    let count = |i: usize| Ord::min(matching(terms, &words[i]).count() as u64, cap + 1);
    order.sort_by_key(|&i| (count(i), std::cmp::Reverse(words[i].chars().count())));
    let visible = |t: &Term| match actor.role {
        Role::Sales | Role::Manager => {
            t.owner == Some(actor.user_id) || (actor.team_id.is_some() && t.team == actor.team_id)
        }
        _ => true,
    };
    let mut lead: Vec<&Term> = matching(terms, &words[order[0]])
        .filter(|t| visible(t))
        .collect();
    lead.sort_by(|a, b| (&a.term, a.kind.as_str(), a.id).cmp(&(&b.term, b.kind.as_str(), b.id)));
    if words.len() > 1 {
        lead.truncate(cap as usize);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<(RecordKind, i64)> = lead
        .into_iter()
        .map(|t| (t.kind, t.id))
        .filter(|r| seen.insert(*r))
        .filter(|r| {
            order[1..]
                .iter()
                .all(|&i| matching(terms, &words[i]).any(|t| (t.kind, t.id) == *r))
        })
        .collect();
    out.truncate(search::MAX_HITS);
    out
}

#[tokio::test]
async fn several_words_find_exactly_the_records_with_all_of_them() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let east = actor_in(s, "east", Role::Sales, "East").await;
        let _west = actor_in(s, "west", Role::Sales, "West").await;
        scale::scale(s, 300, &[]).await.expect("scale seed");
        let terms = all_terms(s).await;
        let names: Vec<String> = account::Entity::find()
            .all(s.conn())
            .await
            .expect("accounts")
            .into_iter()
            .map(|a| a.name)
            .filter(|n| n.is_ascii())
            .collect();
        // Two-word queries from the names: a word's start with the start
        // of the next word (matches), with another name's word (mostly
        // none), and a person's-name-like pair of short prefixes (many).
        let mut queries = vec!["a b".to_owned(), "co in".to_owned(), "zzz co".to_owned()];
        for (i, n) in names.iter().take(40).enumerate() {
            let w: Vec<&str> = n.split(' ').collect();
            let other = &names[(i * 7 + 3) % names.len()];
            let o = other.split(' ').next().unwrap_or("x");
            let pre = |w: &str, k: usize| w.chars().take(k).collect::<String>();
            queries.push(format!(
                "{} {}",
                pre(w[0], 4),
                pre(w.get(1).unwrap_or(&"x"), 2)
            ));
            queries.push(format!("{} {}", pre(w[0], 3), pre(o, 3)));
        }
        let small = search::Limits {
            range_cap: 6,
            probe_chunk: 4,
        };
        let mut nonempty = 0;
        for q in &queries {
            for who in [&admin, &east] {
                let got: Vec<(RecordKind, i64)> = search::search(s, who, q)
                    .await
                    .expect("search")
                    .into_iter()
                    .map(|h| (h.kind, h.id))
                    .collect();
                let want = oracle(&terms, who, q, search::Limits::default().range_cap);
                assert_eq!(got, want, "{}: {q:?} as {:?}", db.name, who.role);
                nonempty += usize::from(!got.is_empty());
                // Tiny limits: every word is "common", candidates are
                // probed in chunks; the result is still exactly defined.
                let got: Vec<(RecordKind, i64)> = search::search_with(s, who, q, small)
                    .await
                    .expect("search")
                    .into_iter()
                    .map(|h| (h.kind, h.id))
                    .collect();
                assert_eq!(
                    got,
                    oracle(&terms, who, q, small.range_cap),
                    "{}: {q:?} small",
                    db.name
                );
            }
        }
        assert!(
            nonempty > 40,
            "{}: the queries find things ({nonempty})",
            db.name
        );
    }
}

#[tokio::test]
async fn a_long_list_counts_up_to_a_cap() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        scale::scale(s, 120, &[]).await.expect("scale seed");
        let mut q = ListQuery {
            per_page: 25,
            ..Default::default()
        }
        .normalized();
        let exact = accounts::list(s, &admin, &q, false).await.expect("list");
        assert_eq!((exact.total, exact.more, exact.pages()), (120, false, 5));
        let capped = accounts::list_counting_to(s, &admin, &q, false, 50)
            .await
            .expect("list");
        assert_eq!((capped.total, capped.more), (50, true), "{}", db.name);
        assert_eq!(capped.total_label(), "50+");
        assert!(capped.has_next());
        // Past the cap, the count reaches at least the end of this page.
        q.page = 3;
        let p3 = accounts::list_counting_to(s, &admin, &q, false, 50)
            .await
            .expect("list");
        assert_eq!((p3.total, p3.more, p3.items.len()), (75, true, 25));
        assert!(p3.has_next());
        q.page = 5;
        let last = accounts::list_counting_to(s, &admin, &q, false, 50)
            .await
            .expect("list");
        assert_eq!((last.total, last.more, last.items.len()), (120, false, 20));
        assert!(!last.has_next());
    }
}
