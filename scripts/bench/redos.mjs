// (k) Long adversarial lines (issue 14): one line of 0.25, 0.5 and 1 MB built to make a
// backtracking regular expression go quadratic (runs of `/`, `=`, tabs, `-E`, `pid`, nested
// `$(`, quotes, globs), linted with every rule on (lintText, the CLI's core). CPU time of the
// process (user+sys), median of 3. Linear time: the 1 MB / 0.25 MB ratio stays near 4 (PASS at
// ≤ 6). test/redos.test.ts checks every regular expression in src/ with recheck.
import { distUrl, gc, median } from './util.mjs';

const MB = 1024 * 1024;
const SIZES = [0.25, 0.5, 1];
const LIMIT = 6;
const rep = (s, n) => s.repeat(Math.max(1, Math.floor(n / s.length)));
const CASES = {
  'exec /////…': (n) => `exec /usr/bin/app ${rep('/', n)}x\n`,
  'exec echo =====…': (n) => `exec echo ${rep('=', n)}\n`,
  'exec tabs then 0:0': (n) => `exec 0${rep('\t', n)}0:0\n`,
  'exec echo -EEEE…': (n) => `exec echo -${rep('E', n)}x\n`,
  'exec app -PIDPID…': (n) => `exec /opt/app/bin/app -O${rep('PID', n)}!\n`,
  'exec $($($(…': (n) => `exec echo ${rep('$(', n)}\n`,
  'exec quotes "\'"\'…': (n) => `exec echo ${rep(`"'`, n)}\n`,
  'env A=$$$…': (n) => `env A=${rep('$', n)}\n`,
  'start on aaaa… (emits *a*a*a*a*a*a*c)': (n) => `emits *a*a*a*a*a*a*c\nstart on ${rep('a', n)}\nexec /opt/app/bin/app\n`,
  'script with one long line': (n) => `script\n  x=${rep('a=b ', n)}\nend script\n`,
  'description "a\\\\"a\\\\"…': (n) => `description "${rep('a\\"', n)}"\n`,
  'exec 9.9.9.9…': (n) => `exec python${rep('9.', n)}x /srv/app.py\n`,
};

function cpuMs(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export default {
  name: 'redos',
  title: '(k) adversarial single lines of 0.25, 0.5 and 1 MB, every rule on (process CPU ms, median of 3; linear: 1 MB / 0.25 MB ≤ 6)',
  async run() {
    const api = await import(distUrl('index.js'));
    const rules = {};
    for (const id of api.rules.keys()) rules[id] = 'warning';
    const options = { filePath: '/etc/init/adversarial.conf', rules };
    api.lintText('exec /opt/app/bin/app\n', options);
    const rows = [];
    const data = {};
    for (const [name, make] of Object.entries(CASES)) {
      const ms = {};
      let diagnostics = 0;
      for (const size of SIZES) {
        const text = make(size * MB);
        const ts = [];
        for (let i = 0; i < 3; i++) {
          gc();
          ts.push(cpuMs(() => {
            diagnostics = api.lintText(text, options).length;
          }));
        }
        ms[size] = median(ts);
      }
      const ratio = ms[1] / ms[0.25];
      data[name] = { ms, ratio, pass: ratio <= LIMIT, diagnostics };
      rows.push({ line: name, '0.25 MB': ms[0.25], '0.5 MB': ms[0.5], '1 MB': ms[1], 'ratio 1/0.25': ratio, verdict: ratio <= LIMIT ? 'PASS' : 'FAIL', diagnostics });
    }
    return { rows, data };
  },
};
