// The words around the data in the text report, per language (the remedy texts are translated
// in the catalogue). Sentences are functions so the word order can differ.
import type { Totals } from '../types.js';

export interface ReportLabels {
  title: string;
  everything: string;
  /** a report window with one or both ends (times already formatted) */
  window: (from: string | null, to: string | null) => string;
  /** the span the line counts cover when it differs from the window (times already formatted) */
  linesSpan: (from: string | null, to: string | null) => string;
  /** the per-host table, shown when the window has lines of more than one host */
  hostsTitle: string;
  hostCols: string[];
  /** delivery attempts per recipient domain */
  domainsTitle: string;
  domainCols: string[];
  /** traffic per local day or hour */
  trafficTitle: (unit: 'day' | 'hour') => string;
  /** the first column's name, then the counts' */
  trafficCols: (unit: 'day' | 'hour') => string[];
  earlierPeriods: (n: number, unit: 'day' | 'hour') => string;
  /** envelope senders of the messages received */
  sendersTitle: string;
  senderCols: string[];
  moreSenders: (senders: number, messages: number, top: number) => string;
  /** recipient addresses delivered to */
  recipientsTitle: string;
  recipientCols: string[];
  moreRecipients: (recipients: number, deliveries: number, top: number) => string;
  /** the null sender (<>), and messages whose sender no line gave */
  nullSender: string;
  noSender: string;
  /** the host of lines that name none (Exim's own files) */
  noHost: string;
  /** a report for some hosts only (names already made safe for the output) */
  hosts: (names: string[]) => string;
  totals: string;
  lines: (n: number, parsed: number, unparsed: number, foreign: number) => string;
  sessions: (n: number, messages: number, received: number, incomplete: number) => string;
  deliveries: (delivered: number, deferred: number, deferrals: number, bounced: number, expired: number) => string;
  rejected: (n: number, c5: number, c4: number, stalled: number, tls: number) => string;
  permanent: string;
  temporary: string;
  stalled: string;
  bounces: string;
  /** messages given up after their queue lifetime (added later) */
  expired: string;
  /** under the expired section: the remedies are for the causes, the messages are gone */
  expiredNote: string;
  deferrals: string;
  /** failed TLS handshakes and certificates that did not verify (added later) */
  tls: string;
  /** the legend of a `*` after an enhanced code, under a section that has one */
  dsnMark: string;
  incomplete: string;
  problems: string;
  unparsed: string;
  none: string;
  noText: string;
  whatToDo: string;
  noTranslation: string;
  /** under the totals when Exim logged no connection lines */
  sessionsUnlogged: string;
  meaning: string;
  when: string;
  fix: string;
  clients: string;
  remotes: string;
  /** who failed a recipient when it was one of our own delivery agents */
  agents: string;
  domains: string;
  eg: string;
  at: string;
  direction: Record<string, string>;
  more: (groups: number, lines: number, top: number) => string;
  /** the HOSTS table's rows left out by --top */
  moreHosts: (hosts: number, lines: number, top: number) => string;
  moreDomains: (domains: number, attempts: number, top: number) => string;
  /** unparsed lines whose shapes an older mxlens did not keep for this window or these hosts */
  unshaped: (lines: number) => string;
  retrySkipped: (lines: number, messages: number) => string;
  /** the stored rows were grouped by another mxlens's rules */
  outdated: (database: number, program: number) => string;
  oldestFirst: (n: number) => string;
  andMore: (n: number) => string;
  from: string;
  /** an incomplete Exim message whose last freeze was not thawed */
  frozen: string;
  /** under the list when a message in it is frozen: what it means and what to do */
  frozenNote: string;
  /** Postfix messages on the hold queue, which the list leaves out */
  heldNote: (n: number) => string;
  /** the Markdown and HTML reports */
  doc: DocLabels;
}

export interface DocLabels {
  window: string;
  hosts: string;
  domains: string;
  traffic: (unit: 'day' | 'hour') => string;
  senders: string;
  recipients: string;
  span: (from: string | null, to: string | null) => string;
  totalsCols: string[];
  permanent: string;
  temporary: string;
  stalled: string;
  bounces: string;
  expired: string;
  deferrals: string;
  incomplete: string;
  problems: string;
  unparsed: string;
  none: string;
  mdGroupCols: string[];
  htmlGroupCols: string[];
  mdStallCols: string[];
  htmlStallCols: string[];
  tls: string;
  mdTlsCols: string[];
  htmlTlsCols: string[];
  incompleteCols: string[];
  inAll: (n: number) => string;
  retrySkipped: (lines: number, messages: number) => string;
}

