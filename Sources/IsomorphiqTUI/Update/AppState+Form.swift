import IsomorphiqCore
import Foundation

extension AppState {
    /// Typing, moving between fields, and Enter to submit. The form stays open until the
    /// command succeeds; a refusal comes back into it with the fields as typed.
    mutating func handleFormKey(_ key: Key, _ form: inout TaskForm) -> [Effect] {
        var effects: [Effect] = []
        switch key {
        case .tab, .down: form.focusNext()
        case .backTab, .up: form.focusPrevious()
        case .ctrl("j") where form.focus == .description:
            if !form.submitting { form.values[.description, default: LineEditor()].insert("\n") }
        case .ctrl("o"):
            guard !form.submitting else { break }
            form.focus = .description
            effects = [.editExternally(form.text(.description))]
        case .enter, .ctrl("s"), .ctrl("j"):
            guard !form.submitting else { break }
            do {
                let commands = try formCommands(form)
                guard !commands.isEmpty else {
                    overlay = nil
                    say("nothing changed")
                    return []
                }
                form.error = nil
                form.errorField = nil
                form.submitting = true
                effects = send(commands, as: .form)
                if case .create(let new) = commands[0].action { selectWhenSeen = new.id }
            } catch {
                form.error = error.message
                form.errorField = error.field.flatMap(TaskForm.Field.init(rawValue:))
                if let field = form.errorField { form.focus = field }
            }
        default:
            guard !form.submitting else { break }
            let before = form.text(form.focus)
            form.edit(key)
            // An error about this field is answered by editing it; one about the whole form stays.
            if form.error != nil, form.errorField == form.focus, form.text(form.focus) != before {
                form.error = nil
                form.errorField = nil
            }
        }
        overlay = .form(form)
        return effects
    }

    /// The commands a form asks for: one create, or the edits as one batch (the first carries
    /// the version the form was opened at, so a change made meanwhile is a conflict).
    /// - Throws: `TaskServiceError` for what can be checked here, naming the field.
    func formCommands(_ form: TaskForm) throws(TaskServiceError) -> [TaskCommand] {
        let title: String
        do { title = try TaskFieldRules.title(form.text(.title)) } catch let error as TaskServiceError { throw error } catch { throw .validation("\(error)") }
        let description = form.text(.description)
        guard let priority = TaskPriority.allCases.first(where: { !form.text(.priority).isEmpty && $0.rawValue.hasPrefix(form.text(.priority).lowercased().trimmingCharacters(in: .whitespaces)) }) else {
            throw .validation("priority must be low, medium or high", field: TaskForm.Field.priority.rawValue)
        }
        let assigneeText = form.text(.assignee).trimmingCharacters(in: .whitespaces)
        let assignee: UserID? = assigneeText.isEmpty ? nil : assigneeText
        let tags = Set(form.text(.tags).split(separator: " ").map { String($0.hasPrefix("+") ? $0.dropFirst() : $0) })
        let dueText = form.text(.due).trimmingCharacters(in: .whitespaces)
        let due = dueText.isEmpty ? nil : DueDate.parse(dueText)
        if !dueText.isEmpty, due == nil { throw .validation("due must be a real date like 2026-12-31 (years 0001–9999)", field: TaskForm.Field.due.rawValue) }
        var dependencies: Set<TaskID> = []
        for word in form.text(.dependencies).split(separator: " ") {
            let found = board.tasks(withIDPrefix: String(word))
            guard found.count == 1 else {
                throw .validation(found.isEmpty ? "no task #\(word)" : "#\(word) names \(found.count) tasks; type more of its id", field: "dependencies")
            }
            dependencies.insert(found[0].id)
        }
        guard let id = form.taskID else {
            let new = NewTask(id: TaskID(), title: title, description: description, priority: priority, assignedTo: assignee,
                watchers: [], dependencies: dependencies, tags: tags, due: due)
            return [TaskCommand(.create(new))]
        }
        guard let task = board[id] else { throw .validation("the task was deleted meanwhile") }
        var actions: [TaskAction] = []
        let patch = TaskPatch(
            title: title == task.title ? nil : title,
            description: description == (task.description ?? "") ? nil : .some(description.isEmpty ? nil : description),
            tags: tags == task.tags ? nil : tags,
            due: dueText == (task.due.map(DueDate.format) ?? "") ? nil : .some(due))
        if patch != TaskPatch() { actions.append(.update(id, patch)) }
        if priority != task.priority { actions.append(.setPriority(id, priority)) }
        if assignee != task.assignedTo { actions.append(.assign(id, assignee)) }
        for gone in task.dependencies.subtracting(dependencies).sorted(by: { $0.uuidString < $1.uuidString }) {
            actions.append(.removeDependency(id, dependsOn: gone))
        }
        for added in dependencies.subtracting(task.dependencies).sorted(by: { $0.uuidString < $1.uuidString }) {
            actions.append(.addDependency(id, dependsOn: added))
        }
        return actions.enumerated().map { index, action in
            TaskCommand(action, expectedVersion: index == 0 ? form.expectedVersion : nil)
        }
    }
}
