/// Which browser origins may open a WebSocket: the server's own and those allowed by flag.
///
/// Only browser origins are checked (`http://…`, `https://…`, `null`): a browser cannot forge
/// them, and a page on another site must not ride on a token it learnt. Requests without
/// `Origin`, or with another scheme (native clients such as `ws://host`), are allowed; their
/// token is what protects them.
struct OriginPolicy: Sendable {
    var allowed: Set<String>

    /// - Parameter host: the `Host` header of the request, which names the server's own origin.
    func permits(origin: String?, host: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return true }
        let normalized = origin.lowercased().trimmingSuffix("/")
        guard normalized == "null" || normalized.hasPrefix("http://") || normalized.hasPrefix("https://") else { return true }
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
