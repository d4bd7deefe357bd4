//! Microsoft Project XML in and out, on SQLite and PostgreSQL: the
//! files Project saved schedule here as Project scheduled them; a round
//! trip import → export → import keeps the plan; a refused file changes
//! nothing; who may not create projects may not import one; the CSV and
//! iCalendar exports carry the schedule.

mod support;

use std::collections::BTreeMap;

use cairn::domain::project::editor::Editor;
use cairn::domain::project::interchange::{ImportOptions, ImportedProject, MatchedBy};
use cairn::domain::project::{CalendarKey, ProjectPlan, ProjectState, compute};
use cairn::domain::schedule::mspdi::Document;
use cairn::domain::schedule::{Scheduler, TaskIx, WorkTable};
use cairn::domain::user::NewUser;
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::projects;
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, Statement};
use support::{actor, databases};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/testdata/mspdi/");
const ROLLOUT: &str = include_str!("data/mspdi/rollout.xml");

fn shared(file: &str) -> String {
    let path = format!("{SHARED}{file}");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the shared test data must be present at {path}: {e}"))
}

/// Every table an import writes, with its row count.
const TABLES: [&str; 9] = [
    "projects",
    "project_tasks",
    "project_links",
    "task_assignments",
    "baselines",
    "baseline_tasks",
    "project_calendars",
    "project_person_calendars",
    "audit_log",
];

async fn counts(s: &Store) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for t in TABLES {
        let row = s
            .conn()
            .query_one_raw(Statement::from_string(
                s.conn().get_database_backend(),
                format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {t}"),
            ))
            .await
            .expect("count")
            .expect("a row");
        out.insert(t, row.try_get::<i64>("", "n").expect("n"));
    }
    out
}

async fn person(s: &Store, username: &str, name: &str, email: &str) -> i64 {
    cairn::store::users::create_as_operator(
        s,
        NewUser {
            username: username.into(),
            display_name: name.into(),
            email: email.into(),
            role: Role::Sales,
            team_id: None,
            password: support::PASSWORD.into(),
        },
    )
    .await
    .expect("user")
    .id
}

async fn import(s: &Store, who: &Actor, xml: &str) -> ImportedProject {
    projects::import_mspdi(s, who, xml, &ImportOptions::default())
        .await
        .unwrap_or_else(|e| panic!("import: {e}"))
}

async fn plan_of(s: &Store, who: &Actor, id: i64) -> ProjectPlan {
    projects::plan(s, who, id).await.expect("plan")
}

/// The stored plan as the page schedules it: compiled in grid order.
fn scheduled(plan: &ProjectPlan) -> (compute::Compiled, cairn::domain::schedule::Schedule) {
    let state = ProjectState::new(plan.tasks.clone(), plan.links.clone());
    let c = compute::compile_with(
        &state,
        plan.project.start,
        &plan.calendar,
        &plan.person_calendars,
    )
    .expect("compiles");
    let s = compute::run(&mut Scheduler::default(), &c).expect("schedules");
    (c, s)
}

