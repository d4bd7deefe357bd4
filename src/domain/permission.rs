//! The one permission function: may this actor do this action to this
//! resource? The store calls [`authorize`] at the start of every operation,
//! so no server function or endpoint can forget the check. The UI may call
//! it too, only to hide what would be refused anyway.

use serde::{Deserialize, Serialize};

use super::{AppError, Role};

/// Who is acting: the signed-in user as the server resolved them from the
/// session (never from anything the browser claims).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub team_id: Option<i64>,
}

/// The areas of the product, as in the top navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Module {
    Customers,
    Sales,
    Marketing,
    Service,
    Projects,
    Reports,
    Admin,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Customers,
        Module::Sales,
        Module::Marketing,
        Module::Service,
        Module::Projects,
        Module::Reports,
        Module::Admin,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

/// What an action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resource {
    /// User administration: the list of users, creating users, roles,
    /// disabling.
    Users,
    /// One user's own profile: name, email, language, password.
    Profile { user_id: i64 },
    /// A module as a whole: list its records, create one.
    Module(Module),
    /// One record of a module, owned by a user and a team.
    Record {
        module: Module,
        owner_id: Option<i64>,
        team_id: Option<i64>,
    },
}

/// How far a role may go in a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    None,
    Read,
    /// Read all; create; change records the actor owns.
    WriteOwn,
    /// Read all; create; change records of the actor's team too.
    WriteTeam,
    /// Read and change everything in the module.
    WriteAll,
}

/// The role × module matrix. One table, so a review can read it at a glance.
pub fn access(role: Role, module: Module) -> Access {
    use Access::*;
    use Module as M;
    match (role, module) {
        (Role::Admin, _) => WriteAll,
        (_, M::Admin) => None,
        (Role::Viewer, _) => Read,
        (_, M::Reports) => Read,
        (Role::Manager, M::Customers | M::Sales | M::Marketing) => WriteTeam,
        (Role::Manager, M::Service | M::Projects) => Read,
        (Role::Sales, M::Customers) => WriteTeam,
        (Role::Sales, M::Sales) => WriteOwn,
        (Role::Sales, M::Marketing | M::Service | M::Projects) => Read,
        (Role::Service, M::Service) => WriteTeam,
        (Role::Service, M::Customers | M::Projects) => Read,
        (Role::Service, M::Sales | M::Marketing) => None,
        (Role::Pmo, M::Projects) => WriteAll,
        (Role::Pmo, M::Customers | M::Sales | M::Service) => Read,
        (Role::Pmo, M::Marketing) => None,
    }
}

/// Which records of a module an actor may see in lists and search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Nothing at all.
    None,
    /// Records the actor owns or that belong to the actor's team.
    OwnAndTeam { user_id: i64, team_id: Option<i64> },
    /// Every record.
    All,
}

/// Sales people and managers work their own and their team's customers
/// and deals, and see only those; everyone else with read access sees all
/// (viewers, service, PMO read; admins everything).
pub fn read_scope(actor: &Actor, module: Module) -> Scope {
    if access(actor.role, module) == Access::None {
        return Scope::None;
    }
    match (actor.role, module) {
        (Role::Sales | Role::Manager, Module::Customers | Module::Sales) => Scope::OwnAndTeam {
            user_id: actor.user_id,
            team_id: actor.team_id,
        },
        _ => Scope::All,
    }
}

impl Scope {
    /// Whether a record with this owner and team is in the scope.
    pub fn covers(&self, owner_id: Option<i64>, team_id: Option<i64>) -> bool {
        match *self {
            Scope::None => false,
            Scope::All => true,
            Scope::OwnAndTeam {
                user_id,
                team_id: mine,
            } => owner_id == Some(user_id) || (mine.is_some() && team_id == mine),
        }
    }
}

