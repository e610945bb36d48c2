/** Migration 5 (never edit): liveness marks of long-running parts (the scheduler), for `tickwork health`. */
export const migration000005 = `
CREATE TABLE heartbeats (
  name  TEXT PRIMARY KEY,
  pid   INTEGER NOT NULL,
  at    INTEGER NOT NULL
);
`;
