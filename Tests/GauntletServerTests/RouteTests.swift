import GauntletServer
import Testing

@Suite struct RouteTests {
    @Test(arguments: [
        ("GET", "/v2/health/live", Route.live),
        ("GET", "/v2/health/ready", .ready),
        ("GET", "/v2", .serverMetadata),
        ("GET", "/v2/", .serverMetadata),
        ("GET", "/v2/models/digits-mlp", .modelMetadata(name: "digits-mlp", version: nil)),
        ("GET", "/v2/models/digits-mlp/versions/2", .modelMetadata(name: "digits-mlp", version: "2")),
        ("GET", "/v2/models/digits-mlp/ready", .modelReady(name: "digits-mlp", version: nil)),
        ("GET", "/v2/models/digits-mlp/versions/1/ready", .modelReady(name: "digits-mlp", version: "1")),
        ("GET", "/v2/models/digits-mlp/config", .modelConfig(name: "digits-mlp")),
        ("POST", "/v2/models/digits-mlp/infer", .infer(name: "digits-mlp", version: nil)),
        ("POST", "/v2/models/digits-mlp/versions/1/infer?x=1", .infer(name: "digits-mlp", version: "1")),
    ] as [(String, String, Route)])
    func knownPathsRoute(method: String, path: String, route: Route) {
        #expect(Route(method: method, path: path) == route)
    }

    @Test(arguments: [
        ("GET", "/"), ("GET", "/v1/models/m"), ("POST", "/v2/health/live"), ("GET", "/v2/models/m/infer"),
        ("POST", "/v2/models/m/versions/infer"), ("GET", "/v2/models"), ("DELETE", "/v2/models/m"),
        ("GET", "/v2/models/m/versions/1/extra"),
    ])
    func unknownPathsDoNot(method: String, path: String) {
        #expect(Route(method: method, path: path) == nil)
    }
}
