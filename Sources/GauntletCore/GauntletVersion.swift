/// The version reported in the user agent, summaries and reports.
public enum GauntletVersion {
    public static let current = "0.1.0"
}
