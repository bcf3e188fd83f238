import { expect, test } from 'vitest';
import { formatIPv4, formatIPv6, inet6Pton, inetAton } from '../../../src/rules/_shared/inet.js';

test.each<[string, string | null]>([
  ['127.0.0.1', '127.0.0.1'],
  ['127.1', '127.0.0.1'],
  ['0x7f.1', '127.0.0.1'],
  ['0177.0.0.1', '127.0.0.1'],
  ['10.1.65535', '10.1.255.255'],
  ['2130706433', '127.0.0.1'],
  ['0', '0.0.0.0'],
  ['256.0.0.1', null],
  ['1.2.3.4.5', null],
  ['localhost', null],
  ['1..2', null],
  ['08.0.0.1', null],
  ['', null],
])('inet_aton(%j) → %j', (text, expected) => {
  const v = inetAton(text);
  expect(v === null ? null : formatIPv4(v)).toBe(expected);
});

test.each<[string, string | null]>([
  ['::1', '::1'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['::', '::'],
  ['2001:DB8::1', '2001:db8::1'],
  ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['1::', '1::'],
  ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
  ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
  ['::ffff:7f00:1', '::ffff:127.0.0.1'],
  ['::127.0.0.2', '::127.0.0.2'],
  ['::2', '::2'],
  ['1:2:3:4:5:6:7', null],
  ['1::2::3', null],
  ['12345::', null],
  ['::1.2.3', null],
  ['fe80::1%eth0', null],
  ['localhost', null],
])('inet_pton/inet_ntop(%j) → %j', (text, expected) => {
  const w = inet6Pton(text);
  expect(w === null ? null : formatIPv6(w)).toBe(expected);
});
