#!/bin/sh
# Creates (or brings in line) the Kafka topics listed in kafka-topics.yaml. Run once per
# start by docker-compose's kafka-topics service, inside the apache/kafka image; usable by
# hand against any cluster with the Kafka CLI on the PATH or in KAFKA_BIN.
#
# Environment:
#   KAFKA_BOOTSTRAP             host:port of a broker (required)
#   TOPICS_FILE                 default /deploy/kafka-topics.yaml
#   KAFKA_PARTITIONS            partitions of every topic, instead of the file's
#   KAFKA_REPLICATION_FACTOR    instead of the file's (1 on a single broker)
#   KAFKA_MIN_INSYNC_REPLICAS   instead of the file's (1 on a single broker)
#   KAFKA_BIN                   default /opt/kafka/bin
#
# The Kafka commands get </dev/null: the topic list is on the loop's stdin.
# Existing topics keep their partition count (changing it would reorder keys); a mismatch
# is reported, not fixed. Retention and min.insync.replicas are re-applied every run.
set -eu

bootstrap="${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP to host:port}"
file="${TOPICS_FILE:-/deploy/kafka-topics.yaml}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"

say() { printf 'create-topics: %s\n' "$*"; }
die() { printf 'create-topics: ERROR: %s\n' "$*" >&2; exit 1; }

# One line per topic entry of the file: name partitions replication min-isr retention-ms.
topics() {
  awk '
    /^[[:space:]]*-[[:space:]]*\{/ {
      line = $0
      sub(/^[^{]*\{/, "", line)
      sub(/\}.*$/, "", line)
      for (key in entry) delete entry[key]
      count = split(line, fields, ",")
      for (i = 1; i <= count; i++) {
        split(fields[i], pair, ":")
        k = pair[1]; v = pair[2]
        gsub(/[[:space:]]/, "", k); gsub(/[[:space:]]/, "", v)
        entry[k] = v
      }
      print entry["name"], entry["partitions"], entry["replicationFactor"], entry["minInsyncReplicas"], entry["retentionMs"]
    }' "$file"
}

wait_for_broker() {
  tries=0
  until "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || die "no broker answered at $bootstrap"
    sleep 2
  done
}

ensure_topic() {
  name=$1 partitions=$2 replication=$3 min_isr=$4 retention=$5
  [ -n "$name" ] && [ -n "$partitions" ] && [ -n "$replication" ] && [ -n "$min_isr" ] && [ -n "$retention" ] \
    || die "incomplete entry for topic '$name' in $file"
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" \
    --config "min.insync.replicas=$min_isr" --config "retention.ms=$retention" </dev/null >/dev/null
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$name" \
    --add-config "min.insync.replicas=$min_isr,retention.ms=$retention" </dev/null >/dev/null
  actual="$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic "$name" </dev/null |
    sed -n 's/.*PartitionCount:[[:space:]]*\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  if [ "$actual" != "$partitions" ]; then
    say "WARNING: $name has $actual partitions, $partitions wanted; left as is"
  else
    say "$name: $partitions partitions, replication $replication, retention.ms $retention"
  fi
}

[ -r "$file" ] || die "cannot read $file"
[ -n "$(topics)" ] || die "no topics found in $file"
wait_for_broker
topics | while read -r name partitions replication min_isr retention; do
  ensure_topic "$name" "${KAFKA_PARTITIONS:-$partitions}" "${KAFKA_REPLICATION_FACTOR:-$replication}" \
    "${KAFKA_MIN_INSYNC_REPLICAS:-$min_isr}" "$retention"
done
say "done"
