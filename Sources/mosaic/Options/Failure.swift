import ArgumentParser
import Foundation
import MosaicStore

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
            // Thrown while running, argument-parser would print the *root* command's usage after it,
            // which says nothing of this command: the message, then where its options are.
            var standardError = FileHandle.standardError
            print("error: \(validation.message)", to: &standardError)
            print("(add --help to this command for its options)", to: &standardError)
            throw ExitCode.validationFailure
        } catch {
            var standardError = FileHandle.standardError
            // A full disk reached through a path that did not name it yet still reads as words, not SQL.
            print("error: \(StoreError.explaining(error, path: nil))", to: &standardError)
            throw ExitCode.failure
        }
    }
}
