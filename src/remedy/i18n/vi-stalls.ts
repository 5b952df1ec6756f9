import type { EntryText } from '../types.js';

// Phiên bị treo sau 354 và các mục dự phòng theo lớp mã.

const INBOUND_WHEN = 'Máy khách rớt mạng giữa chừng (máy xách tay, mạng di động), "hố đen" PMTU hoặc MSS làm mất các gói tin lớn, tường lửa có chức năng "SMTP fixup" hay kiểm tra SMTP giữ lại dữ liệu, bot gửi thư rác bỏ cuộc, hoặc thời gian chờ của máy chủ ngắn hơn thời gian mà một lần tải lên chậm cần có.';

export const viStalls: Record<string, EntryText> = {
  'stall.inbound.lost-after-data': { title: 'Máy khách ngắt kết nối khi đang gửi nội dung thư (sau 354)', meaning: 'Máy chủ của bạn đã trả lời 354 cho DATA, rồi máy khách ngắt kết nối trước khi gửi dấu chấm cuối. Chưa có gì được nhận; một MTA thực thụ sẽ gửi lại toàn bộ thư.', when: INBOUND_WHEN, fix: 'Nếu chỉ một máy khách bị, hãy xem phía đó (mạng, tường lửa, proxy của phần mềm diệt virus). Nếu nhiều máy khách gửi thư lớn đều bị, nghi ngờ MTU: kiểm tra xem ICMP "fragmentation needed" có bị chặn không và giới hạn (clamp) TCP MSS trên router; tắt chức năng kiểm tra/fixup SMTP trên tường lửa kiểu Cisco. Nếu dòng log có ghi số byte đã nhận (dạng "(N bytes)"), con số này cho biết thư đã tới được bao nhiêu.' },
  'stall.inbound.timeout-after-data': { title: 'Máy khách không gửi tiếp nội dung thư (sau 354)', meaning: 'Máy chủ của bạn đã trả lời 354, rồi chờ thêm dữ liệu tới khi hết thời gian chờ và bỏ cuộc. Thư chưa được nhận.', when: `${INBOUND_WHEN} Các proxy tarpit và bot cố ý dừng lại cũng trông giống như vậy.`, fix: 'Với bên gửi hợp lệ có thư lớn trên đường truyền chậm, hãy tăng thời gian chờ của máy chủ (Postfix smtpd_timeout, mặc định 300 giây; Exim smtp_receive_timeout). Nếu chỉ thư lớn bị treo, hãy tìm hố đen MTU/MSS và chức năng kiểm tra SMTP của tường lửa.' },
  'stall.inbound.lost-after-bdat': { title: 'Máy khách ngắt kết nối giữa một khối BDAT', meaning: 'Máy khách đang gửi thư theo từng khối BDAT (CHUNKING) và ngắt kết nối trước khối cuối cùng.', when: INBOUND_WHEN, fix: 'Nguyên nhân giống như rớt kết nối sau DATA: kiểm tra mạng của máy khách, MTU/MSS và tường lửa. Tạm thời, quản trị bên nhận có thể ngừng công bố CHUNKING (Postfix smtpd_discard_ehlo_keywords = chunking).' },
  'stall.inbound.timeout-after-bdat': { title: 'Máy khách không gửi tiếp giữa một khối BDAT', meaning: 'Máy khách ngừng gửi giữa một khối BDAT cho tới khi máy chủ của bạn hết thời gian chờ.', when: INBOUND_WHEN, fix: 'Tăng smtpd_timeout cho bên gửi hợp lệ nhưng chậm; kiểm tra hố đen MTU/MSS; tắt CHUNKING với máy khách bị lỗi.' },
  'stall.outbound.timeout-message-body': { title: 'Máy chủ bên kia ngừng đọc nội dung thư của bạn', meaning: 'Máy chủ bên kia đã trả lời 354, rồi ngừng đọc khi máy chủ của bạn vẫn đang gửi nội dung, cho tới khi hết thời gian chờ. Thư vẫn nằm trong hàng đợi và sẽ được gửi lại.', when: 'Hố đen PMTU (gói nhỏ đi qua, gói đủ cỡ biến mất, nên thư lớn bị treo), tường lửa có "SMTP fixup" hoặc kiểm tra SMTP nằm giữa hai bên, máy chủ bên kia cố ý làm chậm (tarpit), hoặc thời gian chờ quá ngắn cho đường truyền chậm.', fix: 'Thử gửi tay một thư lớn. Giảm MTU hoặc giới hạn TCP MSS ở phía bạn nếu gói lớn bị mất; hỏi bên kia về việc kiểm tra SMTP. Với đường truyền chậm nhưng vẫn chạy, tăng smtp_data_xfer_timeout (Postfix, mặc định 180 giây) hoặc data_timeout của transport trong Exim.' },
  'stall.outbound.lost-message-body': { title: 'Máy chủ bên kia cắt kết nối khi đang nhận nội dung thư', meaning: 'Máy chủ bên kia đã trả lời 354, rồi đóng hoặc reset kết nối trong khi nội dung đang được gửi. Thư vẫn nằm trong hàng đợi.', when: 'Bên kia từ chối nội dung giữa chừng (kích thước hoặc bộ lọc, không kèm trả lời), tường lửa reset luồng dữ liệu, hoặc máy chủ bên kia bị sập.', fix: 'Việc gửi lại là tự động. Nếu lặp lại với cùng một đích, hãy thử gửi tay một thư lớn và kiểm tra tường lửa reset các phiên truyền dài hoặc lỗi MTU; liên hệ postmaster bên kia, kèm thời điểm và queue id.' },
  'stall.outbound.timeout-end-of-data': { title: 'Không có trả lời cho dấu chấm cuối (thư có thể bị gửi nhiều lần)', meaning: 'Toàn bộ thư đã được gửi, nhưng máy chủ bên kia không bao giờ trả lời dấu chấm cuối. Có thể bên kia vẫn đã nhận thư, nên lần gửi lại có thể tạo ra thư trùng: Postfix ghi "message may be sent more than once".', when: 'Bên kia chạy bộ lọc nội dung chậm (diệt virus, chấm điểm thư rác) sau dấu chấm, hoặc đang quá tải; tường lửa cũng có thể nuốt mất trả lời.', fix: 'Tăng smtp_data_done_timeout (Postfix, mặc định 600 giây) hoặc final_timeout của transport trong Exim nếu bên kia chỉ chậm. Báo cho người dùng rằng có thể có thư trùng, và báo cho bên kia về việc lọc chậm sau DATA.' },
  'stall.outbound.lost-end-of-data': { title: 'Mất kết nối sau dấu chấm cuối (thư có thể bị gửi nhiều lần)', meaning: 'Máy chủ bên kia ngắt kết nối sau khi đã nhận đủ thư và trước khi trả lời. Có thể nó đã đưa thư vào hàng đợi, nên lần gửi lại có thể tạo thư trùng.', when: 'Bộ lọc hoặc tiến trình máy chủ bên kia bị sập sau dấu chấm, hoặc tường lửa cắt kết nối đang chờ trong khi bên kia quét thư.', fix: 'Việc gửi lại là tự động; báo cho người dùng rằng có thể có thư trùng. Nếu lặp lại, báo cho postmaster bên kia kèm thời điểm và queue id.' },
  'stall.outbound.closed-data-block': { title: 'Máy chủ bên kia đóng kết nối khi bạn đang gửi một khối dữ liệu', meaning: 'Exim đang gửi nội dung thư (hoặc một khối BDAT) thì máy chủ bên kia đóng kết nối.', when: 'Bên kia áp giới hạn kích thước hoặc nội dung mà không trả lời đúng cách, tường lửa reset phiên truyền, hoặc máy chủ bên kia bị sập.', fix: 'Thư sẽ được gửi lại. Thử gửi tay một thư lớn; kiểm tra giới hạn kích thước và tường lửa trên đường đi; liên hệ postmaster bên kia nếu lỗi kéo dài.' },
};

