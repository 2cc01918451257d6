/// Which browser origins may open a WebSocket: the server's own and those allowed by flag.
/// A request without `Origin` (not a browser) is allowed; its token is what protects it.
struct OriginPolicy: Sendable {
    var allowed: Set<String>

    /// - Parameter host: the `Host` header of the request, which names the server's own origin.
    func permits(origin: String?, host: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return true }
        let normalized = origin.lowercased().trimmingSuffix("/")
        if allowed.contains(where: { $0.lowercased().trimmingSuffix("/") == normalized }) { return true }
        guard let host = host?.lowercased() else { return false }
        return normalized == "http://\(host)" || normalized == "https://\(host)"
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
