/**
 * What `tickwork lake ls` / `lake show` and the API's lake.list /
 * lake.preview answer: a project's datasets with their published partitions
 * (from the partitions' `_manifest.json` files and this home's store rows),
 * and a preview of some partitions' rows as DuckDB reads them.
 */
import type { DatasetFormat } from './config-model.js';

/** One published partition of a dataset (one version of it: one hash). */
export interface LakePartitionInfo {
  readonly dataset: string;
  /** The hive levels joined by `/`, e.g. `date=2025-01-02/region=US`; '' for a dataset without partition_by. */
  readonly partitionKey: string;
  /** The partition values, e.g. {date: '2025-01-02'}. */
  readonly partition: Readonly<Record<string, string>>;
  /** The hash folder it is published under. */
  readonly hash: string;
  /** Its absolute directory. */
  readonly path: string;
  readonly contentHash: string;
  /** Files in it (the manifest left out); null when only the store row is left. */
  readonly files: number | null;
  readonly bytes: number;
  /** Rows where the format tells (manifest.ts); null otherwise. */
  readonly rows: number | null;
  readonly runId: number;
  readonly taskRunId: number;
  readonly attempt: number;
  /** When it was published (UTC ms). */
  readonly publishedAt: number;
  /** Its directory and manifest are in the lake (false: only a store row names it). */
  readonly present: boolean;
  /** This home's store has a row for it (false: published by another home, or by a local-mode run). */
  readonly recorded: boolean;
}

/** One dataset of a project, declared in `datasets:` or only found in the lake. */
export interface LakeDatasetInfo {
  readonly name: string;
  /** Null for a dataset found in the lake that tickwork.yaml no longer declares. */
  readonly format: DatasetFormat | null;
  readonly partitionBy: readonly string[];
  readonly description: string | null;
  /** The pipeline that provides it, if any. */
  readonly producer: string | null;
  readonly declared: boolean;
  /** Its partitions, newest first (every version of every partition). */
  readonly partitions: readonly LakePartitionInfo[];
}

/** A project's lake: where it is and what it holds. */
export interface LakeListing {
  readonly project: string;
  /** `<lake root>/<lake name>`: every dataset of the project is under it. */
  readonly dir: string;
  readonly datasets: readonly LakeDatasetInfo[];
}

/** Which partitions of a dataset to preview: none given means the latest published one. */
export interface LakePreviewRequest {
  readonly dataset: string;
  /** Only partitions of this date (the dataset must be partitioned by date). */
  readonly date?: string;
  /** Only partitions with these values of the dataset's partition_by keys. */
  readonly partition?: Readonly<Record<string, string>>;
  /** Rows to return (default 20). */
  readonly limit?: number;
}

/** A column of the previewed rows: its name and DuckDB type (`BIGINT`, `DATE`, `DOUBLE`, …). */
export interface LakeColumn {
  readonly name: string;
  readonly type: string;
}

/** A value as JSON carries it: big integers beyond 2^53 as text, dates and times as ISO text. */
export type LakeValue = string | number | boolean | null | readonly LakeValue[] | { readonly [key: string]: LakeValue };

/** The rows of some partitions, read together (hive-partitioned: the partition keys are columns). */
export interface LakePreview {
  readonly dataset: string;
  readonly format: DatasetFormat;
  /** The partitions read: one version (the newest) of each matching partition. */
  readonly partitions: readonly LakePartitionInfo[];
  /** The data files read (absolute paths). */
  readonly files: readonly string[];
  readonly columns: readonly LakeColumn[];
  /** Rows in all of them; null for a `dir` dataset or when no file of the format is there. */
  readonly rowCount: number | null;
  /** The first `limit` rows, by column name. */
  readonly rows: ReadonlyArray<Readonly<Record<string, LakeValue>>>;
  readonly limit: number;
  /** How long DuckDB took to read the schema, the count and the rows (ms). */
  readonly readMs: number;
}