const s = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const en: ReportLabels = {
  title: 'mxlens report',
  everything: 'everything in the database',
  window: (f, t) => (f !== null && t !== null ? `${f} .. ${t}` : f !== null ? `since ${f}` : `until ${t}`),
  linesSpan: (f, t) =>
    `line counts ${f !== null && t !== null ? `cover ${f} .. ${t}` : f !== null ? `start at ${f}` : `end at ${t}`} (lines are counted by whole minutes; by whole hours where an older mxlens stored them)`,
  hosts: (names) => `${names.length === 1 ? 'host' : 'hosts'} ${names.join(', ')}`,
  hostsTitle: 'HOSTS',
  hostCols: ['host', 'lines', 'unparsed', 'rejected', 'bounced', 'deferrals', 'stalled 354', 'TLS failures'],
  domainsTitle: 'DELIVERY BY RECIPIENT DOMAIN (attempts, most first; delay: from arrival to delivery, of the mail delivered)',
  domainCols: ['domain', 'delivered', 'deferrals', 'bounced', 'avg delay', 'max delay'],
  trafficTitle: (u) => `TRAFFIC BY ${u === 'day' ? 'DAY' : 'HOUR'} (local time; received messages, delivery attempts, rejections by our server)`,
  trafficCols: (u) => [u, 'received', 'delivered', 'deferrals', 'bounced', 'rejected'],
  earlierPeriods: (n, u) => `… ${s(n, `earlier ${u}`, `earlier ${u}s`)} not shown: all are in --format json, and --since narrows the window`,
  sendersTitle: 'TOP SENDERS (messages received, most first; their recipients and size where the log gives them)',
  senderCols: ['sender', 'messages', 'recipients', 'size'],
  moreSenders: (g, m, top) => `… ${s(g, 'more sender', 'more senders')} (${s(m, 'message', 'messages')}); use --top ${top} to see them all`,
  recipientsTitle: 'TOP RECIPIENTS (deliveries, most first, each counted as in the totals; size of their messages where the log gives it)',
  recipientCols: ['recipient', 'delivered', 'size'],
  moreRecipients: (g, d, top) => `… ${s(g, 'more recipient', 'more recipients')} (${s(d, 'delivery', 'deliveries')}); use --top ${top} to see them all`,
  nullSender: '<> (bounces and notices)',
  noSender: '(none logged: mostly abandoned during DATA)',
  noHost: '(no host name)',
  totals: 'TOTALS',
  lines: (n, p, u, f) => `lines ${n}: parsed ${p}, unparsed ${u}, other programs ${f}`,
  sessions: (n, m, r, i) => `sessions ${n}, messages ${m}, received ${r}, incomplete ${i}`,
  deliveries: (d, df, dfs, b, e) => `delivered ${d}, deferred ${df} (${dfs} deferrals), bounced ${b}, expired ${e}`,
  rejected: (n, c5, c4, st, tls) => `rejected ${n} (5xx ${c5}, 4xx ${c4}), stalled 354 sessions ${st}, TLS failures ${tls}`,
  permanent: 'REJECTIONS, PERMANENT (5xx: our server refused for good; * = code implied by the log line)',
  temporary: 'REJECTIONS, TEMPORARY (4xx: our server asked the client to try again later)',
  stalled: 'STALLED 354 SESSIONS (DATA accepted, message never completed)',
  bounces: 'BOUNCES (delivery failed for good)',
  expired: 'EXPIRED (retried until the queue lifetime ran out, or expired by an administrator with postsuper -e; returned to the sender; grouped by the last error)',
  expiredNote:
    'These messages are no longer queued: what to do below is for the error they were retried on, so that the next ones get through; once it is fixed, their senders must send them again. The queue lifetime is Postfix maximal_queue_lifetime (default 5d) or, for Exim, the retry rules.',
  deferrals: 'DEFERRALS (delivery will be retried)',
  tls: 'TLS FAILURES (handshakes that failed, certificates that did not verify)',
  dsnMark: "(* after an enhanced code: Postfix's own dsn=, the remote's reply carried none)",
  incomplete: 'INCOMPLETE MESSAGES (no Completed/removed line in the window; mail still queued for retry counts too)',
  problems: 'PROBLEMS (warning, error, fatal, panic)',
  unparsed: 'UNPARSED LINES (not understood yet; kept by shape)',
  none: 'none',
  noText: '(no text)',
  whatToDo: 'What to do',
  noTranslation: 'English: no translation yet',
  sessionsUnlogged:
    "(Exim logged no connection lines, so its sessions are not counted: add +smtp_connection to log_selector to count them; its rejections, messages and stalls are counted all the same)",
  meaning: 'Meaning',
  when: 'When',
  fix: 'Fix',
  clients: 'clients',
  remotes: 'remote servers',
  agents: 'delivery agents',
  domains: 'recipient domains',
  eg: 'e.g.',
  at: 'at',
  direction: { inbound: 'inbound', outbound: 'outbound', local: 'local delivery' },
  more: (g, l, top) => `… ${s(g, 'more group', 'more groups')} (${s(l, 'line', 'lines')}); use --top ${top} to see them all`,
  moreHosts: (g, l, top) => `… ${s(g, 'more host', 'more hosts')} (${s(l, 'line', 'lines')}); use --top ${top} to see them all`,
  moreDomains: (g, a, top) => `… ${s(g, 'more domain', 'more domains')} (${s(a, 'attempt', 'attempts')}); use --top ${top} to see them all`,
  unshaped: (l) => `+ ${s(l, 'unparsed line', 'unparsed lines')} stored by an older mxlens, which kept their shapes only for all hosts together or by the hour`,
  retrySkipped: (l, m) =>
    `+ ${s(l, 'skipped attempt', 'skipped attempts')} on ${s(m, 'message', 'messages')}: "retry time not reached" or queued for a later queue run, no host was tried (counted in the totals, not listed above)`,
  outdated: (d, p) =>
    `note: the stored rows were grouped by another mxlens (rules version ${d}, this one has ${p}): run \`mxlens analyse\` once to regroup them`,
  oldestFirst: (n) => `${s(n, 'message', 'messages')}, oldest first:`,
  andMore: (n) => `... and ${n} more`,
  from: 'from',
  frozen: 'frozen',
  heldNote: (n) =>
    `${s(n, 'message', 'messages')} on Postfix's hold queue (not counted as incomplete: held mail waits for you). postqueue -p marks them with !, postsuper -H ID releases one, postsuper -d ID deletes one.`,
  frozenNote:
    'frozen: Exim stopped trying and waits for you. `exim -Mvl ID` shows why, `exim -M ID` tries again, `exim -Mt ID` thaws it, `exim -Mrm ID` removes it. ' +
    'A frozen bounce is dropped after ignore_bounce_errors_after (10w, ten weeks, by default; Debian\'s configuration sets 2d); timeout_frozen_after ends any frozen message.',
  doc: {
    window: 'Window',
    hosts: 'Hosts',
    domains: 'Delivery by recipient domain',
    traffic: (u) => `Traffic by ${u}`,
    senders: 'Top senders',
    recipients: 'Top recipients',
    span: (f, t) => (f === null && t === null ? 'everything in the database' : `${f === null ? 'from the first line' : `from ${f}`} until ${t ?? 'the last line'}`),
    totalsCols: ['lines', 'parsed', 'unparsed', 'other programs', 'sessions', 'messages', 'received', 'incomplete', 'delivered', 'deferred', 'bounced', 'expired', 'rejected (5xx/4xx)', 'stalled 354', 'TLS failures'],
    permanent: 'Rejections, permanent (5xx)',
    temporary: 'Rejections, temporary (4xx)',
    stalled: 'Stalled 354 sessions',
    bounces: 'Bounces',
    expired: 'Expired (queue lifetime ran out, or postsuper -e)',
    deferrals: 'Deferrals',
    incomplete: 'Incomplete messages (no Completed/removed line in the window)',
    problems: 'Problems (warning, error, fatal, panic)',
    unparsed: 'Unparsed lines',
    none: 'None.',
    mdGroupCols: ['code', 'enhanced', 'reason', 'count', 'top peers', 'what it is'],
    htmlGroupCols: ['code', 'enhanced', 'reason and examples', 'count', 'top peers', 'what to do'],
    mdStallCols: ['kind', 'direction', 'count', 'what to do'],
    htmlStallCols: ['kind', 'direction', 'count', 'examples', 'what to do'],
    tls: 'TLS failures (handshakes, certificates)',
    mdTlsCols: ['what', 'direction', 'reason', 'count', 'top peers', 'what to do'],
    htmlTlsCols: ['what', 'direction', 'reason and examples', 'count', 'top peers', 'what to do'],
    incompleteCols: ['host', 'queue id', 'first', 'last', 'sender'],
    inAll: (n) => `${n} in all, oldest first:`,
    retrySkipped: (l, m) => `Also ${l} skipped attempts on ${m} messages ("retry time not reached", or queued for a later queue run: no host was tried; counted in the totals, not listed above).`,
  },
};

