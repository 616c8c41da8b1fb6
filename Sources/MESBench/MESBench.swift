import ArgumentParser

/// Release-built benchmarks of JetMES; each subcommand prints its figures.
@main
struct MESBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mes-bench",
        abstract: "JetMES benchmarks (build with -c release).",
        subcommands: [KernelBenchmark.self, CoreBenchmark.self, TwinBenchmark.self, APIBenchmark.self])
}
