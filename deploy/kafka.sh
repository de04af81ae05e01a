#!/usr/bin/env bash
# A single-node Kafka (KRaft, broker and controller in one JVM) for development and CI.
#
# Maven Central has no distribution tarball, only the jars, so this script resolves
# org.apache.kafka:kafka_2.13 and its runtime dependencies once with Maven into a cache
# folder and runs the broker's main class (kafka.Kafka) from them with java directly.
#
#   deploy/kafka.sh start    resolve (once), configure, format (once), start, wait until ready
#   deploy/kafka.sh stop     SIGTERM, wait, then SIGKILL
#   deploy/kafka.sh status   exit 0 when running, 3 when not
#   deploy/kafka.sh clean    stop and delete the broker's data (keeps the jars)
#
# Settings (environment): KAFKA_VERSION, KAFKA_CACHE_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT,
# KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT (seconds), KAFKA_STOP_TIMEOUT (seconds), KAFKA_INSTANCE,
# KAFKA_PROXIED_PORT and KAFKA_PROXIED_ADVERTISED_PORT (both or neither: a second listener that
# advertises a proxy's port, so a client bootstrapped through that proxy keeps using it; the
# fault suite cuts one service off the broker that way).
set -euo pipefail

readonly KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
readonly SCALA_BINARY="2.13"
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo
readonly cache="${KAFKA_CACHE_DIR:-$repo/.cache/kafka}"
readonly port="${KAFKA_PORT:-19092}"
readonly controller_port="${KAFKA_CONTROLLER_PORT:-19093}"
readonly proxied_port="${KAFKA_PROXIED_PORT:-}"
readonly proxied_advertised_port="${KAFKA_PROXIED_ADVERTISED_PORT:-}"
readonly heap_opts="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
readonly start_timeout_s="${KAFKA_START_TIMEOUT:-120}"
readonly stop_timeout_s="${KAFKA_STOP_TIMEOUT:-30}"
# Jars and data are kept per version: a newer broker rewrites its metadata.version, and
# an older one would refuse to start on that storage.
# KAFKA_INSTANCE names a second broker beside the first (own ports, data, pid and log, the
# same jars): tests that stop their broker on purpose use one, so others keep theirs.
readonly instance="${KAFKA_INSTANCE:-}"
readonly home="$cache${instance:+/instances/$instance}"
readonly lib_dir="$cache/lib-$KAFKA_VERSION"
readonly data_dir="$home/data-$KAFKA_VERSION"
readonly server_conf="$home/server.properties"
readonly log4j_conf="$home/log4j2.properties"
readonly probe_src="$home/MetadataProbe.java"
readonly pid_file="$home/kafka.pid"
readonly port_file="$home/kafka.port"
readonly log_file="$home/kafka.log"

