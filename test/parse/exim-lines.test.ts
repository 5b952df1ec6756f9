import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import type { MailEvent } from '../../src/model/types.js';

// Real Exim lines (lab run, Exim test suite, public projects: see fixtures/README.md) and the
// whole event each must become. Semantics follow the Postfix rows: '<=' received, '=>' '->'
// delivery sent, '==' deferred, '**' bounced; our refusals are 'reject' with an inbound reply
// whose code, when the log gives none, is implied by the shape and marked codeDerived.

type Expected = Omit<MailEvent, 'mta'>;

const cases: Array<{ line: string; event: Expected }> = [
  {
    line: "2026-11-28 18:12:54 1xXMus-00043V-1M <= j.smith@partner.test H=(client.lab.test) [127.0.0.1] P=esmtp S=457 id=20261128181254.015592@vm T=\"Re: your order\" for dave@lab.example",
    event: {"kind": "received", "pattern": "exim.received", "queueId": "1xXMus-00043V-1M", "sender": "j.smith@partner.test", "helo": "client.lab.test", "clientIp": "127.0.0.1", "protocol": "esmtp", "size": 457, "messageId": "20261128181254.015592@vm", "nrcpt": 1, "extra": {"subject": "Re: your order", "recipients": "dave@lab.example"}},
  },
  {
    line: "2026-11-28 18:12:54 1xXMus-00043a-2M <= j.smith@partner.test H=(mail.partner.test) [127.0.0.32] P=esmtps X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no S=506 id=20261128181254.015597@vm T=\"Re: your order (tls)\" for heidi@lab.example",
    event: {"kind": "received", "pattern": "exim.received", "queueId": "1xXMus-00043a-2M", "sender": "j.smith@partner.test", "helo": "mail.partner.test", "clientIp": "127.0.0.32", "protocol": "esmtps", "size": 506, "messageId": "20261128181254.015597@vm", "nrcpt": 1, "extra": {"tls": "TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256", "cv": "no", "subject": "Re: your order (tls)", "recipients": "heidi@lab.example"}},
  },
  {
    line: "2026-11-28 18:13:32 1xXMvU-0004D1-2F <= <> R=1xXMvU-0004Cw-1v U=Debian-exim P=local S=2909 T=\"Mail delivery failed: returning message to sender\" for dave@lab.example",
    event: {"kind": "received", "pattern": "exim.received", "queueId": "1xXMvU-0004D1-2F", "sender": "", "protocol": "local", "size": 2909, "nrcpt": 1, "parentQueueId": "1xXMvU-0004Cw-1v", "extra": {"user": "Debian-exim", "subject": "Mail delivery failed: returning message to sender", "bounce_of": "1xXMvU-0004Cw-1v", "recipients": "dave@lab.example"}},
  },
  {
    line: "2026-11-28 18:12:54 1xXMus-00043V-1M => dave <dave@lab.example> R=local_user T=local_delivery S=622",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMus-00043V-1M", "recipient": "dave@lab.example", "status": "sent", "size": 622, "localAgent": true, "extra": {"flag": "=>", "router": "local_user", "transport": "local_delivery", "local": "dave"}},
  },
  {
    // an alias (team) delivered to a local user: the user is the recipient, the address its original
    line: "2026-11-28 18:12:54 1xXMus-00044O-2m => heidi <team@lab.example> R=local_user T=local_delivery S=630",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMus-00044O-2m", "recipient": "heidi", "origRecipient": "team@lab.example", "status": "sent", "size": 630, "localAgent": true, "extra": {"flag": "=>", "router": "local_user", "transport": "local_delivery"}},
  },
  {
    line: "1999-03-02 09:44:33 10HmaX-000000005vi-0000 => :blackhole: <userx@test.ex> R=r",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "10HmaX-000000005vi-0000", "recipient": "userx@test.ex", "status": "sent", "localAgent": true, "extra": {"flag": "=>", "router": "r", "local": ":blackhole:"}},
  },
  {
    line: "2026-11-28 18:13:32 1xXMvU-0004Cn-18 => ok-heidi@sink.test R=lab_manual T=lab_2526 S=484 H=127.0.0.1 [127.0.0.1] C=\"250 2.0.0 Ok: queued as WYMLWEA3P6\"",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvU-0004Cn-18", "recipient": "ok-heidi@sink.test", "status": "sent", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "size": 484, "reply": {"code": 250, "codeDerived": false, "enhanced": "2.0.0", "text": "Ok: queued as WYMLWEA3P6", "stage": "END-OF-DATA", "direction": "outbound"}, "detail": "250 2.0.0 Ok: queued as WYMLWEA3P6", "dsn": "2.0.0", "extra": {"flag": "=>", "router": "lab_manual", "transport": "lab_2526"}},
  },
  {
    line: "2020-06-20 00:13:16 1jmXgg-000AIC-89 -> sally@dummy.corp R=dnslookup T=remote_smtp_smarthost H=smarthost.test.corp [5.5.5.5] X=TLS1.2:ECDHE_RSA_AES_128_GCM_SHA256:128 CV=yes DN=\"C=XX,L=Here,O=Text Corp,CN=*.test.corp\" C=\"250 6292145-1592637196662@smarthost.test.corp Received OK [sHQA_0EGOfCC2A2sh3iD5g]\"",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1jmXgg-000AIC-89", "recipient": "sally@dummy.corp", "status": "sent", "relayHost": "smarthost.test.corp", "relayIp": "5.5.5.5", "reply": {"code": 250, "codeDerived": false, "enhanced": null, "text": "6292145-1592637196662@smarthost.test.corp Received OK [sHQA_0EGOfCC2A2sh3iD5g]", "stage": "END-OF-DATA", "direction": "outbound"}, "detail": "250 6292145-1592637196662@smarthost.test.corp Received OK [sHQA_0EGOfCC2A2sh3iD5g]", "extra": {"flag": "->", "tls": "TLS1.2:ECDHE_RSA_AES_128_GCM_SHA256:128", "cv": "yes", "dn": "C=XX,L=Here,O=Text Corp,CN=*.test.corp", "router": "dnslookup", "transport": "remote_smtp_smarthost"}},
  },
  {
    line: "2026-11-28 18:13:32 1xXMvU-0004Cw-1v ** r550-xyz@bounce.test R=lab_manual T=lab_2526 H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r550-xyz@bounce.test>: 550 5.1.1 <r550-xyz@bounce.test>: Recipient address rejected: User unknown",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvU-0004Cw-1v", "recipient": "r550-xyz@bounce.test", "status": "bounced", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "SMTP error from remote mail server after RCPT TO:<r550-xyz@bounce.test>: 550 5.1.1 <r550-xyz@bounce.test>: Recipient address rejected: User unknown", "reply": {"code": 550, "codeDerived": false, "enhanced": "5.1.1", "text": "<r550-xyz@bounce.test>: Recipient address rejected: User unknown", "stage": "RCPT", "direction": "outbound"}, "dsn": "5.1.1", "extra": {"flag": "**", "router": "lab_manual", "transport": "lab_2526"}},
  },
  {
    line: "2026-11-28 18:13:33 1xXMvV-0004DG-0G == r451-sales-team@bounce.test R=lab_manual T=lab_2526 defer (-44) H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r451-sales-team@bounce.test>: 451 4.3.0 <r451-sales-team@bounce.test>: Temporary lookup failure",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvV-0004DG-0G", "recipient": "r451-sales-team@bounce.test", "status": "deferred", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "SMTP error from remote mail server after RCPT TO:<r451-sales-team@bounce.test>: 451 4.3.0 <r451-sales-team@bounce.test>: Temporary lookup failure", "reply": {"code": 451, "codeDerived": false, "enhanced": "4.3.0", "text": "<r451-sales-team@bounce.test>: Temporary lookup failure", "stage": "RCPT", "direction": "outbound"}, "dsn": "4.3.0", "extra": {"flag": "==", "errno": -44, "router": "lab_manual", "transport": "lab_2526"}},
  },
  {
    line: "2026-11-28 18:13:35 1xXMvX-0004E7-0A ** postmaster@rude.test R=lab_manual T=lab_2529 H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after initial connection: 554 5.7.1 rude.lab.test No SMTP service here",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvX-0004E7-0A", "recipient": "postmaster@rude.test", "status": "bounced", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "SMTP error from remote mail server after initial connection: 554 5.7.1 rude.lab.test No SMTP service here", "reply": {"code": 554, "codeDerived": false, "enhanced": "5.7.1", "text": "rude.lab.test No SMTP service here", "stage": "CONNECT", "direction": "outbound"}, "dsn": "5.7.1", "extra": {"flag": "**", "router": "lab_manual", "transport": "lab_2529"}},
  },
  {
    line: "2026-11-28 18:13:34 1xXMvW-0004Ds-0y == dave@refuse.test R=lab_manual T=lab_2599 defer (111): Connection refused",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvW-0004Ds-0y", "recipient": "dave@refuse.test", "status": "deferred", "detail": "Connection refused", "extra": {"flag": "==", "errno": 111, "router": "lab_manual", "transport": "lab_2599", "reason": "connection-refused"}},
  },
  {
    // the host a connection failed at, logged before the deferral that names none (the next
    // case): correlation gives that deferral this host
    line: "1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=thishost.test.ex [127.0.0.1] Connection refused",
    event: {"kind": "remote-error", "pattern": "exim.remote-error", "queueId": "10HmaX-000000005vi-0000", "detail": "Connection refused", "relayHost": "thishost.test.ex", "relayIp": "127.0.0.1", "extra": {"reason": "connection-refused"}},
  },
  {
    // the test suite's harness writes the errno as "dd": still a deferral, with the error after it
    line: "1999-03-02 09:44:33 10HmaX-000000005vi-0000 == userx@simple R=all T=smtp defer (dd): Connection refused",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "10HmaX-000000005vi-0000", "recipient": "userx@simple", "status": "deferred", "detail": "Connection refused", "extra": {"flag": "==", "router": "all", "transport": "smtp", "reason": "connection-refused"}},
  },
  {
    line: "2026-11-28 18:13:40 1xXMvV-0004DG-0G == r451-sales-team@bounce.test routing defer (-52): retry time not reached",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvV-0004DG-0G", "recipient": "r451-sales-team@bounce.test", "status": "deferred", "detail": "retry time not reached", "extra": {"flag": "==", "errno": -52, "routing": "yes", "reason": "retry-not-reached"}},
  },
  {
    line: "2026-11-28 18:15:49 1xXMvW-0004Ds-0y ** dave@refuse.test: retry timeout exceeded",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvW-0004Ds-0y", "recipient": "dave@refuse.test", "status": "bounced", "detail": "retry timeout exceeded", "extra": {"flag": "**", "reason": "retry-timeout"}},
  },
  {
    line: "2026-11-28 18:15:52 1xXMvW-0004Dx-1o ** heidi@refuse.test R=lab_manual T=lab_2599: all hosts for 'refuse.test' have been failing for a long time (and retry time not reached)",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvW-0004Dx-1o", "recipient": "heidi@refuse.test", "status": "bounced", "detail": "all hosts for 'refuse.test' have been failing for a long time (and retry time not reached)", "extra": {"flag": "**", "router": "lab_manual", "transport": "lab_2599", "reason": "hosts-failing"}},
  },
  {
    line: "2026-11-28 18:13:46 1xXMvY-0004G9-2q == stall-x@slow.test R=lab_manual T=lab_2531 defer (110): Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after sending data block (3275641 bytes written)",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvY-0004G9-2q", "recipient": "stall-x@slow.test", "status": "deferred", "detail": "Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after sending data block (3275641 bytes written)", "stallKind": "outbound.timeout-message-body", "afterStage": "DATA", "bytes": 3275641, "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "extra": {"flag": "==", "errno": 110, "router": "lab_manual", "transport": "lab_2531", "reason": "timeout"}},
  },
  {
    line: "2026-11-28 18:13:46 1xXMvZ-0004Gs-07 == hang-y@slow.test R=lab_manual T=lab_2531 defer (110): Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after end of data (9636 bytes written)",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvZ-0004Gs-07", "recipient": "hang-y@slow.test", "status": "deferred", "detail": "Connection timed out H=127.0.0.1 [127.0.0.1]: SMTP timeout after end of data (9636 bytes written)", "stallKind": "outbound.timeout-end-of-data", "afterStage": "END-OF-DATA", "bytes": 9636, "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "extra": {"flag": "==", "errno": 110, "router": "lab_manual", "transport": "lab_2531", "reason": "timeout"}},
  },
  {
    line: "2026-11-28 18:13:37 1xXMvZ-0004Hb-0V H=127.0.0.1 [127.0.0.1]: Remote host closed connection in response to sending data block",
    event: {"kind": "remote-error", "pattern": "exim.remote-error", "queueId": "1xXMvZ-0004Hb-0V", "detail": "Remote host closed connection in response to sending data block", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "afterStage": "DATA", "extra": {"reason": "closed"}},
  },
  {
    line: "2026-11-28 18:13:37 1xXMvZ-0004Hb-0V == drop-z@slow.test R=lab_manual T=lab_2531 defer (-18) H=127.0.0.1 [127.0.0.1]: Remote host closed connection in response to sending data block",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1xXMvZ-0004Hb-0V", "recipient": "drop-z@slow.test", "status": "deferred", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "Remote host closed connection in response to sending data block", "stallKind": "outbound.closed-data-block", "afterStage": "DATA", "extra": {"flag": "==", "errno": -18, "router": "lab_manual", "transport": "lab_2531", "reason": "closed"}},
  },
  {
    line: "1999-03-02 09:44:33 10HmaX-000000005vi-0000 == useryx@myhost.test.ex R=smartuser T=lmtp defer (0) H=127.0.0.1 [127.0.0.1]: LMTP error after DATA: 440-Here's a whole long message, in several lines,\\n440-just for testing that nothing breaks when\\n440-we do this\\n440 Temporary error",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "10HmaX-000000005vi-0000", "recipient": "useryx@myhost.test.ex", "status": "deferred", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "LMTP error after DATA: 440-Here's a whole long message, in several lines,\\n440-just for testing that nothing breaks when\\n440-we do this\\n440 Temporary error", "reply": {"code": 440, "codeDerived": false, "enhanced": null, "text": "Here's a whole long message, in several lines, just for testing that nothing breaks when we do this Temporary error", "stage": "DATA", "direction": "outbound"}, "extra": {"flag": "==", "errno": 0, "router": "smartuser", "transport": "lmtp"}},
  },
  {
    line: "2026-11-28 18:12:54 1xXMus-00043V-1M Completed",
    event: {"kind": "completed", "pattern": "exim.completed", "queueId": "1xXMus-00043V-1M"},
  },
  {
    line: "2026-11-28 18:13:32 1xXMvU-0004Cg-0L Message is frozen",
    event: {"kind": "hold", "pattern": "exim.frozen", "queueId": "1xXMvU-0004Cg-0L", "detail": "frozen"},
  },
  {
    line: "2026-11-28 18:12:55 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected RCPT <xyz@lab.example>: Unrouteable address",
    event: {"kind": "reject", "pattern": "exim.reject.rcpt", "reply": {"code": 550, "codeDerived": true, "enhanced": null, "text": "Unrouteable address", "stage": "RCPT", "direction": "inbound"}, "helo": "mail.partner.test", "clientIp": "127.0.0.32", "sender": "j.smith@partner.test", "recipient": "xyz@lab.example"},
  },
  {
    line: "2026-11-28 18:12:55 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected RCPT <trent@lab.example>: 551 5.1.6 User not local; please try <trent@elsewhere.example>",
    event: {"kind": "reject", "pattern": "exim.reject.rcpt", "reply": {"code": 551, "codeDerived": false, "enhanced": "5.1.6", "text": "User not local; please try <trent@elsewhere.example>", "stage": "RCPT", "direction": "inbound"}, "helo": "mail.partner.test", "clientIp": "127.0.0.32", "sender": "j.smith@partner.test", "recipient": "trent@lab.example"},
  },
  {
    line: "2026-11-28 18:12:57 H=(mail.slow.test) [127.0.0.63] F=<j.smith@partner.test> temporarily rejected RCPT <dave@lab.example>: Service temporarily unavailable, try again later",
    event: {"kind": "reject", "pattern": "exim.reject.rcpt", "reply": {"code": 451, "codeDerived": true, "enhanced": null, "text": "Service temporarily unavailable, try again later", "stage": "RCPT", "direction": "inbound"}, "helo": "mail.slow.test", "clientIp": "127.0.0.63", "sender": "j.smith@partner.test", "recipient": "dave@lab.example"},
  },
  {
    line: "2026-11-28 18:12:57 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> temporarily rejected RCPT <greylisted@lab.example>: 451 4.7.1 Greylisted, please try again in 300 seconds",
    event: {"kind": "reject", "pattern": "exim.reject.rcpt", "reply": {"code": 451, "codeDerived": false, "enhanced": "4.7.1", "text": "Greylisted, please try again in 300 seconds", "stage": "RCPT", "direction": "inbound"}, "helo": "mail.partner.test", "clientIp": "127.0.0.32", "sender": "j.smith@partner.test", "recipient": "greylisted@lab.example"},
  },
  {
    line: "2022-06-29 16:04:14 H=imfo.test.com [1.2.3.4]:35328 X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no F=<info6@test.com> rejected RCPT <sales@toto.com.au>: No Such User Here",
    event: {"kind": "reject", "pattern": "exim.reject.rcpt", "reply": {"code": 550, "codeDerived": true, "enhanced": null, "text": "No Such User Here", "stage": "RCPT", "direction": "inbound"}, "clientHost": "imfo.test.com", "clientIp": "1.2.3.4", "clientPort": 35328, "sender": "info6@test.com", "extra": {"tls": "TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256"}, "recipient": "sales@toto.com.au"},
  },
  {
    line: "2026-11-28 18:12:55 rejected MAIL FROM:<j.smith@partner.test> H=(smtp.vendor.test) [127.0.0.33]: message too big: size=7029323 max=6500000",
    event: {"kind": "reject", "pattern": "exim.reject.mail-size", "reply": {"code": 552, "codeDerived": true, "enhanced": null, "text": "message too big: size=7029323 max=6500000", "stage": "MAIL", "direction": "inbound"}, "helo": "smtp.vendor.test", "clientIp": "127.0.0.33", "sender": "j.smith@partner.test", "size": 7029323, "extra": {"max_size": 6500000}},
  },
  {
    line: "2026-11-28 18:12:56 1xXMuu-000466-0W rejected from <j.smith@partner.test> H=(smtp.vendor.test) [127.0.0.33]: message too big: read=6932974 max=6500000",
    event: {"kind": "reject", "pattern": "exim.reject.from", "reply": {"code": 552, "codeDerived": true, "enhanced": null, "text": "message too big: read=6932974 max=6500000", "stage": "END-OF-DATA", "direction": "inbound"}, "queueId": "1xXMuu-000466-0W", "helo": "smtp.vendor.test", "clientIp": "127.0.0.33", "sender": "j.smith@partner.test", "size": 6932974, "extra": {"max_size": 6500000}},
  },
  {
    line: "2026-11-28 18:13:31 1xXMvT-0004CY-0R H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected after DATA: Message content rejected: spam subject",
    event: {"kind": "reject", "pattern": "exim.reject.data", "reply": {"code": 550, "codeDerived": true, "enhanced": null, "text": "Message content rejected: spam subject", "stage": "END-OF-DATA", "direction": "inbound"}, "queueId": "1xXMvT-0004CY-0R", "helo": "mail.partner.test", "clientIp": "127.0.0.32", "sender": "j.smith@partner.test"},
  },
  {
    line: "2026-11-28 18:13:31 1xXMvT-0004Cc-20 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> temporarily rejected after DATA: 451 4.3.0 Temporary local problem - please try later",
    event: {"kind": "reject", "pattern": "exim.reject.data", "reply": {"code": 451, "codeDerived": false, "enhanced": "4.3.0", "text": "Temporary local problem - please try later", "stage": "END-OF-DATA", "direction": "inbound"}, "queueId": "1xXMvT-0004Cc-20", "helo": "mail.partner.test", "clientIp": "127.0.0.32", "sender": "j.smith@partner.test"},
  },
  {
    line: "2026-11-28 18:12:57 H=[127.0.0.56] rejected connection in \"connect\" ACL: 554 5.7.1 Client host blocked by lab policy",
    event: {"kind": "reject", "pattern": "exim.reject.connect", "reply": {"code": 554, "codeDerived": false, "enhanced": "5.7.1", "text": "Client host blocked by lab policy", "stage": "CONNECT", "direction": "inbound"}, "clientIp": "127.0.0.56"},
  },
  {
    line: "2022-06-29 14:33:43 H=test.sa.com [1.2.3.4]:18146 temporarily rejected connection in \"connect\" ACL: \"Host is ratelimited (1.9/1h max:1.2)\"",
    event: {"kind": "reject", "pattern": "exim.reject.connect", "reply": {"code": 451, "codeDerived": true, "enhanced": null, "text": "Host is ratelimited (1.9/1h max:1.2)", "stage": "CONNECT", "direction": "inbound"}, "clientHost": "test.sa.com", "clientIp": "1.2.3.4", "clientPort": 18146},
  },
  {
    line: "2026-11-28 18:12:57 rejected EHLO from [127.0.0.122]: syntactically invalid argument(s): bad_helo!name",
    event: {"kind": "reject", "pattern": "exim.reject.helo-syntax", "reply": {"code": 501, "codeDerived": true, "enhanced": null, "text": "Syntactically invalid argument(s)", "stage": "HELO", "direction": "inbound"}, "helo": "bad_helo!name", "clientIp": "127.0.0.122"},
  },
  {
    line: "2026-11-28 18:12:56 H=(mail.junk.example) [127.0.0.35] sender verify fail for <bounce@nxdomain-1.invalid>: Unrouteable address",
    event: {"kind": "info", "pattern": "exim.verify-fail", "detail": "Unrouteable address", "helo": "mail.junk.example", "clientIp": "127.0.0.35", "extra": {"verify": "sender fail", "address": "bounce@nxdomain-1.invalid"}},
  },
  {
    line: "2022-06-29 16:04:08 dovecot_login authenticator failed for ppp-1-2-3-4.test.test.co.th ([1.2.3.5]) [1.2.3.4]:51451: 535 Incorrect authentication data (set_id=info1@test.com)",
    event: {"kind": "reject", "pattern": "exim.reject.auth", "reply": {"code": 535, "codeDerived": false, "enhanced": null, "text": "Incorrect authentication data (set_id=info1@test.com)", "stage": "AUTH", "direction": "inbound"}, "clientHost": "ppp-1-2-3-4.test.test.co.th", "helo": "[1.2.3.5]", "clientIp": "1.2.3.4", "clientPort": 51451, "extra": {"authenticator": "dovecot_login", "set_id": "info1@test.com"}},
  },
  {
    line: "2026-11-28 18:13:30 SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[127.0.0.84] input=\"EHLO bot.spam.test\\r\\n\"",
    event: {"kind": "reject", "pattern": "exim.reject.sync", "reply": {"code": 554, "codeDerived": true, "enhanced": null, "text": "SMTP synchronization error", "stage": "CONNECT", "direction": "inbound"}, "clientIp": "127.0.0.84", "detail": "input sent without waiting for greeting"},
  },
  {
    line: "2026-11-28 18:13:30 SMTP call from (client.lab.test) [127.0.0.112] dropped: too many unrecognized commands (last was \"XYZZY3\")",
    event: {"kind": "reject", "pattern": "exim.reject.too-many", "reply": {"code": 500, "codeDerived": true, "enhanced": null, "text": "Too many unrecognized commands", "stage": "HELO", "direction": "inbound"}, "helo": "client.lab.test", "clientIp": "127.0.0.112", "detail": "last was \"XYZZY3\""},
  },
  {
    // MAIL before HELO/EHLO: "503 HELO or EHLO required"; the client follows "from", and there is no sender
    line: "1999-03-02 09:44:33 rejected MAIL from [127.0.0.1]: no HELO/EHLO given",
    event: {"kind": "reject", "pattern": "exim.reject.mail-no-helo", "reply": {"code": 503, "codeDerived": true, "enhanced": null, "text": "no HELO/EHLO given", "stage": "MAIL", "direction": "inbound"}, "clientIp": "127.0.0.1"},
  },
  {
    line: "1999-03-02 09:44:33 rejected MAIL from miss.ehlo.after.xclient (anotherhelo) [127.0.0.3]:10001: no HELO/EHLO given",
    event: {"kind": "reject", "pattern": "exim.reject.mail-no-helo", "reply": {"code": 503, "codeDerived": true, "enhanced": null, "text": "no HELO/EHLO given", "stage": "MAIL", "direction": "inbound"}, "clientHost": "miss.ehlo.after.xclient", "helo": "anotherhelo", "clientIp": "127.0.0.3", "clientPort": 10001},
  },
  {
    line: "2016-03-21 04:07:49 [25874] 1ahr79-0006jK-G9 SMTP connection from (voyeur.webair.com) [174.137.147.204]:44884 I=[172.89.0.6]:25 closed by DROP in ACL",
    event: {"kind": "session-end", "pattern": "exim.session.drop-acl", "queueId": "1ahr79-0006jK-G9", "helo": "voyeur.webair.com", "clientIp": "174.137.147.204", "clientPort": 44884, "endReason": "drop-acl"},
  },
  {
    line: "2026-11-28 18:12:58 no MAIL in SMTP connection from [127.0.0.122] D=0s C=EHLO,HELO,QUIT",
    event: {"kind": "info", "pattern": "exim.session.no-mail", "clientIp": "127.0.0.122", "counters": "EHLO,HELO,QUIT"},
  },
  {
    line: "2026-11-28 18:13:08 1xXMuw-00048C-0z SMTP data timeout (message abandoned) on connection from (smtp.vendor.test) [127.0.0.33] F=<j.smith@partner.test>",
    event: {"kind": "stall", "pattern": "exim.session.data-timeout", "queueId": "1xXMuw-00048C-0z", "helo": "smtp.vendor.test", "clientIp": "127.0.0.33", "stallKind": "inbound.timeout-after-data", "afterStage": "DATA", "endReason": "timeout", "sender": "j.smith@partner.test", "detail": "SMTP incoming data timeout (421)"},
  },
  {
    line: "2026-11-28 18:12:58 SMTP connection from (mail.partner.test) [127.0.0.32] lost while reading message data",
    event: {"kind": "stall", "pattern": "exim.session.lost-data", "helo": "mail.partner.test", "clientIp": "127.0.0.32", "stallKind": "inbound.lost-after-data", "afterStage": "DATA", "endReason": "lost"},
  },
  {
    line: "1999-03-02 09:44:33 10HmaX-000000005vi-0000 SMTP connection lost after final dot H=(abcd) [127.0.0.1] P=esmtp",
    event: {"kind": "session-end", "pattern": "exim.session.lost-final-dot", "queueId": "10HmaX-000000005vi-0000", "endReason": "lost", "afterStage": "END-OF-DATA", "helo": "abcd", "clientIp": "127.0.0.1", "protocol": "esmtp"},
  },
  {
    line: "2026-11-28 18:13:30 unexpected disconnection while reading SMTP command from (relaytest.outside.test) [127.0.0.34] D=0s",
    event: {"kind": "session-end", "pattern": "exim.session.unexpected-disconnect", "helo": "relaytest.outside.test", "clientIp": "127.0.0.34", "endReason": "lost"},
  },
  {
    line: "2026-11-28 18:13:24 SMTP command timeout on connection from (relaytest.outside.test) [127.0.0.34]",
    event: {"kind": "session-end", "pattern": "exim.session.command-timeout", "helo": "relaytest.outside.test", "clientIp": "127.0.0.34", "endReason": "timeout"},
  },
  {
    line: "2026-11-28 18:13:30 H=(relaytest.outside.test) [127.0.0.34] incomplete transaction (connection lost) from <j.smith@partner.test> for heidi@lab.example",
    event: {"kind": "session-note", "pattern": "exim.session.incomplete", "helo": "relaytest.outside.test", "clientIp": "127.0.0.34", "sender": "j.smith@partner.test", "detail": "incomplete transaction (connection lost)", "extra": {"recipients": "heidi@lab.example"}},
  },
  {
    line: "1999-03-02 09:44:33 TLS error on connection from (timeout.rhu.barb) [127.0.0.1] (tls lib accept fn): timed out",
    event: {"kind": "session-end", "pattern": "exim.session.tls-error", "helo": "timeout.rhu.barb", "clientIp": "127.0.0.1", "endReason": "tls-error", "afterStage": "STARTTLS", "detail": "tls lib accept fn: timed out", "tlsFailure": "inbound"},
  },
  {
    line: "2026-11-28 18:12:54 SMTP connection from [127.0.0.1] (TCP/IP connection count = 1)",
    event: {"kind": "connect", "pattern": "exim.session.connect", "clientIp": "127.0.0.1", "extra": {"connection_count": 1}},
  },
  {
    line: "2026-11-28 18:12:54 SMTP connection from (client.lab.test) [127.0.0.1] closed by QUIT",
    event: {"kind": "disconnect", "pattern": "exim.session.quit", "helo": "client.lab.test", "clientIp": "127.0.0.1"},
  },
  {
    line: "2026-11-28 18:12:54 1xXMus-00043V-1M H=(client.lab.test) [127.0.0.1] Warning: lab warning header seen",
    event: {"kind": "content-warning", "pattern": "exim.warning", "detail": "lab warning header seen", "helo": "client.lab.test", "clientIp": "127.0.0.1", "queueId": "1xXMus-00043V-1M"},
  },
  {
    line: "Jun 29 16:04:19 server exim[1234]: dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)",
    event: {"kind": "reject", "pattern": "exim.reject.auth", "reply": {"code": 535, "codeDerived": false, "enhanced": null, "text": "Incorrect authentication data (set_id=abuse@test.com)", "stage": "AUTH", "direction": "inbound"}, "helo": "[1.2.3.5]", "clientIp": "1.2.3.4", "clientPort": 55379, "extra": {"authenticator": "dovecot_login", "set_id": "abuse@test.com"}},
  },
  {
    line: "mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server authenticator failed for ([192.0.2.17]) [192.0.2.27]: 535 Incorrect authentication data",
    event: {"kind": "reject", "pattern": "exim.reject.auth", "reply": {"code": 535, "codeDerived": false, "enhanced": null, "text": "Incorrect authentication data", "stage": "AUTH", "direction": "inbound"}, "helo": "[192.0.2.17]", "clientIp": "192.0.2.27", "extra": {"authenticator": "plain_server"}},
  },
  {
    line: "2020-06-20 01:32:57 +0200 [789] 1jmKso-0009d4-Uf ** molly@zee.corp R=dnslookup T=remote_smtp H=mail.zee.corp [3.3.3.3] X=TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256 CV=yes DN=\"C=US,ST=Fake,L=Lost,O=Zee Corp,CN=mail.zee.corp\": SMTP error from remote mail server after end of data: 554 5.2.0 mKr3jsd25ZIfXmKr4jFD2w Recipient Mailbox Full [504]",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1jmKso-0009d4-Uf", "recipient": "molly@zee.corp", "status": "bounced", "relayHost": "mail.zee.corp", "relayIp": "3.3.3.3", "detail": "SMTP error from remote mail server after end of data: 554 5.2.0 mKr3jsd25ZIfXmKr4jFD2w Recipient Mailbox Full [504]", "reply": {"code": 554, "codeDerived": false, "enhanced": "5.2.0", "text": "mKr3jsd25ZIfXmKr4jFD2w Recipient Mailbox Full [504]", "stage": "END-OF-DATA", "direction": "outbound"}, "dsn": "5.2.0", "extra": {"flag": "**", "tls": "TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256", "cv": "yes", "dn": "C=US,ST=Fake,L=Lost,O=Zee Corp,CN=mail.zee.corp", "router": "dnslookup", "transport": "remote_smtp"}},
  },
  {
    // older Exim releases named the remote inside the text ("...: host NAME [IP]: 550 ..."), where 4.96
    // writes H= before it: the remote is the relay, and the text reads as the newer one does
    line: "2020-02-22 08:47:17 1j5PVL-00068g-Vf ** wwyc@sbcglobal.net R=dnslookup T=remote_smtp: SMTP error from remote mail server after MAIL FROM:<noreply@pilgrimbrevet.se>: host ff-ip4-mx-vip2.prodigy.net [144.160.159.22]: 550 5.7.1 Connections not accepted from servers without a valid sender domain.flph831 Fix reverse DNS for 95.142.170.63",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1j5PVL-00068g-Vf", "recipient": "wwyc@sbcglobal.net", "status": "bounced", "relayHost": "ff-ip4-mx-vip2.prodigy.net", "relayIp": "144.160.159.22", "detail": "SMTP error from remote mail server after MAIL FROM:<noreply@pilgrimbrevet.se>: 550 5.7.1 Connections not accepted from servers without a valid sender domain.flph831 Fix reverse DNS for 95.142.170.63", "reply": {"code": 550, "codeDerived": false, "enhanced": "5.7.1", "text": "Connections not accepted from servers without a valid sender domain.flph831 Fix reverse DNS for 95.142.170.63", "stage": "MAIL", "direction": "outbound"}, "dsn": "5.7.1", "extra": {"flag": "**", "router": "dnslookup", "transport": "remote_smtp"}},
  },
  {
    line: "2020-02-22 07:09:24 1j5NyY-0004Xp-NZ ** ronnienorcross@yahoo.com R=dnslookup T=remote_smtp: SMTP error from remote mail server after end of data: host mta5.am0.yahoodns.net [67.195.204.72]: 554 delivery error: dd This user doesn't have a yahoo.com account (ronnienorcross@yahoo.com) [-9] - mta4420.mail.bf1.yahoo.com",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "1j5NyY-0004Xp-NZ", "recipient": "ronnienorcross@yahoo.com", "status": "bounced", "relayHost": "mta5.am0.yahoodns.net", "relayIp": "67.195.204.72", "detail": "SMTP error from remote mail server after end of data: 554 delivery error: dd This user doesn't have a yahoo.com account (ronnienorcross@yahoo.com) [-9] - mta4420.mail.bf1.yahoo.com", "reply": {"code": 554, "codeDerived": false, "enhanced": null, "text": "delivery error: dd This user doesn't have a yahoo.com account (ronnienorcross@yahoo.com) [-9] - mta4420.mail.bf1.yahoo.com", "stage": "END-OF-DATA", "direction": "outbound"}, "extra": {"flag": "**", "router": "dnslookup", "transport": "remote_smtp"}},
  },
  {
    line: "1999-03-02 09:44:33 10HmaX-0005vi-00 == userx@test.ex R=r1 T=smtp defer (-44): SMTP error from remote mail server after RCPT TO:<userx@test.ex>: host 127.0.0.1 [127.0.0.1]: 451 Recipient not OK",
    event: {"kind": "delivery", "pattern": "exim.delivery", "queueId": "10HmaX-0005vi-00", "recipient": "userx@test.ex", "status": "deferred", "relayHost": "127.0.0.1", "relayIp": "127.0.0.1", "detail": "SMTP error from remote mail server after RCPT TO:<userx@test.ex>: 451 Recipient not OK", "reply": {"code": 451, "codeDerived": false, "enhanced": null, "text": "Recipient not OK", "stage": "RCPT", "direction": "outbound"}, "extra": {"flag": "==", "errno": -44, "router": "r1", "transport": "smtp"}},
  },
];

describe('exim lines -> events', () => {
  for (const c of cases) {
    test(c.line.slice(0, 140), () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect(out.mta).toBe('exim');
      expect(out.event).toEqual({ ...c.event, mta: 'exim' });
    });
  }
});

describe('whose doing a failed delivery is', () => {
  const p = new LineParser({ year: 2026 });
  const local = (line: string) => {
    const out = p.parse(line);
    return out.type === 'event' ? out.event.localAgent === true : null;
  };
  test('a router that could not look the remote domain up in DNS is no local decision; an alias :defer: is', () => {
    expect(local('2026-11-28 18:13:00 1xXMvZ-0004Hb-0V == hank@nodns.example R=dnslookup defer (-1): host lookup did not complete')).toBe(false);
    expect(local('2026-11-28 18:13:00 1xXMvZ-0004Hb-0V == migrate@lab.example R=system_aliases defer (-1): Mailbox migration in progress')).toBe(true);
  });
});
