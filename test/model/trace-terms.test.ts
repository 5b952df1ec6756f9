import { describe, expect, test } from 'vitest';
import { classifyTerms, TermError } from '../../src/model/trace-terms.js';

describe('trace terms', () => {
  test('each kind goes to the columns that can hold it', () => {
    expect(classifyTerms(['Alice@Example.COM', '<20261128.1@vm>', '[192.0.2.7]', '2001:DB8::1', 'IPv6:2001:db8::2', '4F3A21C0B2', '1xXMuw-00048C-0z', 'mx.Example.net', '<abc.def>'])).toEqual({
      addresses: ['alice@example.com', '20261128.1@vm'],
      messageIds: ['Alice@Example.COM', '20261128.1@vm', 'abc.def'],
      ips: ['192.0.2.7', '2001:db8::1', '2001:db8::2'],
      queueIds: ['4F3A21C0B2', '1xXMuw-00048C-0z', 'mx.Example.net'],
      hostNames: ['mx.example.net'],
      heloNames: ['4f3a21c0b2', '1xxmuw-00048c-0z', 'mx.example.net'],
    });
  });

  test('a word without a dot may be a HELO name (bots give "ylmf-pc", "User"): matched against HELO names only', () => {
    const t = classifyTerms(['ylmf-pc', 'User']);
    expect(t.heloNames).toEqual(['ylmf-pc', 'user']);
    expect(t.hostNames).toEqual([]);
  });

  test('"unknown" (a client without reverse DNS) is no host name: it would match every such client', () => {
    expect(classifyTerms(['unknown']).hostNames).toEqual([]);
  });

  test('a peer pasted as the report and the logs print it, name[ip] or [ip]:port, is its address', () => {
    expect(classifyTerms(['unknown[127.0.0.44]', 'mx.remote.test[198.51.100.9]:25', '[192.0.2.1]:41000', 'mail.example.org[IPv6:2001:DB8::5]'])).toMatchObject({
      ips: ['127.0.0.44', '198.51.100.9', '192.0.2.1', '2001:db8::5'], addresses: [], hostNames: [],
    });
    // what is not an address inside the brackets is no peer
    expect(() => classifyTerms(['x[not an ip]'])).toThrow(TermError);
  });

  test('a term with spaces or shell characters names nothing stored', () => {
    expect(() => classifyTerms(['a b'])).toThrow(TermError);
    expect(() => classifyTerms([''])).toThrow(TermError);
    expect(() => classifyTerms(['x;rm'])).toThrow(TermError);
  });
});
