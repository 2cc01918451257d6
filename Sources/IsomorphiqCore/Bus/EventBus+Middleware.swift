import Logging
import Synchronization

/// Running the middleware pipeline under the timeout.
extension EventBus {
    /// Runs `event` through every middleware in order. Entering a middleware counts as a step
    /// (one relaxed atomic increment, no lock, no clock read); the watchdog fails the request when
    /// no step has started for the timeout while a middleware is running.
    /// `chain` is the pipeline as the batch began (taken once per batch, not per event).
    nonisolated(nonsending) func runMiddleware(_ event: Event, chain: [any EventMiddleware]) async throws -> Event {
        guard !chain.isEmpty else { return event }
        return try await run(event, chain: chain, index: 0)
    }

    private nonisolated(nonsending) func run(_ event: Event, chain: [any EventMiddleware], index: Int) async throws -> Event {
        guard index < chain.count else { return event }
        steps.add(1, ordering: .relaxed)
        currentMiddleware.store(index, ordering: .relaxed)
        return try await chain[index].handle(event) { next in
            try await self.run(next, chain: chain, index: index + 1)
        }
    }

    /// Watches the writer of `generation` while it is busy; ends with it. It samples the step
    /// count four times per timeout, so a stall is caught between 1 and 1.25 timeouts after the
    /// last step began, never before.
    func makeWatchdog(generation: UInt64) -> Task<Void, Never> {
        let interval = configuration.middlewareTimeout / 4
        return Task { [weak self] in
            var lastSteps: UInt64 = .max
            var stalledSince: ContinuousClock.Instant?
            while let self, !Task.isCancelled {
                do { try await self.clock.sleep(for: interval) } catch { return }
                guard self.state.withLock({ $0.generation == generation && $0.writing }) else { return }
                let now = self.clock.now
                let stepsNow = self.steps.load(ordering: .relaxed)
                guard self.currentMiddleware.load(ordering: .relaxed) >= 0, stepsNow == lastSteps else {
                    lastSteps = stepsNow
                    stalledSince = now
                    continue
                }
                if let since = stalledSince, now - since >= self.configuration.middlewareTimeout,
                    self.fireIfStalled(generation: generation, steps: stepsNow)
                {
                    return
                }
            }
        }
    }

    /// When the writer is still inside the same step: fails that step's request, re-queues the
    /// rest of the batch (re-deciding is safe: decisions are pure) and starts a new writer.
    /// Returns whether it fired.
    private func fireIfStalled(generation: UInt64, steps observed: UInt64) -> Bool {
        let outcome: (WriteRequest, String)? = state.withLock { state in
            let index = currentMiddleware.load(ordering: .relaxed)
            guard state.generation == generation, steps.load(ordering: .relaxed) == observed, index >= 0,
                state.batchIndex < state.batch.count
            else { return nil }
            let stalled = state.batch[state.batchIndex]
            var rest = state.batch
            rest.remove(at: state.batchIndex)
            state.queue.insert(contentsOf: rest, at: 0)
            state.batch = []
            state.watchdog = nil
            state.writing = false
            state.generation &+= 1
            currentMiddleware.store(-1, ordering: .relaxed)
            return (stalled, index < state.middleware.count ? state.middleware[index].name : "middleware #\(index)")
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
