//! What data an account may see. Store functions that touch unit data take a
//! `&Scope`; the web layer makes one only from the logged-in account.

use crate::{Role, UnitId};

/// The part of the data an account may see: a capability. Only authentication makes
/// one from an account ([`Scope::for_account`], in the web crate's session extractor)
/// and only the CLI and the server's own jobs act as the system ([`Scope::system`]);
/// a test over the source tree keeps it so. Store functions match on [`Scope::reach`]
/// in their queries, so a row outside the scope is simply not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope(Reach);

/// How far a scope reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Office roles and the system: every unit.
    All,
    /// Unit-bound roles: only this unit.
    Unit(UnitId),
    /// A unit-bound role whose account has no unit: nothing.
    Nothing,
}

impl Scope {
    /// The scope of an authenticated account with `role` bound to `unit`.
    pub fn for_account(role: Role, unit: Option<UnitId>) -> Scope {
        Scope(if role.is_office() {
            Reach::All
        } else {
            unit.map_or(Reach::Nothing, Reach::Unit)
        })
    }

    /// The system actor's scope (every unit): the CLI's commands and the server's
    /// background jobs, never a request.
    pub fn system() -> Scope {
        Scope(Reach::All)
    }

    /// How far the scope reaches, for a query to apply.
    pub fn reach(&self) -> Reach {
        self.0
    }

    /// True for the office's (and the system's) scope, which covers every unit.
    pub fn sees_all(&self) -> bool {
        self.0 == Reach::All
    }

    /// True when the scope covers `unit`.
    pub fn covers(&self, unit: UnitId) -> bool {
        match self.0 {
            Reach::All => true,
            Reach::Unit(u) => u == unit,
            Reach::Nothing => false,
        }
    }

    /// The one unit of a unit scope (`None` for the office, which sees all).
    /// `unit` as one the scope reaches, or `None` (the caller answers 404).
    pub fn unit(&self, unit: UnitId) -> Option<ScopedUnit> {
        self.covers(unit).then_some(ScopedUnit(unit))
    }

    /// The scope of one unit a scope reaches (narrower, never wider).
    pub fn unit_only(unit: ScopedUnit) -> Scope {
        Scope(Reach::Unit(unit.0))
    }

    pub fn only_unit(&self) -> Option<UnitId> {
        match self.0 {
            Reach::Unit(u) => Some(u),
            Reach::All | Reach::Nothing => None,
        }
    }
}

/// A unit a scope reaches, made only by [`Scope::unit`]: the store's functions that
/// read or change one unit's own data (its report, its assignments) take this rather
/// than a bare id, so a handler cannot name a unit its account does not reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopedUnit(UnitId);

impl ScopedUnit {
    pub fn id(self) -> UnitId {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_focal_point_sees_only_its_own_unit() {
        let s = Scope::for_account(Role::UnitFocalPoint, Some(UnitId(7)));
        assert!(s.covers(UnitId(7)));
        assert!(!s.covers(UnitId(8)));
        assert!(Scope::for_account(Role::OfficeStaff, None).covers(UnitId(8)));
        assert!(!Scope::for_account(Role::UnitFocalPoint, None).covers(UnitId(7)));
        assert_eq!(s.unit(UnitId(7)).map(ScopedUnit::id), Some(UnitId(7)));
        assert_eq!(s.unit(UnitId(8)), None);
    }
}
