//! What can be imported, into which fields, and a first guess at which
//! column feeds which field.
//!
//! The guess only pre-fills the mapping screen; the user confirms it. It
//! compares a normalised header ("Close_Date " → "close date") with each
//! field's names in English and Chinese: an exact name wins, then a header
//! that contains a name as whole words ("Contact Email" → email, the last
//! word counting a little more, as English and Chinese put the head noun
//! last), then a near spelling ("Adress"). Each field takes at most one
//! column and each column feeds at most one field, best score first.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What one import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Accounts,
    Contacts,
    Leads,
    Deals,
    Users,
    Activities,
}

/// A field a column can feed. Names follow the domain types
/// (`AccountInput`, `ContactInput`, `LeadInput`, `DealInput`, `NewUser`,
/// `ActivityInput`); references to other records (account, owner, team,
/// manager, stage) are by name and resolved when the import runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    /// An account's name, or a person's full name.
    Name,
    /// Joined with [`Field::LastName`] into the name, in the order the
    /// user's language writes names.
    FirstName,
    LastName,
    JobTitle,
    /// A lead's company as text (leads are not linked to accounts).
    Company,
    /// The account a contact, deal or activity belongs to, by name.
    Account,
    /// The contact of a deal or an activity, by name or email.
    Contact,
    Industry,
    Source,
    Website,
    Phone,
    Email,
    Address,
    Owner,
    Team,
    Tags,
    Lifecycle,
    AnnualRevenue,
    /// Accounts have no headcount yet: the import keeps it in the notes.
    Employees,
    Status,
    Notes,
    /// The record's id in the system it comes from, for re-imports.
    ExternalId,
    DealTitle,
    Amount,
    Currency,
    CloseDate,
    /// When a deal was opened (its creation date), for the funnel and
    /// the sales cycle of deals brought over from another system.
    OpenedOn,
    Pipeline,
    Stage,
    Probability,
    Username,
    DisplayName,
    Manager,
    Role,
    ActivityKind,
    Subject,
    Body,
    OccurredAt,
    DueOn,
    Assignee,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Accounts,
        Kind::Contacts,
        Kind::Leads,
        Kind::Deals,
        Kind::Users,
        Kind::Activities,
    ];

    /// The fields this kind can take, in the order the mapping screen lists
    /// them.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Accounts => &[
                Name,
                Industry,
                Website,
                Phone,
                Email,
                Address,
                Owner,
                Team,
                Source,
                Lifecycle,
                AnnualRevenue,
                Employees,
                Tags,
                Notes,
                ExternalId,
            ],
            Kind::Contacts => &[
                Name, FirstName, LastName, JobTitle, Account, Email, Phone, Address, Owner, Team,
                Tags, Notes, ExternalId,
            ],
            Kind::Leads => &[
                Name, FirstName, LastName, Company, JobTitle, Email, Phone, Website, Source,
                Status, Owner, Team, Notes, ExternalId,
            ],
            Kind::Deals => &[
                DealTitle,
                Account,
                Contact,
                Amount,
                Currency,
                CloseDate,
                OpenedOn,
                Owner,
                Team,
                Pipeline,
                Stage,
                Probability,
                Notes,
                ExternalId,
            ],
            Kind::Users => &[Username, DisplayName, Email, Team, Manager, Role],
            Kind::Activities => &[
                ActivityKind,
                Subject,
                Body,
                Account,
                Contact,
                OccurredAt,
                DueOn,
                Assignee,
                ExternalId,
            ],
        }
    }

    /// Fields a row cannot be imported without.
    pub fn required(self) -> &'static [Field] {
        match self {
            Kind::Accounts | Kind::Contacts | Kind::Leads => &[Field::Name],
            Kind::Deals => &[Field::DealTitle],
            Kind::Users => &[Field::Username],
            Kind::Activities => &[Field::Subject],
        }
    }
}

