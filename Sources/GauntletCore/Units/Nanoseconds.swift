/// Time offsets and spans inside a run, in nanoseconds.
///
/// Every instant in a run is an offset from the run's start, so schedules stay
/// pure values and never depend on a wall clock.
public typealias Nanoseconds = UInt64

public enum TimeUnit {
    public static let nanosecondsPerMicrosecond: UInt64 = 1_000
    public static let nanosecondsPerMillisecond: UInt64 = 1_000_000
    public static let nanosecondsPerSecond: UInt64 = 1_000_000_000
}

extension UInt64 {
    /// This many nanoseconds as (fractional) seconds.
    @inlinable public var nanosecondsAsSeconds: Double { Double(self) / 1e9 }
    /// This many nanoseconds as (fractional) milliseconds.
    @inlinable public var nanosecondsAsMilliseconds: Double { Double(self) / 1e6 }
}