/// After importing each file Project saved, every task starts and
/// finishes when Project said — except where the import says it could
/// not carry what decided the date (sample.xml's "Second Task", finished
/// by two resources on their own calendars): there the finish is the
/// same working minute, shown as the end of the day before.
#[tokio::test]
async fn imported_files_schedule_as_project_computed() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        for (file, tasks, links, deviating) in [
            ("mspdirelations.xml", 5, 4, &[][..]),
            ("sample.xml", 19, 6, &["First Task", "Second Task"][..]),
        ] {
            let xml = shared(file);
            let doc = Document::parse(&xml).expect("parses");
            let done = import(s, &pmo, &xml).await;
            assert_eq!((done.tasks, done.links), (tasks, links), "{file}");
            assert_eq!(done.calendar, CalendarKey::Standard, "{file}");
            let plan = plan_of(s, &pmo, done.id).await;
            let (c, sch) = scheduled(&plan);
            // The browser's editor schedules it the same (calendar included).
            let editor = Editor::new(&plan).expect("editor");
            assert_eq!(
                plan.digest,
                compute::digest(&editor.compiled, &editor.schedule)
            );
            assert_eq!(plan.digest, compute::digest(&c, &sch), "{file}");

            let file_tasks: Vec<_> = doc.tasks.iter().filter(|t| t.outline_level > 0).collect();
            assert_eq!(c.len(), file_tasks.len(), "{file}");
            let mut table = WorkTable::new(&plan.calendar, plan.project.start);
            let mut compared = 0;
            let mut differ = Vec::new();
            for (i, t) in file_tasks.iter().enumerate() {
                let ix = i as TaskIx;
                assert_eq!(
                    c.plan.tasks[i].name, t.name,
                    "{file}: grid order is file order"
                );
                for (field, project, ours) in [
                    ("Start", t.start, sch.start(ix)),
                    ("Finish", t.finish, sch.finish(ix)),
                ] {
                    let project: NaiveDateTime = project.expect("Project saved the date");
                    compared += 1;
                    if project != ours {
                        let same_minute = table.position(project).expect("in calendar")
                            == table.position(ours).expect("in calendar");
                        differ.push((t.name.clone(), field, project, ours, same_minute));
                    }
                }
            }
            println!(
                "{} {file}: {compared} dates compared, {} differ: {differ:?}",
                db.name,
                differ.len()
            );
            let names: Vec<&str> = differ.iter().map(|d| d.0.as_str()).collect();
            assert_eq!(names, deviating, "{file}: {differ:?}");
            assert!(differ.iter().all(|d| d.1 == "Finish" && d.4), "{differ:?}");
            if !deviating.is_empty() {
                assert!(
                    done.warnings
                        .iter()
                        .any(|w| w.contains("Second Task") && w.contains("own calendars")),
                    "{:?}",
                    done.warnings
                );
            }
        }
    }
}

