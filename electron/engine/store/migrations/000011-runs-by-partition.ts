/**
 * Migration 11 (never edit): a target's runs by partition, for the partition
 * matrix (dates × static keys, the latest run of each cell in one range scan:
 * a partition key starts with its date). No state or time column: runs are
 * indexed once, at insert.
 */
export const migration000011 = `
CREATE INDEX runs_target_partition ON runs(project_file, targets, partition_key);
`;
