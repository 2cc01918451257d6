public import DequeModule
public import IsomorphiqCore
import Foundation

/// The live event feed: the newest `capacity` events, newest last. While paused, new events
/// are still kept (and counted) but the view stays where it was.
public struct EventFeed: Sendable {
    public static let capacity = 2_000

    public private(set) var events: Deque<Event> = []
    public var paused = false
    /// Events that arrived since the feed was paused.
    public private(set) var unseen = 0
    /// How many matching lines the view is scrolled up from the bottom (only while paused).
    public var scrollBack = 0
    /// `nil` shows every type.
    public var types: Set<EventType>?

    public init() {}

    public mutating func append(_ event: Event) {
        events.append(event)
        if events.count > Self.capacity { events.removeFirst() }
        if paused, types?.contains(event.type) ?? true {
            unseen += 1
            if scrollBack > 0 { scrollBack += 1 }
        }
    }

    public mutating func togglePause() {
        paused.toggle()
        if !paused {
            unseen = 0
            scrollBack = 0
        }
    }

    /// The events the type filter lets through, oldest first.
    public var visible: [Event] {
        guard let types else { return Array(events) }
        return events.filter { types.contains($0.type) }
    }

    /// At most `count` visible events, ending `scrollBack` lines from the newest (while paused).
    /// Copies only what it returns when no type filter is set.
    public func window(count: Int) -> [Event] {
        let back = paused ? scrollBack : 0
        guard types == nil else {
            let all = visible
            let end = max(0, all.count - back)
            return Array(all[max(0, end - count)..<end])
        }
        let end = max(0, events.count - back)
        return Array(events[max(0, end - count)..<end])
    }

    /// Scrolls by `delta` lines (positive is older). Scrolling pauses the feed.
    public mutating func scroll(by delta: Int) {
        if !paused, delta > 0 { paused = true }
        scrollBack = max(0, min(visible.count - 1, scrollBack + delta))
    }

    /// Reads a type list such as `status created client` into types (prefix or label match).
    public static func parseTypes(_ text: String) -> Set<EventType>? {
        let words = text.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        var result: Set<EventType> = []
        for word in words {
            for type in EventType.allCases where type.rawValue.contains(word) || EventLine.label(for: type).hasPrefix(word) {
                result.insert(type)
            }
        }
        return result
    }
}
