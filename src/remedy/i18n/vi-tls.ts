import type { EntryText } from '../types.js';

// Bắt tay TLS thất bại và lỗi chứng chỉ (không phải câu trả lời SMTP).

const PROBES = 'Phần lớn các dòng như thế này đến từ máy quét và bot: chúng mở kết nối TLS rồi bỏ cuộc, bạn không cần làm gì.';

export const viTls: Record<string, EntryText> = {
  'tls.our-config': {
    title: 'Cấu hình TLS của chính máy chủ bạn bị hỏng',
    meaning: 'Thư viện TLS không dùng được những gì cấu hình của bạn đưa cho nó: tệp chứng chỉ hoặc khoá không đọc được, khoá không khớp với chứng chỉ, hoặc một giá trị tuỳ chọn mà nó không hiểu. Mọi lần bắt tay TLS đều sẽ thất bại như vậy cho tới khi sửa xong.',
    when: 'Sau khi gia hạn chứng chỉ mà tệp bị chuyển chỗ hoặc thay đổi, gõ sai một tuỳ chọn TLS (Exim tls_eccurve, tls_require_ciphers), quyền tệp khiến người dùng của máy chủ thư không đọc được, hoặc sau khi nâng cấp thư viện TLS khiến nó từ chối một giá trị trước đây vẫn chấp nhận.',
    fix: 'Đọc tuỳ chọn hoặc tệp được nêu trong dòng log và sửa nó: kiểm tra tệp chứng chỉ và tệp khoá có tồn tại, máy chủ thư đọc được và chúng khớp nhau (openssl x509 -noout -pubkey -in cert và openssl pkey -pubout -in key phải in ra cùng một khoá). Postfix: smtpd_tls_cert_file, smtpd_tls_key_file hoặc smtpd_tls_chain_files, rồi postfix reload. Exim: tls_certificate, tls_privatekey, tls_eccurve, tls_require_ciphers; chạy exim -bV để xem thư viện TLS đang dùng. Trong lúc chưa sửa, các máy khách bắt buộc dùng TLS không thể gửi thư cho bạn.',
  },
  'tls.not-offered': {
    title: 'Máy chủ bên kia không có STARTTLS, trong khi bạn bắt buộc TLS',
    meaning: 'Máy khách của bạn phải dùng TLS với đích này, nhưng máy chủ bên kia không liệt kê STARTTLS trong câu trả lời EHLO. Thư vẫn nằm trong hàng đợi; không có gì được gửi đi mà không mã hoá.',
    when: 'Một đích có trong hosts_require_tls hoặc hosts_require_dane của Exim, hoặc có smtp_tls_security_level = encrypt, dane, verify hay secure (cho mọi đích hoặc trong smtp_tls_policy_maps), trong khi máy chủ bên kia tắt TLS, TLS bị lỗi, hoặc một tường lửa xoá STARTTLS khỏi câu trả lời EHLO.',
    fix: 'Kiểm tra xem bên kia công bố gì: kết nối tới cổng 25 của nó và gửi EHLO; nếu STARTTLS không có ở đó mà lại có khi thử từ mạng khác, thì một thiết bị ở giữa đang xoá nó. Đề nghị bên kia bật TLS. Nếu buộc phải gửi và chấp nhận gửi không mã hoá cho riêng đích này, hạ chính sách của nó xuống may (một mục trong smtp_tls_policy_maps; với Exim thì bỏ nó khỏi hosts_require_tls), và hiểu rằng thư khi đó đi qua mạng ở dạng ai cũng đọc được.',
  },
  'tls.ocsp': {
    title: 'Trạng thái chứng chỉ (OCSP) thiếu, cũ hoặc không đọc được',
    meaning: 'Câu trả lời về trạng thái chứng chỉ (một phản hồi OCSP được "đính kèm" vào lúc bắt tay) là bắt buộc nhưng không được gửi, đã hết hạn, hoặc, ở phía bạn, tệp trạng thái mà máy chủ của bạn cung cấp không dùng được.',
    when: 'Chiều ra: hosts_require_ocsp của Exim có một đích mà máy chủ của nó không đính kèm trạng thái, hoặc đính kèm trạng thái cũ. Chiều vào: tệp do tls_ocsp_file của Exim chỉ tới chứa một phản hồi đã hết hạn vì tác vụ làm mới nó đã ngừng chạy.',
    fix: 'Xác định bên nào chịu trách nhiệm về trạng thái: dòng log cho biết trạng thái của bên kia bị thiếu hay tệp của chính bạn bị lỗi.',
    fixInbound: 'Làm mới phản hồi OCSP trong tệp do tls_ocsp_file chỉ tới (openssl ocsp tới máy chủ OCSP của nhà cung cấp chứng chỉ) và bảo đảm tác vụ làm mới chạy đủ sớm trước khi phản hồi hết hạn; sau mỗi lần gia hạn chứng chỉ phải thay phản hồi của chứng chỉ cũ.',
    fixOutbound: 'Bên kia không đính kèm trạng thái hợp lệ cho chứng chỉ của nó. Đề nghị quản trị bên đó sửa việc đính kèm, hoặc bỏ đích này khỏi hosts_require_ocsp (để lại trong hosts_request_ocsp nếu vẫn muốn hỏi) để việc gửi thư không còn phụ thuộc vào nó.',
  },
  'tls.alpn': {
    title: 'Không thống nhất được giao thức ứng dụng (ALPN)',
    meaning: 'Trong lúc bắt tay, hai bên nêu tên giao thức sẽ dùng bên trong TLS (ALPN). Một bên bắt buộc điều này mà bên kia không gửi tên nào, hoặc đưa ra một tên không phải SMTP, chẳng hạn http, nên việc bắt tay bị từ chối.',
    when: 'Exim kiểm tra ALPN khi tls_alpn hoặc hosts_require_alpn được đặt. "Bad ALPN presented (http)" là một trình duyệt web hoặc máy quét nói chuyện với cổng thư; "ALPN required but not negotiated" là một máy khách không gửi ALPN trong khi bạn bắt buộc; cảnh báo nghiêm trọng (fatal alert) "No supported application protocol" nghĩa là bên kia từ chối các tên mà bạn đưa ra.',
    fix: 'Từ chối một máy khách xin http trên cổng thư là đúng (nó chặn các kiểu tấn công chéo giao thức như ALPACA); hãy bỏ qua những dòng đó.',
    fixInbound: 'Một tên http hay tên không phải SMTP bị từ chối thì không cần làm gì. Nếu máy khách thư thật bị từ chối vì không gửi ALPN, hãy thu hẹp hosts_require_alpn lại chỉ còn các máy bạn biết là hỗ trợ; giữ tls_alpn có smtp và esmtp.',
    fixOutbound: 'Bên kia từ chối các tên ALPN mà bạn đưa ra, hoặc bạn bắt buộc một tên mà bên kia không gửi: bỏ đích này khỏi hosts_require_alpn của transport, hoặc đặt tls_alpn của transport thành tên mà bên kia chấp nhận.',
  },
  'tls.wrong-version': {
    title: 'Đầu bên kia không nói TLS: dữ liệu không mã hoá ở chỗ cần bắt tay',
    meaning: 'Những byte nhận được không phải là bản ghi bắt tay TLS: bên kia nói SMTP (hoặc HTTP) không mã hoá trong khi máy chủ của bạn chờ TLS, hoặc trả lời không mã hoá khi bạn đã bắt đầu TLS. OpenSSL báo lỗi này là "wrong version number", GnuTLS là "An unexpected TLS packet was received".',
    when: 'Máy khách gửi STARTTLS rồi vẫn tiếp tục nói không mã hoá; máy khách nói SMTP không mã hoá với cổng 465 (TLS ngay từ đầu), hoặc nói TLS ngay với cổng 25 hay 587 (chương trình thư nhầm 465 với 587); trình duyệt web hoặc máy quét gọi vào cổng thư; ở phía bạn là smtp_tls_wrappermode hoặc tls_on_connect_ports của Exim đặt không khớp.',
    fix: 'So cổng với chế độ: cổng 465 là TLS ngay từ byte đầu tiên (RFC 8314), cổng 25 và 587 bắt đầu không mã hoá rồi nâng cấp bằng STARTTLS (RFC 3207).',
    fixInbound: 'Nếu đó là người dùng của bạn, cấu hình chương trình thư của họ dùng cổng 587 với STARTTLS hoặc cổng 465 với SSL/TLS, không trộn lẫn. Kiểm tra rằng chỉ dịch vụ submissions trên cổng 465 chạy với smtpd_tls_wrappermode = yes trong master.cf (Exim: tls_on_connect_ports chỉ có 465). Các máy lạ làm vậy là đang dò quét: bỏ qua.',
    fixOutbound: 'Máy khách của bạn và bên kia không cùng chế độ: với relay trên cổng 465, đặt smtp_tls_wrappermode = yes (kèm smtp_tls_security_level = encrypt) trong transport dùng nó, còn với cổng 25 hay 587 thì tắt. Exim: protocol = smtps trên transport chỉ dành cho cổng 465.',
  },
  'tls.protocol-version': {
    title: 'Không có phiên bản TLS nào hai bên cùng chấp nhận',
    meaning: 'Một bên chỉ nói các phiên bản TLS mà bên kia từ chối, thường là một máy khách cũ chỉ có TLS 1.0 hoặc 1.1 gặp một máy chủ (hoặc thư viện) đòi từ 1.2 trở lên.',
    when: 'Thiết bị cũ, máy in, máy scan gửi thư, thiết bị nhúng và chương trình thư đời cũ sau khi máy chủ hoặc OpenSSL được nâng cấp và nâng phiên bản tối thiểu; cũng có thể là bên kia được siết chặt như vậy trong khi máy khách của bạn vẫn cũ.',
    fix: 'Cách sửa thật sự là nâng cấp phía cũ; TLS 1.0 và 1.1 đã bị loại bỏ (RFC 8996).',
    fixInbound: 'Tìm máy khách đó trong log và cập nhật thư viện TLS hoặc firmware của nó. Nếu không cập nhật được mà vẫn phải gửi, hãy cho nó một cổng nghe riêng (một dịch vụ trong master.cf với smtpd_tls_protocols và smtpd_tls_mandatory_protocols riêng; trong Exim, tls_require_ciphers và openssl_options có thể được mở rộng theo cổng nghe) chỉ dành cho mạng của bạn, thay vì hạ mức tối thiểu cho mọi người. Chính sách OpenSSL của cả hệ thống (MinProtocol, SECLEVEL) có thể ghi đè cấu hình của máy chủ thư.',
    fixOutbound: 'Bên kia chỉ nói các phiên bản mà máy khách của bạn từ chối, hoặc ngược lại. Kiểm tra smtp_tls_protocols và smtp_tls_mandatory_protocols (Exim: tls_require_ciphers của transport và openssl_options chung) cùng chính sách OpenSSL của hệ thống; báo cho bên kia rằng TLS của họ đã lỗi thời. Với smtp_tls_security_level = may, Postfix sẽ thử lại không mã hoá.',
  },
  'tls.no-shared-cipher': {
    title: 'Không có bộ mã hoá nào hai bên cùng chấp nhận',
    meaning: 'Phiên bản đã khớp, nhưng danh sách bộ mã hoá (hoặc nhóm trao đổi khoá và kiểu chữ ký) mà mỗi bên cho phép không có phần chung, nên không lập được phiên.',
    when: 'Danh sách bộ mã hoá bị siết ở một bên (Postfix smtpd_tls_mandatory_ciphers, smtpd_tls_exclude_ciphers; Exim tls_require_ciphers); một máy khách cũ chỉ có RC4 hoặc 3DES; hoặc một máy chủ không có chứng chỉ dùng được, khi đó nó chỉ còn các bộ mã hoá ẩn danh để đưa ra: thông báo này cũng xuất hiện khi chứng chỉ không nạp được.',
    fix: 'Trước hết tìm cảnh báo nạp chứng chỉ quanh dòng log. Sau đó so những gì mỗi bên cho phép: openssl s_client -starttls smtp -connect host:25 -cipher LIST cho thấy máy chủ chấp nhận gì.',
    fixInbound: 'Giữ smtpd_tls_mandatory_ciphers và smtpd_tls_ciphers ở medium hoặc high (đừng dùng một danh sách tự chế loại bỏ mọi thứ mà bên cũ có) và tls_preempt_cipherlist = no trừ khi bạn cần. Với Exim, kiểm tra tls_require_ciphers. Nếu một thiết bị cũ bắt buộc phải gửi, cho nó một cổng nghe riêng thay vì làm yếu đi cho tất cả.',
    fixOutbound: 'Kiểm tra smtp_tls_ciphers, smtp_tls_mandatory_ciphers và smtp_tls_exclude_ciphers (Exim: tls_require_ciphers của transport). Với smtp_tls_security_level = may, việc gửi sẽ được thử lại không mã hoá; với mức chặt hơn, báo cho bên kia rằng bộ mã hoá của họ đã lỗi thời.',
  },
  'tls.no-client-cert': {
    title: 'Không có chứng chỉ máy khách ở nơi bắt buộc phải có',
    meaning: 'Máy chủ yêu cầu máy khách xuất trình chứng chỉ và bắt buộc phải có, nhưng máy khách không gửi, nên việc bắt tay bị dừng.',
    when: 'Chiều vào: tls_verify_hosts của Exim hoặc smtpd_tls_req_ccert của Postfix áp lên một máy khách chưa cấu hình chứng chỉ. Chiều ra: bên kia đòi chứng chỉ máy khách (liên kết với đối tác, một số relay) mà transport của bạn không xuất trình.',
    fix: 'Hoặc máy khách có chứng chỉ, hoặc máy chủ thôi đòi chứng chỉ từ máy đó.',
    fixInbound: 'Kiểm tra xem máy đó có thật sự thuộc tls_verify_hosts (Exim) hay thuộc phạm vi smtpd_tls_req_ccert (Postfix; tuỳ chọn này còn cần smtpd_tls_security_level = encrypt). Để hỏi mà không bắt buộc, dùng tls_try_verify_hosts hoặc smtpd_tls_ask_ccert rồi quyết định trong các quy tắc truy cập. Cấp cho máy chủ đối tác chứng chỉ mà họ cần xuất trình.',
    fixOutbound: 'Cấu hình chứng chỉ mà bên kia chờ đợi: Postfix smtp_tls_cert_file và smtp_tls_key_file (hoặc smtp_tls_chain_files) cho transport đó; Exim tls_certificate và tls_privatekey của transport.',
  },
  'tls.peer-rejected-our-cert': {
    title: 'Bên kia từ chối chứng chỉ của bạn',
    meaning: 'Việc bắt tay dừng lại vì bên kia gửi một cảnh báo về chứng chỉ mà bạn xuất trình: hết hạn, do một nhà cấp phát mà họ không tin cậy ký, thiếu chứng chỉ trung gian, hoặc cấp cho một tên khác.',
    when: 'Chứng chỉ đã hết hạn hoặc được gia hạn mà thiếu chuỗi chứng chỉ trung gian; chứng chỉ tự ký hoặc của CA nội bộ đưa cho một máy khách có kiểm tra; máy khách so tên máy với một chứng chỉ cấp cho tên khác. OpenSSL ghi là "sslv3 alert certificate unknown" hoặc "tlsv1 alert unknown ca", GnuTLS là "A TLS fatal alert has been received: Certificate is bad".',
    fix: 'Xem chứng chỉ như bên kia nhìn thấy: openssl s_client -starttls smtp -connect yourhost:25 -showcerts in ra chuỗi chứng chỉ và kết quả kiểm tra.',
    fixInbound: 'Phục vụ đủ chuỗi (chứng chỉ của máy rồi tới các chứng chỉ trung gian: Postfix smtpd_tls_chain_files hoặc một smtpd_tls_cert_file chứa đủ chuỗi; Exim tls_certificate trỏ tới tệp đủ chuỗi), gia hạn chứng chỉ đã hết hạn rồi nạp lại, và dùng chứng chỉ có tên khớp với tên máy mà máy khách kết nối tới (tên MX). Máy chủ thư ít khi kiểm tra chứng chỉ, nên nếu chỉ một máy khách phàn nàn, hãy hỏi xem nó kiểm tra gì.',
    fixOutbound: 'Bên kia từ chối chứng chỉ máy khách mà bạn gửi: kiểm tra smtp_tls_cert_file / smtp_tls_chain_files (Exim: tls_certificate của transport) về hạn dùng và chuỗi, hoặc thôi gửi chứng chỉ nếu bên kia không cần.',
  },
  'tls.remote-cert-unverified': {
    title: 'Chứng chỉ của bên kia không qua được bước kiểm tra của bạn',
    meaning: 'Máy chủ của bạn đã kiểm tra chứng chỉ bên kia xuất trình và nó không đạt: tự ký, do một nhà cấp phát (CA) mà bạn không tin cậy, đã hết hạn, bị thu hồi, cấp cho tên khác, hoặc không khớp với bản ghi DANE (TLSA). Điều gì xảy ra tiếp theo tuỳ vào chính sách chặt tới đâu.',
    when: 'Chiều ra, phần lớn là các máy chủ dùng chứng chỉ tự ký hoặc của CA nội bộ: với TLS cơ hội (opportunistic TLS; Postfix smtp_tls_security_level = may), Postfix chỉ ghi log và vẫn gửi có mã hoá; Exim gửi không mã hoá khi máy đó không có trong hosts_require_tls ("delivering unencrypted ... (not in hosts_require_tls)") và hoãn lại khi có. Với verify, secure hoặc dane, việc gửi bị hoãn. Chiều vào: một chứng chỉ máy khách không qua được tls_verify_certificates hoặc tls_crl.',
    fix: 'Quyết định xem đích này có cần kiểm tra chứng chỉ không: phần lớn thư trên Internet dùng TLS cơ hội và không kiểm tra.',
    fixInbound: 'Một chứng chỉ máy khách không qua được bước kiểm tra của bạn (tls_verify_certificates và tls_crl của Exim, hoặc danh sách CA mà Postfix tin cậy cho máy khách): máy khách phải gia hạn hoặc thay chứng chỉ, hoặc nó không thuộc nhóm máy mà bạn kiểm tra.',
    fixOutbound: 'Nếu bên kia quan trọng và bạn bắt buộc kiểm tra (smtp_tls_security_level = verify, secure hoặc dane, smtp_tls_policy_maps; Exim hosts_require_tls với tls_verify_certificates và tls_verify_cert_hostnames), hãy báo cho quản trị bên đó bước kiểm tra nào thất bại (openssl s_client -starttls smtp -connect host:25 cho thấy điều này). Để vẫn gửi được trong lúc chờ, hạ chính sách cho đích đó xuống may hoặc encrypt. Với DANE, bản ghi TLSA của bên kia phải khớp với chứng chỉ hiện tại: kiểm tra lại sau mỗi lần gia hạn. Nếu Exim lùi về gửi không mã hoá mà bạn không muốn vậy, đặt tls_tempfail_tryclear = false hoặc thêm máy đó vào hosts_require_tls.',
  },
  'tls.handshake-timeout': {
    title: 'Bắt tay TLS hết thời gian chờ',
    meaning: 'Việc bắt tay đã bắt đầu nhưng một bên ngừng trả lời trước khi xong, và bên kia bỏ cuộc khi hết thời gian chờ.',
    when: `Máy khách mở TLS rồi cố ý dừng lại, đường truyền chậm hoặc mất gói, tường lửa làm rơi các gói bắt tay lớn (chuỗi chứng chỉ không vừa một gói: lỗi MTU), hoặc proxy TLS của postscreen chờ một máy khách không bao giờ hoàn tất. ${PROBES}`,
    fix: 'Nếu một đối tác thật cứ hết thời gian chờ, hãy thử bắt tay từ phía họ và tìm mất gói hoặc hố đen MTU trên đường đi.',
    fixInbound: 'Các máy lạ đơn lẻ thì không cần làm gì. Với đối tác thật trên đường truyền chậm, tăng smtpd_starttls_timeout (Postfix; tlsproxy_watchdog_timeout cho postscreen) hoặc smtp_receive_timeout của Exim; nếu nhiều máy khách cùng hết thời gian chờ, kiểm tra mạng phía trước máy chủ.',
    fixOutbound: 'Chỉ tăng smtp_starttls_timeout (Postfix) hoặc command_timeout của transport trong Exim cho một máy chủ chậm nhưng vẫn hoạt động; nếu không, báo cho bên kia.',
  },
  'tls.peer-dropped': {
    title: 'Bên kia ngắt kết nối giữa lúc bắt tay TLS',
    meaning: 'Kết nối kết thúc giữa lúc bắt tay mà không có lý do TLS nào: bên kia đóng hoặc reset nó. Postfix ghi là "lost connection", hoặc "-1" hay "0" khi thư viện không cho biết chi tiết; Exim ghi "TCP connection closed by peer" hoặc "The TLS connection was non-properly terminated".',
    when: 'Máy quét cổng và công cụ khảo sát TLS chỉ đọc chứng chỉ rồi đi, bot gửi thư rác, máy khách bỏ cuộc sau khi thấy chứng chỉ của bạn, và các chương trình gửi STARTTLS rồi đóng kết nối. Phần lớn trường hợp này bạn không cần làm gì.',
    fix: 'Đếm xem đó là ai: nhiều địa chỉ khác nhau, mỗi địa chỉ một dòng, là dò quét. Một đối tác thật lần nào cũng thất bại thì cần xem kỹ phía họ.',
    fixInbound: 'Không cần thay đổi gì với các máy lạ. Nếu một máy khách quen lần nào cũng thất bại, hỏi xem thư viện TLS của họ báo gì: thường là họ từ chối chứng chỉ của bạn mà không nói ra, hoặc chỉ nói các phiên bản hay bộ mã hoá mà bạn từ chối (xem các dòng log ngay trước và sau để tìm cảnh báo của thư viện; với Postfix, smtpd_tls_loglevel = 1 cho thêm chi tiết, còn Exim ghi lời của thư viện ngay trong dòng log).',
    fixOutbound: 'Bên kia cắt ngang việc bắt tay của bạn: việc gửi lại là tự động. Nếu lặp lại với cùng một đích, thử bằng openssl s_client -starttls smtp; với một máy chủ luôn cắt TLS, chỉ có thể gửi không mã hoá khi smtp_tls_security_level = may (Exim: không có trong hosts_require_tls).',
  },
  'tls.handshake': {
    title: 'Bắt tay TLS thất bại',
    meaning: 'Không lập được phiên TLS, và dòng log không nói lý do bằng những từ mà mxlens nhận ra.',
    when: 'Mọi vấn đề TLS: phiên bản, bộ mã hoá, chứng chỉ, bên kia ngắt kết nối. tlsproxy của Postfix (postscreen) chỉ ghi "TLS handshake failed"; lý do nằm ở cảnh báo ngay trước dòng đó. Exim thường ghi nguyên thông báo của thư viện sau tên hàm trong ngoặc đơn.',
    fix: 'Đọc thông báo của thư viện trong dòng log và các dòng xung quanh; tăng mức log TLS để có thêm chi tiết (Postfix smtpd_tls_loglevel hoặc smtp_tls_loglevel = 1 hoặc 2). Tái hiện bằng openssl s_client -starttls smtp -connect host:25 (hoặc gnutls-cli --starttls-proto=smtp) từ phía bị lỗi.',
  },
};
