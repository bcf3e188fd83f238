/**
 * Internet addresses as the C library reads and prints them: `inet_aton` (lenient IPv4: `127.1`,
 * `0x7f.0.0.1`, octal parts), `inet_pton`/`inet_ntop` for IPv6 (glibc's canonical form). The
 * socket bridge parses `ADDR=` with the former and prints the event's `ADDR=` with the latter
 * (grammar document section 6.1), so only the canonical form ever matches.
 */

/** One `inet_aton` number: decimal, octal (leading 0) or hex (0x). */
function atonPart(text: string): number | null {
  if (/^0[xX][0-9a-fA-F]*$/.test(text)) return text.length === 2 ? 0 : Number.parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return text.length === 1 ? 0 : Number.parseInt(text.slice(1), 8);
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  return null;
}

/** The 32-bit address `inet_aton` makes of `text`, or null when it rejects it. */
export function inetAton(text: string): number | null {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const n = atonPart(p);
    if (n === null || !Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums[nums.length - 1] as number;
  const head = nums.slice(0, -1);
  if (head.some((n) => n > 255)) return null;
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][nums.length - 1] as number;
  if (last > lastMax) return null;
  let value = 0;
  head.forEach((n, i) => {
    value += n * 2 ** (8 * (3 - i));
  });
  return value + last;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Strict dotted quad, as `inet_pton(AF_INET)` accepts it (no leading zeros beyond a single 0). */
function ptonIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** The eight 16-bit words of an IPv6 address as `inet_pton` reads it, or null. */
export function inet6Pton(text: string): number[] | null {
  if (text === '' || /[^0-9a-fA-F:.]/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string, allowV4: boolean): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (g.includes('.')) {
        if (!allowV4 || i !== groups.length - 1) return null;
        const v4 = ptonIPv4(g);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  if (halves.length === 1) {
    const words = parse(text, true);
    return words && words.length === 8 ? words : null;
  }
  const left = parse(halves[0] as string, false);
  const right = parse(halves[1] as string, true);
  if (!left || !right || left.length + right.length > 7) return null;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** glibc `inet_ntop(AF_INET6)`: longest run (≥ 2) of zero words as `::`, lowercase, IPv4 tails. */
export function formatIPv6(words: readonly number[]): string {
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    const v4Tail =
      i === 6 &&
      bestBase === 0 &&
      (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff));
    if (v4Tail) {
      const w6 = words[6] as number;
      const w7 = words[7] as number;
      out += `${w6 >> 8}.${w6 & 0xff}.${w7 >> 8}.${w7 & 0xff}`;
      break;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}
