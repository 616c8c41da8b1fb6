import Foundation
import MESReports
import Testing
@testable import Twin

@Suite("Same scenario and seed, same results; variants under common random numbers")
struct DeterminismTests {
    @Test("kpis.json is byte-identical across runs, whatever the thread scheduling")
    func byteIdentical() throws {
        let loaded = try load(scenarioPath("compressor-disk-line.yaml"))
        let first = try TwinRunner.run(loaded, seed: 99, replications: 2).document.json()
        let second = try TwinRunner.run(loaded, seed: 99, replications: 2).document.json()
        #expect(first == second)
        let other = try TwinRunner.run(loaded, seed: 100, replications: 2).document.json()
        #expect(first != other, "another seed gives other figures")
    }

    @Test("a variant that changes the second machine leaves the first machine's run untouched")
    func commonRandomNumbers() throws {
        let loaded = try load(scenarioPath("validation/tandem.yaml"))
        let variant = try #require(loaded.scenario.variants.first)
        for replication in 0..<2 {
            let base = try TwinReplication.run(TwinModel(loaded), replication: replication, seed: 5)
            let changed = try TwinReplication.run(TwinModel(loaded, variant: variant), replication: replication, seed: 5)
            let baseFirst = try #require(base.kpis.machines.first { $0.id == "M-FIRST" })
            let changedFirst = try #require(changed.kpis.machines.first { $0.id == "M-FIRST" })
            #expect(baseFirst == changedFirst)
            #expect(base.kpis.workCenters.first { $0.id == "WC-FIRST" } == changed.kpis.workCenters.first { $0.id == "WC-FIRST" })
            let baseSecond = try #require(base.kpis.machines.first { $0.id == "M-SECOND" })
            let changedSecond = try #require(changed.kpis.machines.first { $0.id == "M-SECOND" })
            #expect(baseSecond.failures == 0 && changedSecond.failures > 0, "the variant's change does take effect")
        }
    }
}
