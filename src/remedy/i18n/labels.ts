import type { Lang } from '../index.js';
import type { CodeKind } from '../describe.js';

// Headings and phrases of explain and compare. Sentences are functions so word order can differ.

export interface Labels {
  meaning: string;
  when: string;
  fix: string;
  inbound: string;
  outbound: string;
  /** the same two for a TLS failure (tls.* entries), which is no reply */
  tlsInbound: string;
  tlsOutbound: string;
  refs: string;
  differences: string;
  actOn: string;
  fallback: string;
  classNames: Record<string, string>;
  categoryNames: Record<string, string>;
  subjectNames: Record<string, string>;
  category: string;
  next: Record<string, string>;
  vs: (a: string, b: string) => string;
  /** RFC 3463's names of the classes of enhanced status codes */
  enhancedClassNames: Record<string, string>;
  /** what a class says, in "both say it is …" */
  classMeaning: Record<string, string>;
  /** `named`: say which kind of code it is (when the two compared differ in kind) */
  isClass: (code: string, kind: CodeKind, cls: string, name: string, named: boolean) => string;
  classDiff: (a: string, b: string) => string;
  sameClass: (a: string, b: string, kind: CodeKind, cls: string, name: string) => string;
  sameClassMixed: (a: string, b: string, digit: string) => string;
  nextDiff: (a: string, na: string, b: string, nb: string) => string;
  actOnOne: (act: string, other: string) => string;
  actOnBoth: string;
  actOnBothSame: string;
  actOnNone: string;
  /** compare: a side that is only text (a pasted TLS failure, "Mailbox full"): no class can be claimed */
  noCode: (a: string) => string;
  actOnText: string;
  forCode: (code: string, title: string, fix: string) => string;
  note: string;
  undefinedCategory: string;
  classMismatch: (code: string, enhanced: string) => string;
  unknownCode: (code: string) => string;
  unknownEnhanced: (enhanced: string, withSubject: boolean) => string;
  says: (a: string, ta: string, b: string, tb: string) => string;
  sameCategory: (category: string) => string;
  categoryDiff: (a: string, ca: string, b: string, cb: string) => string;
  sameNext: (next: string) => string;
  /** explain of a pasted log line: what the report makes of it (see LineWhat) */
  readAsLine: (what: LineWhat, stage: string | null, derivedCode: string | null) => string;
}

/** What a log line records: a reply (ours to a client, or a remote's to us), a failed delivery (by a remote, or by our own server), a stall. */
export type LineWhat = 'inbound' | 'outbound' | 'delivery' | 'local' | 'stall' | 'tls';

