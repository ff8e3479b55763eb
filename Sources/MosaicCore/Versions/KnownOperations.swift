/// What this build understands beyond the base operations of protocol `major.0`: the protocol
/// version it speaks and, for each operation kind added by a later minor version, how it maps onto
/// the base operations the merge knows.
///
/// A node gets one at start (``current`` in every shipped build) and passes it to the decoder and
/// the apply. Tests inject another, to play a node of a newer minor version.
public struct KnownOperations: Sendable {
    /// Maps an operation of a newer kind onto a base operation, or `nil` when it is not valid.
    public typealias Interpretation = @Sendable (UnknownOperation) -> CatalogueOperation?

    /// The protocol version this build speaks.
    public let version: ProtocolVersion
    let interpretations: [String: Interpretation]

    /// This build: protocol ``ProtocolVersion/current`` and no operation kind beyond the base ones.
    public static let current = KnownOperations(version: .current, interpretations: [:])

    /// - Parameters:
    ///   - version: the protocol version the node speaks (same major as ``ProtocolVersion/current``).
    ///   - interpretations: operation kind (`op`) → how it applies.
    public init(version: ProtocolVersion, interpretations: [String: Interpretation]) {
        self.version = version
        self.interpretations = interpretations
    }

    /// The base operation `operation` means, checked as strictly as a base operation read from a
    /// commit (so an interpretation can never bring an invalid value into the view); `nil` when this
    /// build does not understand it.
    public func interpret(_ operation: UnknownOperation, origin: MemberID) -> CatalogueOperation? {
        guard let interpretation = interpretations[operation.kind], let base = interpretation(operation),
            base.record == operation.record, (try? CommitDecoder.decodeOperation(base.json, origin: origin)) == base
        else { return nil }
        return base
    }
}