/// Names a column may carry for `field` when importing `kind`, already
/// normalised (see [`normalise_header`]). Kind matters for a few: "company"
/// is the account's own name in an account file but the account a contact
/// belongs to in a contact file.
pub fn synonyms(kind: Kind, field: Field) -> &'static [&'static str] {
    use Field::*;
    match (kind, field) {
        (Kind::Accounts, Name) => &[
            "name",
            "account",
            "account name",
            "company",
            "company name",
            "organisation",
            "organization",
            "customer",
            "customer name",
            "client",
            "公司",
            "公司名称",
            "客户",
            "客户名称",
            "名称",
            "企业名称",
            "单位名称",
        ],
        (Kind::Users, Team) => &[
            "team",
            "sales team",
            "department",
            "regional office",
            "office",
            "团队",
            "部门",
            "小组",
        ],
        (_, Name) => &[
            "name",
            "full name",
            "contact name",
            "person",
            "姓名",
            "名字",
            "联系人",
            "联系人姓名",
        ],
        (_, FirstName) => &["first name", "given name", "forename", "firstname", "名"],
        (_, LastName) => &["last name", "surname", "family name", "lastname", "姓"],
        (_, JobTitle) => &[
            "title",
            "job title",
            "position",
            "job",
            "职位",
            "职务",
            "头衔",
        ],
        (_, Company) | (_, Account) => &[
            "account",
            "account name",
            "company",
            "company name",
            "organisation",
            "organization",
            "customer",
            "customer name",
            "client",
            "公司",
            "公司名称",
            "客户",
            "客户名称",
            "企业名称",
        ],
        (_, Contact) => &[
            "contact",
            "contact name",
            "contact email",
            "person",
            "联系人",
        ],
        (_, Industry) => &["industry", "sector", "vertical", "行业", "所属行业"],
        (_, Source) => &[
            "source",
            "lead source",
            "channel",
            "来源",
            "线索来源",
            "客户来源",
        ],
        (_, Website) => &[
            "website", "web site", "web", "url", "homepage", "domain", "网站", "网址", "官网",
        ],
        (_, Phone) => &[
            "phone",
            "telephone",
            "tel",
            "mobile",
            "cell",
            "phone number",
            "work phone",
            "mobile phone",
            "电话",
            "手机",
            "联系电话",
            "手机号",
            "手机号码",
            "座机",
            "电话号码",
        ],
        (_, Email) => &[
            "email",
            "e mail",
            "email address",
            "mail",
            "邮箱",
            "电子邮件",
            "电子邮箱",
            "邮件",
        ],
        (_, Address) => &[
            "address",
            "street",
            "location",
            "office location",
            "street address",
            "地址",
            "公司地址",
            "办公地点",
            "所在地",
        ],
        (_, Owner) => &[
            "owner",
            "account owner",
            "deal owner",
            "lead owner",
            "sales agent",
            "sales rep",
            "salesperson",
            "rep",
            "assigned to",
            "负责人",
            "销售",
            "销售代表",
            "所有者",
            "跟进人",
            "业务员",
        ],
        (_, Team) => &["team", "sales team", "department", "团队", "部门", "小组"],
        (_, Tags) => &["tags", "tag", "labels", "label", "标签"],
        (_, Lifecycle) => &[
            "lifecycle",
            "lifecycle stage",
            "customer status",
            "生命周期",
            "客户状态",
        ],
        (_, AnnualRevenue) => &[
            "revenue",
            "annual revenue",
            "turnover",
            "sales",
            "年收入",
            "营业额",
            "营收",
            "年营收",
        ],
        (_, Employees) => &[
            "employees",
            "employee count",
            "headcount",
            "staff",
            "number of employees",
            "员工数",
            "员工人数",
            "人数",
        ],
        (_, Status) => &["status", "lead status", "状态", "线索状态"],
        (_, Notes) => &[
            "notes",
            "note",
            "description",
            "comments",
            "comment",
            "remarks",
            "备注",
            "说明",
            "描述",
        ],
        (_, ExternalId) => &[
            "id",
            "external id",
            "record id",
            "opportunity id",
            "deal id",
            "account id",
            "contact id",
            "lead id",
            "activity id",
            "编号",
            "外部编号",
            "序号",
        ],
        (_, DealTitle) => &[
            "title",
            "name",
            "deal",
            "deal name",
            "deal title",
            "opportunity",
            "opportunity name",
            "商机",
            "商机名称",
            "名称",
            "标题",
        ],
        (_, Amount) => &[
            "amount",
            "value",
            "deal value",
            "close value",
            "deal amount",
            "price",
            "deal size",
            "金额",
            "商机金额",
            "合同金额",
            "成交金额",
        ],
        (_, Currency) => &["currency", "currency code", "币种", "货币"],
        (_, CloseDate) => &[
            "close date",
            "expected close",
            "expected close date",
            "closing date",
            "预计成交日期",
            "成交日期",
            "结单日期",
            "关闭日期",
            "预计成交时间",
        ],
        (_, OpenedOn) => &[
            "opened",
            "opened on",
            "created",
            "created on",
            "created date",
            "engage date",
            "engaged on",
            "创建日期",
            "创建时间",
        ],
        (_, Pipeline) => &["pipeline", "sales pipeline", "销售流程", "管道"],
        (_, Stage) => &[
            "stage",
            "deal stage",
            "sales stage",
            "pipeline stage",
            "阶段",
            "销售阶段",
            "商机阶段",
        ],
        (_, Probability) => &[
            "probability",
            "win probability",
            "chance",
            "赢率",
            "成交概率",
            "概率",
        ],
        (_, Username) => &[
            "username",
            "user name",
            "login",
            "user id",
            "account name",
            "账号",
            "用户名",
            "登录名",
        ],
        (_, DisplayName) => &[
            "display name",
            "name",
            "full name",
            "sales agent",
            "姓名",
            "显示名称",
            "名字",
        ],
        (_, Manager) => &[
            "manager",
            "reports to",
            "supervisor",
            "经理",
            "上级",
            "主管",
        ],
        (_, Role) => &["role", "user role", "permission", "角色", "权限"],
        (_, ActivityKind) => &["type", "activity type", "kind", "类型", "活动类型"],
        (_, Subject) => &["subject", "title", "summary", "主题", "标题"],
        (_, Body) => &[
            "body",
            "details",
            "description",
            "content",
            "notes",
            "内容",
            "详情",
        ],
        (_, OccurredAt) => &[
            "date",
            "occurred at",
            "activity date",
            "when",
            "time",
            "日期",
            "时间",
            "发生时间",
        ],
        (_, DueOn) => &["due", "due date", "deadline", "截止日期", "到期日"],
        (_, Assignee) => &[
            "assignee",
            "assigned to",
            "owner",
            "执行人",
            "指派给",
            "负责人",
        ],
    }
}

