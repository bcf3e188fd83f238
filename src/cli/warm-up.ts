/**
 * What a run lints, in memory, just before the loader writes the V8 code cache (scripts/bin-loader.cjs):
 * a job with most stanzas and a script with most of the shell grammar, so that the cache holds
 * the compiled code of the job parser, the shell parser and every rule, whichever file the run
 * that wrote it happened to lint. A cache written by a run over a job without a script lacked the
 * shell parser, and every later lint of a job with one compiled it again: 35 M instructions more
 * per run (docs/design.md, "Cold start: where the instructions go").
 */

const SCRIPTED = `# warm-up job (never written anywhere)
description "warm-up"
author "upstart-lint"
start on (local-filesystems and net-device-up IFACE!=lo) or runlevel [2345]
stop on runlevel [!2345] or stopping network-services
instance $NAME
respawn
respawn limit 10 5
normal exit 0 TERM
expect fork
kill signal TERM
kill timeout 20
limit nofile 4096 8192
nice 5
oom score -100
umask 022
chdir /srv/app
console log
env PATH=/usr/local/bin:/usr/bin:/bin
env NODE_ENV=production
export NODE_ENV
pre-start script
    mkdir -p /run/app && chown app:app /run/app
    [ -r /etc/default/app ] && . /etc/default/app
    test -x /srv/app/bin/app || { stop; exit 0; }
end script
script
    set -e
    CONF=/etc/app/app.conf
    ARGS="--config $CONF"
    if [ -n "\${DEBUG:-}" ]; then ARGS="$ARGS --debug"; elif [ "$MODE" = x ]; then :; else true; fi
    case "\${MODE:-standalone}" in
        standalone) ARGS="$ARGS --standalone" ;;
        (cluster|ha) ARGS="$ARGS --peers \${PEERS#,}" ;;
        *) echo "unknown mode $MODE" >&2; exit 1 ;;
    esac
    for dir in /run/app /var/log/app; do
        while [ ! -d "$dir" ]; do sleep 1; done
    done
    n=$((\${#ARGS} + 1))
    host=\`hostname -f\`
    started() { logger -t app "started on $host ($(date +%s), $n)"; }
    started
    cat <<-EOF > /run/app/env
	HOST=$host
	EOF
    exec start-stop-daemon --start --chuid app --exec /srv/app/bin/app -- $ARGS 2>&1 | logger -t app
end script
post-start exec /bin/sh -c 'echo started > /dev/kmsg'
pre-stop exec logger "stopping $UPSTART_JOB"
post-stop script
    rm -f /run/app/app.pid
end script
`;

/** Job files linted in memory to warm the code cache: path, text. */
export const WARM_UP_JOBS: readonly (readonly [string, string])[] = [
  ['/etc/init/warm-up.conf', SCRIPTED],
  ['/etc/init/warm-up-task.conf', 'task\nstart on startup\nexec /sbin/true --quiet\n'],
  // An application run as root, through variables: what require-setuid and its kin work out.
  [
    '/etc/init/warm-up-app.conf',
    'start on started mysql\nenv APP=/opt/app\nenv PORT=8080\nscript\n  . $APP/venv/bin/activate\n  cd ~/app\n  sleep 1\n  export RAILS_ENV=production\n  exec $APP/bin/server --port ${PORT} --pidfile /var/run/app.pid >> /tmp/app.log 2>&1\nend script\n',
  ],
];
