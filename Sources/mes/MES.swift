import ArgumentParser

/// The JetMES command line.
@main
struct MES: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mes",
        abstract: "JetMES: a manufacturing execution system core with a digital-twin test bed.",
        subcommands: [SimulateCommand.self, ReportCommand.self, ServeCommand.self, TrainCommand.self, ValidateCommand.self, DemoCommand.self, LoadTestCommand.self, OPCUACommand.self])
}
