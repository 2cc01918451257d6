import IsomorphiqCore
import Foundation

/// The live event feed, newest at the bottom, coloured by type. While paused the title says
/// how many events arrived since.
struct FeedView {
    let state: AppState

    func draw(into screen: inout ScreenBuffer, in rect: Rect) {
        let feed = state.feed
        var title = "Events"
        if let types = feed.types { title += " [\(types.map { EventLine.label(for: $0) }.sorted().joined(separator: " "))]" }
        title += feed.paused ? " — PAUSED, \(feed.unseen) new (p to follow)" : " — following"
        screen.box(rect, title: title, focused: state.focus == .feed)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        for (row, event) in feed.window(count: inner.height).enumerated() {
            let prefix = EventLine.prefix(event, in: state.timeZone)
            let used = screen.write(prefix, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 1, style: EventLine.style(for: event.type, theme: state.theme).with { $0.dim = true })
            screen.write(" " + EventLine.summary(event), x: inner.x + 1 + used, y: inner.y + row, maxWidth: inner.width - 1 - used, style: EventLine.style(for: event.type, theme: state.theme))
        }
    }
}
