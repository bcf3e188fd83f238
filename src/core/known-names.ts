/**
 * Job and event names that exist without being in the linted tree: the events init and the
 * stock bridges emit (grammar document sections 3.6, 4.7 and 6), the jobs that upstart itself and
 * the packages of Ubuntu 12.04–14.04 install, and the jobs and events of the other upstart systems
 * the shared corpus holds (ChromiumOS, Ubuntu Touch). And the other way round: names that are
 * known NOT to exist in upstart 0.5 and later (upstart 0.3's events, other init systems' service
 * names), which the rules report with what to write instead.
 *
 * A listed name only makes the rules quieter (nothing is reported about it); a missing one is
 * reported only as a near miss of a known name or with the rules' `strict` option. So a name is
 * listed when a source shows it exists; where no source was found it says so.
 *
 * Sources, noted per group below:
 * - [upstart]   upstart's own job files: `conf/`, `debian/conf/`, `debian/user-conf/`, `extra/conf/`
 *               and `extra/conf-session/` of Ubuntu's upstart packaging (ubports/upstart in the
 *               shared corpus, files 0001–0051).
 * - [pkg]       `debian/*.upstart` files of Ubuntu's packaging of that package, in the shared corpus
 *               (pexip/os-* are Ubuntu's packaging trees: apparmor, dbus, ifupdown, openssh,
 *               plymouth, procps, resolvconf, util-linux; rcbops/* and akash1808/novaautobuild
 *               are OpenStack's Ubuntu packaging).
 * - [corpus]    other `debian/*.upstart` files of the shared corpus (third-party packages; a file
 *               named just `debian/upstart` installs `/etc/init/<package>.conf`, and the package
 *               is named after its repository there).
 * - [listing]   a complete file listing (`find / -name '*.conf'`) of one Ubuntu 14.04 server
 *               (kernel 4.4.0-142 #168~14.04.1-Ubuntu) in a public repository's notes, read with
 *               the search tool: its `/etc/init/*.conf` and `/usr/share/upstart/sessions/*.conf`.
 * - [mentioned] names whose path `/etc/init/<name>.conf` occurs in public documents about Ubuntu
 *               systems (forum threads, bug reports, scripts, package file lists), found with the
 *               search tool's exact-string index; for a family of jobs one member was looked up
 *               (named in the comment). This shows the job existed on some Ubuntu release, not
 *               that every 12.04–14.04 system has it.
 * - [memory]    written from memory by the first author of this file and not found in any public
 *               source with the search tool (it said "package file lists", which was not so).
 *               Kept, because a wrong name here only makes a rule quieter.
 * - [chromeos]  the jobs and events of ChromiumOS's own init (`platform2` `init/` and the
 *               `login_manager`, `shill`, `power_manager` jobs), which the ChromiumOS trees of the
 *               shared corpus (JackDanger/chromiumos, ArthurSonzogni/chromiumos-platform2, the
 *               board overlays) wait for. `syslog` is ChromiumOS's rsyslog job. Later additions
 *               name their source: an ebuild that installs the job file (`doins …/<name>.conf`
 *               into `/etc/init`), or the program that runs `initctl emit`.
 * - [touch]     Ubuntu Touch (ubports): ubports/lxc-android-config (`etc/init/*.conf`;
 *               `upstart-local-bridge.conf` declares `emits android-container`, `rild.conf`
 *               `emits rild-ready`, the package's own job runs `initctl emit android`),
 *               ubports/ubuntu-app-launch (`upstart-jobs/*.conf.in` install the `application-*`
 *               and `untrusted-helper` session jobs; its library emits their start and end events
 *               through upstart's D-Bus `EmitEvent`), ubports/address-book-service
 *               (`upstart/address-book-service.conf`), ubports/buteo-syncfw
 *               (`msyncd/bin/msyncd.conf`), ubports/sync-monitor (`upstart/sync-monitor.conf.in`),
 *               unity8 (`initctl emit --no-wait unity8-greeter-started`).
 * - [desktop]   Ubuntu's desktop sessions: lightdm's greeter starts a Session Init with
 *               `--startup-event indicator-services-start`, the indicator jobs stop on
 *               `indicator-services-end` (`/usr/share/upstart/sessions/indicator-*.conf`).
 * - [cloud]     cloud-init's `emit_upstart` module emits `cloud-config` ("can be used by upstart
 *               jobs for 'start on cloud-config'", cloud-init's default `cloud.cfg`); Vagrant's
 *               Ubuntu guest plugin emits `vagrant-mounted` after mounting a shared folder.
 *
 * A job or event that is not listed can be declared in configuration (`knownJobs`, `knownEvents`).
 */

