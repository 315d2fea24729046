import GRDB

/// The store's versioned schema. Migrations are append-only: never edit one that has shipped.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_initial") { db in
            try db.execute(
                sql: """
                    CREATE TABLE member (
                        userid TEXT PRIMARY KEY NOT NULL,
                        user_type INTEGER NOT NULL CHECK (user_type IN (0, 1, 2)),
                        name TEXT NOT NULL DEFAULT ''
                    );
                    CREATE TABLE template (
                        userid TEXT NOT NULL REFERENCES member(userid) ON DELETE CASCADE ON UPDATE CASCADE,
                        modality TEXT NOT NULL CHECK (modality IN ('fp', 'fa')),
                        slot INTEGER NOT NULL CHECK ((modality = 'fp' AND slot BETWEEN 0 AND 9)
                                                  OR (modality = 'fa' AND slot BETWEEN 0 AND 11)),
                        algorithm TEXT NOT NULL CHECK (length(algorithm) > 0),
                        data BLOB NOT NULL CHECK (length(data) > 0),
                        enrolled_at REAL NOT NULL,
                        PRIMARY KEY (userid, modality, slot)
                    );
                    CREATE INDEX template_by_modality_algorithm ON template(modality, algorithm);
                    -- AUTOINCREMENT: an id is never reused, so a late ack can never hit a newer row.
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        userid TEXT NOT NULL,
                        user_type INTEGER NOT NULL CHECK (user_type IN (0, 1, 2)),
                        modality TEXT NOT NULL CHECK (modality IN ('fp', 'fa')),
                        slot INTEGER NOT NULL,
                        algorithm TEXT NOT NULL,
                        data BLOB NOT NULL,
                        oper_id TEXT,
                        received_at REAL,
                        oper_deadline REAL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX outbox_by_next_attempt ON outbox(next_attempt_at);
                    CREATE INDEX outbox_by_userid ON outbox(userid);
                    CREATE TABLE setting (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE enrollment_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        userid TEXT NOT NULL,
                        modality TEXT NOT NULL,
                        slot INTEGER,
                        oper_id TEXT,
                        errcode INTEGER NOT NULL,
                        errmsg TEXT NOT NULL
                    );
                    CREATE INDEX enrollment_log_by_time ON enrollment_log(at);
                    """)
        }
        // v2 (issue 13): the result window as the enrollment machine decided it, the back-off as decided
        // (both bound what a wall instant read back may still leave), the cloud's last refusal and the
        // give-up mark. Rows of v1 get the window they had left when they were committed.
        migrator.registerMigration("v2_outbox_decisions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN oper_window REAL;
                    ALTER TABLE outbox ADD COLUMN retry_delay REAL NOT NULL DEFAULT 0;
                    ALTER TABLE outbox ADD COLUMN permanent_refusals INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE outbox ADD COLUMN last_errcode INTEGER;
                    ALTER TABLE outbox ADD COLUMN last_errmsg TEXT;
                    ALTER TABLE outbox ADD COLUMN given_up_at REAL;
                    UPDATE outbox SET oper_window = MAX(0, oper_deadline - created_at) WHERE oper_deadline IS NOT NULL;
                    CREATE INDEX outbox_by_slot ON outbox(userid, modality, slot);
                    """)
        }
        // v3 (issue 15): where a member came from, the cloud's pass rules and key as given, and the full pull
        // that last listed it (the end of a pull removes the members it did not list).
        migrator.registerMigration("v3_directory_sync") { db in
            try db.execute(
                sql: """
                    ALTER TABLE member ADD COLUMN origin TEXT NOT NULL DEFAULT 'enrolled'
                        CHECK (origin IN ('enrolled', 'pulled'));
                    ALTER TABLE member ADD COLUMN pass_rules TEXT;
                    ALTER TABLE member ADD COLUMN public_key TEXT;
                    ALTER TABLE member ADD COLUMN pull_generation INTEGER;
                    CREATE INDEX member_by_pull_generation ON member(pull_generation);
                    """)
        }
        // v4 (issue 16): passages (check-in records), committed before they are sent. `at` stays NULL while
        // the wall clock was not sane when the person passed; `uptime` and `boot_id` date it later.
        migrator.registerMigration("v4_passages") { db in
            try db.execute(
                sql: """
                    CREATE TABLE passage (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        userid TEXT NOT NULL,
                        user_type INTEGER NOT NULL CHECK (user_type IN (0, 1, 2)),
                        modality TEXT NOT NULL CHECK (modality IN ('fp', 'fa')),
                        direction INTEGER NOT NULL CHECK (direction IN (1, 2, 3)),
                        at REAL,
                        uptime REAL NOT NULL,
                        boot_id TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL DEFAULT 0,
                        acknowledged_at REAL,
                        last_errcode INTEGER,
                        last_errmsg TEXT
                    );
                    CREATE INDEX passage_pending ON passage(acknowledged_at, next_attempt_at);
                    """)
        }
        return migrator
    }()

    /// Identifiers of the migrations this build knows, oldest first.
    static var knownMigrations: [String] { migrator.migrations }
}
