import Simulation

/// The kernel's process class; Foundation has a `Process` too, so files importing both use this name.
typealias KernelProcess = Process
