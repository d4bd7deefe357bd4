//! Demo data (`cairn seed --demo`, and the dev script on an empty database).
//! Demo mode only: these passwords are public, in the README.

use super::{Store, users};
use crate::domain::user::NewUser;
use crate::domain::{Actor, AppResult, Role};

/// One demo login per role: (username, role, password, team).
pub const DEMO_USERS: [(&str, Role, &str, Option<&str>); 6] = [
    ("admin", Role::Admin, "cairn-admin-demo", None),
    (
        "manager",
        Role::Manager,
        "cairn-manager-demo",
        Some("Sales East"),
    ),
    ("sales", Role::Sales, "cairn-sales-demo", Some("Sales East")),
    (
        "service",
        Role::Service,
        "cairn-service-demo",
        Some("Service Desk"),
    ),
    ("pmo", Role::Pmo, "cairn-pmo-demo", Some("Delivery")),
    ("viewer", Role::Viewer, "cairn-viewer-demo", None),
];

/// What the seed did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    Created(usize),
    /// The database already had users; nothing was touched.
    AlreadyPopulated,
}

/// Creates the demo teams and users if the database has no users yet.
pub async fn demo(store: &Store) -> AppResult<Seeded> {
    if users::count(store).await? > 0 {
        return Ok(Seeded::AlreadyPopulated);
    }
    for (username, role, password, team) in DEMO_USERS {
        let team_id = match team {
            Some(name) => Some(users::ensure_team(store, name).await?.id),
            None => None,
        };
        let display = format!("Demo {}", capitalise(username));
        users::create_as_operator(
            store,
            NewUser {
                username: username.to_owned(),
                display_name: display,
                email: format!("{username}@demo.cairn.example"),
                role,
                team_id,
                password: password.to_owned(),
            },
        )
        .await?;
    }
    demo_customers(store).await?;
    demo_deals(store).await?;
    demo_projects(store).await?;
    super::seed_tickets::demo_tickets(store).await?;
    super::seed_campaigns::demo_campaigns(store).await?;
    Ok(Seeded::Created(DEMO_USERS.len()))
}

/// A demo user as an actor (for tests and the demo data).
pub async fn demo_actor(store: &Store, username: &str) -> AppResult<Actor> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let u = super::entity::user::Entity::find()
        .filter(super::entity::user::Column::Username.eq(username))
        .one(store.conn())
        .await
        .map_err(super::db::internal)?
        .ok_or_else(|| crate::domain::AppError::not_found("user"))?;
    Ok(users::actor_of(&u))
}

/// (owner, name, industry, website, phone, lifecycle, revenue, tags).
type DemoAccount<'a> = (
    &'a Actor,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    crate::domain::customer::Lifecycle,
    Option<i64>,
    &'a [&'a str],
);

