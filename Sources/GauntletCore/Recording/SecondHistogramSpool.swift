import Foundation
import Synchronization

/// A run's per-second histograms, written to an unlinked temporary file as each second closes
/// rather than held in memory: they are read once, for the saved result, and at thousands of
/// requests a second they come to ~1.7 KB a second (8% growth of the generator over 30 minutes,
/// 150 MB over a day).
///
/// If the file cannot be made or written, the seconds are kept in memory instead: a spool is a
/// saving, never a way to lose a second.
public final class SecondHistogramSpool: Sendable {
    private struct Place {
        var offset: Int64
        var length: Int
    }

    private struct State {
        var places: [Int: Place] = [:]
        var end: Int64 = 0
        var inMemory: [Int: SecondHistograms] = [:]
    }

    /// The open, already unlinked file; -1 when none could be made.
    private let descriptor: Int32
    private let state = Mutex(State())

    public init(folder: String = NSTemporaryDirectory()) {
        var template = Array(((folder.hasSuffix("/") ? folder : folder + "/") + "gauntlet-seconds-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Whether seconds go to disk (false: the file could not be made, so they stay in memory).
    public var isOnDisk: Bool { descriptor >= 0 }

    public func store(_ histograms: SecondHistograms) {
        guard descriptor >= 0, let data = try? JSONEncoder().encode(histograms) else {
            state.withLock { $0.inMemory[histograms.second] = histograms }
            return
        }
        state.withLock { state in
            let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(state.end)) }
            guard written == data.count else {
                state.inMemory[histograms.second] = histograms
                return
            }
            state.places[histograms.second] = Place(offset: state.end, length: data.count)
            state.end += Int64(data.count)
        }
    }

    /// The histograms stored for `second`, nil if none were.
    public func load(second: Int) -> SecondHistograms? {
        state.withLock { state in
            if let kept = state.inMemory[second] { return kept }
            guard let place = state.places[second] else { return nil }
            var data = Data(count: place.length)
            let read = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, place.length, off_t(place.offset)) }
            // Our own file, open since it was written: a short read is a broken disk, and a
            // saved result with a second missing would be wrong, so it is not papered over.
            guard read == place.length, let histograms = try? JSONDecoder().decode(SecondHistograms.self, from: data) else {
                preconditionFailure("the per-second histogram spool could not be read back (second \(second))")
            }
            return histograms
        }
    }
}
