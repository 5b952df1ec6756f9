import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';

// Exim deliveries our own server made or failed with no remote host, like Postfix's local,
// virtual, pipe and discard agents (deliveries.local_agent): a local transport (appendfile,
// pipe, lmtp, autoreply) logs no "H=name [ip]", a remote one names the host on every delivery.
// Real lines: the lab run and Exim's test suite (fixtures/lab/exim-mainlog.log, fixtures/corpus/exim/).

const local: string[] = [
  // appendfile to a mailbox, as Debian's local_delivery
  '2026-11-28 18:12:54 1xXMus-00043V-1M => dave <dave@lab.example> R=local_user T=local_delivery S=622',
  // an alias expanded to two local users
  '2026-11-28 18:12:54 1xXMus-00044O-2m => heidi <team@lab.example> R=local_user T=local_delivery S=630',
  // more addresses in one local delivery
  '1999-03-02 09:44:33 10HmbK-000000005vi-0000 -> userz <batch-userz@test.ex> R=batch_localuser T=batch_local_delivery',
  '1999-03-02 09:44:33 10HmaY-000000005vi-0000 => a <a@test.ex> R=server_store T=file',
  // a pipe and a file from an alias
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 => |/bin/sh -c "cat >TESTSUITE/test-mail/pipe" <pipe@test.ex> R=alias T=pipe',
  '1999-03-02 09:44:33 10HmaY-000000005vi-0000 => /dev/null <devnull@the.local.host.name> R=system_aliases T=**bypassed**',
  // the lmtp transport (a socket or a command), which logs the answer but no host
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 => userx <userx@myhost.test.ex> R=smartuser T=lmtp C="250 OK"',
  // discarded: by a router's :blackhole:, by an ACL
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 => :blackhole: <userx@test.ex> R=r',
  '2026-11-28 18:13:31 1xXMvT-0004Ce-2m => blackhole (DATA ACL discarded recipients): discarded by lab policy',
  // failed by a local transport
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == c@test.ex R=smart T=local_delivery defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to TESTSUITE/test-mail/c)',
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == a@myhost.test.ex R=client T=pipe defer (0): Child process of pipe transport returned 5 from command: SYSBINDIR/perl',
  '1999-03-02 09:44:33 10HmaY-000000005vi-0000 ** userx@myhost.test.ex R=smartuser T=lmtp : LMTP error after MAIL FROM:<CALLER@myhost.test.ex>: 550 Don\'t like that sender',
  '1999-03-02 09:44:33 10HmaX-000000005vi-0000 ** |TESTSUITE/aux-fixed/showenv <pipe@test.ex> R=system_aliases T=address_pipe : return message generated',
  '1999-03-02 09:44:33 10HmaZ-000000005vi-0000 == /no/such/file <file@test.ex> R=alias T=address_file defer (EEE): Permission denied: failed to create directories for /no/such/file: Permission denied',
  // failed by a router (alias data :fail:), with no transport run
  '2026-11-28 18:13:35 1xXMvX-0004EN-1j ** gone@lab.example R=system_aliases: User has left the company',
];

const remote: string[] = [
  '2026-11-28 18:13:32 1xXMvU-0004Cn-18 => ok-heidi@sink.test R=lab_manual T=lab_2526 S=484 H=127.0.0.1 [127.0.0.1] C="250 2.0.0 Ok: queued as WYMLWEA3P6"',
  // LMTP over TCP is the smtp transport: a host
  '1999-03-02 09:44:33 10HmaY-000000005vi-0000 == useryx@myhost.test.ex R=smartuser T=lmtp defer (0) H=127.0.0.1 [127.0.0.1]: LMTP error after DATA: 440 Temporary error',
  // a remote transport that reached no host: no H=, and still the remote's doing
  '2026-11-28 18:13:34 1xXMvW-0004Ds-0y == dave@refuse.test R=lab_manual T=lab_2599 defer (111): Connection refused',
  "2026-11-28 18:13:34 1xXMvW-0004Dx-1o == heidi@refuse.test R=lab_manual T=lab_2599 defer (-54): retry time not reached for any host for 'refuse.test'",
  "2026-11-28 18:15:52 1xXMvW-0004Dx-1o ** heidi@refuse.test R=lab_manual T=lab_2599: all hosts for 'refuse.test' have been failing for a long time (and retry time not reached)",
  '1999-03-02 09:44:33 10HmbI-000000005vi-0000 ** t9@dane.no.1.test.ex R=client T=send_to_server : DANE error: tlsa lookup FAIL',
  // no router named: the retry rules gave up on the address
  '2026-11-28 18:15:49 1xXMvW-0004Ds-0y ** dave@refuse.test: retry timeout exceeded',
];

function delivery(line: string) {
  const out = new LineParser({ mta: 'exim', year: 2026 }).parse(line);
  expect(out.type).toBe('event');
  if (out.type !== 'event') throw new Error('not an event');
  expect(out.event.kind).toBe('delivery');
  return out.event;
}

describe('Exim deliveries by our own server are local, like Postfix local agents', () => {
  for (const line of local) test(line, () => expect(delivery(line).localAgent).toBe(true));
});

describe('Exim deliveries a remote host had a part in are not', () => {
  for (const line of remote) test(line, () => expect(delivery(line).localAgent).toBeUndefined());
});
