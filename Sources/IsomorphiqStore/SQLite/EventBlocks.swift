import GRDB

/// The block summaries that serve reads by task and by type (`event_blocks`, StoreSchema v4).
///
/// Seqs fall in blocks of 512 (`seq >> 9`). When an append completes a block (its seq 511 is
/// stored), the same transaction writes one row per task, related task and type found in the block,
/// each listing that key's seqs as a JSON array (`BlockSummarizer`). A summary is written once and
/// never changes: seqs are assigned in order and never reused, so a complete block gets no more
/// events.
///
/// Readers (`EventReader`) use the summaries for every block below the first one without any and
/// scan the rows from there on, so a block left unsummarized costs read time, never a wrong answer.
enum EventBlocks {
    /// log2 of the seqs in a block. Changing it needs a migration that rebuilds `event_blocks`.
    static let shift: Int64 = 9

    /// SQL for the number of the first block without summaries: every block below it has them.
    static let summarizedBlocksSQL = "SELECT coalesce(max(block) + 1, 0) FROM event_blocks"

    static func summarizedBlocks(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: summarizedBlocksSQL) ?? 0
    }

    /// How the summaries differ from the events they summarize, one line each (at most `limit`):
    /// a summarized block that is not complete, a seq a summary lacks, a seq it lists wrongly.
    static func problems(_ db: Database, limit: Int = 100) throws -> [String] {
        var lines: [String] = []
        let summarized = try summarizedBlocks(db)
        let stored = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
        if summarized > (stored + 1) >> shift {
            lines.append("block summaries reach block \(summarized - 1), but the log ends at seq \(stored) in block \(stored >> shift)")
        }
        let rows = try Row.fetchAll(db, sql: """
            WITH
                expected(block, kind, key, seq) AS (
                    SELECT seq >> \(shift), 'task', task_id, seq FROM events WHERE task_id IS NOT NULL AND seq < ?1 << \(shift)
                    UNION ALL
                    SELECT seq >> \(shift), 'related', related_task_id, seq FROM events
                        WHERE related_task_id IS NOT NULL AND seq < ?1 << \(shift)
                    UNION ALL
                    SELECT seq >> \(shift), 'type', type, seq FROM events WHERE seq < ?1 << \(shift)
                ),
                listed(block, kind, key, seq) AS (
                    SELECT b.block, b.kind, b.key, json_each.value FROM event_blocks AS b CROSS JOIN json_each(b.seqs)
                )
            SELECT 'lacks', * FROM (SELECT * FROM expected EXCEPT SELECT * FROM listed)
            UNION ALL
            SELECT 'wrongly lists', * FROM (SELECT * FROM listed EXCEPT SELECT * FROM expected)
            LIMIT ?2
            """, arguments: [summarized, limit])
        for row in rows {
            let verb: String = row[0], block: Int64 = row[1], kind: String = row[2], key: String = row[3]
            let seq: Int64 = row[4]
            lines.append("block summary \(block), \(kind) \(key): \(verb) seq \(seq)")
        }
        return lines
    }
}
