import IsomorphiqCore
import Foundation
import IsomorphiqSource

/// Remote clients connected to the server: user, program, address and since when.
struct ClientsView {
    let state: AppState

    func draw(into screen: inout ScreenBuffer, in rect: Rect) {
        screen.box(rect, title: "Clients (\(state.clients.count))", focused: state.focus == .clients)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        if state.clients.count == 0 {
            screen.write(state.status.serverURL == nil ? "no server" : "none connected", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, style: .dim)
            return
        }
        for (row, client) in state.clients.clients.prefix(inner.height).enumerated() {
            let line = "\(EventLine.pad(client.user, 8)) \(EventLine.pad(client.program, 14)) \(EventLine.pad(client.address, 21)) \(TimeText.clock(client.at, in: state.timeZone))"
            screen.write(line, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 1)
        }
    }
}
