# dxday — Vietnamese (default). Full diacritics everywhere.

site-name = Ngày Chuyển đổi số
footer-text = Trang thông tin Ngày Chuyển đổi số quốc gia và thành phố. Phục vụ cán bộ, công chức, viên chức và người dân.
common-skip = Chuyển đến nội dung chính
common-form-errors = Biểu mẫu có lỗi. Vui lòng kiểm tra các trường được đánh dấu.
common-back-home = Về trang chủ
common-archived = Đã lưu trữ

nav-label = Điều hướng chính
nav-admin = Quản trị
nav-login = Đăng nhập
nav-logout = Đăng xuất
nav-other-lang = English

action-save = Lưu
action-archive = Lưu trữ
action-restore = Khôi phục

home-kicker = Ngày 10 tháng 10 hằng năm
home-status = Trạng thái
home-theme = Chủ đề
home-purpose = Mục đích
home-meaning = Ý nghĩa
home-dates = Các mốc thời gian
home-day = Ngày Chuyển đổi số quốc gia
home-display = Hiển thị bộ nhận diện
home-consumption = Tháng tiêu dùng số
home-period = Thời gian chiến dịch
home-legal = Căn cứ pháp lý
home-kit = Bộ nhận diện
home-kit-text = Bộ nhận diện gốc của Ngày Chuyển đổi số quốc gia: logo, băng rôn, màn hình, khung ảnh đại diện.
home-kit-link = Tải bộ nhận diện gốc
home-none = Chưa có chiến dịch nào được công bố.

status-upcoming = Sắp diễn ra
status-ongoing = Đang diễn ra
status-ended = Đã kết thúc

login-title = Đăng nhập
login-submit = Đăng nhập
login-failed = Email hoặc mật khẩu không đúng.
login-too-many = Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.

admin-title = Quản trị
admin-units-text = Cơ quan, phòng ban, phường, trường học
admin-campaigns-text = Chủ đề, mục đích, ý nghĩa, các mốc thời gian
admin-users-text = Tài khoản, vai trò, đơn vị
admin-audit-text = Ai đã thay đổi gì và khi nào
admin-password-text = Đổi mật khẩu đăng nhập của bạn

units-title = Đơn vị
units-new = Thêm đơn vị
units-count = { $count ->
   *[other] Có { $formatted } đơn vị
}
units-validity = Hiệu lực
units-sample = Dữ liệu mẫu
units-no-parent = (Không có đơn vị cấp trên)
units-code-hint = Chữ thường không dấu, số và dấu gạch ngang; dùng trong đường dẫn, ví dụ p-may-chai.

users-title = Tài khoản
users-new = Thêm tài khoản
users-no-unit = (Không gắn với đơn vị)

campaigns-title = Chiến dịch
campaigns-new = Thêm chiến dịch
campaigns-no-issuer = (Chưa chọn cơ quan phát động)
campaigns-legal-hint = Mỗi văn bản căn cứ một dòng.

audit-title = Nhật ký thay đổi
audit-at = Thời điểm (UTC)
audit-actor = Người thực hiện
audit-action = Thao tác
audit-record = Bản ghi
audit-before = Trước
audit-after = Sau
audit-system = Hệ thống

password-title = Đổi mật khẩu
password-current = Mật khẩu hiện tại
password-new = Mật khẩu mới
password-confirm = Nhập lại mật khẩu mới
password-rule = Ít nhất 10 ký tự.

flash-saved = Đã lưu.
flash-archived = Đã lưu trữ.
flash-restored = Đã khôi phục.
flash-password-changed = Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.

field-email = Email
field-password = Mật khẩu
field-name = Tên đơn vị
field-code = Mã đơn vị
field-short_name = Tên viết tắt
field-kind = Loại đơn vị
field-parent_id = Đơn vị cấp trên
field-gso_code = Mã đơn vị hành chính (Tổng cục Thống kê)
field-staff_count = Số cán bộ, công chức, viên chức
field-valid_from = Hiệu lực từ ngày
field-valid_to = Hiệu lực đến ngày
field-is_sample = Dữ liệu mẫu
field-full_name = Họ và tên
field-role = Vai trò
field-unit_id = Đơn vị
field-year = Năm
field-title = Tên chiến dịch
field-issuer_unit_id = Cơ quan phát động
field-starts_on = Bắt đầu
field-ends_on = Kết thúc
field-display_from = Hiển thị bộ nhận diện từ ngày
field-display_to = Hiển thị bộ nhận diện đến ngày
field-consumption_from = Tháng tiêu dùng số từ ngày
field-consumption_to = Tháng tiêu dùng số đến ngày
field-kit_url = Đường dẫn bộ nhận diện gốc

