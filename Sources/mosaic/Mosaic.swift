import ArgumentParser
import MosaicCore

/// The `mosaic` command: one node of the Mosaic federation, from the command line.
@main
struct Mosaic: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mosaic",
        abstract:
            "A federation sync service for the catalogue of good practices and joint projects of a network of child-protection organisations.",
        version: MosaicVersion.current,
        subcommands: [
            ConfigCommand.self, KeysCommand.self, RecordCommand.self, SearchCommand.self, ConflictsCommand.self, ProposalsCommand.self,
            ImportCommand.self, ExportCommand.self, BundleCommand.self, SyncCommand.self, StatusCommand.self, UserCommand.self,
            TokenCommand.self, Serve.self, Demo.self,
            BackupCommand.self, RestoreCommand.self,
            MembersCommand.self,
            InitCommand.self,
        ]
    )
}
