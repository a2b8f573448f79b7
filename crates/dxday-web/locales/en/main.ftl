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

nav-studio = Avatar frame
home-studio = Change your profile photo
home-studio-text = Put your photo in the campaign's avatar frame on your phone in a minute. Your photo never leaves your device.
home-studio-link = Open the avatar frame studio
action-show = Show
admin-frames-text = Avatar frames, downloads per unit

studio-title = Avatar frame
studio-intro = Pick a photo, drag to place it, zoom or turn it, then download the framed photo and set it as your profile photo.
studio-for-unit = Unit
studio-frames = Choose a frame
studio-window-open = The frame is in use from { $from } to { $to }.
studio-window-closed = The frame is meant for { $from } to { $to }; outside that time you can still frame a photo and download the kit.
studio-privacy = Your photo is processed on this device and sent nowhere.
studio-preview = Preview of the framed photo
studio-pick = Pick or take a photo
studio-zoom = Zoom
studio-rotate = Turn 90°
studio-round = Round preview
studio-keys = Keyboard: arrow keys move the photo, + and − zoom, R turns, 0 resets.
studio-download = Download (1080 × 1080)
studio-download-hq = Download high quality (2048 × 2048)
studio-result = Your photo
studio-result-alt = The framed profile photo
studio-inapp = You opened this page inside an app (Zalo, Facebook, Messenger…). If the photo is not saved: long-press the photo to save it, use Share, or open this page in a browser (Chrome, Safari).
studio-longpress = On a phone you can long-press the photo to save it.
studio-share = Share or save the photo
studio-save = Save the photo
studio-caption = A caption to post with it
studio-caption-text = Text (you can edit it)
studio-caption-template = I am %name%, %unit%, and I support National Digital Transformation Day { $day }. #ChuyenDoiSo #NgayChuyenDoiSoQuocGia
studio-copy = Copy
studio-fallback = Framing does not work on this phone? Frame it on the server (the photo is not kept)
studio-size = Size
studio-server-render = Frame and download
studio-restore-note = After Digital Transformation Day you can set your old profile photo back.
studio-no-frame = The current campaign has no avatar frame yet.

frames-title = Avatar frames
frames-open-studio = Open the studio
frames-total = Downloads in all
frames-preview = Preview (square, round)
frames-square = Square frame
frames-round = Round frame
frames-shape = Shape
frames-window = In use
frames-transparent = Transparent area
frames-not-circle-safe = The window reaches outside the circle: round profile photos will cut it.
frames-upload = Upload a frame
frames-file = Frame file (PNG with a transparent window)
frames-file-hint = PNG up to 10 MB and 4096 × 4096 pixels, square, 4:5 or 9:16, at least 5 % transparent.
frames-active-from = In use from
frames-active-to = In use until
frames-window-hint = Leave empty to use the campaign's identity-kit display window.
frames-participation = Participation per unit
frames-participation-hint = Only downloads of framed photos are counted; no photo, name or address is stored.
frames-downloads = Downloads
frames-rate = Rate per staff member
frames-no-unit = (Not through a unit link)
flash-frame-not-circle-safe = Saved. Note: the frame's window reaches outside the circle.

err-busy = The server is busy framing photos; please try again in a few seconds.
err-media-empty = No file chosen, or the file is empty.
err-media-too-many-bytes = The file is too large.
err-media-too-many-pixels = The image is too large (too many pixels).
err-media-format = Not a JPEG or PNG image.
err-media-heic = HEIC/HEIF photos (iPhone) are not supported yet. Choose "Most Compatible" under Settings › Camera › Formats, or share the photo as JPEG, and try again.
err-media-corrupt = The image is damaged or incomplete.
err-media-crop = The photo placement is not valid.
err-media-size = The output size is not valid.
err-media-encode = The image could not be made.
err-frame-png-alpha = A frame must be a PNG with a transparent window.
err-frame-aspect = A frame must be square, 4:5 or 9:16.
err-frame-no-window = The frame has no transparent window (at least 5 % of its area) for the photo.
home-participation = { $count ->
    [one] { $formatted } framed profile photo downloaded so far
   *[other] { $formatted } framed profile photos downloaded so far
}
frames-export = Download the table (XLSX)
frames-sheet = Participation
frames-link = The unit's link
frames-qr = QR code
err-qr-path = QR codes are made only for pages of this site.
err-qr-ec = The QR error correction is L, M, Q or H.
err-qr-size = A QR code is 64 to 4096 pixels wide.
frames-edit = Edit the title and window

bulk-title = Bulk framing
admin-bulk-text = Frame the photos of a whole unit: upload a ZIP, download a ZIP of framed photos.
bulk-intro = Upload a ZIP of portrait photos (JPEG or PNG) of your unit's staff. Each photo is centre-cropped to the frame, framed, and named after its original file.
bulk-zip = ZIP file of photos
bulk-zip-hint = At most 300 MB and 500 photos; each photo at most 25 MB.
bulk-format = Image format
bulk-format-both = Both PNG and JPEG
bulk-privacy = Uploaded photos are used only for framing; the result ZIP is deleted after 24 hours.
bulk-start = Start framing
bulk-jobs = Recent runs
bulk-queued = Waiting
bulk-running = Framing
bulk-done = Finished
bulk-failed = Could not run
bulk-progress = Processed
bulk-wait = This page updates itself every few seconds; you may leave and come back later.
bulk-framed = Photos framed
bulk-download = Download the ZIP
bulk-kept = The file is kept for 24 hours.
bulk-failures = Photos that could not be framed
bulk-file = File
bulk-reason = Reason
err-bulk-no-zip = No ZIP file chosen, or the file is empty.
err-bulk-not-zip = The uploaded file is not a valid ZIP file.
err-bulk-empty = The ZIP file holds no JPEG or PNG photo.
err-bulk-too-many = The ZIP file holds more than 500 photos; split it into several files.
err-bulk-run = This file could not be framed; please try again.
