import Foundation

/// The lean read of an event for replay: the task, the seq, the type and the schema version.
extension JSONByteReader {
    /// What `boardChange` found; `nil` fields were absent.
    struct BoardChangeRead {
        var task: TaskItem?
        var seq: Int64 = 0
        var type: EventType?
        var schemaVersion: Int64?
        var sawData = false
    }

    /// Reads an event object keeping only what the board needs: `data.task` (read in full, as the
    /// full decode reads it) when `type` is a task event, `seq`, `type` and `metadata.schemaVersion`.
    /// Everything else is skipped with its syntax checked (`skipValue`), without building it.
    mutating func boardChange(type: EventType) throws(EventCodecError) -> BoardChangeRead {
        var read = BoardChangeRead()
        try beginObject("event")
        var first = true
        while let name = try nextKey(&first) {
            if name.matches("data") {
                read.sawData = true
                guard type.isTaskEvent else {
                    try skipValue()
                    continue
                }
                try beginObject("data")
                var firstInData = true
                while let key = try nextKey(&firstInData) {
                    if key.matches("task") { read.task = try task() } else { try skipValue() }
                }
            } else if name.matches("type") {
                read.type = try eventType("type")
            } else if name.matches("seq") {
                read.seq = try consumeNull() ? 0 : integer("seq")
            } else if name.matches("metadata") {
                try beginObject("metadata")
                var firstInMetadata = true
                while let key = try nextKey(&firstInMetadata) {
                    if key.matches("schemaVersion") {
                        read.schemaVersion = try consumeNull() ? nil : integer("schemaVersion")
                    } else {
                        try skipValue()
                    }
                }
            } else {
                try skipValue()
            }
        }
        return read
    }
}
