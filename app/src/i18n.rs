//! The UI's strings in English and Simplified Chinese.
//!
//! A typed catalogue rather than runtime message files: the `catalogue!`
//! macro demands both texts for every key, so a string without its
//! translation does not compile, and a key that no longer exists is a
//! compile error at its use. Lookups index a static table — nothing to load, the
//! same on the server and in wasm. ARCHITECTURE.md says why this over a crate.

use cairn::domain::{AppError, Language, Role};

mod reasons;
use leptos::prelude::*;
pub use reasons::reason_text;

macro_rules! catalogue {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// Two tables indexed by the key, not a `match`: the match
            /// compiled to 33 KB of wasm code, which every page loads; the
            /// tables are two pointers per key.
            pub fn text(self, lang: Language) -> &'static str {
                const EN: &[&str] = &[$($en),*];
                const ZH: &[&str] = &[$($zh),*];
                let table = match lang {
                    Language::En => EN,
                    Language::ZhCn => ZH,
                };
                table[self as usize]
            }
        }
    };
}

catalogue! {
    AppName => "Cairn", "Cairn";
    Tagline => "Sell, then deliver — in one place.", "销售与交付，一站完成。";
    NavHome => "Home", "首页";
    NavCustomers => "Customers", "客户";
    NavSales => "Sales", "销售";
    NavMarketing => "Marketing", "市场营销";
    NavService => "Service", "服务";
    NavProjects => "Projects", "项目";
    NavReports => "Reports", "报表";
    NavAdmin => "Admin", "管理";
    MainNavigation => "Main navigation", "主导航";
    Menu => "Menu", "菜单";
    SkipToContent => "Skip to content", "跳到主要内容";
    SignIn => "Sign in", "登录";
    AppStopped => "Cairn stopped working in this tab, most likely because part of it could not be downloaded. Reload the page to go on; what you saved is kept.", "Cairn 在此标签页中已停止运行，很可能是部分程序未能下载。请重新加载页面以继续；已保存的内容不会丢失。";
    Reload => "Reload", "重新加载";
    SignOut => "Sign out", "退出登录";
    SignInTitle => "Sign in to Cairn", "登录 Cairn";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    DisplayName => "Name", "姓名";
    Email => "Email", "邮箱";
    RoleLabel => "Role", "角色";
    Team => "Team", "团队";
    NoTeam => "No team", "无团队";
    Status => "Status", "状态";
    Active => "Active", "已启用";
    Disabled => "Disabled", "已停用";
    Disable => "Disable", "停用";
    Enable => "Enable", "启用";
    Create => "Create", "创建";
    Save => "Save", "保存";
    Saved => "Saved.", "已保存。";
    Loading => "Loading…", "加载中…";
    Language => "Language", "语言";
    Profile => "Profile", "个人资料";
    ProfileTitle => "Your profile", "我的资料";
    ProfileIntro => "Your name and email as colleagues see them.", "同事看到的您的姓名和邮箱。";
    ChangePassword => "Change password", "修改密码";
    CurrentPassword => "Current password", "当前密码";
    NewPassword => "New password", "新密码";
    PasswordHint => "At least 12 characters; common passwords are refused.", "至少 12 个字符；不接受常见密码。";
    PasswordChanged => "Password changed. Your other sessions were signed out.", "密码已修改，您的其他会话已退出。";
    ReloadCurrent => "Show the current version", "显示最新版本";
    UsersTitle => "Users", "用户";
    UsersIntro => "Who can sign in, and what their role lets them do.", "谁可以登录，以及其角色可执行的操作。";
    NewUserTitle => "New user", "新建用户";
    UserCreated => "User created.", "用户已创建。";
    ChangeRole => "Change role", "更改角色";
    SetupTitle => "Create the administrator", "创建管理员账号";
    SetupIntro => "Cairn has no users yet. Create the first administrator to begin.", "Cairn 尚无用户。请创建第一个管理员账号以开始使用。";
    ComingSoon => "Coming soon", "即将推出";
    ComingSoonBody => "This module is being built and arrives in a later release.", "此模块正在建设中，将在后续版本中推出。";
    Welcome => "Welcome back", "欢迎回来";
    HomeIntro => "Your workspace for selling and delivering. Pick a module to begin.", "您的销售与交付工作台。请选择一个模块开始。";
    YourRole => "Your role", "您的角色";
    YourTeam => "Your team", "您的团队";
    AccessDenied => "Access denied", "拒绝访问";
    AccessDeniedBody => "Your role does not allow this page. The server refused the request.", "您的角色无权访问此页面，服务器已拒绝该请求。";
    NotFoundTitle => "Page not found", "页面未找到";
    BackHome => "Back to home", "返回首页";
    DescCustomers => "Accounts, contacts, leads and the 360° view", "客户、联系人、线索与 360° 视图";
    DescSales => "Deals, the pipeline board and the forecast", "商机、销售漏斗看板与预测";
    DescMarketing => "Campaigns, members and automation rules", "营销活动、成员与自动化规则";
    DescService => "Tickets, SLAs and service queues", "工单、SLA 与服务队列";
    DescProjects => "WBS, Gantt chart, critical path, risks and costs", "WBS、甘特图、关键路径、风险与成本";
    DescReports => "Dashboards, forecasts and KPIs", "仪表盘、预测与关键指标";
    DescAdmin => "Users, roles, import and backups", "用户、角色、导入与备份";
    RoleAdmin => "Administrator", "管理员";
    RoleManager => "Manager", "经理";
    RoleSales => "Sales", "销售";
    RoleService => "Service", "客服";
    RolePmo => "PMO", "项目管理办公室";
    RoleViewer => "Viewer", "只读用户";
    ErrBadCredentials => "Wrong username or password.", "用户名或密码错误。";
    ErrTooManyAttempts => "Too many failed attempts. Try again in {n} seconds.", "失败次数过多，请在 {n} 秒后重试。";
    ErrForbidden => "You do not have permission to do this.", "您没有执行此操作的权限。";
    ErrUnauthenticated => "Your session has ended. Please sign in again.", "您的会话已结束，请重新登录。";
    ErrConflict => "Someone else changed this record while you were editing. Review the current version and save again.", "其他人在您编辑时修改了此记录。请查看最新版本后重新保存。";
    ErrNotFound => "Not found.", "未找到。";
    ErrInternal => "Something went wrong on the server. Please try again.", "服务器出错，请重试。";
    FieldUsername => "Username", "用户名";
    FieldDisplayName => "Name", "姓名";
    FieldEmail => "Email", "邮箱";
    FieldPassword => "Password", "密码";
    FieldCurrentPassword => "Current password", "当前密码";
    FieldNewPassword => "New password", "新密码";
    FieldRole => "Role", "角色";
    FieldTeam => "Team", "团队";
    FieldActive => "Status", "状态";
    FieldRequest => "Request", "请求";
    Accounts => "Accounts", "客户";
    Contacts => "Contacts", "联系人";
    Leads => "Leads", "线索";
    Trash => "Trash", "回收站";
    MyDay => "My day", "我的今日";
    NewAccount => "New account", "新建客户";
    NewContact => "New contact", "新建联系人";
    NewLead => "New lead", "新建线索";
    EditAccount => "Edit account", "编辑客户";
    EditContact => "Edit contact", "编辑联系人";
    EditLead => "Edit lead", "编辑线索";
    Edit => "Edit", "编辑";
    Cancel => "Cancel", "取消";
    MoveToTrash => "Move to Trash", "移至回收站";
    Restore => "Restore", "恢复";
    InTrash => "This record is in the Trash. Restore it to edit it.", "此记录在回收站中，恢复后才能编辑。";
    TrashIntro => "Deleted records stay here until restored.", "已删除的记录保留在此处，可随时恢复。";
    TrashEmpty => "The Trash is empty.", "回收站为空。";
    // Sales: the board, the list and the deal pages
    SalesBoard => "Board", "看板";
    SalesList => "List", "列表";
    SalesForecastTab => "Forecast", "预测";
    SalesTabsLabel => "Sales views", "销售视图";
    NewDeal => "New deal", "新建商机";
    EditDeal => "Edit deal", "编辑商机";
    Deal => "Deal", "商机";
    DealTitle => "Deal name", "商机名称";
    PipelineLabel => "Pipeline", "销售流程";
    StageLabel => "Stage", "阶段";
    AmountLabel => "Amount", "金额";
    CurrencyLabel => "Currency", "币种";
    ProbabilityLabel => "Probability (%)", "赢率（%）";
    ProbabilityHint => "Leave empty to use the stage's {p} %.", "留空则使用阶段默认的 {p}%。";
    ExpectedClose => "Expected close", "预计成交日期";
    CloseFrom => "Closing from", "预计成交起";
    CloseTo => "Closing until", "预计成交止";
    WeightedLabel => "Weighted", "加权金额";
    DealCount => "{n} deals", "{n} 个商机";
    WonZone => "Won", "赢单";
    LostZone => "Lost", "输单";
    ZoneRecent => "closed in the last 30 days", "近 30 天关闭";
    DropHere => "Drop here", "拖放到此处";
    DaysShort => "{n} d", "{n} 天";
    RotsAfter => "rots after {n} d", "{n} 天后停滞";
    DaysInStage => "{n} days in this stage", "已在此阶段 {n} 天";
    RottingFlag => "Rotting: {n} days in this stage, the limit is {m}", "停滞：已在此阶段 {n} 天，上限为 {m} 天";
    MoveTo => "Move to…", "移动到…";
    MoveDealTo => "Move “{title}” to", "将“{title}”移动到";
    LostWhy => "Why was “{title}” lost?", "“{title}”为何输单？";
    MarkLost => "Mark as lost", "标记为输单";
    MarkWon => "Mark as won", "标记为赢单";
    ReopenIn => "Reopen in", "重新打开到";
    BoardHelp => "To move a card with the keyboard: focus it, press Space to lift it, use the arrow keys to choose a column and position, Space to drop, Escape to cancel.", "用键盘移动卡片：聚焦卡片，按空格键拿起，用方向键选择列和位置，再按空格键放下，按 Esc 取消。";
    CardRole => "Deal card", "商机卡片";
    AnnLifted => "Lifted “{title}”. {where}.", "已拿起“{title}”。{where}。";
    AnnWhere => "{stage}, position {i} of {n}", "{stage}，第 {i} 位，共 {n} 位";
    AnnDropped => "Dropped “{title}” in {where}.", "已将“{title}”放到{where}。";
    AnnCancelled => "Move cancelled. “{title}” is back in {stage}.", "已取消移动，“{title}”回到{stage}。";
    AnnLiveMove => "“{title}” was moved by a colleague.", "“{title}”已被同事移动。";
    MoveConflict => "Someone else changed “{title}” first; it is shown where it is now. Nothing was lost.", "其他人已先修改了“{title}”，现显示其最新位置，未丢失任何数据。";
    MoveRefused => "“{title}” was not moved: {error}", "“{title}”未能移动：{error}";
    LoadingMore => "Loading more…", "加载更多…";
    NoDeals => "No deals", "暂无商机";
    ReadOnlyBoard => "Your role can view the board but not move deals.", "您的角色可以查看看板，但不能移动商机。";
    StatusOpen => "Open", "进行中";
    StatusWon => "Won", "赢单";
    StatusLost => "Lost", "输单";
    StageHistory => "Stage history", "阶段历史";
    Entered => "Entered", "进入";
    LeftAt => "Left", "离开";
    ClosedOn => "Closed", "关闭于";
    LostReasonLabel => "Lost reason", "输单原因";
    CreatedOn => "Created", "创建于";
    DeleteDeal => "Delete deal", "删除商机";
    ConfirmDeleteDeal => "Delete this deal? It leaves the board and the forecast.", "确定删除此商机？它将从看板和预测中移除。";
    FindAccount => "Type to find an account", "输入以查找客户";
    ClearChoice => "Clear", "清除";
    ContactsOfAccount => "Contacts on this deal", "此商机的联系人";
    NoStageYet => "Closed deals are in no stage.", "已关闭的商机不属于任何阶段。";
    LiveOn => "Live", "实时";
    Name => "Name", "名称";
    PersonName => "Full name", "姓名";
    Industry => "Industry", "行业";
    Source => "Source", "来源";
    Website => "Website", "网站";
    Phone => "Phone", "电话";
    Address => "Address", "地址";
    Owner => "Owner", "负责人";
    Tags => "Tags", "标签";
    TagsHint => "Separate tags with commas.", "多个标签用逗号分隔。";
    Lifecycle => "Lifecycle stage", "生命周期阶段";
    Grade => "Grade", "等级";
    AnnualRevenue => "Annual revenue", "年营业额";
    Notes => "Notes", "备注";
    JobTitle => "Job title", "职位";
    Company => "Company", "公司";
    Account => "Account", "所属客户";
    NoAccount => "No account", "无所属客户";
    LastActivity => "Last activity", "最近活动";
    Updated => "Updated", "更新时间";
    Created => "Created", "创建时间";
    Never => "Never", "从未";
    LcLead => "Lead", "线索";
    LcProspect => "Prospect", "潜在客户";
    LcCustomer => "Customer", "成交客户";
    LcChurned => "Churned", "已流失";
    AnyOwner => "Any owner", "全部负责人";
    AnyTeam => "Any team", "全部团队";
    AnyGrade => "Any grade", "全部等级";
    AnyStage => "Any stage", "全部阶段";
    AnyIndustry => "Any industry", "全部行业";
    AnyStatus => "Any status", "全部状态";
    FilterText => "Filter by name, email, phone…", "按名称、邮箱、电话筛选…";
    TagFilter => "Tag", "标签";
    OnlyMine => "Only mine", "仅我的";
    ClearFilters => "Clear filters", "清除筛选";
    Apply => "Apply", "应用";
    SortBy => "Sort by", "排序方式";
    Ascending => "Ascending", "升序";
    Descending => "Descending", "降序";
    Prev => "Previous", "上一页";
    Next => "Next", "下一页";
    PageOf => "Page {p} of {n} · {t} records", "第 {p}/{n} 页 · 共 {t} 条";
    NothingHere => "No records match.", "没有符合条件的记录。";
    Search => "Search", "搜索";
    SearchPlaceholder => "Search customers…", "搜索客户…";
    SearchHint => "Accounts, contacts and leads by name, email, phone or domain", "按名称、邮箱、电话或域名搜索客户、联系人和线索";
    NoResults => "Nothing found.", "未找到结果。";
    Details => "Details", "详细信息";
    Timeline => "Timeline", "时间线";
    ShowOlder => "Show older", "加载更早记录";
    ShowMore => "Show more", "显示更多";
    TimelineEmpty => "Nothing has happened yet.", "暂无记录。";
    LogActivity => "Log an activity", "记录活动";
    Subject => "Subject", "主题";
    Body => "Details", "内容";
    DueOn => "Due", "截止日期";
    Assignee => "Assignee", "执行人";
    Kind => "Type", "类型";
    KindCall => "Call", "电话";
    KindMeeting => "Meeting", "会议";
    KindEmail => "Email", "邮件";
    KindNote => "Note", "笔记";
    KindTask => "Task", "任务";
    Record => "Record", "记录";
    Save2 => "Save activity", "保存活动";
    ActivityLogged => "Saved to the timeline.", "已保存到时间线。";
    MarkDone => "Mark done", "标记完成";
    Reopen => "Reopen", "重新打开";
    Done => "Done", "已完成";
    Overdue => "Overdue", "已逾期";
    DueToday => "Due today", "今天到期";
    MyDayIntro => "Your tasks due today and overdue. Complete them here.", "您今天到期和已逾期的任务，可在此直接完成。";
    NothingDue => "Nothing due. Well done.", "没有待办任务，干得好。";
    ChCreate => "created the record", "创建了记录";
    ChUpdate => "changed", "修改了";
    ChDelete => "moved it to the Trash", "将其移至回收站";
    ChRestore => "restored it", "恢复了记录";
    ChConvert => "converted a lead into it", "由线索转化而来";
    ChAddContact => "added a contact", "添加了联系人";
    ChMerge => "merged duplicates into it", "将重复记录合并到此记录";
    ChMergedInto => "merged it into another record", "将此记录合并到另一条记录";
    ChUnmerge => "undid a merge", "撤销了合并";
    ChNotDuplicates => "marked it as not a duplicate", "标记为不是重复";
    ChNotDuplicatesUndone => "took back \"not a duplicate\"", "撤销了“不是重复”标记";
    FieldRecords => "Records", "记录";
    FieldMerge => "Merge", "合并";
    ChOther => "changed it", "修改了记录";
    Someone => "Someone", "有人";
    Deals => "Deals", "商机";
    Tickets => "Tickets", "工单";
    Projects => "Projects", "项目";
    PrintableView => "Printable view", "打印视图";
    Print => "Print", "打印";
    BackToAccount => "Back to the account", "返回客户";
    PreparedAt => "Prepared {when}", "生成于 {when}";
    NoAccessDeals => "Deals are not shown: you have no access to sales.", "未显示商机：您无权访问销售模块。";
    LeadStatusLabel => "Status", "状态";
    LsNew => "New", "新线索";
    LsQualified => "Qualified", "已确认";
    LsDisqualified => "Disqualified", "已取消资格";
    LsConverted => "Converted", "已转化";
    Qualify => "Qualify", "确认线索";
    Disqualify => "Disqualify", "取消资格";
    Reason => "Reason", "原因";
    Convert => "Convert", "转化";
    ConvertTitle => "Convert to account and contact", "转化为客户和联系人";
    ConvertIntro => "Creates the account and the contact in one step, and moves the lead's history to them.", "一步创建客户和联系人，并将线索的历史记录一并转移。";
    NewAccountFromLead => "Create a new account", "新建客户";
    NewContactFromLead => "Create a new contact", "新建联系人";
    AttachTo => "Attach to", "关联到";
    FollowUp => "Follow-up deal (optional)", "跟进商机（可选）";
    FollowUpHint => "Becomes a task for the owner, due today, until the sales module has deals.", "在销售模块上线前，将作为负责人今天到期的任务。";
    SimilarExist => "Similar records already exist. Attach to one instead of creating a duplicate?", "已存在相似记录。是否关联到现有记录，而不是新建重复记录？";
    ConvertedTo => "Converted into", "已转化为";
    Open => "Open", "打开";
    Contact => "Contact", "联系人";
    Lead => "Lead", "线索";
    GradingTitle => "Account grading", "客户分级";
    GradingIntro => "Value = won revenue (12 months) + open pipeline × weight + annual revenue × potential weight. The value sets the base grade; an activity within the fresh days lifts it one grade, none within the stale days lowers it one; churned accounts are D.", "价值 = 近 12 个月成交额 + 在手商机 × 权重 + 年营业额 × 潜力权重。价值决定基础等级；在“活跃天数”内有活动则升一级，超过“沉寂天数”无活动则降一级；已流失客户为 D 级。";
    GradeAFrom => "A from value", "A 级起始价值";
    GradeBFrom => "B from value", "B 级起始价值";
    GradeCFrom => "C from value", "C 级起始价值";
    PipelineWeight => "Pipeline weight (%)", "商机权重（%）";
    PotentialWeight => "Annual revenue weight (%)", "年营业额权重（%）";
    FreshDays => "Fresh within (days)", "活跃天数";
    StaleDays => "Stale after (days)", "沉寂天数";
    GradingSaved => "Saved. Every account was regraded.", "已保存，所有客户已重新分级。";
    NavGrading => "Grading", "客户分级";
    NavUsers => "Users", "用户";
    Contacts360 => "Contacts", "联系人";
    AddContact => "Add contact", "添加联系人";
    NoContacts => "No contacts yet.", "暂无联系人。";
    Activities => "Activities", "活动";
    Team2 => "Team", "团队";
    // Forecast and pipeline admin
    ForecastTitle => "Forecast", "销售预测";
    ForecastDefinitions => "Weighted = amount × probability. Commit counts open deals at {commit}% or more, best case those at {best}% or more; both include deals won in the month. Win rate, deal size and cycle look at deals closed in the period; the funnel at deals created in it.", "加权金额 = 金额 × 赢率。承诺预测计入赢率不低于 {commit}% 的在手商机，最佳预测计入不低于 {best}% 的商机；两者均包含当月已赢单的商机。赢单率、平均成交金额和销售周期按期间内关闭的商机计算；漏斗按期间内创建的商机计算。";
    PeriodFrom => "Period from", "期间开始";
    PeriodTo => "Period to", "期间结束";
    DownloadCsv => "Download CSV", "下载 CSV";
    ExportCsv => "Export CSV", "导出 CSV";
    ExportXlsx => "Export Excel", "导出 Excel";
    KpiWeighted => "Weighted pipeline", "加权商机金额";
    KpiNext12 => "Next 12 months", "未来 12 个月";
    KpiCommit => "Commit", "承诺预测";
    KpiBestCase => "Best case", "最佳预测";
    KpiWinRate => "Win rate", "赢单率";
    KpiWonLost => "{w} won · {l} lost", "赢单 {w} · 输单 {l}";
    KpiAvgDeal => "Average deal size", "平均成交金额";
    KpiAvgCycle => "Average sales cycle", "平均销售周期";
    KpiDays => "{n} days", "{n} 天";
    KpiClosedInPeriod => "Won deals closed in the period", "期间内赢单的商机";
    KpiUndated => "Undated open deals", "无预计成交日期";
    KpiUndatedHint => "Open deals without an expected close date", "未填写预计成交日期的在手商机";
    ChartByMonth => "Weighted pipeline by expected close month", "按预计成交月份的加权商机";
    ChartByOwner => "Open pipeline by owner", "按负责人的在手商机";
    ChartByStage => "Open pipeline by stage", "按阶段的在手商机";
    ChartFunnel => "Stage-to-stage conversion", "阶段转化漏斗";
    ChartFunnelIntro => "Deals created in the period that reached each stage (a deal further on, or won, has passed the earlier stages), and the share of them that went on to the next.", "期间内创建的商机到达各阶段的数量（已进入后续阶段或已赢单的商机视为已通过之前的阶段），以及其中进入下一阶段的比例。";
    ChartSeeTable => "Chart; the table below lists the same numbers.", "图表；下表列出相同的数据。";
    ColMonth => "Month", "月份";
    ColOpenDeals => "Open deals", "在手商机数";
    ColAmount => "Amount", "金额";
    ColWeighted => "Weighted", "加权金额";
    ColClosedWon => "Won", "已赢单";
    ColCumulative => "Cumulative weighted", "累计加权金额";
    ColStage => "Stage", "阶段";
    ColReached => "Reached", "到达数";
    ColToNext => "On to the next", "进入下一步";
    AxisCloseMonth => "Expected close month", "预计成交月份";
    FunnelWon => "Won", "赢单";
    NoOwner => "No owner", "无负责人";
    NavPipelines => "Pipelines", "销售流程";
    PipelinesTitle => "Pipelines", "销售流程";
    PipelinesIntro => "The stages deals move through, in board order. A deal entering a stage takes its probability unless the deal has its own; it is flagged as rotting after the stage's days.", "商机依次经过的阶段（按看板顺序）。商机进入某阶段时采用该阶段的赢率（除非商机单独设定）；停留超过该阶段天数即标记为停滞。";
    NewPipeline => "New pipeline", "新建销售流程";
    PipelineName => "Pipeline name", "流程名称";
    StageName => "Stage name", "阶段名称";
    StageProbability => "Probability (%)", "赢率（%）";
    RottingDays => "Rotting after (days)", "停滞天数";
    RottingHint => "Empty: never", "留空表示不限";
    AddStage => "Add stage", "添加阶段";
    RemoveStage => "Remove stage", "删除阶段";
    MoveUp => "Move up", "上移";
    MoveDown => "Move down", "下移";
    PipelineSaved => "Pipeline saved.", "销售流程已保存。";
    StageHasDeals => "“{name}” still has {n} deals: move them to another stage first.", "“{name}”中仍有 {n} 个商机，请先将其移到其他阶段。";
    StagesCount => "{n} stages", "{n} 个阶段";
    StageNew => "New stage", "新阶段";
    // Projects and the Gantt chart.
    NewProject => "New project", "新建项目";
    Targets => "Targets", "目标";
    TargetsIntro => "What the home page's tiles are compared with. Revenue targets are per calendar quarter, in one currency (deals in other currencies are not converted); a sales person or manager sees their team's target, an administrator the organisation's. Leave a field empty for no target.", "首页指标卡所对照的目标。收入目标按自然季度设定，使用一种货币（其他货币的商机不做换算）；销售与经理看到其团队的目标，管理员看到全公司的目标。留空表示不设目标。";
    RevenueTargets => "Revenue per quarter", "每季度收入";
    RevenueCompany => "Whole organisation", "全公司";
    RevenueCompanyHint => "Won deals closed in the quarter", "本季度赢单金额";
    RevenuePerQuarter => "Revenue per quarter", "每季度收入";
    OtherTargets => "Other targets", "其他目标";
    KpiRevenue => "Revenue this quarter", "本季度收入";
    KpiCoverage => "Pipeline coverage", "管道覆盖率";
    KpiSla => "SLA attainment", "SLA 达成率";
    KpiSatisfaction => "Satisfaction", "满意度";
    KpiProjectsAtRisk => "Projects at risk", "风险项目";
    PercentHint => "Percent, 1–100", "百分比，1–100";
    CoverageHint => "Open pipeline due this quarter ÷ revenue still to win, e.g. 3.0", "本季度到期的在途金额 ÷ 剩余收入目标，例如 3.0";
    SatisfactionHint => "Average rating of 5, e.g. 4.2", "平均评分（满分 5），例如 4.2";
    AtMostHint => "At most this many active projects with a late critical task", "关键任务延误的在建项目最多个数";
    TargetsSaved => "Targets saved.", "目标已保存。";
    BasisWonDeals => "Won deals: {n}", "赢单：{n}";
    BasisClosedDeals => "Closed deals: {n}", "已关闭商机：{n}";
    BasisClocks => "SLA clocks due, 30 days: {n}", "30 天内到期的 SLA 计时：{n}";
    BasisRatings => "Ratings, 30 days: {n}", "30 天内评分：{n}";
    BasisActiveProjects => "Active projects: {n}", "在建项目：{n}";
    TargetMet => "On target", "已达标";
    TargetBehind => "Behind target", "未达标";
    NoTargetSet => "No target set", "未设目标";
    NoDataYet => "No data yet", "暂无数据";
    YourNumbers => "Your numbers", "我的指标";
    YourModules => "Your work", "我的工作";
    ThisQuarter => "This quarter:", "本季度：";
    TargetLabel => "Target", "目标";
    ImportProject => "Import from Microsoft Project", "从 Microsoft Project 导入";
    ImportProjectHint => "A plan saved from Microsoft Project as XML (File › Save As › XML) becomes a new project: tasks and outline, links and lags, constraints, the calendar and its exceptions, people's own calendars, assignments, baselines and progress. Resources are matched to people here by email, then name, then username.", "在 Microsoft Project 中另存为 XML（文件 › 另存为 › XML）的计划将成为一个新项目：任务与大纲、链接与延隔、限制、日历及其例外、人员自有日历、分配、基线与进度。资源按电子邮件、姓名、用户名依次匹配到本系统中的人员。";
    ProjectFile => "Project file (.xml)", "项目文件（.xml）";
    ImportingFile => "Importing…", "正在导入…";
    NameFromFile => "From the file", "取自文件";
    Tasks => "Tasks", "任务";
    SummaryTasks => "Summary tasks", "摘要任务";
    Milestones => "Milestones", "里程碑";
    Links => "Links", "链接";
    Assignments => "Assignments", "分配";
    Baselines => "Baselines", "基线";
    OwnCalendars => "People's own calendars", "人员自有日历";
    OwnCalendar => "Own calendar", "自有日历";
    ProjectImported => "Imported", "已导入";
    CalendarExceptions => "exceptions", "个例外";
    ResourcesMatched => "Resources matched to people", "已匹配到人员的资源";
    ResourcesUnmatched => "Resources left out", "未导入的资源";
    ImportWarnings => "Carried over differently", "导入时的差异";
    OpenProject => "Open the project", "打开项目";
    ExportProject => "Export", "导出";
    ExportMspdi => "Microsoft Project (.xml)", "Microsoft Project 文件（.xml）";
    ExportScheduleCsv => "Schedule (.csv)", "进度表（.csv）";
    ExportMilestonesIcs => "Milestones (.ics)", "里程碑（.ics）";
    CreateProject => "Create project", "创建项目";
    ProjectName => "Project", "项目";
    SearchProjects => "Search projects", "搜索项目";
    Filter => "Filter", "筛选";
    Manager => "Manager", "项目经理";
    Me => "Me", "我";
    WorkCalendar => "Working calendar", "工作日历";
    CalendarStandard => "Standard (Mon–Fri)", "标准（周一至周五）";
    CalendarChina => "China mainland (public holidays)", "中国大陆（法定节假日）";
    CalendarCustom => "The project's own (imported)", "项目自有日历（导入）";
    ProjectPlanned => "Planned", "计划中";
    ProjectActive => "Active", "进行中";
    ProjectOnHold => "On hold", "已暂停";
    ProjectCompleted => "Completed", "已完成";
    ProjectCancelled => "Cancelled", "已取消";
    Start => "Start", "开始";
    Finish => "Finish", "完成";
    PercentComplete => "% complete", "完成百分比";
    PercentShort => "%", "%";
    CriticalLate => "Critical late", "关键任务延误";
    CriticalLateHint => "A critical task is unfinished past its scheduled finish", "有关键任务已过计划完成日期仍未完成";
    CriticalPath => "Critical path", "关键路径";
    Gantt => "Gantt", "甘特图";
    GanttTools => "Schedule tools", "进度计划工具";
    ResourceLoad => "Resource load", "资源负荷";
    Risks => "Risks", "风险";
    RiskRegister => "Risk register", "风险登记册";
    NewRisk => "New risk", "新建风险";
    EditRisk => "Edit risk", "编辑风险";
    RiskTitle => "Risk", "风险";
    RiskCategory => "Category", "类别";
    RiskProbability => "Probability", "可能性";
    RiskImpact => "Impact", "影响";
    RiskScore => "Score", "分值";
    RiskResponse => "Response", "应对策略";
    RiskPlan => "Response plan", "应对计划";
    RiskTrigger => "Trigger", "触发条件";
    RiskCostImpact => "Cost if it happens", "发生时的成本";
    RiskEmv => "EMV", "预期损失";
    RiskEmvHint => "Expected monetary value: the probability's share of the cost", "预期货币价值：发生概率 × 成本";
    RiskTask => "Threatened task", "受影响任务";
    RiskNoTask => "No task", "无任务";
    Nobody => "Nobody", "未指定";
    NoRisks => "No risks recorded yet.", "尚未登记风险。";
    NoRisksInCell => "No risks in this cell.", "该格子没有风险。";
    HeatMap => "Heat map", "热力图";
    HeatMapHint => "Open risks by probability and impact. Choose a cell to list its risks.", "未关闭风险按可能性和影响分布。点击格子查看其中的风险。";
    ShowAllRisks => "Show all risks", "显示全部风险";
    ExposureTotal => "Open exposure (EMV)", "未关闭风险预期损失";
    ConfirmDeleteRisk => "Delete this risk? It leaves the register.", "确定删除此风险？它将从风险登记册中移除。";
    BandLow => "Low", "低";
    BandMedium => "Medium", "中";
    BandHigh => "High", "高";
    RatingVeryLow => "Very low", "很低";
    RatingLow => "Low", "低";
    RatingMedium => "Medium", "中";
    RatingHigh => "High", "高";
    RatingVeryHigh => "Very high", "很高";
    RiskCategoryScope => "Scope", "范围";
    RiskCategorySchedule => "Schedule", "进度";
    RiskCategoryCost => "Cost", "成本";
    RiskCategoryTechnical => "Technical", "技术";
    RiskCategoryData => "Data", "数据";
    RiskCategoryPeople => "People", "人员";
    RiskCategoryVendor => "Vendor", "供应商";
    RiskCategoryOther => "Other", "其他";
    ResponseAvoid => "Avoid", "规避";
    ResponseAccept => "Accept", "接受";
    ResponseTransfer => "Transfer", "转移";
    ResponseMitigate => "Mitigate", "减轻";
    RiskOpen => "Open", "未关闭";
    RiskOccurred => "Occurred", "已发生";
    RiskClosed => "Closed", "已关闭";
    View => "View", "视图";
    Zoom => "Zoom", "缩放";
    ZoomDay => "Day", "日";
    ZoomWeek => "Week", "周";
    ZoomMonth => "Month", "月";
    ZoomQuarter => "Quarter", "季度";
    AddTask => "Add task", "添加任务";
    NewTask => "New task", "新任务";
    LinkTo => "Link to…", "链接到…";
    LinkToHint => "The selected task becomes the predecessor of the task you name by its outline number.", "所选任务将成为您按大纲编号指定的任务的前置任务。";
    SuccessorNumber => "Successor (outline number)", "后续任务（大纲编号）";
    LinkType => "Link type", "链接类型";
    LinkFS => "Finish-to-start (FS)", "完成-开始 (FS)";
    LinkSS => "Start-to-start (SS)", "开始-开始 (SS)";
    LinkFF => "Finish-to-finish (FF)", "完成-完成 (FF)";
    LinkSF => "Start-to-finish (SF)", "开始-完成 (SF)";
    LagDays => "Lag (working days)", "延隔（工作日）";
    AddLink => "Add link", "添加链接";
    Undo => "Undo", "撤销";
    Redo => "Redo", "重做";
    Baseline => "Baseline", "基线";
    NoBaseline => "None", "无";
    BaselineName => "Baseline name", "基线名称";
    SaveBaseline => "Save baseline", "保存基线";
    Saving => "Saving…", "正在保存…";
    AllSaved => "All changes saved", "所有更改已保存";
    NotSaved => "Not saved", "未保存";
    GanttConflict => "Someone else changed this part of the plan first. Your change was not saved; the plan now shows the current version.", "他人已先修改了计划的这一部分。您的更改未保存，计划已显示最新版本。";
    GanttDisagreed => "The server scheduled the plan differently; the plan was reloaded.", "服务器计算的进度与本地不一致，已重新加载计划。";
    Dismiss => "Dismiss", "关闭";
    TaskGrid => "Tasks", "任务";
    OutlineNumber => "#", "序号";
    TaskName => "Task", "任务";
    Duration => "Duration", "工期";
    Predecessors => "Predecessors", "前置任务";
    Resources => "Resources", "资源";
    TaskDetails => "Task details", "任务详情";
    TotalFloat => "Total float", "总浮动时间";
    Constraint => "Constraint", "限制";
    StartNoEarlierThan => "Start no earlier than", "不得早于…开始";
    AsSoonAsPossible => "As soon as possible", "越早越好";
    Yes => "Yes", "是";
    No => "No", "否";
    Person => "Person", "人员";
    ChoosePerson => "Choose a person", "选择人员";
    Units => "Units (%)", "投入比例 (%)";
    Assign => "Assign", "分配";
    Remove => "Remove", "移除";
    Delete => "Delete", "删除";
    NoAssignments => "No one is assigned to any task yet.", "尚未给任何任务分配人员。";
    NavImport => "Import", "导入";
    ImportTitle => "Import data", "导入数据";
    ImportIntro => "Bring accounts, contacts, deals, users and teams over from a spreadsheet or another CRM. Nothing is written until you confirm.", "从电子表格或其他 CRM 导入客户、联系人、商机、用户和团队。确认之前不会写入任何数据。";
    ImportSteps => "Import steps", "导入步骤";
    StepUpload => "File", "文件";
    StepMapping => "Columns", "列映射";
    StepValues => "Values", "值映射";
    StepReview => "Check", "检查";
    StepDone => "Import", "导入";
    ImportKind => "What are you importing?", "导入什么数据？";
    KindUsers => "Users and teams", "用户和团队";
    ImportFile => "File (CSV or XLSX)", "文件（CSV 或 XLSX）";
    ImportFileHint => "CSV in UTF-8 or GBK (as Chinese Excel saves it), any delimiter; or an Excel workbook. Up to 20 MB.", "支持 UTF-8 或 GBK（中文 Excel 默认）编码、任意分隔符的 CSV，或 Excel 工作簿，最大 20 MB。";
    ReadingFile => "Reading the file…", "正在读取文件…";
    Detected => "How the file was read", "文件读取方式";
    EncodingLabel => "Encoding", "编码";
    EncUtf8 => "UTF-8", "UTF-8 编码";
    EncUtf8Bom => "UTF-8 with BOM", "带 BOM 的 UTF-8";
    EncUtf16 => "UTF-16 (Unicode text)", "UTF-16（Unicode 文本）";
    EncGb18030 => "GB18030 / GBK (Chinese Excel)", "GB18030 / GBK（中文 Excel）";
    EncWorkbook => "Workbook (no encoding to choose)", "工作簿（无需选择编码）";
    DelimiterLabel => "Delimiter", "分隔符";
    DelimComma => "Comma ,", "逗号 ,";
    DelimSemicolon => "Semicolon ;", "分号 ;";
    DelimTab => "Tab", "制表符";
    DelimPipe => "Pipe |", "竖线 |";
    HeaderRowLabel => "Header row (line number)", "表头所在行（行号）";
    SheetLabel => "Sheet", "工作表";
    RowsInFile => "{n} data rows", "共 {n} 行数据";
    PreviewTable => "First rows of the file", "文件前几行";
    WarnUndecodable => "Some bytes could not be decoded and show as �.", "部分字节无法解码，显示为 �。";
    WarnRagged => "Line {row} had {cells} cells instead of {expected}; it was padded or cut.", "第 {row} 行有 {cells} 个单元格，应为 {expected} 个，已补齐或截断。";
    WarnMore => "{n} more lines of the wrong width.", "另有 {n} 行宽度不符。";
    WarnTruncated => "Only the first {n} rows were read.", "仅读取了前 {n} 行。";
    NextStep => "Next", "下一步";
    BackStep => "Back", "上一步";
    MappingIntro => "Each column feeds one field. Suggestions from the header names are preselected; check them.", "每列对应一个字段。已根据表头名称预选建议，请核对。";
    ColumnInFile => "Column in file", "文件中的列";
    SampleValues => "Sample values", "示例值";
    CairnField => "Cairn field", "Cairn 字段";
    IgnoreColumn => "— Don't import —", "— 不导入 —";
    SuggestedMark => "suggested", "建议";
    TrimLabel => "Trim spaces", "去除空格";
    CaseLabel => "Case", "大小写";
    CaseKeep => "As is", "保持原样";
    CaseUpper => "UPPER CASE", "全部大写";
    CaseLower => "lower case", "全部小写";
    CaseTitle => "Title Case", "首字母大写";
    RequiredMissing => "Map a column to {field}: rows cannot be imported without it.", "请为“{field}”映射一列：没有它无法导入。";
    FieldTwice => "{field} is fed by two columns; keep one.", "“{field}”由两列提供，请只保留一列。";
    ValuesIntro => "Replace values the way another system wrote them: misspellings, stage names, people's names. Leave a box empty to keep the value.", "替换其他系统的写法：拼写错误、阶段名称、人员姓名。留空则保持原值。";
    ValueInFile => "Value in file", "文件中的值";
    RowsCount => "Rows", "行数";
    BecomesLabel => "Becomes", "替换为";
    KeepValue => "(keep as is)", "（保持原值）";
    MoreValues => "{n} more values are not listed.", "另有 {n} 个值未列出。";
    NoValuesToMap => "No mapped column needs its values replaced.", "已映射的列无需替换值。";
    DateFormatLabel => "Date format", "日期格式";
    DateAmbiguous => "The dates fit more than one format (3/1/2017 could be March or January). Which one does the file use?", "日期可按多种格式解读（3/1/2017 可能是 3 月或 1 月）。文件使用哪一种？";
    DfYmd => "Year-month-day (2017-03-01)", "年-月-日（2017-03-01）";
    DfMdy => "Month/day/year (3/1/2017, US)", "月/日/年（3/1/2017，美国）";
    DfDmy => "Day/month/year (1/3/2017)", "日/月/年（1/3/2017）";
    DfSerial => "Excel serial number (42795)", "Excel 序列号（42795）";
    ChooseDateFormat => "Choose the date format first.", "请先选择日期格式。";
    DefaultsLabel => "Defaults for empty cells", "空单元格的默认值";
    DefaultCurrency => "Currency when none is given", "未注明时的币种";
    DefaultRole => "Role of users without one", "未注明角色的用户角色";
    MultiplierLabel => "{field} is written in", "“{field}”的单位";
    TimesOne => "units", "个";
    TimesThousand => "thousands", "千";
    TimesMillion => "millions", "百万";
    ChooseStage => "Choose a stage", "选择阶段";
    ReviewIntro => "A dry run: every row is checked against the database; nothing is written yet.", "试运行：每一行都会与数据库核对，尚未写入任何数据。";
    Checking => "Checking every row…", "正在检查每一行…";
    CountCreate => "To create", "将新建";
    CountUpdate => "To update", "将更新";
    CountSkip => "To skip", "将跳过";
    CountError => "With errors", "有错误";
    AlsoCreated => "Also created:", "同时创建：";
    RowErrors => "Rows with errors", "有错误的行";
    ColRow => "Row", "行";
    ColColumn => "Column", "列";
    ColReason => "Reason", "原因";
    DownloadErrors => "Download error report (CSV)", "下载错误报告（CSV）";
    MoreErrors => "{n} more in the report.", "其余 {n} 条见错误报告。";
    SkipErrors => "Import the valid rows and leave out those with errors", "导入有效行，跳过有错误的行";
    DuplicatesTitle => "Possible duplicates", "疑似重复";
    DuplicatesIntro => "Rows of the file, and records already in Cairn, that look like the same one. Choose for each group.", "文件中的行及 Cairn 中已有的记录看起来是同一个。请为每组选择处理方式。";
    GroupRows => "Rows {rows}", "第 {rows} 行";
    GroupExisting => "Already in Cairn:", "Cairn 中已有：";
    ChoiceCreate => "Create all", "全部新建";
    ChoiceSkip => "Skip (keep one)", "跳过（只保留一条）";
    ChoiceUpdate => "Update {name}", "更新“{name}”";
    GroupChoiceLabel => "What to do with rows {rows}", "如何处理第 {rows} 行";
    Duplicates => "Duplicates", "重复记录";
    DuplicatesQueueIntro => "Records that look like the same organisation or person. Merge them, or mark them as not duplicates so they are not proposed again.", "看起来是同一组织或同一个人的记录。可将其合并，或标记为“不是重复”，之后不再提示。";
    GroupsFound => "{n} groups proposed", "共 {n} 组疑似重复";
    ReviewMerge => "Review and merge", "核对并合并";
    NotDuplicates => "Not duplicates", "不是重复";
    ReasonSameEmail => "same email", "邮箱相同";
    ReasonSamePhone => "same phone", "电话相同";
    ReasonSameAddress => "same address", "地址相同";
    ReasonSimilarName => "names {n}% alike", "名称相似度 {n}%";
    RelatedCounts => "{d} deals · {a} activities · {c} contacts", "商机 {d} · 活动 {a} · 联系人 {c}";
    MergeTitle => "Merge duplicates", "合并重复记录";
    MergeIntro => "Choose the record to keep and, for each field, the value that wins. Deals, contacts and activities of the others move to it, and the others go to the Trash. The merge can be undone while nobody has changed the records.", "请选择要保留的记录，并为每个字段选择保留的值。其他记录的商机、联系人和活动将转移到保留的记录，其他记录移至回收站。在记录未被修改之前，可以撤销合并。";
    KeepThis => "Keep this record", "保留此记录";
    FieldColumn => "Field", "字段";
    MergeNow => "Merge {n} records", "合并 {n} 条记录";
    MergedMoved => "Merged. Moved to the record kept: {moved}.", "已合并。已转移到保留的记录：{moved}。";
    MergedNothingMoved => "Merged.", "已合并。";
    UndoMerge => "Undo merge", "撤销合并";
    MergeUndone => "Merge undone: the records are back as they were.", "已撤销合并：记录已恢复原状。";
    MergeHistory => "Recent merges", "最近的合并";
    MergedInto => "merged into", "已合并到";
    UndoneByWhom => "undone by {who}", "已由 {who} 撤销";
    BackToDuplicates => "Back to the duplicates", "返回重复记录";
    NoDuplicates => "No duplicates found.", "未发现重复。";
    MarkedNotDuplicates => "Marked as not duplicates", "已标记为不是重复";
    UndoNotDuplicates => "Take back", "撤销标记";
    NotDuplicatesUndone => "Taken back: these records can be proposed as duplicates again.", "已撤销标记：这些记录可以再次被提示为重复。";
    CommitButton => "Import {n} records", "导入 {n} 条记录";
    CommitBlocked => "Fix the rows with errors, or choose to leave them out.", "请修正有错误的行，或选择跳过它们。";
    Importing => "Importing {n} rows in one transaction…", "正在以单个事务导入 {n} 行…";
    ImportDone => "Import finished", "导入完成";
    ImportDoneBody => "{c} created, {u} updated, {s} skipped.", "新建 {c} 条，更新 {u} 条，跳过 {s} 条。";
    ViewImported => "See them in the list", "在列表中查看";
    ImportAnother => "Import another file", "导入另一个文件";
    HistoryTitle => "Import history", "导入历史";
    HistoryEmpty => "No imports yet.", "尚无导入记录。";
    ColWhen => "When", "时间";
    ColFile => "File", "文件";
    ColResult => "Result", "结果";
    UndoImportOf => "Undo import of {file}", "撤销导入 {file}";
    UndoneMark => "Undone", "已撤销";
    UndoneOk => "Import undone: what it created is removed, what it updated is restored.", "已撤销导入：新建的记录已删除，更新的记录已恢复。";
    UndoRefused => "Cannot undo:", "无法撤销：";
    UndoEdited => "{entity} was changed after the import.", "导入后“{entity}”已被修改。";
    Employees => "Employees", "员工数";
    FirstName => "First name", "名";
    LastName => "Last name", "姓";
    ExternalId => "ID in the old system", "原系统 ID";
    OpenedOn => "Opened on", "创建日期";
    OccurredAt => "Happened at", "发生时间";
    MappingField => "Mapping", "映射";
    ImportRecord => "Import", "导入记录";
    NewTicket => "New ticket", "新建工单";
    TicketKind => "Type", "工单类型";
    TkComplaint => "Complaint", "投诉";
    TkServiceRequest => "Service request", "服务请求";
    TkQuestion => "Question", "咨询";
    PriorityLabel => "Priority", "优先级";
    PrLow => "Low", "低";
    PrNormal => "Normal", "普通";
    PrHigh => "High", "高";
    PrUrgent => "Urgent", "紧急";
    TsNew => "New", "新建";
    TsAssigned => "Assigned", "已分派";
    TsInProgress => "In progress", "处理中";
    TsWaiting => "Waiting on customer", "等待客户";
    TsResolved => "Resolved", "已解决";
    TsClosed => "Closed", "已关闭";
    Description => "Description", "描述";
    FirstResponse => "First response", "首次响应";
    Resolution => "Resolution", "解决时限";
    SlaOnTrack => "On track", "正常";
    SlaAtRisk => "At risk", "即将超时";
    SlaBreached => "Breached", "已超时";
    SlaMet => "Met", "已达标";
    SlaMissed => "Missed", "未达标";
    SlaPaused => "Paused", "已暂停";
    SlaLeft => "{t} left", "剩余 {t}";
    SlaLate => "{t} late", "超时 {t}";
    SpanHoursMinutes => "{h} h {m} min", "{h} 小时 {m} 分钟";
    SpanMinutes => "{m} min", "{m} 分钟";
    ServiceReports => "Service reports", "服务报表";
    ServiceReportsIntro => "Tickets opened and resolved, the backlog, service levels met, how fast and how satisfied — counted where each happened, in the service desk's working hours.", "新建与解决的工单、积压、服务级别达成率、响应与解决速度以及满意度——按各事件发生的时间统计，以服务台的工作时间计。";
    ServiceTabsLabel => "Service", "服务";
    RangeFrom => "From", "从";
    RangeTo => "To", "到";
    GroupBy => "Group by", "分组方式";
    ByMonth => "By month", "按月";
    ByWeek => "By week", "按周";
    SlaDecided => "{met} of {n} met", "{n} 个中达成 {met} 个";
    KpiOpened => "Opened", "新建";
    KpiInRange => "in the range", "所选期间内";
    KpiResolved => "Resolved", "已解决";
    KpiBacklog => "Backlog", "积压";
    KpiOpenAtEnd => "open at the end of the range", "期末仍未解决";
    KpiResponseSla => "First response SLA", "首次响应达成率";
    KpiResolutionSla => "Resolution SLA", "解决时限达成率";
    KpiMeanResponse => "Mean first response", "平均首次响应";
    KpiMeanResolve => "Mean time to resolve", "平均解决用时";
    RatingsCount => "{n} ratings", "{n} 个评分";
    ChartTicketsByPeriod => "Tickets by period", "各期间工单";
    Period => "Period", "期间";
    Rating => "Rating", "评分";
    TicketOpened => "Ticket opened", "新建工单";
    WorkingTime => "working time", "工作时间";
    DueAt => "Due", "截止";
    AssignToMe => "Assign to me", "分派给我";
    StartWork => "Start work", "开始处理";
    WaitOnCustomer => "Wait on customer", "等待客户";
    ResumeWork => "Resume", "继续处理";
    ResolveTicket => "Resolve", "解决";
    CloseTicket => "Close", "关闭";
    ReopenTicket => "Reopen", "重新打开";
    Comments => "Comments", "评论";
    AddComment => "Add comment", "添加评论";
    InternalNote => "Internal note", "内部备注";
    ReplyToCustomer => "Reply to customer", "回复客户";
    VisibleToCustomer => "Customer sees it", "客户可见";
    Satisfaction => "Satisfaction", "满意度";
    RatingComment => "Customer's comment", "客户评价";
    CloseWithRating => "Close with rating", "评分并关闭";
    MyTickets => "My tickets", "我的工单";
    OpenTickets => "Open tickets", "未结工单";
    AnyOpen => "Any open", "全部未结";
    NoTickets => "No tickets here.", "这里没有工单。";
    ServiceBoard => "Service board", "服务看板";
    ServiceBoardNote => "Open tickets, and those resolved or closed in the last 14 days. Drag a card to move the ticket along its life cycle, or focus it, press Space, choose the column with the arrow keys and press Space again.", "未结工单，以及最近 14 天内解决或关闭的工单。拖动卡片即可推进工单状态；也可以聚焦卡片，按空格键拿起，用方向键选择列，再按空格键放下。";
    TicketMoveRefused => "“{title}” was not moved: {error}", "“{title}”未能移动：{error}";
    LaneHelp => "Press Space to pick a card up, the left and right arrows to choose a column, Space to drop it, Escape to cancel.", "按空格键拿起卡片，用左右方向键选择列，再按空格键放下，按 Esc 取消。";
    LaneLifted => "Picked up “{title}” in {lane}.", "已拿起“{title}”（{lane}）。";
    LaneOver => "“{title}”: over {lane}.", "“{title}”：位于{lane}上方。";
    LaneDropped => "Dropped “{title}” in {lane}.", "已将“{title}”放到{lane}。";
    LaneCancelled => "“{title}” stays in {lane}.", "“{title}”留在{lane}。";
    CampaignMemberships => "Campaigns", "参与的营销活动";
    NoMemberships => "None of this account's contacts is in a campaign.", "此客户的联系人尚未参加任何营销活动。";
    OpenTicketsOfAccount => "Tickets", "工单";
    AllTicketsOfAccount => "Done recently", "近期已完成";
    Unassigned => "Unassigned", "未分派";
    TicketSaved => "Ticket saved.", "工单已保存。";
    ServiceLevels => "Service levels", "服务级别";
    ServiceLevelsIntro => "How long tickets may wait for a first reply and for a resolution, in working hours of the service calendar.", "工单等待首次回复和解决的时限，按服务日历的工作时间计算。";
    NavServiceLevels => "Service levels", "服务级别";
    FirstResponseHours => "First response (working hours)", "首次响应（工作小时）";
    ResolutionHours => "Resolution (working hours)", "解决（工作小时）";
    ServiceCalendar => "Service calendar", "服务日历";
    UtcOffset => "Offset from UTC", "与 UTC 的时差";
    ServiceLevelsSaved => "Service levels saved. Every ticket's clocks now follow them.", "服务级别已保存，所有工单的时限按新设置计算。";
    Campaigns => "Campaigns", "营销活动";
    Campaign => "Campaign", "营销活动";
    NewCampaign => "New campaign", "新建营销活动";
    NoCampaigns => "No campaigns yet.", "还没有营销活动。";
    StartOn => "Starts", "开始日期";
    EndOn => "Ends", "结束日期";
    Budget => "Budget", "预算";
    ActualCost => "Actual cost", "实际成本";
    BudgetSpent => "Budget spent", "预算使用率";
    Members => "Members", "成员";
    ResponseRate => "Response rate", "响应率";
    ConversionRate => "Conversion rate", "转化率";
    CostPerLead => "Cost per lead", "单条线索成本";
    InfluencedPipeline => "Influenced pipeline", "影响的在途商机";
    WonRevenue => "Won revenue", "赢单收入";
    Roi => "ROI", "投资回报率";
    CkEmail => "Email", "邮件";
    CkEvent => "Event", "线下活动";
    CkWebinar => "Webinar", "网络研讨会";
    CkAd => "Advertising", "广告";
    CkOther => "Other", "其他";
    CsPlanned => "Planned", "计划中";
    CsActive => "Active", "进行中";
    CsCompleted => "Completed", "已完成";
    CsCancelled => "Cancelled", "已取消";
    MsSent => "Sent", "已发送";
    MsResponded => "Responded", "已响应";
    MsConverted => "Converted", "已转化";
    NewLeadFromCampaign => "New lead from this campaign", "从此活动新建线索";
    ConfirmDeleteCampaign => "Delete this campaign and its member list? Its leads stay.", "确定删除此营销活动及其成员名单？其线索会保留。";
    LeadsFromCampaign => "Leads from this campaign", "来自此活动的线索";
    NoMembers => "No members yet.", "还没有成员。";
    NotVisibleToYou => "Not visible to you", "您无权查看";
    AddMembers => "Add members", "添加成员";
    SavedAudience => "Saved audience", "已保存的受众";
    AddNewMatches => "Add new matches", "添加新匹配的人";
    MembersAdded => "Added", "已添加";
    AlreadyMembers => "already members", "人已是成员";
    Add => "Add", "添加";
    AddAllMatches => "Add all matches and save the filter", "添加全部匹配的人并保存筛选";
    NoCampaign => "No campaign", "无营销活动";
    Automation => "Automation", "自动化";
    AutomationIntro => "Rules run inside the change that fires them: when something happens to a record and the conditions hold, the actions are done and audited under the rule's name.", "规则在触发它的变更中执行：记录发生某事且条件成立时，执行动作并以规则名称记入审计日志。";
    NewRule => "New rule", "新建规则";
    EditRule => "Edit rule", "编辑规则";
    NoRules => "No rules yet.", "还没有规则。";
    ConfirmDeleteRule => "Delete this rule? What it already did stays.", "确定删除此规则？它已执行的动作会保留。";
    RuleWhen => "When", "触发条件";
    RuleIf => "Only if", "仅当";
    RuleThen => "Then", "执行动作";
    RuleFired => "Fired", "已触发";
    RuleOn => "On", "启用";
    RuleRecord => "Record", "记录类型";
    RuleField => "Field", "字段";
    RuleOp => "Comparison", "比较方式";
    RuleValue => "Value", "值";
    RuleAction => "Action", "动作";
    RuleWho => "For whom", "对象";
    RuleMessage => "Message", "消息";
    RecordOwner => "The record's owner", "记录负责人";
    AddCondition => "Add condition", "添加条件";
    AddAction => "Add action", "添加动作";
    AnyCampaign => "Any campaign", "任意营销活动";
    DaysBefore => "days before", "天前";
    DueInDays => "Due in days", "到期天数";
    TrCreated => "A record is created", "记录被创建";
    TrUpdated => "A record is changed", "记录被修改";
    TrDealEntersStage => "A deal enters a stage", "商机进入阶段";
    TrLeadFromCampaign => "A lead comes from a campaign", "线索来自营销活动";
    TrTicketSla => "A ticket's clock", "工单时限";
    TrCloseDate => "A deal's expected close is near", "商机预计成交日临近";
    TrSlaAtRisk => "turns at risk", "进入风险";
    TrSlaBreached => "is breached", "已超时";
    AcCreateTask => "Create a task", "创建任务";
    AcRoundRobin => "Assign in turn within a team", "在团队内轮流分配";
    AcSetField => "Set a field", "设置字段";
    AcAddToCampaign => "Add to a campaign", "加入营销活动";
    AcNotify => "Notify someone", "发送通知";
    OpIs => "is", "等于";
    OpIsNot => "is not", "不等于";
    OpContains => "contains", "包含";
    OpAbove => "is above", "大于";
    OpBelow => "is below", "小于";
    OpIsEmpty => "is empty", "为空";
    OpIsSet => "is set", "不为空";
    Notifications => "Notifications", "通知";
    NoNotifications => "Nothing new.", "没有新通知。";
    MarkAllRead => "Mark all read", "全部标为已读";
    Ticket => "Ticket", "工单";
    Delivery => "Delivery", "交付";
    ForecastGoLive => "Forecast go-live", "预计上线";
    ForecastFinish => "Forecast finish", "预计完工";
    Health => "Health", "健康度";
    HealthOnTrack => "On track", "正常";
    HealthAtRisk => "At risk", "有风险";
    HealthOffTrack => "Off track", "偏离计划";
    CauseCriticalLate => "{n} critical task(s) late", "{n} 个关键任务延期";
    CauseTaskLate => "{n} task(s) late", "{n} 个任务延期";
    CauseSchedule => "Schedule performance (SPI) {v}", "进度绩效指数 (SPI) {v}";
    CauseCost => "Cost performance (CPI) {v}", "成本绩效指数 (CPI) {v}";
    NoDelivery => "No delivery project yet.", "尚无交付项目。";
    StartDelivery => "Start delivery project", "创建交付项目";
    DealWonTitle => "Deal won — start the delivery?", "商机已赢单——开始交付？";
    DealWonIntro => "“{title}” is won. Start its delivery project from a template: it links the deal and its account and starts on the close date.", "“{title}”已赢单。可从模板创建交付项目：项目关联此商机及其客户，默认于成交日期开始。";
    NotNow => "Not now", "暂不";
    Template => "Template", "模板";
    EmptyPlan => "Empty plan", "空白计划";
    BuiltIn => "Built-in", "内置";
    ProjectTemplates => "Project templates", "项目模板";
    TemplatesIntro => "Plans new projects start from: phases, tasks in working days, predecessors as in the Gantt grid (\"3FS+2d\"), and the go-live milestone the CRM follows.", "新项目的起始计划：阶段、以工作日计的任务、与甘特图表格相同写法的前置任务（\"3FS+2d\"），以及客户管理中跟踪的上线里程碑。";
    NewTemplate => "New template", "新建模板";
    EditTemplate => "Edit template", "编辑模板";
    NameZh => "Chinese name", "中文名称";
    WorkingDays => "Days", "工作日";
    GoLive => "Go-live", "上线";
    AddRow => "Add row", "添加行";
    RemoveRow => "Remove row", "删除行";
    Indent => "Indent", "降级";
    Outdent => "Outdent", "升级";
    DeleteTemplate => "Delete template", "删除模板";
    ConfirmDeleteTemplate => "Delete this template? Projects made from it keep their plans.", "删除此模板？由它创建的项目保留各自的计划。";
    TemplateRows => "{n} rows", "{n} 行";
    PaymentTerms => "Payment terms", "回款计划";
    NoPaymentTerms => "No payment terms yet.", "尚无回款计划。";
    PaymentTermsNeedProject => "Payment terms are tied to the delivery project's milestones: start the project first.", "回款与交付项目的里程碑挂钩：请先创建交付项目。";
    Milestone => "Milestone", "里程碑";
    ForecastDate => "Forecast date", "预计日期";
    OnSigning => "On signing", "签约时";
    AddPayment => "Add payment", "添加回款";
    ExpectedCash => "Expected cash by month", "按月预计回款";
    ExpectedCashIntro => "Won deals' payments at their milestones' forecast dates, with the open pipeline weighted at its close dates.", "已赢单商机按里程碑预计日期的回款，加上按预计成交日期加权的未结商机。";
    CashContracted => "Contracted payments", "合同回款";
    CashPipeline => "Weighted pipeline", "加权商机";
    Changes => "Changes", "变更";
    NewChangeRequest => "New change request", "新建变更请求";
    NoChangeRequests => "No change requests yet.", "尚无变更请求。";
    CrDraft => "Draft", "草稿";
    CrSubmitted => "Submitted", "已提交";
    CrApproved => "Approved", "已批准";
    CrRejected => "Rejected", "已驳回";
    CrImplemented => "Implemented", "已实施";
    ChangeTitle => "Change", "变更内容";
    ScopeImpact => "Impact on scope", "范围影响";
    ScheduleImpact => "Impact on schedule (working days)", "进度影响（工作日）";
    CostImpact => "Impact on cost", "成本影响";
    ScheduleChanges => "Schedule changes", "进度调整";
    AddScheduleChange => "Add a task's new length", "添加任务工期调整";
    DecisionNote => "Decision note", "审批意见";
    SubmitForApproval => "Submit for approval", "提交审批";
    Approve => "Approve", "批准";
    Reject => "Reject", "驳回";
    Withdraw => "Withdraw", "撤回";
    Implement => "Implement and save a baseline", "实施并保存基线";
    StatusReport => "Status report", "状态报告";
    StatusDate => "Status date", "状态日期";
    BackToProject => "Back to the project", "返回项目";
    Summary => "Summary", "概要";
    ReportSchedule => "Schedule: milestones planned and forecast", "进度：里程碑计划与预测";
    ComparedWithBaseline => "Planned dates from the baseline", "计划日期取自基线";
    NoBaselineYet => "No baseline saved yet: nothing to compare with.", "尚未保存基线，无可比较的计划日期。";
    Planned => "Planned", "计划";
    Forecast => "Forecast", "预测";
    VarianceDays => "Variance (days)", "偏差（天）";
    TopRisks => "Top risks", "主要风险";
    BudgetAndEvm => "Budget and earned value", "预算与挣值";
    EvmInTime => "Costs are not entered yet: earned value is weighed in working days (a task's budget is its duration).", "尚未录入成本：挣值按工作日计算（任务预算即其工期）。";
    OpenChanges => "Open changes", "未关闭的变更";
    Costs => "Costs", "成本";
    StatusDateToday => "Blank: today", "留空即今天";
    EvmTotals => "Project totals", "项目合计";
    SCurve => "S-curve", "S 曲线";
    CurveTable => "The curve's figures", "曲线数据";
    CurveEmpty => "The plan has no tasks yet.", "计划中还没有任务。";
    PlannedValue => "Planned value (PV)", "计划价值 (PV)";
    EarnedValue => "Earned value (EV)", "挣值 (EV)";
    ActualCostAc => "Actual cost (AC)", "实际成本 (AC)";
    EvmTable => "Earned value by task and phase", "按任务和阶段的挣值";
    CostTask => "Task", "任务";
    WorkHours => "Work (h)", "工时（小时）";
    RatePerHour => "Rate / h", "小时费率";
    FixedCost => "Fixed cost", "固定成本";
    SaveBudgets => "Save budgets", "保存预算";
    BudgetHint => "Budget = rate × work + fixed cost; work = duration × the units assigned (one person full time when nobody is). Phases add up their tasks.", "预算 = 小时费率 × 工时 + 固定成本；工时 = 工期 × 分配的投入比例（未分配时按一人全职计）。阶段为其任务之和。";
    CostEntries => "Actual costs", "实际成本";
    CostDay => "Date", "日期";
    CostNote => "Note", "说明";
    BookCost => "Book cost", "登记成本";
    BookedBy => "Booked by", "登记人";
    NoCostEntries => "No costs booked yet.", "尚未登记成本。";
    Quality => "Quality & closeout", "质量与收尾";
    Deliverables => "Deliverables", "交付物";
    NewDeliverable => "New deliverable", "新建交付物";
    NoDeliverables => "No deliverables yet: add what the customer will accept.", "尚无交付物：请添加客户将要验收的内容。";
    DeliverableOpen => "Not started", "未开始";
    DeliverableInProgress => "In progress", "进行中";
    DeliverableReady => "Ready for sign-off", "可签收";
    DeliverableSignedOff => "Signed off", "已签收";
    ProducedBy => "Produced by", "产出任务";
    OpenDefects => "open defects", "个未解决缺陷";
    AcceptanceCriteria => "Acceptance criteria", "验收标准";
    SignedOffBy => "Signed off by", "签收人";
    SignedOn => "Signed on", "签收日期";
    RecordedBy => "recorded by", "记录人";
    WithdrawSignOff => "Withdraw sign-off", "撤回签收";
    SignOff => "Sign off", "签收";
    DeliverableName => "Deliverable", "交付物";
    Defects => "Defects", "缺陷";
    DefectTitle => "Defect", "缺陷";
    Severity => "Severity", "严重程度";
    SeverityLow => "Low", "低";
    SeverityMedium => "Medium", "中";
    SeverityHigh => "High", "高";
    SeverityCritical => "Critical", "严重";
    Deliverable => "Deliverable", "交付物";
    ReportDefect => "Report defect", "登记缺陷";
    NoDefects => "No defects recorded.", "尚未登记缺陷。";
    DefectOpen => "Open", "未解决";
    DefectResolved => "Resolved", "已解决";
    FoundBy => "Found by", "发现人";
    Resolve => "Resolve", "解决";
    Closeout => "Closeout", "项目收尾";
    ArchivedReadOnly => "Archived — read only", "已归档（只读）";
    BeforeCloseout => "Before closing out:", "收尾前需处理：";
    UnsignedDeliverables => "deliverables not signed off", "个交付物未签收";
    PendingChanges => "change requests pending", "个变更请求待处理";
    LessonsLearned => "Lessons learned", "经验教训";
    WentWell => "What went well", "做得好的";
    ToImprove => "What to improve", "需改进的";
    Recommendations => "Recommendations for next time", "对今后项目的建议";
    SaveLessons => "Save lessons", "保存经验教训";
    ArchiveProject => "Close out and archive", "收尾并归档";
    Archived => "Archived", "已归档";
    SlipThreshold => "Go-live slip notice", "上线推迟提醒";
    SlipThresholdHelp => "Tell the deal's and the account's owners when a delivery project's forecast go-live moves later by more than this many days.", "交付项目的预计上线日期推迟超过此天数时，通知商机负责人和客户负责人。";
    SlipDays => "Days", "天数";
    FieldProject => "Project", "项目";
}