/// A small, hand-written customer base in English and Chinese, entered
/// through the services (so it has owners, grades, audit and timelines):
/// what a new user sees on first run.
async fn demo_customers(store: &Store) -> AppResult<()> {
    use super::customers::{accounts, activities, contacts, leads};
    use crate::domain::customer::*;
    let sales = demo_actor(store, "sales").await?;
    let manager = demo_actor(store, "manager").await?;
    let now = chrono::Utc::now();
    let days_ago =
        |d: i64| Some(now - chrono::Duration::days(d) - chrono::Duration::minutes(d * 7));
    let today = now.date_naive();
    // (who, name, industry, website, phone, lifecycle, revenue, tags)
    let rows: [DemoAccount; 8] = [
        (
            &sales,
            "Northwind Traders",
            "Retail",
            "northwind.example",
            "+1 206 555 0142",
            Lifecycle::Customer,
            Some(52_000_000),
            &["vip"],
        ),
        (
            &sales,
            "北京云杉科技有限公司",
            "Technology",
            "yunshan.example.cn",
            "+86 10 6275 1234",
            Lifecycle::Prospect,
            Some(8_000_000),
            &["重点"],
        ),
        (
            &manager,
            "Contoso Pharmaceuticals",
            "Healthcare",
            "contoso.example",
            "+1 425 555 0100",
            Lifecycle::Customer,
            Some(120_000_000),
            &["vip", "partner"],
        ),
        (
            &manager,
            "上海星河贸易有限公司",
            "Wholesale",
            "xinghe.example.cn",
            "+86 21 5555 8888",
            Lifecycle::Lead,
            None,
            &[],
        ),
        (
            &sales,
            "Fabrikam Robotics",
            "Manufacturing",
            "fabrikam.example",
            "+1 312 555 0199",
            Lifecycle::Prospect,
            Some(15_000_000),
            &[],
        ),
        (
            &manager,
            "Adatum Logistics",
            "Logistics",
            "adatum.example",
            "+44 20 7946 0000",
            Lifecycle::Churned,
            Some(30_000_000),
            &[],
        ),
        (
            &sales,
            "杭州青禾教育科技",
            "Education",
            "qinghe.example.cn",
            "+86 571 8888 6666",
            Lifecycle::Customer,
            Some(3_000_000),
            &["重点"],
        ),
        (
            &manager,
            "Litware Analytics",
            "Technology",
            "litware.example",
            "+1 650 555 0123",
            Lifecycle::Prospect,
            Some(900_000),
            &[],
        ),
    ];
    let people: [&[(&str, &str, &str, &str)]; 8] = [
        &[
            (
                "Nancy Davolio",
                "Head of Purchasing",
                "nancy@northwind.example",
                "+1 206 555 0143",
            ),
            ("Andrew Fuller", "CFO", "andrew@northwind.example", ""),
        ],
        &[
            (
                "李伟",
                "技术总监",
                "li.wei@yunshan.example.cn",
                "+86 138 0013 8000",
            ),
            (
                "王芳",
                "采购经理",
                "wang.fang@yunshan.example.cn",
                "+86 139 1234 5678",
            ),
        ],
        &[(
            "Maria Anders",
            "VP Operations",
            "maria@contoso.example",
            "+1 425 555 0101",
        )],
        &[(
            "陈静",
            "总经理",
            "chen.jing@xinghe.example.cn",
            "+86 136 6666 1234",
        )],
        &[(
            "Thomas Hardy",
            "CTO",
            "thomas@fabrikam.example",
            "+1 312 555 0198",
        )],
        &[("Elizabeth Brown", "Procurement", "liz@adatum.example", "")],
        &[(
            "张敏",
            "校长",
            "zhang.min@qinghe.example.cn",
            "+86 135 0000 1111",
        )],
        &[(
            "Yang Wang",
            "Data Lead",
            "yang@litware.example",
            "+1 650 555 0124",
        )],
    ];
    for (i, ((who, name, industry, website, phone, lifecycle, revenue, tags), folks)) in
        rows.into_iter().zip(people).enumerate()
    {
        let a = accounts::create(
            store,
            who,
            AccountInput {
                name: name.to_owned(),
                industry: industry.to_owned(),
                source: if i % 2 == 0 {
                    "Referral".to_owned()
                } else {
                    "Trade show".to_owned()
                },
                website: website.to_owned(),
                phone: phone.to_owned(),
                lifecycle: Some(lifecycle),
                annual_revenue: revenue,
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                ..Default::default()
            },
        )
        .await?;
        let mut first_contact = None;
        for (pname, title, email, phone) in folks {
            let c = contacts::create(
                store,
                who,
                ContactInput {
                    account_id: Some(a.id),
                    name: (*pname).to_owned(),
                    title: (*title).to_owned(),
                    email: (*email).to_owned(),
                    phone: (*phone).to_owned(),
                    ..Default::default()
                },
            )
            .await?;
            first_contact.get_or_insert(c.id);
        }
        let log = |kind: ActivityKind,
                   subject: &str,
                   when: Option<chrono::DateTime<chrono::Utc>>| ActivityInput {
            kind,
            subject: subject.to_owned(),
            body: String::new(),
            account_id: Some(a.id),
            contact_id: first_contact,
            lead_id: None,
            occurred_at: when,
            due_on: None,
            assignee_id: None,
        };
        if lifecycle != Lifecycle::Churned {
            activities::log(
                store,
                who,
                log(
                    ActivityKind::Call,
                    "Quarterly check-in",
                    days_ago(3 + i as i64 * 9),
                ),
            )
            .await?;
            activities::log(
                store,
                who,
                log(
                    ActivityKind::Meeting,
                    "Requirements workshop",
                    days_ago(40 + i as i64 * 20),
                ),
            )
            .await?;
        }
        activities::log(
            store,
            who,
            log(
                ActivityKind::Email,
                "Sent the product overview",
                days_ago(200 + i as i64),
            ),
        )
        .await?;
        if i < 3 {
            let due = if i == 0 {
                today.pred_opt()
            } else {
                Some(today)
            };
            let mut task = log(
                ActivityKind::Task,
                if i == 0 {
                    "Send the renewal quote"
                } else {
                    "Follow up on the proposal"
                },
                None,
            );
            task.due_on = due;
            task.assignee_id = Some(sales.user_id);
            if who.user_id == sales.user_id || who.team_id == sales.team_id {
                activities::log(store, who, task).await?;
            }
        }
    }
    let new_leads = [
        (
            "刘洋",
            "深圳前海数据服务有限公司",
            "liu.yang@qianhai.example.cn",
            "+86 188 0000 2222",
            "Web form",
        ),
        (
            "Olivia Chen",
            "Tailspin Toys",
            "olivia@tailspin.example",
            "+1 503 555 0111",
            "Webinar",
        ),
        (
            "Nancy Davolio",
            "Northwind Traders",
            "nancy@northwind.example",
            "",
            "Trade show",
        ),
        (
            "Marcus Weber",
            "Alpine Ski House",
            "marcus@alpine.example",
            "+49 89 5555 0100",
            "Referral",
        ),
    ];
    for (i, (name, company, email, phone, source)) in new_leads.into_iter().enumerate() {
        let who = if i % 2 == 0 { &sales } else { &manager };
        leads::create(
            store,
            who,
            LeadInput {
                name: name.to_owned(),
                company: company.to_owned(),
                email: email.to_owned(),
                phone: phone.to_owned(),
                source: source.to_owned(),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// (owner, title, account, amount, currency, stage index, days to the
/// expected close, outcome: 0 open, 1 won, 2 lost).
type DemoDeal<'a> = (
    &'a Actor,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    usize,
    i64,
    u8,
);

/// A board with something in every column: the demo accounts' deals,
/// moved through the stages by the services (so the stage history and
/// the audit log are real), a few won and lost.
async fn demo_deals(store: &Store) -> AppResult<()> {
    use super::customers::accounts;
    use super::sales::{board, deals, moves};
    use crate::domain::customer::ListQuery;
    use crate::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
    let sales = demo_actor(store, "sales").await?;
    let manager = demo_actor(store, "manager").await?;
    let admin = demo_actor(store, "admin").await?;
    let accts = accounts::list(store, &admin, &ListQuery::default().normalized(), false).await?;
    let account_of = |name: &str| accts.items.iter().find(|a| a.name == name).map(|a| a.id);
    let b = board::board(store, &admin, &BoardQuery::default()).await?;
    let stages: Vec<i64> = b.pipeline.stages.iter().map(|s| s.id).collect();
    let today = chrono::Utc::now().date_naive();
    let rows: [DemoDeal; 14] = [
        (
            &sales,
            "Northwind renewal 2027",
            "Northwind Traders",
            "48,000",
            "USD",
            3,
            20,
            0,
        ),
        (
            &sales,
            "Northwind POS rollout",
            "Northwind Traders",
            "120,000",
            "USD",
            1,
            75,
            0,
        ),
        (
            &sales,
            "云杉 数据平台 一期",
            "北京云杉科技有限公司",
            "860,000",
            "CNY",
            2,
            40,
            0,
        ),
        (
            &sales,
            "云杉 运维支持",
            "北京云杉科技有限公司",
            "120,000",
            "CNY",
            0,
            110,
            0,
        ),
        (
            &manager,
            "Contoso analytics pilot",
            "Contoso Pharmaceuticals",
            "35,000",
            "USD",
            0,
            60,
            0,
        ),
        (
            &manager,
            "Contoso licences",
            "Contoso Pharmaceuticals",
            "90,000",
            "USD",
            4,
            10,
            0,
        ),
        (
            &sales,
            "Fabrikam support plan",
            "Fabrikam Robotics",
            "18,500",
            "USD",
            1,
            30,
            0,
        ),
        (
            &sales,
            "Fabrikam line 2 upgrade",
            "Fabrikam Robotics",
            "240,000",
            "USD",
            2,
            95,
            0,
        ),
        (
            &manager,
            "上海 门店 系统",
            "上海星河贸易有限公司",
            "350,000",
            "CNY",
            3,
            15,
            0,
        ),
        (
            &sales,
            "Tailspin migration",
            "Tailspin Toys",
            "64,000",
            "USD",
            0,
            130,
            0,
        ),
        (
            &sales,
            "Northwind 2026 licences",
            "Northwind Traders",
            "40,000",
            "USD",
            4,
            -20,
            1,
        ),
        (
            &manager,
            "Contoso training",
            "Contoso Pharmaceuticals",
            "12,000",
            "USD",
            2,
            -10,
            1,
        ),
        (
            &sales,
            "Tailspin pilot",
            "Tailspin Toys",
            "22,000",
            "USD",
            1,
            -30,
            2,
        ),
        (
            &sales,
            "云杉 试点",
            "北京云杉科技有限公司",
            "60,000",
            "CNY",
            2,
            -5,
            1,
        ),
    ];
    for (who, title, account, amount, currency, stage, days, outcome) in rows {
        let start = stage.min(1);
        let d = deals::create(
            store,
            who,
            DealInput {
                title: title.to_owned(),
                account_id: account_of(account),
                amount: amount.to_owned(),
                currency: currency.to_owned(),
                expected_close: today.checked_add_signed(chrono::Duration::days(days)),
                pipeline_id: b.pipeline.id,
                stage_id: stages[start],
                ..Default::default()
            },
        )
        .await?;
        let mut version = d.version;
        for &stage_id in &stages[start + 1..=stage] {
            version = moves::move_deal(
                store,
                who,
                MoveRequest {
                    deal_id: d.id,
                    version,
                    to: MoveTo::Stage {
                        stage_id,
                        after: None,
                        before: None,
                    },
                },
            )
            .await?
            .version;
        }
        let close = match outcome {
            1 => Some(MoveTo::Won),
            2 => Some(MoveTo::Lost {
                reason: "Chose a cheaper competitor".to_owned(),
            }),
            _ => None,
        };
        if let Some(to) = close {
            moves::move_deal(
                store,
                who,
                MoveRequest {
                    deal_id: d.id,
                    version,
                    to,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Two delivery projects from the built-in "CRM implementation" template,
/// saved through the plan's edit path (so totals, audit and versions are
/// real): one under way for a demo customer, one about to start.
async fn demo_projects(store: &Store) -> AppResult<()> {
    use super::customers::accounts;
    use super::projects;
    use crate::domain::Language;
    use crate::domain::customer::ListQuery;
    use crate::domain::project::{CalendarKey, ProjectInput, ProjectStatus, template};
    use chrono::Datelike;
    let pmo = demo_actor(store, "pmo").await?;
    let admin = demo_actor(store, "admin").await?;
    let sales = demo_actor(store, "sales").await?;
    let service = demo_actor(store, "service").await?;
    let accts = accounts::list(store, &admin, &ListQuery::default().normalized(), false).await?;
    let account_of = |name: &str| accts.items.iter().find(|a| a.name == name).map(|a| a.id);
    let today = chrono::Utc::now().date_naive();
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let people = [pmo.user_id, service.user_id, sales.user_id];
    // The rollout delivers the won "Northwind 2026 licences" deal.
    let won_deal = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        super::entity::deal::Entity::find()
            .filter(super::entity::deal::Column::Title.eq("Northwind 2026 licences"))
            .one(store.conn())
            .await
            .map_err(super::db::internal)?
            .map(|d| d.id)
    };
    let rows = [
        (
            "Northwind CRM rollout",
            "Northwind Traders",
            won_deal,
            CalendarKey::Standard,
            monday - chrono::Duration::weeks(7),
            ProjectStatus::Active,
            Some(3),
            Language::En,
        ),
        (
            "云杉 CRM 实施",
            "北京云杉科技有限公司",
            None,
            CalendarKey::ChinaMainland,
            monday + chrono::Duration::weeks(2),
            ProjectStatus::Planned,
            None,
            Language::ZhCn,
        ),
    ];
    for (name, account, deal_id, calendar, start, status, progress, language) in rows {
        let made = projects::start::create_planned(
            store,
            &pmo,
            ProjectInput {
                name: name.into(),
                account_id: account_of(account),
                deal_id,
                manager_id: None,
                calendar,
                start,
                status,
            },
            &template::crm_implementation(&people, progress, language),
        )
        .await?;
        if progress.is_some() {
            super::seed_delivery::governance(store, &pmo, made.id).await?;
        }
    }
    Ok(())
}
