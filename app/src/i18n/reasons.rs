//! Reasons the server gives for refusing input, in the person's language.
//! The domain speaks English (to logs and the API); the UI translates a
//! reason by its exact text, else by a template whose `{}` holes take the
//! names and values the reason quotes (an import's row errors: `no account
//! is named "Acme"`).

use cairn::domain::Language;

/// Reasons the domain's validators give, in Chinese. Keyed by the English
/// reason (the domain speaks English to logs and the API).
const REASONS_ZH: &[(&str, &str)] = &[
    // Costs and earned value.
    ("cannot be zero", "不能为零"),
    ("cannot be in the future", "不能晚于今天"),
    (
        "is a phase: costs go on its tasks",
        "是阶段：成本应记在其任务上",
    ),
    ("is not a task of this project", "不是本项目的任务"),
    ("nothing to save", "没有需要保存的内容"),
    // Quality and closeout.
    ("must be 0 to 365 days", "须为 0 到 365 天"),
    ("is not a whole number", "不是整数"),
    ("is archived: read only", "已归档，只读"),
    ("is not archived", "未归档"),
    (
        "is signed off: withdraw the sign-off to change it",
        "已签收：如需修改请先撤回签收",
    ),
    ("is already signed off", "已签收"),
    (
        "add acceptance criteria before signing off",
        "签收前请先添加验收标准",
    ),
    (
        "write at least one lesson learned",
        "请至少填写一条经验教训",
    ),
    ("is not a deliverable of this project", "不是本项目的交付物"),
    ("at most 50 criteria", "最多 50 条标准"),
    ("must be at most 300 characters", "最多 300 个字符"),
    ("must be at most 4000 characters", "最多 4000 个字符"),
    // Project templates and the delivery project of a won deal.
    ("the name is required", "名称为必填项"),
    (
        "is indented more than one level below the row above",
        "比上一行多缩进了不止一级",
    ),
    (
        "a row cannot be its own predecessor",
        "不能以本行作为前置任务",
    ),
    ("a template needs at least one row", "模板至少需要一行"),
    (
        "a phase cannot be the go-live; choose a milestone in it",
        "阶段不能作为上线节点，请选择其中的里程碑",
    ),
    ("only one row can be the go-live", "只能有一行作为上线节点"),
    ("is not a template", "不是有效的模板"),
    ("the deal is not won", "该商机尚未赢单"),
    (
        "the deal already has a delivery project",
        "该商机已有交付项目",
    ),
    (
        "cannot manage projects; choose a project manager",
        "无权管理项目，请选择项目经理",
    ),
    ("choose a preset", "请选择预设日历"),
    ("a percentage is 1 to 100", "百分比须为 1 到 100"),
    ("names a task that is not in the plan", "所选任务不在计划中"),
    ("names the same task twice", "同一任务出现了两次"),
    (
        "a phase's length follows its tasks; change a task",
        "阶段的工期由其任务决定，请调整任务",
    ),
    ("only a draft can be edited", "只有草稿可以编辑"),
    ("must be within 1000 working days", "须在 1000 个工作日以内"),
    ("must be a three-letter code", "须为三个字母的代码"),
    (
        "names a milestone that is not in the delivery project",
        "所选里程碑不在交付项目中",
    ),
    ("names the same milestone twice", "同一里程碑出现了两次"),
    ("add at least one payment", "请至少添加一笔回款"),
    ("a payment of 0 % is no payment", "0 % 的回款无意义"),
    ("choose at least two records", "请至少选择两条记录"),
    ("too many records for one merge", "一次合并的记录过多"),
    ("has already been undone", "已被撤销"),
    (
        "choose at least one record to merge into the one kept",
        "请至少选择一条要合并到保留记录的记录",
    ),
    (
        "must not include the record that is kept",
        "不能包含要保留的记录",
    ),
    ("names a record that does not exist", "指向的记录不存在"),
    ("must be 3 to 32 characters", "须为 3 到 32 个字符"),
    ("must start with a letter a–z", "须以字母 a–z 开头"),
    (
        "may contain only a–z, 0–9, '.', '_' and '-'",
        "只能包含 a–z、0–9、“.”、“_”和“-”",
    ),
    ("is required", "为必填项"),
    ("must be at most 80 characters", "最多 80 个字符"),
    ("must be at most 254 characters", "最多 254 个字符"),
    ("must contain exactly one @", "须包含且仅包含一个 @"),
    ("is not a valid address", "不是有效的地址"),
    ("must be at least 12 characters", "至少 12 个字符"),
    ("must be at most 128 characters", "最多 128 个字符"),
    ("is too common; choose another", "过于常见，请换一个"),
    ("is already taken", "已被占用"),
    ("does not exist", "不存在"),
    ("is not your current password", "与当前密码不符"),
    (
        "must be 12–128 characters and not a common password",
        "须为 12–128 个字符且不能是常见密码",
    ),
    ("must differ from the current one", "须与当前密码不同"),
    (
        "you cannot take the administrator role from yourself",
        "不能取消自己的管理员角色",
    ),
    ("you cannot disable yourself", "不能停用自己"),
    ("is not a role", "不是有效的角色"),
    ("is not supported", "不受支持"),
    ("must be at most 40 characters", "最多 40 个字符"),
    ("must be at most 200 characters", "最多 200 个字符"),
    ("must be at most 500 characters", "最多 500 个字符"),
    ("must be at most 1000 characters", "最多 1000 个字符"),
    ("must be at most 10000 characters", "最多 10000 个字符"),
    ("must be a single line", "只能是单行文本"),
    (
        "may contain only digits, spaces and + - ( ) .",
        "只能包含数字、空格和 + - ( ) .",
    ),
    ("must have 5 to 20 digits", "须包含 5 到 20 位数字"),
    ("is not a web address", "不是有效的网址"),
    (
        "each tag must be at most 40 characters",
        "每个标签最多 40 个字符",
    ),
    ("a tag may not contain a comma", "标签不能包含逗号"),
    ("at most 20 tags", "最多 20 个标签"),
    ("must not be negative", "不能为负数"),
    ("give an email or a phone", "请填写邮箱或电话"),
    (
        "choose an account, contact or lead",
        "请选择客户、联系人或线索",
    ),
    (
        "only tasks have a due date and assignee",
        "只有任务才有截止日期和执行人",
    ),
    ("is not an active user", "不是已启用的用户"),
    ("is in the Trash; restore it first", "在回收站中，请先恢复"),
    ("a converted lead cannot be edited", "已转化的线索不能编辑"),
    ("use convert", "请使用“转化”"),
    (
        "the lead cannot move to that status",
        "线索不能变更为该状态",
    ),
    ("the lead cannot be converted", "该线索不能转化"),
    ("only tasks can be completed", "只有任务可以标记完成"),
    ("must be at least the C threshold", "不能低于 C 级起始价值"),
    ("must be at least the B threshold", "不能低于 B 级起始价值"),
    ("must be between 0 and 100", "须在 0 到 100 之间"),
    ("must be at least 1", "至少为 1"),
    ("must be more than the fresh days", "须大于活跃天数"),
    ("is not a number", "不是有效的数字"),
    ("is not a date", "不是有效的日期"),
    (
        "must be an amount such as 12500 or 12500.50",
        "须为金额，例如 12500 或 12500.50",
    ),
    (
        "must be a three-letter currency code",
        "须为三个字母的币种代码",
    ),
    ("has more than 2 decimal places", "小数位数超过 2 位"),
    ("has more than 0 decimal places", "不能有小数"),
    ("is too large", "数值过大"),
    ("is before the start date", "早于开始日期"),
    ("add at least one action", "请至少添加一个动作"),
    (
        "a rule holds at most 10 conditions and 10 actions",
        "一条规则最多 10 个条件和 10 个动作",
    ),
    ("is more than a year ahead", "超过一年"),
    (
        "names a field the record does not have",
        "指定的字段不属于此记录",
    ),
    ("needs a value to compare with", "需要用于比较的值"),
    (
        "above and below compare whole numbers only",
        "大于和小于只能比较整数",
    ),
    ("a task is due within a year", "任务须在一年内到期"),
    ("cannot be set by a rule", "不能由规则设置"),
    ("is not a value that field can take", "不是该字段可取的值"),
    (
        "only contacts and leads join campaigns",
        "只有联系人和线索可以加入营销活动",
    ),
    ("must not be negative or too large", "不能为负数或过大"),
    ("a contact does not exist", "某个联系人不存在"),
    ("a lead does not exist", "某条线索不存在"),
    ("choose someone to add", "请选择要添加的人"),
    ("is not a stage of this pipeline", "不是此销售流程的阶段"),
    ("is not an account", "不是有效的客户"),
    ("lists someone who is not a contact", "包含非联系人的人员"),
    ("may list at most 20 people", "最多关联 20 人"),
    ("a card cannot be on both sides", "卡片不能同时位于两侧"),
    (
        "the deal is already closed that way",
        "该商机已是此关闭状态",
    ),
    ("the neighbours are out of order", "相邻卡片顺序已变化"),
    // Forecast and pipeline admin
    ("needs at least one stage", "至少需要一个阶段"),
    ("may have at most 20 stages", "最多 20 个阶段"),
    ("is used by another stage", "已被其他阶段使用"),
    ("must be at least one day", "至少为 1 天"),
    // Importing files
    ("is empty", "为空"),
    ("is too long", "过长"),
    (
        "is empty: an activity needs an account or a contact",
        "为空：活动必须关联客户或联系人",
    ),
    (
        "no currency: map a currency column or choose a default currency",
        "没有币种：请映射币种列或选择默认币种",
    ),
    ("the importing user does not exist", "执行导入的用户不存在"),
    ("there is no pipeline with stages", "没有含阶段的销售流程"),
    (
        "username is already taken (choose update or skip for this group)",
        "用户名已被占用（请为这组选择更新或跳过）",
    ),
    (
        "an import does not update deals; choose create or skip",
        "导入不会更新商机，请选择新建或跳过",
    ),
    (
        "an import does not update activities; choose create or skip",
        "导入不会更新活动，请选择新建或跳过",
    ),
    (
        "you may not place records in another team",
        "你无权把记录放入其他团队",
    ),
    // Service tickets
    ("the ticket is already in that status", "工单已处于该状态"),
    ("assign the ticket to someone first", "请先把工单分派给某人"),
    (
        "only a resolved ticket can be closed",
        "只有已解决的工单才能关闭",
    ),
    (
        "the ticket cannot move to that status",
        "工单不能变更为该状态",
    ),
    (
        "choose the customer's account or contact",
        "请选择客户或联系人",
    ),
    ("must be from 1 to 5", "须为 1 到 5"),
    (
        "a rating is given when the ticket is closed",
        "评分须在关闭工单时给出",
    ),
    (
        "must be at least the first response target",
        "不能短于首次响应时限",
    ),
    (
        "need exactly one target per priority",
        "每个优先级须有且只有一个时限",
    ),
    (
        "must be between -14:00 and +14:00",
        "须在 -14:00 到 +14:00 之间",
    ),
];

