import MosaicFuzzHarness

/// libFuzzer's entry point for the csv-import target (see MosaicFuzzHarness.FuzzTarget.csvImport).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.csvImport, data, size)
}
