// swift-tools-version:6.2
// PayLinks: one package, no package dependencies. The toolchain plus the C system libraries libpq,
// OpenSSL and libcurl are all we build on (see DESIGN.md §1).

import PackageDescription

/// Settings applied to every Swift target.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .treatAllWarnings(as: .error),
]

/// A library target under `Libraries/<name>`.
func library(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Libraries/\(name)", swiftSettings: swiftSettings)
}

/// A test target under `Tests/<name>`.
func tests(_ name: String, _ dependencies: [Target.Dependency], exclude: [String] = []) -> Target {
    .testTarget(
        name: name,
        dependencies: dependencies,
        path: "Tests/\(name)",
        exclude: exclude,
        swiftSettings: swiftSettings
    )
}

/// A service under `Services/<name>`: the library `<Name>Service`, the executable `<name>` (only
/// `Main/Entrypoint.swift`) and the test target `<Name>ServiceTests`.
func service(
    _ name: String,
    _ dependencies: [Target.Dependency],
    testDependencies: [Target.Dependency] = []
) -> [Target] {
    let module = name.prefix(1).uppercased() + name.dropFirst() + "Service"
    return [
        .target(
            name: module,
            dependencies: dependencies,
            path: "Services/\(name)/\(module)",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: name,
            dependencies: [.target(name: module), "ServiceRuntime"],
            path: "Services/\(name)/Main",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(module)Tests",
            dependencies: [.target(name: module)] + testDependencies,
            path: "Tests/\(module)Tests",
            swiftSettings: swiftSettings
        ),
    ]
}

/// What every service library builds on.
let serviceBase: [Target.Dependency] = [
    "ServiceRuntime", "ServiceIdentity", "HTTPRouter", "HTTPCore", "ConfigKit", "LogKit", "MetricsKit",
]

/// What every service test target uses.
let serviceTestBase: [Target.Dependency] = [
    "ServiceRuntime", "ServiceIdentity", "HTTPRouter", "HTTPCore", "ConfigKit", "LogKit", "TestSupport",
]

/// A module of the Stripe sandbox under `Tools/stripe-sandbox/<folder>`.
func sandbox(_ name: String, _ folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(
        name: name,
        dependencies: dependencies + [
            "ServiceRuntime", "HTTPRouter", "HTTPCore", "Postgres", "ConfigKit", "LogKit", "MetricsKit",
        ],
        path: "Tools/stripe-sandbox/\(folder)",
        swiftSettings: swiftSettings
    )
}

/// What every sandbox test target uses.
let sandboxTestBase: [Target.Dependency] = [
    "StripeSandboxCore", "StripeSandboxTesting", "TestSupport", "HTTPCore", "Postgres",
]

