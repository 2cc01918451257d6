import Foundation
import IsomorphiqCore
import Logging
import Testing

@Suite("Middleware")
struct MiddlewareTests {
    static func event(_ title: String = "t", source: String = "test") -> Event {
        Fixtures.factory().taskCreated(
            TaskItem(id: Fixtures.uuid(1), title: title, createdBy: "alice", createdAt: Fixtures.epoch),
            context: EventContext(userId: "alice", source: source))
    }

    nonisolated(nonsending) static func pass(_ event: Event) async throws -> Event { event }

    @Test func rateLimitRefusesPastTheBurstAndSaysWhenToRetry() async throws {
        let clock = ManualClock()
        let limiter = RateLimitMiddleware(perType: .init(burst: 2, perSecond: 1), clock: clock)
        _ = try await limiter.handle(Self.event(), next: Self.pass)
        _ = try await limiter.handle(Self.event(), next: Self.pass)
        do {
            _ = try await limiter.handle(Self.event(), next: Self.pass)
            Issue.record("the third event should be refused")
        } catch let rejection as EventRejection {
            #expect(rejection.retryAfter == .seconds(1))
        }
        clock.advance(by: .seconds(1))
        _ = try await limiter.handle(Self.event(), next: Self.pass)
    }

    @Test func rateLimitPerSourceIsSeparate() async throws {
        let clock = ManualClock()
        let limiter = RateLimitMiddleware(perSource: .init(burst: 1, perSecond: 0.5), clock: clock)
        _ = try await limiter.handle(Self.event(source: "rest"), next: Self.pass)
        _ = try await limiter.handle(Self.event(source: "tui"), next: Self.pass)
        await #expect(throws: EventRejection.self) { _ = try await limiter.handle(Self.event(source: "rest"), next: Self.pass) }
    }

    @Test func rateLimitThroughTheServiceIsARejectionWithRetryAfter() async throws {
        let clock = ManualClock()
        let (service, _, _) = Fixtures.service(middleware: [RateLimitMiddleware(perType: .init(burst: 1, perSecond: 1), clock: clock)])
        _ = try await service.create("one")
        let error = await #expect(throws: TaskServiceError.self) { try await service.create("two") }
        #expect(error?.code == .rejected)
        #expect(error?.retryAfter == .seconds(1))
    }

    @Test func filterByTypeAndSource() async throws {
        let blockCreates = FilterMiddleware(blockedTypes: [.taskCreated])
        await #expect(throws: EventRejection.self) { _ = try await blockCreates.handle(Self.event(), next: Self.pass) }
        let onlyTUI = FilterMiddleware(allowedSources: ["tui"])
        _ = try await onlyTUI.handle(Self.event(source: "tui"), next: Self.pass)
        await #expect(throws: EventRejection.self) { _ = try await onlyTUI.handle(Self.event(source: "rest"), next: Self.pass) }
    }

    @Test func validationRefusesMalformedPayloads() async throws {
        var wrong = Self.event()
        if case .taskCreated(var payload) = wrong.payload {
            payload.task.title = String(repeating: "x", count: 300)
            wrong.payload = .taskCreated(payload)
        }
        #expect(ValidationMiddleware.problem(with: wrong) != nil)
        #expect(ValidationMiddleware.problem(with: Self.event()) == nil)
        let factory = Fixtures.factory()
        var task = TaskItem(id: Fixtures.uuid(1), title: "t", createdBy: "a", createdAt: Fixtures.epoch)
        task.status = .todo
        let noChange = factory.taskStatusChanged(task, from: .todo, context: Fixtures.alice)
        #expect(ValidationMiddleware.problem(with: noChange) == "the status did not change")
        for sample in SampleEvents.all where sample.type != .taskCreated {
            #expect(ValidationMiddleware.problem(with: sample) == nil, "\(sample.type)")
        }
    }

    @Test func errorHandlingTurnsAnyErrorIntoARejection() async throws {
        struct Broken: Error {}
        let middleware = ErrorHandlingMiddleware(logger: Logger(label: "test"))
        do {
            _ = try await middleware.handle(Self.event()) { _ in throw Broken() }
            Issue.record("expected a rejection")
        } catch let rejection as EventRejection {
            #expect(rejection.middleware == "error-handling")
        }
    }

    @Test func transformEnrichesMetadata() async throws {
        let enrich = TransformMiddleware.enrichment(sessionId: "s-9")
        var plain = Self.event()
        plain.metadata.correlationId = nil
        plain.metadata.sessionId = nil
        let result = try await enrich.handle(plain, next: Self.pass)
        #expect(result.metadata.sessionId == "s-9")
        #expect(result.metadata.correlationId == plain.id)
    }

    @Test func metricsMiddlewareCountsProcessedAndRefused() async throws {
        let metrics = MetricsMiddleware()
        _ = try await metrics.handle(Self.event(), next: Self.pass)
        _ = try? await metrics.handle(Self.event()) { _ in throw EventRejection(middleware: "x", reason: "no") }
        #expect(metrics.snapshot.processed == ["task_created": 1])
        #expect(metrics.snapshot.refused == ["task_created": 1])
    }

    @Test(arguments: MiddlewarePreset.allCases)
    func presetsPassValidEventsThroughTheBus(preset: MiddlewarePreset) async throws {
        let (service, bus, _) = Fixtures.service(middleware: preset.middleware(logger: Logger(label: "test")))
        #expect(bus.middlewareNames.first == "error-handling")
        let task = try await service.create("through \(preset)")
        #expect(bus.board[task.id] != nil)
    }
}
