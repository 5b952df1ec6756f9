import type { Rng } from './prng.js';

// The mail world the benchmark log describes: a few hosts with their own pids and queue ids,
// pools of clients, senders and recipients. Scenarios (scenarios-*.ts) draw from it.

/** One log line waiting to be written: `dt` ms after the previous line of the same scenario. */
export interface Step {
  dt: number;
  host: Host;
  text: string;
  /** what this line makes true, for the report's ground truth (generate with `truth`): `received`,
   *  `reject|550|5.1.1`, `stall|inbound`, ... counted when the line is written */
  facts?: readonly string[];
}

/** Every fact written, with its line's time (ms, as generated) and host. */
export type Truth = Array<{ t: number; host: string; fact: string }>;

/** a line written at `t`: its facts go into `truth` */
export function tally(truth: Truth, step: Step, t: number): void {
  for (const fact of step.facts ?? []) truth.push({ t, host: step.host.name, fact });
}

/** the interleaving options that fill `truth`, if one is asked for */
export function truthOptions(truth: Truth | undefined): { drain?: boolean; onWrite?: (step: Step, t: number) => void } {
  return truth === undefined ? {} : { drain: true, onWrite: (step, t) => tally(truth, step, t) };
}

const LONG_ID_CHARS = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz';

export class Host {
  private pid: number;
  private queued = 0;
  readonly qmgr: number;
  readonly cleanup: number[];
  readonly smtp: number[];
  readonly local: number[];

  constructor(
    readonly name: string,
    readonly ip: string,
    readonly postscreen: boolean,
    private readonly longIds: boolean,
    rng: Rng,
  ) {
    this.pid = rng.int(1000, 20000);
    this.qmgr = rng.int(500, 999);
    this.cleanup = [rng.int(20001, 25000), rng.int(25001, 30000)];
    this.smtp = [rng.int(30001, 31000), rng.int(31001, 32000), rng.int(32001, 32700)];
    this.local = [rng.int(1001, 1400), rng.int(1401, 1800)];
  }

  /** a fresh process id for one smtpd/postscreen session, so overlapping sessions never share one */
  nextPid(): number {
    this.pid = this.pid >= 4194000 ? 1000 : this.pid + 1;
    return this.pid;
  }

  /** unique per host: short hex ids (Postfix default) or long ids (enable_long_queue_ids) */
  nextQueueId(rng: Rng): string {
    this.queued++;
    if (!this.longIds) {
      const head = rng.int(0x100, 0xfff).toString(16).toUpperCase();
      return head + this.queued.toString(16).toUpperCase().padStart(7, '0');
    }
    let n = this.queued;
    let out = '';
    for (let i = 0; i < 11; i++) {
      out = LONG_ID_CHARS[n % LONG_ID_CHARS.length] + out;
      n = Math.floor(n / LONG_ID_CHARS.length);
    }
    return '4' + rng.pick(['P', 'Q', 'R']) + 'b' + rng.pick(['M', 'z', 'Y']) + out;
  }
}

export interface Client {
  name: string;
  ip: string;
}

const LOCAL_DOMAINS = ['example.org', 'mail.example.net', 'lists.example.org'];
const REMOTE_DOMAINS = [
  'gmail.com', 'outlook.com', 'yahoo.com', 'gmx.de', 'web.de', 'orange.fr', 'proton.me',
  'shop.example.com', 'partner.example.co.uk', 'university.example.edu', 'bank.example.ch', 'news.example.io',
];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar',
  'peggy', 'trent', 'victor', 'walter', 'info', 'sales', 'support', 'billing', 'noreply', 'newsletter'];

export class World {
  readonly hosts: Host[];
  private readonly clients: Client[] = [];

  constructor(readonly rng: Rng) {
    this.hosts = [
      new Host('mx1', '198.51.100.10', true, false, rng),
      new Host('mx2', '198.51.100.11', false, true, rng),
      new Host('relay', '198.51.100.20', false, false, rng),
    ];
    for (let i = 0; i < 4000; i++) {
      const ip = `${rng.int(2, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      const name = rng.chance(0.3) ? 'unknown' : `${rng.pick(['mail', 'smtp', 'mx', 'out', 'mta'])}${rng.int(1, 40)}.${rng.pick(REMOTE_DOMAINS)}`;
      this.clients.push({ name, ip });
    }
  }

  /** clients follow a skewed distribution: a few busy peers, a long tail */
  client(): Client {
    const r = this.rng.next();
    return this.clients[Math.floor(r * r * r * this.clients.length)]!;
  }

  port(): number {
    return this.rng.int(1024, 65535);
  }

  localAddress(): string {
    return `${this.rng.pick(USERS)}@${this.rng.pick(LOCAL_DOMAINS)}`;
  }

  remoteAddress(): string {
    return `${this.rng.pick(USERS)}${this.rng.int(1, 99)}@${this.rng.pick(REMOTE_DOMAINS)}`;
  }

  remoteMx(address: string): Client {
    const domain = address.slice(address.indexOf('@') + 1);
    const h = [...domain].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
    return { name: `mx${(h % 3) + 1}.${domain}`, ip: `203.0.${h % 250}.${(h >>> 8) % 250 + 1}` };
  }

  messageId(host: Host): string {
    const t = this.rng.int(1e9, 2e9).toString(36);
    return `<${t}.${this.rng.int(1e5, 9e5)}@${this.rng.chance(0.5) ? host.name + '.example.org' : this.rng.pick(REMOTE_DOMAINS)}>`;
  }

  size(): number {
    const r = this.rng.next();
    return Math.floor(800 + r * r * r * r * 4_000_000);
  }

  /** Postfix's delay=, delays= fields for a delivery that took about `total` seconds */
  delays(total: number): string {
    const a = this.rng.next() * 0.2;
    const b = this.rng.next() * 0.05;
    const c = this.rng.next() * total * 0.5;
    const d = Math.max(0, total - a - b - c);
    const f = (x: number): string => (x < 0.01 ? '0' : x.toFixed(2).replace(/\.?0+$/, ''));
    return `delay=${(a + b + c + d).toFixed(2)}, delays=${f(a)}/${f(b)}/${f(c)}/${f(d)}`;
  }
}
