//! Marketing (issue 8): campaigns, their members (contacts and leads) and
//! the figures that say whether a campaign paid for itself.

pub mod campaign;
pub mod metrics;

pub use campaign::{
    AccountMembership, AddedMembers, Audience, AudienceKind, CampaignDetail, CampaignInput,
    CampaignKind, CampaignRow, CampaignStatus, CampaignView, MemberRef, MemberStatus, MemberView,
};
pub use metrics::{CampaignFacts, CampaignMetrics, InfluencedDeal, Rate, metrics};