say() { printf 'kafka.sh: %s\n' "$*"; }
die() { printf 'kafka.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# --- environment checks ----------------------------------------------------------------

require_java() {
  command -v java >/dev/null || die "java not found: Kafka $KAFKA_VERSION needs Java 17 or newer"
  local version major
  version="$(java -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
  major="${version%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] || die "Java $version found; the Kafka 4 broker needs Java 17 or newer"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid of our broker, if it is alive. The command line is checked too, so a pid the
# kernel handed to another process after a crash is not mistaken for the broker.
running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(<"$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $server_conf" || return 1
  echo "$pid"
}

# Start and stop of one cache folder take turns, so two test runs starting at once
# neither format the storage twice nor launch two brokers on one port.
take_lock() {
  mkdir -p "$home"
  command -v flock >/dev/null || return 0
  exec 9>"$home/.lock"
  flock -w 300 9 || die "another kafka.sh holds $home/.lock for more than 300s"
}

# --- resolving the jars ----------------------------------------------------------------

write_pom() {
  cat <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.hustings</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$SCALA_BINARY</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- The broker logs through SLF4J; the distribution binds it to Log4j 2, as we do. -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j2-impl</artifactId>
      <version>2.25.5</version>
    </dependency>
  </dependencies>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.slf4j</groupId>
        <artifactId>slf4j-api</artifactId>
        <version>2.0.17</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
EOF
}

resolve_jars() {
  if [[ -f "$lib_dir/.complete" ]]; then
    say "using cached Kafka $KAFKA_VERSION jars in $lib_dir"
    return
  fi
  command -v mvn >/dev/null || die "mvn not found: Maven is needed once to fetch the Kafka jars from Maven Central"
  # Instances share the jars: one resolves, the others wait and then find them complete.
  if command -v flock >/dev/null; then
    exec 8>"$cache/.resolve.lock"
    flock -w 600 8 || die "another kafka.sh has been resolving the jars for more than 600s"
    [[ -f "$lib_dir/.complete" ]] && { exec 8>&-; say "using Kafka $KAFKA_VERSION jars resolved meanwhile"; return; }
  fi
  say "resolving org.apache.kafka:kafka_$SCALA_BINARY:$KAFKA_VERSION and its runtime dependencies from Maven Central (once)"
  local work="$cache/resolve-$KAFKA_VERSION"
  rm -rf "$work" "$lib_dir.partial"
  mkdir -p "$work"
  write_pom >"$work/pom.xml"
  if ! mvn -B -q -f "$work/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$lib_dir.partial" >"$work/mvn.log" 2>&1; then
    tail -n 40 "$work/mvn.log" >&2
    die "Maven could not resolve Kafka $KAFKA_VERSION (log: $work/mvn.log)"
  fi
  # Renaming last means an interrupted download is never taken for a complete one.
  touch "$lib_dir.partial/.complete"
  mv "$lib_dir.partial" "$lib_dir"
  say "resolved $(find "$lib_dir" -name '*.jar' | wc -l) jars into $lib_dir"
  exec 8>&-
}

# --- configuration ---------------------------------------------------------------------

write_server_config() {
  mkdir -p "$data_dir"
  local listeners="PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port"
  local advertised="PLAINTEXT://127.0.0.1:$port"
  local protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [[ -n "$proxied_port" || -n "$proxied_advertised_port" ]]; then
    [[ "$proxied_port" =~ ^[0-9]+$ && "$proxied_advertised_port" =~ ^[0-9]+$ ]] ||
      die "KAFKA_PROXIED_PORT and KAFKA_PROXIED_ADVERTISED_PORT go together, both port numbers"
    listeners="$listeners,PROXIED://127.0.0.1:$proxied_port"
    advertised="$advertised,PROXIED://127.0.0.1:$proxied_advertised_port"
    protocols="$protocols,PROXIED:PLAINTEXT"
  fi
  cat >"$server_conf" <<EOF
# Written by deploy/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=$protocols
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir
# One node: internal topics cannot be replicated, and few partitions start faster.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Topics are created on purpose (deploy/ and EventBus ensureTopics), as in production,
# so a typo in a topic name fails loudly instead of creating an empty topic.
auto.create.topics.enable=false
num.partitions=1
# Consumers in tests join one at a time; waiting for more members only slows them down.
group.initial.rebalance.delay.ms=0
# Sized for a laptop or a 2-core CI runner rather than a production host.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
log.retention.hours=24
EOF
  # Tools print their answers on stdout, so every log line goes to stderr.
  cat >"$log4j_conf" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = ${sys:hustings.kafka.logLevel:-info}
rootLogger.appenderRef.err.ref = err
logger.stateChange.name = state.change.logger
logger.stateChange.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
EOF
  say "wrote KRaft config $server_conf (broker 127.0.0.1:$port, controller 127.0.0.1:$controller_port)"
}

run_java() {
  local level="$1"
  shift
  java -cp "$lib_dir/*" -Dlog4j2.configurationFile="$log4j_conf" -Dhustings.kafka.logLevel="$level" "$@"
}

format_storage() {
  if [[ -f "$data_dir/meta.properties" ]]; then
    say "storage in $data_dir is already formatted"
    return
  fi
  local cluster_id
  cluster_id="$(run_java warn kafka.tools.StorageTool random-uuid)"
  say "formatting storage in $data_dir (cluster id $cluster_id)"
  run_java warn kafka.tools.StorageTool format -t "$cluster_id" -c "$server_conf" >"$home/format.log" 2>&1 ||
    { cat "$home/format.log" >&2; die "formatting the storage failed"; }
}

# --- readiness -------------------------------------------------------------------------

# Asks the broker for cluster metadata through the real Java admin client, retrying in
# one JVM until the deadline: an open port alone does not mean the broker has joined
# the controller quorum and can serve requests.
write_probe() {
  cat >"$probe_src" <<'EOF'
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;

public class MetadataProbe {
  public static void main(String[] args) throws Exception {
    long deadline = System.currentTimeMillis() + Long.parseLong(args[1]) * 1000L;
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("request.timeout.ms", "5000");
    props.put("default.api.timeout.ms", "5000");
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          DescribeClusterResult cluster = admin.describeCluster();
          int brokers = cluster.nodes().get(5, TimeUnit.SECONDS).size();
          int topics = admin.listTopics().names().get(5, TimeUnit.SECONDS).size();
          if (brokers > 0) {
            System.out.println("cluster " + cluster.clusterId().get() + ", " + brokers + " broker(s), " + topics + " topic(s)");
            return;
          }
        } catch (Exception e) {
          if (System.currentTimeMillis() > deadline) {
            System.err.println("metadata request failed: " + e);
            System.exit(1);
          }
        }
        Thread.sleep(500);
      }
    }
  }
}
EOF
}

