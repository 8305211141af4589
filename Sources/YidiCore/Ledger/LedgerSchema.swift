import GRDB

/// The ledger's tables, as versioned, append-only migrations: never edit a migration that
/// has shipped; add the next one.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, attempts, records, periods, outbox, counters") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: prepayments") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3: one detail row per record instead of a row per fee line") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: outbox entries remember their failures") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5: closed periods and prepayments keep the due dates they were issued with") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6: how each command last ended, for the metrics") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7: reconciliations, their candidates, feedback lines and outcomes") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8: a run that failed says why") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9: an error's message in Chinese, and the error it follows from") { db in
            try db.execute(sql: v9)
        }
        return migrator
    }

    /// What people read is in Chinese first: an error keeps its message in both languages
    /// (`message` English, `message_zh` Chinese; rows written before hold English only), and an
    /// error that follows from another in the same record names it (`caused_by_code`, `caused_by_line`).
    static let v9 = """
        ALTER TABLE attempt_error ADD COLUMN message_zh TEXT;
        ALTER TABLE attempt_error ADD COLUMN caused_by_code TEXT;
        ALTER TABLE attempt_error ADD COLUMN caused_by_line INTEGER;
        """

    /// The operator at 03:00 sees why the last run failed (`yidi status`): a refused run (78)
    /// is recorded too, with the reason; an output that keeps failing says since when; the
    /// command exits are counted by `exit_status` (`code` stays the error code of
    /// `yidi_errors_total`).
    static let v8 = """
        ALTER TABLE run ADD COLUMN failure TEXT;
        ALTER TABLE outbox ADD COLUMN first_failed_at TEXT;
        UPDATE counter SET labels = replace(labels, ',code="', ',exit_status="') WHERE name = 'yidi_command_exits_total';
        """

    /// reconciliation.md: a month's issued reconciliation freezes its candidate set
    /// (`recon_candidate`); provinces' feedback lines are kept in commit order (`seq`); at the
    /// month's clearing each excluded or deducted candidate gets an outcome row, and an excluded
    /// one names the month it is carried to.
    private static let v7 = """
        CREATE TABLE reconciliation (
          period TEXT PRIMARY KEY,
          issue_date TEXT NOT NULL,
          feedback_by TEXT NOT NULL,
          issued_at TEXT NOT NULL
        );
        CREATE TABLE recon_candidate (
          period TEXT NOT NULL,
          setl_id TEXT NOT NULL,
          entry_period TEXT NOT NULL,
          PRIMARY KEY (period, setl_id)
        );
        CREATE TABLE recon_feedback (
          seq INTEGER PRIMARY KEY,
          attempt_id INTEGER NOT NULL REFERENCES attempt(id),
          drop_id TEXT NOT NULL,
          prov_admdvs TEXT NOT NULL,
          period TEXT NOT NULL,
          line INTEGER NOT NULL,
          setl_id TEXT NOT NULL,
          role TEXT NOT NULL,
          cnfm_flag INTEGER NOT NULL,
          reason TEXT,
          dedc_amt INTEGER,
          dedc_reason TEXT
        );
        CREATE INDEX recon_feedback_by_entry ON recon_feedback(period, setl_id, role);
        CREATE TABLE recon_outcome (
          period TEXT NOT NULL,
          setl_id TEXT NOT NULL,
          state TEXT NOT NULL,
          role TEXT,
          reason TEXT,
          clr_amt INTEGER NOT NULL,
          dedc_amt INTEGER,
          dedc_reason TEXT,
          carried_to TEXT,
          PRIMARY KEY (period, setl_id)
        );
        CREATE INDEX recon_outcome_carried ON recon_outcome(carried_to);
        """

    /// The metrics give each command its own last success (a night with one rejected drop is a
    /// night that did its job) and count every command's exits, refusals included.
    private static let v6 = """
        CREATE TABLE command_outcome (
          command TEXT PRIMARY KEY,
          last_success_at TEXT,
          last_exit_code INTEGER NOT NULL,
          last_finished_at TEXT NOT NULL,
          last_duration_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// A closed period or a year's prepayments is re-issued as it was issued: with its issue
    /// date *and* its due dates, not with W1–W3 worked out again from today's calendar (a
    /// holiday added later would change an official notice already sent). Rows issued before
    /// this version keep NULL and are re-issued from the calendar, as they were then.
    private static let v5 = """
        ALTER TABLE period ADD COLUMN submit_by TEXT;
        ALTER TABLE period ADD COLUMN transfer_by TEXT;
        ALTER TABLE period ADD COLUMN feedback_by TEXT;
        ALTER TABLE prepayment_year ADD COLUMN submit_by TEXT;
        ALTER TABLE prepayment_year ADD COLUMN transfer_by TEXT;
        ALTER TABLE prepayment_year ADD COLUMN feedback_by TEXT;
        """

    /// An outbox entry that cannot be carried out (a name too long, another file system, a full
    /// disk) stays pending and is retried at every run; it remembers how often it failed and
    /// why, for `yidi status` and the metrics.
    private static let v4 = """
        ALTER TABLE outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN last_error TEXT;
        """

    /// Category totals and fee lines move into one `record_detail` row per settlement or claim
    /// (``RecordDetail``): a row per line cost more than the rest of the ledger together.
    /// Existing rows are carried over in primary-key order, which is the order they are read in.
    private static let v3 = """
        CREATE TABLE record_detail (
          owner_seq INTEGER PRIMARY KEY,
          categories TEXT NOT NULL,
          lines TEXT NOT NULL
        );
        INSERT INTO record_detail (owner_seq, categories, lines)
        SELECT o.seq, COALESCE(c.text, ''), COALESCE(f.text, '')
        FROM (SELECT seq FROM settlement UNION ALL SELECT seq FROM claim) AS o
        LEFT JOIN (SELECT owner_seq, group_concat(med_chrgitm_type || char(31) || amt, char(30)) AS text
                   FROM (SELECT * FROM category_total ORDER BY owner_seq, med_chrgitm_type) GROUP BY owner_seq) AS c
          ON c.owner_seq = o.seq
        LEFT JOIN (SELECT owner_seq, group_concat(feedetl_sn || char(31) || fee_ocur_time || char(31) || medins_list_codg
                     || char(31) || med_list_codg || char(31) || med_chrgitm_type || char(31) || chrgitm_lv || char(31) || cnt
                     || char(31) || pric || char(31) || det_item_fee_sumamt || char(31) || fulamt_ownpay_amt || char(31)
                     || overlmt_amt || char(31) || preselfpay_amt || char(31) || inscp_scp_amt, char(30)) AS text
                   FROM (SELECT * FROM fee_line ORDER BY owner_seq, seq) GROUP BY owner_seq) AS f
          ON f.owner_seq = o.seq;
        DROP TABLE fee_line;
        DROP TABLE category_total;
        """

    private static let v2 = """
        CREATE TABLE prepayment_year (
          year INTEGER PRIMARY KEY,
          issue_date TEXT NOT NULL,
          issued_at TEXT NOT NULL
        );
        CREATE TABLE prepayment (
          year INTEGER NOT NULL REFERENCES prepayment_year(year),
          insu_prov TEXT NOT NULL,
          mdtrt_prov TEXT NOT NULL,
          q4_amt INTEGER NOT NULL,
          prepay_amt INTEGER NOT NULL,
          previous_amt INTEGER NOT NULL,
          adjustment_amt INTEGER NOT NULL,
          PRIMARY KEY (year, insu_prov, mdtrt_prov)
        ) WITHOUT ROWID;
        """

    private static let v1 = """
        CREATE TABLE run (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          command TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          exit_code INTEGER
        );
        CREATE TABLE run_reference (
          run_id INTEGER NOT NULL REFERENCES run(id),
          file TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          PRIMARY KEY (run_id, file)
        );
        CREATE TABLE attempt (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          drop_key TEXT NOT NULL,
          drop_id TEXT,
          fixmedins_code TEXT,
          attempt INTEGER NOT NULL,
          run_id INTEGER NOT NULL REFERENCES run(id),
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          received_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'duplicate')),
          kind TEXT,
          record_cnt INTEGER NOT NULL,
          line_cnt INTEGER NOT NULL,
          medfee_sumamt INTEGER NOT NULL,
          error_cnt INTEGER NOT NULL,
          stored_path TEXT NOT NULL,
          UNIQUE (drop_key, attempt)
        );
        CREATE INDEX attempt_by_sha256 ON attempt(sha256);
        CREATE INDEX attempt_by_drop_id ON attempt(drop_id);
        CREATE INDEX attempt_by_run ON attempt(run_id);
        CREATE TABLE attempt_error (
          attempt_id INTEGER NOT NULL REFERENCES attempt(id),
          seq INTEGER NOT NULL,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          line INTEGER,
          setl_id TEXT,
          claim_id TEXT,
          feedetl_sn TEXT,
          field TEXT,
          expected TEXT,
          found TEXT,
          PRIMARY KEY (attempt_id, seq)
        );
        CREATE TABLE settlement (
          setl_id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          attempt_id INTEGER REFERENCES attempt(id),
          run_id INTEGER REFERENCES run(id),
          drop_id TEXT NOT NULL,
          fixmedins_code TEXT NOT NULL,
          mdtrt_admdvs TEXT NOT NULL,
          mdtrt_prov TEXT NOT NULL,
          psn_no TEXT NOT NULL,
          psn_name TEXT NOT NULL,
          certno TEXT NOT NULL,
          insu_admdvs TEXT NOT NULL,
          insu_prov TEXT NOT NULL,
          insutype TEXT NOT NULL,
          med_type TEXT NOT NULL,
          dise_codg TEXT,
          filing_type TEXT NOT NULL,
          begndate TEXT NOT NULL,
          enddate TEXT NOT NULL,
          setl_time TEXT NOT NULL,
          year INTEGER NOT NULL,
          period TEXT NOT NULL,
          medfee_sumamt INTEGER NOT NULL,
          fulamt_ownpay_amt INTEGER NOT NULL,
          overlmt_selfpay INTEGER NOT NULL,
          preselfpay_amt INTEGER NOT NULL,
          inscp_scp_amt INTEGER NOT NULL,
          act_pay_dedc INTEGER NOT NULL,
          hifp_pay INTEGER NOT NULL,
          fund_pay_sumamt INTEGER NOT NULL,
          psn_part_amt INTEGER NOT NULL,
          acct_pay INTEGER NOT NULL,
          psn_cash_pay INTEGER NOT NULL,
          cum_dedc_before INTEGER NOT NULL,
          cum_fund_before INTEGER NOT NULL,
          clr_amt INTEGER NOT NULL,
          reversed_by TEXT
        );
        CREATE INDEX settlement_by_accumulator ON settlement(psn_no, insu_admdvs, insutype, med_type, year);
        CREATE INDEX settlement_by_period ON settlement(period);
        CREATE INDEX settlement_by_drop ON settlement(drop_id);
        CREATE INDEX settlement_by_run ON settlement(run_id, insu_prov);
        CREATE TABLE reversal (
          setl_id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          orig_setl_id TEXT NOT NULL UNIQUE REFERENCES settlement(setl_id),
          attempt_id INTEGER REFERENCES attempt(id),
          run_id INTEGER REFERENCES run(id),
          drop_id TEXT NOT NULL,
          fixmedins_code TEXT NOT NULL,
          mdtrt_prov TEXT NOT NULL,
          insu_prov TEXT NOT NULL,
          insutype TEXT NOT NULL,
          med_type TEXT NOT NULL,
          revs_time TEXT NOT NULL,
          period TEXT NOT NULL,
          medfee_sumamt INTEGER NOT NULL,
          fund_pay_sumamt INTEGER NOT NULL,
          acct_pay INTEGER NOT NULL,
          clr_amt INTEGER NOT NULL
        );
        CREATE INDEX reversal_by_period ON reversal(period);
        CREATE INDEX reversal_by_drop ON reversal(drop_id);
        CREATE INDEX reversal_by_run ON reversal(run_id, insu_prov);
        CREATE TABLE claim (
          claim_id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          attempt_id INTEGER REFERENCES attempt(id),
          run_id INTEGER REFERENCES run(id),
          drop_id TEXT NOT NULL,
          fixmedins_code TEXT NOT NULL,
          mdtrt_admdvs TEXT NOT NULL,
          psn_no TEXT NOT NULL,
          psn_name TEXT NOT NULL,
          certno TEXT NOT NULL,
          insu_admdvs TEXT NOT NULL,
          insu_prov TEXT NOT NULL,
          insutype TEXT NOT NULL,
          med_type TEXT NOT NULL,
          dise_codg TEXT,
          diag_name TEXT NOT NULL,
          filing_type TEXT NOT NULL,
          fail_reason TEXT NOT NULL,
          begndate TEXT NOT NULL,
          enddate TEXT NOT NULL,
          year INTEGER NOT NULL,
          medfee_sumamt INTEGER NOT NULL,
          fulamt_ownpay_amt INTEGER NOT NULL,
          overlmt_selfpay INTEGER NOT NULL,
          preselfpay_amt INTEGER NOT NULL,
          inscp_scp_amt INTEGER NOT NULL,
          cum_dedc_before INTEGER NOT NULL,
          cum_fund_before INTEGER NOT NULL,
          act_pay_dedc INTEGER NOT NULL,
          hifp_pay INTEGER NOT NULL,
          psn_part_amt INTEGER NOT NULL
        );
        CREATE INDEX claim_by_accumulator ON claim(psn_no, insu_admdvs, insutype, med_type, year);
        CREATE INDEX claim_by_drop ON claim(drop_id);
        CREATE INDEX claim_by_run ON claim(run_id, insu_prov);
        CREATE TABLE category_total (
          owner_seq INTEGER NOT NULL,
          med_chrgitm_type TEXT NOT NULL,
          amt INTEGER NOT NULL,
          PRIMARY KEY (owner_seq, med_chrgitm_type)
        ) WITHOUT ROWID;
        CREATE TABLE fee_line (
          owner_seq INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          feedetl_sn TEXT NOT NULL,
          fee_ocur_time TEXT NOT NULL,
          medins_list_codg TEXT NOT NULL,
          med_list_codg TEXT NOT NULL,
          med_chrgitm_type TEXT NOT NULL,
          chrgitm_lv TEXT NOT NULL,
          cnt TEXT NOT NULL,
          pric TEXT NOT NULL,
          det_item_fee_sumamt INTEGER NOT NULL,
          fulamt_ownpay_amt INTEGER NOT NULL,
          overlmt_amt INTEGER NOT NULL,
          preselfpay_amt INTEGER NOT NULL,
          inscp_scp_amt INTEGER NOT NULL,
          PRIMARY KEY (owner_seq, seq)
        ) WITHOUT ROWID;
        CREATE TABLE period (
          period TEXT PRIMARY KEY,
          closed_at TEXT NOT NULL,
          issue_date TEXT NOT NULL
        );
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id INTEGER NOT NULL REFERENCES run(id),
          kind TEXT NOT NULL,
          subject TEXT NOT NULL,
          source TEXT,
          target TEXT,
          done_at TEXT
        );
        CREATE INDEX outbox_pending ON outbox(done_at, id);
        CREATE UNIQUE INDEX outbox_file ON outbox(kind, run_id, subject) WHERE kind IN ('settlement', 'reimbursement');
        CREATE TABLE counter (
          name TEXT NOT NULL,
          labels TEXT NOT NULL,
          value INTEGER NOT NULL,
          PRIMARY KEY (name, labels)
        ) WITHOUT ROWID;
        """
}
