import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

/// The task list's cells at every width: a cut cell ends in `…`, and a blank always separates it
/// from the next column ("Write the quarterly re@bob", "日本@李雷", "+backend +12-05" before).
@Suite struct ListColumnTests {
    static let board = TaskBoard(tasks: [
        Fixture.task(1, "Write the quarterly report for the whole board of directors", assignee: "bob"),
        Fixture.task(2, "日本語のとても長いタスクの名前です日本語のとても長いタスク", assignee: "李雷"),
        Fixture.task(3, "Tags", assignee: "averyveryverylongname", tags: ["backend", "frontend", "ops"], due: Fixture.t0.addingTimeInterval(86_400 * 6)),
        Fixture.task(4, "Next year", due: Fixture.t0.addingTimeInterval(86_400 * 60)),
    ], lastSeq: 4)

    @Test(arguments: [TerminalSize(width: 200, height: 50), TerminalSize(width: 120, height: 40), TerminalSize(width: 80, height: 24), TerminalSize(width: 60, height: 20)])
    func cellsNeverRunTogether(size: TerminalSize) throws {
        let screen = Fixture.state(size, board: Self.board).screen
        let rows = screen.split(separator: "\n").map(String.init)
        // The list's rows (the detail pane beside it shows the selected title too).
        func row(_ n: Int) throws -> String { try #require(rows.first { $0.contains(String(format: "%08x todo", n)) }, "\(size):\n\(screen)") }
        let long = try row(1), wide = try row(2), tags = try row(3)
        for row in [long, wide, tags] {
            // No cell's text touches the next one: every "@" and "+" starts after a blank.
            for (index, character) in row.enumerated() where character == "@" || (character == "+" && row[row.index(row.startIndex, offsetBy: index - 1)] != "+") {
                let before = row[row.index(row.startIndex, offsetBy: index - 1)]
                #expect(before == " " || before == "│", "\(size): \(row)")
            }
        }
        // The long title is cut, and says so.
        #expect(long.contains("…"), "\(size): \(long)")
        #expect(wide.contains("…"), "\(size): \(wide)")
        if size.width >= 120 { #expect(long.contains("@bob")) }
        // A due date in another year never shows as a bare month and day.
        let next = try row(4)
        #expect(next.contains("2027"), "\(size): \(next)")
        #expect(try row(3).contains("12-06"), "\(size)")
    }

    @Test func fitCountsColumnsNotCharacters() {
        #expect(TextFit.fit("日本語", 4) == "日…")
        #expect(TextFit.fit("日本語", 6) == "日本語")
        #expect(TextFit.cell("abcdef", 4) == "ab… ")
        #expect(TextFit.cell("ab", 4) == "ab  ")
        #expect(TextFit.cell("abc", 4) == "abc ")
        #expect(CharacterWidth.of(TextFit.cell("日本語のタスク", 7)) == 7)
    }
}