/// Import → export → import keeps tasks and outline, durations,
/// progress, constraints, links with their types and lags, the calendar
/// with its named exceptions, assignments with units, and baselines.
#[tokio::test]
async fn a_round_trip_keeps_the_plan() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let ann = person(s, "ann", "Ann L.", "ann@example.com").await;
        let bo = person(s, "bochen", "Bo Chen", "bo@example.com").await;

        let first = import(s, &pmo, ROLLOUT).await;
        assert_eq!(first.project.name, "Rollout, phase 2; Shanghai");
        assert_eq!(
            (
                first.tasks,
                first.summary_tasks,
                first.milestones,
                first.links
            ),
            (10, 2, 2, 8)
        );
        assert_eq!(first.calendar, CalendarKey::Custom);
        assert_eq!(first.calendar_exceptions, 5);
        let by: Vec<(i64, MatchedBy)> = first
            .resources_matched
            .iter()
            .map(|m| (m.user_id, m.by))
            .collect();
        assert_eq!(by, [(ann, MatchedBy::Email), (bo, MatchedBy::Name)]);
        assert_eq!(
            first.resources_unmatched.len(),
            2,
            "{:?}",
            first.resources_unmatched
        );
        assert!(first.resources_unmatched[0].starts_with("Contractor X: "));
        assert!(first.resources_unmatched[1].contains("material"));
        assert_eq!((first.assignments, first.assignments_dropped), (3, 2));
        assert_eq!(first.baselines, 2);

        let xml = projects::export_mspdi(s, &pmo, first.id)
            .await
            .expect("export");
        let second = import(s, &pmo, &xml).await;
        assert_eq!(second.project.name, first.project.name);
        assert_eq!(
            (
                second.tasks,
                second.links,
                second.assignments,
                second.baselines
            ),
            (first.tasks, first.links, first.assignments, first.baselines)
        );
        assert!(
            second.resources_unmatched.is_empty(),
            "{:?}",
            second.resources_unmatched
        );
        assert_eq!(second.calendar, CalendarKey::Custom);

        let a = snapshot(s, &pmo, first.id).await;
        let b = snapshot(s, &pmo, second.id).await;
        assert_eq!(a.calendar, b.calendar, "calendar and its exceptions");
        assert_eq!(a.tasks, b.tasks, "tasks");
        assert_eq!(a.links, b.links, "links");
        assert_eq!(a.dates, b.dates, "scheduled dates");
        assert_eq!(a.baselines, b.baselines, "baselines");
        // What the file said, spot-checked on the second copy.
        assert!(b.tasks.contains(&(
            "1.2".into(),
            "Site survey".into(),
            Some(840),
            Some(50),
            None,
            vec![(ann, 50), (bo, 100)]
        )));
        assert!(
            b.links
                .contains(&("1.2".into(), "1.3.1".into(), "SS".into(), 210))
        );
        assert!(
            b.links
                .contains(&("1.3.1".into(), "1.3.2".into(), "FF".into(), -420))
        );
        assert!(b.links.contains(&("2".into(), "3".into(), "SF".into(), 0)));
        assert!(
            b.links
                .contains(&("1.1".into(), "1.2".into(), "FS".into(), 420))
        );
        let names: Vec<&str> = b
            .calendar
            .exceptions()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Make-up Saturday",
                "Qingming",
                "Qingming",
                "Qingming",
                "Qingming"
            ]
        );
        assert_eq!(b.calendar.minutes_per_day, 420);
        assert_eq!(
            b.baselines.keys().cloned().collect::<Vec<_>>(),
            ["Baseline", "Baseline 1"]
        );

        // Project's own files come back the same way too.
        let sample = import(s, &pmo, &shared("sample.xml")).await;
        let again = projects::export_mspdi(s, &pmo, sample.id)
            .await
            .expect("export");
        let sample2 = import(s, &pmo, &again).await;
        let a = snapshot(s, &pmo, sample.id).await;
        let b = snapshot(s, &pmo, sample2.id).await;
        assert_eq!((a.tasks, a.links, a.dates), (b.tasks, b.links, b.dates));
    }
}

