/**
 * Migration 15 (never edit): lake_partitions.cache_key. The lake's `<hash>`
 * folder is now the producer's lake hash (a hash of its definition, the same
 * for every partition: lake/lake-hash.ts), so `hash` keeps meaning "the
 * folder hash" and the producing task's cache key (its spec hash) moves to
 * cache_key. A partition re-published under the same folder replaces its row
 * (the UNIQUE key of migration 13): one current row per dataset, hash and
 * partition. NULL on rows written before: their hash was the cache key.
 */
export const migration000015 = `
ALTER TABLE lake_partitions ADD COLUMN cache_key TEXT;
`;
