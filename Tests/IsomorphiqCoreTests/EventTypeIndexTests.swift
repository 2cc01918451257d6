@testable import IsomorphiqCore
import Testing

@Test func eventTypeIndexIsItsPositionInAllCases() {
    for (position, type) in EventType.allCases.enumerated() {
        #expect(type.index == position, "\(type)")
    }
}
