import ArgumentParser
import Foundation

/// A user-facing failure: printed as `error: …` on standard error, exit status 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body, turning the library's errors into one clear line and exit status 1.
enum CommandRunner {
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let validation as ValidationError {
            throw validation
        } catch {
            var standardError = FileHandle.standardError
            print("error: \(error)", to: &standardError)
            throw ExitCode.failure
        }
    }
}
