/// Why and when a process was interrupted, and how much of its hold was left — what a
/// machine needs to resume (preempt-resume) or restart (preempt-restart) its cycle.
public struct Interrupt {
    public enum Cause {
        /// A more urgent request took the resource this process was using; the process no
        /// longer holds it and must request it again.
        case preempted(resource: Resource, by: Process)
        /// A model-defined reason, such as a breakdown or an operator call.
        case signal(String)
    }

    public let cause: Cause
    public let time: Double
    /// The unexpired part of the hold in progress, or nil when the process was not holding.
    public let remainingHold: Double?
    /// True when the process was blocked on a put whose item had just been admitted: the put
    /// is done even though the process had not yet resumed to see it.
    public let completedPut: Bool
}
