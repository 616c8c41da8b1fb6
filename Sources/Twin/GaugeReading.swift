import Foundation
import MESCore

/// What the twin's gauge showed a trainee on one inspection's part: one value per
/// characteristic, taken once (the first time it was asked for) and kept, so asking again shows
/// the same and the score can set what the trainee recorded against what they were shown.
public struct GaugeReading: Codable, Sendable, Equatable {
    public var inspectionId: String
    public var serial: String
    public var planId: String
    /// The value shown, by characteristic id, rounded to the gauge's resolution.
    public var values: [String: Double]
    /// Simulated hours when the part was measured.
    public var hours: Double
    /// MES journal entries before the reading: results in later entries were recorded after the
    /// trainee had looked, those in earlier ones before.
    public var journalLength: Int

    public init(inspectionId: String, serial: String, planId: String, values: [String: Double], hours: Double, journalLength: Int) {
        self.inspectionId = inspectionId
        self.serial = serial
        self.planId = planId
        self.values = values
        self.hours = hours
        self.journalLength = journalLength
    }

    /// The gauge's display step for `characteristic`. Plant files name no gauge resolution, so it
    /// is the tolerance band's hundredth rounded down to a power of ten: a digital gauge reading
    /// one decade finer than the 10:1 rule asks (±0.02 mm → 0.0001 mm, ±0.05 mm → 0.001 mm). A
    /// one-sided characteristic's band is its limit's distance from nominal.
    public static func resolution(of characteristic: Characteristic) -> Double {
        let band: Double
        switch (characteristic.lowerLimit, characteristic.upperLimit) {
        case (let lower?, let upper?): band = upper - lower
        case (let lower?, nil): band = abs(characteristic.nominal - lower)
        case (nil, let upper?): band = abs(upper - characteristic.nominal)
        case (nil, nil): band = 0
        }
        let usable = band.isFinite && band > 0 ? band : max(abs(characteristic.nominal), 1)
        // The nudge keeps an exact power of ten (0.1 / 100) from falling a decade on rounding error;
        // parsed from its decimal form, the step is the Double nearest to it (0.001 == 1e-3).
        let exponent = Int((log10(usable / 100) + 1e-9).rounded(.down))
        return Double("1e\(exponent)") ?? pow(10, Double(exponent))
    }

    /// Decimal places that show a value of `resolution` exactly (0 for a step of 1 or more).
    public static func decimals(of resolution: Double) -> Int { max(0, Int((-log10(resolution)).rounded())) }

    /// `value` as the gauge displays it: rounded to `resolution`, as the nearest Double to that
    /// decimal (so it prints as the display shows it), never -0.
    public static func displayed(_ value: Double, resolution: Double) -> Double {
        let places = decimals(of: resolution)
        let rounded = resolution >= 1 ? (value / resolution).rounded() * resolution : Double(String(format: "%.\(places)f", value)) ?? value
        return rounded + 0.0
    }
}