/// Lower case, NFKC (full-width letters and digits become ASCII), `_ - . /`
/// and brackets as spaces, spaces collapsed.
pub fn normalise_header(header: &str) -> String {
    let folded: String = header
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Least score that still suggests a mapping.
const MIN_SCORE: f64 = 0.5;

/// For each header, the field it most likely feeds (`None`: leave it out).
pub fn suggest(kind: Kind, headers: &[String]) -> Vec<Option<Field>> {
    let normalised = headers
        .iter()
        .map(|h| normalise_header(h))
        .collect::<Vec<_>>();
    let mut scored = Vec::new();
    for (column, header) in normalised.iter().enumerate() {
        for &field in kind.fields() {
            let score = score(header, synonyms(kind, field));
            if score >= MIN_SCORE {
                scored.push((score, column, field));
            }
        }
    }
    // Best first; on a tie, the earlier column and the field listed first.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen = vec![None; headers.len()];
    let mut used = Vec::new();
    for (_, column, field) in scored {
        if chosen[column].is_none() && !used.contains(&field) {
            chosen[column] = Some(field);
            used.push(field);
        }
    }
    chosen
}

/// How well a normalised header matches the best of `names`, 0 to 1.
fn score(header: &str, names: &[&str]) -> f64 {
    names
        .iter()
        .map(|name| name_score(header, name))
        .fold(0.0, f64::max)
}

fn name_score(header: &str, name: &str) -> f64 {
    let compact_header: String = header.split_whitespace().collect();
    let compact_name: String = name.split_whitespace().collect();
    if compact_header == compact_name {
        return 1.0;
    }
    if let Some(ends_with_it) = contains(header, name) {
        let coverage = compact_name.chars().count() as f64 / compact_header.chars().count() as f64;
        return 0.6 + 0.3 * coverage + if ends_with_it { 0.08 } else { 0.0 };
    }
    let similarity = strsim::jaro_winkler(&compact_header, &compact_name);
    if similarity >= 0.93 && compact_name.chars().count() >= 5 {
        0.55 * similarity
    } else {
        0.0
    }
}

/// Whether `header` holds `name` as whole words (Latin) or as a run of
/// characters (Chinese, written without spaces), and whether it ends with
/// it.
fn contains(header: &str, name: &str) -> Option<bool> {
    if name.chars().any(is_cjk) {
        // One character ("名", "姓") is too common inside other words.
        if name.chars().count() < 2 {
            return None;
        }
        let compact: String = header.split_whitespace().collect();
        return compact.contains(name).then(|| compact.ends_with(name));
    }
    let words = header.split_whitespace().collect::<Vec<_>>();
    let wanted = name.split_whitespace().collect::<Vec<_>>();
    if wanted.is_empty() || wanted.len() > words.len() {
        return None;
    }
    let at = words
        .windows(wanted.len())
        .position(|w| w == wanted.as_slice())?;
    Some(at + wanted.len() == words.len())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalise_header(" Close_Date "), "close date");
        assert_eq!(normalise_header("E-Mail"), "e mail");
        assert_eq!(normalise_header("ＡＭＯＵＮＴ（元）"), "amount 元");
    }

    #[test]
    fn no_two_fields_of_a_kind_share_a_name() {
        for kind in Kind::ALL {
            let mut seen = std::collections::HashMap::new();
            for &field in kind.fields() {
                for name in synonyms(kind, field) {
                    assert_eq!(normalise_header(name), *name, "{name} is not normalised");
                    if let Some(other) = seen.insert(*name, field) {
                        panic!("{kind:?}: {name} names both {other:?} and {field:?}");
                    }
                }
            }
            for field in kind.required() {
                assert!(kind.fields().contains(field));
            }
        }
    }

    #[test]
    fn english_and_chinese_headers_map_to_accounts() {
        let got = suggest(
            Kind::Accounts,
            &headers(&[
                "公司",
                "行业",
                "电话",
                "邮箱",
                "负责人",
                "地址",
                "备注",
                "随便",
            ]),
        );
        use Field::*;
        assert_eq!(
            got,
            [
                Some(Name),
                Some(Industry),
                Some(Phone),
                Some(Email),
                Some(Owner),
                Some(Address),
                Some(Notes),
                None
            ]
        );
        let got = suggest(
            Kind::Accounts,
            &headers(&["Account Name", "Sector", "Web Site", "E-mail", "Adress"]),
        );
        assert_eq!(
            got,
            [
                Some(Name),
                Some(Industry),
                Some(Website),
                Some(Email),
                Some(Address)
            ]
        );
    }

    #[test]
    fn the_same_header_means_different_fields_in_different_kinds() {
        let h = headers(&["客户名称", "姓名", "手机"]);
        use Field::*;
        assert_eq!(
            suggest(Kind::Contacts, &h),
            [Some(Account), Some(Name), Some(Phone)]
        );
        assert_eq!(suggest(Kind::Accounts, &h)[0], Some(Name));
        let h = headers(&[
            "Deal Name",
            "Company",
            "Amount",
            "预计成交日期",
            "阶段",
            "金额",
        ]);
        assert_eq!(
            suggest(Kind::Deals, &h),
            [
                Some(DealTitle),
                Some(Account),
                Some(Amount),
                Some(CloseDate),
                Some(Stage),
                None
            ]
        );
    }

    #[test]
    fn the_head_noun_decides_between_two_fields() {
        use Field::*;
        let got = suggest(
            Kind::Leads,
            &headers(&["Contact Email", "联系人电话", "Lead Owner Name"]),
        );
        assert_eq!(got, [Some(Email), Some(Phone), Some(Owner)]);
    }

    #[test]
    fn each_field_is_used_once_best_match_first() {
        use Field::*;
        let got = suggest(Kind::Contacts, &headers(&["Phone 2", "Phone", "Mobile"]));
        assert_eq!(got, [None, Some(Phone), None]);
    }

    #[test]
    fn users_map_from_a_team_sheet() {
        use Field::*;
        let got = suggest(
            Kind::Users,
            &headers(&[
                "用户名",
                "Display Name",
                "Email",
                "Team",
                "Reports To",
                "Role",
            ]),
        );
        assert_eq!(
            got,
            [
                Some(Username),
                Some(DisplayName),
                Some(Email),
                Some(Team),
                Some(Manager),
                Some(Role)
            ]
        );
    }
}
