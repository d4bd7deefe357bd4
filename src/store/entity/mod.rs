//! sea-orm entities: plain table shapes, no behaviour (that is in the
//! service modules beside this one). `record_tags` and `search_terms` are
//! indexes the store maintains with plain sea-query statements.

pub mod account;
pub mod activity;
pub mod audit_log;
pub mod automation_mark;
pub mod automation_rule;
pub mod baseline;
pub mod baseline_task;
pub mod campaign;
pub mod campaign_member;
pub mod contact;
pub mod cost_entry;
pub mod deal;
pub mod deal_contact;
pub mod deal_payment_terms;
pub mod duplicate_dismissal;
pub mod earned_value_day;
pub mod import;
pub mod import_record;
pub mod lead;
pub mod merge;
pub mod notification;
pub mod pipeline;
pub mod project;
pub mod project_calendar;
pub mod project_change_request;
pub mod project_defect;
pub mod project_deliverable;
pub mod project_link;
pub mod project_person_calendar;
pub mod project_risk;
pub mod project_task;
pub mod project_template;
pub mod session;
pub mod setting;
pub mod stage;
pub mod stage_visit;
pub mod task_assignment;
pub mod task_budget;
pub mod team;
pub mod ticket;
pub mod ticket_comment;
pub mod user;