/// Decides `(actor, action, resource)`. `Err(Forbidden)` when refused.
pub fn authorize(actor: &Actor, action: Action, resource: Resource) -> Result<(), AppError> {
    if allowed(actor, action, resource) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Refuses, before any input is read or any record looked up, a role
/// that may change nothing in `module` (read or no access): each write it
/// tried would be refused record by record later anyway. Deciding first
/// means such a caller gets 403 whatever it sends, and learns nothing from
/// validation messages about fields it may not set (the authorization
/// matrix test found viewers answered 422 by a dozen writes).
pub fn authorize_writer(actor: &Actor, module: Module) -> Result<(), AppError> {
    authorize(actor, Action::Create, Resource::Module(module))
}

/// The boolean form of [`authorize`], for UI hints.
pub fn allowed(actor: &Actor, action: Action, resource: Resource) -> bool {
    if actor.role == Role::Admin {
        return true;
    }
    match resource {
        Resource::Users => false,
        Resource::Profile { user_id } => {
            user_id == actor.user_id && matches!(action, Action::Read | Action::Update)
        }
        Resource::Module(module) => {
            let level = access(actor.role, module);
            match action {
                Action::Read => level >= Access::Read,
                Action::Create => level >= Access::WriteOwn,
                Action::Update | Action::Delete => level >= Access::WriteAll,
            }
        }
        Resource::Record {
            module,
            owner_id,
            team_id,
        } => {
            let level = access(actor.role, module);
            let own = owner_id == Some(actor.user_id);
            let same_team = team_id.is_some() && team_id == actor.team_id;
            match action {
                Action::Read => read_scope(actor, module).covers(owner_id, team_id),
                Action::Create | Action::Update | Action::Delete => match level {
                    Access::None | Access::Read => false,
                    Access::WriteOwn => own,
                    Access::WriteTeam => own || same_team,
                    Access::WriteAll => true,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: 10,
            role,
            team_id: Some(1),
        }
    }

    const ACTIONS: [Action; 4] = [Action::Read, Action::Create, Action::Update, Action::Delete];

    #[test]
    fn only_admin_administers_users() {
        for role in Role::ALL {
            for action in ACTIONS {
                assert_eq!(
                    allowed(&actor(role), action, Resource::Users),
                    role == Role::Admin,
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn everyone_reads_and_updates_only_their_own_profile() {
        for role in Role::ALL {
            let a = actor(role);
            assert!(allowed(
                &a,
                Action::Update,
                Resource::Profile { user_id: 10 }
            ));
            assert!(allowed(&a, Action::Read, Resource::Profile { user_id: 10 }));
            assert!(
                !allowed(&a, Action::Delete, Resource::Profile { user_id: 10 })
                    || role == Role::Admin
            );
            assert_eq!(
                allowed(&a, Action::Update, Resource::Profile { user_id: 11 }),
                role == Role::Admin
            );
        }
    }

    #[test]
    fn viewer_reads_but_never_writes() {
        let v = actor(Role::Viewer);
        for module in Module::ALL {
            let rec = Resource::Record {
                module,
                owner_id: Some(10),
                team_id: Some(1),
            };
            assert_eq!(allowed(&v, Action::Read, rec), module != Module::Admin);
            for action in [Action::Create, Action::Update, Action::Delete] {
                assert!(!allowed(&v, action, rec), "{module:?} {action:?}");
                assert!(!allowed(&v, action, Resource::Module(module)));
            }
        }
    }

    #[test]
    fn sales_changes_own_deals_only_and_manager_changes_the_team() {
        let own = Resource::Record {
            module: Module::Sales,
            owner_id: Some(10),
            team_id: Some(2),
        };
        let teammates = Resource::Record {
            module: Module::Sales,
            owner_id: Some(11),
            team_id: Some(1),
        };
        let other_team = Resource::Record {
            module: Module::Sales,
            owner_id: Some(12),
            team_id: Some(2),
        };
        let sales = actor(Role::Sales);
        assert!(allowed(&sales, Action::Update, own));
        assert!(!allowed(&sales, Action::Update, teammates));
        assert!(allowed(&sales, Action::Read, teammates));
        assert!(!allowed(&sales, Action::Read, other_team));
        let manager = actor(Role::Manager);
        assert!(allowed(&manager, Action::Update, teammates));
        assert!(!allowed(&manager, Action::Update, other_team));
        assert!(allowed(&actor(Role::Admin), Action::Delete, other_team));
    }

    #[test]
    fn a_record_without_team_is_not_everyones_team() {
        let manager = Actor {
            user_id: 10,
            role: Role::Manager,
            team_id: None,
        };
        let orphan = Resource::Record {
            module: Module::Customers,
            owner_id: Some(99),
            team_id: None,
        };
        assert!(!allowed(&manager, Action::Update, orphan));
    }

    #[test]
    fn only_admin_sees_the_admin_module() {
        for role in Role::ALL {
            assert_eq!(
                allowed(&actor(role), Action::Read, Resource::Module(Module::Admin)),
                role == Role::Admin
            );
        }
    }

    /// The customers rule of issue 3, one row per role: (sees own, sees
    /// team's, sees others', edits own, edits team's, edits others').
    #[test]
    fn customers_visibility_and_editing_per_role() {
        let rec = |owner: i64, team: i64| Resource::Record {
            module: Module::Customers,
            owner_id: Some(owner),
            team_id: Some(team),
        };
        let (own, team, other) = (rec(10, 2), rec(11, 1), rec(12, 2));
        let table = [
            (Role::Admin, [true, true, true, true, true, true]),
            (Role::Manager, [true, true, false, true, true, false]),
            (Role::Sales, [true, true, false, true, true, false]),
            (Role::Service, [true, true, true, false, false, false]),
            (Role::Pmo, [true, true, true, false, false, false]),
            (Role::Viewer, [true, true, true, false, false, false]),
        ];
        for (role, expect) in table {
            let a = actor(role);
            let got = [
                allowed(&a, Action::Read, own),
                allowed(&a, Action::Read, team),
                allowed(&a, Action::Read, other),
                allowed(&a, Action::Update, own),
                allowed(&a, Action::Update, team),
                allowed(&a, Action::Update, other),
            ];
            assert_eq!(got, expect, "{role:?}");
        }
    }

    #[test]
    fn authorize_refuses_with_forbidden() {
        assert_eq!(
            authorize(&actor(Role::Viewer), Action::Create, Resource::Users),
            Err(AppError::Forbidden)
        );
    }

    /// The early refusal never refuses a write the record-level rules
    /// would allow, and refuses every role whose record writes would all
    /// be refused: it only moves the 403 ahead of the input.
    #[test]
    fn a_refused_writer_could_change_no_record_of_the_module() {
        let owners = [None, Some(10), Some(11)];
        let teams = [None, Some(1), Some(2)];
        for role in Role::ALL {
            let a = actor(role);
            for module in Module::ALL {
                let some_write = owners.iter().any(|&owner_id| {
                    teams.iter().any(|&team_id| {
                        [Action::Create, Action::Update, Action::Delete]
                            .into_iter()
                            .any(|action| {
                                allowed(
                                    &a,
                                    action,
                                    Resource::Record {
                                        module,
                                        owner_id,
                                        team_id,
                                    },
                                )
                            })
                    })
                });
                assert_eq!(
                    authorize_writer(&a, module).is_ok(),
                    some_write,
                    "{role:?} in {module:?}"
                );
            }
        }
    }
}