role-admin = Quản trị hệ thống
role-office_staff = Chuyên viên phòng
role-office_leader = Lãnh đạo phòng
role-unit_focal_point = Đầu mối đơn vị
role-community_team_member = Thành viên Tổ Công nghệ số cộng đồng

kind-peoples_committee = Ủy ban nhân dân
kind-office = Cơ quan chủ trì
kind-department = Phòng, ban, ngành
kind-mass_organisation = Đoàn thể
kind-public_service_centre = Đơn vị sự nghiệp công lập
kind-ward = Ủy ban nhân dân phường
kind-school = Trường học

err-required = Vui lòng nhập trường này.
err-too-long = Nội dung quá dài.
err-date = Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 01/10/2024.
err-date-order = Ngày kết thúc phải sau ngày bắt đầu.
err-unit-code = Mã đơn vị gồm 2–40 ký tự: chữ thường không dấu, số, dấu gạch ngang.
err-gso-code = Mã đơn vị hành chính của phường gồm 5 chữ số.
err-gso-code-only-wards = Chỉ phường mới có mã đơn vị hành chính.
err-unit-kind = Vui lòng chọn loại đơn vị.
err-choice = Lựa chọn không hợp lệ.
err-count = Nhập một số nguyên từ 0 đến 1.000.000.
err-role = Vui lòng chọn vai trò.
err-email = Địa chỉ email không hợp lệ.
err-password-short = Mật khẩu phải có ít nhất 10 ký tự.
err-password-wrong = Mật khẩu hiện tại không đúng.
err-password-confirm = Hai lần nhập mật khẩu mới không khớp.
err-unit-required = Vai trò này phải gắn với một đơn vị.
err-year = Năm không hợp lệ.
err-url = Đường dẫn phải bắt đầu bằng https:// hoặc http://.
err-day-year = Ngày Chuyển đổi số phải thuộc năm của chiến dịch.
err-taken = Giá trị này đã được dùng.
err-parent = Đơn vị cấp trên không hợp lệ.
err-csrf = Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.
err-form = Dữ liệu gửi lên không đọc được.
err-archive-self = Bạn không thể tự lưu trữ tài khoản của mình.

http-400 = Yêu cầu không hợp lệ
http-403 = Bạn không có quyền thực hiện thao tác này
http-404 = Không tìm thấy trang
http-405 = Phương thức không được hỗ trợ
http-408 = Yêu cầu quá thời gian chờ
http-413 = Dữ liệu gửi lên quá lớn
http-415 = Định dạng dữ liệu không được hỗ trợ
http-422 = Dữ liệu không hợp lệ
http-429 = Quá nhiều yêu cầu, vui lòng thử lại sau
http-500 = Đã xảy ra lỗi, vui lòng thử lại sau
http-503 = Hệ thống đang bận, vui lòng thử lại sau
http-other = Đã xảy ra lỗi

nav-studio = Khung ảnh đại diện
home-studio = Thay ảnh đại diện
home-studio-text = Ghép ảnh của bạn vào khung hình nhận diện ngay trên điện thoại, trong một phút. Ảnh không rời khỏi máy của bạn.
home-studio-link = Mở trang ghép khung ảnh
action-show = Xem
admin-frames-text = Khung ảnh đại diện, số lượt tải theo đơn vị

studio-title = Khung ảnh đại diện
studio-intro = Chọn ảnh, kéo để căn chỉnh, phóng to hoặc xoay, rồi tải ảnh đã ghép khung về máy và đặt làm ảnh đại diện.
studio-for-unit = Đơn vị
studio-frames = Chọn khung
studio-window-open = Khung được sử dụng từ ngày { $from } đến hết ngày { $to }.
studio-window-closed = Khung dành cho thời gian từ ngày { $from } đến ngày { $to }; ngoài thời gian này bạn vẫn có thể ghép ảnh và tải bộ nhận diện.
studio-privacy = Ảnh của bạn được xử lý ngay trên thiết bị này và không được gửi đi đâu.
studio-preview = Xem trước ảnh đã ghép khung
studio-pick = Chọn ảnh hoặc chụp ảnh
studio-zoom = Phóng to
studio-rotate = Xoay 90°
studio-round = Xem dạng tròn
studio-keys = Bàn phím: phím mũi tên để di chuyển ảnh, + và − để phóng to, thu nhỏ, R để xoay, 0 để đặt lại.
studio-download = Tải ảnh (1080 × 1080)
studio-download-hq = Tải ảnh chất lượng cao (2048 × 2048)
studio-result = Ảnh của bạn
studio-result-alt = Ảnh đại diện đã ghép khung
studio-inapp = Bạn đang mở trang trong ứng dụng (Zalo, Facebook, Messenger…). Nếu ảnh không tự lưu: nhấn giữ vào ảnh để lưu, dùng nút Chia sẻ, hoặc mở trang này bằng trình duyệt (Chrome, Safari).
studio-longpress = Trên điện thoại, có thể nhấn giữ vào ảnh để lưu.
studio-share = Chia sẻ hoặc lưu ảnh
studio-save = Lưu ảnh
studio-caption = Lời giới thiệu để đăng kèm
studio-caption-text = Nội dung (có thể sửa)
studio-caption-template = Tôi là %name%, %unit%, hưởng ứng Ngày Chuyển đổi số quốc gia { $day }. #ChuyenDoiSo #NgayChuyenDoiSoQuocGia
studio-copy = Sao chép
studio-fallback = Máy không ghép được ảnh? Ghép trên máy chủ (ảnh không được lưu lại)
studio-size = Kích thước
studio-server-render = Ghép khung và tải về
studio-restore-note = Sau ngày Chuyển đổi số, bạn có thể đặt lại ảnh đại diện cũ.
studio-no-frame = Chưa có khung ảnh nào cho chiến dịch hiện tại.

