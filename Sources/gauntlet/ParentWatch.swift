import Dispatch
import Foundation

/// Calls back once if this process's parent goes away (it is re-parented): how the embedded
/// server stops even when the run that started it crashed and could not stop it by pid.
final class ParentWatch: @unchecked Sendable {  // the timer is only touched in init and deinit
    static let interval: DispatchTimeInterval = .milliseconds(500)
    private let timer: any DispatchSourceTimer

    init(onOrphaned: @escaping @Sendable () -> Void) {
        let parent = getppid()
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
        timer.setEventHandler { [timer] in
            guard getppid() != parent else { return }
            timer.cancel()
            Console.error("gauntlet serve: the process that started this server is gone; stopping")
            onOrphaned()
        }
        timer.resume()
    }

    deinit { timer.cancel() }
}
