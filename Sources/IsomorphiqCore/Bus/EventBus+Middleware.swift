import Logging
import Synchronization

/// Running the middleware pipeline under the timeout.
extension EventBus {
    /// Runs `event` through every middleware in order. Entering each middleware restarts the
    /// step deadline the watchdog checks (so a step is a middleware's own work plus, while it
    /// waits on `next`, the steps after it, each of which restarts the deadline in turn).
    func runMiddleware(_ event: Event, generation: UInt64) async throws -> Event {
        let chain = state.withLock { $0.middleware }
        guard !chain.isEmpty else { return event }
        return try await run(event, chain: chain, index: 0)
    }

    private func run(_ event: Event, chain: [any EventMiddleware], index: Int) async throws -> Event {
        guard index < chain.count else { return event }
        let middleware = chain[index]
        markStep(middleware.name)
        return try await middleware.handle(event) { next in
            try await self.run(next, chain: chain, index: index + 1)
        }
    }

    private func markStep(_ name: String) {
        let deadline = clock.now.advanced(by: configuration.middlewareTimeout)
        state.withLock { state in
            state.stepCounter &+= 1
            state.inFlight = InFlightStep(step: state.stepCounter, middleware: name, deadline: deadline)
        }
    }

    /// Watches the writer of `generation` while it is busy; ends with it.
    func startWatchdog(generation: UInt64) {
        let task = Task { [weak self] in
            while let self, !Task.isCancelled {
                let observed = self.state.withLock { $0.generation == generation ? ($0.inFlight, true) : (nil, false) }
                guard observed.1 else { return }
                let wakeAt = observed.0?.deadline ?? self.clock.now.advanced(by: self.configuration.middlewareTimeout)
                do { try await self.clock.sleep(until: wakeAt) } catch { return }
                if self.fireIfStalled(generation: generation, step: observed.0?.step) { return }
            }
        }
        state.withLock { $0.watchdog = task }
    }

    /// When the same step is still in flight past its deadline: fails its request, re-queues the
    /// rest of the batch and starts a new writer. Returns whether it fired.
    private func fireIfStalled(generation: UInt64, step: UInt64?) -> Bool {
        guard let step else { return false }
        let now = clock.now
        let outcome: (WriteRequest, String)? = state.withLock { state in
            guard state.generation == generation, let inFlight = state.inFlight, inFlight.step == step, now >= inFlight.deadline,
                state.batchIndex < state.batch.count
            else { return nil }
            let stalled = state.batch[state.batchIndex]
            var rest = state.batch
            rest.remove(at: state.batchIndex)
            state.queue.insert(contentsOf: rest, at: 0)
            state.batch = []
            state.inFlight = nil
            state.watchdog = nil
            state.writing = false
            return (stalled, inFlight.middleware)
        }
        guard let (request, middleware) = outcome else { return false }
        logger.error("middleware timed out", metadata: ["middleware": "\(middleware)", "timeout": "\(configuration.middlewareTimeout)"])
        metrics.recordError()
        request.continuation.resume(throwing: EventBusError.middlewareTimeout(middleware, after: configuration.middlewareTimeout))
        let restart = state.withLock { state -> Bool in
            guard !state.writing, !state.queue.isEmpty else { return false }
            state.writing = true
            return true
        }
        if restart { startWriter() }
        return true
    }
}
