import Foundation
import MESCore
import MESStore
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import MESReports

/// The chart drawing is small; these pin down its geometry, its escaping and that nothing
/// undefined (NaN, infinity) can reach a page.
@Suite("SVG charts and the HTML page")
struct ChartAndPageTests {
    func wellFormed(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

    /// Whether `text` shows a NaN or an infinity as a word ("maintenance" does not count).
    func showsNonFinite(_ text: String) -> Bool {
        text.range(of: #"(?i)(?<![a-z])(nan|-?inf(inity)?)(?![a-z])"#, options: .regularExpression) != nil
    }

    @Test("bars scale to the largest value and print it; labels are escaped")
    func bars() {
        let svg = SVGCharts.bars([("a<b", 10), ("c", 5)], unit: " h")
        #expect(wellFormed(svg))
        #expect(svg.contains("a&lt;b") && !svg.contains("a<b"))
        // Bar area is 560 − 170 − 60 = 330 wide: 10 → 330, 5 → 165.
        #expect(svg.contains("width=\"330.00\"") && svg.contains("width=\"165.00\""))
        #expect(svg.contains(">10 h<") && svg.contains(">5 h<"))
        let pareto = SVGCharts.bars([("x", 3), ("y", 1)], cumulative: true)
        #expect(pareto.contains("(75 % cum.)") && pareto.contains("(100 % cum.)"))
    }

    @Test("a waterfall's losses hang from the level they take it down from")
    func waterfall() {
        let svg = SVGCharts.waterfall([("total", 10, true), ("loss", -4, false), ("rest", 6, true)], width: 300)
        #expect(wellFormed(svg))
        // Scale (300 − 120 − 60) / 10 = 12: the loss spans x = 120 + 6·12 … 120 + 10·12.
        #expect(svg.contains("x=\"192.00\"") && svg.contains("width=\"48.00\""))
        #expect(svg.contains("−4.0 h") && svg.contains(">10.0 h<"))
    }

    @Test("degenerate data gives finite, well-formed charts", arguments: [[Double](), [5, 5, 5], [.nan, 1, .infinity], [0]])
    func degenerate(values: [Double]) {
        let charts = [
            SVGCharts.lines([("s", values)], step: 1, yLabel: "y"), SVGCharts.histogram(values, unit: " h"),
            SVGCharts.controlChart(values.filter(\.isFinite), center: 5, lower: 5, upper: 5, specification: (nil, nil), flagged: [0]),
            SVGCharts.bars(values.enumerated().map { ("v\($0.offset)", $0.element) }), SVGCharts.gantt([], hours: 0),
        ]
        for svg in charts {
            #expect(wellFormed(svg), "\(svg.prefix(120))")
            #expect(!showsNonFinite(svg), "\(svg.prefix(200))")
        }
    }

    @Test("an empty run (nothing released, the one machine never up) renders: every undefined figure says why, no NaN anywhere")
    func emptyRun() throws {
        let engine = try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly)
        let start = Date(timeIntervalSince1970: 1_767_592_800)
        try engine.execute(.loadMasterData(MasterData(equipment: [Equipment(id: "M-1", equipmentClass: "x", workCenter: "WC", state: .stopped)])),
                           by: Actor(id: "admin", name: "Admin", roles: [.systemAdministrator]), at: start)
        var analysis = MESRecordAnalysis(from: start, to: start.addingTimeInterval(3_600))
        for entry in try engine.store.entries() { analysis.read(entry.events, at: entry.time) }
        let (kpis, detail) = analysis.finishWithDetail()
        let document = KPIDocument(scenario: "empty", seed: 1, replications: 1, horizonHours: 1, warmupHours: 0, dispatching: "fifo", plant: PlantKPIs([kpis]),
                                   machines: MachineKPIs.of([kpis]), workCenters: WorkCenterKPIs.of([kpis]), variants: [])
        let input = ReportInput(document: document, description: nil, base: .init(name: "base", runs: [kpis], details: [detail]), variants: [],
                                specifications: [:], source: "test")
        let html = try HTMLReport.render(input)
        #expect(!showsNonFinite(html))
        #expect(html.contains("no work order completed in the window") && html.contains("no serial finished in the window"))
        #expect(html.contains("undefined"))
        let json = String(decoding: try document.json(), as: UTF8.self)
        #expect(json.contains("\"mean\" : null") && !json.contains("NaN"))
        for (name, csv) in CSVTables.tables(input) { #expect(!showsNonFinite(csv), "\(name)") }
    }
}
