# dxday — English.

site-name = Digital Transformation Day
footer-text = Information site of the National and City Digital Transformation Day, for civil servants and citizens.
common-skip = Skip to main content
common-form-errors = The form has errors. Please check the marked fields.
common-back-home = Back to the home page
common-archived = Archived

nav-label = Main navigation
nav-admin = Administration
nav-login = Log in
nav-logout = Log out
nav-other-lang = Tiếng Việt

action-save = Save
action-archive = Archive
action-restore = Restore

home-kicker = 10 October every year
home-status = Status
home-theme = Theme
home-purpose = Purpose
home-meaning = Meaning
home-dates = Key dates
home-day = National Digital Transformation Day
home-display = Identity kit on display
home-consumption = Digital consumption month
home-period = Campaign period
home-legal = Legal basis
home-kit = Identity kit
home-kit-text = The original identity kit of National Digital Transformation Day: logo, banners, screens, avatar frame.
home-kit-link = Download the original identity kit
home-none = No campaign has been published yet.

status-upcoming = Upcoming
status-ongoing = Ongoing
status-ended = Ended

login-title = Log in
login-submit = Log in
login-failed = Wrong e-mail or password.
login-too-many = Too many failed attempts. Please try again in 15 minutes.

admin-title = Administration
admin-units-text = Office, departments, wards, schools
admin-campaigns-text = Theme, purpose, meaning, key dates
admin-users-text = Accounts, roles, units
admin-audit-text = Who changed what, and when
admin-password-text = Change your login password

units-title = Units
units-new = Add a unit
units-count = { $count ->
    [one] { $formatted } unit
   *[other] { $formatted } units
}
units-validity = In force
units-sample = Sample data
units-no-parent = (No parent unit)
units-code-hint = Lower-case letters without accents, digits and hyphens; used in links, e.g. p-may-chai.

users-title = Accounts
users-new = Add an account
users-no-unit = (Not bound to a unit)

campaigns-title = Campaigns
campaigns-new = Add a campaign
campaigns-no-issuer = (No launching body chosen)
campaigns-legal-hint = One legal document per line.

audit-title = Audit log
audit-at = Time (UTC)
audit-actor = By
audit-action = Action
audit-record = Record
audit-before = Before
audit-after = After
audit-system = System

password-title = Change password
password-current = Current password
password-new = New password
password-confirm = Repeat the new password
password-rule = At least 10 characters.

flash-saved = Saved.
flash-archived = Archived.
flash-restored = Restored.
flash-password-changed = Password changed. Your other sessions have been logged out.

field-email = E-mail
field-password = Password
field-name = Unit name
field-code = Unit code
field-short_name = Abbreviation
field-kind = Kind of unit
field-parent_id = Parent unit
field-gso_code = Administrative unit code (GSO)
field-staff_count = Number of staff
field-valid_from = In force from
field-valid_to = In force until
field-is_sample = Sample data
field-full_name = Full name
field-role = Role
field-unit_id = Unit
field-year = Year
field-title = Campaign name
field-issuer_unit_id = Launching body
field-starts_on = Starts
field-ends_on = Ends
field-display_from = Identity kit shown from
field-display_to = Identity kit shown until
field-consumption_from = Digital consumption month from
field-consumption_to = Digital consumption month until
field-kit_url = Link to the original identity kit

role-admin = System administrator
role-office_staff = Office staff
role-office_leader = Office leader
role-unit_focal_point = Unit focal point
role-community_team_member = Community digital technology team member

kind-peoples_committee = People's Committee
kind-office = Lead office
kind-department = Department
kind-mass_organisation = Mass organisation
kind-public_service_centre = Public service centre
kind-ward = Ward People's Committee
kind-school = School

err-required = Please fill in this field.
err-too-long = Too long.
err-date = Not a valid date; write day/month/year, e.g. 01/10/2024.
err-date-order = The end date must come after the start date.
err-unit-code = A unit code has 2–40 characters: lower-case letters without accents, digits, hyphens.
err-gso-code = A ward's administrative unit code has 5 digits.
err-gso-code-only-wards = Only wards carry an administrative unit code.
err-unit-kind = Please choose the kind of unit.
err-choice = Not a valid choice.
err-count = Enter a whole number from 0 to 1,000,000.
err-role = Please choose a role.
err-email = Not a valid e-mail address.
err-password-short = A password has at least 10 characters.
err-password-wrong = The current password is wrong.
err-password-confirm = The two new passwords differ.
err-unit-required = This role must be bound to a unit.
err-year = Not a valid year.
err-url = A link starts with https:// or http://.
err-day-year = Digital Transformation Day must fall in the campaign's year.
err-taken = This value is already in use.
err-parent = Not a valid parent unit.
err-csrf = Your session expired or the form is not valid. Please reload the page and try again.
err-form = The data sent could not be read.
err-archive-self = You cannot archive your own account.

http-400 = Bad request
http-403 = You may not do this
http-404 = Page not found
http-405 = Method not supported
http-408 = The request timed out
http-413 = What you sent is too large
http-415 = Unsupported data format
http-422 = The data is not valid
http-429 = Too many requests, please try again later
http-500 = Something went wrong, please try again later
http-503 = The system is busy, please try again later
http-other = Something went wrong