/// Reasons with holes: English template → Chinese template. The holes are
/// filled in order; `{0}`, `{1}`… in the Chinese one pick a hole by its
/// place in the English one, so the words can come in Chinese order. A
/// hole's text is itself translated when it is a known reason.
const TEMPLATES_ZH: &[(&str, &str)] = &[
    // Quality and closeout.
    (
        "{} acceptance criteria are not met",
        "有 {0} 条验收标准未满足",
    ),
    ("{} defects against it are open", "有 {0} 个相关缺陷未解决"),
    ("{} not signed off", "{0} 个未签收"),
    ("{} still open", "{0} 个仍未解决"),
    ("{} change requests are pending", "{0} 个变更请求待处理"),
    // A template's rows.
    ("row {}: {}", "第 {0} 行：{1}"),
    (
        "predecessor {} is not a row of this template",
        "前置任务 {0} 不是本模板中的行",
    ),
    ("at most {} working days", "最多 {0} 个工作日"),
    ("a name is longer than {} characters", "名称超过 {0} 个字符"),
    ("at most {} rows", "最多 {0} 行"),
    ("at most {} payments", "最多 {0} 笔回款"),
    ("at most {} schedule changes", "最多 {0} 项进度调整"),
    (
        "a {} change request cannot become {}",
        "{0}状态的变更请求不能变为{1}",
    ),
    (
        "must add up to 100 %, not {} %",
        "合计须为 100 %，而不是 {0} %",
    ),
    // Cells.
    ("{} is not a date like {}", "“{0}”不是形如 {1} 的日期"),
    ("{} is not a date", "“{0}”不是有效的日期"),
    ("{} is too large", "“{0}”数值过大"),
    ("at most {} at a time", "每次最多 {0} 人"),
    (
        "matches more than {} people; narrow it",
        "匹配超过 {0} 人，请缩小范围",
    ),
    (
        "{} is not a whole number (set a multiplier if it is in thousands or millions)",
        "“{0}”不是整数（如果单位是千或百万，请设置倍数）",
    ),
    (
        "{} is not a whole percentage from 0 to 100",
        "“{0}”不是 0 到 100 之间的整数百分比",
    ),
    (
        "{} is not one of lead, prospect, customer, churned",
        "“{0}”不是线索、潜在客户、客户、流失客户之一",
    ),
    (
        "{} is not one of admin, manager, sales, service, pmo, viewer",
        "“{0}”不是管理员、经理、销售、服务、项目办、只读之一",
    ),
    (
        "{} is not one of new, qualified, disqualified",
        "“{0}”不是新建、合格、不合格之一",
    ),
    (
        "{} is not one of call, meeting, email, note, task",
        "“{0}”不是电话、会议、邮件、备注、任务之一",
    ),
    (
        "has more than {} decimal places for {}",
        "小数位数超过 {1} 允许的 {0} 位",
    ),
    ("username \"{}\" {}", "用户名“{0}”{1}"),
    // References to other records.
    ("no user is named \"{}\"", "没有名为“{0}”的用户"),
    (
        "\"{}\" names {} users; use a username",
        "“{0}”对应 {1} 个用户，请改用用户名",
    ),
    ("no team is named \"{}\"", "没有名为“{0}”的团队"),
    (
        "no account is named \"{}\" (import the accounts first, or map the name to one)",
        "没有名为“{0}”的客户（请先导入客户，或把该名称映射到已有客户）",
    ),
    (
        "\"{}\" names {} accounts; map it to the full name of one",
        "“{0}”对应 {1} 个客户，请映射到其中一个的全称",
    ),
    (
        "no contact is named or has the email \"{}\"",
        "没有姓名或邮箱为“{0}”的联系人",
    ),
    (
        "\"{}\" names {} contacts; use an email",
        "“{0}”对应 {1} 个联系人，请改用邮箱",
    ),
    (
        "no pipeline with stages is named \"{}\"",
        "没有名为“{0}”且含阶段的销售流程",
    ),
    (
        "\"{}\" is not a stage of {}; map it to one of: {}, or to Won or Lost",
        "“{0}”不是“{1}”的阶段；请映射到以下之一：{2}，或映射为赢单、输单",
    ),
    (
        "you may not log activities on the account \"{}\"",
        "你无权在客户“{0}”上记录活动",
    ),
    (
        "you may not log activities on the contact \"{}\"",
        "你无权在联系人“{0}”上记录活动",
    ),
    ("{} is not an active user", "{0} 不是已启用的用户"),
    (
        "you may not create records owned by {}",
        "你无权创建归属于 {0} 的记录",
    ),
    (
        "you may not change records owned by {}",
        "你无权修改归属于 {0} 的记录",
    ),
    ("you may not change {}", "你无权修改“{0}”"),
    (
        "record {} is not one of this group's duplicates",
        "记录 {0} 不在这组重复记录中",
    ),
    (
        "cannot make a username for {} (\"{}\" is invalid or taken); import the manager as a user first",
        "无法为 {0} 生成用户名（“{1}”无效或已被占用），请先把该经理作为用户导入",
    ),
    // A whole import.
    (
        "{} of {} rows have errors (first: row {}, {}: {}); fix them or skip them",
        "{1} 行中有 {0} 行有错误（第一处：第 {2} 行，{3}：{4}），请修正或跳过这些行",
    ),
    (
        "the dates in {} (such as {}) fit {}; choose the format",
        "{0} 中的日期（例如 {1}）符合多种格式 {2}，请选择格式",
    ),
    ("column \"{}\" is not in the file", "文件中没有“{0}”列"),
    (
        "no column feeds {}, which every row needs",
        "没有列对应每一行都需要的字段 {0}",
    ),
    (
        "{} is fed by two columns, \"{}\" and \"{}\"",
        "{0} 同时对应了两列：“{1}”和“{2}”",
    ),
];