fail_start() {
  say "last lines of $log_file:" >&2
  tail -n 60 "$log_file" >&2 || true
  die "$1"
}

wait_until_ready() {
  local deadline=$((SECONDS + start_timeout_s))
  say "waiting up to ${start_timeout_s}s for 127.0.0.1:$port to accept connections"
  until port_open "$port"; do
    # kill -0, not running_pid: just after the launch the child may not have exec'd java yet.
    kill -0 "$(<"$pid_file")" 2>/dev/null || fail_start "the broker exited while starting"
    ((SECONDS < deadline)) || fail_start "port $port did not open within ${start_timeout_s}s"
    sleep 0.5
  done
  say "port open; waiting for the broker to answer a metadata request"
  write_probe
  local answer remaining=$((deadline - SECONDS > 5 ? deadline - SECONDS : 5))
  answer="$(run_java error "$probe_src" "127.0.0.1:$port" "$remaining")" ||
    fail_start "the broker did not answer a metadata request within ${start_timeout_s}s"
  say "ready: $answer"
}

# --- commands --------------------------------------------------------------------------

launch() {
  [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
  say "starting Kafka $KAFKA_VERSION (heap $heap_opts, log $log_file)"
  # setsid: an interrupted test run (Ctrl-C) must not take the broker down half-way;
  # the next start finds it running and reuses it.
  local detach=()
  command -v setsid >/dev/null && detach=(setsid)
  # shellcheck disable=SC2086 # heap options are a list of JVM flags
  nohup "${detach[@]}" java $heap_opts -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -cp "$lib_dir/*" -Dlog4j2.configurationFile="$log4j_conf" \
    kafka.Kafka "$server_conf" >"$log_file" 2>&1 </dev/null 9>&- &
  echo $! >"$pid_file"
  echo "$port" >"$port_file"
  say "broker process $(<"$pid_file") launched"
}

cmd_start() {
  take_lock
  local pid
  if pid="$(running_pid)"; then
    local running_port
    running_port="$(cat "$port_file" 2>/dev/null || echo '?')"
    [[ "$running_port" == "$port" ]] ||
      die "Kafka from $home already runs on port $running_port (pid $pid), not $port; stop it first"
    say "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  rm -f "$pid_file"
  port_open "$port" && die "port $port is in use by another process; choose another with KAFKA_PORT"
  port_open "$controller_port" &&
    die "controller port $controller_port is in use by another process; choose another with KAFKA_CONTROLLER_PORT"
  require_java
  resolve_jars
  write_server_config
  format_storage
  launch
  wait_until_ready
}

cmd_stop() {
  take_lock
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    say "not running"
    return 0
  fi
  say "stopping Kafka (pid $pid) with SIGTERM, waiting up to ${stop_timeout_s}s for a controlled shutdown"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + stop_timeout_s))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${stop_timeout_s}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pid_file"
  say "stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    say "running (pid $pid) on 127.0.0.1:$(cat "$port_file" 2>/dev/null || echo "$port"), log $log_file"
    return 0
  fi
  say "not running"
  return 3
}

cmd_clean() {
  cmd_stop
  say "deleting broker data in $home/data-*"
  rm -rf "$home"/data-*
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  clean) cmd_clean ;;
  *)
    echo "usage: $0 start|stop|status|clean" >&2
    exit 2
    ;;
esac
