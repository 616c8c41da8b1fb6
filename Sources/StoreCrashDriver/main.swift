import Foundation
import MESCore
import MESSampleData
import MESStore

// Usage: StoreCrashDriver DATABASE [full|normal]
// Executes the sample workload against a SQLite journal forever, printing "ack N" after each
// command whose journal entry N has been committed. The durability test kills it with SIGKILL
// at an arbitrary moment and checks that every acknowledged entry survived, whole.
/// Written unbuffered, so an acknowledgement is out as soon as its commit is.
func acknowledge(_ sequence: Int) { FileHandle.standardOutput.write(Data("ack \(sequence)\n".utf8)) }

let arguments = CommandLine.arguments
guard arguments.count >= 2, let durability = SQLiteJournalStore.Durability(rawValue: arguments.count > 2 ? arguments[2] : "full") else {
    FileHandle.standardError.write(Data("usage: StoreCrashDriver DATABASE [full|normal]\n".utf8))
    exit(64)
}
do {
    let engine = try MESEngine(store: SQLiteJournalStore(path: arguments[1], durability: durability))
    var workload = SampleWorkload(start: Date(timeIntervalSince1970: 1_767_225_600))
    if engine.journalLength == 0 {
        let (command, actor) = workload.setup()
        try engine.execute(command, by: actor, at: workload.time)
        acknowledge(engine.journalLength)
    }
    while true {
        let (command, actor, time) = workload.next(in: engine.state)
        try engine.execute(command, by: actor, at: time)
        acknowledge(engine.journalLength)
    }
} catch {
    FileHandle.standardError.write(Data("StoreCrashDriver: \(error)\n".utf8))
    exit(1)
}
