import type { EntryText } from '../types.js';

// Bảng thuật ngữ tiếng Việt (dùng thống nhất trong mọi tệp vi-*.ts và labels.ts). Văn bản nói với
// người quản trị bằng "bạn"; "máy chủ của bạn" là máy chủ ghi log.
//   server / client            máy chủ / máy khách;  remote: máy chủ bên kia, bên kia
//   sending / receiving side   bên gửi / bên nhận (không dùng "phía gửi/phía nhận")
//   sender / recipient         người gửi / người nhận; envelope sender: địa chỉ người gửi (envelope sender)
//   mailbox, queue, queue id   hộp thư, hàng đợi, queue id (giữ tiếng Anh như trong log)
//   reject / defer / retry     từ chối / hoãn / thử lại, gửi lại
//   bounce                     (thư) bị trả lại; bounce message, DSN: thư báo lỗi
//   relay                      relay (open relay, từ chối relay); forward: chuyển tiếp (251, 551, .forward)
//   delivery                   chuyển thư; (local) delivery agent: chương trình chuyển phát
//   blocklist, DNSBL           danh sách chặn, DNSBL;  greylisting: danh sách xám (greylisting)
//   inbound / outbound         chiều vào / chiều ra
//   log, header, in clear      log, header, không mã hoá
//   reply / reply text         câu trả lời / nội dung trả lời; stage: bước (ở bước RCPT)
//   resolver, cipher           resolver (resolver cục bộ, resolver DNS công cộng), bộ mã hoá
//   opportunistic TLS          TLS cơ hội (opportunistic TLS), chú thích ở lần đầu trong mỗi mục
//   administrator              quản trị viên; admin of one side: quản trị bên nhận / bên gửi / bên kia
// Giữ nguyên tiếng Anh: DNS, MX, PTR, TLS, STARTTLS, SPF, DKIM, DMARC, ARC, milter, ACL, router,
// transport, smarthost, postmaster, tên tham số, lệnh, mã và mọi câu trích từ máy chủ.
import { viBasic } from './vi-basic.js';
import { viEnhanced } from './vi-enhanced.js';
import { viEnhancedRare } from './vi-enhanced-rare.js';
import { viText } from './vi-text.js';
import { viTextLimits } from './vi-text-limits.js';
import { viStalls, viClasses, viLocal } from './vi-stalls.js';
import { viTls } from './vi-tls.js';

/** Vietnamese text keyed by entry id; ids missing here fall back to English. */
export const vi: Readonly<Record<string, EntryText>> = { ...viBasic, ...viEnhanced, ...viEnhancedRare, ...viText, ...viTextLimits, ...viStalls, ...viClasses, ...viLocal, ...viTls };

export function translation(lang: string, id: string): EntryText | undefined {
  return lang === 'vi' ? vi[id] : undefined;
}
