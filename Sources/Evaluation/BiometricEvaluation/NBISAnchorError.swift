/// Why the NBIS anchor could not be run or its output not be read.
public enum NBISAnchorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The interpreter is not an executable file.
    case interpreterMissing(path: String)
    /// The anchor script does not exist.
    case scriptMissing(path: String)
    /// The process could not be started.
    case launchFailed(reason: String)
    /// The anchor ran longer than allowed and was stopped.
    case timedOut(seconds: Double)
    /// The anchor exited with a non-zero status; `stderr` is the end of its error output
    /// (a missing libfprint or python3-gi shows there).
    case failed(status: Int32, stderr: String)
    /// The output is not one JSON object.
    case notJSON(reason: String, output: String)
    /// A field of the JSON object is absent or of the wrong type.
    case invalidField(field: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .interpreterMissing(path):
            "NBIS anchor: interpreter \(path) is missing or not executable (expected Debian's /usr/bin/python3)"
        case let .scriptMissing(path):
            "NBIS anchor: script \(path) not found (expected shared/bench/nbis_anchor.py)"
        case let .launchFailed(reason):
            "NBIS anchor: could not start: \(reason)"
        case let .timedOut(seconds):
            "NBIS anchor: no result within \(Int(seconds)) s; stopped"
        case let .failed(status, stderr):
            "NBIS anchor: exited with status \(status) (is libfprint-2-2 / gir1.2-fprint-2.0 / python3-gi installed?): \(stderr)"
        case let .notJSON(reason, output):
            "NBIS anchor output: expected one JSON object, \(reason); output began: \(output)"
        case let .invalidField(field, expected, found):
            "NBIS anchor output field \(field): expected \(expected), found \(found)"
        }
    }
}
