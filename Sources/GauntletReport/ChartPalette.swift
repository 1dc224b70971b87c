import GauntletCore

/// Colours that stay apart for colour-blind readers and in greyscale print (Okabe and Ito).
enum ChartPalette {
    static let ink = "#222833"
    static let blue = "#0072B2"
    static let orange = "#E69F00"
    static let green = "#009E73"
    static let vermillion = "#D55E00"
    static let purple = "#CC79A7"
    static let sky = "#56B4E9"
    static let olive = "#8C7A00"
    static let grey = "#7A8594"

    /// A colour for each series beyond the named ones, in order.
    static let cycle = [vermillion, blue, green, orange, purple, sky, olive, grey, ink]

    /// Each error kind keeps its colour from chart to chart.
    static func color(of kind: String) -> String {
        let index = ErrorKind(rawValue: kind).flatMap { ErrorKind.allCases.firstIndex(of: $0) } ?? ErrorKind.allCases.count
        let colors = [vermillion, orange, purple, "#8B0000", olive, sky, blue, "#B8860B", grey, green, "#6A3D9A", ink, "#999999", "#D55E00", "#117733", "#332288", "#AA4499"]
        return colors[index % colors.count]
    }
}