// Thư bị chính cấu hình của bạn từ chối hoặc hoãn, không có máy chủ bên kia nào tham gia.
export const viLocal: Record<string, EntryText> = {
  'local.own-decision': {
    title: 'Bị chính cấu hình của bạn từ chối hoặc giữ lại',
    meaning: 'Không có máy chủ bên kia nào được hỏi: một chương trình chuyển phát hoặc một router của chính máy chủ bạn đã từ chối hoặc hoãn người nhận này, với thông báo do cấu hình của bạn viết ra.',
    when: 'Postfix error(8) cho một địa chỉ có mục "error:" hoặc "retry:" trong transport_maps hoặc có trong relocated_maps; trong Exim, dữ liệu chuyển hướng (alias hoặc filter) trả lời ":fail: ..." hoặc ":defer: ...", hoặc điều kiện của một router từ chối địa chỉ.',
    fix: 'Tìm đoạn thông báo trong chính cấu hình của bạn: transport_maps, relocated_maps và aliases của Postfix; trong Exim là router có tên ở R= trên dòng log và tệp alias hoặc filter mà nó đọc. Nếu địa chỉ cần nhận thư, hãy sửa hoặc xoá mục đó (với map của Postfix thì chạy postmap rồi nạp lại bằng postfix reload); nếu việc từ chối là cố ý thì không cần làm gì: bên gửi đã được báo, hoặc thư sẽ chờ tới khi mục đó cho phép.',
  },
};

