import type { EntryText } from '../types.js';

// Lý do theo nội dung: giới hạn kết nối, header sai cú pháp, lệnh dò địa chỉ (VRFY/EXPN/ETRN).

export const viTextLimits: Record<string, EntryText> = {
  'text.conn-limit': {
    title: 'Một máy khách mở quá nhiều kết nối',
    meaning: 'Máy chủ giới hạn số kết nối mà một địa chỉ máy khách được giữ mở cùng lúc, hoặc được mở trong một đơn vị thời gian, và máy khách này đã vượt mức đó. Kết nối bị từ chối bằng 421 trước khi có thư nào được gửi.',
    when: 'Exim smtp_accept_max_per_host ("Connection from [ip] refused: too many connections from that IP address") và smtp_accept_max cho mọi máy khách cộng lại; giới hạn anvil của Postfix smtpd_client_connection_count_limit và smtpd_client_connection_rate_limit ("421 4.7.0 ... Error: too many connections from ...", kèm cảnh báo "Connection concurrency limit exceeded" hoặc "Connection rate limit exceeded").',
    fix: 'Bên gửi: mở ít kết nối song song hơn tới máy chủ này (Postfix default_destination_concurrency_limit, Exim remote_max_parallel); thư bị từ chối sẽ được gửi lại. Bên nhận: nếu máy khách là một relay bận rộn đã biết, hãy miễn trừ nó (Postfix smtpd_client_event_limit_exceptions) hoặc cho nó mức cao hơn (Exim mở rộng smtp_accept_max_per_host như một biểu thức, nên giá trị này có thể phụ thuộc vào $sender_host_address).',
  },
  'text.exim.header-syntax': {
    title: 'Địa chỉ sai cú pháp trong header của thư',
    meaning: 'Một header From:, Sender:, Reply-To:, To:, Cc: hoặc Bcc: chứa địa chỉ mà Exim không phân tích được (thiếu tên miền, thiếu dấu đóng ngoặc nhọn, tên hiển thị có ký tự đặc biệt mà không đặt trong ngoặc kép), và một ACL có verify = header_syntax đã từ chối thư.',
    when: 'Sau DATA: "rejected after DATA: domain missing or malformed: failing address in "To:" header is: ...". Các script hỏng, biểu mẫu web và một số chương trình gửi thư hàng loạt viết ra những header như vậy.',
    fix: 'Bên gửi: sửa chương trình viết header (địa chỉ đầy đủ có tên miền, tên hiển thị trong ngoặc kép, đóng ngoặc nhọn). Bên nhận: nếu một bên gửi hợp lệ liên tục vướng lỗi này, hãy miễn trừ máy đó hoặc người dùng đã xác thực trước câu lệnh verify = header_syntax (hosts = hoặc !authenticated = *).',
  },
  'text.probe-refused': {
    title: 'Lệnh dò địa chỉ hoặc yêu cầu xả hàng đợi bị từ chối (VRFY, EXPN, ETRN)',
    meaning: 'Máy khách yêu cầu máy chủ xác nhận một địa chỉ (VRFY), liệt kê thành viên một danh sách thư (EXPN) hoặc bắt đầu gửi thư đang xếp hàng cho tên miền của nó (ETRN), và máy chủ đã từ chối. Không có thư nào bị từ chối. Exim từ chối cả ba trừ khi acl_smtp_vrfy, acl_smtp_expn hoặc acl_smtp_etrn chấp nhận, với các mã 252, 550 và 458 "Administrative prohibition"; VRFY với tham số không có tên miền thì nhận mã 501.',
    when: 'Các công cụ thu thập địa chỉ và máy quét; thỉnh thoảng là một script giám sát cũ, hoặc một MX dự phòng gửi ETRN để được xả hàng đợi.',
    fix: 'Với các lệnh dò thì không cần làm gì: từ chối chúng giữ kín danh sách người dùng của bạn. Nếu MX dự phòng của đối tác cần ETRN, chỉ chấp nhận nó cho máy đó (Exim acl_smtp_etrn, Postfix smtpd_etrn_restrictions). Postfix có thể từ chối hẳn VRFY bằng disable_vrfy_command = yes.',
  },
  'text.postfix.policy-failure': {
    title: 'Dịch vụ chính sách gặp lỗi (check_policy_service)',
    meaning: 'Một quy tắc hạn chế không đánh giá được, nên Postfix hoãn lệnh thay vì quyết định. Gần như luôn là một máy chủ chính sách có tên trong check_policy_service (greylisting, SPF, hạn mức hoặc giới hạn tốc độ) không chạy hoặc không trả lời trong thời gian smtpd_policy_service_timeout.',
    when: '"451 4.3.5 ... Server configuration problem" ở bước RCPT, ngay trước đó có các dòng "warning: problem talking to server ..." hoặc "warning: connect to ...: Connection refused" của cùng tiến trình smtpd.',
    fix: 'Khởi động hoặc sửa máy chủ chính sách có tên trong các cảnh báo và kiểm tra nó trả lời nhanh (DNS hoặc cơ sở dữ liệu chậm phía sau nó là nguyên nhân thường gặp). Trong lúc nó ngừng, mọi máy khách đều bị hoãn; smtpd_policy_service_default_action quyết định Postfix làm gì thay thế (mặc định 451; DUNNO cho thư đi qua mà không kiểm tra).',
  },
  'text.postfix.force-expired': {
    title: 'Quản trị viên cho hết hạn (postsuper -e)',
    meaning: 'Một quản trị viên đã cho thư hết hạn bằng postsuper -e (hoặc -f, lệnh này còn đưa thư ra khỏi hàng đợi hold): trình quản lý hàng đợi trả thư về người gửi ở lần thử gửi kế tiếp, bất kể thư đã nằm bao lâu. Thời hạn trong hàng đợi của thư chưa hết.',
    when: 'Dòng "status=force-expired, returned to sender" của qmgr (Postfix 3.5 trở lên), thường với thư kẹt trong hàng đợi deferred mà ai đó quyết định bỏ ("postsuper -e ALL deferred").',
    fix: 'Bản thân việc hết hạn không cần sửa gì trong hệ thống thư: đó là một quyết định. Nếu không phải do bạn, hãy hỏi ai chạy postsuper trên máy này. Người gửi nhận thông báo nêu lý do thư bị chậm (lỗi cuối cùng trong nhóm cho biết lý do đó), hoặc "message is administratively expired" với thư chưa từng bị hoãn.',
  },
};