/// When the resources Project scheduled on their own calendars are people
/// here, their calendars come along: sample.xml's "Second Task" (two
/// resources, one on a night shift) then finishes when Project said, like
/// every other task, and a round trip keeps the person's calendar.
#[tokio::test]
async fn people_keep_their_own_calendars_and_tasks_finish_as_in_project() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let first = person(s, "first", "First Resource", "first@example.com").await;
        let second = person(s, "second", "Second Resource", "second@example.com").await;
        let xml = shared("sample.xml");
        let doc = Document::parse(&xml).expect("parses");
        let done = import(s, &pmo, &xml).await;
        assert_eq!(
            done.resources_matched.len(),
            2,
            "{:?}",
            done.resources_unmatched
        );
        // First Resource works the project's calendar; only the night
        // shift is a calendar of its own.
        assert_eq!(done.person_calendars, 1);
        assert!(
            !done.warnings.iter().any(|w| w.contains("own calendars")),
            "{:?}",
            done.warnings
        );
        let plan = plan_of(s, &pmo, done.id).await;
        assert_eq!(plan.person_calendars.len(), 1);
        let night = &plan.person_calendars[0];
        assert_eq!(night.user_id, second);
        assert_eq!(
            night.calendar.week[0].periods(),
            [(23 * 60, 24 * 60)],
            "Monday"
        );
        assert_eq!(
            night.calendar.week[1].periods(),
            [(0, 180), (240, 480), (23 * 60, 24 * 60)],
            "Tuesday"
        );
        let second_task = plan
            .tasks
            .iter()
            .find(|t| t.name == "Second Task")
            .expect("task");
        let mut people: Vec<i64> = second_task.assignments.iter().map(|a| a.user_id).collect();
        people.sort_unstable();
        assert_eq!(people, [first, second]);

        let (c, sch) = scheduled(&plan);
        let editor = Editor::new(&plan).expect("editor");
        assert_eq!(
            plan.digest,
            compute::digest(&editor.compiled, &editor.schedule)
        );
        assert_eq!(plan.digest, compute::digest(&c, &sch));
        let file_tasks: Vec<_> = doc.tasks.iter().filter(|t| t.outline_level > 0).collect();
        let mut differ = Vec::new();
        for (i, t) in file_tasks.iter().enumerate() {
            let ix = i as TaskIx;
            for (field, project, ours) in [
                ("Start", t.start, sch.start(ix)),
                ("Finish", t.finish, sch.finish(ix)),
            ] {
                if project != Some(ours) {
                    differ.push((t.name.clone(), field, project, ours));
                }
            }
        }
        assert!(differ.is_empty(), "{} dates differ: {differ:?}", db.name);
        let finish = |name: &str| {
            let i = c
                .plan
                .tasks
                .iter()
                .position(|t| t.name == name)
                .expect("task");
            sch.finish(i as TaskIx)
        };
        assert_eq!(
            finish("Second Task").to_string(),
            "2003-03-18 08:00:00",
            "Project's finish, on the night shift"
        );

        // Out and back in: the person's calendar and every date survive.
        let out = projects::export_mspdi(s, &pmo, done.id)
            .await
            .expect("export");
        assert!(
            out.contains("<Name>Night Shift</Name>")
                || out.contains("<Name>Second Resource</Name>")
        );
        let back = import(s, &pmo, &out).await;
        assert_eq!(back.person_calendars, 1);
        let plan2 = plan_of(s, &pmo, back.id).await;
        assert_eq!(plan2.person_calendars, plan.person_calendars);
        let a = snapshot(s, &pmo, done.id).await;
        let b = snapshot(s, &pmo, back.id).await;
        assert_eq!((a.tasks, a.dates), (b.tasks, b.dates));
    }
}

type TaskKey = (
    String,
    String,
    Option<i64>,
    Option<u8>,
    Option<(String, NaiveDateTime)>,
    Vec<(i64, u16)>,
);

struct Snapshot {
    calendar: cairn::domain::schedule::Calendar,
    /// (outline, name, and unless a summary (whose figures roll up):
    /// duration and %; constraint, assignments)
    tasks: Vec<TaskKey>,
    /// (predecessor outline, successor outline, kind, lag)
    links: Vec<(String, String, String, i64)>,
    dates: Vec<(String, NaiveDateTime, NaiveDateTime)>,
    /// name → outline → (start, finish)
    baselines: BTreeMap<String, BTreeMap<String, (NaiveDateTime, NaiveDateTime)>>,
}

async fn snapshot(s: &Store, who: &Actor, id: i64) -> Snapshot {
    let plan = plan_of(s, who, id).await;
    let (c, sch) = scheduled(&plan);
    let state = ProjectState::new(plan.tasks.clone(), plan.links.clone());
    let number = |task_id: i64| c.numbers[c.ix[&task_id] as usize].clone();
    let mut tasks = Vec::new();
    let mut dates = Vec::new();
    for i in 0..c.len() {
        let row = state.task(c.ids[i]).expect("row");
        let mut people: Vec<(i64, u16)> = row
            .assignments
            .iter()
            .map(|a| (a.user_id, a.units))
            .collect();
        people.sort_unstable();
        tasks.push((
            c.numbers[i].clone(),
            row.name.clone(),
            (!c.summary[i]).then_some(row.duration_minutes),
            (!c.summary[i]).then_some(row.percent_complete),
            row.constraint.map(|k| (format!("{:?}", k.kind), k.date)),
            people,
        ));
        dates.push((
            c.numbers[i].clone(),
            sch.start(i as TaskIx),
            sch.finish(i as TaskIx),
        ));
    }
    let mut links: Vec<(String, String, String, i64)> = state
        .live_links()
        .map(|l| {
            (
                number(l.predecessor),
                number(l.successor),
                l.kind.abbreviation().to_owned(),
                l.lag_minutes,
            )
        })
        .collect();
    links.sort();
    let mut baselines = BTreeMap::new();
    for b in &plan.baselines {
        let bars = projects::baseline_bars(s, who, b.id).await.expect("bars");
        baselines.insert(
            b.name.clone(),
            bars.iter()
                .map(|x| (number(x.task_id), (x.start, x.finish)))
                .collect(),
        );
    }
    Snapshot {
        calendar: plan.calendar,
        tasks,
        links,
        dates,
        baselines,
    }
}

