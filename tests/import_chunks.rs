//! Files longer than one write chunk (2,000 rows), on SQLite and
//! PostgreSQL: the plan keeps only each row's place and act and reads the
//! records again chunk by chunk when it writes, so these check that what
//! is written is still what was planned — duplicate choices taking effect
//! in a later chunk than their group's first row, and new deals landing
//! on the board in file order across chunks, above the cards already
//! there.

mod support;

use cairn::domain::Role;
use cairn::domain::customer::ContactInput;
use cairn::domain::import::{
    Choice, Counts, Decisions, GroupChoice, Kind, Mapping, ReadOptions, Table, read_csv,
};
use cairn::domain::sales::DealInput;
use cairn::store::Store;
use cairn::store::customers::contacts;
use cairn::store::import;
use cairn::store::sales::{deals, pipelines};
use sea_orm::{ConnectionTrait, Statement};
use support::{actor, databases};

fn csv(text: &str) -> Table {
    read_csv(text.as_bytes(), &ReadOptions::default()).expect("read")
}

async fn strings(s: &Store, sql: &str) -> Vec<String> {
    s.conn()
        .query_all_raw(Statement::from_string(
            s.conn().get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query")
        .iter()
        .map(|r| r.try_get::<String>("", "v").expect("v"))
        .collect()
}

/// Names for generated rows. Many are alike (the rule ignores little in
/// "Quinn Abbot 00010" / "Quinn Abbot 00110"); each row also gets its own
/// address, and different addresses rule out linking by name, so only the
/// emails below make duplicates.
fn person(i: usize) -> String {
    const A: [&str; 10] = [
        "Abbot",
        "Brenner",
        "Castillo",
        "Dufresne",
        "Eriksen",
        "Fujimoto",
        "Gallagher",
        "Hoxha",
        "Ivanova",
        "Jankowski",
    ];
    const B: [&str; 10] = [
        "Quinn",
        "Rosalind",
        "Sebastian",
        "Thaddeus",
        "Ulrike",
        "Valentina",
        "Wilhelmina",
        "Xiomara",
        "Yevgeny",
        "Zebulon",
    ];
    format!("{} {} {i:05}", B[i % 10], A[(i / 10) % 10])
}

#[tokio::test]
async fn choices_and_board_order_hold_across_chunks() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;

        // Contacts: 4,500 rows. Row 3's email is a stored contact's, and
        // so is row 4,400's (the third chunk); rows 100 and 4,300 share
        // an email of their own.
        let stored = contacts::create(
            s,
            &admin,
            ContactInput {
                name: "Stored Person".into(),
                email: "stored@example.com".into(),
                ..Default::default()
            },
        )
        .await
        .expect("stored contact");
        let n = 4_500;
        let mut text = String::from("name,email,phone,address\n");
        for i in 0..n {
            let row = i + 2;
            let email = match row {
                3 | 4_400 => "stored@example.com".to_owned(),
                100 | 4_300 => "twice@example.com".to_owned(),
                _ => format!("p{i}@example.com"),
            };
            let phone = if row == 3 { "+1 555 0100" } else { "" };
            let address = format!("{} Main Street", 100 + 20 * i);
            text.push_str(&format!("{},{email},{phone},{address}\n", person(i)));
        }
        let file = csv(&text);
        let m = Mapping::suggested(Kind::Contacts, &file.headers);
        let dry = import::dry_run(s, &admin, Kind::Contacts, &file, &m, &Decisions::default())
            .await
            .expect("dry run");
        assert_eq!(dry.counts.error, 0, "{}: {:?}", db.name, dry.errors);
        let group_of = |row: usize| {
            dry.duplicates
                .iter()
                .find(|g| g.rows.contains(&row))
                .unwrap_or_else(|| panic!("row {row} is in no group: {:?}", dry.duplicates))
        };
        let with_stored = group_of(3);
        assert_eq!(
            with_stored.rows,
            vec![3, 4_400],
            "{:?}",
            with_stored.reasons
        );
        assert_eq!(with_stored.existing.len(), 1);
        assert_eq!(with_stored.existing[0].id, stored.id);
        let in_file = group_of(100);
        assert_eq!(in_file.rows, vec![100, 4_300]);
        assert!(in_file.existing.is_empty());
        let decisions = Decisions {
            groups: vec![
                GroupChoice {
                    key: with_stored.key,
                    choice: Choice::Update { id: stored.id },
                },
                GroupChoice {
                    key: in_file.key,
                    choice: Choice::Skip,
                },
            ],
            skip_errors: false,
        };
        let others_grouped: usize = dry
            .duplicates
            .iter()
            .filter(|g| g.key != with_stored.key && g.key != in_file.key)
            .count();
        assert_eq!(others_grouped, 0, "{:?}", dry.duplicates);
        let done = import::commit(s, &admin, Kind::Contacts, "c.csv", &file, &m, &decisions)
            .await
            .expect("commit contacts");
        // Row 3 updates the stored contact, row 4,400 is skipped; row 100
        // is created, row 4,300 skipped.
        let expected = Counts {
            create: (n - 3) as u64,
            update: 1,
            skip: 2,
            error: 0,
        };
        assert_eq!(done.counts, expected, "{}", db.name);
        let names = strings(
            s,
            "SELECT name AS v FROM contacts WHERE deleted_at IS NULL ORDER BY id",
        )
        .await;
        assert_eq!(names.len(), 1 + n - 3, "{}", db.name);
        assert_eq!(names[0], person(1), "the update took row 3's name");
        assert!(names.contains(&person(98)), "row 100 created");
        assert!(!names.contains(&person(4_298)), "row 4,300 skipped");
        assert!(!names.contains(&person(4_398)), "row 4,400 skipped");
        assert_eq!(names.last(), Some(&person(n - 1)), "the last chunk written");
        let phones = strings(
            s,
            &format!("SELECT phone AS v FROM contacts WHERE id = {}", stored.id),
        )
        .await;
        assert_eq!(phones, vec!["+1 555 0100".to_owned()]);
        // Every created contact is findable (its search terms were
        // written with its chunk) and in the import's journal.
        let journal = strings(
            s,
            &format!(
                "SELECT action AS v FROM import_records WHERE import_id = {}",
                done.import_id
            ),
        )
        .await;
        assert_eq!(journal.len(), n - 3 + 1, "{}", db.name);

        // Deals: 4,100 open deals into the first stage, which already has
        // a card: they go above it, first row on top.
        let pipeline = pipelines::list(s, &admin)
            .await
            .expect("pipelines")
            .into_iter()
            .next()
            .expect("the default pipeline");
        let old = deals::create(
            s,
            &admin,
            DealInput {
                title: "Already on the board".into(),
                amount: "10".into(),
                currency: "CNY".into(),
                pipeline_id: pipeline.id,
                stage_id: pipeline.stages[0].id,
                ..Default::default()
            },
        )
        .await
        .expect("deal");
        let count = 4_100;
        let mut text = String::from("title,amount,currency\n");
        for i in 0..count {
            text.push_str(&format!("Deal {i:05},{},CNY\n", 1_000 + i));
        }
        let file = csv(&text);
        let m = Mapping::suggested(Kind::Deals, &file.headers);
        let done = import::commit(
            s,
            &admin,
            Kind::Deals,
            "d.csv",
            &file,
            &m,
            &Decisions::default(),
        )
        .await
        .expect("commit deals");
        assert_eq!(done.counts.create, count as u64, "{}", db.name);
        let column = strings(
            s,
            &format!(
                "SELECT title AS v FROM deals WHERE stage_id = {} AND status = 'open' \
                 AND deleted_at IS NULL ORDER BY rank",
                old.stage_id
            ),
        )
        .await;
        let mut want: Vec<String> = (0..count).map(|i| format!("Deal {i:05}")).collect();
        want.push(old.title.clone());
        assert_eq!(column.len(), want.len(), "{}", db.name);
        let first_wrong = column.iter().zip(&want).position(|(a, b)| a != b);
        assert_eq!(first_wrong, None, "{}: board order differs", db.name);
    }
}
