/// A setting that cannot work as given (caught before anything is opened): printed as is.
struct RuntimeError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