/// Files that cannot be a plan are refused with the element (and line)
/// at fault, and the database is exactly as before — also when the
/// failure comes from the database after most rows were written.
#[tokio::test]
async fn a_refused_file_changes_nothing() {
    let sample = shared("sample.xml");
    let mut cases: Vec<(&str, String, &str)> = vec![
        ("truncated", sample[..sample.len() / 2].to_owned(), "file"),
        (
            "wrong root",
            "<?xml version=\"1.0\"?><Workbook><Name>x</Name></Workbook>".to_owned(),
            "file",
        ),
        (
            "bad number",
            sample.replacen(
                "<Duration>PT8H0M0S</Duration>",
                "<Duration>PT8xH</Duration>",
                1,
            ),
            "Duration",
        ),
        (
            "missing predecessor",
            sample.replacen(
                "<PredecessorUID>9</PredecessorUID>",
                "<PredecessorUID>999</PredecessorUID>",
                1,
            ),
            "PredecessorUID",
        ),
        (
            "bad link type",
            sample.replacen(
                "<Type>1</Type><CrossProject>",
                "<Type>7</Type><CrossProject>",
                1,
            ),
            "PredecessorLink/Type",
        ),
    ];
    // A loop: Related Task 1a (UID 9) also follows Related Task 1b (UID 10).
    let mut looped = sample.clone();
    let at = looped.find("<UID>9</UID>").expect("task 9");
    let end = at + looped[at..].find("</Task>").expect("end of task 9");
    looped.insert_str(
        end,
        "<PredecessorLink><PredecessorUID>10</PredecessorUID><Type>1</Type><CrossProject>0</CrossProject><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>",
    );
    cases.push(("cycle", looped, "predecessors"));
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        import(s, &pmo, ROLLOUT).await;
        let before = counts(s).await;
        for (what, xml, field) in &cases {
            let e = projects::import_mspdi(s, &pmo, xml, &ImportOptions::default())
                .await
                .expect_err(what);
            match &e {
                AppError::Validation { field: f, reason } => {
                    assert_eq!(f, field, "{what}: {reason}");
                    println!("{what}: {f}: {reason}");
                }
                other => panic!("{what}: {other:?}"),
            }
            assert_eq!(counts(s).await, before, "{} {what}", db.name);
        }
        let e = projects::import_mspdi(s, &pmo, &cases[2].1, &ImportOptions::default())
            .await
            .expect_err("bad number");
        assert!(e.to_string().contains("line "), "{e}");
        assert!(
            projects::import_mspdi(s, &pmo, "", &ImportOptions::default())
                .await
                .is_err()
        );
        let wrong_account = ImportOptions {
            account_id: Some(424_242),
            ..Default::default()
        };
        assert!(matches!(
            projects::import_mspdi(s, &pmo, ROLLOUT, &wrong_account).await,
            Err(AppError::Validation { ref field, .. }) if field == "account_id"
        ));
        assert_eq!(counts(s).await, before, "{}", db.name);

        // The database refuses the very last row (a baseline bar): the
        // project, its calendar, tasks, links and assignments written
        // before it are rolled back.
        let backend = s.conn().get_database_backend();
        let sqls: &[&str] = if db.name == "sqlite" {
            &[
                "CREATE TRIGGER boom BEFORE INSERT ON baseline_tasks BEGIN SELECT RAISE(ABORT, 'boom'); END",
            ]
        } else {
            &[
                "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER boom BEFORE INSERT ON baseline_tasks FOR EACH ROW EXECUTE FUNCTION boom()",
            ]
        };
        for sql in sqls {
            s.conn()
                .execute_raw(Statement::from_string(backend, *sql))
                .await
                .expect("trigger");
        }
        let failed = projects::import_mspdi(s, &pmo, ROLLOUT, &ImportOptions::default()).await;
        assert!(matches!(failed, Err(AppError::Internal(_))), "{failed:?}");
        assert_eq!(counts(s).await, before, "{}", db.name);
    }
}