/// The holes of `template` (split at `{}`) as they appear in `text`, or
/// `None` when `text` does not have the template's shape. Holes are never
/// empty; where a literal piece could match in several places, every
/// split is tried, so names that contain the template's words still match.
fn holes<'t>(template: &str, text: &'t str) -> Option<Vec<&'t str>> {
    fn go<'t>(pieces: &[&str], text: &'t str, out: &mut Vec<&'t str>) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return text.is_empty();
        };
        if rest.is_empty() {
            // The last piece ends the text.
            return text == *first;
        }
        let Some(after) = text.strip_prefix(first) else {
            return false;
        };
        // A hole, then the rest: try each end of the hole.
        let next = rest[0];
        let mut from = 1;
        while from <= after.len() {
            if !after.is_char_boundary(from) {
                from += 1;
                continue;
            }
            let Some(at) = after[from..].find(next).map(|i| i + from) else {
                return false;
            };
            out.push(&after[..at]);
            if go(rest, &after[at..], out) {
                return true;
            }
            out.pop();
            from = at + 1;
        }
        false
    }
    let pieces: Vec<&str> = template.split("{}").collect();
    if pieces.len() < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(pieces.len() - 1);
    go(&pieces, text, &mut out).then_some(out)
}

fn fill(zh: &str, holes: &[&str]) -> String {
    let mut out = zh.to_owned();
    for (i, h) in holes.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &translate(h));
    }
    out
}

