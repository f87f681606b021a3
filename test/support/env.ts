// Imported before any Fabric module: fabric-contract-api and fabric-shim read
// their log level once, when their loggers are created.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';
process.env.CORE_CHAINCODE_LOGGING_SHIM ??= 'WARNING';