/// Importing is creating a project: refused to roles that may not, with
/// nothing written; exporting is reading one.
#[tokio::test]
async fn only_who_may_create_projects_imports_and_readers_export() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let done = import(s, &pmo, ROLLOUT).await;
        let before = counts(s).await;
        for (name, role) in [
            ("sales", Role::Sales),
            ("manager", Role::Manager),
            ("viewer", Role::Viewer),
            ("service", Role::Service),
        ] {
            let who = actor(s, name, role).await;
            let before = counts(s).await;
            let r = projects::import_mspdi(s, &who, ROLLOUT, &ImportOptions::default()).await;
            assert!(matches!(r, Err(AppError::Forbidden)), "{name}: {r:?}");
            assert_eq!(counts(s).await, before, "{name}");
            // Everyone with project read access may export.
            assert!(
                projects::export_mspdi(s, &who, done.id).await.is_ok(),
                "{name}"
            );
        }
        let admin = actor(s, "admin", Role::Admin).await;
        assert!(
            projects::import_mspdi(s, &admin, ROLLOUT, &ImportOptions::default())
                .await
                .is_ok()
        );
        assert_eq!(counts(s).await["projects"], before["projects"] + 1);
        // The creation is audited like any other, plus the import's counts.
        let history = cairn::store::audit::history(s.conn(), "project", &done.id.to_string())
            .await
            .expect("history");
        let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(actions, ["create", "import_mspdi"]);
        for r in [
            projects::export_mspdi(s, &pmo, 987_654).await.map(|_| ()),
            projects::schedule_csv(s, &pmo, 987_654).await.map(|_| ()),
            projects::milestones_ics(s, &pmo, 987_654).await.map(|_| ()),
        ] {
            assert!(matches!(r, Err(AppError::NotFound { .. })), "{r:?}");
        }
    }
}

