//! What data an account may see. Store functions that touch unit data take a
//! `&Scope`; the web layer makes one only from the logged-in account.

use crate::{Role, UnitId};

/// The part of the data an account may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Office roles: every unit.
    All,
    /// Unit-bound roles: only this unit.
    Unit(UnitId),
    /// A unit-bound role whose account has no unit: nothing.
    Nothing,
}

impl Scope {
    /// The scope of an account with `role` bound to `unit`.
    pub fn for_account(role: Role, unit: Option<UnitId>) -> Scope {
        if role.is_office() {
            Scope::All
        } else {
            unit.map_or(Scope::Nothing, Scope::Unit)
        }
    }

    /// True when the scope covers `unit`.
    pub fn covers(&self, unit: UnitId) -> bool {
        match self {
            Scope::All => true,
            Scope::Unit(u) => *u == unit,
            Scope::Nothing => false,
        }
    }

    /// The one unit of a unit scope (`None` for the office, which sees all).
    pub fn only_unit(&self) -> Option<UnitId> {
        match self {
            Scope::Unit(u) => Some(*u),
            Scope::All | Scope::Nothing => None,
        }
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
    }
}
