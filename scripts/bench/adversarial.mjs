// (f) Adversarial inputs: error-recovery and lexer corner cases at 128 KiB and 512 KiB. A time ratio
// far above the size ratio (4) would reveal super-linear behaviour. Median of 3 runs each.
import { distUrl, gc, median, timeOnce } from './util.mjs';

const KB = 1024;
const rep = (s, n) => s.repeat(Math.ceil(n / s.length));
const CASES = {
  'unknown stanzas': (n) => rep('bogus stanza here\n', n),
  'invalid values (nice 99)': (n) => rep('nice 99\n', n),
  'unclosed ( then stanzas': (n) => 'start on (a\n' + rep('exec /bin/foo --bar\n', n),
  'unterminated quote at top': (n) => 'description "oops\n' + rep('exec /bin/foo --bar\n', n),
  'unterminated script block': (n) => 'script\n' + rep('  echo hello world\n', n),
  'only (': (n) => 'start on ' + '('.repeat(n),
  'long and-chain': (n) => 'start on a' + rep(' and a', n) + '\n',
  'one long env line': (n) => 'env ' + rep('A=1 ', n) + '\n',
  'quoted string over many lines': (n) => 'exec echo "' + rep('x\n', n) + '"\n',
  'backslash continuations': (n) => 'exec a' + rep(' \\\n b', n) + '\n',
  'only backslashes': (n) => '\\'.repeat(n),
  'only quotes': (n) => '"'.repeat(n),
  'only NULs': (n) => '\0'.repeat(n),
  'CR without LF': (n) => rep('task\r', n),
  'blank lines': (n) => rep('\n', n),
};

export default {
  name: 'adversarial',
  title: '(f) adversarial inputs: 128 KiB vs 512 KiB (median of 3; size ratio 4)',
  async run() {
    const { parse } = await import(distUrl('grammar/parse.js'));
    parse('task\n');
    const time = (text) => {
      const ts = [];
      for (let i = 0; i < 3; i++) {
        gc();
        ts.push(timeOnce(() => parse(text)));
      }
      return median(ts);
    };
    const rows = [];
    const data = {};
    for (const [name, make] of Object.entries(CASES)) {
      const small = make(128 * KB);
      const large = make(512 * KB);
      const ts = time(small);
      const tl = time(large);
      const diagnostics = parse(large).diagnostics.length;
      data[name] = { smallMs: ts, largeMs: tl, ratio: tl / ts, diagnostics };
      rows.push({ input: name, '128 KiB ms': ts, '512 KiB ms': tl, ratio: tl / ts, diagnostics });
    }
    return { rows, data };
  },
};