let package = Package(
    name: "paylinks",
    products: [
        .executable(name: "paylinks", targets: ["paylinks"]),
        .executable(name: "auth", targets: ["auth"]),
        .executable(name: "catalog", targets: ["catalog"]),
        .executable(name: "payments", targets: ["payments"]),
        .executable(name: "messaging", targets: ["messaging"]),
        .executable(name: "gateway", targets: ["gateway"]),
        .executable(name: "stripe-sandbox", targets: ["stripe-sandbox"]),
    ],
    targets: [
        // MARK: C modules
        .target(name: "CLinux", path: "Libraries/CSystem/CLinux"),
        .systemLibrary(
            name: "CLibPQ",
            path: "Libraries/CSystem/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            path: "Libraries/CSystem/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Libraries/CSystem/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // MARK: Libraries, layer 1: cross-cutting facades
        library("LogKit"),
        library("MetricsKit"),
        library("ConfigKit"),

        // MARK: Libraries, layer 2: lifecycle and the event loop
        library("LifecycleKit", ["CLinux", "LogKit"]),
        library("NetCore", ["CLinux", "LogKit"]),

        // MARK: Libraries, layer 3: pure protocol code
        library("HTTPCore"),
        library("Cryptography", ["COpenSSL"]),
        library("ConnectionPool", ["LogKit"]),

        // MARK: Libraries, layer 4: I/O
        library("HTTPServer", ["HTTPCore", "NetCore", "LogKit", "LifecycleKit"]),
        library("HTTPClient", ["CCurl", "HTTPCore", "LogKit", "LifecycleKit"]),
        library("Postgres", ["CLibPQ", "ConnectionPool", "LogKit", "LifecycleKit", "Cryptography"]),
        library("JWT", ["Cryptography"]),
        library("HTTPUpstream", ["HTTPCore", "NetCore", "LogKit"]),
        library("ServiceIdentity", ["Cryptography", "HTTPCore"]),
        library("MailKit", ["CCurl", "LogKit", "Cryptography"]),
        library("OpenIDConnect", ["HTTPClient", "HTTPCore", "JWT", "Cryptography", "LogKit"]),

        // MARK: Libraries, layer 5-6: routing and the standard service boot
        library("HTTPRouter", ["HTTPCore", "HTTPServer", "LogKit", "MetricsKit"]),
        library(
            "ServiceRuntime",
            [
                "HTTPRouter", "HTTPServer", "HTTPCore", "Postgres", "ConnectionPool", "ConfigKit", "LogKit",
                "MetricsKit", "LifecycleKit", "ServiceIdentity", "NetCore", "HTTPUpstream",
            ]
        ),

        library("JobQueue", ["Postgres", "LogKit", "LifecycleKit", "MetricsKit"]),
        library("ObjectStorage", ["Cryptography", "HTTPCore"]),

        // MARK: Test support
        library(
            "TestSupport",
            [
                "HTTPCore", "HTTPServer", "HTTPRouter", "Postgres", "LogKit", "NetCore", "ServiceRuntime",
                "ServiceIdentity", "ConfigKit",
            ]
        ),

        // MARK: Tools
        .target(
            name: "Launcher",
            dependencies: [
                "ConfigKit", "LogKit", "LifecycleKit", "HTTPClient", "HTTPCore", "ServiceIdentity",
            ],
            path: "Tools/Launcher",
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "paylinks",
            dependencies: ["Launcher", "ConfigKit", "LogKit"],
            path: "Tools/paylinks",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "http-test-server",
            dependencies: ["HTTPServer", "HTTPCore", "NetCore", "LogKit", "LifecycleKit"],
            path: "Tools/http-test-server",
            swiftSettings: swiftSettings
        ),

        // MARK: Development tools: the Stripe-compatible sandbox (DESIGN §5)
        sandbox("StripeSandboxCore", "Core", ["JobQueue", "Cryptography", "HTTPServer", "LifecycleKit"]),
        sandbox("StripeSandboxConnect", "Connect", ["StripeSandboxCore"]),
        sandbox("StripeSandboxPayments", "Payments", ["StripeSandboxCore"]),
        sandbox("StripeSandboxBilling", "Billing", ["StripeSandboxCore", "StripeSandboxPayments"]),
        sandbox(
            "StripeSandboxWebhooks",
            "Webhooks",
            ["StripeSandboxCore", "HTTPClient", "JobQueue", "Cryptography", "LifecycleKit"]
        ),
        sandbox(
            "StripeSandbox",
            "StripeSandbox",
            [
                "StripeSandboxCore", "StripeSandboxConnect", "StripeSandboxPayments", "StripeSandboxBilling",
                "StripeSandboxWebhooks",
            ]
        ),
        .target(
            name: "StripeSandboxTesting",
            dependencies: ["StripeSandboxCore", "TestSupport", "ServiceRuntime", "HTTPCore", "LogKit", "Postgres"],
            path: "Tools/stripe-sandbox/Testing",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "stripe-sandbox",
            dependencies: ["StripeSandbox", "ServiceRuntime"],
            path: "Tools/stripe-sandbox/Main",
            swiftSettings: swiftSettings
        ),

        // MARK: Services
    ]
        + service(
            "auth",
            serviceBase + ["Postgres", "JWT", "Cryptography", "OpenIDConnect", "HTTPUpstream"],
            testDependencies: serviceTestBase + ["Postgres", "JWT", "Cryptography", "HTTPUpstream"]
        )
        + service(
            "catalog",
            serviceBase + ["Postgres", "Cryptography", "HTTPClient", "ObjectStorage", "JobQueue"],
            testDependencies: serviceTestBase + ["Postgres", "Cryptography", "ObjectStorage"]
        )
        + service("payments", serviceBase + ["Postgres"], testDependencies: serviceTestBase + ["Postgres"])
        + service(
            "messaging",
            serviceBase + ["Postgres", "JobQueue", "MailKit", "Cryptography"],
            testDependencies: serviceTestBase + ["Postgres", "JobQueue", "MailKit"]
        )
        + service(
            "gateway",
            serviceBase + ["HTTPUpstream", "HTTPServer", "JWT", "Cryptography", "NetCore"],
            testDependencies: serviceTestBase + ["HTTPUpstream", "HTTPServer", "JWT", "NetCore"]
        )
        + [
            // MARK: Tests
            tests(
                "EndToEndTests",
                [
                    "TestSupport", "HTTPCore", "LogKit", "Cryptography", "ServiceIdentity", "JWT", "Launcher",
                    "paylinks", "auth", "catalog", "payments", "messaging", "gateway", "stripe-sandbox",
                ]
            ),
            tests(
                "StripeSandboxTests",
                ["StripeSandbox", "StripeSandboxCore", "StripeSandboxTesting", "TestSupport", "HTTPCore"],
                exclude: ["Python"]
            ),
            tests("StripeSandboxConnectTests", sandboxTestBase + ["StripeSandboxConnect"]),
            tests("StripeSandboxPaymentsTests", sandboxTestBase + ["StripeSandboxPayments"]),
            tests("StripeSandboxBillingTests", sandboxTestBase + ["StripeSandboxBilling", "StripeSandboxPayments"]),
            tests(
                "StripeSandboxWebhooksTests",
                sandboxTestBase + ["StripeSandboxWebhooks", "HTTPServer", "Cryptography", "LogKit", "NetCore"]
            ),
            tests("HTTPUpstreamTests", ["HTTPUpstream", "HTTPCore", "HTTPServer", "NetCore", "LogKit", "TestSupport"]),
            tests("ObjectStorageTests", ["ObjectStorage", "Cryptography", "HTTPCore", "TestSupport"]),
            tests("JobQueueTests", ["JobQueue", "Postgres", "LogKit", "LifecycleKit", "MetricsKit", "TestSupport"]),
            tests("MailKitTests", ["MailKit", "LogKit", "TestSupport"]),
            tests(
                "OpenIDConnectTests",
                ["OpenIDConnect", "HTTPClient", "JWT", "Cryptography", "LogKit", "TestSupport"]
            ),
            tests("ServiceIdentityTests", ["ServiceIdentity", "Cryptography", "HTTPCore"]),
            tests("LogKitTests", ["LogKit"]),
            tests("LauncherTests", ["Launcher", "LifecycleKit", "LogKit", "ConfigKit", "ServiceIdentity"]),
            tests("MetricsKitTests", ["MetricsKit"]),
            tests("ConfigKitTests", ["ConfigKit"]),
            tests("LifecycleKitTests", ["LifecycleKit", "LogKit"]),
            tests("NetCoreTests", ["NetCore", "LogKit"]),
            tests("HTTPCoreTests", ["HTTPCore"], exclude: ["Fixtures"]),
            tests("CryptographyTests", ["Cryptography"]),
            tests("ConnectionPoolTests", ["ConnectionPool", "LogKit"]),
            tests(
                "HTTPServerTests",
                ["HTTPServer", "HTTPCore", "NetCore", "LogKit", "LifecycleKit", "TestSupport", "http-test-server"]
            ),
            tests("HTTPClientTests", ["HTTPClient", "HTTPCore", "LogKit", "LifecycleKit", "TestSupport"]),
            tests("PostgresTests", ["Postgres", "ConnectionPool", "LogKit", "TestSupport"]),
            tests("JWTTests", ["JWT", "Cryptography"]),
            tests("HTTPRouterTests", ["HTTPRouter", "HTTPCore", "HTTPServer", "LogKit", "MetricsKit", "TestSupport"]),
            tests(
                "ServiceRuntimeTests",
                [
                    "ServiceRuntime", "HTTPRouter", "HTTPServer", "HTTPCore", "ConfigKit", "MetricsKit", "LogKit",
                    "TestSupport", "Postgres",
                ]
            ),
        ]
)