// an acronym keeps its capitals ("SMTP synchronization error")
const lc = (s: string): string => (/^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

const en: Labels = {
  meaning: 'Meaning', when: 'When you see this code', fix: 'How to fix it',
  inbound: 'If your server sent it (a client was refused)', outbound: 'If a remote server sent it to you',
  tlsInbound: 'If a client failed with your server', tlsOutbound: 'If your server failed with a remote server',
  refs: 'References', differences: 'Key differences', actOn: 'Which one to act on', fallback: '(no translation yet: English text)',
  classNames: { '2': 'Positive Completion', '3': 'Positive Intermediate', '4': 'Transient Negative Completion', '5': 'Permanent Negative Completion' },
  categoryNames: { '0': 'syntax', '1': 'information', '2': 'connections', '3': 'unspecified', '4': 'unspecified', '5': 'mail system' },
  subjectNames: { '0': 'other', '1': 'addressing', '2': 'mailbox', '3': 'mail system', '4': 'network and routing', '5': 'mail delivery protocol', '6': 'message content or media', '7': 'security or policy' },
  category: 'category',
  next: { '2': 'the command succeeded and the dialogue goes on', '3': 'the client continues with the next step', '4': 'the client keeps the message and retries later', '5': 'the client must not retry unchanged' },
  vs: (a, b) => `SMTP ${a} vs ${b}`,
  enhancedClassNames: { '2': 'Success', '4': 'Persistent Transient Failure', '5': 'Permanent Failure' },
  classMeaning: { '2': 'a success', '3': 'an intermediate step', '4': 'a temporary failure', '5': 'a permanent failure' },
  isClass: (code, kind, cls, name, named) =>
    !named ? `${code} is a ${cls} ${name} ${kind === 'enhanced' ? 'enhanced status code' : 'reply'}`
    : kind === 'basic' ? `${code} is a basic reply code of class ${cls} (${name})`
    : kind === 'enhanced' ? `${code} is an RFC 3463 enhanced status code of class ${cls} (${name})`
    : `${code} is a reply code with an enhanced status code, class ${cls} (${name})`,
  classDiff: (a, b) => `${a}, while ${lc(b)}.`,
  sameClass: (a, b, kind, cls, name) => `${a} and ${b} are both ${cls} ${name} ${kind === 'enhanced' ? 'enhanced status codes' : 'replies'}.`,
  sameClassMixed: (a, b, d) => `${a}; ${lc(b)}: both say it is ${en.classMeaning[d]}.`,
  nextDiff: (a, na, b, nb) => `After ${a} ${na}; after ${b} ${nb}.`,
  actOnOne: (act, other) => `Act on ${act}: it is the failure. ${other} is not an error in itself.`,
  actOnBoth: 'Both report a failure: fix each as described below, starting with the permanent one.',
  actOnBothSame: 'Both report a failure of the same class: fix each as described below.',
  actOnNone: 'Neither is an error: both are normal steps of an SMTP dialogue.',
  noCode: (a) => `${a} carries no reply code: its class is not known, only what its text says.`,
  actOnText: 'At least one of them carries no reply code, so whether it is temporary is not known: act on what each entry below says.',
  forCode: (code, title, fix) => `For ${code} (${title}): ${fix}`,
  note: 'Note',
  undefinedCategory: 'not defined',
  classMismatch: (code, e) =>
    `the enhanced code ${e} is class ${e[0]} but the reply code ${code} is class ${code[0]}. The two classes should agree (RFC 3463 §2): the server that sent this reply contradicts itself. Clients act on the reply code.`,
  unknownCode: (code) => `${code} has no entry of its own: it is not one of the reply codes of RFC 5321, RFC 7504 or RFC 4954. What follows is the meaning of its class.`,
  unknownEnhanced: (e, sub) => `${e} is not in the IANA registry of enhanced status codes. What follows is the meaning of its class${sub ? ' and subject' : ''}.`,
  says: (a, ta, b, tb) => `${a} says “${lc(ta)}”; ${b} says “${lc(tb)}”.`,
  sameCategory: (c) => `Both concern the same category: ${c}.`,
  categoryDiff: (a, ca, b, cb) => `${a} concerns ${ca}; ${b} concerns ${cb}.`,
  sameNext: (next) => `After either, ${next}.`,
  readAsLine: (what, stage, code) =>
    `read as a log line, as the report reads it: ${{
      inbound: "our server's reply to a client", outbound: "a remote server's reply to us", delivery: 'a delivery attempt that failed on the way or at the remote server',
      local: 'a delivery our own server failed or refused', stall: 'a session that broke off after 354 (DATA accepted)',
      tls: 'a TLS handshake that failed or a certificate that did not verify (no reply was sent)',
    }[what]}${stage ? ` at ${stage}` : ''}${code ? `; the code ${code} is implied by the line, which logs none` : ''}.`,
};

const vi: Labels = {
  meaning: 'Ý nghĩa', when: 'Khi bạn thấy mã này', fix: 'Cách khắc phục',
  inbound: 'Nếu máy chủ của bạn gửi mã này (một máy khách bị từ chối)', outbound: 'Nếu máy chủ bên kia gửi mã này cho bạn',
  tlsInbound: 'Nếu một máy khách gặp lỗi với máy chủ của bạn', tlsOutbound: 'Nếu máy chủ của bạn gặp lỗi với máy chủ bên kia',
  refs: 'Tham khảo', differences: 'Sự khác biệt chính', actOn: 'Nên xử lý mã nào', fallback: '(chưa có bản dịch: nội dung tiếng Anh)',
  classNames: { '2': 'Thành công', '3': 'Chấp nhận, chờ bước tiếp', '4': 'Thất bại tạm thời', '5': 'Thất bại vĩnh viễn' },
  categoryNames: { '0': 'cú pháp', '1': 'thông tin', '2': 'kết nối', '3': 'không xác định', '4': 'không xác định', '5': 'hệ thống thư' },
  subjectNames: { '0': 'khác', '1': 'địa chỉ', '2': 'hộp thư', '3': 'hệ thống thư', '4': 'mạng và định tuyến', '5': 'giao thức gửi thư', '6': 'nội dung hoặc định dạng', '7': 'bảo mật hoặc chính sách' },
  category: 'nhóm',
  next: { '2': 'lệnh đã thành công và phiên SMTP tiếp tục', '3': 'máy khách chuyển sang bước tiếp theo', '4': 'máy khách giữ thư và thử lại sau', '5': 'máy khách không được gửi lại y nguyên' },
  vs: (a, b) => `SMTP ${a} và ${b}`,
  enhancedClassNames: { '2': 'Thành công', '4': 'Lỗi tạm thời kéo dài', '5': 'Lỗi vĩnh viễn' },
  classMeaning: { '2': 'thành công', '3': 'một bước trung gian', '4': 'lỗi tạm thời', '5': 'lỗi vĩnh viễn' },
  isClass: (code, kind, cls, name, named) =>
    !named ? `${code} là ${kind === 'enhanced' ? 'mã trạng thái mở rộng' : 'mã trả lời'} ${cls} (${name})`
    : kind === 'basic' ? `${code} là mã trả lời cơ bản thuộc lớp ${cls} (${name})`
    : kind === 'enhanced' ? `${code} là mã trạng thái mở rộng theo RFC 3463, thuộc lớp ${cls} (${name})`
    : `${code} là mã trả lời kèm mã trạng thái mở rộng, thuộc lớp ${cls} (${name})`,
  classDiff: (a, b) => `${a}, còn ${b}.`,
  sameClass: (a, b, kind, cls, name) => `${a} và ${b} đều là ${kind === 'enhanced' ? 'mã trạng thái mở rộng' : 'mã trả lời'} ${cls} (${name}).`,
  sameClassMixed: (a, b, d) => `${a}; ${b}: cả hai đều báo ${vi.classMeaning[d]}.`,
  nextDiff: (a, na, b, nb) => `Sau ${a}, ${na}; sau ${b}, ${nb}.`,
  actOnOne: (act, other) => `Hãy xử lý ${act}: đó là mã báo lỗi. Bản thân ${other} không phải là lỗi.`,
  actOnBoth: 'Cả hai đều báo lỗi: hãy xử lý từng mã như mô tả dưới đây, bắt đầu với mã lỗi vĩnh viễn.',
  actOnBothSame: 'Cả hai đều báo lỗi cùng một lớp: hãy xử lý từng mã như mô tả dưới đây.',
  actOnNone: 'Không mã nào là lỗi: cả hai đều là bước bình thường của một phiên SMTP.',
  noCode: (a) => `${a} không kèm mã trả lời: không biết nó thuộc lớp nào, chỉ biết nội dung của nó.`,
  actOnText: 'Ít nhất một trong hai không có mã trả lời nên không biết lỗi là tạm thời hay vĩnh viễn: hãy xử lý theo nội dung từng mục dưới đây.',
  forCode: (code, title, fix) => `Với ${code} (${title}): ${fix}`,
  note: 'Lưu ý',
  undefinedCategory: 'chưa được định nghĩa',
  classMismatch: (code, e) =>
    `mã mở rộng ${e} thuộc lớp ${e[0]} nhưng mã trả lời ${code} thuộc lớp ${code[0]}. Hai lớp này phải trùng nhau (RFC 3463 §2): máy chủ gửi câu trả lời này đang tự mâu thuẫn. Máy khách sẽ xử lý theo mã trả lời.`,
  unknownCode: (code) => `${code} không có mục riêng: nó không thuộc các mã trả lời của RFC 5321, RFC 7504 hay RFC 4954. Nội dung dưới đây là ý nghĩa chung của lớp mã đó.`,
  unknownEnhanced: (e, sub) => `${e} không có trong sổ đăng ký (registry) mã trạng thái mở rộng của IANA. Nội dung dưới đây là ý nghĩa chung của lớp${sub ? ' và chủ đề' : ''} của mã này.`,
  says: (a, ta, b, tb) => `${a} báo “${lc(ta)}”; ${b} báo “${lc(tb)}”.`,
  sameCategory: (c) => `Cả hai thuộc cùng một nhóm: ${c}.`,
  categoryDiff: (a, ca, b, cb) => `${a} thuộc nhóm ${ca}; ${b} thuộc nhóm ${cb}.`,
  sameNext: (next) => `Sau cả hai mã, ${next}.`,
  readAsLine: (what, stage, code) =>
    `nếu coi đây là một dòng log, báo cáo hiểu nó là: ${{
      inbound: 'máy chủ của bạn trả lời một máy khách', outbound: 'máy chủ bên kia trả lời bạn', delivery: 'một lần chuyển thư thất bại trên đường đi hoặc tại máy chủ bên kia',
      local: 'một lần chuyển thư mà chính máy chủ của bạn không thực hiện được hoặc đã từ chối', stall: 'một phiên bị đứt sau 354 (DATA đã được chấp nhận)',
      tls: 'một lần bắt tay TLS thất bại hoặc một chứng chỉ không qua được bước kiểm tra (không có câu trả lời SMTP nào được gửi)',
    }[what]}${stage ? ` ở bước ${stage}` : ''}${code ? `; dòng log không ghi mã, mã ${code} được suy ra từ dạng của dòng` : ''}.`,
};

export function labels(lang: Lang): Labels {
  return lang === 'vi' ? vi : en;
}
