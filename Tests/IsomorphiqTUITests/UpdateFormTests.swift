import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

@Suite struct UpdateFormTests {
    @Test func newTaskFormCreatesWithEveryField() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Ship it")
        state.press(.tab)
        state.type("all of it")
        state.press(.tab, .ctrl("u"))
        state.type("high")
        state.press(.tab)
        state.type("bob")
        state.press(.tab)
        state.type("release +v1")
        state.press(.tab)
        state.type("2026-12-24")
        state.press(.tab)
        state.type("00000003")
        let effects = state.press(.enter)
        let commands = try #require(effects.first?.sentCommands)
        guard case .create(let new) = commands[0].action else { Issue.record("not a create"); return }
        #expect(new.title == "Ship it")
        #expect(new.description == "all of it")
        #expect(new.priority == .high)
        #expect(new.assignedTo == "bob")
        #expect(new.tags == ["release", "v1"])
        #expect(new.due.map(DueDate.format) == "2026-12-24")
        #expect(new.dependencies == [Fixture.id(3)])
        #expect(state.selectWhenSeen == new.id)
        #expect(state.press(.enter).isEmpty, "a second Enter while saving sends nothing")
    }

    @Test func aLocalRuleKeepsTheFormOpenWithTheInput() {
        var state = Fixture.state()
        state.press(.char("n"))
        let long = String(repeating: "a", count: 201)
        state.type(long)
        #expect(state.press(.enter).isEmpty)
        guard case .form(let form) = state.overlay else { Issue.record("form closed"); return }
        #expect(form.text(.title) == long)
        #expect(form.errorField == .title)
        #expect(form.error?.contains("at most 200") == true)
    }

    @Test("an impossible due date is a form error on the due field, not the next month", arguments: ["2026-02-30", "0000-01-01", "2026-13-01"])
    func impossibleDueDatesStayInTheForm(text: String) {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Dated")
        state.press(.tab, .tab, .tab, .tab, .tab)
        state.type(text)
        #expect(state.press(.enter).isEmpty)
        guard case .form(let form) = state.overlay else { Issue.record("form closed"); return }
        #expect(form.errorField == .due)
        #expect(form.error?.contains("real date") == true)
    }

    @Test func aServerRefusalComesBackIntoTheForm() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Depends on itself")
        state.press(.tab, .tab, .tab, .tab, .tab, .tab)
        state.type("00000006")
        let id = try #require(state.press(.enter).first?.requestID)
        let error = TaskServiceError.validation("adding this dependency would make a cycle: #a → #b → #a", field: "dependencies")
        _ = update(&state, .commandFinished(id: id, .failure(error)))
        guard case .form(let form) = state.overlay else { Issue.record("form closed"); return }
        #expect(form.text(.title) == "Depends on itself")
        #expect(form.focus == .dependencies)
        #expect(!form.submitting)
        #expect(state.screen.contains("would make a cycle"))
    }

    @Test func editSendsOnlyWhatChangedAsOneBatchWithTheVersion() throws {
        var state = Fixture.state()
        let row = state.list.rows.firstIndex(of: Fixture.id(3))!
        state.list.select(row: row, viewHeight: 10)
        state.press(.char("e"))
        state.type(" v2")
        state.press(.tab, .tab, .ctrl("u"))
        state.type("low")
        let commands = try #require(state.press(.enter).first?.sentCommands)
        #expect(commands.map(\.action) == [.update(Fixture.id(3), TaskPatch(title: "Terminal UI v2")), .setPriority(Fixture.id(3), .low)])
        #expect(commands.map(\.expectedVersion) == [1, nil])
    }

    @Test func aConflictSaysWhatHappenedAndEnterAgainOverwrites() throws {
        var state = Fixture.state()
        state.press(.char("e"))
        state.type("!")
        let id = try #require(state.press(.enter).first?.requestID)
        _ = update(&state, .commandFinished(id: id, .failure(.conflict(expected: 1, current: 3))))
        #expect(state.screen.contains("someone changed it"))
        let retry = try #require(state.press(.enter).first?.sentCommands)
        #expect(retry[0].expectedVersion == 3)
    }

    @Test func successClosesTheFormAndSelectsTheNewTask() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Brand new")
        let effect = try #require(state.press(.enter).first)
        guard case .create(let new) = effect.sentCommands![0].action else { return }
        let created = Fixture.event({ f, c in f.taskCreated(TaskItem(id: new.id!, title: "Brand new", createdBy: "alice", createdAt: Fixture.t0), context: c) }, seq: 7, user: "alice")
        _ = update(&state, .event(created))
        _ = update(&state, .commandFinished(id: effect.requestID!, .success([created])))
        #expect(state.overlay == nil)
        #expect(state.list.selectedID == new.id)
        #expect(state.undo.undo.count == 1)
    }

    @Test func escCancelsWithoutSending() {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("never mind")
        #expect(state.press(.escape).isEmpty)
        #expect(state.overlay == nil)
    }
}
