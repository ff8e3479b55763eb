/// Splits a top-level JSON array into its elements as bytes arrive, so that a large import
/// file is never held whole in memory. Each element comes with the line where it starts. A UTF-8
/// byte order mark at the start is dropped; UTF-16 is refused with the fix.
public struct JSONArraySplitter {
    /// Why the input is not a JSON array of values.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    private enum Phase { case beforeArray, betweenElements, inElement, afterArray }
    private var phase = Phase.beforeArray
    private var element: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var line = 1
    private var elementLine = 1
    /// Bytes seen so far, and how many of them were a UTF-8 byte order mark (dropped, as Windows tools write it).
    private var offset = 0
    private var byteOrderMark = 0
    private static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Largest element accepted.
    static let maxElementBytes = 1 << 20

    public init() {}

    /// Feeds the next bytes; returns the elements completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [(bytes: [UInt8], line: Int)] {
        var completed: [(bytes: [UInt8], line: Int)] = []
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            offset += 1
            switch phase {
            case .beforeArray:
                if offset == byteOrderMark + 1, byteOrderMark < 3, byte == Self.utf8ByteOrderMark[byteOrderMark] {
                    byteOrderMark += 1
                    continue
                }
                if Self.isSpace(byte) { continue }
                guard byte != 0xFF, byte != 0xFE, byte != 0 else {
                    throw Failure(line: line, message: "the file is UTF-16 text, not UTF-8: save it as UTF-8 and import it again")
                }
                guard byte == UInt8(ascii: "[") else {
                    throw Failure(line: line, message: "a JSON import file must be an array: [ {…}, {…} ]")
                }
                phase = .betweenElements
            case .betweenElements:
                if Self.isSpace(byte) || byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") { phase = .afterArray; continue }
                phase = .inElement
                elementLine = line
                element = []
                depth = 0
                try take(byte, into: &completed)
            case .inElement:
                try take(byte, into: &completed)
            case .afterArray:
                guard Self.isSpace(byte) else { throw Failure(line: line, message: "data after the closing ]") }
            }
        }
        return completed
    }

    /// Call at the end of input: fails when the array is not closed.
    public func finish() throws(Failure) {
        guard phase == .afterArray else { throw Failure(line: line, message: "the file ends before the closing ]") }
    }

    private mutating func take(_ byte: UInt8, into completed: inout [(bytes: [UInt8], line: Int)]) throws(Failure) {
        if depth == 0, !inString, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
            completed.append((element, elementLine))
            phase = byte == UInt8(ascii: "]") ? .afterArray : .betweenElements
            return
        }
        element.append(byte)
        guard element.count <= Self.maxElementBytes else { throw Failure(line: elementLine, message: "a record larger than 1 MiB") }
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 {
                completed.append((element, elementLine))
                element = []
                phase = .betweenElements
            }
        default: break
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
