//! Roles and what each may do.
stored_enum! {
    /// The role of an account. Every account has exactly one.
    pub enum Role (refused "err-role") {
        /// Manages accounts and everything else.
        Admin = "admin", label "role-admin";
        /// Office clerk or specialist: sets up campaigns and units.
        OfficeStaff = "office_staff", label "role-office_staff";
        /// Office leader: the same rights as staff, and signs.
        OfficeLeader = "office_leader", label "role-office_leader";
        /// A unit's focal point (đầu mối): sees and reports for its own unit only.
        UnitFocalPoint = "unit_focal_point", label "role-unit_focal_point";
        /// Member of a community digital technology team: logs activities for its ward.
        CommunityTeamMember = "community_team_member", label "role-community_team_member";
    }
}

impl Role {
    /// Office roles see every unit's data.
    pub fn is_office(self) -> bool {
        matches!(self, Role::Admin | Role::OfficeStaff | Role::OfficeLeader)
    }

    /// Roles whose data is bound to one unit, which therefore must be set.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::UnitFocalPoint | Role::CommunityTeamMember)
    }

    /// Who may create, edit and archive accounts.
    pub fn can_manage_users(self) -> bool {
        self == Role::Admin
    }

    /// Who approves the units' reports (the office's leaders; the admin too).
    pub fn can_approve_reports(self) -> bool {
        matches!(self, Role::Admin | Role::OfficeLeader)
    }

    /// Who acts for a unit (reports its progress, confirms receipt, declares, frames
    /// in bulk): its focal point and the office. A community team member's rights come
    /// with the community teams capability, not with the unit's.
    pub fn can_act_for_unit(self) -> bool {
        self.is_office() || self == Role::UnitFocalPoint
    }

    /// Who may frame a unit's staff photos in bulk (those who act for a unit).
    pub fn can_frame_in_bulk(self) -> bool {
        self.can_act_for_unit()
    }

    /// Who signs: issues an award decision (the office's leaders; the admin too).
    pub fn can_sign(self) -> bool {
        matches!(self, Role::Admin | Role::OfficeLeader)
    }

    /// Who may create, edit and archive units and campaigns.
    pub fn can_manage_setup(self) -> bool {
        self.is_office()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_back_from_its_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Role::parse("root"), Err("err-role"));
    }

    #[test]
    fn only_unit_bound_roles_need_a_unit() {
        assert!(Role::UnitFocalPoint.needs_unit());
        assert!(!Role::Admin.needs_unit());
        assert!(!Role::UnitFocalPoint.can_manage_setup());
        assert!(Role::OfficeLeader.can_manage_setup());
        assert!(!Role::OfficeStaff.can_manage_users());
        assert!(Role::UnitFocalPoint.can_act_for_unit());
        assert!(Role::OfficeLeader.can_act_for_unit());
        assert!(!Role::CommunityTeamMember.can_act_for_unit());
    }
}
