import Foundation
import IsomorphiqCore
@testable import IsomorphiqServer
import Testing

@Suite("WebSocket: resume", .timeLimit(.minutes(1)))
struct WebSocketResumeTests {
    /// Reads event seqs until `resumed` (or the end), returning them and the `resumed` message.
    static func replayed(_ ws: WSProbe) async -> ([Int], JSONValue?) {
        var seqs: [Int] = []
        while let message = await ws.next() {
            if let seq = message["seq"]?.int, message["event"] != nil { seqs.append(seq) }
            if message["type"]?.stringValue == "resumed" || message["type"]?.stringValue == "resync_required" { return (seqs, message) }
        }
        return (seqs, nil)
    }

    @Test("?since=SEQ replays the missed events in order, then continues live with no gap and no duplicate")
    func since() async throws {
        let fixture = try TestServer()
        for index in 1...5 { try await fixture.createTask("before \(index)") }
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http, query: "token=\(TestServer.aliceToken)&since=2")
            let welcome = try #require(await ws.next())
            #expect(welcome["seq"]?.int == 5)
            let (seqs, resumed) = await Self.replayed(ws)
            #expect(seqs == [3, 4, 5])
            #expect(resumed?["replayed"]?.int == 3)
            for index in 6...8 { try await fixture.createTask("after \(index)") }
            var live: [Int] = []
            while live.count < 3, let message = await ws.next() { if let seq = message["seq"]?.int, message["event"] != nil { live.append(seq) } }
            #expect(live == [6, 7, 8])
            try await ws.close()
        }
    }

    @Test("Events committed while a replay runs arrive once, after it, in order")
    func concurrentWrites() async throws {
        let fixture = try TestServer()
        for index in 1...300 { try await fixture.createTask("seed \(index)") }
        try await fixture.live { ports in
            let writer = Task {
                for index in 1...100 { try await fixture.createTask("during \(index)") }
            }
            let ws = try await WSProbe(port: ports.http, query: "token=\(TestServer.aliceToken)&since=0")
            try await writer.value
            var seqs: [Int] = []
            while seqs.last != 400, let message = await ws.next() {
                if let seq = message["seq"]?.int, message["event"] != nil { seqs.append(seq) }
            }
            #expect(seqs == Array(1...400))
            try await ws.close()
        }
    }

    @Test("{type: resume} on an open connection replays after afterSeq")
    func resumeMessage() async throws {
        let fixture = try TestServer()
        for index in 1...3 { try await fixture.createTask("t\(index)") }
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http)
            _ = await ws.next(type: "welcome")
            try await ws.send(#"{"type":"resume","afterSeq":1}"#)
            let (seqs, resumed) = await Self.replayed(ws)
            #expect(seqs == [2, 3])
            #expect(resumed?["type"]?.stringValue == "resumed")
            try await ws.close()
        }
    }

    @Test("When the store no longer holds the events, the client is told resync_required")
    func resyncRequired() async throws {
        let fixture = try TestServer(storeCapacity: 3)
        for index in 1...6 { try await fixture.createTask("t\(index)") }
        try await fixture.live { ports in
            let ws = try await WSProbe(port: ports.http, query: "token=\(TestServer.aliceToken)&since=1")
            let (seqs, message) = await Self.replayed(ws)
            #expect(seqs.isEmpty)
            #expect(message?["type"]?.stringValue == "resync_required")
            #expect(message?["firstSeq"]?.int == 4)
            try await fixture.createTask("live again")
            #expect(await ws.next(type: "task_created")?["seq"]?.int == 7)
            try await ws.close()
        }
    }
}
