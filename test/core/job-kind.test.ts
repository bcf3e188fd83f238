import { describe, expect, test } from 'vitest';
import { companionPath, jobKindFromPath, jobNameFromPath } from '../../src/core/job-kind.js';

describe('job kind from path (architecture.md contract)', () => {
  test.each([
    ['/etc/init/ssh.conf', 'system'],
    ['repo/roles/web/files/etc/init/net/apache.conf', 'system'],
    ['/home/alice/.init/irssi.conf', 'user'],
    ['/home/alice/.config/upstart/applet.conf', 'session'],
    ['C:\\img\\etc\\xdg\\upstart\\x.conf', 'session'],
    ['/usr/share/upstart/sessions/unity.conf', 'session'],
    ['debian/foo.upstart', 'system'],
    ['/tmp/tmp.Xb12/job.conf', 'system'],
    ['etc/init.conf', 'system'],
  ])('%s → %s', (path, kind) => {
    expect(jobKindFromPath(path)).toBe(kind);
  });

  test.each([
    ['/etc/init/net/apache.conf', 'net/apache'],
    ['/etc/init/ssh.override', 'ssh'],
    ['/home/a/.config/upstart/x/y.conf', 'x/y'],
    ['pkg/debian/nginx.upstart', 'nginx'],
    ['pkg/debian/nginx.nginx-extras.upstart', 'nginx-extras'],
    ['/srv/app/web.conf', 'web'],
  ])('job name of %s is %s', (path, name) => {
    expect(jobNameFromPath(path)).toBe(name);
  });

  test('companion paths', () => {
    expect(companionPath('/etc/init/a.conf')).toBe('/etc/init/a.override');
    expect(companionPath('/etc/init/a.override')).toBe('/etc/init/a.conf');
    expect(companionPath('debian/a.upstart')).toBeNull();
  });
});
