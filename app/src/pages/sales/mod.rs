//! Sales pages. Every rule and all the arithmetic are in
//! `cairn::domain::sales`; every check is on the server.

pub mod forecast;
pub mod pipelines;
