/// Reads CSV as spreadsheets write it: RFC 4180 quoting (separators, doubled quotes and line
/// breaks inside quoted cells), a UTF-8 byte order mark dropped, the separator (`,` `;` or TAB)
/// found from the header row (or named by Excel's `sep=;` first line), and CR, LF or CRLF line
/// ends. Bytes arrive in chunks of any size; each complete row comes with the line where it
/// starts (1-based).
///
/// Cells must be strict UTF-8: anything else (Windows-1252, Latin-1, UTF-16) is refused with its
/// line and the fix, never decoded lossily. A quoted cell keeps its bytes exactly, line breaks
/// included, so that ``CSVWriter`` output reads back unchanged.
///
/// Hand-written rather than from the package mirror: SwiftCSV 0.10 parses a whole `String`
/// (the file in memory, decoded before parsing, so a bad byte has no line); CSV.swift 2.5
/// streams but takes a fixed delimiter and reports bad bytes as `unicodeDecoding` without a
/// position; neither gives the line where a row starts. An import must stream files of any size,
/// find the separator, and name the line of every fault.
public struct CSVReader {
    /// Why the input is not CSV that can be read.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Most bytes in one row, so that a missing quote cannot swallow a whole file.
    public static let maxRowBytes = 1 << 20
    /// Most cells in one row.
    public static let maxCells = 4096
    /// The separators a header may use, in the order that breaks a tie.
    public static let separators: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
    /// What to tell a user whose file is not UTF-8.
    public static let saveAsUTF8 =
        "save the file as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8; LibreOffice: character set Unicode (UTF-8)) and import it again"

    private enum State { case cellStart, unquoted, quoted, quoteInQuoted }
    private static let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// The separator found from the header (`nil` until the header row is complete).
    public private(set) var separator: UInt8?
    private var header: [UInt8] = []
    private var state = State.cellStart
    private var cells: [String] = []
    private var cell: [UInt8] = []
    private var rowStarted = false
    private var rowLine = 1
    private var rowBytes = 0
    private var line = 1
    private var skipLF = false
    private var quotedAfterCR = false
    /// Whether the first row is Excel's `sep=;` hint, which names the separator and is no data.
    private var skipHint = false

    public init() {}

    /// The separator spelled for people: `,`, `;` or TAB.
    public static func name(of separator: UInt8) -> String { separator == 0x09 ? "TAB" : String(Character(Unicode.Scalar(separator))) }

