/// Server-sent events (the `text/event-stream` of the WHATWG HTML standard, §9.2) read
/// incrementally: bytes go in as the network hands them over, in pieces of any size, and each
/// event comes out as soon as the blank line that ends it arrives — so its arrival time is the
/// time of that piece, which is what time to first token and inter-token latency are made of.
///
/// Lines end in CR LF, LF or CR (a CR at the end of one piece and an LF at the start of the next
/// are one line end). `data:` lines are joined with line feeds, `event:` names the type, `id:` is
/// kept, comments (`:` first) and unknown fields are ignored, and one space after the colon is
/// dropped, as the standard says.
public struct ServerSentEventParser: Sendable {
    public struct Event: Sendable, Equatable {
        /// `message` unless an `event:` line named it.
        public var type: String
        public var data: String
        public var id: String?

        public init(type: String = "message", data: String, id: String? = nil) {
            self.type = type
            self.data = data
            self.id = id
        }
    }

    /// The current line's bytes, across pieces.
    private var line: [UInt8] = []
    /// The last piece ended in CR: an LF starting the next one belongs to that line end.
    private var endedInCarriageReturn = false
    /// The event being gathered.
    private var data: [UInt8] = []
    private var hasData = false
    private var type: String?
    private var lastID: String?
    private var atStart = true

    public init() {}

    /// Whether the stream so far stops inside an event: a line or an event without the blank
    /// line that would end it. True at the end of a stream means it was cut off.
    public var isInsideAnEvent: Bool { !line.isEmpty || hasData || type != nil }

    /// Reads `bytes`, handing each event completed by them to `emit`, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (Event) -> Void) {
        var start = bytes.startIndex
        if atStart, !bytes.isEmpty {
            // A byte order mark at the very start is not part of the first line.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
            atStart = false
        }
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A && endedInCarriageReturn {
                endedInCarriageReturn = false
                index += 1
                continue
            }
            endedInCarriageReturn = false
            if byte == 0x0A || byte == 0x0D {
                endedInCarriageReturn = byte == 0x0D
                endLine(emit)
            } else {
                line.append(byte)
            }
            index += 1
        }
    }

    /// Convenience for tests and small inputs.
    public mutating func feed(_ text: String, _ emit: (Event) -> Void) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { feed(UnsafeRawBufferPointer($0), emit) }
    }

    /// Forgets everything, for the next answer on a reused transfer.
    public mutating func reset() { self = ServerSentEventParser() }

    private mutating func endLine(_ emit: (Event) -> Void) {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else {
            dispatch(emit)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }  // a comment
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = line[..<colon]
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex && line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            type = String(decoding: value, as: UTF8.self)
        case "id":
            // An id with a NUL is ignored, as the standard says.
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default:
            break  // retry and unknown fields: nothing a load generator acts on
        }
    }

    private mutating func dispatch(_ emit: (Event) -> Void) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            type = nil
        }
        guard hasData else { return }
        emit(Event(type: type ?? "message", data: String(decoding: data, as: UTF8.self), id: lastID))
    }
}
