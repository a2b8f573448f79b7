//! A [`Scope`] as a condition of a statement: every read or write of a unit's data
//! names its scope, and the query itself leaves out what lies outside it (a row of
//! another unit is simply not found). The unit's id is an integer the database gave,
//! so it is written into the statement rather than bound (no placeholder to number).

use dxday_domain::Scope;
use dxday_domain::scope::Reach;

/// `column` (a unit id) within the scope: `1 = 1` for all units, `1 = 0` for none.
pub(crate) fn unit_is(scope: &Scope, column: &str) -> String {
    match scope.reach() {
        Reach::All => "1 = 1".into(),
        Reach::Nothing => "1 = 0".into(),
        Reach::Unit(u) => format!("{column} = {}", u.0),
    }
}

#[cfg(test)]
mod tests {
    use dxday_domain::{Role, UnitId};

    use super::*;

    #[test]
    fn a_scope_is_a_condition_on_the_unit_column() {
        assert_eq!(unit_is(&Scope::system(), "s.unit_id"), "1 = 1");
        let ward = Scope::for_account(Role::UnitFocalPoint, Some(UnitId(7)));
        assert_eq!(unit_is(&ward, "s.unit_id"), "s.unit_id = 7");
        let none = Scope::for_account(Role::UnitFocalPoint, None);
        assert_eq!(unit_is(&none, "s.unit_id"), "1 = 0");
    }
}