/// The CSV has the grid's columns and formats (BOM for Excel, quoting of
/// a name with a comma); the iCalendar file one all-day event per
/// milestone, on its scheduled date, with escaped text and folded lines.
#[tokio::test]
async fn csv_and_ics_carry_the_schedule() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        person(s, "ann", "Ann L.", "ann@example.com").await;
        person(s, "bochen", "Bo Chen", "bo@example.com").await;
        let done = import(s, &pmo, ROLLOUT).await;
        let plan = plan_of(s, &pmo, done.id).await;
        let (c, sch) = scheduled(&plan);

        let csv = projects::schedule_csv(s, &pmo, done.id).await.expect("csv");
        assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let text = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "outline,name,duration,start,finish,predecessors,resources,percent complete,critical"
            )
        );
        let rows: Vec<csv_row::Row> = csv_row::parse(&text);
        assert_eq!(rows.len(), c.len());
        let kickoff = &rows[1];
        assert_eq!(kickoff.0[..3], ["1.1", "Kick-off, review; sign", "1d"]);
        assert!(text.contains("\"Kick-off, review; sign\""), "quoted");
        assert_eq!(kickoff.0[6], "Ann L.");
        assert_eq!(kickoff.0[7], "100");
        let survey = &rows[2];
        assert_eq!(survey.0[5], "1.1FS+1d");
        assert_eq!(survey.0[6], "Ann L. 50%, Bo Chen");
        let draft = &rows[4];
        assert_eq!(draft.0[5], "1.2SS+0.5d");
        assert_eq!(
            draft.0[3],
            sch.start(4).format("%Y-%m-%d %H:%M").to_string()
        );
        assert!(rows.iter().all(|r| r.0[8] == "yes" || r.0[8] == "no"));

        let ics = projects::milestones_ics(s, &pmo, done.id)
            .await
            .expect("ics");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "folded");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        let unfolded = ics.replace("\r\n ", "");
        let done_ix = c.by_number("1.4").expect("milestone");
        let date = sch.start(done_ix).date().format("%Y%m%d").to_string();
        let task_id = c.ids[done_ix as usize];
        assert!(unfolded.contains(&format!(
            "UID:cairn-project-{}-task-{task_id}@cairn\r\nDTSTAMP:",
            done.id
        )));
        assert!(unfolded.contains(&format!("DTSTART;VALUE=DATE:{date}\r\n")));
        assert!(unfolded.contains("SUMMARY:Rollout\\, phase 2\\; Shanghai: Preparation done\r\n"));
        assert!(unfolded.contains("SUMMARY:Rollout\\, phase 2\\; Shanghai: Go-live\\; all sites\\, phase 2 \u{2014} a long"));
        assert!(ics.contains("\r\n "), "the long summary is folded");
    }
}

/// A few CSV records without pulling in a reader: the file's own quoting
/// (RFC 4180) is simple enough to undo here.
mod csv_row {
    pub struct Row(pub Vec<String>);

    pub fn parse(text: &str) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(Row(std::mem::take(&mut row)));
                }
                (false, '\r') => {}
                (_, c) => cell.push(c),
            }
        }
        rows.into_iter().skip(1).collect()
    }
}

/// Mutated files through the whole import: each is imported or refused,
/// never a panic, and a refusal writes nothing.
#[tokio::test]
async fn mutated_files_are_imported_or_refused_never_half_written() {
    let values = [
        "",
        "-1",
        "NaN",
        "1e308",
        "99999999999999999999",
        "-PT8H0M0S",
        "PT999999H0M0S",
        "2003-02-30T08:00:00",
        "9999-12-31T23:59:59",
        "1850-01-01T00:00:00",
        "25:61:00",
        "&amp;",
    ];
    let closes: Vec<usize> = ROLLOUT.match_indices("</").map(|(i, _)| i).collect();
    let mut files = Vec::new();
    for k in 0..24 {
        let end = closes[(k * 37) % closes.len()];
        let open = ROLLOUT[..end].rfind('>').map_or(0, |i| i + 1);
        let mut s = ROLLOUT.to_owned();
        s.replace_range(open..end, values[k % values.len()]);
        files.push(s);
    }
    for k in 1..12 {
        let mut at = ROLLOUT.len() * k / 12;
        while !ROLLOUT.is_char_boundary(at) {
            at -= 1;
        }
        files.push(ROLLOUT[..at].to_owned());
    }
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (mut imported, mut refused) = (0, 0);
        for xml in &files {
            let before = counts(s).await;
            match projects::import_mspdi(s, &pmo, xml, &ImportOptions::default()).await {
                Ok(done) => {
                    imported += 1;
                    assert!(projects::export_mspdi(s, &pmo, done.id).await.is_ok());
                }
                Err(e) => {
                    refused += 1;
                    assert!(matches!(e, AppError::Validation { .. }), "{e:?}");
                    assert_eq!(counts(s).await, before, "{}: {e}", db.name);
                }
            }
        }
        println!("{}: {imported} imported, {refused} refused", db.name);
        assert!(imported > 0 && refused > 0);
    }
}
