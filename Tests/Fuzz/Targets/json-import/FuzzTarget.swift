import LibFuzzerDriver
import MosaicFuzzHarness

/// libFuzzer's callback for the json-import target (see MosaicFuzzHarness.FuzzTarget.jsonImport).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzDriver.run(.jsonImport, data, size)
}

/// The entry point SwiftPM links as `main` for this executable: hands over to libFuzzer's driver.
@_cdecl("fuzz_json_import_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput)
}
