import ServiceLifecycle

extension IsomorphiqServer {
    func makeTCPServer() -> (any Service)? { nil }
}
