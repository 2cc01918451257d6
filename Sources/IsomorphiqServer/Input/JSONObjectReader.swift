import Foundation
import IsomorphiqCore

/// Reads the fields of one JSON object strictly: each accessor checks the type and says which
/// field is wrong; `finish()` refuses fields nobody asked for.
struct JSONObjectReader {
    private let fields: [String: JSONValue]
    private let path: String
    private var read: Set<String> = []

    /// - Throws: `InputError` unless `value` is an object.
    init(_ value: JSONValue, path: String = "") throws(InputError) {
        guard case .object(let fields) = value else { throw InputError("\(path.isEmpty ? "the body" : path) must be a JSON object", field: path.isEmpty ? nil : path) }
        self.fields = fields
        self.path = path
    }

    /// Parses `data` as one JSON object.
    static func parse(_ data: some Collection<UInt8>) throws(InputError) -> JSONObjectReader {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(data)) } catch { throw InputError("the body is not valid JSON") }
        return try JSONObjectReader(value)
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether the field is present (even as `null`).
    func has(_ key: String) -> Bool { fields[key] != nil }

    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        return fields[key]
    }

    mutating func string(_ key: String) throws(InputError) -> String? {
        switch value(key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw InputError("\(name(key)) must be a string", field: name(key))
        }
    }

    mutating func requiredString(_ key: String) throws(InputError) -> String {
        guard let text = try string(key) else { throw InputError("\(name(key)) is required", field: name(key)) }
        return text
    }

    /// `nil` when absent, `.some(nil)` when `null`: the difference between "leave" and "clear".
    mutating func nullableString(_ key: String) throws(InputError) -> String?? {
        guard has(key) else { _ = value(key); return nil }
        return .some(try string(key))
    }

    mutating func int(_ key: String) throws(InputError) -> Int? {
        switch value(key) {
        case nil, .null?: return nil
        case .number(let number)?:
            guard number == number.rounded(), abs(number) < 1e15 else { throw InputError("\(name(key)) must be an integer", field: name(key)) }
            return Int(number)
        default: throw InputError("\(name(key)) must be an integer", field: name(key))
        }
    }

    mutating func strings(_ key: String) throws(InputError) -> [String]? {
        switch value(key) {
        case nil, .null?: return nil
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw InputError("\(name(key)) must be an array of strings", field: name(key)) }
                result.append(text)
            }
            return result
        default: throw InputError("\(name(key)) must be an array of strings", field: name(key))
        }
    }

    mutating func taskID(_ key: String) throws(InputError) -> TaskID? {
        guard let text = try string(key) else { return nil }
        guard let id = UUID(uuidString: text) else { throw InputError("\(name(key)) must be a task id (UUID)", field: name(key)) }
        return id
    }

    mutating func requiredTaskID(_ key: String) throws(InputError) -> TaskID {
        guard let id = try taskID(key) else { throw InputError("\(name(key)) is required", field: name(key)) }
        return id
    }

    mutating func taskIDs(_ key: String) throws(InputError) -> Set<TaskID>? {
        guard let texts = try strings(key) else { return nil }
        var ids: Set<TaskID> = []
        for text in texts {
            guard let id = UUID(uuidString: text) else { throw InputError("\(name(key)) must hold task ids (UUIDs)", field: name(key)) }
            ids.insert(id)
        }
        return ids
    }

    mutating func date(_ key: String) throws(InputError) -> Date?? {
        guard has(key) else { _ = value(key); return nil }
        guard let text = try string(key) else { return .some(nil) }
        guard let date = Timestamp.parseDay(text) else {
            throw InputError("\(name(key)) must be a real date, YYYY-MM-DD or an ISO-8601 time in years 0001–9999", field: name(key))
        }
        return .some(date)
    }

    mutating func status(_ key: String) throws(InputError) -> TaskStatus? {
        guard let text = try string(key) else { return nil }
        guard let status = TaskStatus(rawValue: text) else {
            throw InputError("\(name(key)) must be one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: name(key))
        }
        return status
    }

    mutating func priority(_ key: String) throws(InputError) -> TaskPriority? {
        guard let text = try string(key) else { return nil }
        guard let priority = TaskPriority(rawValue: text) else {
            throw InputError("\(name(key)) must be one of \(TaskPriority.allCases.map(\.rawValue).joined(separator: ", "))", field: name(key))
        }
        return priority
    }

    mutating func object(_ key: String) throws(InputError) -> JSONObjectReader? {
        guard let value = value(key), value != .null else { return nil }
        return try JSONObjectReader(value, path: name(key))
    }

    mutating func array(_ key: String) throws(InputError) -> [JSONValue]? {
        switch value(key) {
        case nil, .null?: return nil
        case .array(let items)?: return items
        default: throw InputError("\(name(key)) must be an array", field: name(key))
        }
    }

    /// - Throws: when the object has a field no accessor read.
    func finish() throws(InputError) {
        let unknown = Set(fields.keys).subtracting(read)
        guard unknown.isEmpty else {
            let first = unknown.sorted()[0]
            throw InputError("unknown field \(name(first))", field: name(first))
        }
    }
}
