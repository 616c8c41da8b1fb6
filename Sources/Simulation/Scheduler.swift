/// The clock and the two activation queues — everything a process, buffer, resource or
/// monitor needs on the hot path. It references no process strongly (activations are
/// unretained), so they can all hold it strongly without a cycle, and calls into it cost no
/// reference counting.
@usableFromInline
final class Scheduler {
    @usableFromInline var now: Double
    @usableFromInline let calendar = EventCalendar()
    @usableFromInline let ready = ReadyQueue()
    @usableFromInline var sequence: UInt64 = 0

    init(startTime: Double) { now = startTime }

    /// Puts `process` in the calendar for `time`.
    @inlinable
    func schedule(_ process: Process, at time: Double, priority: Int) {
        precondition(time >= now, "cannot schedule '\(process.name)' in the past (\(time) < \(now))")
        precondition(priority >= -0x8000 && priority <= 0x7FFF, "priority \(priority) is outside -32768...32767")
        process.token &+= 1
        process.state = .scheduled
        sequence &+= 1
        calendar.push(
            Activation(
                time: time, order: Activation.order(priority: priority, sequence: sequence),
                process: Unmanaged.passUnretained(process), token: process.token))
    }

    /// Resumes `process` at the current instant, ahead of calendar events of the same time.
    @inlinable
    func makeReady(_ process: Process) {
        process.token &+= 1
        process.state = .ready
        ready.append(Activation(time: now, order: 0, process: Unmanaged.passUnretained(process), token: process.token))
    }
}
