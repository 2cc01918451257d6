import IsomorphiqCore
import Foundation

extension AppState {
    /// A paste goes where the user is typing, as text. In the list (no field open) it opens a
    /// new task with it, never runs its letters as commands; Enter saves, Esc drops it.
    mutating func handlePaste(_ raw: String) -> [Effect] {
        let text = TaskForm.unifyLineBreaks(raw)
        let oneLine = text.replacingOccurrences(of: "\n", with: " ")
        switch overlay {
        case .form(var form):
            guard !form.submitting else { return [] }
            form.paste(text)
            overlay = .form(form)
        case .prompt(var prompt):
            prompt.editor.insert(oneLine)
            overlay = .prompt(prompt)
        case .palette(var palette):
            palette.search.insert(oneLine)
            palette.cursor = 0
            overlay = .palette(palette)
        case .picker(var picker):
            picker.search.insert(oneLine)
            picker.cursor = 0
            overlay = .picker(picker)
        case .help, .messages, .confirmDelete:
            break
        case nil:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !layout.isTooSmall else { return [] }
            var form = TaskForm()
            form.paste(text.trimmingCharacters(in: .whitespacesAndNewlines))
            overlay = .form(form)
            say("pasted into a new task: Enter saves it, Esc drops it")
        }
        return []
    }

    /// `$EDITOR` came back: its text replaces the description (without the final line break
    /// editors add); a failure is the form's error, with the description as it was.
    mutating func finishExternalEdit(_ result: Result<String, ExternalEditError>) {
        guard case .form(var form) = overlay else { return }
        switch result {
        case .success(let text):
            var edited = TaskForm.unifyLineBreaks(text)
            if edited.hasSuffix("\n") { edited.removeLast() }
            form.values[.description, default: LineEditor()].replace(with: edited)
            if form.errorField == .description { form.error = nil; form.errorField = nil }
        case .failure(let error):
            form.error = error.message
            form.errorField = .description
        }
        form.focus = .description
        overlay = .form(form)
    }
}
