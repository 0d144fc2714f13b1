#!/usr/bin/env bash
# An internal system that collects its own data, as a team outside this repository would write it:
# it speaks Kafka with kcat (Debian package `kcat`), reads its data with jq, and uploads exports to
# the platform's push endpoint with curl. Nothing here uses the platform's code: only the contract
# (libs/contracts/README.md and schemas/).
#
#   KAFKA_BROKERS       host:port[,host:port]
#   KAFKA_TOPIC_PREFIX  the deployment's topic prefix, if any
#   KAFKA_GROUP         this system's consumer group (default: push-<SYSTEM_ID>)
#   SYSTEM_ID           the system id in the controller profile (tasks for other systems are skipped)
#   PUSH_URL            collector-push, e.g. http://127.0.0.1:3006
#   PUSH_API_KEY        this system's API key for collector-push
#   DATA_FILE           the "system": NDJSON lines {"email","category","source","record"}
#   ONCE=1              stop at the end of the topic (a cron-style run) instead of waiting for more
set -euo pipefail
: "${KAFKA_BROKERS:?}" "${SYSTEM_ID:?}" "${PUSH_URL:?}" "${PUSH_API_KEY:?}" "${DATA_FILE:?}"
prefix="${KAFKA_TOPIC_PREFIX:-}"
group="${KAFKA_GROUP:-push-${SYSTEM_ID}}"
# Every event of a request travels on its one topic, keyed by the request id; the type tells them apart.
requests_topic="${prefix}dsar.request.events.v1"
exit_at_end=()
[[ "${ONCE:-}" == 1 ]] && exit_at_end=(-e)

new_uuid() { cat /proc/sys/kernel/random/uuid; }

# The subject's records, as the contract's NDJSON lines (the e-mail matched case-insensitively).
records_of() {
  jq -c --arg email "$1" 'select((.email | ascii_downcase) == ($email | ascii_downcase)) | {category, source, record}' "$DATA_FILE"
}

# Publishes dsar.collection.result-reported.v1 on the requests' topic; the message key is the request id.
publish_result() { # task-event data-json
  local event
  event=$(jq -c -n --argjson task "$1" --argjson data "$2" --arg id "$(new_uuid)" --arg time "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" '{
    specversion: "1.0", id: $id, source: ("acme/" + $task.data.systemId), type: "dsar.collection.result-reported.v1",
    time: $time, subject: $task.data.requestId, datacontenttype: "application/json",
    dataschema: "https://dsar.dev/schemas/events/dsar.collection.result-reported.v1.json",
    controllerid: $task.controllerid, correlationid: $task.correlationid,
    data: ({ requestId: $task.data.requestId, taskId: $task.data.taskId, systemId: $task.data.systemId,
             action: $task.data.action, via: "push" } + $data) }')
  printf '%s\t%s\n' "$(jq -r .subject <<<"$event")" "$event" | kcat -P -q -b "$KAFKA_BROKERS" -t "$requests_topic" -K $'\t'
}

handle() { # task-event
  local task="$1" email action task_id count uploaded data
  email=$(jq -r .data.identities.email <<<"$task")
  action=$(jq -r .data.action <<<"$task")
  task_id=$(jq -r .data.taskId <<<"$task")
  count=$(records_of "$email" | wc -l)
  if [[ "$action" == export && "$count" -gt 0 ]]; then
    # Streamed: curl -T - sends stdin in chunks; the platform encrypts it as it arrives.
    uploaded=$(records_of "$email" | curl -sS --fail-with-body -T - -X PUT \
      -H "x-api-key: $PUSH_API_KEY" -H 'content-type: application/x-ndjson' "$PUSH_URL/v1/push/tasks/$task_id/export")
    data=$(jq -c '{ outcome: "exported", recordCount, export: { key, sha256, size },
                    categories: [.categories[] | . + { exported: .records }] }' <<<"$uploaded")
  elif [[ "$action" == erase && "$count" -gt 0 ]]; then
    categories=$(records_of "$email" | jq -s -c 'group_by(.category) | map({ category: .[0].category, records: length, erased: length })')
    jq -c --arg email "$email" 'select((.email | ascii_downcase) != ($email | ascii_downcase))' "$DATA_FILE" >"$DATA_FILE.next"
    mv "$DATA_FILE.next" "$DATA_FILE"
    data=$(jq -c -n --argjson c "$categories" '{ outcome: "completed", recordCount: ($c | map(.records) | add), categories: $c }')
  elif [[ "$count" -eq 0 ]]; then
    data='{"outcome":"no-data","recordCount":0}'
  else
    data='{"outcome":"failed","recordCount":0,"error":"this system cannot do that action"}'
  fi
  publish_result "$task" "$data"
}

kcat -C -q -b "$KAFKA_BROKERS" -G "$group" -X auto.offset.reset=earliest "${exit_at_end[@]}" -f '%s\n' "$requests_topic" |
  while IFS= read -r task; do
    [[ "$(jq -r '.type + " " + (.data.systemId // "")' <<<"$task")" == "dsar.collection.task-requested.v1 $SYSTEM_ID" ]] || continue
    handle "$task"
  done