frames-title = Khung ảnh đại diện
frames-open-studio = Mở trang ghép khung
frames-total = Tổng lượt tải
frames-preview = Xem trước (vuông, tròn)
frames-square = Khung dạng vuông
frames-round = Khung dạng tròn
frames-shape = Khuôn hình
frames-window = Thời gian sử dụng
frames-transparent = Vùng trong suốt
frames-not-circle-safe = Vùng ảnh vượt ra ngoài hình tròn: ảnh đại diện dạng tròn sẽ bị cắt.
frames-upload = Tải khung lên
frames-file = Tệp khung (PNG có vùng trong suốt)
frames-file-hint = PNG tối đa 10 MB, tối đa 4096 × 4096 điểm ảnh, hình vuông, 4:5 hoặc 9:16, có vùng trong suốt ít nhất 5 %.
frames-active-from = Sử dụng từ ngày
frames-active-to = Sử dụng đến ngày
frames-window-hint = Để trống: dùng thời gian hiển thị bộ nhận diện của chiến dịch.
frames-participation = Lượt hưởng ứng theo đơn vị
frames-participation-hint = Chỉ đếm số lượt tải ảnh đã ghép khung; không lưu ảnh, tên hay địa chỉ của người dùng.
frames-downloads = Lượt tải
frames-rate = Tỷ lệ trên số cán bộ
frames-no-unit = (Không qua đường dẫn đơn vị)
flash-frame-not-circle-safe = Đã lưu. Lưu ý: vùng ảnh của khung vượt ra ngoài hình tròn.

err-busy = Máy chủ đang bận ghép ảnh, vui lòng thử lại sau vài giây.
err-media-empty = Chưa chọn tệp, hoặc tệp rỗng.
err-media-too-many-bytes = Tệp quá lớn.
err-media-too-many-pixels = Ảnh quá lớn (quá nhiều điểm ảnh).
err-media-format = Không phải ảnh JPEG hoặc PNG.
err-media-heic = Ảnh HEIC/HEIF (iPhone) chưa được hỗ trợ. Hãy chọn "Định dạng tương thích nhất" trong Cài đặt › Camera › Định dạng, hoặc chia sẻ ảnh dưới dạng JPEG rồi thử lại.
err-media-corrupt = Ảnh bị hỏng hoặc không đầy đủ.
err-media-crop = Thông số căn chỉnh ảnh không hợp lệ.
err-media-size = Kích thước ảnh đầu ra không hợp lệ.
err-media-encode = Không tạo được ảnh.
err-frame-png-alpha = Khung phải là ảnh PNG có vùng trong suốt.
err-frame-aspect = Khung phải là hình vuông, 4:5 hoặc 9:16.
err-frame-no-window = Khung không có vùng trong suốt (cần ít nhất 5 % diện tích) để đặt ảnh vào.
home-participation = Đã có { $formatted } lượt tải ảnh đại diện có khung
frames-export = Tải bảng (XLSX)
frames-sheet = Tham gia
frames-link = Đường dẫn của đơn vị
frames-qr = Mã QR
err-qr-path = Chỉ tạo mã QR cho các trang của hệ thống này.
err-qr-ec = Mức sửa lỗi QR phải là L, M, Q hoặc H.
err-qr-size = Kích thước mã QR phải từ 64 đến 4096 điểm ảnh.
frames-edit = Sửa tên, thời gian sử dụng
