import MosaicFuzzHarness

/// libFuzzer's entry point for the json-import target (see MosaicFuzzHarness.FuzzTarget.jsonImport).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzDriver.run(.jsonImport, data, size)
}
