/// What one fuzz input did: refused (with the store unchanged) or accepted whole.
public enum FuzzVerdict: Sendable, Equatable {
    /// The input was refused with a clear error and nothing changed.
    case rejected(String)
    /// The input was accepted and applied whole.
    case applied
}

/// A broken property: the harness found a defect. The libFuzzer wrappers turn it into a crash.
public struct FuzzViolation: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Throws a ``FuzzViolation`` when `condition` is false.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzViolation) {
    if !condition { throw FuzzViolation(message()) }
}