/** Events init emits itself, in every init (section 3.6 and `initctl check-config`, 4.7). */
export const INIT_EVENTS: readonly string[] = [
  'startup',
  'debug',
  'starting',
  'started',
  'stopping',
  'stopped',
  'control-alt-delete',
  'keyboard-request',
  'power-status-changed',
];

/** Other well-known events of a system init (section 3.6, and the bridges of section 6). */
export const SYSTEM_EVENTS: readonly string[] = [
  'runlevel',
  'filesystem',
  'local-filesystems',
  'remote-filesystems',
  'virtual-filesystems',
  'all-swaps',
  'mounting',
  'mounted',
  'net-device-up',
  'net-device-down',
  'static-network-up',
  'deconfiguring-networking',
  'container',
  'not-container',
  'failsafe-boot',
  'recovery',
  'desktop-session-start',
  'desktop-shutdown',
  'login-session-start',
  'device-not-ready',
  'dbus-activation',
  'rotate-logs',
  'unmounted-remote-filesystems',
  // [chromeos]
  'login-prompt-visible',
  'start-user-session',
  'stop-user-session',
  // [chromeos] the session manager of 2010–2011 ChromiumOS ran `initctl emit login-prompt-ready`
  'login-prompt-ready',
  // the system init's re-exec, seen by sessions as `:sys:restarted` (section 3.6)
  'restarted',
  // bridges (section 6): upstart-socket-bridge, -file-bridge, -dbus-bridge
  'socket',
  'file',
  'dbus',
  // [cloud]
  'cloud-config',
  'vagrant-mounted',
  // [touch] lxc-android-config
  'android',
  'android-container',
  'rild-ready',
];

/** Events of a Session Init (section 3.6, 4.3 and 6.2). */
export const SESSION_EVENTS: readonly string[] = [
  'session-end',
  'desktop-start',
  'desktop-end',
  'xsession',
  'file',
  'dbus',
  'dconf',
  // [desktop]
  'indicator-services-start',
  'indicator-services-end',
  // [touch] unity8, ubuntu-app-launch
  'unity8-greeter-started',
  'application-start',
  'application-end',
  'application-click-start',
  'application-legacy-start',
  'application-snap-start',
  'untrusted-helper-start',
  'untrusted-helper-end',
];

/**
 * Event names the udev bridge emits: `<subsystem>-device-added|changed|removed` (section 6.2),
 * for any udev subsystem.
 */
export function isUdevEvent(name: string): boolean {
  for (const suffix of ['-device-added', '-device-changed', '-device-removed']) {
    if (name.endsWith(suffix) && name.length > suffix.length) return /^[A-Za-z0-9_.+]+$/.test(name.slice(0, -suffix.length).replace(/-/g, '_'));
  }
  return false;
}

