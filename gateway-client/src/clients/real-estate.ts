// Typed client of the real-estate chaincode: filled in by its issue.
export {};
