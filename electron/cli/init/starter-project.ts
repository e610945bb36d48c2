/**
 * The files `tickwork init` writes: a commented starter tickwork.yaml (a
 * two-pipeline DAG on an NYSE-day schedule) and the one step script it runs.
 * Pure text; the command decides where they go.
 */

/** One file of the starter project, relative to the project directory. */
export interface StarterFile {
  readonly path: string;
  readonly text: string;
  /** File mode (the step script is executable). */
  readonly mode: number;
}

/** The target `tickwork run … --wait` should be pointed at first. */
export const STARTER_TARGET = 'daily';

/** The starter project's files for a project called `name`. */
export function starterFiles(name: string): readonly StarterFile[] {
  return [
    { path: 'tickwork.yaml', text: starterYaml(name), mode: 0o644 },
    { path: 'steps/hello.sh', text: HELLO_STEP, mode: 0o755 },
  ];
}

/** A project name as YAML: plain when it reads back as the same string, quoted otherwise. */
function yamlName(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name);
}

function starterYaml(name: string): string {
  return `# tickwork.yaml, written by \`tickwork init\`. Every key is described in Tickwork's README.
#
#   data ──► metrics        metrics runs after data, for the same date
#
#   tickwork validate                 problems as tickwork.yaml:LINE:COL: field: message
#   tickwork run ${STARTER_TARGET} --wait         data, then metrics, for today
#   tickwork run metrics --date 2025-02-03 --wait
#   tickwork up                       the daemon: runs ${STARTER_TARGET} on its schedule
name: ${yamlName(name)}
timezone: America/New_York        # the zone of schedules and of {{ date }}

defaults:
  retries: 2                      # a failed attempt is tried twice more,
  retry_delay: 10s                # 10 s later, then 20 s later (backoff 2)
  backoff: 2
  timeout: 30m                    # an attempt running longer is stopped and fails
  cwd: .                          # commands run in this directory

# Partitions: one run per value, and per date. Uncomment, then pass the value
# to a command, e.g. ["sh", "steps/hello.sh", "data", "{{ date }}", "{{ partition.region }}"];
# \`tickwork run ${STARTER_TARGET} --partition region=US --wait\` runs one of them.
# partitions:
#   region: [US, EU]

pipelines:
  data:
    description: Fetch the day's data (the example writes out/DATE/data.csv)
    command: ["sh", "steps/hello.sh", "data", "{{ date }}"]   # a list is argv: no shell
    provides: [prices]
    on_error:
      # Tried in order against the exit code and the attempt's output.
      - {output: "ConnectionError", action: retry, max_attempts: 5}   # a flaky source: up to 5 attempts
      - {output: "ValueError", action: fail}                          # bad data: a retry will not help

  metrics:
    description: Metrics from the day's data (out/DATE/metrics.txt)
    command: ["sh", "steps/hello.sh", "metrics", "{{ date }}"]
    depends_on: [data]
    requires: [prices]            # validate checks that an upstream provides it

jobs:
  ${STARTER_TARGET}:
    description: The whole DAG at 19:00 New York time on NYSE trading days
    pipelines: [data, metrics]
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}   # weekends and NYSE holidays skipped

alerts:
  run_failed: true                # a failed run: a desktop notification while the daemon runs
  # freshness: 4d                 # stale: no success of a pipeline for 4 days
  # webhook: https://hooks.slack.com/services/…   # also POST every alert to Slack (or any URL)
`;
}

const HELLO_STEP = `#!/bin/sh
# An example step: sh steps/hello.sh STAGE DATE [REGION]
# Tickwork runs it in the project directory, with the run's facts in the
# environment too (TICKWORK_RUN_ID, TICKWORK_DATE, TICKWORK_PIPELINE, ...).
# Exit 0 is success; anything else fails the attempt, and its last lines show
# under the failed task's line and in \`tickwork logs RUN --task STAGE\`.
set -eu
stage=$1
date=$2
region=\${3:-}
out="out/$date\${region:+/$region}"
mkdir -p "$out"
case "$stage" in
  data)
    printf 'date,value\\n%s,42\\n' "$date" > "$out/data.csv"
    ;;
  metrics)
    if [ ! -f "$out/data.csv" ]; then
      echo "ValueError: $out/data.csv is missing; run data for $date first" >&2
      exit 1
    fi
    rows=$(($(wc -l < "$out/data.csv") - 1))
    echo "rows=$rows" > "$out/metrics.txt"
    ;;
  *)
    echo "ValueError: unknown stage $stage (expected data or metrics)" >&2
    exit 2
    ;;
esac
echo "hello from $stage for $date (run \${TICKWORK_RUN_ID:-none}): wrote $out"
`;