fn exact(reason: &str) -> Option<&'static str> {
    REASONS_ZH
        .iter()
        .find(|(en, _)| *en == reason)
        .map(|(_, zh)| *zh)
}

fn translate(reason: &str) -> String {
    if let Some(zh) = exact(reason) {
        return zh.to_owned();
    }
    TEMPLATES_ZH
        .iter()
        .find_map(|(en, zh)| holes(en, reason).map(|h| fill(zh, &h)))
        .unwrap_or_else(|| reason.to_owned())
}

pub fn reason_text(reason: &str, lang: Language) -> String {
    match lang {
        Language::En => reason.to_owned(),
        Language::ZhCn => translate(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn::domain::import::{Kind, Mapping, ReadOptions, read_csv, validate};

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every reason a row of a file can be refused with, as the import's
    /// own checks give it, reads in Chinese.
    #[test]
    fn import_row_reasons_read_in_chinese() {
        let files = [
            (
                Kind::Accounts,
                "name,lifecycle,annual revenue,phone\n,nope,12.5,abc\nAcme,lead,-3,\n",
            ),
            (Kind::Contacts, "name,email\nLi,not-an-email\n"),
            (Kind::Leads, "name,status\nLi,converted\nWang,new\n"),
            (
                Kind::Deals,
                "title,amount,close date,probability\nBig,12.345,2024-02-30,120\n",
            ),
            (Kind::Deals, "title,amount\nBig,100\n"),
            (Kind::Users, "username,role\n9ab,chief\n"),
            (
                Kind::Activities,
                "type,subject,account,due\nfax,Hi,Acme,\ntask,Hi,Acme,\nnote,Hi,,\n",
            ),
        ];
        let mut seen = 0;
        for (kind, text) in files {
            let t = read_csv(text.as_bytes(), &ReadOptions::default()).expect("csv");
            let mut m = Mapping::suggested(kind, &t.headers);
            if kind == Kind::Deals && text.contains("close") {
                m.defaults.currency = Some("USD".into());
            }
            let v = validate(&t, &m).expect("a mapping that works");
            assert!(!v.errors.is_empty(), "{kind:?}");
            for e in v.errors {
                seen += 1;
                let zh = reason_text(&e.reason, Language::ZhCn);
                assert!(has_cjk(&zh), "untranslated ({kind:?}): {}", e.reason);
            }
        }
        assert!(seen >= 12, "only {seen} reasons were checked");
    }

    /// Every refusal the ticket rules give reads in Chinese.
    #[test]
    fn service_reasons_read_in_chinese() {
        use cairn::domain::AppError;
        use cairn::domain::service::*;
        let mut reasons: Vec<String> = Vec::new();
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                for assigned in [false, true] {
                    if let Err(r) = from.check_move(to, assigned) {
                        reasons.push(r.to_owned());
                    }
                }
            }
        }
        let invalid = [
            TicketInput {
                subject: "x".into(),
                ..Default::default()
            }
            .validated()
            .map(|_| ()),
            Rating {
                score: 9,
                comment: String::new(),
            }
            .validated()
            .map(|_| ()),
            ServiceLevels {
                policies: Vec::new(),
                ..Default::default()
            }
            .validated()
            .map(|_| ()),
            ServiceLevels {
                utc_offset_minutes: 15 * 60,
                ..Default::default()
            }
            .validated()
            .map(|_| ()),
            SlaPolicy {
                priority: Priority::Low,
                targets: SlaTargets {
                    first_response_minutes: 60,
                    resolution_minutes: 30,
                },
            }
            .validated()
            .map(|_| ()),
        ];
        for r in invalid {
            let Err(AppError::Validation { reason, .. }) = r else {
                panic!("{r:?} should be refused");
            };
            reasons.push(reason);
        }
        assert!(reasons.len() > 10);
        for r in reasons {
            assert!(
                has_cjk(&reason_text(&r, Language::ZhCn)),
                "untranslated: {r}"
            );
        }
    }

    #[test]
    fn marketing_reasons_read_in_chinese() {
        use cairn::domain::AppError;
        use cairn::domain::marketing::CampaignInput;
        let base = CampaignInput {
            name: "Spring".into(),
            ..Default::default()
        };
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d);
        let invalid = [
            CampaignInput {
                start_on: day(2),
                end_on: day(1),
                ..base.clone()
            },
            CampaignInput {
                budget: -1,
                ..base.clone()
            },
            CampaignInput {
                currency: "yuan".into(),
                ..base.clone()
            },
        ];
        let mut reasons: Vec<String> = invalid
            .into_iter()
            .map(|i| match i.validated() {
                Err(AppError::Validation { reason, .. }) => reason,
                other => panic!("{other:?} should be refused"),
            })
            .collect();
        // The store's (it cannot run here): members and audiences.
        reasons.extend(
            [
                "a contact does not exist",
                "a lead does not exist",
                "choose someone to add",
                "at most 20000 at a time",
                "matches more than 20000 people; narrow it",
            ]
            .map(String::from),
        );
        for r in reasons {
            assert!(
                has_cjk(&reason_text(&r, Language::ZhCn)),
                "untranslated: {r}"
            );
        }
    }

    #[test]
    fn holes_take_what_the_template_leaves_open() {
        assert_eq!(
            holes(
                "no account is named \"{}\" (import the accounts first, or map the name to one)",
                "no account is named \"Acme \"West\"\" (import the accounts first, or map the name to one)"
            ),
            Some(vec!["Acme \"West\""])
        );
        assert_eq!(
            holes(
                "{} is not a date like {}",
                "3/32/2024 is not a date like 2024-03-01"
            ),
            Some(vec!["3/32/2024", "2024-03-01"])
        );
        assert_eq!(holes("{} is too large", "is too large"), None);
        assert_eq!(
            holes("no team is named \"{}\"", "no team is named \"East\" today"),
            None
        );
        assert_eq!(
            reason_text(
                "username \"9ab\" must start with a letter a–z",
                Language::ZhCn
            ),
            "用户名“9ab”须以字母 a–z 开头"
        );
        assert_eq!(
            reason_text("有 is not a date", Language::ZhCn),
            "“有”不是有效的日期"
        );
    }

    /// Every refusal of a template's outline reads in Chinese, row and all.
    #[test]
    fn template_reasons_read_in_chinese() {
        use cairn::domain::AppError;
        use cairn::domain::project::template::{TemplateBody, TemplateRow};
        let row = |level: u8, name: &str, days: u16, preds: &str, go_live: bool| TemplateRow {
            level,
            name: name.into(),
            name_zh: String::new(),
            days,
            predecessors: preds.into(),
            go_live,
        };
        let bodies = [
            vec![],
            vec![row(1, "a", 1, "", false)],
            vec![row(0, "a", 1, "", false), row(0, " ", 1, "", false)],
            vec![row(0, "a", 1, "7", false)],
            vec![row(0, "a", 1, "1", false)],
            vec![row(0, "a", 1_001, "", false)],
            vec![row(0, "P", 0, "", true), row(1, "t", 1, "", false)],
            vec![row(0, "m", 0, "", true), row(0, "n", 0, "", true)],
        ];
        for rows in bodies {
            let Err(AppError::Validation { reason, .. }) =
                TemplateBody { rows }.build(Language::En)
            else {
                panic!("expected a refusal");
            };
            let zh = reason_text(&reason, Language::ZhCn);
            assert!(has_cjk(&zh) && !zh.contains("row "), "{reason} → {zh}");
        }
        assert_eq!(
            reason_text(
                "row 2: predecessor 9 is not a row of this template",
                Language::ZhCn
            ),
            "第 2 行：前置任务 9 不是本模板中的行"
        );
    }
}