pub fn field_label(field: &str) -> T {
    match field {
        "username" => T::FieldUsername,
        "display_name" => T::FieldDisplayName,
        "email" => T::FieldEmail,
        "password" => T::FieldPassword,
        "current_password" => T::FieldCurrentPassword,
        "new_password" => T::FieldNewPassword,
        "role" => T::FieldRole,
        "team" => T::FieldTeam,
        "active" => T::FieldActive,
        "name" => T::Name,
        "industry" => T::Industry,
        "source" => T::Source,
        "ids" | "merged_ids" | "survivor_id" | "versions" | "choices" => T::FieldRecords,
        "merge" => T::FieldMerge,
        "website" => T::Website,
        "phone" => T::Phone,
        "address" => T::Address,
        "owner" => T::Owner,
        "tags" => T::Tags,
        "lifecycle" => T::Lifecycle,
        "annual_revenue" => T::AnnualRevenue,
        "notes" => T::Notes,
        "title" => T::JobTitle,
        "company" => T::Company,
        "subject" => T::Subject,
        "body" => T::Body,
        "due_on" => T::DueOn,
        "assignee" => T::Assignee,
        "account" => T::Account,
        "contact" => T::Contact,
        "lead" => T::Lead,
        "record" => T::Record,
        "status" => T::LeadStatusLabel,
        "reason" => T::Reason,
        "kind" => T::Kind,
        "grade" => T::Grade,
        "a_min_value" => T::GradeAFrom,
        "b_min_value" => T::GradeBFrom,
        "c_min_value" => T::GradeCFrom,
        "pipeline_weight_pct" => T::PipelineWeight,
        "potential_weight_pct" => T::PotentialWeight,
        "fresh_days" => T::FreshDays,
        "stale_days" => T::StaleDays,
        "amount" => T::AmountLabel,
        "currency" => T::CurrencyLabel,
        "probability" => T::ProbabilityLabel,
        "stage_id" => T::StageLabel,
        "pipeline" | "pipeline_id" => T::PipelineLabel,
        "account_id" => T::Account,
        "contact_ids" => T::Contacts,
        "expected_close" => T::ExpectedClose,
        "duration" => T::Duration,
        "predecessors" => T::Predecessors,
        "percent_complete" => T::PercentComplete,
        "assignments" | "units" => T::Resources,
        "lag" => T::LagDays,
        "start" => T::Start,
        "finish" => T::Finish,
        "constraint" => T::Constraint,
        "task" | "parent" => T::TaskName,
        "successor" | "predecessor" | "link" => T::LinkType,
        "manager_id" => T::Manager,
        "template_id" | "rows" => T::Template,
        "deal_id" => T::Deal,
        "payment_terms" => T::PaymentTerms,
        "schedule_days" => T::ScheduleImpact,
        "cost_impact" => T::CostImpact,
        "changes" => T::ScheduleChanges,
        "file" => T::ImportFile,
        "mapping" => T::MappingField,
        "date_format" => T::DateFormatLabel,
        "header_row" => T::HeaderRowLabel,
        "sheet" => T::SheetLabel,
        "import" => T::ImportRecord,
        "campaign_id" => T::Campaign,
        "start_on" => T::StartOn,
        "end_on" => T::EndOn,
        "budget" => T::Budget,
        "actual_cost" => T::ActualCost,
        "members" => T::Members,
        "audience" => T::SavedAudience,
        // Costs, quality and closeout.
        "project" => T::FieldProject,
        "task_id" => T::CostTask,
        "day" => T::CostDay,
        "note" => T::CostNote,
        "rate" => T::RatePerHour,
        "fixed_cost" => T::FixedCost,
        "budgets" => T::EvmTable,
        "status_date" => T::StatusDate,
        "criteria" => T::AcceptanceCriteria,
        "defects" => T::Defects,
        "deliverables" => T::Deliverables,
        "deliverable" | "deliverable_id" => T::Deliverable,
        "signed_by" => T::SignedOffBy,
        "signed_on" => T::SignedOn,
        "lessons" => T::LessonsLearned,
        "went_well" => T::WentWell,
        "to_improve" => T::ToImprove,
        "recommendations" => T::Recommendations,
        "threshold_days" => T::SlipDays,
        _ => T::FieldRequest,
    }
}

