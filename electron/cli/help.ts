/**
 * `tickwork --help`, `tickwork help <command>` and `tickwork <command> --help`:
 * one entry per command in COMMAND_HELP, holding the parser's own option spec
 * (exported by the command's module) beside a one-line description of each
 * option. The entry's `options` is typed by that spec, so an option the parser
 * accepts cannot lack a description and a description cannot name an option
 * the parser rejects; main.ts checks at compile time that every command in
 * its COMMANDS map has an entry.
 *
 * Adding a command: export `<name>Options` from its module and pass it to
 * `parse`, then add `<name>: describe({ summary, usage, spec: <name>Options,
 * options: {…}, examples: […] })` below. A string option's description is a
 * pair [VALUE, text]; a boolean's is the text.
 */
import { runOptions } from './commands/run.js';
import { validateOptions } from './commands/validate.js';
import { resumeOptions } from './commands/resume.js';
import { cancelOptions } from './commands/cancel.js';
import { runsOptions } from './commands/runs.js';
import { statusOptions } from './commands/status.js';
import { logsOptions } from './commands/logs.js';
import { graphOptions } from './commands/graph.js';
import { scheduleOptions } from './commands/schedule.js';
import { scheduleActionOptions } from './commands/schedule-actions.js';
import { ensureOptions, advanceOptions } from './commands/ensure.js';
import { backfillOptions } from './commands/backfill.js';
import { sweepOptions } from './commands/sweep.js';
import { healthOptions } from './commands/health.js';
import { alertsOptions } from './commands/alerts.js';
import { alertActionOptions } from './commands/alert-actions.js';
import { upOptions, downOptions } from './commands/up.js';
import { serviceOptions } from './commands/service.js';
import { initOptions } from './commands/init.js';
import { pruneOptions } from './commands/prune.js';
import { uiOptions } from './commands/ui.js';
import { lakeLsOptions } from './commands/lake.js';
import { lakeShowOptions } from './commands/lake-show.js';
import { lakeGcOptions } from './commands/lake-gc.js';
import { describe, subcommand, PROJECT, JSON_OUT, runsOf, DATE_WORDS_NOTE, type CommandHelp } from './help-entry.js';

export type { CommandHelp } from './help-entry.js';

