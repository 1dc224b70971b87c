/// One finished request, as the engine saw it. Times are offsets from the run's start.
public struct Completion: Sendable, Equatable {
    /// When the schedule said the request was due.
    public var intended: Nanoseconds
    /// When the generator actually started it (≥ intended; later when it waited for a connection).
    public var sent: Nanoseconds
    /// When the response (or the failure) was seen.
    public var finished: Nanoseconds
    /// The HTTP status, or 0 when no response arrived.
    public var status: Int
    /// Set when the request failed.
    public var error: ErrorKind?

    public init(intended: Nanoseconds, sent: Nanoseconds, finished: Nanoseconds, status: Int, error: ErrorKind?) {
        self.intended = intended
        self.sent = sent
        self.finished = finished
        self.status = status
        self.error = error
    }

    /// Latency as a user experiences it: from the intended send time. It includes
    /// any wait inside the generator, so a stalled server cannot hide queued requests.
    public var latency: Nanoseconds { finished &- intended }
    /// Time on the wire: from the actual send.
    public var serviceTime: Nanoseconds { finished &- sent }
    /// How late the send started.
    public var scheduleLag: Nanoseconds { sent &- intended }
}
