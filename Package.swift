// swift-tools-version: 6.0
import PackageDescription

var targets: [Target] = [
  // The engine: the article's equations, steppable through time. Imports nothing but Swift.
  .target(name: "RNN"),
  // LAPACK, from Debian's liblapacke-dev, through its C interface LAPACKE.
  .systemLibrary(name: "CLapack", providers: [.apt(["liblapacke-dev"])]),
  // Matrices and their spectra (eigenvalues, singular values) over LAPACK, for a model's
  // W_hh. Kept out of RNN, which imports nothing but Swift.
  .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
  // The REPL's brain: commands, session state, rendering to strings, lessons. No terminal.
  .target(name: "Tutor", dependencies: ["RNN", "LinearAlgebra"]),
  // libedit, from Debian's libedit-dev.
  .systemLibrary(
    name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
  // The executable: arguments, libedit, files, signals, exit codes. Thin.
  .executableTarget(
    name: "minirnn",
    dependencies: [
      "Tutor", "CEditLine",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
  // Prints speed figures; never run as a test (machines here are shared and noisy).
  .executableTarget(name: "minirnn-bench", dependencies: ["RNN", "Tutor"]),
  // Assertions the test targets share (tolerances for Doubles).
  .target(name: "TestSupport", path: "Tests/TestSupport"),
  .testTarget(name: "RNNTests", dependencies: ["RNN", "TestSupport"]),
  // RNN only for its seeded generator, SplitMix64.
  .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "RNN", "TestSupport"]),
  // Golden/ holds the expected output of golden tests, read by path, not built.
  .testTarget(name: "TutorTests", dependencies: ["Tutor", "TestSupport"], exclude: ["Golden"]),
  .testTarget(name: "minirnnTests", dependencies: ["minirnn"]),
]

// The fuzz target links against libFuzzer's driver, so a plain build must not see it:
// `MINIRNN_FUZZ=1 swift build --product minirnn-fuzz -Xswiftc -sanitize=fuzzer,address …`
// Three targets: the command path, the lesson parser and a lesson walk, and `load`.
if Context.environment["MINIRNN_FUZZ"] != nil {
  targets.append(.target(name: "FuzzDriver", dependencies: ["Tutor"], path: "Fuzz/Driver"))
  for (name, folder) in [
    ("minirnn-fuzz", "Commands"), ("minirnn-fuzz-lessons", "Lessons"), ("minirnn-fuzz-load", "Load"),
  ] {
    targets.append(
      .executableTarget(name: name, dependencies: ["Tutor", "FuzzDriver"], path: "Fuzz/" + folder))
  }
}

let package = Package(
  name: "minirnn",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "minirnn", targets: ["minirnn"]),
    .library(name: "RNN", targets: ["RNN"]),
    .library(name: "Tutor", targets: ["Tutor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
  ],
  targets: targets,
  swiftLanguageModes: [.v6]
)
