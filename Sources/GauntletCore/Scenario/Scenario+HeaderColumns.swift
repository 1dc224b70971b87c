extension Scenario {
    /// The columns of data source `source` that fill header values, each with the first header
    /// it fills (`header 'X-Tag' of request 'tagged'`), so reading the file can refuse a value a
    /// header cannot hold (``DataTable/csv(_:headerColumns:)``). A placeholder a candidate fills
    /// is no column.
    public func headerColumns(of source: String) -> [String: String] {
        let variables = Set(candidates.first?.variables.map(\.name) ?? [])
        var columns: [String: String] = [:]
        for request in requests where request.data == source {
            for header in request.headers {
                for name in Placeholder.names(in: header.value) where !variables.contains(name) && columns[name] == nil {
                    columns[name] = "header '\(header.name)' of request '\(request.name)'"
                }
            }
        }
        return columns
    }
}
