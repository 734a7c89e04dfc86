import type { Migration } from '.'

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE designs (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        graph       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE datasets (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        format        TEXT NOT NULL,
        builtin       INTEGER NOT NULL DEFAULT 0,
        shape         TEXT NOT NULL,
        classes       TEXT NOT NULL,
        counts        TEXT NOT NULL,
        class_counts  TEXT NOT NULL,
        source_path   TEXT,
        content_hash  TEXT NOT NULL,
        mean          TEXT NOT NULL,
        std           TEXT NOT NULL,
        cache_dir     TEXT NOT NULL,
        split_seed    INTEGER,
        skipped       TEXT NOT NULL DEFAULT '[]',
        created_at    INTEGER NOT NULL
      ) STRICT;

      -- AUTOINCREMENT: a deleted run's id is never given to a new run.
      CREATE TABLE runs (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        name              TEXT NOT NULL,
        design_name       TEXT NOT NULL,
        graph             TEXT NOT NULL,
        hyperparameters   TEXT NOT NULL,
        dataset_id        TEXT REFERENCES datasets(id) ON DELETE SET NULL,
        backend           TEXT,
        backend_version   TEXT,
        status            TEXT NOT NULL CHECK (status IN
                            ('queued','running','completed','stopped','failed','crashed','diverged')),
        error             TEXT,
        created_at        INTEGER NOT NULL,
        started_at        INTEGER,
        ended_at          INTEGER,
        params            INTEGER,
        macs              INTEGER,
        best_val_accuracy REAL,
        final_metrics     TEXT,
        tags              TEXT NOT NULL DEFAULT '[]',
        notes             TEXT NOT NULL DEFAULT '',
        queue_position    INTEGER
      ) STRICT;
      CREATE INDEX runs_status ON runs(status);
      CREATE INDEX runs_dataset ON runs(dataset_id);
      CREATE INDEX runs_created ON runs(created_at);

      -- One row per (run, metric name); points refer to it by an integer key, which keeps the
      -- points' b-tree small and makes (run, name, step) unique through (series_id, step).
      CREATE TABLE metric_series (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        UNIQUE (run_id, name)
      ) STRICT;

      -- value NULL encodes NaN (SQLite's REAL cannot hold NaN); +-Infinity are stored natively.
      CREATE TABLE metrics (
        series_id  INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        step       INTEGER NOT NULL,
        epoch      INTEGER NOT NULL,
        value      REAL,
        time       INTEGER NOT NULL,
        PRIMARY KEY (series_id, step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE checkpoints (
        id            INTEGER PRIMARY KEY,
        run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch         INTEGER NOT NULL,
        step          INTEGER NOT NULL,
        path          TEXT NOT NULL,
        val_accuracy  REAL,
        is_best       INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX checkpoints_run ON checkpoints(run_id);

      CREATE TABLE exports (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        format      TEXT NOT NULL,
        path        TEXT NOT NULL,
        bytes       INTEGER,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX exports_run ON exports(run_id);
    `)
  },
}