pub fn role_label(role: Role) -> T {
    match role {
        Role::Admin => T::RoleAdmin,
        Role::Manager => T::RoleManager,
        Role::Sales => T::RoleSales,
        Role::Service => T::RoleService,
        Role::Pmo => T::RolePmo,
        Role::Viewer => T::RoleViewer,
    }
}

/// An error as a sentence in the user's language.
pub fn error_text(err: &AppError, lang: Language) -> String {
    match err {
        AppError::Validation { field, reason } => {
            let sep = if lang == Language::ZhCn { "" } else { " " };
            format!(
                "{}{sep}{}",
                field_label(field).text(lang),
                reason_text(reason, lang)
            )
        }
        AppError::BadCredentials => T::ErrBadCredentials.text(lang).to_owned(),
        AppError::TooManyAttempts { retry_after_secs } => T::ErrTooManyAttempts
            .text(lang)
            .replace("{n}", &retry_after_secs.to_string()),
        AppError::Forbidden => T::ErrForbidden.text(lang).to_owned(),
        AppError::Unauthenticated => T::ErrUnauthenticated.text(lang).to_owned(),
        AppError::Conflict { .. } => T::ErrConflict.text(lang).to_owned(),
        AppError::NotFound { .. } => T::ErrNotFound.text(lang).to_owned(),
        AppError::Internal(_) => T::ErrInternal.text(lang).to_owned(),
    }
}