/** Help of every public command, keyed by command name. */
export const COMMAND_HELP = {
  run: describe({
    summary: 'run pipelines or jobs (and their upstream)',
    usage: ['tickwork run TARGET… [options]'],
    spec: runOptions,
    options: {
      project: PROJECT,
      'no-upstream': 'run only the targets, against the latest upstream results (waits for one if there is none)',
      'only-upstream': 'run the upstream of the targets, not the targets',
      force: 'ignore the cache: every selected task runs',
      'dry-run': 'print the order, pools and resolved commands; run nothing',
      date: ['D', 'the partition date: YYYY-MM-DD, today, yesterday or last-trading-day (default today)'],
      partition: ['k=v', 'a static partition key, e.g. region=US'],
      param: ['k=v', 'override a declared param for this run'],
      wait: 'follow the run here and exit 0 when it succeeds, 1 when it fails',
      json: JSON_OUT,
      mode: ['M', 'live (default: the home\'s store and the daemon) or local (in this process over an in-memory store: no run history, datasets still published and reused)'],
      debug: 'run the tasks one at a time attached to this terminal (pdb, read); stop at the first failure and print how to reproduce it',
    },
    examples: ['tickwork run daily --wait', 'tickwork run metrics --no-upstream --date yesterday --partition region=US', 'tickwork run metrics --mode local', 'tickwork run metrics --debug'],
    notes: [
      'without --wait the runs go to the daemon (or a background engine) and the command returns at once',
      'with --wait: exit 0 when every run succeeded, 1 when one failed, 3 when the daemon it followed went away',
    ],
  }),
  validate: describe({
    summary: 'check tickwork.yaml; problems as FILE:LINE:COL: field: message',
    usage: ['tickwork validate [options]'],
    spec: validateOptions,
    options: { project: PROJECT, json: JSON_OUT },
    examples: ['tickwork validate', 'tickwork validate --project ~/research/tetra --json'],
    notes: ['exit 2 when there is any problem'],
  }),
  runs: describe({
    summary: 'recent runs, newest first',
    usage: ['tickwork runs [options]'],
    spec: runsOptions,
    options: {
      pipeline: ['P', 'only runs that include pipeline P'],
      state: ['S', 'only runs in state S (queued, running, succeeded, failed, cancelled)'],
      limit: ['N', 'at most N runs (default 20)'],
      project: runsOf('runs'),
      json: JSON_OUT,
    },
    examples: ['tickwork runs --state failed --limit 5', 'tickwork runs --project ~/research/tetra --pipeline metrics --json'],
    notes: ['without --project: the runs of every project of this home ($TICKWORK_HOME)'],
  }),
  status: describe({
    summary: 'per pipeline: last run, state, duration, next action',
    usage: ['tickwork status [options]'],
    spec: statusOptions,
    options: { project: PROJECT, json: JSON_OUT },
    examples: ['tickwork status', 'tickwork status --project ~/research/tetra --json'],
  }),
  logs: describe({
    summary: 'attempt output of a run',
    usage: ['tickwork logs RUN [options]'],
    spec: logsOptions,
    options: {
      task: ['T', 'only the task of pipeline T (raw output, no prefixes)'],
      attempt: ['N', 'attempt N instead of the latest of each task'],
      follow: 'keep printing new output, and new attempts, until the run ends',
      tail: ['N', 'only the last N lines of each attempt'],
      project: ['DIR', 'check that RUN belongs to the project in DIR (exit 2 if not)'],
    },
    examples: ['tickwork logs 12 --task metrics --follow', 'tickwork logs 12 --tail 20'],
  }),
  health: describe({
    summary: 'scheduler, store, disk, memory, per-pipeline health',
    usage: ['tickwork health [options]'],
    spec: healthOptions,
    options: { project: ['DIR', 'add per-pipeline health of the project in DIR (default: this directory or a parent, if any)'], json: JSON_OUT },
    examples: ['tickwork health', 'tickwork health --project ~/research/tetra --json'],
    notes: ['exit 1 when the store fails its integrity check'],
  }),
  alerts: describe({
    summary: 'open alerts (failed, stale, failing often, long, stuck)',
    usage: ['tickwork alerts [options]', 'tickwork alerts ack ID [--json]', 'tickwork alerts snooze ID --for DURATION [--json]'],
    spec: alertsOptions,
    options: {
      all: 'resolved alerts too, newest first',
      limit: ['N', 'at most N alerts (default 50)'],
      json: JSON_OUT,
      project: ['DIR', "only the alerts of the project in DIR (default: all; this directory's project's rules are evaluated too)"],
    },
    subcommands: {
      ack: subcommand({ summary: 'acknowledge alert ID', spec: alertActionOptions, options: { for: ['DURATION', 'not for ack: it is refused (it belongs to snooze)'], json: JSON_OUT } }),
      snooze: subcommand({
        summary: 'snooze alert ID',
        spec: alertActionOptions,
        options: { for: ['DURATION', 'how long, e.g. 30m, 1h, 2d (required)'], json: JSON_OUT },
      }),
    },
    examples: ['tickwork alerts', 'tickwork alerts --all --limit 10', 'tickwork alerts ack 12', 'tickwork alerts snooze 12 --for 1h'],
    notes: [
      'ack: the alert notifies no more; a new occurrence after it resolves notifies again',
      'snooze: no notification about it (nor a recurrence) until the time is up, then a reminder if still open; DURATION like 30m, 1h, 2d',
      'ack and snooze go through the daemon when one runs; exit 2 for no such alert',
    ],
  }),
  graph: describe({
    summary: 'the pipeline DAG',
    usage: ['tickwork graph [options]'],
    spec: graphOptions,
    options: { project: PROJECT, format: ['F', 'text (default), dot or json'] },
    examples: ['tickwork graph', 'tickwork graph --format dot | dot -Tsvg > dag.svg'],
  }),
  schedule: describe({
    summary: 'next fire times of scheduled pipelines and jobs; pause and resume one',
    usage: ['tickwork schedule [options]', 'tickwork schedule pause NAME [--for DURATION | --until TIME]', 'tickwork schedule resume NAME [--catch-up]'],
    spec: scheduleOptions,
    options: { project: PROJECT, json: JSON_OUT, next: ['N', 'show the next N fire times (default 3; 5 with --json)'] },
    subcommands: {
      pause: subcommand({
        summary: 'pause the schedule of pipeline or job NAME',
        spec: scheduleActionOptions,
        options: {
          project: PROJECT,
          for: ['DURATION', 'resume by itself after DURATION (30m, 1h, 2d)'],
          until: ['TIME', 'resume by itself at TIME (2025-12-01T09:00 local, or …Z)'],
          'catch-up': 'not for pause (it belongs to resume)',
          json: JSON_OUT,
        },
      }),
      resume: subcommand({
        summary: 'resume the schedule of NAME',
        spec: scheduleActionOptions,
        options: { project: PROJECT, for: ['DURATION', 'not for resume (it belongs to pause)'], until: ['TIME', 'not for resume (it belongs to pause)'], 'catch-up': 'fire the skipped slots its catch-up policy picks', json: JSON_OUT },
      }),
    },
    examples: ['tickwork schedule --next 5', 'tickwork schedule pause prices --for 2h', 'tickwork schedule resume prices'],
    notes: ['a paused schedule skips its slots (the dashboard marks them); resume catches none up unless --catch-up', 'pause and resume go through the daemon when one runs'],
  }),
  cancel: describe({
    summary: 'stop a run and its processes',
    usage: ['tickwork cancel RUN [options]'],
    spec: cancelOptions,
    options: { project: ['DIR', 'check that RUN belongs to the project in DIR (exit 2 if not)'], json: JSON_OUT },
    examples: ['tickwork cancel 12', 'tickwork cancel 12 --project ~/research/tetra'],
  }),
  resume: describe({
    summary: 'carry on runs whose engine died',
    usage: ['tickwork resume [options]'],
    spec: resumeOptions,
    options: { project: runsOf('the runs'), json: JSON_OUT },
    examples: ['tickwork resume', 'tickwork resume --project ~/research/tetra'],
    notes: ['exit 0 when every run it carried on succeeded (or none needed it), 1 otherwise'],
  }),
  backfill: describe({
    summary: 'one run per partition over a date range',
    usage: ['tickwork backfill TARGET --from D --to D [options]'],
    spec: backfillOptions,
    options: {
      project: PROJECT,
      from: ['D', 'first date (required): YYYY-MM-DD, today, yesterday or last-trading-day'],
      to: ['D', 'last date (required), the same forms'],
      calendar: ['C', "only the trading days of calendar C (NYSE, WEEKDAYS), or none for every day (default: TARGET's schedule calendar)"],
      partition: ['k=v', 'fix a static partition key instead of covering all its values'],
      param: ['k=v', 'override a declared param for every run'],
      concurrency: ['N', 'at most N runs at a time (default 1)'],
      'newest-first': 'start with the newest date',
      'dry-run': 'list the partitions it would run and those already done; run nothing',
      json: JSON_OUT,
    },
    examples: ['tickwork backfill metrics --from 2024-01-02 --to 2024-03-29 --calendar NYSE', 'tickwork backfill metrics --from 2025-01-02 --to yesterday --concurrency 4'],
    notes: [DATE_WORDS_NOTE, 'partitions that already succeeded are skipped; Ctrl-C cancels the whole backfill'],
  }),
  sweep: describe({
    summary: 'run a pipeline once per combination of param values and tabulate their metrics',
    usage: ['tickwork sweep NAME [options]', 'tickwork sweep PIPELINE --grid key=v1,v2 [--grid key=start:stop:step]… [options]'],
    spec: sweepOptions,
    options: {
      project: PROJECT,
      grid: ['k=…', 'an ad-hoc sweep of PIPELINE: param k over v1,v2,… or the range start:stop:step (stop excluded)'],
      collect: ['m', 'a metric to read from each trial’s TICKWORK_METRICS_FILE (ad-hoc; repeat or comma-separate)'],
      sort: ['m', 'order the results by metric m, descending as --sort=-m (ad-hoc)'],
      parallel: ['N', 'at most N trials at a time (default: the sweep’s parallel)'],
      name: ['N', 'the ad-hoc sweep’s name, which names its results folder (default: PIPELINE)'],
      mode: ['M', 'live (runs in the history, trigger sweep) or local (in-memory stores, no history); default: the sweep’s mode, else live'],
      date: ['D', 'the partition date of every trial (default today)'],
      partition: ['k=v', 'fix a static partition key for every trial'],
      param: ['k=v', 'override a param the grid does not sweep'],
      json: JSON_OUT,
    },
    examples: ['tickwork sweep ma_grid', 'tickwork sweep backtest --grid window=20,50,100 --grid threshold=0.5:2:0.5 --collect sharpe --sort=-sharpe'],
    notes: [
      'the shared upstream runs once; an unchanged trial of an earlier sweep of the same name is reused',
      'results: <lake root>/<lake name>/sweeps/NAME/results.csv and results.parquet',
      'exit 0 when every trial succeeded, 1 when one failed or Ctrl-C cancelled the sweep, 2 for a usage or config error',
    ],
  }),
  ensure: describe({
    summary: 'exactly one run per partition (for cron or launchd heartbeats)',
    usage: ['tickwork ensure [TARGET…] --date D [options]'],
    spec: ensureOptions,
    options: {
      project: PROJECT,
      date: ['D', 'the partition date (required): YYYY-MM-DD, today, yesterday or last-trading-day'],
      partition: ['k=v', 'a static partition key, e.g. region=US'],
      'data-ready': "mark the run's data ready (opens data_ready gates)",
      json: JSON_OUT,
    },
    examples: ['tickwork ensure --date last-trading-day --partition region=US --data-ready'],
    notes: ['without TARGET: every pipeline of the project'],
  }),
  advance: describe({
    summary: 'move active runs as far as they can go now',
    usage: ['tickwork advance --all [options]', 'tickwork advance RUN… [options]'],
    spec: advanceOptions,
    options: { all: 'every active run without an engine', project: runsOf('the runs'), json: JSON_OUT },
    examples: ['tickwork advance --all'],
    notes: ['a no-op when a daemon drives the runs of this home'],
  }),
  up: describe({
    summary: 'run the daemon: schedules, runs, reloads, local API',
    usage: ['tickwork up [options]'],
    spec: upOptions,
    options: {
      project: ['DIR', 'a project to serve (default: this directory or a parent)'],
      port: ['N', 'serve the local API and dashboard on 127.0.0.1:N (default: the port of the last start if free, else a free one)'],
    },
    examples: ['tickwork up --project ~/research/tetra --project ~/research/risk'],
    notes: ['one daemon per TICKWORK_HOME; it runs in the foreground until SIGTERM or Ctrl-C'],
  }),
  ui: describe({
    summary: 'open the dashboard of the running daemon in your browser, signed in',
    usage: ['tickwork ui [--no-open] [--project DIR]'],
    spec: uiOptions,
    options: {
      'no-open': 'print the one-time sign-in URL on one line instead of opening a browser',
      project: ['DIR', 'open the runs of this project (the daemon must serve it)'],
    },
    examples: ['tickwork ui', 'tickwork ui --no-open'],
    notes: ['the URL signs in once, within 2 minutes; the browser then holds a session cookie for 14 days', 'exit 2 when no daemon runs: start one with tickwork up'],
  }),
  down: describe({
    summary: 'stop the running daemon',
    usage: ['tickwork down'],
    spec: downOptions,
    options: {},
    examples: ['tickwork down'],
  }),
  init: describe({
    summary: 'write a starter tickwork.yaml and one example step (never overwrites)',
    usage: ['tickwork init [DIR]'],
    spec: initOptions,
    options: {},
    examples: ['tickwork init', 'tickwork init ~/research/new-project'],
    notes: ['DIR defaults to this directory and is created if needed; exit 2 when any file it would write exists'],
  }),
  service: describe({
    summary: 'run the daemon at login: a launchd agent (macOS) or a systemd user unit (Linux)',
    usage: ['tickwork service install [--project DIR]… [--port N] [--no-start | --print]', 'tickwork service uninstall', 'tickwork service status [--project DIR] [--json]'],
    spec: serviceOptions,
    options: {
      project: ['DIR', 'install: a project the daemon serves (default: this directory or a parent); status: is it served'],
      port: ['N', 'install: the daemon serves its API on 127.0.0.1:N'],
      'no-start': 'install: write the file but do not load or start it',
      print: 'install: print the file; write and start nothing',
      json: 'status: print JSON instead of text',
    },
    examples: ['tickwork service install --project ~/research/tetra', 'tickwork service install --print', 'tickwork service status'],
    notes: [
      'the service runs `tickwork up` with this Node, this tickwork, $TICKWORK_HOME and $PATH as they are now: install again after changing them',
      'where the manager cannot be reached (no user session bus), install writes the file and says how to start it; exit 0',
    ],
  }),
  prune: describe({
    summary: "remove runs and logs older than the project's retention (a dry run unless --apply)",
    usage: ['tickwork prune [options]'],
    spec: pruneOptions,
    options: {
      apply: 'delete what the dry run lists',
      project: PROJECT,
      json: JSON_OUT,
    },
    examples: ['tickwork prune', 'tickwork prune --apply --project ~/research/tetra'],
    notes: [
      'retention: {runs: 90d, logs: 30d} in tickwork.yaml (these are the defaults; forever keeps all)',
      'never an active run, nor the latest success of each pipeline or job for each partition (the date aside)',
      'the daemon (tickwork up) prunes by itself just after it starts and then daily',
    ],
  }),
  lake: describe({
    summary: 'the datasets a project published: list, preview rows (DuckDB), remove old versions',
    usage: ['tickwork lake ls [DATASET] [--project DIR] [--json]', 'tickwork lake show DATASET [--date D] [--partition k=v]… [--limit N] [--json]', 'tickwork lake gc [--keep N] [--apply] [--json]'],
    spec: {},
    options: {},
    subcommands: {
      ls: subcommand({ summary: 'datasets and their partitions: hash, bytes, rows, producing run and task, published time', spec: lakeLsOptions, options: { project: PROJECT, json: JSON_OUT } }),
      show: subcommand({
        summary: 'schema, row count and first rows of the latest partition, or of those the selectors match',
        spec: lakeShowOptions,
        options: {
          date: ['D', 'only partitions of date D (YYYY-MM-DD, today, yesterday or last-trading-day)'],
          partition: ['k=v', 'only partitions with this partition_by value'],
          limit: ['N', 'rows to show (default 20)'],
          project: PROJECT,
          json: JSON_OUT,
        },
      }),
      gc: subcommand({
        summary: 'older versions of partitions, rows of gone directories and stale staging (a dry run unless --apply)',
        spec: lakeGcOptions,
        options: { keep: ['N', 'versions (hashes) of each partition to keep (default 1)'], apply: 'delete what the dry run lists', project: PROJECT, json: JSON_OUT },
      }),
    },
    examples: ['tickwork lake ls', 'tickwork lake show prices --date 2025-01-02 --limit 5', 'tickwork lake show prices --partition region=US --json', 'tickwork lake gc --keep 2 --apply'],
    notes: [
      'show reads parquet, csv and JSON lines with DuckDB, hive-partitioned: the partition keys are columns; a selector that fixes only some keys reads every matching partition',
      'gc never removes a version the latest successful result of its pipeline for that partition uses, nor one this home\'s store has no row for',
      'exit 2 for an unknown dataset or no matching partition',
    ],
  }),
} satisfies Record<string, CommandHelp>;