/** Jobs a system init (PID 1) has on a stock Ubuntu 12.04–14.04 system, and on the others above. */
export const SYSTEM_JOBS: readonly string[] = [
  // [upstart] conf/, debian/conf/, extra/conf/
  'console', 'container-detect', 'control-alt-delete', 'dbus-reconnect', 'failsafe',
  'flush-early-job-log', 'power-status-changed', 'rc', 'rc-sysinit', 'rcS', 'shutdown',
  'tty-serial', 'tty1', 'tty2', 'tty3', 'tty4', 'tty5', 'tty6', 'wait-for-state',
  'upstart-dbus-bridge', 'upstart-event-bridge', 'upstart-file-bridge', 'upstart-socket-bridge',
  'upstart-udev-bridge',
  // [pkg] pexip/os-apparmor, os-dbus, os-ifupdown, os-plymouth, os-procps, os-resolvconf, os-util-linux
  'apparmor', 'dbus', 'network-interface', 'network-interface-container', 'network-interface-security',
  'networking', 'plymouth', 'plymouth-log', 'plymouth-ready', 'plymouth-splash', 'plymouth-stop',
  'plymouth-upstart-bridge', 'procps', 'resolvconf', 'hwclock', 'hwclock-save',
  // [pkg] OpenStack's Ubuntu packaging (rcbops/*, akash1808/novaautobuild)
  'glance-api', 'glance-registry', 'keystone', 'nova-ajax-console-proxy', 'nova-api-os-compute',
  'nova-baremetal', 'nova-compute', 'nova-consoleauth', 'nova-network', 'nova-novncproxy',
  'nova-spiceproxy', 'nova-vncproxy', 'nova-xvpvncproxy', 'quantum-plugin-openvswitch-agent',
  // [listing] Ubuntu 14.04 server, /etc/init (those not listed above)
  'mountall', 'mountall-net', 'mountall-reboot', 'mountall-shell', 'mountall.sh', 'mountall-bootclean.sh',
  'mounted-debugfs', 'mounted-dev', 'mounted-proc', 'mounted-run', 'mounted-tmp', 'mounted-var',
  'mountkernfs.sh', 'mountdevsubfs.sh', 'mountnfs.sh', 'mountnfs-bootclean.sh', 'mtab.sh',
  'checkfs.sh', 'checkroot.sh', 'checkroot-bootclean.sh', 'bootmisc.sh', 'passwd',
  'udev', 'udev-fallback-graphics', 'udev-finish', 'udevmonitor', 'udevtrigger', 'hostname', 'kmod',
  'dmesg', 'console-setup', 'console-font', 'setvtrgb', 'startpar-bridge', 'ureadahead',
  'ureadahead-other', 'friendly-recovery', 'plymouth-shutdown', 'systemd-logind', 'rsyslog', 'cron',
  'atd', 'acpid', 'irqbalance', 'ufw', 'apport', 'ssh',
  // [mentioned] /etc/init/<name>.conf found in public documents
  'module-init-tools', 'cryptdisks', 'cryptdisks-udev', 'cgmanager', 'anacron', 'whoopsie',
  'alsa-restore', 'alsa-store', 'pulseaudio', 'bluetooth', 'avahi-daemon', 'avahi-cups-reload',
  'cups', 'cups-browsed', 'network-manager', 'modemmanager', 'lightdm', 'gdm', 'kdm', 'lxdm', 'xdm',
  'uxlaunch', 'oem-config', 'failsafe-x', 'ubiquity', 'usb-modeswitch-upstart', 'statd', 'gssd',
  'idmapd', 'rpcbind', 'rpcbind-boot', 'portmap', 'portmap-boot', 'portmap-wait', 'autofs', 'smbd',
  'nmbd', 'winbind', 'isc-dhcp-server', 'isc-dhcp-server6', 'vsftpd', 'squid3', 'tgt', 'mysql',
  'mongodb', 'php5-fpm', 'docker', 'lxc', 'lxc-net', 'lxc-instance', 'libvirt-bin', 'qemu-kvm',
  'openvswitch-switch', 'cgroup-lite', 'connman', 'salt-minion', 'gearman-job-server',
  //   ceph (ceph-all, ceph-osd looked up), radosgw
  'ceph-all', 'ceph-mon', 'ceph-mon-all', 'ceph-osd', 'ceph-osd-all', 'ceph-mds', 'ceph-mds-all',
  'ceph-create-keys', 'radosgw', 'radosgw-all',
  //   cloud-init (cloud-init, cloud-init-nonet, cloud-config, cloud-final looked up)
  'cloud-init', 'cloud-init-local', 'cloud-init-nonet', 'cloud-init-container', 'cloud-config',
  'cloud-final', 'cloud-log-shutdown',
  //   OpenStack (nova-compute, cinder-volume, neutron-server, heat-engine looked up)
  'nova-api', 'nova-api-metadata', 'nova-cert', 'nova-conductor', 'nova-objectstore',
  'nova-scheduler', 'cinder-api', 'cinder-backup', 'cinder-scheduler', 'cinder-volume',
  'neutron-server', 'neutron-dhcp-agent', 'neutron-l3-agent', 'neutron-metadata-agent',
  'neutron-plugin-openvswitch-agent', 'quantum-server', 'quantum-dhcp-agent', 'quantum-l3-agent',
  'quantum-metadata-agent', 'heat-api', 'heat-api-cfn', 'heat-engine', 'salt-master',
  // [memory] no public source found
  'keyboard-setup', 'cryptdisks-enable', 'cgproxy', 'accounts-daemon', 'rfkill-restore',
  'rfkill-store', 'reload-smbd', 'open-vm-tools',
  // [chromeos]
  'boot-services', 'system-services', 'network-services', 'ui', 'halt', 'reboot', 'pre-shutdown',
  'pre-startup', 'startup', 'shill', 'debugd', 'powerd', 'cras', 'cryptohomed', 'tpm_managerd',
  'lockbox-cache', 'cgroups', 'syslog',
  // [chromeos] installed by ebuilds: imageloader (init/imageloader-init.conf), cr50-utils
  // (cr50-result.conf), the trogdor baseboard (verify_fsg.conf), net-print/cups (cupsd.conf)
  'imageloader', 'imageloader-init', 'imageloader-shutdown', 'cr50-result', 'cr50-update',
  'cr50-metrics', 'verify_fsg', 'cupsd',
  // [touch] ubports/lxc-android-config (its `ofono.override` and `force-adb.conf` change the jobs
  // of the ofono and android-tools-adbd packages)
  'lxc-android-boot', 'upstart-local-bridge', 'rild', 'apport-config', 'ofono', 'android-tools-adbd',
  // [corpus] third-party debian/*.upstart
  'aptitude-robot', 'anerd-server-tcp', 'anerd-server-udp', 'anerd-tcp', 'diamond', 'graphite-beacon',
  'inoti-perms', 'inoti-perms-instance', 'lxc-android-config', 'mythtvarchiveservermedia',
  'phscrap', 'pollinate', 'repowerd', 'scrapyd', 'serf', 'statsd', 'statsd-proxy', 'statsgod',
  'syslog-canary', 'telegram-cli', 'tlp', 'bootmail', 'dotdee', 'drserv', 'elasticsearch', 'etcd',
  'hockeypuck', 'kafka', 'lbcd', 'skydns', 'teamspeak3-server', 'wiican',
];