/// The current UI language, provided once by the shell.
#[derive(Clone, Copy)]
pub struct I18n(pub Signal<Language>);

impl I18n {
    pub fn lang(&self) -> Language {
        self.0.get()
    }
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.0.get())
    }
}

/// The language context; English outside the frame (e.g. the not-found
/// fallback, which renders outside the layout route).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n(Signal::stored(Language::En)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_chinese_string_is_chinese() {
        // A symbol reads the same in both languages.
        let same_in_both = [T::AppName, T::PercentShort];
        for &key in T::ALL {
            let zh = key.text(Language::ZhCn);
            assert!(!zh.is_empty(), "{key:?}");
            if !same_in_both.contains(&key) {
                assert!(has_cjk(zh), "{key:?} has no Chinese text: {zh}");
            }
        }
    }

    #[test]
    fn merge_reasons_have_a_translation() {
        use cairn::domain::customer::merge::*;
        let base = MergeInput {
            kind: MergeKind::Account,
            survivor_id: 1,
            merged_ids: Vec::new(),
            choices: Default::default(),
            versions: [(1, 1)].into_iter().collect(),
        };
        let errors = [
            base.validate(),
            MergeInput {
                merged_ids: vec![1],
                ..base.clone()
            }
            .validate(),
            validate_dismissal(&[1]),
        ];
        for e in errors {
            let Err(AppError::Validation { reason, .. }) = e else {
                panic!("{e:?} should be a validation error");
            };
            assert_ne!(reason_text(&reason, Language::ZhCn), reason, "{reason}");
        }
    }

    #[test]
    fn every_domain_reason_has_a_translation() {
        use cairn::domain::user::*;
        let reasons = [
            validate_username("ab"),
            validate_username("9ab"),
            validate_username("a b"),
            validate_display_name(""),
            validate_display_name(&"x".repeat(81)),
            validate_email(""),
            validate_email("a@b@c"),
            validate_email("a@b"),
            validate_email(&format!("{}@x.com", "a".repeat(260))),
            validate_password("short"),
            validate_password(&"x".repeat(200)),
            validate_password("password1234"),
        ];
        use cairn::domain::customer::*;
        let base = AccountInput {
            name: "Acme".into(),
            ..Default::default()
        };
        let customer_reasons = [
            AccountInput {
                name: "x".repeat(201),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                name: "a\u{1}b".into(),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                phone: "abc".into(),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                phone: "123".into(),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                website: "nope".into(),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                tags: vec!["x".repeat(41)],
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                tags: (0..21).map(|i| i.to_string()).collect(),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                annual_revenue: Some(-1),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            AccountInput {
                notes: "x".repeat(10_001),
                ..base.clone()
            }
            .validated()
            .map(|_| ()),
            LeadInput {
                name: "Li".into(),
                ..Default::default()
            }
            .validated()
            .map(|_| ()),
            GradeRules {
                b_min_value: 1,
                c_min_value: 2,
                ..Default::default()
            }
            .validate(),
            GradeRules {
                pipeline_weight_pct: 101,
                ..Default::default()
            }
            .validate(),
            GradeRules {
                fresh_days: 0,
                ..Default::default()
            }
            .validate(),
            GradeRules {
                stale_days: 1,
                ..Default::default()
            }
            .validate(),
        ];
        let reasons: Vec<_> = reasons.into_iter().chain(customer_reasons).collect();
        for r in reasons {
            let Err(AppError::Validation { reason, .. }) = r else {
                panic!("expected a validation error")
            };
            assert!(
                has_cjk(&reason_text(&reason, Language::ZhCn)),
                "untranslated: {reason}"
            );
        }
    }

    #[test]
    fn governance_refusals_name_their_field() {
        for field in [
            "project",
            "task_id",
            "day",
            "amount",
            "rate",
            "fixed_cost",
            "currency",
            "status_date",
            "criteria",
            "defects",
            "deliverables",
            "deliverable_id",
            "signed_by",
            "signed_on",
            "lessons",
            "threshold_days",
        ] {
            assert_ne!(field_label(field), T::FieldRequest, "{field}");
        }
        let e = AppError::invalid("criteria", "2 acceptance criteria are not met");
        assert_eq!(
            error_text(&e, Language::En),
            "Acceptance criteria 2 acceptance criteria are not met"
        );
        assert_eq!(
            error_text(&e, Language::ZhCn),
            "验收标准有 2 条验收标准未满足"
        );
        let e = AppError::invalid("project", "is archived: read only");
        assert_eq!(error_text(&e, Language::ZhCn), "项目已归档，只读");
    }

    #[test]
    fn errors_read_as_sentences() {
        let e = AppError::TooManyAttempts {
            retry_after_secs: 30,
        };
        assert_eq!(
            error_text(&e, Language::En),
            "Too many failed attempts. Try again in 30 seconds."
        );
        let v = AppError::invalid("email", "is required");
        assert_eq!(error_text(&v, Language::ZhCn), "邮箱为必填项");
    }
}
