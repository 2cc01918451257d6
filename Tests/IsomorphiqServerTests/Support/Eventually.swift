/// Waits until `condition` holds (checked every 10 ms) or `timeout` passes; returns whether it held.
/// For state the server cleans up asynchronously after a socket closes.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while !condition() {
        guard clock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
