//! The UI's strings in English and Simplified Chinese.
//!
//! A typed catalogue rather than runtime message files: the `catalogue!`
//! macro demands both texts for every key, so a string without its
//! translation does not compile, and a key that no longer exists is a
//! compile error at its use. Lookups are a `match` — nothing to load, the
//! same on the server and in wasm. ARCHITECTURE.md says why this over a crate.

use cairn::domain::{AppError, Language, Role};
use leptos::prelude::*;

macro_rules! catalogue {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, lang: Language) -> &'static str {
                match (self, lang) {
                    $(
                        (T::$key, Language::En) => $en,
                        (T::$key, Language::ZhCn) => $zh,
                    )*
                }
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
}

/// Reasons the domain's validators give, in Chinese. Keyed by the English
/// reason (the domain speaks English to logs and the API).
const REASONS_ZH: &[(&str, &str)] = &[
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
];

pub fn reason_text(reason: &str, lang: Language) -> String {
    match lang {
        Language::En => reason.to_owned(),
        Language::ZhCn => REASONS_ZH
            .iter()
            .find(|(en, _)| *en == reason)
            .map(|(_, zh)| (*zh).to_owned())
            .unwrap_or_else(|| reason.to_owned()),
    }
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
        let same_in_both = [T::AppName];
        for &key in T::ALL {
            let zh = key.text(Language::ZhCn);
            assert!(!zh.is_empty(), "{key:?}");
            if !same_in_both.contains(&key) {
                assert!(has_cjk(zh), "{key:?} has no Chinese text: {zh}");
            }
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
