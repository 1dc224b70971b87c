import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a call (stop the load), so the run still ends with a
/// summary of what was measured, then an exit code that says it was interrupted.
final class SignalForwarder: @unchecked Sendable {  // sources are only touched in init
    private let sources: [any DispatchSourceSignal]
    private let receivedSignal = Atomic<Int32>(0)

    init(onSignal: @escaping @Sendable () -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [self] in
                receivedSignal.store(number, ordering: .relaxed)
                onSignal()
            }
            source.resume()
        }
    }

    /// The signal that arrived, if any.
    var received: Int32? {
        let value = receivedSignal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
