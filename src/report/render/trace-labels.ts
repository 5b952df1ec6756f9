// The words around the data in `mxlens trace` for a terminal, per language. The data keep the
// schema's words (states, reply kinds, how a connection ended), as JSON and `query` show them.

export interface TraceLabels {
  everything: string;
  nothing: string;
  olderMessages: (n: number) => string;
  olderConnections: (n: number) => string;
  olderRows: (n: number) => string;
  otherRows: string;
  impliedCode: string;
  explainHint: string;
  message: (queueId: string, host: string, mta: string, state: string, span: string) => string;
  from: (sender: string) => string;
  bytes: (n: number) => string;
  recipients: (n: number) => string;
  origin: (o: string) => string;
  parent: { notice: string; copy: string; forward: string };
  /** `${child} ${queueId}`: the message made from this one, then a hint to trace it */
  child: { notice: string; copy: string; forward: string };
  traceIt: string;
  connectionOf: string;
  clientOf: string;
  doubleBounce: string;
  connection: string;
  alsoCarried: (ids: string) => string;
  clientUnknown: string;
  to: string;
  stillOpen: string;
  after: string;
  stalledAfter354: string;
  tlsFailure: string;
  stalled354: (what: string) => string;
  at: string;
  originally: string;
  peer: { from: string; via: string; with: string };
  why: string;
  lastError: string;
  whatToDo: string;
  line: string;
}

const en: TraceLabels = {
  everything: 'everything in the database',
  nothing: 'Nothing stored matches: no message, connection or reply.',
  olderMessages: (n) => `${n} older message(s) found are not shown (--limit)`,
  olderConnections: (n) => `${n} older connection(s) found are not shown (--limit)`,
  olderRows: (n) => `${n} older row(s) found are not shown (--limit)`,
  otherRows: 'OTHER ROWS (stored with no message or connection)',
  impliedCode: '* the log line names no code: it is the one its shape implies (--lines shows the line as logged).',
  explainHint: 'mxlens explain ID prints what an entry in brackets means and how to fix it.',
  message: (q, host, mta, state, span) => `MESSAGE ${q}${host === '' ? '' : ` on ${host}`} (${mta}): ${state}, ${span}`,
  from: (s) => `from <${s}>`,
  bytes: (n) => `${n} bytes`,
  recipients: (n) => `${n} recipient${n === 1 ? '' : 's'}`,
  origin: (o) => `origin ${o}`,
  parent: { notice: 'the bounce or delay notice of message', copy: 'requeued copy of message', forward: 'forwarded copy of message' },
  child: { notice: 'bounce or delay notice sent as message', copy: 'requeued as message', forward: 'forwarded as message' },
  traceIt: '(trace it for its story)',
  connectionOf: 'connection',
  clientOf: 'client',
  doubleBounce:
    'note: this notice bounced itself (a double bounce). Postfix drops it without a line unless notify_classes includes 2bounce; then the postmaster gets a copy, from double-bounce@ (2bounce_notice_recipient).',
  connection: 'CONNECTION',
  alsoCarried: (ids) => `(also carried ${ids}, above; these rows belong to none of them)`,
  clientUnknown: 'client unknown',
  to: 'to',
  stillOpen: 'still open',
  after: 'after',
  stalledAfter354: 'stalled after 354',
  tlsFailure: 'TLS failure',
  stalled354: (what) => `stalled 354 (${what})`,
  at: 'at',
  originally: 'originally',
  peer: { from: 'from', via: 'via', with: 'with' },
  why: 'why',
  lastError: 'last error',
  whatToDo: 'what to do',
  line: 'line',
};

const vi: TraceLabels = {
  everything: 'toàn bộ cơ sở dữ liệu',
  nothing: 'Không có dữ liệu nào khớp: không có thư, kết nối hay câu trả lời nào.',
  olderMessages: (n) => `không hiển thị ${n} thư cũ hơn đã tìm thấy (--limit)`,
  olderConnections: (n) => `không hiển thị ${n} kết nối cũ hơn đã tìm thấy (--limit)`,
  olderRows: (n) => `không hiển thị ${n} dòng dữ liệu cũ hơn đã tìm thấy (--limit)`,
  otherRows: 'CÁC DÒNG DỮ LIỆU KHÁC (được lưu mà không gắn với thư hay kết nối nào)',
  impliedCode: '* dòng log không ghi mã: đây là mã suy ra từ dạng của dòng (--lines hiển thị dòng log gốc).',
  explainHint: 'mxlens explain ID cho biết mục trong ngoặc vuông nghĩa là gì và cách khắc phục.',
  message: (q, host, mta, state, span) => `THƯ ${q}${host === '' ? '' : ` trên ${host}`} (${mta}): ${state}, ${span}`,
  from: (s) => `người gửi <${s}>`,
  bytes: (n) => `${n} byte`,
  recipients: (n) => `${n} người nhận`,
  origin: (o) => `nguồn ${o}`,
  parent: { notice: 'thư báo lỗi hoặc báo chậm của thư', copy: 'bản sao được xếp lại hàng đợi của thư', forward: 'bản sao được chuyển tiếp của thư' },
  child: { notice: 'đã gửi thư báo lỗi hoặc báo chậm, là thư', copy: 'đã xếp lại hàng đợi thành thư', forward: 'đã chuyển tiếp thành thư' },
  traceIt: '(trace thư đó để xem diễn biến của nó)',
  connectionOf: 'kết nối',
  clientOf: 'máy khách',
  doubleBounce:
    'lưu ý: chính thư báo lỗi này cũng bị trả lại (double bounce). Postfix bỏ nó mà không ghi dòng nào, trừ khi notify_classes có 2bounce; khi đó postmaster nhận một bản sao, từ double-bounce@ (2bounce_notice_recipient).',
  connection: 'KẾT NỐI',
  alsoCarried: (ids) => `(kết nối này cũng mang thư ${ids} ở trên; các dòng dưới đây không thuộc thư nào trong số đó)`,
  clientUnknown: 'không rõ máy khách',
  to: 'tới',
  stillOpen: 'vẫn đang mở',
  after: 'sau',
  stalledAfter354: 'treo sau 354',
  tlsFailure: 'lỗi TLS',
  stalled354: (what) => `phiên 354 bị treo (${what})`,
  at: 'ở bước',
  originally: 'địa chỉ ban đầu',
  peer: { from: 'từ', via: 'qua', with: 'với' },
  why: 'lý do',
  lastError: 'lỗi cuối cùng',
  whatToDo: 'cách xử lý',
  line: 'dòng log',
};

export function traceLabels(lang: string | undefined): TraceLabels {
  return lang === 'vi' ? vi : en;
}