    /// Feeds the next bytes; returns the rows they complete.
    /// - Throws: ``Failure`` with the line of a malformed row or of bytes that are not UTF-8.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [(row: [String], line: Int)] {
        var rows: [(row: [String], line: Int)] = []
        guard separator != nil else {
            header.append(contentsOf: bytes)
            guard Self.headerEnd(header) != nil else {
                guard header.count <= Self.maxRowBytes else { throw Failure(line: 1, message: "a header row longer than 1 MiB") }
                return []
            }
            try startBody(into: &rows)
            return rows
        }
        for byte in bytes { try take(byte, into: &rows) }
        return rows
    }

    /// Call at the end of input: returns the last row when it has no line break.
    /// - Throws: ``Failure`` when a quoted cell is still open.
    public mutating func finish() throws(Failure) -> [(row: [String], line: Int)] {
        var rows: [(row: [String], line: Int)] = []
        if separator == nil { try startBody(into: &rows) }
        if state == .quoted { throw Failure(line: rowLine, message: "a quoted cell is never closed (a missing \")") }
        if rowStarted { try endRow(into: &rows) }
        return rows
    }

    /// Every row of a whole input.
    public static func rows(_ bytes: some Sequence<UInt8>) throws(Failure) -> [(row: [String], line: Int)] {
        var reader = CSVReader()
        var rows = try reader.feed(bytes)
        rows += try reader.finish()
        return rows
    }

    /// Checks the encoding, finds the separator from the header bytes, then reads them.
    private mutating func startBody(into rows: inout [(row: [String], line: Int)]) throws(Failure) {
        var bytes = header[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let headerRow = bytes.prefix(Self.headerEnd(bytes) ?? bytes.count)
        // UTF-16 puts a zero byte beside every ASCII letter of the header.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || headerRow.contains(0) {
            throw Failure(line: 1, message: "the file is UTF-16 text, not UTF-8: \(Self.saveAsUTF8)")
        }
        if headerRow.count == 5, headerRow.starts(with: Array("sep=".utf8)), let hint = headerRow.last, Self.separators.contains(hint) {
            separator = hint
            skipHint = true
        } else {
            separator = Self.detectSeparator(headerRow)
        }
        header = []
        for byte in bytes { try take(byte, into: &rows) }
    }

    /// Where the header row ends: its first line break outside quotes.
    private static func headerEnd(_ bytes: some Collection<UInt8>) -> Int? {
        var inQuotes = false
        for (offset, byte) in bytes.enumerated() {
            if byte == quote { inQuotes.toggle() } else if !inQuotes, byte == cr || byte == lf { return offset }
        }
        return nil
    }

    /// The candidate separator that occurs most often outside quotes in the header.
    static func detectSeparator(_ header: some Sequence<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: separators.count)
        var inQuotes = false
        for byte in header {
            if byte == quote { inQuotes.toggle() }
            if !inQuotes, let index = separators.firstIndex(of: byte) { counts[index] += 1 }
        }
        let best = counts.enumerated().max { $0.element < $1.element || ($0.element == $1.element && $0.offset > $1.offset) }!
        return separators[best.offset]
    }

    private mutating func take(_ byte: UInt8, into rows: inout [(row: [String], line: Int)]) throws(Failure) {
        if skipLF {
            skipLF = false
            if byte == Self.lf { return }
        }
        let byteLine = line
        if byte == Self.cr || (byte == Self.lf && !quotedAfterCR) { line += 1 }
        quotedAfterCR = byte == Self.cr && state == .quoted
        if !rowStarted {
            rowStarted = true
            rowLine = byteLine
            rowBytes = 0
        }
        rowBytes += 1
        guard rowBytes <= Self.maxRowBytes else {
            throw Failure(line: rowLine, message: "a row longer than 1 MiB (is a closing quote missing?)")
        }
        if state == .quoted {
            if byte == Self.quote { state = .quoteInQuoted } else { cell.append(byte) }
            return
        }
        if state == .quoteInQuoted, byte == Self.quote {
            cell.append(byte)
            state = .quoted
            return
        }
        if byte == separator { return try endCell() }
        if byte == Self.cr || byte == Self.lf {
            skipLF = byte == Self.cr
            return try endRow(into: &rows)
        }
        switch state {
        case .quoteInQuoted: throw Failure(line: byteLine, message: "text after the closing quote of a cell: quote the whole cell")
        case .unquoted where byte == Self.quote:
            throw Failure(line: byteLine, message: "a quote inside an unquoted cell: quote the whole cell and double the quote")
        case .cellStart where byte == Self.quote: state = .quoted
        default:
            cell.append(byte)
            state = .unquoted
        }
    }

    private mutating func endCell() throws(Failure) {
        guard cells.count < Self.maxCells else { throw Failure(line: rowLine, message: "more than \(Self.maxCells) cells in a row") }
        guard let text = String(validating: cell, as: UTF8.self) else { throw notUTF8() }
        cells.append(text)
        cell = []
        state = .cellStart
    }

    private mutating func endRow(into rows: inout [(row: [String], line: Int)]) throws(Failure) {
        try endCell()
        if skipHint { skipHint = false } else { rows.append((cells, rowLine)) }
        cells = []
        rowStarted = false
    }

    /// The failure for a cell that is not UTF-8: the line of its first bad byte and what it looks like.
    private func notUTF8() -> Failure {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = cell.makeIterator()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error, .emptyInput: break loop
            }
        }
        let before = cell[..<offset]
        let breaks = before.indices.filter { before[$0] == Self.lf ? ($0 == 0 || before[$0 - 1] != Self.cr) : before[$0] == Self.cr }
        let context = String(decoding: before.suffix(24), as: UTF8.self)
        let hex = cell[offset...].prefix(1).map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return Failure(
            line: rowLine + breaks.count,
            message:
                "cell \(cells.count + 1) has a byte that is not UTF-8 (\(hex) after \"\(context)\"): the file looks like Windows-1252 or Latin-1; \(Self.saveAsUTF8)"
        )
    }
}
