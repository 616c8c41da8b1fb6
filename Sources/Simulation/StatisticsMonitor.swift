/// A statistic collected during a run that the end of the warm-up period starts afresh.
public protocol StatisticsMonitor: AnyObject {
    func resetStatistics(at time: Double)
}
