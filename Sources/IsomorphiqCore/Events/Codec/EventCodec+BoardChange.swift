/// Replay's lean decode.
extension EventCodec {
    /// Decodes what `TaskBoard.apply` reads of an event, skipping metadata, ids and the rest of
    /// the payload: the same board change as `BoardChange(try decode(bytes))`, at a fraction of the
    /// allocations. The JSON's syntax is checked throughout and the task is read in full; an event
    /// that does not look like a current-schema event written by this program (no `type` as the
    /// last key, another schema version, a task event without `data.task`) goes through `decode`,
    /// so upcasting and every error are the full decode's. The seq is the one in the JSON (0 when absent).
    public static func decodeBoardChange(_ bytes: UnsafeBufferPointer<UInt8>) throws(EventCodecError) -> BoardChange {
        if let type = JSONByteReader.typeHint(bytes) {
            var reader = JSONByteReader(bytes)
            var read = try reader.boardChange(type: type)
            try reader.expectEnd()
            if read.type == type, read.sawData, (read.schemaVersion ?? 1) == Int64(EventMetadata.currentSchemaVersion),
               read.task != nil || !type.isTaskEvent {
                return BoardChange(seq: read.seq, type: type, task: read.task.take())
            }
        }
        return BoardChange(try decode(bytes))
    }
}