/** Jobs a Session Init has on a stock Ubuntu 14.04 desktop (`/usr/share/upstart/sessions`) and on Ubuntu Touch. */
export const SESSION_JOBS: readonly string[] = [
  // [upstart] debian/user-conf/, extra/conf-session/ (all but bridges also in [listing])
  'logrotate', 're-exec', 'upstart-dbus-session-bridge', 'upstart-dbus-system-bridge',
  'upstart-dconf-bridge', 'upstart-event-bridge', 'upstart-file-bridge', 'upstart-udev-bridge',
  'xsession-init',
  // [pkg] pexip/os-openssh ([listing] too)
  'ssh-agent',
  // [listing]
  'dbus',
  // [memory] 14.04 desktop sessions (the indicator jobs are confirmed by [desktop]'s sources:
  // indicator-bluetooth.conf; the others no public source was looked up for)
  'at-spi2-registryd', 'bamfdaemon', 'gnome-keyring-gpg', 'gnome-keyring-ssh',
  'gnome-session', 'gnome-settings-daemon', 'gpg-agent', 'hud', 'im-config', 'indicator-application',
  'indicator-bluetooth', 'indicator-datetime', 'indicator-keyboard', 'indicator-messages',
  'indicator-power', 'indicator-printers', 'indicator-session', 'indicator-sound', 'indicator-sync',
  'pulseaudio', 'unity-gtk-module', 'unity-panel-service', 'unity-settings-daemon', 'unity7',
  'update-notifier-cds', 'update-notifier-crash', 'update-notifier-hp-firmware',
  'update-notifier-release', 'window-stack-bridge',
  // [touch]
  'application', 'application-click', 'application-legacy', 'application-snap', 'application-failed',
  'application-logrotate', 'untrusted-helper', 'untrusted-helper-type-end', 'untrusted-helper-logrotate',
  'address-book-service', 'msyncd', 'sync-monitor', 'unity8', 'media-hub',
];

