// (d) Linearity: synthetic 1 MB and 10 MB job files made of realistic stanzas and script blocks;
// each parsed 5 times (median). The 10 MB / 1 MB time ratio should be ≤ 11 (printed PASS/FAIL;
// the exit code does not depend on it).
import { MB, bytesOf, distUrl, gc, median, pick, rng, timeOnce, warmUp } from './util.mjs';

const RUNS = 5;
const LIMIT = 11;

export function makeJob(targetBytes, seed = 7) {
  const rand = rng(seed);
  const out = [];
  let size = 0;
  let n = 0;
  const push = (s) => {
    out.push(s);
    size += s.length;
  };
  const events = ['started', 'stopped', 'starting', 'net-device-up', 'local-filesystems', 'runlevel', 'filesystem'];
  const shell = [
    'mkdir -p /run/app-$N',
    'chown app:app /run/app-$N',
    '[ -r /etc/default/app ] && . /etc/default/app',
    'if [ "$ENABLED" != "yes" ]; then',
    '    exit 0',
    'fi',
    'for f in /etc/app/conf.d/*.conf; do',
    '    echo "loading $f" >> /var/log/app.log',
    'done',
    'exec start-stop-daemon --start --chuid app --exec /usr/bin/app -- --config /etc/app/$N.conf',
  ];
  while (size < targetBytes) {
    n++;
    const N = String(n);
    switch (n % 9) {
      case 0:
        push(`# section ${N}: generated for the linearity benchmark\n`);
        break;
      case 1:
        push(`description "generated job part ${N}"\nauthor "Bench <bench@example.com>"\n`);
        break;
      case 2:
        push(`env APP_${N}="value ${N} with spaces"\nenv PATH_${N}=/usr/local/bin:/usr/bin:/bin\nexport APP_${N}\n`);
        break;
      case 3:
        push(
          `start on (${pick(rand, events)} JOB=app-${N}\n          and net-device-up IFACE!=lo   # network\n          and runlevel [2345])\n` +
            `stop on runlevel [!2345] or stopping app-${N}\n`,
        );
        break;
      case 4: {
        const lines = 3 + Math.floor(rand() * 8);
        let body = '';
        for (let i = 0; i < lines; i++) body += `    ${pick(rand, shell).replace('$N', N)}\n`;
        push(`pre-start script\n${body}end script\n`);
        break;
      }
      case 5:
        push(`exec /usr/bin/app --name=app-${N} --port ${1000 + (n % 5000)} "--label=part ${N}" # main\n`);
        break;
      case 6:
        push(`respawn\nrespawn limit 10 5\nkill timeout 30\nkill signal SIGTERM\nnormal exit 0 TERM\n`);
        break;
      case 7:
        push(`limit nofile 65536 65536\nlimit core unlimited unlimited\numask 022\nnice -5\noom score -500\n`);
        break;
      default: {
        const lines = 5 + Math.floor(rand() * 15);
        let body = '';
        for (let i = 0; i < lines; i++) body += `  ${pick(rand, shell).replace('$N', N)}\n`;
        push(`script\n${body}end script\n\n`);
      }
    }
  }
  return out.join('');
}

export default {
  name: 'linearity',
  title: '(d) linearity: synthetic 1 MB vs 10 MB job file (median of 5)',
  async run() {
    const { parse } = await import(distUrl('grammar/parse.js'));
    const small = makeJob(1 * MB);
    const large = makeJob(10 * MB);
    warmUp(() => parse(small), 1000); // JIT settled before either size is timed
    parse(large);
    // Wall time, and process CPU time (user + system), which is steadier on a busy machine.
    const time = (text) => {
      const wall = [];
      const cpu = [];
      for (let i = 0; i < RUNS; i++) {
        gc();
        const c0 = process.cpuUsage();
        wall.push(timeOnce(() => parse(text)));
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      return { wall: median(wall), cpu: median(cpu) };
    };
    const m1 = time(small);
    const m10 = time(large);
    const t1 = m1.wall;
    const t10 = m10.wall;
    const sizeRatio = bytesOf(large) / bytesOf(small);
    const ratio = t10 / t1;
    const cpuRatio = m10.cpu / m1.cpu;
    const check = parse(small);
    const data = {
      smallBytes: bytesOf(small),
      largeBytes: bytesOf(large),
      smallStanzas: check.ast.stanzas.length,
      smallDiagnostics: check.diagnostics.length,
      smallMs: t1,
      largeMs: t10,
      sizeRatio,
      timeRatio: ratio,
      smallCpuMs: m1.cpu,
      largeCpuMs: m10.cpu,
      cpuTimeRatio: cpuRatio,
      limit: LIMIT,
      pass: ratio <= LIMIT,
      cpuPass: cpuRatio <= LIMIT,
    };
    return {
      rows: [
        { measure: '1 MB file', value: t1, unit: `ms (${(bytesOf(small) / MB).toFixed(2)} MB, ${data.smallStanzas} stanzas, ${data.smallDiagnostics} diagnostics)` },
        { measure: '10 MB file', value: t10, unit: `ms (${(bytesOf(large) / MB).toFixed(2)} MB)` },
        { measure: 'throughput 1 MB / 10 MB', value: `${((bytesOf(small) / MB) / (t1 / 1000)).toFixed(2)} / ${((bytesOf(large) / MB) / (t10 / 1000)).toFixed(2)}`, unit: 'MB/s' },
        { measure: 'time ratio 10 MB / 1 MB (wall)', value: ratio, unit: `${data.pass ? 'PASS' : 'FAIL'} (limit ${LIMIT}; size ratio ${sizeRatio.toFixed(2)})` },
        { measure: 'time ratio 10 MB / 1 MB (process CPU)', value: cpuRatio, unit: `${data.cpuPass ? 'PASS' : 'FAIL'} (${m1.cpu.toFixed(0)} / ${m10.cpu.toFixed(0)} ms CPU)` },
      ],
      data,
    };
  },
};
