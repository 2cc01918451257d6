import Foundation
import IsomorphiqCore
import Testing
@testable import IsomorphiqTUI

/// Pastes arrive whole (bracketed paste) and go where the user is typing; line breaks belong
/// to the description, which Ctrl-J and `$EDITOR` (Ctrl-O) also edit.
@Suite struct UpdatePasteTests {
    func openForm(_ state: AppState) -> TaskForm? {
        if case .form(let form) = state.overlay { return form }
        return nil
    }

    @Test func severalLinesPastedIntoTheTitleGoOnIntoTheDescription() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        _ = update(&state, .paste("Plan the launch\r\nBook the room\r\nInvite the team\r\n"))
        let form = try #require(openForm(state))
        #expect(form.text(.title) == "Plan the launch")
        #expect(form.text(.description) == "Book the room\nInvite the team")
        let effects = state.press(.enter)
        guard case .create(let new)? = effects.first?.sentCommands?.first?.action else { Issue.record("no create: \(effects)"); return }
        #expect(new.title == "Plan the launch")
        #expect(new.description == "Book the room\nInvite the team", "nothing pasted is lost")
    }

    @Test func aPasteIntoTheDescriptionKeepsItsLines() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Notes")
        state.press(.tab)
        _ = update(&state, .paste("one\ntwo"))
        state.press(.ctrl("j"))
        state.type("three")
        #expect(try #require(openForm(state)).text(.description) == "one\ntwo\nthree")
        let screen = render(state, size: state.size).text
        #expect(screen.contains("one⏎two⏎three"), "\(screen)")
        #expect(screen.contains("3 lines"))
    }

    @Test func lineBreaksPastedIntoAOneLineFieldBecomeSpaces() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.press(.tab, .tab, .tab, .tab)  // tags
        _ = update(&state, .paste("ui\nbackend"))
        #expect(try #require(openForm(state)).text(.tags) == "ui backend")
    }

    @Test func aPasteInTheListOpensANewTaskInsteadOfRunningItsLettersAsKeys() throws {
        var state = Fixture.state()
        let before = state.board
        let effects = update(&state, .paste("dq\nsecond line"))
        #expect(effects.isEmpty, "nothing sent, nothing quit")
        let form = try #require(openForm(state))
        #expect(form.isNew)
        #expect(form.text(.title) == "dq")
        #expect(form.text(.description) == "second line")
        #expect(state.board == before)
    }

    @Test func ctrlJIsEnterOutsideTheDescription() {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("Saved by Ctrl-J")
        let effects = state.press(.ctrl("j"))
        #expect(effects.first?.sentCommands?.count == 1)
    }

    @Test func ctrlOEditsTheDescriptionInTheEditorAndTheResultComesBack() throws {
        var state = Fixture.state()
        state.press(.char("n"))
        state.type("With notes")
        state.press(.tab)
        state.type("draft")
        #expect(state.press(.ctrl("o")) == [.editExternally("draft")])
        _ = update(&state, .edited(.success("first\nsecond\n")))
        let edited = try #require(openForm(state))
        #expect(edited.text(.description) == "first\nsecond", "the editor's final line break is not part of the text")
        #expect(edited.text(.title) == "With notes")
        _ = update(&state, .edited(.failure(ExternalEditError("the editor 'nano' exited with status 1; the description is as it was"))))
        let failed = try #require(openForm(state))
        #expect(failed.text(.description) == "first\nsecond")
        #expect(failed.errorField == .description)
        #expect(failed.error?.contains("exited with status 1") == true)
    }

    @Test func theEditorRunsOnATemporaryFileAndReadsBackWhatItSaved() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("isomorphiq-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("editor.sh")
        try "#!/bin/sh\ncp \"$1\" \"\(dir.path)/seen\"\nprintf 'second line\\n' >> \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        let result = ExternalEditor.edit("first line\n", environment: ["EDITOR": script.path])
        #expect(result == .success("first line\nsecond line\n"))
        #expect(try String(contentsOf: dir.appendingPathComponent("seen"), encoding: .utf8) == "first line\n")
        #expect(ExternalEditor.edit("no break at the end", environment: ["EDITOR": script.path]) == .success("no break at the end\nsecond line\n"))
        let failing = ExternalEditor.edit("x", environment: ["VISUAL": "false"])
        guard case .failure(let error) = failing else { Issue.record("a failing editor was taken as an edit"); return }
        #expect(error.message.contains("exited with status 1"))
    }
}