/** What a name that no upstart since 0.5 uses means, and what to write instead. */
export interface Replacement {
  /** Why the name is wrong, one clause. */
  readonly reason: string;
  /** The words to write instead, when there is one mechanical replacement. */
  readonly replacement: string | null;
  /** What to do when there is no replacement. */
  readonly advice?: string;
}

const RUNLEVEL_EVENT = /^runlevel-([0-6sS])$/;
const OLD_JOB_EVENT = /^(.+)\/(start|started|stop|stopped)$/;
const OLD_JOB_EVENT_NAME: Readonly<Record<string, string>> = { start: 'starting', started: 'started', stop: 'stopping', stopped: 'stopped' };

/**
 * Events that upstart 0.3 emitted (its `event.d` jobs wait for them: ubports/upstart
 * `debian/event.d/`) and that no init since 0.5 emits, and the stanza keywords `start`/`stop`
 * read as an event when `start on start on …` repeats them. Null for any other name.
 */
export function obsoleteEvent(name: string): Replacement | null {
  const runlevel = RUNLEVEL_EVENT.exec(name);
  if (runlevel) {
    return { reason: 'upstart 0.3 emitted it; since 0.5 the runlevel is an argument', replacement: `runlevel ${runlevel[1] as string}` };
  }
  const job = OLD_JOB_EVENT.exec(name);
  if (job) {
    const event = OLD_JOB_EVENT_NAME[job[2] as string] as string;
    // upstart 0.3's `rcN` jobs are one job `rc` since 0.5, with the runlevel as its argument.
    const rc = RC_JOB.exec(job[1] as string);
    const target = rc ? `rc RUNLEVEL=${rc[1] ?? '0'}` : (job[1] as string);
    return { reason: 'upstart 0.3 named job events this way; since 0.5 the job is an argument', replacement: `${event} ${target}` };
  }
  switch (name) {
    case 'shutdown':
      return { reason: 'upstart 0.3 emitted it; since 0.5 shutting down is runlevel 0 or 6', replacement: 'runlevel [06]' };
    case 'reboot':
      return { reason: 'upstart 0.3 emitted it; since 0.5 a reboot is runlevel 6', replacement: 'runlevel 6' };
    case 'system-halt':
    case 'power-off':
      return { reason: 'upstart 0.3 emitted it; since 0.5 a halt is runlevel 0', replacement: 'runlevel 0' };
    case 'stalled':
      return { reason: 'upstart 0.3 emitted it when no job was running; later versions have no such event', replacement: null, advice: 'remove it from the condition' };
    case 'start':
    case 'stop':
      return { reason: `it is the stanza keyword: \`${name} on ${name} on …\` repeats it`, replacement: null, advice: `remove the repeated \`${name} on\`` };
    default:
      return null;
  }
}

const RC_JOB = /^rc([0-6])$|^rc0-(halt|poweroff)$/;

/**
 * Job names that do not exist on an upstart 1.x system although people wait for them: upstart
 * 0.3's per-runlevel `rcN` jobs (`debian/event.d/` of ubports/upstart), and other init systems'
 * names for services whose Ubuntu job has another name (Red Hat's `network`, `sshd`, `crond`,
 * `mysqld`, `messagebus`, `NetworkManager`; the daemons' own names `rsyslogd`, `udevd`).
 */
export function misnamedJob(name: string): Replacement | null {
  const rc = RC_JOB.exec(name);
  if (rc) {
    const level = rc[1] ?? '0';
    return { reason: 'upstart 0.3 ran one job per runlevel; since 0.5 the job `rc` runs them all', replacement: `rc RUNLEVEL=${level}` };
  }
  const ubuntu = OTHER_INIT_NAMES[name];
  if (ubuntu === undefined) return null;
  return { reason: `\`${name}\` is what other init systems call it`, replacement: ubuntu };
}

const OTHER_INIT_NAMES: Readonly<Record<string, string>> = {
  network: 'networking',
  sshd: 'ssh',
  crond: 'cron',
  mysqld: 'mysql',
  messagebus: 'dbus',
  NetworkManager: 'network-manager',
  rsyslogd: 'rsyslog',
  udevd: 'udev',
};
