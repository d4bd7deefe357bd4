//! Schema migrations, the same on SQLite and PostgreSQL. Append only: a
//! released migration is never edited.

use sea_orm_migration::prelude::*;

mod m20261122_000001_identity;
mod m20261123_000002_customers;
mod m20261123_000003_list_indexes;
mod m20261123_000004_sales;
mod m20261201_000005_projects;
mod m20261210_000006_imports;
mod m20261215_000007_merges;
mod m20261220_000008_project_calendars;
mod m20261228_000009_service;
mod m20270105_000010_campaigns;
mod m20270110_000011_automation;
mod m20270115_000012_person_calendars;
mod m20270120_000013_ticket_pause;
mod m20270125_000014_risks;
mod m20270201_000015_templates;
mod m20270205_000016_payment_terms;
mod m20270210_000017_change_requests;
mod m20270215_000018_costs;
mod m20270220_000019_quality;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_identity::Migration),
            Box::new(m20261123_000002_customers::Migration),
            Box::new(m20261123_000003_list_indexes::Migration),
            Box::new(m20261123_000004_sales::Migration),
            Box::new(m20261201_000005_projects::Migration),
            Box::new(m20261210_000006_imports::Migration),
            Box::new(m20261215_000007_merges::Migration),
            Box::new(m20261220_000008_project_calendars::Migration),
            Box::new(m20261228_000009_service::Migration),
            Box::new(m20270105_000010_campaigns::Migration),
            Box::new(m20270110_000011_automation::Migration),
            Box::new(m20270115_000012_person_calendars::Migration),
            Box::new(m20270120_000013_ticket_pause::Migration),
            Box::new(m20270125_000014_risks::Migration),
            Box::new(m20270201_000015_templates::Migration),
            Box::new(m20270205_000016_payment_terms::Migration),
            Box::new(m20270210_000017_change_requests::Migration),
            Box::new(m20270215_000018_costs::Migration),
            Box::new(m20270220_000019_quality::Migration),
        ]
    }
}