const vi: ReportLabels = {
  title: 'Báo cáo mxlens',
  everything: 'toàn bộ cơ sở dữ liệu',
  window: (f, t) => (f !== null && t !== null ? `${f} .. ${t}` : f !== null ? `kể từ ${f}` : `cho đến ${t}`),
  linesSpan: (f, t) =>
    `số dòng được tính ${f !== null && t !== null ? `trong ${f} .. ${t}` : f !== null ? `kể từ ${f}` : `cho đến ${t}`} (số dòng được đếm theo từng phút; theo từng giờ với phần do phiên bản mxlens cũ lưu)`,
  hosts: (names) => `máy chủ ${names.join(', ')}`,
  hostsTitle: 'MÁY CHỦ',
  hostCols: ['máy chủ', 'dòng', 'chưa phân tích được', 'bị từ chối', 'bị trả lại', 'lần hoãn', 'phiên 354 bị treo', 'lỗi TLS'],
  domainsTitle: 'GỬI THƯ THEO TÊN MIỀN NGƯỜI NHẬN (số lần gửi, nhiều nhất trước; độ trễ: từ lúc nhận thư đến lúc gửi xong, của các thư đã gửi)',
  domainCols: ['tên miền', 'đã gửi', 'lần hoãn', 'bị trả lại', 'trễ trung bình', 'trễ tối đa'],
  trafficTitle: (u) => `LƯU LƯỢNG THEO ${u === 'day' ? 'NGÀY' : 'GIỜ'} (giờ địa phương; thư đã nhận, số lần gửi, số lần máy chủ của bạn từ chối)`,
  trafficCols: (u) => [u === 'day' ? 'ngày' : 'giờ', 'đã nhận', 'đã gửi', 'lần hoãn', 'bị trả lại', 'bị từ chối'],
  earlierPeriods: (n, u) => `… còn ${n} ${u === 'day' ? 'ngày' : 'giờ'} trước đó không hiện: đầy đủ trong --format json, và --since thu hẹp khoảng thời gian`,
  sendersTitle: 'NGƯỜI GỬI NHIỀU NHẤT (thư đã nhận, nhiều nhất trước; số người nhận và dung lượng khi log có ghi)',
  senderCols: ['người gửi', 'thư', 'người nhận', 'dung lượng'],
  moreSenders: (g, m, top) => `… còn ${g} người gửi nữa (${m} thư); dùng --top ${top} để xem tất cả`,
  recipientsTitle: 'NGƯỜI NHẬN NHIỀU NHẤT (số lần gửi xong, nhiều nhất trước, đếm như ở phần tổng số; dung lượng thư khi log có ghi)',
  recipientCols: ['người nhận', 'đã gửi', 'dung lượng'],
  moreRecipients: (g, d, top) => `… còn ${g} người nhận nữa (${d} lần gửi); dùng --top ${top} để xem tất cả`,
  nullSender: '<> (thư báo lỗi và thông báo)',
  noSender: '(không ghi: phần lớn bị bỏ dở trong lúc DATA)',
  noHost: '(không có tên máy chủ)',
  totals: 'TỔNG SỐ',
  lines: (n, p, u, f) => `dòng ${n}: đã phân tích ${p}, chưa phân tích được ${u}, của chương trình khác ${f}`,
  sessions: (n, m, r, i) => `phiên ${n}, thư ${m}, đã nhận ${r}, chưa hoàn tất ${i}`,
  deliveries: (d, df, dfs, b, e) => `đã gửi ${d}, bị hoãn ${df} (${dfs} lần hoãn), bị trả lại ${b}, hết hạn ${e}`,
  rejected: (n, c5, c4, st, tls) => `bị từ chối ${n} (5xx ${c5}, 4xx ${c4}), phiên 354 bị treo ${st}, lỗi TLS ${tls}`,
  permanent: 'TỪ CHỐI VĨNH VIỄN (5xx: máy chủ của bạn từ chối hẳn; * = mã được suy ra từ dòng log)',
  temporary: 'TỪ CHỐI TẠM THỜI (4xx: máy chủ của bạn yêu cầu máy khách thử lại sau)',
  stalled: 'PHIÊN 354 BỊ TREO (DATA đã được chấp nhận nhưng thư không bao giờ gửi xong)',
  bounces: 'THƯ BỊ TRẢ LẠI (chuyển thư thất bại vĩnh viễn)',
  expired: 'THƯ HẾT HẠN (thử lại đến hết thời gian lưu trong hàng đợi, hoặc bị quản trị viên cho hết hạn bằng postsuper -e; đã trả lại cho người gửi; gom theo lỗi cuối cùng)',
  expiredNote:
    'Các thư này không còn trong hàng đợi: cách xử lý bên dưới nhắm vào lỗi đã khiến chúng phải thử lại, để những thư sau gửi được; sửa xong, người gửi phải gửi lại các thư này. Thời gian lưu trong hàng đợi là maximal_queue_lifetime của Postfix (mặc định 5d) hoặc, với Exim, các quy tắc retry.',
  deferrals: 'THƯ BỊ HOÃN (sẽ được gửi lại)',
  tls: 'LỖI TLS (bắt tay TLS thất bại, chứng chỉ không qua được bước kiểm tra)',
  dsnMark: '(* sau mã mở rộng: lấy từ dsn= của chính Postfix, vì câu trả lời của máy chủ bên kia không kèm mã mở rộng)',
  incomplete: 'THƯ CHƯA HOÀN TẤT (không có dòng Completed/removed trong khoảng thời gian này; tính cả thư còn trong hàng đợi chờ gửi lại)',
  problems: 'SỰ CỐ (warning, error, fatal, panic)',
  unparsed: 'DÒNG CHƯA PHÂN TÍCH ĐƯỢC (mxlens chưa nhận dạng được; gom theo dạng dòng)',
  none: 'không có',
  noText: '(không có nội dung)',
  whatToDo: 'Cách xử lý',
  noTranslation: 'bản tiếng Anh: chưa có bản dịch',
  sessionsUnlogged:
    '(Exim không ghi các dòng kết nối nên không đếm được phiên của nó: thêm +smtp_connection vào log_selector để đếm; các lần từ chối, thư và phiên 354 bị treo của nó vẫn được đếm như thường)',
  meaning: 'Ý nghĩa',
  when: 'Khi nào',
  fix: 'Cách khắc phục',
  clients: 'máy khách',
  remotes: 'máy chủ bên kia',
  agents: 'chương trình chuyển phát',
  domains: 'tên miền người nhận',
  eg: 'vd.',
  at: 'ở bước',
  direction: { inbound: 'chiều vào', outbound: 'chiều ra', local: 'chuyển phát nội bộ' },
  more: (g, l, top) => `… còn ${g} nhóm nữa (${l} dòng); dùng --top ${top} để xem tất cả`,
  moreHosts: (g, l, top) => `… còn ${g} máy chủ nữa (${l} dòng); dùng --top ${top} để xem tất cả`,
  moreDomains: (g, a, top) => `… còn ${g} tên miền nữa (${a} lần gửi); dùng --top ${top} để xem tất cả`,
  unshaped: (l) => `+ ${l} dòng chưa phân tích được do phiên bản mxlens cũ lưu; phiên bản đó chỉ giữ dạng dòng gộp cho mọi máy chủ hoặc theo giờ`,
  retrySkipped: (l, m) => `+ ${l} lần gửi bị bỏ qua trên ${m} thư: "retry time not reached" hoặc xếp chờ lượt chạy hàng đợi sau, chưa thử máy chủ nào (đã tính trong tổng số, không liệt kê ở trên)`,
  outdated: (d, p) =>
    `lưu ý: dữ liệu đã lưu được gom nhóm bởi một phiên bản mxlens khác (quy tắc phiên bản ${d}, bản này là ${p}): chạy \`mxlens analyse\` một lần để gom nhóm lại`,
  oldestFirst: (n) => `${n} thư, cũ nhất trước:`,
  andMore: (n) => `... và ${n} thư nữa`,
  from: 'từ',
  frozen: 'đang bị đóng băng (frozen)',
  heldNote: (n) =>
    `${n} thư đang nằm trong hàng đợi hold của Postfix (không tính là chưa hoàn tất: thư bị giữ chờ bạn xử lý). postqueue -p đánh dấu chúng bằng !, postsuper -H ID thả một thư, postsuper -d ID xoá một thư.`,
  frozenNote:
    'đang bị đóng băng (frozen): Exim đã ngừng thử gửi và chờ bạn xử lý. `exim -Mvl ID` cho biết lý do, `exim -M ID` thử gửi lại, `exim -Mt ID` bỏ đóng băng, `exim -Mrm ID` xoá thư. ' +
    'Thư báo lỗi bị đóng băng sẽ bị bỏ sau ignore_bounce_errors_after (mặc định 10w, tức mười tuần; cấu hình của Debian đặt 2d); timeout_frozen_after kết thúc mọi thư bị đóng băng.',
  doc: {
    window: 'Khoảng thời gian',
    hosts: 'Máy chủ',
    domains: 'Gửi thư theo tên miền người nhận',
    traffic: (u) => `Lưu lượng theo ${u === 'day' ? 'ngày' : 'giờ'}`,
    senders: 'Người gửi nhiều nhất',
    recipients: 'Người nhận nhiều nhất',
    span: (f, t) => (f === null && t === null ? 'toàn bộ dữ liệu' : `${f === null ? 'từ dòng đầu tiên' : `từ ${f}`} đến ${t ?? 'dòng cuối cùng'}`),
    totalsCols: ['dòng', 'đã phân tích', 'chưa phân tích được', 'của chương trình khác', 'phiên', 'thư', 'đã nhận', 'chưa hoàn tất', 'đã gửi', 'bị hoãn', 'bị trả lại', 'hết hạn', 'bị từ chối (5xx/4xx)', 'phiên 354 bị treo', 'lỗi TLS'],
    permanent: 'Từ chối vĩnh viễn (5xx)',
    temporary: 'Từ chối tạm thời (4xx)',
    stalled: 'Phiên 354 bị treo',
    bounces: 'Thư bị trả lại',
    expired: 'Thư hết hạn (hết thời gian lưu trong hàng đợi, hoặc postsuper -e)',
    deferrals: 'Thư bị hoãn',
    incomplete: 'Thư chưa hoàn tất (không có dòng Completed/removed trong khoảng thời gian này)',
    problems: 'Sự cố (warning, error, fatal, panic)',
    unparsed: 'Dòng chưa phân tích được',
    none: 'Không có.',
    mdGroupCols: ['mã', 'mã mở rộng', 'lý do', 'số lần', 'máy gặp nhiều nhất', 'là gì'],
    htmlGroupCols: ['mã', 'mã mở rộng', 'lý do và ví dụ', 'số lần', 'máy gặp nhiều nhất', 'cách xử lý'],
    mdStallCols: ['loại', 'chiều', 'số lần', 'cách xử lý'],
    htmlStallCols: ['loại', 'chiều', 'số lần', 'ví dụ', 'cách xử lý'],
    tls: 'Lỗi TLS (bắt tay, chứng chỉ)',
    mdTlsCols: ['vấn đề', 'chiều', 'lý do', 'số lần', 'máy gặp nhiều nhất', 'cách xử lý'],
    htmlTlsCols: ['vấn đề', 'chiều', 'lý do và ví dụ', 'số lần', 'máy gặp nhiều nhất', 'cách xử lý'],
    incompleteCols: ['máy chủ', 'queue id', 'đầu tiên', 'cuối cùng', 'người gửi'],
    inAll: (n) => `Tổng cộng ${n} thư, cũ nhất trước:`,
    retrySkipped: (l, m) => `Ngoài ra ${l} lần gửi bị bỏ qua trên ${m} thư ("retry time not reached" hoặc xếp chờ lượt chạy hàng đợi sau: chưa thử máy chủ nào; đã tính trong tổng số, không liệt kê ở trên).`,
  },
};

export function reportLabels(lang: string | undefined): ReportLabels {
  return lang === 'vi' ? vi : en;
}

/** The totals of the markdown and HTML reports, in the order of `doc.totalsCols`. */
export function totalsValues(t: Totals): Array<number | string> {
  return [
    t.lines, t.parsed, t.unparsed, t.foreign, t.sessions, t.messages, t.received, t.incomplete ?? 0, t.delivered, t.deferred, t.bounced,
    t.expired, `${t.rejected.total} (${t.rejected['5xx']}/${t.rejected['4xx']})`, t.stalled_354, t.tls_failures ?? 0,
  ];
}
