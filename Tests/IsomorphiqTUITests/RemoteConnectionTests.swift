import Foundation
import IsomorphiqSource
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

/// What a remote source's connection and client list do to the UI.
@Suite struct RemoteConnectionTests {
    static func statusLine(_ state: AppState) -> String {
        let screen = render(state, size: state.size)
        let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= 2 ? String(lines[lines.count - 2]) : ""
    }

    @Test func aLostConnectionShowsInTheStatusBarAndGoesWhenLive() {
        var state = Fixture.state(TerminalSize(width: 200, height: 60))
        state.status.serverURL = "http://10.0.0.2:3002"
        _ = update(&state, .connection(.lost(reason: "connection refused", retryAt: Fixture.t0, attempt: 2)))
        #expect(Self.statusLine(state).contains("OFFLINE http://10.0.0.2:3002: connection refused"), "\(Self.statusLine(state))")
        _ = update(&state, .connection(.connecting(attempt: 2)))
        #expect(Self.statusLine(state).contains("reconnecting to http://10.0.0.2:3002 (attempt 2)"))
        _ = update(&state, .connection(.live))
        #expect(!Self.statusLine(state).contains("OFFLINE"))
        #expect(Self.statusLine(state).contains("http://10.0.0.2:3002"))
    }

    @Test func theClientListIsReplacedThenFollowsPresence() {
        var state = Fixture.state()
        let old = ClientPresence(connectionId: "c1", user: "gone", program: "browser", address: "a", at: Fixture.t0)
        _ = update(&state, .event(Fixture.event({ f, _ in f.clientConnected(old) }, seq: 0)))
        let now = [
            ClientPresence(connectionId: "c3", user: "bob", program: "isomorphiq-tui", address: "b", at: Fixture.t0.addingTimeInterval(5)),
            ClientPresence(connectionId: "c2", user: "alice", program: "python", address: "c", at: Fixture.t0),
        ]
        _ = update(&state, .clients(now))
        #expect(state.clients.clients.map(\.user) == ["alice", "bob"])
        _ = update(&state, .event(Fixture.event({ f, _ in f.clientDisconnected(now[0]) }, seq: 0)))
        #expect(state.clients.clients.map(\.user) == ["alice"])
    }
}
