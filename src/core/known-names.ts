/**
 * Job and event names that exist without being in the linted tree: the events init and the
 * stock bridges emit (grammar document section 3.6, 4.7 and 6), and the jobs that upstart itself
 * and the packages of Ubuntu 12.04–14.04 install.
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
 * - [chromeos]  the jobs and events of ChromiumOS's own init (`platform2` `init/` and the
 *               `login_manager`, `shill`, `power_manager` jobs), which the ChromiumOS trees of the
 *               shared corpus (JackDanger/chromiumos, ArthurSonzogni/chromiumos-platform2, the
 *               board overlays) wait for. `syslog` is ChromiumOS's rsyslog job.
 * - [ubuntu]    `/etc/init/*.conf` and `/usr/share/upstart/sessions/*.conf` of Ubuntu 12.04 and
 *               14.04 packages (main and universe), from their package file lists. A name listed
 *               here that a given release does not install only makes the rules more lenient.
 *
 * A job that is not listed can be declared in configuration (`knownJobs`, `knownEvents`).
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
  // the system init's re-exec, seen by sessions as `:sys:restarted` (section 3.6)
  'restarted',
  // bridges (section 6): upstart-socket-bridge, -file-bridge, -dbus-bridge
  'socket',
  'file',
  'dbus',
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

/** Jobs a system init (PID 1) has on a stock Ubuntu 12.04–14.04 system. */
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
  // [ubuntu] boot and base system
  'mountall', 'mountall-net', 'mountall-reboot', 'mountall-shell', 'mounted-debugfs', 'mounted-dev',
  'mounted-proc', 'mounted-run', 'mounted-tmp', 'mounted-var', 'udev', 'udev-fallback-graphics',
  'udev-finish', 'udevmonitor', 'udevtrigger', 'hostname', 'kmod', 'module-init-tools', 'dmesg',
  'console-setup', 'console-font', 'keyboard-setup', 'setvtrgb', 'startpar-bridge', 'ureadahead',
  'ureadahead-other', 'friendly-recovery', 'cryptdisks', 'cryptdisks-enable', 'cryptdisks-udev',
  'systemd-logind', 'cgmanager', 'cgproxy', 'rsyslog', 'cron', 'atd', 'anacron', 'acpid',
  'irqbalance', 'ufw', 'apport', 'whoopsie', 'alsa-restore', 'alsa-store', 'rfkill-restore',
  'rfkill-store', 'pulseaudio', 'bluetooth', 'avahi-daemon', 'avahi-cups-reload', 'cups',
  'cups-browsed', 'network-manager', 'modemmanager', 'accounts-daemon', 'lightdm', 'gdm',
  'failsafe-x', 'ubiquity', 'usb-modeswitch-upstart', 'ssh', 'statd', 'gssd', 'idmapd', 'rpcbind',
  'rpcbind-boot', 'portmap', 'portmap-boot', 'portmap-wait', 'autofs', 'smbd', 'nmbd', 'winbind',
  'reload-smbd', 'isc-dhcp-server', 'isc-dhcp-server6', 'open-vm-tools', 'vsftpd', 'squid3',
  'tgt', 'mysql', 'mongodb', 'php5-fpm', 'docker', 'lxc', 'lxc-net', 'lxc-instance', 'libvirt-bin',
  'qemu-kvm', 'openvswitch-switch', 'ceph-all', 'ceph-mon', 'ceph-mon-all', 'ceph-osd',
  'ceph-osd-all', 'ceph-mds', 'ceph-mds-all', 'ceph-create-keys', 'radosgw', 'radosgw-all',
  'cloud-init', 'cloud-init-local', 'cloud-init-nonet', 'cloud-init-container', 'cloud-config',
  'cloud-final', 'cloud-log-shutdown', 'nova-api', 'nova-api-metadata', 'nova-cert',
  'nova-conductor', 'nova-objectstore', 'nova-scheduler', 'cinder-api', 'cinder-backup',
  'cinder-scheduler', 'cinder-volume', 'neutron-server', 'neutron-dhcp-agent', 'neutron-l3-agent',
  'neutron-metadata-agent', 'neutron-plugin-openvswitch-agent', 'quantum-server',
  'quantum-dhcp-agent', 'quantum-l3-agent', 'quantum-metadata-agent', 'heat-api', 'heat-api-cfn',
  'heat-engine', 'salt-master', 'salt-minion', 'gearman-job-server',
  // [chromeos]
  'boot-services', 'system-services', 'network-services', 'ui', 'halt', 'reboot', 'pre-shutdown',
  'pre-startup', 'startup', 'shill', 'debugd', 'powerd', 'cras', 'cryptohomed', 'tpm_managerd',
  'lockbox-cache', 'cgroups', 'syslog',
  // [corpus] third-party debian/*.upstart
  'aptitude-robot', 'anerd-server-tcp', 'anerd-server-udp', 'anerd-tcp', 'diamond', 'graphite-beacon',
  'inoti-perms', 'inoti-perms-instance', 'lxc-android-config', 'mythtvarchiveservermedia',
  'phscrap', 'pollinate', 'repowerd', 'scrapyd', 'serf', 'statsd', 'statsd-proxy', 'statsgod',
  'syslog-canary', 'telegram-cli', 'tlp', 'bootmail', 'dotdee', 'drserv', 'elasticsearch', 'etcd',
  'hockeypuck', 'kafka', 'lbcd', 'skydns', 'teamspeak3-server', 'wiican',
];

/** Jobs a Session Init has on a stock Ubuntu 14.04 desktop (`/usr/share/upstart/sessions`). */
export const SESSION_JOBS: readonly string[] = [
  // [upstart] debian/user-conf/, extra/conf-session/
  'logrotate', 're-exec', 'upstart-dbus-session-bridge', 'upstart-dbus-system-bridge',
  'upstart-dconf-bridge', 'upstart-event-bridge', 'upstart-file-bridge', 'upstart-udev-bridge',
  'xsession-init',
  // [pkg] pexip/os-openssh
  'ssh-agent',
  // [ubuntu] 14.04 desktop sessions
  'at-spi2-registryd', 'bamfdaemon', 'dbus', 'gnome-keyring-gpg', 'gnome-keyring-ssh',
  'gnome-session', 'gnome-settings-daemon', 'gpg-agent', 'hud', 'im-config', 'indicator-application',
  'indicator-bluetooth', 'indicator-datetime', 'indicator-keyboard', 'indicator-messages',
  'indicator-power', 'indicator-printers', 'indicator-session', 'indicator-sound', 'indicator-sync',
  'pulseaudio', 'unity-gtk-module', 'unity-panel-service', 'unity-settings-daemon', 'unity7',
  'update-notifier-cds', 'update-notifier-crash', 'update-notifier-hp-firmware',
  'update-notifier-release', 'window-stack-bridge',
];
