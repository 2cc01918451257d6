extension EventCodec {
    /// Why `json` (an event's encoding without `seq`, as a store writes it) would not read back as
    /// itself, or `nil` when it decodes to an event that encodes to the same bytes. A store checks
    /// this before writing a row: a row its own reader refuses would stop every later replay.
    public static func readBackProblem(_ json: UnsafeBufferPointer<UInt8>) -> String? {
        let decoded: Event
        do {
            decoded = try decode(json)
        } catch {
            return "would not read back as written (\(error))"
        }
        return encode(decoded.sequenced(0)).elementsEqual(json) ? nil : "would read back as something else"
    }
}