const SUBJECTS: Record<string, [string, string, string, boolean?]> = {
  '0': ['khác', 'Lỗi không thuộc nhóm cụ thể nào.', 'Đọc nội dung trả lời; bản thân mã không nói thêm gì.'],
  '1': ['địa chỉ', 'Có vấn đề với một địa chỉ (người gửi hoặc người nhận).', 'Kiểm tra chính tả, tên miền và cú pháp của các địa chỉ.'],
  '2': ['hộp thư', 'Hộp thư người nhận tồn tại nhưng không nhận được thư (bị vô hiệu hoá, đầy, vượt giới hạn).', 'Người nhận hoặc quản trị của họ phải xử lý (giải phóng dung lượng, kích hoạt lại hộp thư, nâng giới hạn).', true],
  '3': ['hệ thống thư', 'Hệ thống thư đích gặp sự cố (dung lượng, cấu hình, tính năng).', 'Quản trị bên nhận phải kiểm tra máy chủ.', true],
  '4': ['mạng và định tuyến', 'Không định tuyến được thư hoặc kết nối bị lỗi.', 'Kiểm tra DNS và khả năng kết nối tới đích.'],
  '5': ['giao thức', 'Bản thân phiên SMTP bị sai giao thức.', 'Kiểm tra máy khách có lỗi giao thức không; bản ghi phiên (transcript) sẽ giúp ích.'],
  '6': ['nội dung hoặc định dạng', 'Nội dung thư hoặc cách mã hoá không được chấp nhận.', 'Thay đổi nội dung hoặc cách mã hoá.'],
  '7': ['bảo mật hoặc chính sách', 'Một quy tắc bảo mật hoặc chính sách đã từ chối thư.', 'Tìm chính sách được nêu trong nội dung (uy tín, xác thực, quy tắc truy cập) và sửa nguyên nhân đó.'],
};

export const viClasses: Record<string, EntryText> = {
  'class.2xx': { title: 'Thành công (2xx)', meaning: 'Lệnh đã thành công.', when: 'Trong suốt một phiên bình thường.', fix: 'Không cần sửa gì.' },
  'class.3xx': { title: 'Trung gian (3xx)', meaning: 'Máy chủ đã nhận lệnh và đang chờ thêm dữ liệu (nội dung thư sau DATA, bước AUTH tiếp theo).', when: 'Sau DATA (354) và trong khi AUTH (334).', fix: 'Không cần sửa gì; nếu phiên bị đứt ngay sau đó, xem các mục về phiên 354 bị treo.' },
  'class.4xx': { title: 'Lỗi tạm thời (4xx)', meaning: 'Máy chủ tạm từ chối và mong máy khách thử lại sau.', when: 'Danh sách xám (greylisting), giới hạn tốc độ, máy chủ bận hoặc cấu hình sai, một lần tra cứu bị lỗi nhất thời.', fix: 'Thường không cần làm gì: bên gửi sẽ thử lại. Nếu cùng một mã 4xx lặp lại nhiều giờ, hãy đọc nội dung và sửa nguyên nhân.' },
  'class.5xx': { title: 'Lỗi vĩnh viễn (5xx)', meaning: 'Máy chủ đã từ chối và sẽ tiếp tục từ chối: máy khách không được gửi lại y nguyên.', when: 'Người nhận không tồn tại, bị chặn theo chính sách, từ chối relay, từ chối nội dung.', fix: 'Đọc nội dung trả lời: nó nêu tên hạn chế. Sửa địa chỉ, chính sách hoặc máy gửi rồi gửi lại.' },
};

const SENDER: Record<'4' | '5', string> = {
  '4': 'Trong lúc đó, máy chủ gửi sẽ tự thử lại.',
  '5': 'Thư đã bị trả về: người gửi phải gửi lại sau khi việc đó xong.',
};

for (const cls of ['4', '5'] as const) {
  for (const [subject, [name, meaning, fix, sender]] of Object.entries(SUBJECTS)) {
    viClasses[`class.${cls}.${subject}`] = {
      title: `Lỗi ${name} ${cls === '4' ? 'tạm thời' : 'vĩnh viễn'} (${cls}.${subject}.x)`,
      meaning: `${meaning} ${cls === '4' ? 'Lỗi là tạm thời: thử lại có thể thành công.' : 'Lỗi là vĩnh viễn: đừng gửi lại y nguyên.'}`,
      when: `Với các mã trạng thái mở rộng ${cls}.${subject}.x mà danh mục này không liệt kê theo tên.`,
      fix: sender ? `${fix} ${SENDER[cls]}` : fix,
    };
  }
}
