import SystemSupport

/// Why the gadget could not be set up or served, naming the file or field.
struct GadgetError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// "`call` `path`: text (errno N)".
    static func system(_ call: String, _ path: String, _ error: SystemCallError) -> GadgetError {
        GadgetError(error.message("\(call) \(path)"))
    }
}
